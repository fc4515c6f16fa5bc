//! What a QR payload is: a 2FA setup code, a Google export, or something else.

use crate::migration;

/// The kind of a QR payload, so a caller can say "this QR code holds a web
/// address, not a 2FA setup code" instead of a parse error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PayloadKind {
    /// An `otpauth://` URI: one account.
    Otpauth,
    /// An `otpauth-migration://` URI: a Google Authenticator export.
    Migration,
    /// A web address (`http://`, `https://`): a link, not a setup code.
    WebAddress,
    /// Anything else (text, Wi-Fi settings, contact cards, ...).
    Other,
}

impl PayloadKind {
    /// Whether the payload can become accounts.
    pub fn is_account(self) -> bool {
        matches!(self, PayloadKind::Otpauth | PayloadKind::Migration)
    }

    /// A sentence for a payload that is not a setup code; `None` for one that is.
    pub fn refusal(self) -> Option<&'static str> {
        match self {
            PayloadKind::Otpauth | PayloadKind::Migration => None,
            PayloadKind::WebAddress => Some("this QR code holds a web address, not a 2FA setup code"),
            PayloadKind::Other => Some("this QR code holds something other than a 2FA setup code"),
        }
    }
}

/// Classifies a payload by its scheme, in any case, ignoring surrounding whitespace.
pub fn classify(payload: &str) -> PayloadKind {
    let text = payload.trim();
    let scheme = match text.split_once(':') {
        Some((scheme, _)) => scheme.to_ascii_lowercase(),
        None => return PayloadKind::Other,
    };
    match scheme.as_str() {
        "otpauth" => PayloadKind::Otpauth,
        s if s == migration::SCHEME => PayloadKind::Migration,
        "http" | "https" => PayloadKind::WebAddress,
        _ => PayloadKind::Other,
    }
}
