//! The shared secret of an OTP account: bytes that never print.

use std::fmt;

use data_encoding::BASE32_NOPAD;
use zeroize::{Zeroize, Zeroizing};

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

    /// Reads base32 as people type it: any case, with spaces or hyphens
    /// between groups, with or without `=` padding, but nothing that could be
    /// a typo. For secrets a person types by hand, where a mistyped character
    /// must be caught before it makes wrong codes; the error says what is wrong.
    pub fn from_base32_lenient(text: &str) -> Result<Self, SecretError> {
        let (secret, tolerated) = Self::from_base32_tolerant(text)?;
        if tolerated.extra_character {
            return Err(SecretError::Length { len: base32_len(text) });
        }
        if tolerated.trailing_bits {
            return Err(SecretError::TrailingBits);
        }
        Ok(secret)
    }

    /// Reads base32 the way authenticator apps read the secrets they store,
    /// so that an imported account makes the same codes as in the app it
    /// came from: as [`from_base32_lenient`](Self::from_base32_lenient), and
    /// also with non-zero unused bits in the last character (`SECRETO`) and
    /// with a length that does not make whole bytes (11, 14, 17 or 19
    /// characters), whose incomplete last byte is dropped. This is what
    /// decoders that collect 5 bits per character and emit every full byte
    /// do (Guava's, Apache Commons', Google Authenticator's, Proton's), and
    /// the apps that wrote such secrets make codes from them.
    ///
    /// [`Tolerated`] says what was let pass, for a warning beside the account.
    /// Characters outside base32 are still an error: no decoder agrees on them.
    pub fn from_base32_tolerant(text: &str) -> Result<(Self, Tolerated), SecretError> {
        let mut tolerated = Tolerated::default();
        let mut values = Zeroizing::new(Vec::with_capacity(text.len()));
        let mut padding = 0usize;
        for (index, c) in text.chars().enumerate() {
            let position = index + 1;
            match c {
                ' ' | '-' | '\t' | '\u{a0}' => tolerated.separators = true,
                '=' => padding += 1,
                c => {
                    let value = base32_value(c).ok_or(SecretError::InvalidCharacter { position })?;
                    // Padding followed by more letters is padding out of place.
                    tolerated.odd_padding |= padding > 0;
                    tolerated.lower_case |= c.is_ascii_lowercase();
                    values.push(value);
                }
            }
        }
        if values.is_empty() {
            return Err(SecretError::Empty);
        }
        // RFC 4648 pads to a multiple of 8 characters; none at all is the
        // otpauth norm. Anything else (`==` on a 16-character key) is odd.
        let whole = (values.len() + padding).is_multiple_of(8) && padding < 8;
        tolerated.odd_padding |= padding > 0 && !whole;

        let mut bytes = Zeroizing::new(Vec::with_capacity(values.len() * 5 / 8));
        let (mut buffer, mut bits) = (0u32, 0u32);
        for &value in values.iter() {
            buffer = (buffer << 5 | u32::from(value)) & 0x1FFF;
            bits += 5;
            if bits >= 8 {
                bits -= 8;
                bytes.push((buffer >> bits) as u8);
            }
        }
        let mut rest = buffer & ((1 << bits) - 1);
        // 5 or more bits left: a whole character that no byte needed.
        if bits >= 5 {
            tolerated.extra_character = true;
            rest >>= 5;
        }
        tolerated.trailing_bits = rest != 0;
        buffer.zeroize();
        rest.zeroize();
        if bytes.is_empty() {
            return Err(SecretError::Length { len: values.len() });
        }
        Ok((Secret(Zeroizing::new(std::mem::take(&mut *bytes))), tolerated))
    }
}

/// The value of a base32 letter or digit (RFC 4648 alphabet, any case).
fn base32_value(c: char) -> Option<u8> {
    match c.to_ascii_uppercase() {
        c @ 'A'..='Z' => Some(c as u8 - b'A'),
        c @ '2'..='7' => Some(c as u8 - b'2' + 26),
        _ => None,
    }
}

/// How many base32 characters `text` holds (not counting separators or padding).
fn base32_len(text: &str) -> usize {
    text.chars().filter(|&c| base32_value(c).is_some()).count()
}

