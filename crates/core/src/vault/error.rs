//! [`VaultError`]: everything that can go wrong with a vault, in words a person can act on.

use std::io;
use std::path::PathBuf;

use crate::keystore::KeyStoreError;

use super::VaultKind;

/// Why a vault could not be created, opened, changed or saved.
///
/// A failed open never changes the file on disk, and a failed save leaves
/// the previous vault in place.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VaultError {
    /// There is no file at the vault path.
    #[error("there is no vault at {}", .path.display())]
    NotFound {
        /// The vault path.
        path: PathBuf,
    },
    /// Creating a vault where one already is.
    #[error("a file already exists at {}; Twofold will not overwrite it", .path.display())]
    AlreadyExists {
        /// The vault path.
        path: PathBuf,
    },
    /// The vault path is a folder.
    #[error("{} is a folder, not a vault file", .path.display())]
    IsADirectory {
        /// The vault path.
        path: PathBuf,
    },
    /// The vault path is a symbolic link. Saving replaces the file by
    /// renaming over it, which would replace the link instead of its target,
    /// so Twofold refuses links outright.
    #[error("{} is a symbolic link; Twofold does not follow links for its vault, so give the real file's path", .path.display())]
    Symlink {
        /// The vault path.
        path: PathBuf,
    },
    /// Reading or writing failed.
    #[error("could not {action} {}: {source}", .path.display())]
    Io {
        /// What we were doing ("read", "write", "lock", ...).
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The system's error.
        source: io::Error,
    },
    /// The file is larger than any vault could be.
    #[error("the file is {size} bytes, far more than a vault can be (at most {limit}); this is not a Twofold vault")]
    TooLarge {
        /// Size of the file.
        size: u64,
        /// The largest vault accepted.
        limit: u64,
    },
    /// The file does not start with Twofold's signature.
    #[error("this is not a Twofold vault")]
    NotAVault,
    /// The file ends before the vault does.
    #[error("the vault file is incomplete (truncated); restore it from a backup")]
    Truncated,
    /// The file's structure is broken.
    #[error("the vault file is damaged ({detail})")]
    Corrupt {
        /// What is wrong, for a details pane.
        detail: String,
    },
    /// The payload (or the header it authenticates) failed authentication:
    /// a byte was changed somewhere.
    #[error("the vault file is damaged or was modified (authentication failed)")]
    AuthenticationFailed,
    /// Written by a newer Twofold in a format this one does not know.
    #[error("this vault was written by a newer Twofold (format {version}); update Twofold to open it")]
    NewerFormat {
        /// The file's format version.
        version: u16,
    },
    /// A vault of the other kind (accounts vs backup codes).
    #[error("this is {} vault, not {} vault", .found.with_article(), .expected.with_article())]
    WrongKind {
        /// The kind asked for.
        expected: VaultKind,
        /// The kind in the file.
        found: VaultKind,
    },
    /// Password-hashing parameters beyond our limits: refused before any work.
    #[error("the vault asks for more password-hashing work than Twofold allows ({detail}); refusing to open it")]
    KdfTooCostly {
        /// Which parameter, and the limit.
        detail: String,
    },
    /// Password-hashing parameters that cannot be used (when creating a slot).
    #[error("invalid password-hashing parameters: {detail}")]
    InvalidKdfParams {
        /// What is wrong.
        detail: String,
    },
    /// The password opens no password slot.
    #[error("wrong password")]
    WrongPassword,
    /// The recovery key opens no recovery slot.
    #[error("this recovery key does not open this vault")]
    WrongRecoveryKey,
    /// The key in the OS keyring opens no keyring slot.
    #[error("the key in the OS keyring does not open this vault; use your password or recovery key")]
    KeyringKeyRejected,
    /// The OS keyring could not give (or keep) the key.
    #[error(transparent)]
    Keyring(#[from] KeyStoreError),
    /// The vault has no slot of the kind used to unlock it.
    #[error("this vault cannot be opened with {}: it has no such slot", .slot_type.with_article())]
    NoSlotOfType {
        /// The kind of slot asked for.
        slot_type: super::SlotType,
    },
    /// No slot with this id.
    #[error("this vault has no slot {id}")]
    NoSuchSlot {
        /// The slot id asked for.
        id: String,
    },
    /// A vault must be created with at least one slot.
    #[error("a vault needs at least one way to open it (the keyring, a password or a recovery key)")]
    NoSlots,
    /// Removing this slot would leave nothing that opens the vault.
    #[error("this is the last way to open the vault; add another (a password or a recovery key) before removing it")]
    LastSlot,
    /// The vault file now holds a different vault than the one unlocked.
    #[error("the vault file was replaced by a different vault; unlock it again")]
    DifferentVault,
    /// Someone else saved since this copy was read.
    #[error("the vault was changed by another Twofold window or command (revision {found}, this copy is {expected}); reload and try again")]
    Conflict {
        /// The revision this copy was read at.
        expected: u64,
        /// The revision on disk now.
        found: u64,
    },
    /// Another process holds the vault lock for too long.
    #[error("another Twofold is saving the vault; try again in a moment")]
    Busy,
    /// No entry with this id.
    #[error("no account with id {id}")]
    NoSuchEntry {
        /// The id asked for.
        id: String,
    },
    /// A counter operation on an account that has no counter.
    #[error("this account is not counter-based (HOTP)")]
    NotHotp,
    /// No browser pairing with this id.
    #[error("no browser pairing with id {id}")]
    NoSuchPairing {
        /// The id asked for.
        id: String,
    },
    /// More sites for one account than Twofold keeps.
    #[error("an account can have at most {max} sites")]
    TooManySites {
        /// The limit.
        max: usize,
    },
    /// The vault opened, but its contents are not what this Twofold understands.
    #[error("the vault opened, but its contents could not be read ({detail})")]
    InvalidContents {
        /// What failed.
        detail: String,
    },
    /// The operating system's random generator failed.
    #[error("the system's random number generator failed: {detail}")]
    Random {
        /// The system's error.
        detail: String,
    },
    /// No data folder could be found for the default vault path.
    #[error("could not find your data folder (is HOME set?); give the vault path with --vault or TWOFOLD_VAULT")]
    NoDataDir,
}

impl VaultError {
    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        VaultError::Io {
            action,
            path: path.into(),
            source,
        }
    }

    pub(crate) fn corrupt(detail: impl Into<String>) -> Self {
        VaultError::Corrupt { detail: detail.into() }
    }
}
