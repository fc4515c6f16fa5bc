//! Turning one entry's fields into an [`Otp`], with messages for what is wrong.
//!
//! Every importer goes through these, so "7 digits" or "SHA-224" reads the
//! same whatever app it came from, and the checks are [`Otp`]'s own.

use crate::account::Account;
use crate::otp::{Algorithm, Otp, OtpKind, Pin};
use crate::secret::Secret;

use super::{EntryError, ImportedAccount};

/// Most characters of a name shown in an [`EntryError`].
const MAX_NAME_CHARS: usize = 80;
/// Longest value from a file that a message may quote.
const MAX_ECHO_LEN: usize = 12;

/// The numbers of one entry, as the file gives them (before defaults).
pub(super) struct Params {
    /// TOTP, HOTP, Steam, mOTP or Yandex.
    pub kind: OtpKind,
    /// The hash; `None` means SHA-1.
    pub algorithm: Option<Algorithm>,
    /// Digits; `None` means 6.
    pub digits: Option<i128>,
    /// Seconds; `None` means 30 (ignored for HOTP).
    pub period: Option<i128>,
    /// The next counter (HOTP only).
    pub counter: Option<i128>,
    /// The PIN (mOTP and Yandex only).
    pub pin: Option<Pin>,
}

impl Params {
    /// SHA-1, 6 digits, 30 seconds, no counter.
    pub(super) fn new(kind: OtpKind) -> Self {
        Params { kind, algorithm: None, digits: None, period: None, counter: None, pin: None }
    }
}

/// Builds the generator, checking every number.
///
/// Steam ignores algorithm, digits and period: its codes are always SHA-1,
/// 30 s and five characters, whatever an app writes beside them. So do mOTP
/// (MD5, 10 s, six hex digits) and Yandex (SHA-256, 30 s, eight letters), as
/// Aegis and Authenticator Pro do; both need the PIN.
pub(super) fn make_otp(secret: Secret, p: &Params) -> Result<Otp, String> {
    let algorithm = p.algorithm.unwrap_or_default();
    let digits = p.digits.unwrap_or(6);
    let result = match p.kind {
        OtpKind::Steam => Otp::steam(secret),
        OtpKind::Motp | OtpKind::Yandex => {
            let pin = p.pin.clone().ok_or_else(|| missing_pin(p.kind.display_name()))?;
            if p.kind == OtpKind::Motp {
                Otp::motp(secret, pin)
            } else {
                Otp::yandex(secret, pin)
            }
        }
        OtpKind::Totp => {
            let digits = small(digits, "digits")?;
            let period = p.period.unwrap_or(30);
            let period =
                u64::try_from(period).map_err(|_| format!("its period of {period} seconds is not possible"))?;
            Otp::totp(secret, algorithm, digits, period)
        }
        OtpKind::Hotp => {
            let digits = small(digits, "digits")?;
            let counter = p.counter.ok_or("it is counter-based (HOTP) but has no counter")?;
            let counter =
                u64::try_from(counter).map_err(|_| format!("its counter {counter} is outside 0 to {}", u64::MAX))?;
            Otp::hotp(secret, algorithm, digits, counter)
        }
    };
    result.map_err(|e| e.to_string())
}

fn small(value: i128, what: &str) -> Result<u32, String> {
    u32::try_from(value).map_err(|_| format!("{value} {what} is not supported: codes have 6 to 10 digits"))
}

/// Reads a hash name as apps write it: any case, with or without a hyphen or
/// an `Hmac` prefix (`SHA1`, `sha256`, `HmacSHA512`).
pub(super) fn algorithm(name: &str) -> Result<Algorithm, String> {
    let trimmed = name.trim();
    let bare = trimmed
        .get(..4)
        .filter(|head| head.eq_ignore_ascii_case("hmac"))
        .and_then(|_| trimmed.get(4..))
        .unwrap_or(trimmed);
    Algorithm::parse(bare).ok_or_else(|| {
        format!("the {}algorithm is not supported (Twofold makes codes with SHA-1, SHA-256 or SHA-512)", quoted(name))
    })
}

