//! The recovery key: one printed kit that opens every vault of a person,
//! including vaults created after it was printed.
//!
//! The recovery key is an X25519 secret. Vaults keep only its public key, so
//! any vault (the backup-code vault is usually made months after the main
//! one, when the recovery key is long gone from memory) can add a recovery
//! slot without knowing the secret: an ECIES, as in age or HPKE:
//!
//! ```text
//! e, E = fresh X25519 key pair
//! wrapping key = HKDF-SHA256(ikm = X25519(e, R), salt = E || R, info = "twofold recovery slot v1")
//! ```
//!
//! and opening runs the same with X25519(r, E). The person sees the secret
//! once, as 56 base32 characters in groups of four (`ABCD-EFGH-…`): 32 key
//! bytes and a 3-byte checksum, so a typo is caught instead of reported as
//! a wrong key.

use std::fmt;

use data_encoding::{BASE32_NOPAD, HEXLOWER, HEXLOWER_PERMISSIVE};
use hkdf::Hkdf;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use super::crypto::{random_bytes, SymmetricKey, KEY_LEN};
use super::VaultError;

/// HKDF `info` of recovery slots.
const HKDF_INFO: &[u8] = b"twofold recovery slot v1";
/// Prefix hashed with the key for the checksum, so it is never a bare hash of the secret.
const CHECKSUM_DOMAIN: &[u8] = b"twofold recovery key checksum v1";
const CHECKSUM_LEN: usize = 3;
/// Characters in the printed key: (32 + 3) bytes × 8 / 5.
const TEXT_LEN: usize = 56;
const GROUP: usize = 4;

/// The secret half of a recovery kit. Wiped on drop; `Debug` is redacted.
#[derive(Clone)]
pub struct RecoveryKey(Zeroizing<[u8; KEY_LEN]>);

/// The public half of a recovery kit, which vaults keep to add recovery slots.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RecoveryPublicKey([u8; KEY_LEN]);

/// Why a typed recovery key was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecoveryKeyError {
    /// Too few or too many characters.
    #[error("a recovery key has {TEXT_LEN} letters and digits (not counting dashes and spaces); this has {found}")]
    WrongLength {
        /// Characters found.
        found: usize,
    },
    /// A character that is never part of a recovery key.
    #[error("a recovery key has only the letters A–Z and the digits 2–7; '{found}' is not one of them")]
    InvalidCharacter {
        /// The character.
        found: char,
    },
    /// The checksum does not match: a typo.
    #[error("this recovery key has a typo (its checksum does not match); check each group")]
    Typo,
}

impl RecoveryKey {
    /// A new random recovery key.
    pub fn generate() -> Result<Self, VaultError> {
        Ok(RecoveryKey(Zeroizing::new(random_bytes()?)))
    }

    /// Its public key, for [`super::NewSlot::Recovery`].
    pub fn public_key(&self) -> RecoveryPublicKey {
        let secret = StaticSecret::from(*self.0);
        RecoveryPublicKey(PublicKey::from(&secret).to_bytes())
    }

    /// The text to print: 14 groups of 4 base32 characters joined by `-`.
    pub fn to_text(&self) -> Zeroizing<String> {
        let mut raw = Zeroizing::new([0u8; KEY_LEN + CHECKSUM_LEN]);
        raw[..KEY_LEN].copy_from_slice(self.0.as_ref());
        raw[KEY_LEN..].copy_from_slice(&checksum(&self.0));
        let plain = Zeroizing::new(BASE32_NOPAD.encode(raw.as_ref()));
        let mut text = Zeroizing::new(String::with_capacity(TEXT_LEN + TEXT_LEN / GROUP));
        for (i, c) in plain.chars().enumerate() {
            if i > 0 && i % GROUP == 0 {
                text.push('-');
            }
            text.push(c);
        }
        text
    }

    /// Reads a typed key: any case, dashes and spaces anywhere, and the
    /// digits people type for look-alike letters (0 → O, 1 → I, 8 → B).
    pub fn parse(text: &str) -> Result<Self, RecoveryKeyError> {
        let mut clean = Zeroizing::new(String::with_capacity(TEXT_LEN));
        let mut found = 0;
        for c in text.chars() {
            let c = match c.to_ascii_uppercase() {
                '-' | ' ' | '\t' | '\n' | '\r' => continue,
                '0' => 'O',
                '1' => 'I',
                '8' => 'B',
                c @ ('A'..='Z' | '2'..='7') => c,
                other => return Err(RecoveryKeyError::InvalidCharacter { found: other }),
            };
            found += 1;
            // Never grow the buffer: a reallocation would leave a copy behind.
            if found <= TEXT_LEN {
                clean.push(c);
            }
        }
        if found != TEXT_LEN {
            return Err(RecoveryKeyError::WrongLength { found });
        }
        let raw = Zeroizing::new(
            BASE32_NOPAD
                .decode(clean.as_bytes())
                .map_err(|_| RecoveryKeyError::Typo)?,
        );
        let (key, sum) = raw.split_at(KEY_LEN);
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        bytes.copy_from_slice(key);
        if checksum(&bytes) != sum {
            return Err(RecoveryKeyError::Typo);
        }
        Ok(RecoveryKey(bytes))
    }

    /// The wrapping key of a recovery slot made with ephemeral public key `ephemeral`.
    pub(crate) fn wrapping_key(&self, ephemeral: &[u8; KEY_LEN]) -> Option<SymmetricKey> {
        let secret = StaticSecret::from(*self.0);
        let shared = secret.diffie_hellman(&PublicKey::from(*ephemeral));
        derive_wrapping_key(shared, ephemeral, &self.public_key().0)
    }
}

