//! What can go wrong reading or writing an export. No message ever holds a secret.

use std::fmt;

use crate::otp::OtpError;

/// Why an export (or one entry of it) cannot be read, or accounts cannot be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MigrationError {
    /// The text does not start with `otpauth-migration://offline`.
    #[error("this is not a Google Authenticator export: it should start with otpauth-migration://offline")]
    NotMigrationUri,
    /// No `data=` parameter, or an empty one.
    #[error("the export link has no data (its data=… part is missing or empty); was it cut off when copied?")]
    MissingData,
    /// `data=` appears more than once, so which to read is unclear.
    #[error("the export link has more than one data=… part, so it is unclear which one to read")]
    DuplicateData,
    /// `data` is not base64, even leniently read.
    #[error("the export data is not valid base64; was the link cut off or changed when copied?")]
    InvalidBase64,
    /// The input is larger than any real export; refused before decoding.
    #[error("the export is {len} bytes long, more than the {max} accepted (a real export QR code holds under 3,000)")]
    TooLarge {
        /// Bytes received.
        len: usize,
        /// Bytes accepted.
        max: usize,
    },
    /// More entries than any real export has; refused before decoding them.
    #[error("the export holds {count} accounts, more than the {max} accepted")]
    TooManyEntries {
        /// Entries found.
        count: usize,
        /// Entries accepted.
        max: usize,
    },
    /// The bytes are not a `MigrationPayload` protobuf.
    #[error("this is not a valid Google Authenticator export: the data is damaged or incomplete ({detail})")]
    InvalidPayload {
        /// The protobuf decoder's words (field names and wire details, never data).
        detail: String,
    },
    /// The payload decodes but holds no account at all.
    #[error("the export holds no accounts")]
    NoAccounts,
    /// `batch_index` / `batch_size` out of range (negative, too many, index past the end).
    #[error("the export's QR code numbering makes no sense (code {index} of {size})")]
    InvalidBatchInfo {
        /// `batch_index` as written (from 0).
        index: i32,
        /// `batch_size` as written.
        size: i32,
    },
    /// An entry asks for MD5, which the schema lists but no app makes codes with.
    #[error("the MD5 algorithm is not supported (authenticator apps make codes with SHA-1, SHA-256 or SHA-512)")]
    UnsupportedAlgorithm,
    /// An algorithm value newer than this program.
    #[error("unknown algorithm (value {0}); expected SHA-1, SHA-256 or SHA-512")]
    UnknownAlgorithm(i32),
    /// A digit-count value newer than this program.
    #[error("unknown number of digits (value {0}); expected six or eight")]
    UnknownDigits(i32),
    /// An OTP type value newer than this program.
    #[error("unknown code type (value {0}); expected time-based (TOTP) or counter-based (HOTP)")]
    UnknownOtpType(i32),
    /// An entry without key bytes.
    #[error("the account has no secret, so it cannot make codes")]
    EmptySecret,
    /// A HOTP entry with a counter below zero.
    #[error("the HOTP counter {0} is negative")]
    NegativeCounter(i64),
    /// The entry's values were rejected by [`crate::Otp`].
    #[error("the account cannot make codes: {0}")]
    InvalidAccount(#[from] OtpError),
    /// An account [`super::encode`] cannot write (see the module docs).
    #[error("“{account}” cannot be exported to Google Authenticator: {reason}")]
    Inexpressible {
        /// Issuer and label of the account.
        account: String,
        /// What the format lacks.
        reason: Inexpressible,
    },
    /// One account alone does not fit in a QR code of [`super::MAX_URI_LEN`].
    #[error("“{account}” is too long to fit in a QR code (shorten its issuer or label)")]
    AccountTooLarge {
        /// Issuer and label of the account (shown shortened if huge).
        account: String,
    },
}

impl MigrationError {
    /// A stable, lower-case code for programs (a UI picks its own wording by it).
    pub fn code(&self) -> &'static str {
        match self {
            MigrationError::NotMigrationUri => "not_migration_uri",
            MigrationError::MissingData => "missing_data",
            MigrationError::DuplicateData => "duplicate_data",
            MigrationError::InvalidBase64 => "invalid_base64",
            MigrationError::TooLarge { .. } => "too_large",
            MigrationError::TooManyEntries { .. } => "too_many_entries",
            MigrationError::InvalidPayload { .. } => "invalid_payload",
            MigrationError::NoAccounts => "no_accounts",
            MigrationError::InvalidBatchInfo { .. } => "invalid_batch_info",
            MigrationError::UnsupportedAlgorithm => "unsupported_algorithm",
            MigrationError::UnknownAlgorithm(_) => "unknown_algorithm",
            MigrationError::UnknownDigits(_) => "unknown_digits",
            MigrationError::UnknownOtpType(_) => "unknown_otp_type",
            MigrationError::EmptySecret => "empty_secret",
            MigrationError::NegativeCounter(_) => "negative_counter",
            MigrationError::InvalidAccount(_) => "invalid_account",
            MigrationError::Inexpressible { .. } => "inexpressible",
            MigrationError::AccountTooLarge { .. } => "account_too_large",
        }
    }
}

/// What the export format lacks for an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Inexpressible {
    /// Steam Guard codes (the format has TOTP and HOTP only).
    Steam,
    /// mOTP or Yandex codes (named so), which need a PIN the format cannot carry.
    NeedsPin(&'static str),
    /// A digit count other than six or eight.
    Digits(u8),
    /// A period other than 30 seconds (the format has no period field).
    Period(u32),
    /// A HOTP counter above `i64::MAX`.
    Counter(u64),
}

impl fmt::Display for Inexpressible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Inexpressible::Steam => f.write_str("the format has no Steam Guard codes"),
            Inexpressible::NeedsPin(kind) => write!(f, "the format has no {kind} codes (they need a PIN)"),
            Inexpressible::Digits(d) => write!(f, "it has {d}-digit codes and the format only knows 6 or 8"),
            Inexpressible::Period(p) => write!(f, "its codes change every {p} seconds and the format only knows 30"),
            Inexpressible::Counter(c) => write!(f, "its counter {c} is larger than the format can hold"),
        }
    }
}

/// One entry of an export that cannot be imported; the others still are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("account {} ({}) was not imported: {}", .index + 1, .name, .error)]
pub struct EntryError {
    /// Position of the entry in its payload (its QR code), from 0.
    pub index: usize,
    /// Issuer and label, for the message; never the secret.
    pub name: String,
    /// Why it cannot be imported.
    pub error: MigrationError,
}
