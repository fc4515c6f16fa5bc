//! Google Authenticator's export: `otpauth-migration://offline?data=...`, both ways.
//!
//! "Transfer accounts" in Google Authenticator shows one or more QR codes. Each
//! holds a URI whose `data` parameter is base64 of a protobuf `MigrationPayload`:
//! up to about ten accounts, plus which QR code of how many this is
//! (`batch_index` of `batch_size`) and an id shared by the QR codes of one
//! export (`batch_id`).
//!
//! - [`decode_uri`] / [`decode_payload`] read one QR code into a [`MigrationBatch`]:
//!   the accounts, and a per-entry error for each account that cannot be used,
//!   so one bad entry does not stop the others from importing.
//! - [`BatchAssembler`] gathers the QR codes of an export, in any order, and says
//!   which are still missing ("batch 2 of 3 is missing").
//! - [`encode`] writes accounts as such URIs, ready to be shown as QR codes.
//!
//! # What the format cannot express
//!
//! The payload has no period field and only two digit counts, so it loses:
//! - periods other than 30 seconds (every entry is read as 30 s);
//! - 7, 9 or 10 digit codes (only six and eight exist);
//! - Steam Guard accounts (no such type; [`encode`] refuses them rather than
//!   writing a SHA-1 TOTP that would show wrong codes);
//! - HOTP counters above `i64::MAX`;
//! - anything else an account may carry elsewhere (icons, groups, notes).
//!
//! MD5 is in the schema but no app makes MD5 codes: such entries are per-entry
//! errors. An empty `issuer` reads as "no issuer", and a `name` of the form
//! `Issuer:account` is split (see [`decode_payload`]), so an account with no
//! issuer and a `:` in its label does not come back exactly as it went out.
//!
//! # Example
//!
//! ```
//! use twofold_core::{migration, Account, Algorithm, Otp, Secret};
//!
//! let otp = Otp::totp(Secret::from_bytes(b"12345678901234567890".to_vec()), Algorithm::Sha1, 6, 30)?;
//! let account = Account { issuer: Some("GitHub".into()), label: "alice".into(), otp };
//! let uris = migration::encode(&[account.clone()])?;
//! let batch = migration::decode_uri(&uris[0])?;
//! assert_eq!(batch.accounts, [account]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod assemble;
mod decode;
mod encode;
mod error;
mod proto;

#[cfg(test)]
mod tests;

pub use assemble::{AssembledExport, BatchAssembler, MissingBatch};
pub use error::{EntryError, Inexpressible, MigrationError};

use zeroize::Zeroizing;

use crate::account::Account;

/// Scheme of an export URI (compared without regard to case).
pub const SCHEME: &str = "otpauth-migration";
/// Host of an export URI (compared without regard to case).
pub const HOST: &str = "offline";
/// Longest `data` parameter accepted, in bytes of text. A real export QR
/// code holds under 3,000; this leaves room for odd spellings, not for abuse.
pub const MAX_DATA_LEN: usize = 64 * 1024;
/// Longest payload accepted by [`decode_payload`]: what [`MAX_DATA_LEN`] of base64 can hold.
pub const MAX_PAYLOAD_LEN: usize = MAX_DATA_LEN / 4 * 3;
/// Most entries accepted in one payload (Google puts about ten in each QR code).
pub const MAX_ENTRIES: usize = 1_000;
/// Most QR codes one export may span (`batch_size`).
pub const MAX_BATCHES: usize = 1_000;
/// Most accounts [`encode`] puts in one URI, as Google Authenticator does.
pub const MAX_ACCOUNTS_PER_URI: usize = 10;
/// Longest URI [`encode`] writes, in bytes: it fits a QR code of version 28
/// at error-correction level L (1,528 bytes), which a phone reads easily off
/// a screen; ten typical accounts take about 1,000.
pub const MAX_URI_LEN: usize = 1_500;
/// Period of every account in the format (it has no period field).
pub const PERIOD: u64 = 30;

/// One decoded QR code of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationBatch {
    /// The accounts that can make codes, in payload order.
    pub accounts: Vec<Account>,
    /// The entries that cannot, each with why.
    pub errors: Vec<EntryError>,
    /// Where this QR code sits in its export.
    pub info: BatchInfo,
}

/// Where one QR code sits in an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BatchInfo {
    /// Payload format version (Google writes 1).
    pub version: i32,
    /// How many QR codes the export has (at least 1; an export that does not
    /// say is read as a single QR code).
    pub batch_size: usize,
    /// Which QR code this is, from 0 (below `batch_size`).
    pub batch_index: usize,
    /// Shared by the QR codes of one export, and different between exports.
    pub batch_id: i32,
}

/// Reads one export URI, as scanned from a QR code or pasted.
///
/// Lenient where real URIs vary: the scheme and host in any case; `data`
/// percent-encoded (`%2B`, `%2F`, `%3D`) or raw base64 with literal `+` and
/// `/` (a `+` is never read as a space); with or without `=` padding; in the
/// URL-safe alphabet (`-`, `_`); with whitespace or line breaks anywhere (a
/// URI pasted across lines). Refuses `data` over [`MAX_DATA_LEN`] before
/// decoding it.
pub fn decode_uri(uri: &str) -> Result<MigrationBatch, MigrationError> {
    decode::decode_uri(uri)
}

/// Reads one `MigrationPayload` (the bytes inside `data`).
///
/// Unspecified algorithm, digits or type mean SHA-1, six digits and TOTP.
/// Names are tidied as Google writes them: when `issuer` is set and `name`
/// starts with `issuer:` that prefix goes; when `issuer` is empty and `name`
/// is `Issuer:account`, it is split. Entries that cannot make codes (MD5,
/// unknown enum values, empty secret, negative counter) become
/// [`MigrationBatch::errors`]; only a payload that cannot be read at all, or
/// is over [`MAX_PAYLOAD_LEN`] or [`MAX_ENTRIES`], is an `Err`.
pub fn decode_payload(bytes: &[u8]) -> Result<MigrationBatch, MigrationError> {
    decode::decode_payload(bytes)
}

/// Writes accounts as export URIs, one per QR code, in order.
///
/// Each URI holds at most [`MAX_ACCOUNTS_PER_URI`] accounts and is at most
/// [`MAX_URI_LEN`] bytes long; `data` is percent-encoded base64 (the form
/// Google writes), version 1. The `batch_id` is derived from the contents, so
/// the same accounts always give the same URIs. No accounts give no URIs.
///
/// All or nothing: an account the format cannot express (see the module
/// docs) is an error naming it, so nothing is silently left out. Use
/// [`check_expressible`] first to set such accounts aside and tell the user.
pub fn encode(accounts: &[Account]) -> Result<Vec<Zeroizing<String>>, MigrationError> {
    encode::encode(accounts)
}

/// Whether [`encode`] can write this account; the error names the account and says why not.
pub fn check_expressible(account: &Account) -> Result<(), MigrationError> {
    encode::check_expressible(account)
}
