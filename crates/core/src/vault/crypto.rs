//! The symmetric primitives: random bytes, the vault key, XChaCha20-Poly1305.
//!
//! We use `chacha20poly1305` 0.11 (aead 0.6) through its detached in-place
//! API, so plaintext is only ever decrypted into buffers we own and wipe.

use std::fmt;

use chacha20poly1305::aead::AeadInOut;
use chacha20poly1305::{Key, KeyInit, Tag, XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use super::VaultError;

/// Bytes in a key (vault key and wrapping keys).
pub const KEY_LEN: usize = 32;
/// Bytes in an XChaCha20 nonce.
pub const NONCE_LEN: usize = 24;
/// Bytes in a Poly1305 tag.
pub const TAG_LEN: usize = 16;
/// Bytes in a wrapped vault key: the encrypted key and its tag.
pub const WRAPPED_LEN: usize = KEY_LEN + TAG_LEN;

/// `N` bytes from the operating system's generator.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], VaultError> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|e| VaultError::Random { detail: e.to_string() })?;
    Ok(out)
}

/// A 256-bit key that is wiped on drop and never printed.
#[derive(Clone)]
pub(crate) struct SymmetricKey(Zeroizing<[u8; KEY_LEN]>);

impl SymmetricKey {
    pub(crate) fn random() -> Result<Self, VaultError> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        getrandom::fill(key.as_mut()).map_err(|e| VaultError::Random { detail: e.to_string() })?;
        Ok(SymmetricKey(key))
    }

    pub(crate) fn from_bytes(bytes: Zeroizing<[u8; KEY_LEN]>) -> Self {
        SymmetricKey(bytes)
    }

    pub(crate) fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&Key::from(*self.0))
    }

    /// Encrypts `buffer` in place and returns the tag.
    pub(crate) fn seal(
        &self,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        buffer: &mut [u8],
    ) -> Result<[u8; TAG_LEN], VaultError> {
        let tag = self
            .cipher()
            .encrypt_inout_detached(&XNonce::from(*nonce), aad, buffer.into())
            // Only possible for messages of 256 GiB and more, far over our size limit.
            .map_err(|_| VaultError::corrupt("message too long to encrypt"))?;
        Ok(tag.into())
    }

    /// Decrypts `buffer` in place; `false` (and `buffer` unspecified) when the tag does not match.
    #[must_use]
    pub(crate) fn open(&self, nonce: &[u8; NONCE_LEN], aad: &[u8], buffer: &mut [u8], tag: &[u8; TAG_LEN]) -> bool {
        self.cipher()
            .decrypt_inout_detached(&XNonce::from(*nonce), aad, buffer.into(), &Tag::from(*tag))
            .is_ok()
    }

    /// Wraps `key` (the vault key) under this key: a fresh nonce, and the 48 bytes of key and tag.
    pub(crate) fn wrap(
        &self,
        key: &SymmetricKey,
        aad: &[u8],
    ) -> Result<([u8; NONCE_LEN], [u8; WRAPPED_LEN]), VaultError> {
        let nonce = random_bytes::<NONCE_LEN>()?;
        let mut out = [0u8; WRAPPED_LEN];
        out[..KEY_LEN].copy_from_slice(key.as_bytes());
        let tag = self.seal(&nonce, aad, &mut out[..KEY_LEN])?;
        out[KEY_LEN..].copy_from_slice(&tag);
        Ok((nonce, out))
    }

    /// Unwraps a key wrapped by [`SymmetricKey::wrap`]; `None` when this is not the right wrapping key.
    pub(crate) fn unwrap(
        &self,
        nonce: &[u8; NONCE_LEN],
        wrapped: &[u8; WRAPPED_LEN],
        aad: &[u8],
    ) -> Option<SymmetricKey> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        key.copy_from_slice(&wrapped[..KEY_LEN]);
        let mut tag = [0u8; TAG_LEN];
        tag.copy_from_slice(&wrapped[KEY_LEN..]);
        self.open(nonce, aad, key.as_mut(), &tag).then(|| SymmetricKey(key))
    }
}

impl fmt::Debug for SymmetricKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SymmetricKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_and_unwrap() {
        let (outer, inner) = (SymmetricKey::random().unwrap(), SymmetricKey::random().unwrap());
        let (nonce, wrapped) = outer.wrap(&inner, b"aad").unwrap();
        assert_eq!(
            outer.unwrap(&nonce, &wrapped, b"aad").unwrap().as_bytes(),
            inner.as_bytes()
        );
        assert!(outer.unwrap(&nonce, &wrapped, b"other aad").is_none());
        assert!(SymmetricKey::random()
            .unwrap()
            .unwrap(&nonce, &wrapped, b"aad")
            .is_none());
        assert_eq!(format!("{outer:?}"), "SymmetricKey(<redacted>)");
    }
}