/// A base32 secret as the app that exported it reads it (see
/// [`Secret::from_base32_tolerant`]), with a warning when it was not
/// canonical: the apps accepted such secrets and make codes from them, so
/// refusing them would lose accounts that work.
pub(super) fn base32_secret(text: &str) -> Result<(Secret, Option<String>), String> {
    let (secret, tolerated) =
        Secret::from_base32_tolerant(text).map_err(|e| format!("its secret cannot be read: {e}"))?;
    Ok((secret, tolerated.warning()))
}

/// An otpauth link from an export, its secret read as [`base32_secret`]
/// reads one; the warning, if any, is the account's.
/// Names trimmed as [`account`] trims them: exports carry stray spaces (`issuer=Code%202%20`).
pub(super) fn link(text: &str) -> Result<(Account, Option<String>), crate::uri::UriError> {
    crate::uri::parse_tolerant(text).map(|(account, tolerated)| {
        let Account { issuer, label, otp } = account;
        (self::account(issuer.as_deref(), &label, otp), tolerated.warning())
    })
}

/// The OTP kind from a type name in any case (`totp`, `HOTP`, `Steam`).
pub(super) fn kind(name: &str) -> Result<OtpKind, String> {
    match name.trim().to_ascii_lowercase().as_str() {
        "totp" => Ok(OtpKind::Totp),
        "hotp" => Ok(OtpKind::Hotp),
        "steam" => Ok(OtpKind::Steam),
        "motp" => Ok(OtpKind::Motp),
        "yandex" => Ok(OtpKind::Yandex),
        _ => Err(format!(
            "the {}code type is not supported (Twofold reads TOTP, HOTP, Steam, mOTP and Yandex)",
            quoted(name)
        )),
    }
}

/// Why an mOTP or Yandex entry (named `kind`) without a PIN does not come in.
pub(super) fn missing_pin(kind: &str) -> String {
    format!("it is an {kind} account but the file holds no PIN for it, and its codes cannot be made without one")
}

/// A PIN from a file: `None` for a missing or blank one (then
/// [`missing_pin`] says why the entry stays out).
pub(super) fn pin(text: Option<String>) -> Option<Pin> {
    text.filter(|t| !t.is_empty()).map(Pin::new)
}

/// ``"`SHA224` "`` for a short token worth quoting, nothing otherwise, so a
/// message never carries a pasted secret or a wall of text.
pub(super) fn quoted(value: &str) -> String {
    let value = value.trim();
    let token = !value.is_empty()
        && value.len() <= MAX_ECHO_LEN
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if token {
        format!("`{value}` ")
    } else {
        String::new()
    }
}

/// `Some(trimmed)` for a non-blank string.
pub(super) fn non_blank(text: Option<&str>) -> Option<String> {
    text.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// How an entry is named in messages (see [`crate::account::display_name`]), shortened.
pub(super) fn display_name(issuer: Option<&str>, label: &str) -> String {
    shorten(&crate::account::display_name(issuer, label))
}

/// At most [`MAX_NAME_CHARS`] characters, with an ellipsis when cut.
pub(super) fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(MAX_NAME_CHARS).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// An [`Account`] with its issuer tidied (blank means none).
pub(super) fn account(issuer: Option<&str>, label: &str, otp: Otp) -> Account {
    Account { issuer: non_blank(issuer), label: label.trim().to_owned(), otp }
}

/// Collects entries: the good ones as accounts, the bad ones as errors.
pub(super) fn push(
    result: &mut super::ImportResult,
    index: usize,
    name: String,
    entry: Result<ImportedAccount, String>,
) {
    match entry {
        Ok(account) => result.accounts.push(account),
        Err(message) => result.errors.push(EntryError { index, name, message }),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_links_names_are_trimmed() {
        // As Bitwarden's sample CSV in Proton's tests has them.
        let (account, warning) = super::link("otpauth://totp/Code%202%20:%20me%20?secret=JBSWY3DPEHPK3PXP&issuer=Code%202%20").unwrap();
        assert_eq!((account.issuer.as_deref(), account.label.as_str(), warning), (Some("Code 2"), "me", None));
        let (account, _) = super::link("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&issuer=%20").unwrap();
        assert_eq!(account.issuer, None);
    }
}
