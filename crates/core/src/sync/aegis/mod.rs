//! Following a phone's Aegis automatic backups.
//!
//! People point Aegis (Android) at a folder that Syncthing or Nextcloud
//! syncs to the desktop. Aegis writes a new encrypted
//! `aegis-backup-yyyyMMdd-HHmmss.json` on every change and deletes the
//! oldest beyond N (or, in its single-backup mode, rewrites one file in
//! place). Twofold follows that folder, one way, phone to desktop:
//!
//! - [`prepare_setup`] finds the newest backup and [`SetupBackup::unlock`]
//!   opens it with the Aegis backup password, once. [`setup`] keeps the
//!   Aegis *master key* (not the password) in Twofold's own vault: Aegis
//!   re-wraps the same key when its password changes, so later backups open
//!   with no prompt and no scrypt. Only turning encryption off and on again
//!   in Aegis makes a new key ([`AegisError::KeyChanged`]: run setup again).
//! - [`follow`] takes the newest backup not yet seen as a difference against
//!   the last one taken, kept as a snapshot of Aegis uuids → Twofold
//!   accounts with a fingerprint of each field: new entries are added (an
//!   account here with the same issuer and secret, Aegis' own duplicate
//!   rule, is linked instead); fields the phone changed take the phone's
//!   value and fields it did not change keep this computer's; a HOTP counter
//!   only goes up; entries deleted on the phone are *flagged*, and deleted
//!   here only when the person accepts ([`FollowOptions::accept_removals`]).
//!   When nearly every uuid changes at once (Aegis reinstalled, its vault
//!   imported again), the backup is taken as a new vault: linked or added,
//!   nothing flagged.
//! - [`status`] says what was last taken and what is pending.
//!
//! Accounts made from an Aegis entry get an id derived from the master key
//! and the entry's uuid (a keyed hash), so two computers following the same
//! phone make the same record and sync merges them.
//!
//! Nothing is ever written into the Aegis folder: Aegis counts the files
//! there and deletes the oldest. A half-written or damaged backup is set
//! aside, reported and retried on the next run; it never reads as "every
//! account deleted". The follow state ([`AegisFollow`], in the accounts
//! vault as `aegis_follow`) is local to this computer: it is not one of
//! the records sync sends.

mod backups;
mod diff;
mod follow;
mod state;

use std::path::{Path, PathBuf};

pub use backups::{list as list_backups, parse_name, BackupFile, DEFAULT_SINGLE_FILE};
pub use follow::{
    follow, prepare_setup, setup, status, FollowOptions, FollowReport, FollowStatus, SetupBackup, Skipped, Updated,
};
pub use state::{AegisFollow, AegisKey, PendingRemoval, SnapshotEntry, TakenBackup};

use crate::sync::SetAside;
use crate::vault::VaultError;

/// Why following could not be done. Nothing was changed when one is returned.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AegisError {
    /// The vault refused (locked, busy, damaged...).
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// A file or folder could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// Setup was never run for this vault.
    #[error("this vault follows no Aegis backups yet; run `twofold sync aegis setup DIR` with the folder Aegis writes its backups to")]
    NotSetUp,
    /// The path given to setup is neither a folder nor a file.
    #[error("{} is not a folder (nor an Aegis backup file)", path.display())]
    NotAFolder {
        /// The path given.
        path: PathBuf,
    },
    /// The followed folder is not there.
    #[error("the Aegis backup folder {} is not there (not mounted, or not synced yet?); nothing was changed", folder.display())]
    FolderMissing {
        /// The folder.
        folder: PathBuf,
    },
    /// No Aegis backup file in the folder.
    #[error("there are no Aegis backups in {} (files named aegis-backup-YYYYMMDD-HHMMSS.json, or aegis-backup.json); check that Aegis writes its automatic backups there and that the folder has synced; nothing was changed", folder.display())]
    NoBackups {
        /// The folder.
        folder: PathBuf,
    },
    /// Every backup file in the folder is damaged or half-written.
    #[error("no Aegis backup in {} can be read: {}", folder.display(), list(set_aside))]
    NothingReadable {
        /// The folder.
        folder: PathBuf,
        /// Each file and why.
        set_aside: Vec<SetAside>,
    },
    /// The password opens no slot of the backup.
    #[error("the password does not open {file}: it is wrong, or Aegis has a separate password for backups (Settings → Security); give that one")]
    WrongPassword {
        /// The backup.
        file: String,
    },
    /// The kept master key does not open the newest backup.
    #[error("{file} does not open with the Aegis key Twofold keeps: encryption was turned off and on again in Aegis, which makes a new key (or the file was changed); run `twofold sync aegis setup {}` again with the Aegis backup password. Nothing was changed", folder.display())]
    KeyChanged {
        /// The backup.
        file: String,
        /// Its folder.
        folder: PathBuf,
    },
    /// A backup that is not encrypted.
    #[error("{file} is not encrypted; Twofold follows only encrypted Aegis backups (turn encryption on in Aegis). Nothing was changed")]
    NotEncrypted {
        /// The backup.
        file: String,
    },
    /// A backup in a newer format than this Twofold reads.
    #[error("{file} was written by a newer Aegis (format version {found}, which this Twofold cannot read yet); update Twofold. Nothing was changed")]
    NewerVersion {
        /// The backup.
        file: String,
        /// The version it says it is.
        found: String,
    },
    /// A backup that only a phone's fingerprint key opens.
    #[error("{file} has no password slot (only the phone's fingerprint key opens it); set a password in Aegis")]
    NoPasswordSlot {
        /// The backup.
        file: String,
    },
    /// The backup opened but cannot be read.
    #[error("{file} cannot be read: {detail}")]
    Unreadable {
        /// The backup.
        file: String,
        /// Why.
        detail: String,
    },
}

impl AegisError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        AegisError::Io { path: path.to_owned(), source }
    }
}

fn list(set_aside: &[SetAside]) -> String {
    let parts: Vec<String> = set_aside.iter().map(|s| format!("{} ({})", s.file, s.reason)).collect();
    parts.join("; ")
}
