//! Setting up sync on a computer: starting a set, or joining one.

use std::path::{Path, PathBuf};

use super::device::{DeviceId, SyncConfig};
use super::engine::{self, RunOptions, SyncReport};
use super::folder::{self, SUBFOLDER};
use super::shape::Synced;
use super::state::StateFile;
use super::SyncError;
use crate::keystore::KeyStore;
use crate::vault::{file_vault_id, open_to_join, Unlock, Unlocked, VaultStore};

/// What opens another computer's files when joining their set.
pub enum JoinWith<'a> {
    /// Nothing given: joining is refused with [`SyncError::JoinNeedsSecret`].
    Nothing,
    /// The password or recovery key of the set's vault.
    Secret(&'a Unlock<'a>),
}

/// What [`setup`] did.
#[derive(Debug)]
pub enum SetupOutcome {
    /// The folder had no Twofold files of this vault's kind: a new set.
    Started,
    /// This vault was already in the folder's set.
    Continued,
    /// This computer joined the set of another vault: the local vault now
    /// has that vault's key (the old file is kept as `<vault>.before-join`)
    /// and its accounts were merged in.
    Joined,
}

/// Makes the vault `store` take part in the sync folder `folder`, then
/// syncs once. Returns the key to use from now on (a new one after a
/// join), the settings, what happened, and the first sync's report.
///
/// `keyring`: a join adds a keyring slot for the new key on this computer.
pub fn setup<V: Synced>(
    store: &VaultStore<V>,
    unlocked: Unlocked,
    folder_path: &Path,
    name: Option<String>,
    join: JoinWith<'_>,
    keyring: Option<&dyn KeyStore>,
) -> Result<(Unlocked, SyncConfig, SetupOutcome, SyncReport), SyncError> {
    let (joined, config, outcome, report) = setup_keeping_key(store, &unlocked, folder_path, name, join, keyring)?;
    Ok((joined.unwrap_or(unlocked), config, outcome, report))
}

