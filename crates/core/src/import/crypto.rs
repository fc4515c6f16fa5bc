//! The primitives the encrypted exports use, with the bounds on what a file may ask for.
//!
//! - AES-256-GCM (NIST SP 800-38D), 96-bit nonce, 128-bit tag: Aegis, 2FAS, andOTP,
//!   Authenticator Pro, FreeOTP 2 (with associated data).
//! - scrypt (RFC 7914): Aegis password slots.
//! - PBKDF2 (RFC 8018) with HMAC-SHA256 (2FAS), HMAC-SHA1 (andOTP, FreeOTP 2) or
//!   HMAC-SHA512 (FreeOTP 2).
//! - Argon2id (RFC 9106): Authenticator Pro's and Proton Authenticator's encrypted exports, at
//!   the apps' fixed cost; Ente Auth's and Bitwarden's, with the cost the file gives, bounded.
//! - AES-256-CBC with PKCS#7 padding: Bitwarden's password-protected export (with
//!   HMAC-SHA256 over IV and ciphertext, keys stretched by HKDF-Expand, RFC 5869) and
//!   Authenticator Pro's legacy backups (PBKDF2-SHA1, no integrity check at all); Authy's
//!   backup-password secrets and TOTP Authenticator's backups, both with an all-zero IV.
//! - libsodium's `crypto_secretstream_xchacha20poly1305`: Ente Auth's encrypted export.
//!
//! Keys and plaintext only ever live in [`Zeroizing`] buffers.

use aes_gcm::aead::AeadInOut;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce, Tag};
use data_encoding::{BASE64_NOPAD, HEXLOWER_PERMISSIVE};
use zeroize::Zeroizing;

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
/// Most memory Argon2 may use when a file sets it (1 GiB, libsodium's "sensitive" level;
/// Ente's interactive exports use 64 MiB, Bitwarden's default is 64 MiB and its highest 1 GiB).
pub(super) const MAX_ARGON2_MEMORY_KIB: u64 = 1 << 20;
/// Most Argon2 passes a file may ask for (Bitwarden allows at most 10).
pub(super) const MAX_ARGON2_PASSES: u64 = 64;
/// Most Argon2 lanes a file may ask for (Bitwarden allows at most 16).
pub(super) const MAX_ARGON2_LANES: u64 = 16;
/// Most Argon2 work, memory times passes (1 GiB × 4 passes: libsodium's "sensitive"
/// level, and what Ente's fallbacks for smaller phones, half the memory for twice the
/// passes, come to as well).
pub(super) const MAX_ARGON2_WORK_KIB: u64 = 4 << 20;

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
/// (Authenticator Pro's and Proton's are the apps' constants) or has checked
/// with [`argon2_params`].
/// `None` when the parameters are not valid Argon2 parameters.
pub(super) fn argon2id(password: &[u8], salt: &[u8], passes: u32, memory_kib: u32, lanes: u32) -> Option<Key> {
    use argon2::{Algorithm, Argon2, Params, Version};
    let params = Params::new(memory_kib, passes, lanes, Some(KEY_LEN)).ok()?;
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params).hash_password_into(password, salt, key.as_mut()).ok()?;
    Some(key)
}

/// Argon2id parameters from a file (memory in KiB), checked against the bounds above
/// before any work: `(memory_kib, passes, lanes)` for [`argon2id`].
pub(super) fn argon2_params(format: Format, memory_kib: u64, passes: u64, lanes: u64) -> Result<(u32, u32, u32), ImportError> {
    let too_much = |detail: String| ImportError::KdfTooExpensive { format, detail };
    if passes == 0 || lanes == 0 {
        return Err(ImportError::corrupt(format, "its Argon2 passes or lanes are zero"));
    }
    if memory_kib < 8 * lanes {
        return Err(ImportError::corrupt(format, "its Argon2 memory is below the least Argon2 allows"));
    }
    if memory_kib > MAX_ARGON2_MEMORY_KIB {
        return Err(too_much(format!(
            "Argon2 would need {} MiB of memory, at most {} MiB is accepted",
            memory_kib >> 10,
            MAX_ARGON2_MEMORY_KIB >> 10
        )));
    }
    if passes > MAX_ARGON2_PASSES {
        return Err(too_much(format!("{passes} Argon2 passes, at most {MAX_ARGON2_PASSES} are accepted")));
    }
    if lanes > MAX_ARGON2_LANES {
        return Err(too_much(format!("{lanes} Argon2 lanes, at most {MAX_ARGON2_LANES} are accepted")));
    }
    // Both factors are bounded above, so this cannot overflow.
    if memory_kib * passes > MAX_ARGON2_WORK_KIB {
        return Err(too_much(format!(
            "Argon2 with {} MiB and {passes} passes is more work than the {} MiB × 4 passes accepted",
            memory_kib >> 10,
            MAX_ARGON2_MEMORY_KIB >> 10
        )));
    }
    // In range by the checks above.
    Ok((memory_kib as u32, passes as u32, lanes as u32))
}

