//! `twofold-core`: every rule of Twofold's domain, with no UI.
//!
//! - [`otp`]: TOTP, HOTP and Steam codes.
//! - [`uri`]: the otpauth Key URI format, both ways.
//! - [`migration`]: Google Authenticator's `otpauth-migration://` export, both ways.
//! - [`input`]: reading URIs from text files and command lines, with per-line errors.
//! - [`import`] / [`export`]: other apps' files in, and out (one file per format).
//! - [`browser`]: the browser bridge's messages, pairing and the decision which codes a page gets.
//! - [`sites`]: which web sites may receive an account's codes (the Public Suffix List).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod account;
pub mod backup_codes;
pub mod browser;
pub mod dates;
#[cfg(feature = "capture")]
pub mod capture;
pub mod export;
pub mod import;
pub mod input;
pub mod keystore;
pub mod migration;
pub mod otp;
pub mod panic_report;
pub mod qr;
pub mod secret;
pub mod sites;
pub mod sync;
pub mod uri;
pub mod vault;

pub use account::Account;
pub use otp::{Algorithm, Otp, OtpError, OtpKind};
pub use secret::{Secret, SecretError, Tolerated};
