//! One-time codes: TOTP (RFC 6238), HOTP (RFC 4226), Steam Guard, mOTP and
//! Yandex Key.
//!
//! The method (TOTP, HOTP, Steam, mOTP, Yandex) is a separate type from the
//! hash [`Algorithm`], as in GNOME Authenticator: Steam is a TOTP with its own
//! alphabet, not a hash. mOTP and Yandex mix a [`Pin`] into every code (see
//! [`pin`](self) for how).

mod hotp;
mod pin;

use serde::{Deserialize, Serialize};
use totp_rs::{Algorithm as TotpRsAlgorithm, Builder};

use crate::secret::Secret;

pub use hotp::hotp_value;
pub use pin::{yandex_key, Pin, MAX_PIN_CHARS, YANDEX_MAX_PIN, YANDEX_MIN_PIN};

/// Fewest digits a TOTP or HOTP code may have.
pub const MIN_DIGITS: u8 = 6;
/// Most digits a TOTP or HOTP code may have (a 31-bit value has 10 digits).
pub const MAX_DIGITS: u8 = 10;
/// Steam Guard codes are always five characters.
pub const STEAM_DIGITS: u8 = 5;
/// mOTP codes are six hex digits, one every 10 seconds.
pub const MOTP_DIGITS: u8 = 6;
/// Seconds per mOTP code.
pub const MOTP_PERIOD: u32 = 10;
/// Yandex Key codes are eight letters, one every 30 seconds.
pub const YANDEX_DIGITS: u8 = 8;
/// Longest period accepted: a day. Longer ones are typos, not policies.
pub const MAX_PERIOD: u32 = 86_400;

/// How a code is derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OtpKind {
    /// Time-based (RFC 6238).
    Totp,
    /// Counter-based (RFC 4226).
    Hotp,
    /// Steam Guard: TOTP, SHA-1, 30 s, five characters from Steam's alphabet.
    Steam,
    /// Mobile-OTP: MD5 of the time, the secret and a PIN; 10 s, six hex digits.
    Motp,
    /// Yandex Key: HMAC-SHA256 keyed by the secret and a PIN; 30 s, eight letters.
    Yandex,
}

impl OtpKind {
    /// Lower-case name, as in URIs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            OtpKind::Totp => "totp",
            OtpKind::Hotp => "hotp",
            OtpKind::Steam => "steam",
            OtpKind::Motp => "motp",
            OtpKind::Yandex => "yandex",
        }
    }

    /// True for the kinds whose codes need a [`Pin`] (mOTP, Yandex).
    pub fn has_pin(self) -> bool {
        matches!(self, OtpKind::Motp | OtpKind::Yandex)
    }

    /// The name people know it by ("TOTP", "mOTP", "Yandex").
    pub fn display_name(self) -> &'static str {
        match self {
            OtpKind::Totp => "TOTP",
            OtpKind::Hotp => "HOTP",
            OtpKind::Steam => "Steam",
            OtpKind::Motp => "mOTP",
            OtpKind::Yandex => "Yandex",
        }
    }
}

/// The HMAC hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Algorithm {
    /// HMAC-SHA1, what nearly every site uses.
    #[default]
    Sha1,
    /// HMAC-SHA256.
    Sha256,
    /// HMAC-SHA512.
    Sha512,
}

impl Algorithm {
    /// Upper-case name, as in URIs and JSON (`SHA1`, `SHA256`, `SHA512`).
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }

    /// Reads a name in any case, with or without a hyphen (`sha1`, `SHA-256`).
    pub fn parse(name: &str) -> Option<Self> {
        let name: String = name.chars().filter(|c| *c != '-' && *c != '_').collect();
        match name.to_ascii_uppercase().as_str() {
            "SHA1" => Some(Algorithm::Sha1),
            "SHA256" => Some(Algorithm::Sha256),
            "SHA512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }

    fn to_totp_rs(self) -> TotpRsAlgorithm {
        match self {
            Algorithm::Sha1 => TotpRsAlgorithm::SHA1,
            Algorithm::Sha256 => TotpRsAlgorithm::SHA256,
            Algorithm::Sha512 => TotpRsAlgorithm::SHA512,
        }
    }
}

/// Why an OTP configuration cannot make codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OtpError {
    /// The secret has no bytes.
    #[error("the secret is empty")]
    EmptySecret,
    /// Digits outside 6–10 (or not 5 for Steam).
    #[error("{digits} digits is not supported: codes have 6 to 10 digits (Steam: 5)")]
    DigitsOutOfRange {
        /// The digits asked for.
        digits: u32,
    },
    /// A period of zero seconds.
    #[error("the period must be at least 1 second")]
    ZeroPeriod,
    /// A period longer than a day.
    #[error("a period of {period} seconds is too long (at most {MAX_PERIOD})")]
    PeriodTooLong {
        /// The period asked for.
        period: u64,
    },
    /// An mOTP or Yandex account without a PIN, or with one of a length the app refuses.
    #[error("{0}")]
    Pin(&'static str),
    /// A Yandex secret of the wrong length or with a failing checksum.
    #[error("{0}")]
    YandexSecret(String),
}

/// Everything needed to make codes for one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Otp {
    kind: OtpKind,
    algorithm: Algorithm,
    digits: u8,
    period: u32,
    counter: u64,
    secret: Secret,
    pin: Option<Pin>,
}