/// AES-256-CBC with PKCS#7 padding; `None` when the IV is not 16 bytes, the
/// ciphertext not whole blocks, or the padding wrong (a wrong key, usually).
pub(super) fn aes256_cbc_decrypt(key: &[u8; KEY_LEN], iv: &[u8], ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    use cbc::cipher::block_padding::Pkcs7;
    use cbc::cipher::{BlockModeDecrypt, KeyIvInit};
    let iv: [u8; 16] = iv.try_into().ok()?;
    if ciphertext.is_empty() || !ciphertext.len().is_multiple_of(16) {
        return None;
    }
    let mut buffer = Zeroizing::new(ciphertext.to_vec());
    let decryptor = cbc::Decryptor::<aes::Aes256>::new(key.into(), &iv.into());
    let len = decryptor.decrypt_padded::<Pkcs7>(buffer.as_mut_slice()).ok()?.len();
    buffer.truncate(len);
    Some(buffer)
}

/// HMAC-SHA256 of `parts`, one after the other.
pub(super) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    use hmac::Mac;
    // HMAC takes a key of any length.
    let mut mac = <hmac::Hmac<sha2::Sha256> as hmac::KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// Whether two MACs are equal, in time that does not depend on where they differ.
pub(super) fn same_mac(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// HKDF-Expand (RFC 5869) with SHA-256 of `prk` into one 256-bit key: T(1) = HMAC(prk, info ‖ 1).
pub(super) fn hkdf_expand_sha256(prk: &[u8], info: &[u8]) -> Key {
    Zeroizing::new(hmac_sha256(prk, &[info, &[1]]))
}

/// Bytes of a secretstream header (the XChaCha20 nonce).
pub(super) const SECRETSTREAM_HEADER_LEN: usize = 24;
/// What secretstream adds to each message: the encrypted tag byte and the Poly1305 MAC.
pub(super) const SECRETSTREAM_ABYTES: usize = 1 + 16;

/// Opens a libsodium `crypto_secretstream_xchacha20poly1305` stream that holds
/// one message (as `crypto_secretstream_xchacha20poly1305_pull` does for the
/// first message after `init_pull`), without associated data. Returns the
/// message and its tag byte; `None` when the key is wrong or the bytes damaged.
///
/// The state: k = HChaCha20(key, header[..16]); nonce = counter 1 (32-bit LE) ‖ header[16..].
/// A message is c[0] = tag ⊕ keystream(block 1)[0], then the message under the keystream
/// from block 2, then Poly1305 (key: block 0) over ad, pad, the 64-byte block 1 with
/// c[0] first, the ciphertext, pad, le64(adlen), le64(64 + mlen). The second pad is
/// `(0x10 - 64 + mlen) & 0xf` bytes, as libsodium computes it: mlen mod 16, not the
/// complement to a whole block.
pub(super) fn secretstream_open_one(key: &[u8; KEY_LEN], header: &[u8], sealed: &[u8]) -> Option<(Zeroizing<Vec<u8>>, u8)> {
    use chacha20::cipher::{KeyIvInit, StreamCipher, StreamCipherSeek};
    use poly1305::universal_hash::KeyInit as _;
    let header: &[u8; SECRETSTREAM_HEADER_LEN] = header.try_into().ok()?;
    let mlen = sealed.len().checked_sub(SECRETSTREAM_ABYTES)?;
    let (first, rest) = sealed.split_first()?;
    let (ciphertext, mac) = rest.split_at(mlen);
    let hchacha_input: [u8; 16] = header[..16].try_into().ok()?;
    let subkey = Zeroizing::new(<[u8; 32]>::from(chacha20::hchacha::<chacha20::R20>(key.into(), &hchacha_input.into())));
    let mut nonce = [0u8; NONCE_LEN];
    nonce[..4].copy_from_slice(&1u32.to_le_bytes());
    nonce[4..].copy_from_slice(&header[16..]);
    let mut stream = chacha20::ChaCha20::new((&*subkey).into(), &nonce.into());
    // Block 0: the Poly1305 key.
    let mut poly_key = Zeroizing::new([0u8; 64]);
    stream.apply_keystream(poly_key.as_mut());
    // Block 1: the tag byte's keystream, and the rest of the block, all authenticated.
    let mut block = Zeroizing::new([0u8; 64]);
    block[0] = *first;
    stream.apply_keystream(block.as_mut());
    let tag = block[0];
    block[0] = *first;
    let pad = mlen % 16;
    let mut authenticated = Zeroizing::new(Vec::with_capacity(64 + mlen + pad + 16));
    authenticated.extend_from_slice(block.as_ref());
    authenticated.extend_from_slice(ciphertext);
    let padded = authenticated.len() + pad;
    authenticated.resize(padded, 0);
    authenticated.extend_from_slice(&0u64.to_le_bytes());
    authenticated.extend_from_slice(&(64 + mlen as u64).to_le_bytes());
    let poly_key: [u8; 32] = poly_key[..32].try_into().ok()?;
    let expected = poly1305::Poly1305::new(&poly_key.into()).compute_unpadded(&authenticated);
    if !same_mac(expected.as_slice(), mac) {
        return None;
    }
    // Block 2 on: the message.
    stream.seek(128u64);
    let mut message = Zeroizing::new(ciphertext.to_vec());
    stream.apply_keystream(message.as_mut_slice());
    Some((message, tag))
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

/// AES-256-CBC decryption of whole blocks, the padding left on (to look at a first block
/// alone); `None` when the length is not whole blocks.
pub(super) fn aes256_cbc_raw(key: &[u8; KEY_LEN], iv: &[u8; 16], ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    use cbc::cipher::block_padding::NoPadding;
    use cbc::cipher::{BlockModeDecrypt, KeyIvInit};
    if ciphertext.is_empty() || !ciphertext.len().is_multiple_of(16) {
        return None;
    }
    let mut buffer = Zeroizing::new(ciphertext.to_vec());
    let decryptor = cbc::Decryptor::<aes::Aes256>::new(key.into(), iv.into());
    decryptor.decrypt_padded::<NoPadding>(buffer.as_mut_slice()).ok()?;
    Some(buffer)
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
    fn argon2_bounds() {
        // Ente's interactive and sensitive levels (and its fallback), Bitwarden's default and highest.
        for (memory_kib, passes, lanes) in [(64 << 10, 2, 1), (1 << 20, 4, 1), (256 << 10, 16, 1), (64 << 10, 3, 4), (1 << 20, 3, 16)] {
            assert!(argon2_params(Format::Ente, memory_kib, passes, lanes).is_ok(), "{memory_kib} {passes} {lanes}");
        }
        let expensive = |m, t, p| matches!(argon2_params(Format::Ente, m, t, p), Err(ImportError::KdfTooExpensive { .. }));
        assert!(expensive((1 << 20) + 1, 1, 1));
        assert!(expensive(1 << 20, 5, 1));
        assert!(expensive(64, 65, 1));
        assert!(expensive(1 << 10, 3, 17));
        assert!(expensive(u64::MAX, 1, 1));
        let damaged = |m, t, p| matches!(argon2_params(Format::Ente, m, t, p), Err(ImportError::Corrupt { .. }));
        assert!(damaged(64, 0, 1));
        assert!(damaged(64, 1, 0));
        assert!(damaged(7, 1, 1));
        assert!(damaged(31, 1, 4));
    }

    #[test]
    fn secretstream_matches_libsodium() {
        // Made by gen_encrypted.py's push and opened by libsodium's own pull (PyNaCl):
        // key 32 × 0x01, header 24 × 0x02, one message with TAG_FINAL.
        let key = [1u8; KEY_LEN];
        let header = [2u8; SECRETSTREAM_HEADER_LEN];
        let sealed = |hex: &str| data_encoding::HEXLOWER.decode(hex.as_bytes()).unwrap();
        let (message, tag) = secretstream_open_one(&key, &header, &sealed("91ebbb173073ae0edc2aa63eee3c9fc7a9a50452c53a")).unwrap();
        assert_eq!((message.as_slice(), tag), (&b"hello"[..], 3));
        let (message, tag) = secretstream_open_one(&key, &header, &sealed("910cfd3bb39bbd63eb508e4b97bc430b7d")).unwrap();
        assert_eq!((message.as_slice(), tag), (&b""[..], 3));
        let long = sealed(concat!(
            "9183df795f1888a7324691babe50f349f0de54f7274ebf3e0dabceb53572473968680ae6136bf4170a421d0d164b296a",
            "d235f7ad3ea9792a11998f30b748cc22de0845c426cff9e45d6c56def751e0675b86ad136c924fc2a26a0fbdf07d76f5",
            "11a8fe9ca54f497a1e4c61f8e1c79366ec8c1e4005"
        ));
        let (message, _) = secretstream_open_one(&key, &header, &long).unwrap();
        assert_eq!(message.as_slice(), (0..100u8).collect::<Vec<_>>());
        // Any change, a wrong key or header, or a cut: nothing opens.
        for at in [0, 1, long.len() / 2, long.len() - 1] {
            let mut changed = long.clone();
            changed[at] ^= 1;
            assert!(secretstream_open_one(&key, &header, &changed).is_none(), "{at}");
        }
        assert!(secretstream_open_one(&[3u8; KEY_LEN], &header, &long).is_none());
        assert!(secretstream_open_one(&key, &[3u8; SECRETSTREAM_HEADER_LEN], &long).is_none());
        assert!(secretstream_open_one(&key, &header[..23], &long).is_none());
        assert!(secretstream_open_one(&key, &header, &long[..16]).is_none());
        assert!(secretstream_open_one(&key, &header, &long[..long.len() - 1]).is_none());
    }

    #[test]
    fn cbc_and_hkdf() {
        // RFC 5869 test case 1's PRK and info, first 32 bytes of its OKM.
        let prk = data_encoding::HEXLOWER.decode(b"077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5").unwrap();
        let info = data_encoding::HEXLOWER.decode(b"f0f1f2f3f4f5f6f7f8f9").unwrap();
        assert_eq!(
            data_encoding::HEXLOWER.encode(hkdf_expand_sha256(&prk, &info).as_ref()),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
        );
        assert!(aes256_cbc_decrypt(&[0; KEY_LEN], &[0; 16], &[]).is_none());
        assert!(aes256_cbc_decrypt(&[0; KEY_LEN], &[0; 16], &[0; 15]).is_none());
        assert!(aes256_cbc_decrypt(&[0; KEY_LEN], &[0; 12], &[0; 16]).is_none());
        assert!(same_mac(b"abc", b"abc") && !same_mac(b"abc", b"abd") && !same_mac(b"abc", b"ab"));
    }

    #[test]
    fn cbc_against_sp800_38a() {
        // NIST SP 800-38A F.2.6 (CBC-AES256.Decrypt), the first block, with a padding block
        // of our own appended (its ciphertext computed by encrypting 16 × 0x10 after it).
        let key: [u8; KEY_LEN] =
            hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4").unwrap().try_into().unwrap();
        let iv: [u8; 16] = hex("000102030405060708090a0b0c0d0e0f").unwrap().try_into().unwrap();
        let sealed = hex("f58c4c04d6e5f1ba779eabfb5f7bfbd6485a5c81519cf378fa36d42b8547edc0").unwrap();
        let plain = aes256_cbc_decrypt(&key, &iv, &sealed).unwrap();
        assert_eq!(plain.as_slice(), hex("6bc1bee22e409f96e93d7e117393172a").unwrap());
        let one = &sealed[..16];
        assert!(aes256_cbc_decrypt(&key, &iv, one).is_none(), "no valid padding in the vector's block");
        assert!(aes256_cbc_decrypt(&key, &iv, &one[..15]).is_none());
        assert!(aes256_cbc_decrypt(&key, &iv, &[]).is_none());
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