fn checksum(key: &[u8; KEY_LEN]) -> [u8; CHECKSUM_LEN] {
    let digest = Sha256::new().chain_update(CHECKSUM_DOMAIN).chain_update(key).finalize();
    let mut out = [0u8; CHECKSUM_LEN];
    out.copy_from_slice(&digest[..CHECKSUM_LEN]);
    out
}

fn derive_wrapping_key(
    shared: x25519_dalek::SharedSecret,
    ephemeral: &[u8; KEY_LEN],
    recipient: &[u8; KEY_LEN],
) -> Option<SymmetricKey> {
    // A low-order point gives an all-zero secret anyone can compute.
    if !shared.was_contributory() {
        return None;
    }
    let mut salt = [0u8; 2 * KEY_LEN];
    salt[..KEY_LEN].copy_from_slice(ephemeral);
    salt[KEY_LEN..].copy_from_slice(recipient);
    let mut okm = Zeroizing::new([0u8; KEY_LEN]);
    Hkdf::<Sha256>::new(Some(&salt), shared.as_bytes())
        .expand(HKDF_INFO, okm.as_mut())
        .ok()?;
    Some(SymmetricKey::from_bytes(okm))
}

impl RecoveryPublicKey {
    /// A fresh ephemeral key pair against this public key: the ephemeral
    /// public key (stored in the slot) and the wrapping key.
    pub(crate) fn new_wrapping_key(&self) -> Result<([u8; KEY_LEN], SymmetricKey), VaultError> {
        // Retry the (astronomically unlikely) non-contributory case rather than fail.
        for _ in 0..4 {
            let ephemeral = StaticSecret::from(random_bytes::<KEY_LEN>()?);
            let ephemeral_public = PublicKey::from(&ephemeral).to_bytes();
            let shared = ephemeral.diffie_hellman(&PublicKey::from(self.0));
            if let Some(key) = derive_wrapping_key(shared, &ephemeral_public, &self.0) {
                return Ok((ephemeral_public, key));
            }
        }
        Err(VaultError::InvalidKdfParams {
            detail: "the recovery public key is not a usable X25519 key".into(),
        })
    }

    /// The 32 bytes.
    pub fn to_bytes(&self) -> [u8; KEY_LEN] {
        self.0
    }

    /// From 32 bytes.
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        RecoveryPublicKey(bytes)
    }
}

impl fmt::Display for RecoveryPublicKey {
    /// 64 lower-case hex digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&HEXLOWER.encode(&self.0))
    }
}

impl fmt::Debug for RecoveryPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RecoveryPublicKey({self})")
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey(<redacted>)")
    }
}

impl Serialize for RecoveryPublicKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RecoveryPublicKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        let bytes = HEXLOWER_PERMISSIVE
            .decode(text.as_bytes())
            .ok()
            .and_then(|b| <[u8; KEY_LEN]>::try_from(b).ok())
            .ok_or_else(|| serde::de::Error::custom("a recovery public key must be 64 hex digits"))?;
        Ok(RecoveryPublicKey(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trip_and_shape() {
        let key = RecoveryKey::generate().unwrap();
        let text = key.to_text();
        assert_eq!(text.len(), 56 + 13);
        assert!(text.split('-').all(|g| g.len() == 4));
        let back = RecoveryKey::parse(&text).unwrap();
        assert_eq!(back.public_key(), key.public_key());
        let sloppy = text.to_lowercase().replace('-', " ");
        assert_eq!(RecoveryKey::parse(&sloppy).unwrap().public_key(), key.public_key());
    }

    #[test]
    fn typos_are_caught() {
        let key = RecoveryKey::generate().unwrap();
        let text = key.to_text();
        // Change each character in turn to another valid one: the checksum notices.
        for i in (0..text.len()).filter(|i| text.as_bytes()[*i] != b'-') {
            let mut bytes = text.as_bytes().to_vec();
            bytes[i] = if bytes[i] == b'A' { b'C' } else { b'A' };
            let typo = String::from_utf8(bytes).unwrap();
            assert_eq!(
                RecoveryKey::parse(&typo).err(),
                Some(RecoveryKeyError::Typo),
                "position {i}"
            );
        }
        assert!(matches!(
            RecoveryKey::parse("ABCD"),
            Err(RecoveryKeyError::WrongLength { found: 4 })
        ));
        assert!(matches!(
            RecoveryKey::parse("ABCD!"),
            Err(RecoveryKeyError::InvalidCharacter { found: '!' })
        ));
    }

    #[test]
    fn look_alike_digits_are_read_as_letters() {
        let key = RecoveryKey::generate().unwrap();
        let text = key.to_text().replace('O', "0").replace('I', "1").replace('B', "8");
        assert_eq!(RecoveryKey::parse(&text).unwrap().public_key(), key.public_key());
    }

    #[test]
    fn ecies_both_sides_agree() {
        let key = RecoveryKey::generate().unwrap();
        let (ephemeral, wrapping) = key.public_key().new_wrapping_key().unwrap();
        assert_eq!(key.wrapping_key(&ephemeral).unwrap().as_bytes(), wrapping.as_bytes());
        let other = RecoveryKey::generate().unwrap();
        assert_ne!(other.wrapping_key(&ephemeral).unwrap().as_bytes(), wrapping.as_bytes());
        // The all-zero point is refused, not turned into a key everyone knows.
        assert!(key.wrapping_key(&[0u8; 32]).is_none());
    }

    #[test]
    fn debug_is_redacted() {
        assert_eq!(
            format!("{:?}", RecoveryKey::generate().unwrap()),
            "RecoveryKey(<redacted>)"
        );
    }
}