impl Otp {
    /// A TOTP generator; checks digits (6–10), period (1 s to a day) and secret.
    pub fn totp(secret: Secret, algorithm: Algorithm, digits: u32, period: u64) -> Result<Self, OtpError> {
        let digits = check_digits(digits, MIN_DIGITS..=MAX_DIGITS)?;
        let period = check_period(period)?;
        Self::checked(OtpKind::Totp, secret, algorithm, digits, period, 0)
    }

    /// A HOTP generator at `counter` (the counter of the next code to show).
    pub fn hotp(secret: Secret, algorithm: Algorithm, digits: u32, counter: u64) -> Result<Self, OtpError> {
        let digits = check_digits(digits, MIN_DIGITS..=MAX_DIGITS)?;
        Self::checked(OtpKind::Hotp, secret, algorithm, digits, 30, counter)
    }

    /// A Steam Guard generator (always SHA-1, 30 s, five characters).
    pub fn steam(secret: Secret) -> Result<Self, OtpError> {
        Self::checked(OtpKind::Steam, secret, Algorithm::Sha1, STEAM_DIGITS, 30, 0)
    }

    /// An mOTP generator (10 s, six hex digits). mOTP's secret is hex text;
    /// here it is its bytes (Aegis keeps it so): codes hash them as lower-case hex.
    pub fn motp(secret: Secret, pin: Pin) -> Result<Self, OtpError> {
        check_pin(&pin, 1, MAX_PIN_CHARS, "the mOTP PIN is empty or longer than 64 characters")?;
        let mut otp = Self::checked(OtpKind::Motp, secret, Algorithm::Sha1, MOTP_DIGITS, MOTP_PERIOD, 0)?;
        otp.pin = Some(pin);
        Ok(otp)
    }

    /// A Yandex Key generator (SHA-256, 30 s, eight letters). The secret has
    /// 16 bytes, or 26 with a checksum as the Yandex app shows it (cut to 16).
    pub fn yandex(secret: Secret, pin: Pin) -> Result<Self, OtpError> {
        check_pin(&pin, YANDEX_MIN_PIN, YANDEX_MAX_PIN, "a Yandex PIN has 4 to 16 characters")?;
        if secret.is_empty() {
            return Err(OtpError::EmptySecret);
        }
        let key = Secret::from_bytes(yandex_key(secret.as_bytes()).map_err(OtpError::YandexSecret)?.to_vec());
        let mut otp = Self::checked(OtpKind::Yandex, key, Algorithm::Sha256, YANDEX_DIGITS, 30, 0)?;
        otp.pin = Some(pin);
        Ok(otp)
    }

    fn checked(kind: OtpKind, secret: Secret, algorithm: Algorithm, digits: u8, period: u32, counter: u64) -> Result<Self, OtpError> {
        if secret.is_empty() {
            return Err(OtpError::EmptySecret);
        }
        Ok(Otp { kind, algorithm, digits, period, counter, secret, pin: None })
    }

