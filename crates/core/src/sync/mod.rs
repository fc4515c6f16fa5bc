//! Sync: one vault on all of a person's computers, through a folder they
//! already sync (Syncthing, Nextcloud, Dropbox, any shared folder).
//!
//! Each computer (a *device*) writes only its own sealed state file into
//! `<folder>/twofold/` and reads everyone else's, so no file ever has two
//! writers and no engine ever has a conflict of ours to resolve. A state
//! holds every record (account, backup-code set, settings) field by field,
//! each field stamped by a hybrid logical clock; merging keeps the latest
//! value of each field, tombstones for deletions, the highest HOTP counter
//! and every use of a backup code, and is order-independent and idempotent,
//! so stale, duplicated or re-delivered files change nothing.
//!
//! The vault knows nothing of this: [`run`] reads the vault, stamps what
//! changed since this device last wrote, merges the others' states, and
//! saves the vault and this device's state. The local vault (with its
//! backups) stays the source of truth: a missing, half-synced, damaged or
//! newer file is set aside and reported, never read as "deleted"; a merge
//! that would delete or change the secrets of more than a fifth of the
//! vault stops and asks.

pub mod aegis;
mod clock;
mod device;
mod engine;
pub mod folder;
pub mod git;
mod record;
mod setup;
mod shape;
mod state;


use std::path::{Path, PathBuf};

pub use clock::{Clock, Stamp};
pub use device::{default_device_name, DeviceId, SyncConfig};
pub use engine::{account_history, run, status, Change, ConflictNote, DeviceStatus, RunOptions, SetAside, Status, SyncReport};
pub use record::{Lost, Record, Register, Rule, HISTORY_LEN};
pub use setup::{remove_device, setup, setup_keeping_key, JoinWith, SetupOutcome};
pub use shape::{Fields, Synced};
pub use state::{DeviceState, Known, StateFile, STATE_FORMAT};

use crate::vault::VaultError;

/// Why a sync could not be done. Nothing was changed when one is returned.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError {
    /// The vault refused (locked, busy, damaged...).
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// Sync was never set up for this vault.
    #[error("sync is not set up for this vault; run `twofold sync setup DIR` with the folder your computers share")]
    NotSetUp,
    /// The local sync settings are unreadable.
    #[error("the sync settings in {} are damaged ({detail}); run `twofold sync setup DIR` again", path.display())]
    BadConfig {
        /// The settings file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// The folder is not a folder (or not there: not mounted, not synced yet).
    #[error("{} is not there or is not a folder (is its drive mounted, or the folder synced yet?)", path.display())]
    NotAFolder {
        /// The path given.
        path: PathBuf,
    },
    /// The folder holds another vault's set and nothing was given to open it.
    #[error("{} already holds the vault of other computers; give that vault's password or recovery key to join it", path.display())]
    JoinNeedsSecret {
        /// The folder.
        path: PathBuf,
    },
    /// The password or recovery key opened none of the folder's files.
    #[error("no file of the set in {} opens with that password or recovery key", path.display())]
    JoinRefused {
        /// The folder.
        path: PathBuf,
    },
    /// The vault has no password or recovery slot, so no other computer could open its files.
    #[error("this vault opens only with this computer's keyring; add a password (or a recovery key) first, so your other computers can open it")]
    NothingToShare,
    /// This device was removed from the set.
    #[error("this computer was removed from the sync set; run `twofold sync setup DIR` to join again (as a new device)")]
    Removed,
    /// The merge would delete or change too much at once.
    #[error("this sync would delete {deleted} and change the secrets of {changed} of your {total} accounts or sets: {names}. Nothing was changed here, and this computer's own changes still went out. If that is what you did on another computer, run it again with --yes")]
    MassChange {
        /// Records that would be deleted.
        deleted: usize,
        /// Records whose secret would change.
        changed: usize,
        /// Records now.
        total: usize,
        /// The first of them, as people name them ("GitHub (alice), Bank, 3 more").
        names: String,
    },
    /// A record could not be turned back into the vault's form.
    #[error("a synced record is not one this version can use ({detail}); nothing was changed")]
    Shape {
        /// What is wrong.
        detail: String,
    },
    /// The git remote could not be reached or updated (`--git`).
    #[error("git could not {action} the sync remote: {detail}. Nothing on this computer was lost; once git can reach the remote, the next sync (or setup) sends what changed")]
    Git {
        /// What it was doing ("push to", "fetch from", ...).
        action: &'static str,
        /// Git's own words.
        detail: String,
    },
    /// No such device in the set.
    #[error("no device {id} in the sync set")]
    NoSuchDevice {
        /// The id given.
        id: String,
    },
    /// More than one device has the name given.
    #[error("more than one computer is called {name} ({ids}); remove one by its id (see `twofold sync devices`)")]
    AmbiguousDevice {
        /// The name given.
        name: String,
        /// Their ids.
        ids: String,
    },
    /// The device named is this one.
    #[error("that is this computer; remove another one (to stop syncing this one, remove it from another computer)")]
    ThisDevice,
}

impl SyncError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        SyncError::Io { path: path.to_owned(), source }
    }

    pub(crate) fn shape(detail: impl std::fmt::Display) -> Self {
        SyncError::Shape { detail: detail.to_string() }
    }
}
