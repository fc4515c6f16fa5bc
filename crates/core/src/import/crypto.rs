//! The primitives the encrypted exports use, with the bounds on what a file may ask for.
//!
//! - AES-256-GCM (NIST SP 800-38D), 96-bit nonce, 128-bit tag: Aegis, 2FAS, andOTP,
//!   Authenticator Pro, FreeOTP 2 (with associated data).
//! - scrypt (RFC 7914): Aegis password slots.
//! - PBKDF2 (RFC 8018) with HMAC-SHA256 (2FAS), HMAC-SHA1 (andOTP, FreeOTP 2) or
//!   HMAC-SHA512 (FreeOTP 2).
//! - Argon2id (RFC 9106): Authenticator Pro's encrypted backups, at the app's fixed cost.
//! - AES-256-CBC with PKCS#7 padding (NIST SP 800-38A): Authy's backup-password secrets
//!   and TOTP Authenticator's backups, both with an all-zero IV.
//!
//! Keys and plaintext only ever live in [`Zeroizing`] buffers.

use aes_gcm::aead::AeadInOut;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce, Tag};
use data_encoding::{BASE64_NOPAD, HEXLOWER_PERMISSIVE};
use zeroize::{Zeroize, Zeroizing};

use super::{Format, ImportError};

/// Bytes in an AES-256 key.
pub(super) const KEY_LEN: usize = 32;
/// Bytes in a GCM nonce.
pub(super) const NONCE_LEN: usize = 12;
/// Bytes in a GCM tag.
pub(super) const TAG_LEN: usize = 16;

/// Largest scrypt N accepted (2^20; Aegis uses 2^15).
pub(super) const MAX_SCRYPT_LOG_N: u8 = 20;
/// Largest scrypt r accepted (Aegis uses 8).
pub(super) const MAX_SCRYPT_R: u32 = 16;
/// Largest scrypt p accepted (Aegis uses 1).
pub(super) const MAX_SCRYPT_P: u32 = 4;
/// Most memory scrypt may use, 128·N·r bytes (256 MiB; Aegis' parameters take 32 MiB).
pub(super) const MAX_SCRYPT_MEMORY: u64 = 256 * 1024 * 1024;
/// Most PBKDF2 iterations accepted (andOTP uses 140,000 to 160,000, 2FAS 10,000).
pub(super) const MAX_PBKDF2_ITERATIONS: u64 = 10_000_000;

/// A 256-bit key, wiped on drop.
pub(super) type Key = Zeroizing<[u8; KEY_LEN]>;

/// Decrypts `ciphertext` sealed with `tag`; `None` when the key (or anything
/// else) is wrong. A nonce that is not 12 bytes long never opens.
pub(super) fn open_detached(
    key: &[u8; KEY_LEN],
    nonce: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let nonce: [u8; NONCE_LEN] = nonce.try_into().ok()?;
    let tag: [u8; TAG_LEN] = tag.try_into().ok()?;
    let mut buffer = Zeroizing::new(ciphertext.to_vec());
    Aes256Gcm::new(key.into())
        .decrypt_inout_detached(&Nonce::from(nonce), b"", buffer.as_mut_slice().into(), &Tag::from(tag))
        .ok()?;
    Some(buffer)
}

/// Decrypts ciphertext with its tag appended (the Java `AES/GCM/NoPadding` layout).
pub(super) fn open(key: &[u8; KEY_LEN], nonce: &[u8], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let split = sealed.len().checked_sub(TAG_LEN)?;
    let (ciphertext, tag) = sealed.split_at(split);
    open_detached(key, nonce, ciphertext, tag)
}