    /// TOTP, HOTP, Steam, mOTP or Yandex.
    pub fn kind(&self) -> OtpKind {
        self.kind
    }
    /// The HMAC hash (SHA-256 for Yandex; meaningless for mOTP, which is MD5).
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
    /// The hash as apps name it: [`Otp::algorithm`]'s name, or `MD5` for mOTP.
    pub fn hash_name(&self) -> &'static str {
        match self.kind {
            OtpKind::Motp => "MD5",
            _ => self.algorithm.as_str(),
        }
    }
    /// Characters in a code.
    pub fn digits(&self) -> u8 {
        self.digits
    }
    /// Seconds per code (TOTP and Steam); `None` for HOTP.
    pub fn period(&self) -> Option<u32> {
        (self.kind != OtpKind::Hotp).then_some(self.period)
    }
    /// The counter of the next HOTP code; `None` for time-based kinds.
    pub fn counter(&self) -> Option<u64> {
        (self.kind == OtpKind::Hotp).then_some(self.counter)
    }
    /// The shared secret.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }
    /// The PIN of an mOTP or Yandex account; `None` for the other kinds.
    pub fn pin(&self) -> Option<&Pin> {
        self.pin.as_ref()
    }

    /// Moves a HOTP generator to another counter (no effect on time-based kinds).
    pub fn set_counter(&mut self, counter: u64) {
        if self.kind == OtpKind::Hotp {
            self.counter = counter;
        }
    }

    /// The code to show at `unix_seconds` (for HOTP, the code of the current counter).
    pub fn code_at(&self, unix_seconds: u64) -> String {
        match self.kind {
            OtpKind::Hotp => self.code_for_counter(self.counter),
            OtpKind::Totp | OtpKind::Steam | OtpKind::Motp | OtpKind::Yandex => {
                self.code_for_counter(unix_seconds / u64::from(self.period))
            }
        }
    }

    /// The code that follows: the next period's, or the next counter's.
    pub fn next_code_at(&self, unix_seconds: u64) -> String {
        match self.kind {
            OtpKind::Hotp => self.code_for_counter(self.counter.wrapping_add(1)),
            // Wrapping, like HOTP's counter: a clock at the end of time must not panic (found by fuzzing).
            OtpKind::Totp | OtpKind::Steam | OtpKind::Motp | OtpKind::Yandex => {
                self.code_for_counter((unix_seconds / u64::from(self.period)).wrapping_add(1))
            }
        }
    }

    /// Seconds until the code at `unix_seconds` changes (1..=period); `None` for HOTP.
    pub fn seconds_left(&self, unix_seconds: u64) -> Option<u32> {
        let period = u64::from(self.period()?);
        Some((period - unix_seconds % period) as u32)
    }

    /// The code for a step or counter value.
    ///
    /// totp-rs serves TOTP with 6–8 digits and Steam. It cannot serve HOTP
    /// (it has no counter API), nor 9–10 digits (its `Token` panics when
    /// 10^digits overflows a u32); those go through [`hotp_value`], our own
    /// RFC 4226 truncation. We call `build_noncompliant` on purpose: its
    /// `build` refuses secrets under 128 bits, and 80-bit secrets are common
    /// in real QR codes.
    fn code_for_counter(&self, counter: u64) -> String {
        let pin = || self.pin.as_ref().expect("mOTP and Yandex generators are built with a PIN");
        match self.kind {
            OtpKind::Motp => pin::motp_code(self.secret.as_bytes(), pin(), counter),
            OtpKind::Yandex => pin::yandex_code(self.secret.as_bytes(), pin(), counter),
            OtpKind::Steam => Builder::new()
                .with_algorithm(TotpRsAlgorithm::Steam)
                .with_digits(STEAM_DIGITS)
                .with_step_duration(1)
                .with_secret(self.secret.as_bytes().to_vec())
                .build_noncompliant()
                .generate(counter)
                .to_string(),
            OtpKind::Totp if self.digits <= 8 => Builder::new()
                .with_algorithm(self.algorithm.to_totp_rs())
                .with_digits(self.digits)
                .with_step_duration(1)
                .with_secret(self.secret.as_bytes().to_vec())
                .build_noncompliant()
                .generate(counter)
                .to_string(),
            OtpKind::Totp | OtpKind::Hotp => {
                let value = hotp_value(self.algorithm, self.secret.as_bytes(), counter);
                let modulo = 10u64.pow(u32::from(self.digits));
                format!("{:0width$}", u64::from(value) % modulo, width = usize::from(self.digits))
            }
        }
    }
}

fn check_digits(digits: u32, range: std::ops::RangeInclusive<u8>) -> Result<u8, OtpError> {
    u8::try_from(digits)
        .ok()
        .filter(|d| range.contains(d))
        .ok_or(OtpError::DigitsOutOfRange { digits })
}

fn check_pin(pin: &Pin, min: usize, max: usize, message: &'static str) -> Result<(), OtpError> {
    let chars = pin.chars();
    if chars < min || chars > max {
        return Err(OtpError::Pin(message));
    }
    Ok(())
}

fn check_period(period: u64) -> Result<u32, OtpError> {
    match period {
        0 => Err(OtpError::ZeroPeriod),
        p if p > u64::from(MAX_PERIOD) => Err(OtpError::PeriodTooLong { period: p }),
        p => Ok(p as u32),
    }
}

#[cfg(test)]
mod tests;
