//! One-time codes: TOTP (RFC 6238), HOTP (RFC 4226) and Steam Guard.
//!
//! The method (TOTP, HOTP, Steam) is a separate type from the hash
//! [`Algorithm`], as in GNOME Authenticator: Steam is a TOTP with its own
//! alphabet, not a hash.

mod hotp;

use serde::{Deserialize, Serialize};
use totp_rs::{Algorithm as TotpRsAlgorithm, Builder};

use crate::secret::Secret;

pub use hotp::hotp_value;

/// Fewest digits a TOTP or HOTP code may have.
pub const MIN_DIGITS: u8 = 6;
/// Most digits a TOTP or HOTP code may have (a 31-bit value has 10 digits).
pub const MAX_DIGITS: u8 = 10;
/// Steam Guard codes are always five characters.
pub const STEAM_DIGITS: u8 = 5;
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
}

impl OtpKind {
    /// Lower-case name, as in URIs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            OtpKind::Totp => "totp",
            OtpKind::Hotp => "hotp",
            OtpKind::Steam => "steam",
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

    fn checked(kind: OtpKind, secret: Secret, algorithm: Algorithm, digits: u8, period: u32, counter: u64) -> Result<Self, OtpError> {
        if secret.is_empty() {
            return Err(OtpError::EmptySecret);
        }
        Ok(Otp { kind, algorithm, digits, period, counter, secret })
    }

    /// TOTP, HOTP or Steam.
    pub fn kind(&self) -> OtpKind {
        self.kind
    }
    /// The HMAC hash.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
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
            OtpKind::Totp | OtpKind::Steam => self.code_for_counter(unix_seconds / u64::from(self.period)),
        }
    }

    /// The code that follows: the next period's, or the next counter's.
    pub fn next_code_at(&self, unix_seconds: u64) -> String {
        match self.kind {
            OtpKind::Hotp => self.code_for_counter(self.counter.wrapping_add(1)),
            // Wrapping, like HOTP's counter: a clock at the end of time must not panic (found by fuzzing).
            OtpKind::Totp | OtpKind::Steam => {
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
        match self.kind {
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

fn check_period(period: u64) -> Result<u32, OtpError> {
    match period {
        0 => Err(OtpError::ZeroPeriod),
        p if p > u64::from(MAX_PERIOD) => Err(OtpError::PeriodTooLong { period: p }),
        p => Ok(p as u32),
    }
}

#[cfg(test)]
mod tests;
