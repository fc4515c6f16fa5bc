//! The OS keyring: where a vault's keyring slot keeps its wrapping key.
//!
//! Everything goes through the small [`KeyStore`] trait, so the vault does not
//! care which keyring answers: [`KeyringStore::native`] talks to the
//! platform's keyring (Secret Service on Linux and the BSDs, the Keychain on
//! macOS, the Credential Manager on Windows) through the `keyring-core`
//! family of crates, and [`KeyringStore::mock`] is `keyring-core`'s
//! in-memory mock, for tests.
//!
//! Every call runs off the calling thread with a deadline (a locked keyring
//! opens a prompt and waits for a person; a dead D-Bus can hang), and every
//! failure becomes one [`KeyStoreError`] state a front end can show. When the
//! keyring cannot help, the front end asks for a password instead: nothing
//! here ever falls back to keeping a key in plain text.

#[cfg(target_os = "macos")]
mod keychain;
mod os;
#[cfg(all(unix, not(any(target_os = "macos", target_os = "ios", target_os = "android"))))]
mod secret_service;
mod timeout;

use std::time::Duration;

use zeroize::Zeroizing;

pub use os::{KeyringStore, KeyringTimeouts};

/// The keyring "service" under which Twofold stores its entries.
pub const SERVICE: &str = "app.twofold";

/// A place that keeps small secrets by name: the OS keyring, or a test double.
///
/// `entry` is the keyring's user/account name; the service is the store's
/// own (normally [`SERVICE`]).
pub trait KeyStore: Send + Sync {
    /// Reads the secret stored under `entry`.
    fn get(&self, entry: &str) -> Result<Zeroizing<Vec<u8>>, KeyStoreError>;
    /// Stores `secret` under `entry`, replacing any secret already there.
    fn set(&self, entry: &str, secret: &[u8]) -> Result<(), KeyStoreError>;
    /// Deletes the secret stored under `entry`.
    fn delete(&self, entry: &str) -> Result<(), KeyStoreError>;
}

/// Why the keyring could not answer. Each variant is a state the UI can show;
/// in every case the way forward is the vault's password or recovery key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyStoreError {
    /// No keyring service answered: no D-Bus session, no Secret Service
    /// provider, or no keyring on this platform. The platform's own words
    /// stay in `detail` (and `Debug`): people cannot act on a D-Bus error.
    #[error("no OS keyring is available on this desktop session (on Linux: no Secret Service such as GNOME Keyring or KWallet is running); use your password instead")]
    NoService {
        /// What the platform said, for a details pane or a bug report.
        detail: String,
    },
    /// The keyring is locked (or refused access) and was not unlocked.
    #[error("the OS keyring is locked; unlock it and try again, or use your password")]
    Locked,
    /// The keyring has no entry for this vault: it was deleted, or this is
    /// another computer or user account.
    #[error("the OS keyring has no key for this vault (it may have been deleted); use your password or recovery key")]
    NoEntry,
    /// A prompt to unlock or allow access was dismissed, refused, or could
    /// not be shown. On Linux a locked keyring always answers with an unlock
    /// prompt, so a locked keyring nobody unlocked ends here too.
    #[error("the OS keyring is locked or asked for permission, and its prompt was dismissed (or could not be shown); unlock the keyring, or use your password")]
    PromptDismissed,
    /// The keyring did not answer in time (often a prompt nobody answered,
    /// or a D-Bus session that hangs).
    #[error("the OS keyring did not answer within {} s; use your password instead", .after.as_secs_f32())]
    TimedOut {
        /// How long we waited.
        after: Duration,
    },
    /// Any other failure of the platform's keyring.
    #[error("the OS keyring failed: {detail}")]
    Platform {
        /// What the platform said.
        detail: String,
    },
}

/// The keyring entry name of a vault's keyring slot: names the vault and the slot,
/// so two vaults (or two slots) never share a key.
pub fn entry_name(vault_id: &str, slot_id: &str) -> String {
    format!("vault-{vault_id}-slot-{slot_id}")
}