/// scrypt parameters from a file, checked against the bounds above.
pub(super) fn scrypt_params(format: Format, n: u64, r: u64, p: u64) -> Result<scrypt::Params, ImportError> {
    let too_much = |detail: String| ImportError::KdfTooExpensive { format, detail };
    let damaged = |detail: &str| ImportError::corrupt(format, detail);
    if n < 2 || !n.is_power_of_two() {
        return Err(damaged("its scrypt N is not a power of two"));
    }
    let log_n = n.trailing_zeros();
    if log_n > u32::from(MAX_SCRYPT_LOG_N) {
        return Err(too_much(format!("scrypt N = 2^{log_n}, at most 2^{MAX_SCRYPT_LOG_N} is accepted")));
    }
    if r == 0 || p == 0 {
        return Err(damaged("its scrypt r or p is zero"));
    }
    if r > u64::from(MAX_SCRYPT_R) {
        return Err(too_much(format!("scrypt r = {r}, at most {MAX_SCRYPT_R} is accepted")));
    }
    if p > u64::from(MAX_SCRYPT_P) {
        return Err(too_much(format!("scrypt p = {p}, at most {MAX_SCRYPT_P} is accepted")));
    }
    // Both factors are bounded above, so this cannot overflow.
    let memory = 128 * n * r;
    if memory > MAX_SCRYPT_MEMORY {
        return Err(too_much(format!(
            "scrypt would need {} MiB of memory, at most {} MiB is accepted",
            memory >> 20,
            MAX_SCRYPT_MEMORY >> 20
        )));
    }
    // In range by the checks above: log_n <= 20, r <= 16, p <= 4.
    scrypt::Params::new(log_n as u8, r as u32, p as u32).map_err(|_| damaged("its scrypt parameters are invalid"))
}

/// scrypt of the password into a 256-bit key.
pub(super) fn scrypt_key(password: &[u8], salt: &[u8], params: &scrypt::Params) -> Key {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    // Only fails for an empty or gigantic output, and ours is 32 bytes.
    let _ = scrypt::scrypt(password, salt, params, key.as_mut());
    key
}

/// A PBKDF2 iteration count from a file, checked against [`MAX_PBKDF2_ITERATIONS`].
pub(super) fn pbkdf2_iterations(format: Format, iterations: u64) -> Result<u32, ImportError> {
    if iterations == 0 {
        return Err(ImportError::corrupt(format, "its key derivation has zero iterations"));
    }
    if iterations > MAX_PBKDF2_ITERATIONS {
        return Err(ImportError::KdfTooExpensive {
            format,
            detail: format!("{iterations} PBKDF2 iterations, at most {MAX_PBKDF2_ITERATIONS} are accepted"),
        });
    }
    // Below 10,000,000, so it fits.
    Ok(iterations as u32)
}

/// PBKDF2-HMAC-SHA256 into a 256-bit key.
pub(super) fn pbkdf2_sha256(password: &[u8], salt: &[u8], iterations: u32) -> Key {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, key.as_mut());
    key
}

/// PBKDF2-HMAC-SHA1 into a 256-bit key.
pub(super) fn pbkdf2_sha1(password: &[u8], salt: &[u8], iterations: u32) -> Key {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, iterations, key.as_mut());
    key
}

/// PBKDF2-HMAC-SHA512 into a 256-bit key (FreeOTP 2).
pub(super) fn pbkdf2_sha512(password: &[u8], salt: &[u8], iterations: u32) -> Key {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, iterations, key.as_mut());
    key
}

/// Argon2id (RFC 9106) into a 256-bit key, with parameters the caller fixes
/// (never read from a file: Authenticator Pro's are the app's constants).
/// `None` when the parameters are not valid Argon2 parameters.
pub(super) fn argon2id(password: &[u8], salt: &[u8], passes: u32, memory_kib: u32, lanes: u32) -> Option<Key> {
    use argon2::{Algorithm, Argon2, Params, Version};
    let params = Params::new(memory_kib, passes, lanes, Some(KEY_LEN)).ok()?;
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params).hash_password_into(password, salt, key.as_mut()).ok()?;
    Some(key)
}

