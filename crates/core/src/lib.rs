//! `twofold-core`: every rule of Twofold's domain, with no UI.
//!
//! - [`otp`]: TOTP, HOTP and Steam codes.
//! - [`uri`]: the otpauth Key URI format, both ways.
//! - [`migration`]: Google Authenticator's `otpauth-migration://` export, both ways.
//! - [`input`]: reading URIs from text files and command lines, with per-line errors.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod account;
pub mod input;
pub mod migration;
pub mod otp;
pub mod secret;
pub mod uri;

pub use account::Account;
pub use otp::{Algorithm, Otp, OtpError, OtpKind};
pub use secret::{Secret, SecretError};
