//! The shared folder: which files are whose, conflict copies, atomic writes.
//!
//! Twofold's files live in `<folder>/twofold/`. Each device writes only
//! `<device-id>.tfsync` (accounts) and `<device-id>.codes.tfsync` (backup
//! codes), to a hidden temporary name first (Nextcloud skips hidden files,
//! and the rename is done long before Syncthing or Dropbox look), so no
//! engine ever sees a half-written file of ours or has two writers to
//! reconcile. A conflict copy, should one appear anyway (a restored device,
//! a copied folder), is named by its engine as one of:
//! `<name>.sync-conflict-20261202-040411-VE7GMQE.tfsync` (Syncthing),
//! `<name> (conflicted copy 2026-12-02 123456).tfsync` (Nextcloud; newer
//! versions write `(conflict …)`), `<name> (host's conflicted copy 2026-12-02).tfsync`
//! (Dropbox). It is merged like any other state and then removed.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::device::DeviceId;
use super::SyncError;
use crate::vault::MAX_FILE_LEN;

/// The subfolder of the shared folder Twofold uses.
pub const SUBFOLDER: &str = "twofold";

/// A state file found in the folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Its path.
    pub path: PathBuf,
    /// Its file name.
    pub name: String,
    /// The device its name says wrote it.
    pub device: DeviceId,
    /// True for an engine's conflict copy.
    pub conflict_copy: bool,
}

/// The state files for the kind whose names end in `suffix`
/// (`.tfsync` or `.codes.tfsync`), conflict copies included, by name.
pub fn list(dir: &Path, suffix: &str) -> Result<Vec<Found>, SyncError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(SyncError::io(dir, e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| SyncError::io(dir, e))?;
        let Ok(name) = entry.file_name().into_string() else { continue };
        if let Some((device, conflict_copy)) = classify(&name, suffix) {
            found.push(Found { path: entry.path(), name, device, conflict_copy });
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

/// Whose file a name is, and whether it is a conflict copy; `None` for
/// anything else (temporary files, the other kind's files, strangers).
pub fn classify(name: &str, suffix: &str) -> Option<(DeviceId, bool)> {
    let device = DeviceId::parse(name.get(..16)?)?;
    let rest = &name[16..];
    if rest == suffix {
        return Some((device, false));
    }
    let codes = suffix.starts_with(".codes");
    let looks_codes = rest.starts_with(".codes");
    let conflict = rest.ends_with(".tfsync") && rest.to_ascii_lowercase().contains("conflict");
    (conflict && codes == looks_codes).then_some((device, true))
}

/// Reads a state file, refusing one too large to be a state.
pub fn read(path: &Path) -> Result<Vec<u8>, SyncError> {
    let file = File::open(path).map_err(|e| SyncError::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_LEN + 1).read_to_end(&mut bytes).map_err(|e| SyncError::io(path, e))?;
    if bytes.len() as u64 > MAX_FILE_LEN {
        return Err(SyncError::io(path, std::io::Error::other("larger than any state file")));
    }
    Ok(bytes)
}

/// Writes `dir/name` atomically: a hidden temporary file, flushed, then renamed over.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), SyncError> {
    fs::create_dir_all(dir).map_err(|e| SyncError::io(dir, e))?;
    let temp = dir.join(format!(".{name}.tmp"));
    let target = dir.join(name);
    let result = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, &target)?;
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&temp);
        SyncError::io(&target, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789abcdef";

    #[test]
    fn names_of_every_engine_are_recognised() {
        let accounts = [
            (format!("{ID}.tfsync"), false),
            (format!("{ID}.sync-conflict-20261202-040411-VE7GMQE.tfsync"), true),
            (format!("{ID} (conflicted copy 2026-12-02 123456).tfsync"), true),
            (format!("{ID} (conflict 2026-12-02 123456).tfsync"), true),
            (format!("{ID} (laptop's conflicted copy 2026-12-02).tfsync"), true),
        ];
        for (name, copy) in &accounts {
            assert_eq!(classify(name, ".tfsync"), Some((DeviceId::parse(ID).unwrap(), *copy)), "{name}");
            assert_eq!(classify(name, ".codes.tfsync"), None, "{name} is not a backup-code state");
        }
        let codes = format!("{ID}.codes.sync-conflict-20261202-040411-VE7GMQE.tfsync");
        assert_eq!(classify(&codes, ".codes.tfsync"), Some((DeviceId::parse(ID).unwrap(), true)));
        assert_eq!(classify(&codes, ".tfsync"), None);
        for stranger in [format!(".{ID}.tfsync.tmp"), "notes.txt".into(), format!("{ID}.tfsync.bak"), "XYZ.tfsync".into()] {
            assert_eq!(classify(&stranger, ".tfsync"), None, "{stranger}");
        }
    }
}
