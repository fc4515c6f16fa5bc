//! What an otpauth URI or an export entry describes: who the code is for, and how to make it.

use crate::otp::{Algorithm, Otp, OtpError, OtpKind};
use crate::secret::{Secret, SecretError};

/// An OTP account as it comes in from a URI, a QR code or another app.
///
/// `Debug` is safe to print: the secret inside [`Otp`] is redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The service ("GitHub"); `None` when the source names none.
    pub issuer: Option<String>,
    /// The account at that service ("alice@example.com"); may be empty.
    pub label: String,
    /// How codes are made, with the secret.
    pub otp: Otp,
}

/// How an account is named in messages: `Issuer: label`, or whichever of the
/// two exists (blank counts as absent), or "an unnamed account".
pub fn display_name(issuer: Option<&str>, label: &str) -> String {
    let issuer = issuer.map(str::trim).filter(|s| !s.is_empty());
    match (issuer, label.trim()) {
        (Some(i), "") => i.to_owned(),
        (Some(i), l) => format!("{i}: {l}"),
        (None, "") => "an unnamed account".to_owned(),
        (None, l) => l.to_owned(),
    }
}

/// An account typed in by hand: the fields of the app's manual-entry form.
/// The secret is read as people copy it (any case, spaces, hyphens).
#[derive(Clone, Copy)]
pub struct ManualEntry<'a> {
    /// The service; blank for none.
    pub issuer: &'a str,
    /// The account at the service; may be blank when the service is given.
    pub label: &'a str,
    /// Base32, as the site shows it.
    pub secret: &'a str,
    /// TOTP, HOTP or Steam (mOTP and Yandex come in by import or link only).
    pub kind: OtpKind,
    /// The HMAC hash (ignored for Steam).
    pub algorithm: Algorithm,
    /// Ignored for Steam (always 5 characters).
    pub digits: u32,
    /// TOTP only.
    pub period: u64,
    /// HOTP only: the counter of the next code.
    pub counter: u64,
}

/// Why a typed-in account cannot be added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ManualError {
    /// Neither a service nor an account name.
    #[error("give it a name: the service, the account, or both")]
    NoName,
    /// The secret is not base32.
    #[error("{0}")]
    Secret(#[from] SecretError),
    /// Digits or period out of range.
    #[error("{0}")]
    Otp(#[from] OtpError),
    /// mOTP or Yandex: the form has no PIN field.
    #[error("{0} accounts cannot be typed in here: import them from Aegis or Authenticator Pro, or add their link")]
    NeedsImport(&'static str),
}

impl ManualEntry<'_> {
    /// The account these fields describe.
    pub fn account(&self) -> Result<Account, ManualError> {
        let issuer = self.issuer.trim();
        let label = self.label.trim();
        if issuer.is_empty() && label.is_empty() {
            return Err(ManualError::NoName);
        }
        let secret = Secret::from_base32_lenient(self.secret)?;
        let otp = match self.kind {
            OtpKind::Totp => Otp::totp(secret, self.algorithm, self.digits, self.period)?,
            OtpKind::Hotp => Otp::hotp(secret, self.algorithm, self.digits, self.counter)?,
            OtpKind::Steam => Otp::steam(secret)?,
            OtpKind::Motp | OtpKind::Yandex => return Err(ManualError::NeedsImport(self.kind.display_name())),
        };
        Ok(Account { issuer: (!issuer.is_empty()).then(|| issuer.to_owned()), label: label.to_owned(), otp })
    }
}

impl std::fmt::Debug for ManualEntry<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ManualEntry").field("issuer", &self.issuer).field("label", &self.label).field("kind", &self.kind).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(secret: &str) -> ManualEntry<'_> {
        ManualEntry { issuer: " GitHub ", label: "alice", secret, kind: OtpKind::Totp, algorithm: Algorithm::Sha1, digits: 6, period: 30, counter: 0 }
    }

    #[test]
    fn a_typed_secret_makes_the_same_codes_as_its_link() {
        let typed = entry("jbsw y3dp-ehpk 3pxp").account().unwrap();
        let linked = crate::uri::parse("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub").unwrap();
        assert_eq!(typed.issuer.as_deref(), Some("GitHub"));
        assert_eq!(typed.otp.code_at(59), linked.otp.code_at(59));
    }

    #[test]
    fn bad_fields_say_what_is_wrong() {
        assert_eq!(entry("JBSW!").account().unwrap_err(), ManualError::Secret(SecretError::InvalidCharacter { position: 5 }));
        assert_eq!(entry("").account().unwrap_err(), ManualError::Secret(SecretError::Empty));
        // Typed by hand, a secret that only a typo explains is refused, not read leniently.
        assert_eq!(entry("SECRETO").account().unwrap_err(), ManualError::Secret(SecretError::TrailingBits));
        assert_eq!(entry("JBSWY3DPEHP").account().unwrap_err(), ManualError::Secret(SecretError::Length { len: 11 }));
        let nameless = ManualEntry { issuer: " ", label: "", ..entry("JBSWY3DPEHPK3PXP") };
        assert_eq!(nameless.account().unwrap_err(), ManualError::NoName);
        let eleven = ManualEntry { digits: 11, ..entry("JBSWY3DPEHPK3PXP") };
        assert!(matches!(eleven.account().unwrap_err(), ManualError::Otp(OtpError::DigitsOutOfRange { digits: 11 })));
        let hotp = ManualEntry { kind: OtpKind::Hotp, counter: 7, ..entry("JBSWY3DPEHPK3PXP") };
        assert_eq!(hotp.account().unwrap().otp.counter(), Some(7));
        let debug = format!("{:?}", entry("JBSWY3DPEHPK3PXP"));
        assert!(!debug.contains("JBSW"), "{debug}");
    }
}
