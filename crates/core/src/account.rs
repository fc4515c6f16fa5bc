//! What an otpauth URI or an export entry describes: who the code is for, and how to make it.

use crate::otp::Otp;

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
