//! The shared secret of an OTP account: bytes that never print.

use std::fmt;

use data_encoding::BASE32_NOPAD;
use zeroize::Zeroizing;

/// The raw key bytes of an OTP account.
///
/// The bytes are wiped from memory when the value is dropped, and `Debug`
/// shows only the length, so a secret cannot leak through a log line, an
/// error message or a panic.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Wraps raw key bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Secret(Zeroizing::new(bytes))
    }

    /// The raw key bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no key bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Canonical text form: RFC 4648 base32, upper case, no padding.
    pub fn to_base32(&self) -> Zeroizing<String> {
        Zeroizing::new(BASE32_NOPAD.encode(&self.0))
    }

    /// Reads base32 as people and QR codes really write it: any case, with
    /// spaces or hyphens between groups, with or without `=` padding.
    pub fn from_base32_lenient(text: &str) -> Result<Self, SecretError> {
        let mut clean = Zeroizing::new(String::with_capacity(text.len()));
        for c in text.chars() {
            match c {
                ' ' | '-' | '\t' | '\u{a0}' => {}
                '=' => {} // padding, wherever a sloppy encoder put it
                c if c.is_ascii_alphanumeric() => clean.push(c.to_ascii_uppercase()),
                _ => return Err(SecretError::InvalidCharacter),
            }
        }
        if clean.is_empty() {
            return Err(SecretError::Empty);
        }
        // RFC 4648 forbids lengths that cannot come from whole bytes (1, 3, 6 mod 8).
        let bytes = BASE32_NOPAD
            .decode(clean.as_bytes())
            .map_err(|_| SecretError::InvalidBase32)?;
        Ok(Secret::from_bytes(bytes))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(<redacted {} bytes>)", self.0.len())
    }
}

/// Why a secret could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SecretError {
    /// Nothing but spaces, hyphens or padding.
    #[error("the secret is empty")]
    Empty,
    /// A character that base32 never uses (base32 has A–Z and 2–7).
    #[error("the secret contains a character that is not base32 (only A–Z and 2–7 are allowed)")]
    InvalidCharacter,
    /// Base32 letters that do not decode (0, 1, 8, 9, or an impossible length).
    #[error("the secret is not valid base32 (only A–Z and 2–7 are allowed, and the length must fit whole bytes)")]
    InvalidBase32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_base32_accepts_real_world_spellings() {
        let canonical = Secret::from_base32_lenient("JBSWY3DPEHPK3PXP").unwrap();
        for spelling in ["jbswy3dpehpk3pxp", "JBSW Y3DP EHPK 3PXP", "jbsw-y3dp-ehpk-3pxp", "JBSWY3DPEHPK3PXP===="] {
            assert_eq!(Secret::from_base32_lenient(spelling).unwrap(), canonical, "{spelling}");
        }
        assert_eq!(canonical.to_base32().as_str(), "JBSWY3DPEHPK3PXP");
    }

    #[test]
    fn invalid_secrets_are_named() {
        assert_eq!(Secret::from_base32_lenient(" - ="), Err(SecretError::Empty));
        assert_eq!(Secret::from_base32_lenient("JBSW!"), Err(SecretError::InvalidCharacter));
        assert_eq!(Secret::from_base32_lenient("JBSWY3D1"), Err(SecretError::InvalidBase32));
        assert_eq!(Secret::from_base32_lenient("A"), Err(SecretError::InvalidBase32));
    }

    #[test]
    fn debug_never_shows_the_bytes() {
        let s = Secret::from_base32_lenient("JBSWY3DPEHPK3PXP").unwrap();
        let shown = format!("{s:?}");
        assert_eq!(shown, "Secret(<redacted 10 bytes>)");
    }
}
