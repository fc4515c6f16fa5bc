//! The file system side: safe paths, the advisory lock, atomic saves, backups.
//!
//! Saving never writes into the vault file. It writes a temporary file in
//! the same folder, flushes it to disk, keeps the current vault as backup
//! `<name>.1` (older ones move to `.2` … `.5`), renames the temporary file
//! over the vault and flushes the folder. A crash at any point leaves either
//! the old vault or the new one at the path, never a mix.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use data_encoding::HEXLOWER;

use super::crypto::random_bytes;
use super::format::MAX_FILE_LEN;
use super::VaultError;

/// What is at the vault path.
pub(crate) enum PathState {
    Missing,
    File,
}

/// Refuses folders and symbolic links (see [`VaultError::Symlink`] for why).
pub(crate) fn check_path(path: &Path) -> Result<PathState, VaultError> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(VaultError::Symlink { path: path.to_owned() }),
        Ok(meta) if meta.is_dir() => Err(VaultError::IsADirectory { path: path.to_owned() }),
        Ok(_) => Ok(PathState::File),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(PathState::Missing),
        Err(e) => Err(VaultError::io("read", path, e)),
    }
}

/// Reads a whole vault file, refusing anything larger than a vault can be.
pub(crate) fn read_vault(path: &Path) -> Result<Vec<u8>, VaultError> {
    if let PathState::Missing = check_path(path)? {
        return Err(VaultError::NotFound { path: path.to_owned() });
    }
    let file = File::open(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => VaultError::NotFound { path: path.to_owned() },
        _ => VaultError::io("open", path, e),
    })?;
    let size = file.metadata().map_err(|e| VaultError::io("read", path, e))?.len();
    if size > MAX_FILE_LEN {
        return Err(VaultError::TooLarge {
            size,
            limit: MAX_FILE_LEN,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` so a file growing under us cannot make us read without bound.
    file.take(MAX_FILE_LEN + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| VaultError::io("read", path, e))?;
    if bytes.len() as u64 > MAX_FILE_LEN {
        return Err(VaultError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_FILE_LEN,
        });
    }
    Ok(bytes)
}

fn file_name(path: &Path) -> Result<OsString, VaultError> {
    path.file_name().map(|n| n.to_owned()).ok_or_else(|| {
        VaultError::io(
            "use",
            path,
            io::Error::new(io::ErrorKind::InvalidInput, "the vault path names no file"),
        )
    })
}

fn sibling(path: &Path, prefix: &str, suffix: &str) -> Result<PathBuf, VaultError> {
    let mut name = OsString::from(prefix);
    name.push(file_name(path)?);
    name.push(suffix);
    Ok(path.with_file_name(name))
}

/// `<name>.lock`, beside the vault. Never deleted: deleting a lock file
/// while another process waits on it would let two writers in.
pub(crate) fn lock_path(path: &Path) -> Result<PathBuf, VaultError> {
    sibling(path, "", ".lock")
}

/// Backup `n` (1 is the newest): `<name>.<n>`.
pub(crate) fn backup_path(path: &Path, n: usize) -> Result<PathBuf, VaultError> {
    sibling(path, "", &format!(".{n}"))
}

/// Holds the advisory lock on a vault until dropped.
#[derive(Debug)]
pub(crate) struct LockGuard {
    _file: File,
}

/// Takes the vault's advisory lock (an exclusive `File::lock` on
/// `<name>.lock`), waiting at most `timeout` for another holder.
pub(crate) fn lock(path: &Path, timeout: Duration) -> Result<LockGuard, VaultError> {
    let lock_path = lock_path(path)?;
    ensure_parent(path)?;
    if let Ok(meta) = fs::symlink_metadata(&lock_path) {
        if meta.file_type().is_symlink() {
            return Err(VaultError::Symlink { path: lock_path });
        }
    }
    let file = private_options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(|e| VaultError::io("create the lock file", &lock_path, e))?;
    let deadline = Instant::now() + timeout;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(LockGuard { _file: file }),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => thread::sleep(Duration::from_millis(10)),
            Err(TryLockError::WouldBlock) => return Err(VaultError::Busy),
            Err(TryLockError::Error(e)) => return Err(VaultError::io("lock", &lock_path, e)),
        }
    }
}

/// Creates the vault's folder (private to the user) when missing.
pub(crate) fn ensure_parent(path: &Path) -> Result<(), VaultError> {
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| VaultError::io("create the folder", dir, e))
}

fn private_options() -> OpenOptions {
    #[allow(unused_mut)]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// Writes `bytes` to a new temporary file beside `path` and flushes it to disk.
pub(crate) fn write_temp(path: &Path, bytes: &[u8]) -> Result<PathBuf, VaultError> {
    let tag = HEXLOWER.encode(&random_bytes::<8>()?);
    let temp = sibling(path, ".", &format!(".tmp-{tag}"))?;
    let result = (|| {
        let mut file = private_options().write(true).create_new(true).open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(VaultError::io("write", &temp, e));
    }
    Ok(temp)
}

/// Keeps the current vault as backup 1 (shifting older ones), renames
/// `temp` over `path` and flushes the folder.
pub(crate) fn commit(temp: &Path, path: &Path, backups: usize) -> Result<(), VaultError> {
    let result = (|| {
        if backups > 0 && matches!(check_path(path)?, PathState::File) {
            rotate_backups(path, backups)?;
        }
        fs::rename(temp, path).map_err(|e| VaultError::io("replace", path, e))?;
        sync_dir(path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(temp);
    }
    result
}

fn rotate_backups(path: &Path, backups: usize) -> Result<(), VaultError> {
    for n in (1..backups).rev() {
        let from = backup_path(path, n)?;
        match fs::rename(&from, backup_path(path, n + 1)?) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(VaultError::io("rotate the backup", &from, e)),
        }
    }
    let newest = backup_path(path, 1)?;
    match fs::remove_file(&newest) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(VaultError::io("replace the backup", &newest, e)),
    }
    // A hard link keeps the current file as the backup without copying it;
    // where links are not supported (FAT, some network shares) we copy.
    if fs::hard_link(path, &newest).is_err() {
        fs::copy(path, &newest).map_err(|e| VaultError::io("back up", path, e))?;
        File::open(&newest)
            .and_then(|f| f.sync_all())
            .map_err(|e| VaultError::io("back up", &newest, e))?;
    }
    Ok(())
}

/// Deletes all backups (they hold slots that were just removed or replaced).
pub(crate) fn purge_backups(path: &Path, backups: usize) -> Result<(), VaultError> {
    // Also any left over from a time we kept more.
    for n in 1..=backups.max(super::store::BACKUP_COUNT) {
        let backup = backup_path(path, n)?;
        match fs::remove_file(&backup) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(VaultError::io("delete the backup", &backup, e)),
        }
    }
    sync_dir(path)
}

/// Removes temporary files a crashed save left behind (call under the lock).
pub(crate) fn remove_stale_temps(path: &Path) {
    let (Some(dir), Ok(name)) = (path.parent(), file_name(path)) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut prefix = OsString::from(".");
    prefix.push(&name);
    prefix.push(".tmp-");
    let Some(prefix) = prefix.to_str().map(str::to_owned) else {
        return;
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_str().is_some_and(|n| n.starts_with(&prefix)) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Flushes the folder, so the rename itself survives a crash.
fn sync_dir(path: &Path) -> Result<(), VaultError> {
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| VaultError::io("flush the folder", dir, e))?;
    }
    // Windows has no folder handle to flush; its rename is durable once it returns.
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