/// [`setup`] for a front end that keeps its key whatever happens (the app:
/// a refused join must not lock it): the new key comes back only after a join.
pub fn setup_keeping_key<V: Synced>(
    store: &VaultStore<V>,
    unlocked: &Unlocked,
    folder_path: &Path,
    name: Option<String>,
    join: JoinWith<'_>,
    keyring: Option<&dyn KeyStore>,
) -> Result<(Option<Unlocked>, SyncConfig, SetupOutcome, SyncReport), SyncError> {
    if !folder_path.is_dir() {
        return Err(SyncError::NotAFolder { path: folder_path.to_owned() });
    }
    if store.shared_slots(unlocked)?.is_empty() {
        return Err(SyncError::NothingToShare);
    }
    let folder_path = std::fs::canonicalize(folder_path).map_err(|e| SyncError::io(folder_path, e))?;
    let folder_path = shared_folder_of::<V>(folder_path);
    let vault_path = store.path().to_owned();
    // Damaged settings: set aside (kept for a look), and this computer starts over
    // as a new device; its old file in the folder stays readable to the others.
    let existing = match SyncConfig::load(&vault_path) {
        Err(SyncError::BadConfig { path, .. }) => {
            let _ = std::fs::rename(&path, path.with_extension("json.damaged"));
            let local = engine::local_state_path::<V>(&vault_path);
            let _ = std::fs::remove_file(local);
            None
        }
        other => other?,
    };
    let mut config = match existing {
        // The same folder again (or the other vault of this computer): keep the id.
        Some(mut existing) => {
            if existing.folder != folder_path {
                existing.folder = folder_path.clone();
            }
            if let Some(name) = name {
                existing.name = name;
            }
            existing
        }
        None => SyncConfig {
            folder: folder_path.clone(),
            device: DeviceId::random()?,
            name: name.unwrap_or_else(super::default_device_name),
            recent_writes: Vec::new(),
            git: None,
        },
    };
    let dir = folder_path.join(SUBFOLDER);
    std::fs::create_dir_all(&dir).map_err(|e| SyncError::io(&dir, e))?;
    let others: Vec<PathBuf> = folder::list(&dir, V::SUFFIX)?
        .into_iter()
        .filter(|f| !f.conflict_copy && f.device != config.device)
        .map(|f| f.path)
        .collect();
    let ids: Vec<_> = others
        .iter()
        .filter_map(|p| folder::read(p).ok().and_then(|b| file_vault_id(&b).ok()).map(|id| (p.clone(), id)))
        .collect();
    let (joined, outcome) = if ids.is_empty() {
        (None, SetupOutcome::Started)
    } else if ids.iter().any(|(_, id)| id == unlocked.vault_id()) {
        (None, SetupOutcome::Continued)
    } else {
        let JoinWith::Secret(how) = join else {
            return Err(SyncError::JoinNeedsSecret { path: folder_path });
        };
        let mut opened = None;
        for (path, _) in &ids {
            let bytes = folder::read(path)?;
            match open_to_join::<StateFile<V>>(&bytes, how, V::KIND) {
                Ok((key, shared, _)) => {
                    opened = Some((key, shared));
                    break;
                }
                // A wrong password here may open the next file (a device
                // whose password slot is newer or older).
                Err(_) => continue,
            }
        }
        let Some((joined, shared)) = opened else {
            return Err(SyncError::JoinRefused { path: folder_path });
        };
        let adopted = store.adopt(unlocked, &joined, &shared, keyring)?;
        // A fresh start: every account here is new to the set.
        let local = engine::local_state_path::<V>(&vault_path);
        let _ = std::fs::remove_file(local);
        (Some(adopted), SetupOutcome::Joined)
    };
    config.save(&vault_path)?;
    let key = joined.as_ref().unwrap_or(unlocked);
    let report = match engine::run(store, key, &mut config, RunOptions::default()) {
        // Removed from the set, and set up again: it joins again as a new device (a
        // removal keeps a computer out only once the vault's key has changed).
        Err(SyncError::Removed) => {
            config.device = DeviceId::random()?;
            config.recent_writes.clear();
            let local = engine::local_state_path::<V>(&vault_path);
            let _ = std::fs::remove_file(local);
            config.save(&vault_path)?;
            engine::run(store, key, &mut config, RunOptions::default())?
        }
        other => other?,
    };
    Ok((joined, config, outcome, report))
}

/// The folder to share: the one given, or its parent when the one given is the
/// `twofold` subfolder Twofold keeps its files in (the path `sync status` shows),
/// so a second computer set up on it joins the same set, not a new one inside.
fn shared_folder_of<V: Synced>(given: PathBuf) -> PathBuf {
    let is_ours = given.file_name().is_some_and(|n| n == SUBFOLDER)
        && !given.join(SUBFOLDER).exists()
        && folder::list(&given, V::SUFFIX).is_ok_and(|files| !files.is_empty());
    match given.parent() {
        Some(parent) if is_ours => parent.to_owned(),
        _ => given,
    }
}

/// Removes a device from the set: the others ignore its file from now on
/// and it stops syncing when it sees this. It can still read what it had
/// (and the folder's files, until the vault's key changes).
pub fn remove_device<V: Synced>(
    store: &VaultStore<V>,
    unlocked: &Unlocked,
    config: &mut SyncConfig,
    id: &str,
) -> Result<SyncReport, SyncError> {
    let status = engine::status(store, unlocked, config)?;
    let by_id = status.devices.iter().find(|d| d.id.as_str() == id);
    let named: Vec<_> = status.devices.iter().filter(|d| d.name == id).collect();
    let device = match (by_id, named.as_slice()) {
        (Some(device), _) => device,
        (None, [device]) => *device,
        (None, []) => return Err(SyncError::NoSuchDevice { id: id.to_owned() }),
        // Two computers of one name (a copied home folder): the person picks by id.
        (None, several) => {
            let ids = several.iter().map(|d| d.id.as_str().to_owned()).collect::<Vec<_>>().join(", ");
            return Err(SyncError::AmbiguousDevice { name: id.to_owned(), ids });
        }
    };
    if device.this_device {
        return Err(SyncError::ThisDevice);
    }
    engine::remove(store, unlocked, config, &device.id.clone())
}
