//! The two kinds that mix a PIN into the key: mOTP and Yandex Key.
//!
//! - mOTP ("Mobile-OTP", motp.sourceforge.net): the code is the first six
//!   hex digits of MD5 over the decimal 10-second step, the secret in lower
//!   case hex and the PIN, all as text. Aegis (`MOTP.java`) and Authenticator
//!   Pro (`MobileOtp.cs`) compute it so.
//! - Yandex Key: the HMAC key is SHA-256 of the PIN's UTF-8 bytes followed by
//!   the 16-byte secret, less its first byte when that byte is zero; the code
//!   is RFC 4226's dynamic truncation, widened to 63 bits, of HMAC-SHA256 over
//!   the 30-second step, written as eight letters `a`–`z` (base 26). Aegis
//!   (`YAOTP.java`) and Authenticator Pro (`YandexOtp.cs`) compute it so.

use std::fmt;

use hmac::{KeyInit, Mac};
use md5::Md5;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// Most characters of a PIN (Yandex Key asks for 4 to 16; mOTP PINs are 4).
pub const MAX_PIN_CHARS: usize = 64;
/// Fewest characters of a Yandex Key PIN.
pub const YANDEX_MIN_PIN: usize = 4;
/// Most characters of a Yandex Key PIN.
pub const YANDEX_MAX_PIN: usize = 16;
/// Bytes of a Yandex secret as its QR code carries it.
pub const YANDEX_SECRET_LEN: usize = 16;
/// Bytes of a Yandex secret as the Yandex app shows it: 16 bytes, padding, a 12-bit checksum.
pub const YANDEX_FULL_SECRET_LEN: usize = 26;

/// The PIN of an mOTP or Yandex account: a secret like the key itself.
///
/// Wiped when dropped; `Debug` shows neither the text nor its length.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(Zeroizing<String>);

impl Pin {
    /// Wraps a PIN as typed (kept exactly: it is hashed as UTF-8 bytes).
    pub fn new(text: impl Into<String>) -> Self {
        Pin(Zeroizing::new(text.into()))
    }

    /// The PIN text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Characters in the PIN.
    pub fn chars(&self) -> usize {
        self.0.chars().count()
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(<redacted>)")
    }
}

/// The mOTP code for a 10-second `step`.
pub(super) fn motp_code(secret: &[u8], pin: &Pin, step: u64) -> String {
    let mut text = Zeroizing::new(step.to_string());
    for byte in secret {
        text.push(char::from(HEX[usize::from(byte >> 4)]));
        text.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    text.push_str(pin.as_str());
    let digest = Md5::digest(text.as_bytes());
    digest.iter().take(3).flat_map(|b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0x0f)]]).map(char::from).collect()
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The Yandex Key code for a 30-second `step` (`secret` is the 16-byte key).
pub(super) fn yandex_code(secret: &[u8], pin: &Pin, step: u64) -> String {
    let mut input = Zeroizing::new(Vec::with_capacity(pin.as_str().len() + secret.len()));
    input.extend_from_slice(pin.as_str().as_bytes());
    input.extend_from_slice(secret);
    let key = Zeroizing::new(Sha256::digest(input.as_slice()).to_vec());
    let key = if key[0] == 0 { &key[1..] } else { &key[..] };
    let mut mac = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let mut wide = [0u8; 8];
    wide.copy_from_slice(&digest[offset..offset + 8]);
    let mut value = (u64::from_be_bytes(wide) & 0x7fff_ffff_ffff_ffff) % 26u64.pow(8);
    let mut letters = [b'a'; 8];
    for slot in letters.iter_mut().rev() {
        *slot = b'a' + (value % 26) as u8;
        value /= 26;
    }
    letters.iter().map(|b| char::from(*b)).collect()
}

/// The 16-byte key of a Yandex secret: 16 bytes as they are (QR codes carry
/// no checksum); 26 bytes (as the Yandex app shows the secret) when their
/// checksum holds, cut to the first 16.
pub fn yandex_key(secret: &[u8]) -> Result<&[u8], String> {
    match secret.len() {
        YANDEX_SECRET_LEN => Ok(secret),
        YANDEX_FULL_SECRET_LEN if yandex_checksum_holds(secret) => Ok(&secret[..YANDEX_SECRET_LEN]),
        YANDEX_FULL_SECRET_LEN => Err("its Yandex secret fails its checksum (a character was mistyped)".into()),
        n => Err(format!("a Yandex secret has 16 or 26 bytes, not {n}")),
    }
}

/// The check of a 26-byte Yandex secret: its last 12 bits against a
/// remainder of the bits before them, reduced 13 bits at a time by 0x18f3,
/// in the steps KeeYaOtp and Aegis (`YandexInfo.validateSecret`) take (a
/// block that starts with zero bits is reduced all the same, so this is not
/// plain polynomial division).
fn yandex_checksum_holds(secret: &[u8]) -> bool {
    let n = secret.len();
    let stored = (u32::from(secret[n - 2] & 0x0f) << 8) | u32::from(secret[n - 1]);
    let total = n * 8 - 12;
    let bit = |i: usize| u32::from(secret[i / 8] >> (7 - i % 8) & 1);
    let (mut accum, mut accum_bits, mut pos) = (0u32, 0usize, 0usize);
    while pos < total {
        let take = (13 - accum_bits).min(total - pos);
        for _ in 0..take {
            accum = (accum << 1) | bit(pos);
            pos += 1;
        }
        accum_bits += take;
        if accum_bits == 13 {
            accum ^= 0x18f3;
        }
        accum_bits = (32 - accum.leading_zeros()) as usize;
    }
    accum == stored
}
