//! Twofold's own encrypted backup: a vault file with a password slot.
//!
//! The file is exactly the vault format of `crate::vault` (`FORMAT.md`),
//! recognised by its magic `TWOFOLD\0`. It is what `export` writes for a
//! backup: a copy of the accounts vault under a new random vault key, with
//! only a password slot (and maybe a recovery slot), so it opens on a machine
//! whose keyring never saw it. A vault file copied by hand reads the same way
//! when it has a password slot.
//!
//! # What the format loses or Twofold cannot express
//! Nothing: every account comes back with its tags (as groups), note,
//! favourite and icon. The vault's settings are not imported, since an import
//! adds accounts to the vault already open.

use super::{Encrypted, Format, ImportError, ImportResult, Imported, ImportedAccount};
use crate::vault::{self, Contents, SlotType, Unlock, VaultError};

const FORMAT: Format = Format::TwofoldBackup;

/// A backup waiting for its password.
pub(super) struct Locked {
    bytes: Vec<u8>,
}

pub(super) fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    let info = vault::inspect_bytes::<Contents>(bytes).map_err(error)?;
    if !info.has_slot(SlotType::Password) {
        return Err(ImportError::Unsupported {
            format: FORMAT,
            what: "this Twofold vault has no password: it opens only with its OS keyring or recovery key; \
                   export a Twofold backup (`twofold export --format twofold`) and import that",
        });
    }
    Ok(Imported::NeedsPassword(Encrypted::from(Locked { bytes: bytes.to_vec() })))
}

impl Locked {
    pub(super) fn decrypt(&self, password: &str) -> Result<ImportResult, ImportError> {
        let loaded = vault::open_bytes::<Contents>(&self.bytes, &Unlock::Password(password)).map_err(error)?;
        let mut result = ImportResult::new(FORMAT);
        for entry in loaded.contents.entries() {
            let mut imported = ImportedAccount::new(entry.account());
            imported.groups = entry.tags.clone();
            imported.note = Some(entry.note.trim()).filter(|n| !n.is_empty()).map(str::to_owned);
            imported.favourite = entry.favourite;
            imported.icon = entry.icon.clone();
            result.accounts.push(imported);
        }
        Ok(result)
    }
}

/// The vault's words for what is wrong, in the import's terms.
fn error(e: VaultError) -> ImportError {
    match e {
        VaultError::WrongPassword => ImportError::WrongPassword,
        VaultError::Truncated => ImportError::Truncated { format: FORMAT },
        VaultError::NewerFormat { version } => {
            ImportError::UnsupportedVersion { format: FORMAT, found: version.to_string(), supported: "1" }
        }
        VaultError::KdfTooCostly { detail } => ImportError::KdfTooExpensive { format: FORMAT, detail },
        other => ImportError::corrupt(FORMAT, other.to_string()),
    }
}
