//! The encrypted vault: file format, crypto, slots, atomic storage, locking.
//!
//! A vault is one file (format in `FORMAT.md` beside this module). Its
//! payload, the JSON of the vault's contents, is sealed with a random
//! 256-bit vault key (XChaCha20-Poly1305), the header authenticated with it.
//! The vault key is wrapped in one or more [slots](SlotType): the OS keyring
//! (the default, so opening needs no typing), a password (Argon2id) and a
//! recovery key (printed once; see [`RecoveryKey`]).
//!
//! Two kinds of vault share the format: the accounts vault ([`Contents`])
//! and the backup-code vault ([`BackupCodes`]), which has its own key and,
//! by default, no keyring slot; see [`Unlocked::is_expired`] for its idle
//! lock.
//!
//! [`VaultStore`] reads and writes the file: saves are atomic and keep five
//! backups, and [`VaultStore::update`] re-reads the latest file under an
//! advisory lock, so a GUI and a CLI running at once never lose an update.
//!
//! ```no_run
//! use twofold_core::keystore::KeyringStore;
//! use twofold_core::vault::{Contents, NewSlot, RecoveryKey, Unlock, VaultStore};
//!
//! # fn main() -> Result<(), twofold_core::vault::VaultError> {
//! let keyring = KeyringStore::native();
//! let recovery = RecoveryKey::generate()?;
//! println!("Print this recovery key: {}", recovery.to_text().as_str());
//! let store = VaultStore::<Contents>::new(twofold_core::vault::default_vault_path()?);
//! let unlocked = store.create(
//!     &Contents::default(),
//!     &[NewSlot::Keyring(&keyring), NewSlot::password("correct horse"), NewSlot::Recovery(recovery.public_key())],
//! )?;
//! store.update(&unlocked, |contents| {
//!     contents.settings.clipboard_clear_seconds = 20;
//!     Ok(())
//! })?;
//! // Later, in another process:
//! let (unlocked, loaded) = store.unlock(&Unlock::Keyring(&keyring))?;
//! # let _ = (unlocked, loaded);
//! # Ok(()) }
//! ```

mod contents;
mod crypto;
mod entry;
mod error;
mod format;
mod fsio;
mod hex;
mod ids;
mod kdf;
mod recovery;
mod session;
mod shared;
mod slots;
mod store;

#[cfg(test)]
mod tests;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;

pub(crate) use crypto::random_bytes;
pub(crate) use entry::Key as FieldName;
pub use contents::{AddOutcome, AddReport, BackupCodes, BackupSummary, Contents, Duplicate, Settings};
pub use entry::{Entry, EntryPatch};
pub use error::VaultError;
pub use format::{FORMAT_VERSION, MAGIC, MAX_FILE_LEN, MAX_HEADER_LEN};
pub use ids::{EntryId, PairingId, SlotId, VaultId};
pub use kdf::{KdfParams, MAX_ITERATIONS, MAX_MEMORY_KIB, MAX_PARALLELISM, MAX_SALT_LEN, MIN_SALT_LEN};
pub use recovery::{RecoveryKey, RecoveryKeyError, RecoveryPublicKey};
pub use shared::{file_vault_id, open_shared, open_to_join, seal_shared, SharedSlots};
pub use session::{Unlocked, DEFAULT_BACKUP_CODES_IDLE};
pub use slots::{keyring_entry, NewSlot, SlotInfo, SlotType, Unlock};
pub use store::{inspect_bytes, open_bytes, seal_portable, Loaded, StoreOptions, VaultInfo, VaultStore, BACKUP_COUNT};

/// File name of the accounts vault in the data folder.
pub const VAULT_FILE_NAME: &str = "vault.twofold";
/// File name of the backup-code vault, beside the accounts vault.
pub const BACKUP_CODES_FILE_NAME: &str = "backup-codes.twofold";

/// What a vault holds; written in the header as `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VaultKind {
    /// OTP accounts and settings ([`Contents`]).
    Accounts,
    /// Backup (recovery) codes ([`BackupCodes`]).
    BackupCodes,
    /// A computer's sync state of an accounts vault (`crate::sync`).
    SyncAccounts,
    /// A computer's sync state of a backup-code vault.
    SyncBackupCodes,
}

impl VaultKind {
    /// The name in the header: `accounts` or `backup-codes`.
    pub fn as_str(self) -> &'static str {
        match self {
            VaultKind::Accounts => "accounts",
            VaultKind::BackupCodes => "backup-codes",
            VaultKind::SyncAccounts => "sync-accounts",
            VaultKind::SyncBackupCodes => "sync-backup-codes",
        }
    }

    /// Reads a header's `kind`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "accounts" => Some(VaultKind::Accounts),
            "backup-codes" => Some(VaultKind::BackupCodes),
            "sync-accounts" => Some(VaultKind::SyncAccounts),
            "sync-backup-codes" => Some(VaultKind::SyncBackupCodes),
            _ => None,
        }
    }

    pub(crate) fn with_article(self) -> &'static str {
        match self {
            VaultKind::Accounts => "an accounts",
            VaultKind::BackupCodes => "a backup-code",
            VaultKind::SyncAccounts => "an accounts sync-state",
            VaultKind::SyncBackupCodes => "a backup-code sync-state",
        }
    }
}

impl fmt::Display for VaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A type a vault can hold: serializable, and tied to one [`VaultKind`] so
/// an accounts vault is never read as a backup-code vault.
pub trait VaultPayload: Serialize + DeserializeOwned {
    /// The kind written in (and required of) the header.
    const KIND: VaultKind;
}

/// Where the accounts vault lives by default: `$XDG_DATA_HOME/twofold/vault.twofold`
/// on Linux (`~/.local/share/twofold/…`), `~/Library/Application Support/twofold/…`
/// on macOS, `%APPDATA%\twofold\…` on Windows. Front ends let `--vault PATH`
/// or `TWOFOLD_VAULT` override it.
pub fn default_vault_path() -> Result<PathBuf, VaultError> {
    let data = dirs::data_dir().ok_or(VaultError::NoDataDir)?;
    Ok(data.join("twofold").join(VAULT_FILE_NAME))
}

/// The backup-code vault beside an accounts vault: same folder, `backup-codes.twofold`.
pub fn backup_codes_path(vault_path: &Path) -> PathBuf {
    match vault_path.parent() {
        Some(dir) => dir.join(BACKUP_CODES_FILE_NAME),
        None => PathBuf::from(BACKUP_CODES_FILE_NAME),
    }
}
