//! One backup code as a secret: wiped on drop, never printed by `Debug`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

/// A backup code, as the site formats it (`abcd-efgh`, `1234 5678`).
///
/// The text is wiped from memory when the value is dropped, and `Debug`
/// prints `SecretCode(<redacted>)`. It serializes as a plain string: the
/// encrypted vault payload stores it on purpose.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretCode(Zeroizing<String>);

impl SecretCode {
    /// Wraps a code in its display form.
    pub fn new(code: impl Into<String>) -> Self {
        SecretCode(Zeroizing::new(code.into()))
    }

    /// The code as the site formats it, to show or to copy.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code without separators, lower-case: `ABCD-1234` gives `abcd1234`.
    /// Sites accept either form; this one is for comparing codes.
    pub fn compact(&self) -> Zeroizing<String> {
        Zeroizing::new(compact_chars(&self.0).collect())
    }

    /// True when `other` is the same code, whatever its separators and case
    /// (what a person types back is compared this way).
    pub fn matches(&self, other: &str) -> bool {
        compact_chars(&self.0).eq(compact_chars(other))
    }

    /// Orders codes by their compact form, without allocating a copy of
    /// either secret (used to find duplicates).
    pub(crate) fn cmp_compact(&self, other: &SecretCode) -> std::cmp::Ordering {
        compact_chars(&self.0).cmp(compact_chars(&other.0))
    }
}

/// The characters that make a code: ASCII letters and digits, lower-cased.
fn compact_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase())
}

impl fmt::Debug for SecretCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretCode(<redacted>)")
    }
}

impl Serialize for SecretCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SecretCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The String moves into the Zeroizing wrapper: no unwiped copy is left.
        String::deserialize(deserializer).map(SecretCode::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_and_matches_ignore_separators_and_case() {
        let code = SecretCode::new("ABCD-12ef");
        assert_eq!(code.compact().as_str(), "abcd12ef");
        assert!(code.matches("abcd 12EF"));
        assert!(code.matches("abcd12ef"));
        assert!(!code.matches("abcd12e"));
    }

    #[test]
    fn debug_is_redacted() {
        let code = SecretCode::new("abcd-1234");
        assert_eq!(format!("{code:?}"), "SecretCode(<redacted>)");
    }

    #[test]
    fn serializes_as_a_plain_string() {
        let code = SecretCode::new("1234 5678");
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, "\"1234 5678\"");
        let back: SecretCode = serde_json::from_str(&json).unwrap();
        assert_eq!(back, code);
    }
}