/// What [`Secret::from_base32_tolerant`] let pass in a secret's text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Tolerated {
    /// Lower-case letters (base32 is upper case).
    pub lower_case: bool,
    /// Spaces or hyphens between groups.
    pub separators: bool,
    /// `=` padding that is neither absent nor the RFC 4648 amount at the end.
    pub odd_padding: bool,
    /// The last character sets bits past the end of the key (`SECRETO`): those bits were dropped.
    pub trailing_bits: bool,
    /// One character more than whole bytes need (11, 14, 17, 19 characters): it was dropped.
    pub extra_character: bool,
}

impl Tolerated {
    /// True when the text was canonical base32 (or only lacked its padding).
    pub fn is_nothing(&self) -> bool {
        *self == Tolerated::default()
    }

    /// True when the text looks mistyped, not just spelled loosely: the
    /// codes equal the source app's, but maybe not the site's.
    pub fn looks_mistyped(&self) -> bool {
        self.trailing_bits || self.extra_character
    }

    /// A sentence for the import review saying what was let pass; `None` when nothing was.
    pub fn warning(&self) -> Option<String> {
        if self.is_nothing() {
            return None;
        }
        let mut loose = Vec::new();
        if self.lower_case {
            loose.push("in lower case");
        }
        if self.separators {
            loose.push("with spaces or hyphens");
        }
        if self.odd_padding {
            loose.push("with `=` padding out of place");
        }
        let mut odd = Vec::new();
        if self.extra_character {
            odd.push("one character more than whole bytes need");
        }
        if self.trailing_bits {
            odd.push("a last character that sets bits past the end of the key");
        }
        let loose = (!loose.is_empty()).then(|| format!("its secret was written {}", join(&loose)));
        let odd = (!odd.is_empty()).then(|| format!("its secret has {}", join(&odd)));
        Some(match (loose, odd) {
            (Some(loose), None) => format!("{loose}; it was read as base32 all the same"),
            (loose, Some(odd)) => {
                let loose = loose.map(|l| format!("{l}, and ")).unwrap_or_default();
                let odd = if loose.is_empty() { odd } else { odd.replacen("its secret ", "it ", 1) };
                format!(
                    "{loose}{odd}, so it looks mistyped: it was read as the app that exported it reads it, \
                     so the codes are that app's; if the site refuses them, set up two-factor authentication again"
                )
            }
            (None, None) => return None,
        })
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
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
    /// A character that base32 never uses (base32 has A–Z and 2–7; not 0, 1, 8 or 9).
    #[error(
        "character {position} of the secret is not base32 (only the letters A–Z and the digits 2–7 are; \
         0, 1 and 8 are often O, I or L and B mistyped)"
    )]
    InvalidCharacter {
        /// Where, counting from 1 every character written (spaces included); never the character itself.
        position: usize,
    },
    /// A length no key has: one character too many or too few to make whole bytes.
    #[error("{}", length_message(*.len))]
    Length {
        /// Base32 characters given (not counting spaces or padding).
        len: usize,
    },
    /// The last character sets bits past the end of the key (`…O` where `…A` or `…Q` would fit).
    #[error("the last character of the secret does not fit: it sets bits past the end of the key, so a character is mistyped (often the last)")]
    TrailingBits,
}

