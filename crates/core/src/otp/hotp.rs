//! RFC 4226 section 5.3: HMAC over the big-endian counter, dynamic truncation.

use hmac::{KeyInit, Mac};

use super::Algorithm;

/// The 31-bit value RFC 4226 truncates the HMAC of `counter` to, before the
/// `mod 10^digits`. Any key length is valid for HMAC, so this cannot fail.
pub fn hotp_value(algorithm: Algorithm, key: &[u8], counter: u64) -> u32 {
    let message = counter.to_be_bytes();
    match algorithm {
        Algorithm::Sha1 => truncate(&mac::<hmac::Hmac<sha1::Sha1>>(key, &message)),
        Algorithm::Sha256 => truncate(&mac::<hmac::Hmac<sha2::Sha256>>(key, &message)),
        Algorithm::Sha512 => truncate(&mac::<hmac::Hmac<sha2::Sha512>>(key, &message)),
    }
}

fn mac<M: Mac + KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut m = <M as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length");
    m.update(message);
    m.finalize().into_bytes().to_vec()
}

fn truncate(digest: &[u8]) -> u32 {
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let bytes = [digest[offset], digest[offset + 1], digest[offset + 2], digest[offset + 3]];
    u32::from_be_bytes(bytes) & 0x7fff_ffff
}
