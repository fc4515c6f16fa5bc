//! Twofold's encrypted backup: the vault format (`crate::vault`'s
//! `FORMAT.md`) under a new random vault key, with only a password slot and,
//! when asked, the recovery kit's slot. No keyring slot, so it opens on any
//! machine: `import` recognises it by its magic and asks for the password.
//!
//! # What the format loses
//! Nothing: entries (with ids, tags, notes, favourites, icons, order) and
//! settings are copied as they are. On import, the accounts are added to the
//! open vault; its settings stay as they were.

use super::ExportError;
use crate::vault::{self, Contents, RecoveryPublicKey};

/// A backup of `contents` that opens with `password` (Argon2id, Twofold's
/// default costs) and, when `recovery` is given, with that recovery kit's key.
pub fn twofold_backup(
    contents: &Contents,
    password: &str,
    recovery: Option<RecoveryPublicKey>,
) -> Result<Vec<u8>, ExportError> {
    if password.is_empty() {
        return Err(ExportError::EmptyPassword);
    }
    Ok(vault::seal_portable(contents, password, recovery)?)
}