/// Decrypts ciphertext with its tag appended, authenticating `aad` too
/// (FreeOTP 2 binds each key to its algorithm's name this way).
pub(super) fn open_with_aad(key: &[u8; KEY_LEN], nonce: &[u8], sealed: &[u8], aad: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let nonce: [u8; NONCE_LEN] = nonce.try_into().ok()?;
    let split = sealed.len().checked_sub(TAG_LEN)?;
    let (ciphertext, tag) = sealed.split_at(split);
    let tag: [u8; TAG_LEN] = tag.try_into().ok()?;
    let mut buffer = Zeroizing::new(ciphertext.to_vec());
    Aes256Gcm::new(key.into())
        .decrypt_inout_detached(&Nonce::from(nonce), aad, buffer.as_mut_slice().into(), &Tag::from(tag))
        .ok()?;
    Some(buffer)
}

/// SHA-256 of the password as the key (andOTP before 0.6.3; not a real KDF).
pub(super) fn sha256_key(password: &[u8]) -> Key {
    use sha2::Digest;
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    key.copy_from_slice(&sha2::Sha256::digest(password));
    key
}

/// AES-256-CBC decryption with PKCS#7 padding removed; `None` when the
/// length is not whole blocks or the padding is wrong (a wrong key, most
/// often: CBC has no tag, so a wrong key shows only as bad padding, and
/// one time in about 256 not even so; callers check what comes out).
pub(super) fn aes256_cbc_open(key: &[u8; KEY_LEN], iv: &[u8; 16], ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let mut out = aes256_cbc_decrypt(key, iv, ciphertext)?;
    let pad = usize::from(*out.last()?);
    if pad == 0 || pad > 16 || !out[out.len() - pad..].iter().all(|&b| usize::from(b) == pad) {
        return None;
    }
    let keep = out.len() - pad;
    out.truncate(keep);
    Some(out)
}

/// AES-256-CBC decryption of whole blocks, the padding left on; `None` when
/// the length is not whole blocks.
pub(super) fn aes256_cbc_decrypt(key: &[u8; KEY_LEN], iv: &[u8; 16], ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    use aes_gcm::aes::cipher::{BlockCipherDecrypt, KeyInit as _};
    use aes_gcm::aes::Aes256;
    if ciphertext.is_empty() || !ciphertext.len().is_multiple_of(16) {
        return None;
    }
    let cipher = Aes256::new(key.into());
    let mut out = Zeroizing::new(ciphertext.to_vec());
    let mut previous = *iv;
    for block in out.chunks_exact_mut(16) {
        let mut current = [0u8; 16];
        current.copy_from_slice(block);
        let mut b = aes_gcm::aes::Block::from(current);
        cipher.decrypt_block(&mut b);
        for ((out, plain), prev) in block.iter_mut().zip(b.iter()).zip(previous.iter()) {
            *out = plain ^ prev;
        }
        previous = current;
        current.zeroize();
    }
    Some(out)
}

/// Hexadecimal in either case.
pub(super) fn hex(text: &str) -> Option<Vec<u8>> {
    HEXLOWER_PERMISSIVE.decode(text.trim().as_bytes()).ok()
}