fn length_message(len: usize) -> String {
    if len < 2 {
        return "the secret is too short: one base32 character does not make a byte".to_owned();
    }
    format!(
        "the secret has one character too many or one too few: {len} base32 characters do not make whole bytes \
         ({} or {} would)",
        len - 1,
        len + 1
    )
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
        assert_eq!(Secret::from_base32_lenient("JBSW!"), Err(SecretError::InvalidCharacter { position: 5 }));
        assert_eq!(Secret::from_base32_lenient("JB SWY3D1"), Err(SecretError::InvalidCharacter { position: 9 }));
        assert_eq!(Secret::from_base32_lenient("A"), Err(SecretError::Length { len: 1 }));
        assert_eq!(Secret::from_base32_lenient("SECRETO"), Err(SecretError::TrailingBits));
        let err = Secret::from_base32_lenient("JBSW Y3DP EHP").unwrap_err();
        assert_eq!(err, SecretError::Length { len: 11 });
        assert_eq!(
            err.to_string(),
            "the secret has one character too many or one too few: 11 base32 characters do not make whole bytes (10 or 12 would)"
        );
        assert!(SecretError::TrailingBits.to_string().contains("does not fit"));
    }

    /// Bytes by the textbook method (every 5 bits, then the full bytes), to check the decoder against.
    fn reference_decode(text: &str) -> Vec<u8> {
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let bits: Vec<u8> = text
            .chars()
            .filter_map(|c| alphabet.find(c.to_ascii_uppercase()))
            .flat_map(|v| (0..5).rev().map(move |i| ((v >> i) & 1) as u8))
            .collect();
        bits.chunks_exact(8).map(|byte| byte.iter().fold(0u8, |acc, b| acc << 1 | b)).collect()
    }

    #[test]
    fn tolerant_base32_reads_what_apps_wrote() {
        // (text, bytes as the apps decode them, what was tolerated)
        let t = |f: fn(&mut Tolerated)| {
            let mut t = Tolerated::default();
            f(&mut t);
            t
        };
        let cases: Vec<(&str, Tolerated)> = vec![
            ("JBSWY3DPEHPK3PXP", Tolerated::default()),
            ("MZXW6===", Tolerated::default()),
            ("MZXW6", Tolerated::default()),
            ("MZXW6==", t(|t| t.odd_padding = true)),
            ("JBSWY3DPEHPK3PXP==", t(|t| t.odd_padding = true)),
            ("JB==SWY3DPEHPK3PXP", t(|t| t.odd_padding = true)),
            ("jbswy3dpehpk3pxp", t(|t| t.lower_case = true)),
            ("JBSW Y3DP-EHPK 3PXP", t(|t| t.separators = true)),
            ("SECRETO", t(|t| t.trailing_bits = true)),
            ("SOMESECRET", t(|t| t.trailing_bits = true)),
            ("JBSWY3DPEHP", t(|t| { t.extra_character = true; t.trailing_bits = true })), // 11
            ("JBSWY3DPEHPK2A", t(|t| t.extra_character = true)), // 14
            ("JBSWY3DPEHPK3PXPA", t(|t| t.extra_character = true)), // 17
            ("JBSWY3DPEHPK3PXPAAB", t(|t| t.extra_character = true)), // 19
            ("jbswy3dpehpk3pxpz", t(|t| { t.extra_character = true; t.lower_case = true })),
        ];
        for (text, expected) in cases {
            let (secret, tolerated) = Secret::from_base32_tolerant(text).unwrap();
            assert_eq!(secret.as_bytes(), reference_decode(text), "{text}");
            assert_eq!(tolerated, expected, "{text}");
            assert_eq!(tolerated.warning().is_some(), !expected.is_nothing(), "{text}");
            // Whatever strict reading accepts, it reads to the same bytes.
            if let Ok(strict) = Secret::from_base32_lenient(text) {
                assert!(!tolerated.looks_mistyped(), "{text}");
                assert_eq!(strict, secret, "{text}");
            } else {
                assert!(tolerated.looks_mistyped(), "{text}");
            }
        }
        // What a canonical decoder reads, the tolerant one reads alike.
        assert_eq!(Secret::from_base32_tolerant("ORSXG5A").unwrap().0.as_bytes(), b"test");
        // Still no guessing at characters base32 does not have.
        assert_eq!(Secret::from_base32_tolerant("SECRET0"), Err(SecretError::InvalidCharacter { position: 7 }));
        assert_eq!(Secret::from_base32_tolerant("A"), Err(SecretError::Length { len: 1 }));
        assert_eq!(Secret::from_base32_tolerant(" = "), Err(SecretError::Empty));
    }

    #[test]
    fn warnings_say_what_was_tolerated() {
        let warning = |text| Secret::from_base32_tolerant(text).unwrap().1.warning();
        assert_eq!(warning("JBSWY3DPEHPK3PXP"), None);
        assert_eq!(
            warning("jbsw y3dp ehpk 3pxp").unwrap(),
            "its secret was written in lower case and with spaces or hyphens; it was read as base32 all the same"
        );
        let mistyped = warning("SECRETO").unwrap();
        assert!(mistyped.starts_with("its secret has a last character that sets bits past the end of the key, so it looks mistyped"), "{mistyped}");
        let both = warning("jbswy3dpehp").unwrap();
        assert!(both.starts_with("its secret was written in lower case, and it has one character more than whole bytes need"), "{both}");
    }

    #[test]
    fn debug_never_shows_the_bytes() {
        let s = Secret::from_base32_lenient("JBSWY3DPEHPK3PXP").unwrap();
        let shown = format!("{s:?}");
        assert_eq!(shown, "Secret(<redacted 10 bytes>)");
    }
}