/// Standard base64 as Java and Android write it: with or without `=` padding,
/// line breaks allowed (Android's default encoder wraps at 76 characters).
pub(super) fn base64(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    let mut clean = Zeroizing::new(Vec::with_capacity(text.len()));
    clean.extend(text.bytes().filter(|b| !b.is_ascii_whitespace()));
    while clean.last() == Some(&b'=') {
        clean.pop();
    }
    BASE64_NOPAD.decode(&clean).ok().map(Zeroizing::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrypt_bounds() {
        assert!(scrypt_params(Format::Aegis, 32768, 8, 1).is_ok());
        assert!(scrypt_params(Format::Aegis, 1 << 20, 2, 1).is_ok());
        let expensive =
            |n, r, p| matches!(scrypt_params(Format::Aegis, n, r, p), Err(ImportError::KdfTooExpensive { .. }));
        assert!(expensive(1 << 21, 1, 1));
        assert!(expensive(1 << 20, 16, 1)); // 2 GiB
        assert!(expensive(1 << 15, 17, 1));
        assert!(expensive(1 << 15, 8, 5));
        assert!(expensive(u64::MAX / 2 + 1, 8, 1));
        let damaged = |n, r, p| matches!(scrypt_params(Format::Aegis, n, r, p), Err(ImportError::Corrupt { .. }));
        assert!(damaged(0, 8, 1));
        assert!(damaged(1, 8, 1));
        assert!(damaged(1000, 8, 1));
        assert!(damaged(32768, 0, 1));
        assert!(damaged(32768, 8, 0));
    }

    #[test]
    fn pbkdf2_bounds() {
        assert_eq!(pbkdf2_iterations(Format::AndOtpEncrypted, 150_000).ok(), Some(150_000));
        assert!(matches!(pbkdf2_iterations(Format::AndOtpEncrypted, 0), Err(ImportError::Corrupt { .. })));
        assert!(matches!(
            pbkdf2_iterations(Format::AndOtpEncrypted, MAX_PBKDF2_ITERATIONS + 1),
            Err(ImportError::KdfTooExpensive { .. })
        ));
    }

    #[test]
    fn rfc_vectors() {
        // RFC 7914 section 12, second vector (N = 1024, r = 8, p = 16 is over our p bound, so
        // check the first 32 bytes of "password"/"NaCl" with p = 16 through scrypt directly).
        let params = scrypt::Params::new(10, 8, 16).unwrap();
        let key = scrypt_key(b"password", b"NaCl", &params);
        assert_eq!(
            data_encoding::HEXLOWER.encode(key.as_ref()),
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
        );
        // RFC 6070 is for SHA-1 with 20-byte output; its first 20 bytes must match.
        let key = pbkdf2_sha1(b"password", b"salt", 2);
        assert_eq!(data_encoding::HEXLOWER.encode(&key[..20]), "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
    }

    #[test]
    fn gcm_round_trip_and_refusals() {
        use aes_gcm::aead::AeadInOut;
        let key = [7u8; KEY_LEN];
        let nonce = [9u8; NONCE_LEN];
        let mut buffer = b"hello".to_vec();
        let tag = Aes256Gcm::new(&key.into())
            .encrypt_inout_detached(&Nonce::from(nonce), b"", buffer.as_mut_slice().into())
            .unwrap();
        let opened = open_detached(&key, &nonce, &buffer, &tag).unwrap();
        assert_eq!(opened.as_slice(), b"hello");
        assert!(open_detached(&[8u8; KEY_LEN], &nonce, &buffer, &tag).is_none());
        assert!(open_detached(&key, &nonce[..11], &buffer, &tag).is_none());
        assert!(open(&key, &nonce, &tag[..5]).is_none());
    }

    #[test]
    fn cbc_against_sp800_38a() {
        // NIST SP 800-38A F.2.6 (CBC-AES256.Decrypt), the first block, with a padding block
        // of our own appended (its ciphertext computed by encrypting 16 × 0x10 after it).
        let key: [u8; KEY_LEN] =
            hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4").unwrap().try_into().unwrap();
        let iv: [u8; 16] = hex("000102030405060708090a0b0c0d0e0f").unwrap().try_into().unwrap();
        let sealed = hex("f58c4c04d6e5f1ba779eabfb5f7bfbd6485a5c81519cf378fa36d42b8547edc0").unwrap();
        let plain = aes256_cbc_open(&key, &iv, &sealed).unwrap();
        assert_eq!(plain.as_slice(), hex("6bc1bee22e409f96e93d7e117393172a").unwrap());
        let one = &sealed[..16];
        assert!(aes256_cbc_open(&key, &iv, one).is_none(), "no valid padding in the vector's block");
        assert!(aes256_cbc_open(&key, &iv, &one[..15]).is_none());
        assert!(aes256_cbc_open(&key, &iv, &[]).is_none());
    }

    #[test]
    fn lenient_base64() {
        assert_eq!(base64("aGVsbG8=").unwrap().as_slice(), b"hello");
        assert_eq!(base64("aGVs\nbG8").unwrap().as_slice(), b"hello");
        assert!(base64("a*b").is_none());
        assert_eq!(hex("0aFF").unwrap(), [10, 255]);
        assert!(hex("0g").is_none());
    }
}
