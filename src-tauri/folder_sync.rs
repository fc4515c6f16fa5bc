//! Sync from the app (`twofold_core::sync`): set up in Settings, then run on
//! unlock, after every save, and whenever a file changes in the shared
//! folder (watched: engines replace files by rename). A merge that changes
//! the vault saves it, and the windows hear "vault-changed" from the save
//! notice as for any save; Settings hears "sync-changed".
//!
//! The folder of the phone's Aegis backups, when the vault follows one, is
//! watched too, and each run takes its new backup in first (aegis_follow.rs).
//!
//! Background runs (the watcher, the periodic look) do not count as using
//! the vault, so they never keep an idle vault from locking.

use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use serde::Serialize;
use twofold_core::sync::{self, Change, JoinWith, RunOptions, SetupOutcome, SyncConfig, SyncError, SyncReport, Synced};
use twofold_core::vault::{RecoveryKey, SlotType, Unlock, Unlocked, VaultStore};
use zeroize::Zeroizing;

use crate::commands::{blocking, Shared};
use crate::error::IpcError;
use crate::state::{now, AppState};

/// A folder on a network mount may send no change events: look this often anyway.
const LOOK_EVERY: Duration = Duration::from_secs(60);
/// Engines write in bursts (a temporary file, a rename, the next file): wait for quiet.
const QUIET: Duration = Duration::from_millis(300);
/// Received changes and conflict notes kept for Settings.
const KEPT: usize = 20;

/// The two vaults that can take part, each a set of its own.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Accounts,
    BackupCodes,
}

/// What the runs said, for Settings; in memory only.
#[derive(Clone, Debug, Default, Serialize)]
pub struct LogDto {
    /// The last run (Unix seconds).
    pub last_run: Option<u64>,
    /// What came in lately, newest first ("added GitHub (alice)").
    pub received: Vec<String>,
    /// Edits that lost to an edit on another computer, newest first.
    pub conflicts: Vec<String>,
    /// Files the last run could not use, and why.
    pub set_aside: Vec<SetAsideDto>,
    pub clock_warnings: Vec<String>,
    /// Why the last run did nothing, if it failed.
    pub error: Option<IpcError>,
    /// The last run stopped because it would delete or change many secrets.
    pub mass_change: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct SetAsideDto {
    pub file: String,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct DeviceDto {
    pub id: String,
    pub name: String,
    /// When it last wrote its file (Unix seconds).
    pub last_write: u64,
    pub this_device: bool,
    /// Its file is in the folder now (a missing one is never read as "deleted").
    pub file_present: bool,
}

/// One vault's part in a sync folder.
#[derive(Debug, Serialize)]
pub struct VaultSyncDto {
    pub folder: String,
    pub name: String,
    /// The computers of the set; empty while this vault is locked.
    pub devices: Vec<DeviceDto>,
    pub last_sync: Option<u64>,
    pub log: LogDto,
}

#[derive(Debug, Serialize)]
pub struct SyncStatusDto {
    /// `None`: the accounts vault takes part in no folder.
    pub accounts: Option<VaultSyncDto>,
    pub backup_codes: Option<VaultSyncDto>,
    /// The vault has a password or recovery key, which the other computers open it with.
    pub can_share: bool,
    /// There is a backup-code vault (it can take part once it is open).
    pub has_backup_codes: bool,
    pub backup_codes_open: bool,
    /// The name this computer gets unless one is typed.
    pub default_name: String,
}

/// The app's sync: the runs' log and the folder watcher.
#[derive(Default)]
pub struct FolderSync {
    accounts: Mutex<LogDto>,
    codes: Mutex<LogDto>,
    events: Mutex<Option<Sender<()>>>,
    watcher: Mutex<Option<RecommendedWatcher>>,
}

impl FolderSync {
    fn log(&self, which: Which) -> MutexGuard<'_, LogDto> {
        let log = match which {
            Which::Accounts => &self.accounts,
            Which::BackupCodes => &self.codes,
        };
        log.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Keeps what a run said.
    fn record(&self, which: Which, result: &Result<SyncReport, SyncError>) {
        let mut log = self.log(which);
        log.last_run = Some(now());
        log.error = None;
        log.mass_change = false;
        match result {
            Ok(report) => {
                let received: Vec<String> = report.received.iter().map(describe).collect();
                prepend(&mut log.received, received);
                prepend(&mut log.conflicts, report.conflicts.iter().map(|c| c.to_string()).collect());
                log.set_aside = report
                    .set_aside
                    .iter()
                    .map(|s| SetAsideDto { file: s.file.clone(), reason: s.reason.clone() })
                    .collect();
                log.clock_warnings = report.clock_warnings.clone();
            }
            Err(e) => {
                log.mass_change = matches!(e, SyncError::MassChange { .. });
                log.error = Some(ipc_error_ref(e));
            }
        }
    }
}

fn prepend(list: &mut Vec<String>, mut new: Vec<String>) {
    new.reverse();
    new.append(list);
    new.truncate(KEPT);
    *list = new;
}

/// Syncs a vault once, if it takes part in a folder.
fn run_vault<V: Synced>(
    store: &VaultStore<V>,
    unlocked: &Unlocked,
    allow_mass_change: bool,
) -> Option<Result<SyncReport, SyncError>> {
    let mut config = match SyncConfig::load(store.path()) {
        Ok(Some(config)) => config,
        Ok(None) => return None,
        Err(e) => return Some(Err(e)),
    };
    Some(sync::run(store, unlocked, &mut config, RunOptions { allow_mass_change, now_ms: None }))
}

/// After the app saved the accounts vault (called with the vault's key,
/// inside the save's transaction lock): the change goes out at once.
pub fn after_save(state: &AppState, unlocked: &Unlocked) {
    if let Some(result) = run_vault(&state.store, unlocked, false) {
        state.sync.record(Which::Accounts, &result);
        state.notify("sync-changed");
    }
}

/// After the backup-code vault was saved.
pub fn after_codes_save(state: &AppState, unlocked: &Unlocked) {
    if let Some(result) = run_vault(&state.codes, unlocked, false) {
        state.sync.record(Which::BackupCodes, &result);
        state.notify("sync-changed");
    }
}

/// Syncs whatever is open and takes part (on unlock, from the watcher).
/// `background`: not a use of the vault (the idle clock is left alone).
pub fn sync_open(state: &AppState, background: bool, allow_mass_change: bool) {
    // What the phone changed goes out with this run.
    let mut said = crate::aegis_follow::follow_open(state, background);
    let accounts = state.if_open(|open| {
        open.and_then(|o| {
            let run = || run_vault(&state.store, &o.unlocked, allow_mass_change);
            if background { o.unlocked.unseen(run) } else { run() }
        })
    });
    match accounts {
        Ok(Some(result)) => {
            state.sync.record(Which::Accounts, &result);
            said = true;
        }
        Ok(None) => {}
        Err(e) => eprintln!("twofold: sync: {e}"),
    }
    let codes = {
        let session = state.session();
        session.backup.as_ref().and_then(|u| {
            let run = || run_vault(&state.codes, u, allow_mass_change);
            if background { u.unseen(run) } else { run() }
        })
    };
    if let Some(result) = codes {
        state.sync.record(Which::BackupCodes, &result);
        said = true;
    }
    if said {
        state.notify("sync-changed");
    }
}

/// Starts watching the folders (and looking every minute), for the app's whole life.
pub fn start(state: Arc<AppState>) {
    let (tx, rx) = mpsc::channel::<()>();
    *state.sync.events.lock().unwrap_or_else(|p| p.into_inner()) = Some(tx);
    rewatch(&state);
    std::thread::spawn(move || loop {
        match rx.recv_timeout(LOOK_EVERY) {
            Ok(()) => while rx.recv_timeout(QUIET).is_ok() {},
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        sync_open(&state, true, false);
    });
}

/// After a setup: the new folder is watched, and Settings hears of it.
pub fn after_setup(state: &AppState) {
    rewatch(state);
    state.notify("sync-changed");
}

/// Watches the folders of the vaults that take part, and the phone's
/// backups (again, after a setup or an unlock).
pub fn rewatch(state: &AppState) {
    let Some(tx) = state.sync.events.lock().unwrap_or_else(|p| p.into_inner()).clone() else { return };
    let mut dirs: Vec<PathBuf> = [state.store.path(), state.codes.path()]
        .into_iter()
        .filter_map(|vault| SyncConfig::load(vault).ok().flatten())
        .map(|config| config.folder.join(sync::folder::SUBFOLDER))
        .collect();
    dirs.extend(crate::aegis_follow::folder(state));
    let mut slot = state.sync.watcher.lock().unwrap_or_else(|p| p.into_inner());
    *slot = None;
    if dirs.is_empty() {
        return;
    }
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reads (ours included) are no news; a metadata change alone is not either.
        let news = event.is_ok_and(|e| match e.kind {
            EventKind::Modify(notify::event::ModifyKind::Metadata(_)) => false,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
            _ => false,
        });
        if news {
            let _ = tx.send(());
        }
    });
    let mut watcher = match watcher {
        Ok(w) => w,
        Err(e) => return eprintln!("twofold: the sync folder is not watched ({e}); it is looked at every minute"),
    };
    for dir in &dirs {
        if let Err(e) = watcher.watch(dir, RecursiveMode::NonRecursive) {
            eprintln!("twofold: {} is not watched ({e}); it is looked at every minute", dir.display());
        }
    }
    *slot = Some(watcher);
}

#[tauri::command]
pub async fn sync_status(state: Shared<'_>) -> Result<SyncStatusDto, IpcError> {
    blocking(&state, status).await
}

/// Syncs now; `allow_mass_change` after the person agreed to a big merge.
#[tauri::command]
pub async fn sync_now(state: Shared<'_>, allow_mass_change: bool) -> Result<SyncStatusDto, IpcError> {
    blocking(&state, move |s| {
        s.with_open(|_| Ok(()))?;
        sync_open(s, false, allow_mass_change);
        status(s)
    })
    .await
}

/// Makes a vault take part in a folder: starts a set there, or joins the
/// one of the person's other computers with `secret` (that set's password
/// or recovery key; without it, a join is refused with "join_needs_secret").
#[tauri::command]
pub async fn sync_setup(
    state: Shared<'_>,
    folder: String,
    name: Option<String>,
    secret: Option<String>,
    backup_codes: bool,
) -> Result<SyncStatusDto, IpcError> {
    let secret = secret.filter(|s| !s.trim().is_empty()).map(Zeroizing::new);
    let shared = Arc::clone(state.inner());
    blocking(&state, move |s| {
        let folder = expand_home(folder.trim());
        let name = name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
        let recovery = match &secret {
            Some(text) => RecoveryKey::parse(text).ok(),
            None => None,
        };
        let how = match (&recovery, &secret) {
            (Some(key), _) => Some(Unlock::RecoveryKey(key)),
            (None, Some(password)) => Some(Unlock::Password(password)),
            (None, None) => None,
        };
        let join = how.as_ref().map_or(JoinWith::Nothing, JoinWith::Secret);
        if backup_codes {
            let session = s.session();
            let unlocked = session
                .backup
                .as_ref()
                .ok_or_else(|| IpcError::new("backup_locked", "Open the backup codes first."))?;
            let keyring = s.codes.inspect()?.has_slot(SlotType::Keyring).then_some(&s.keyring as &dyn twofold_core::keystore::KeyStore);
            let (joined, ..) = sync::setup_keeping_key(&s.codes, unlocked, &folder, name, join, keyring).map_err(ipc_error)?;
            drop(session);
            if let Some(joined) = joined {
                s.session().backup = Some(joined);
            }
        } else {
            let keyring = s.store.inspect()?.has_slot(SlotType::Keyring).then_some(&s.keyring as &dyn twofold_core::keystore::KeyStore);
            let joined = s.with_open(|open| {
                let (joined, _, outcome, report) =
                    sync::setup_keeping_key(&s.store, &open.unlocked, &folder, name, join, keyring).map_err(ipc_error)?;
                s.sync.record(Which::Accounts, &Ok(report));
                Ok(joined.filter(|_| matches!(outcome, SetupOutcome::Joined)))
            })?;
            // After a join the vault has the set's key: keep that one from now on.
            if let Some(joined) = joined {
                let loaded = s.store.load(&joined)?;
                s.open(joined, loaded);
            }
        }
        after_setup(&shared);
        status(s)
    })
    .await
}

/// Removes another computer from a set: the others stop reading its file.
#[tauri::command]
pub async fn sync_remove_device(state: Shared<'_>, id: String, backup_codes: bool) -> Result<SyncStatusDto, IpcError> {
    blocking(&state, move |s| {
        if backup_codes {
            let session = s.session();
            let unlocked = session.backup.as_ref().ok_or_else(|| IpcError::new("backup_locked", "Open the backup codes first."))?;
            remove(&s.codes, unlocked, &id)?;
        } else {
            s.with_open(|open| remove(&s.store, &open.unlocked, &id))?;
        }
        status(s)
    })
    .await
}

fn remove<V: Synced>(store: &VaultStore<V>, unlocked: &Unlocked, id: &str) -> Result<(), IpcError> {
    let mut config = SyncConfig::load(store.path()).map_err(ipc_error)?.ok_or_else(|| ipc_error(SyncError::NotSetUp))?;
    sync::remove_device(store, unlocked, &mut config, id).map_err(ipc_error)?;
    Ok(())
}

fn status(s: &AppState) -> Result<SyncStatusDto, IpcError> {
    let info = s.store.inspect()?;
    let accounts = s.with_open(|open| vault_status(s, &s.store, Some(&open.unlocked), Which::Accounts))?;
    let session = s.session();
    let backup_codes = vault_status(s, &s.codes, session.backup.as_ref(), Which::BackupCodes)?;
    Ok(SyncStatusDto {
        accounts,
        backup_codes,
        can_share: info.has_slot(SlotType::Password) || info.has_slot(SlotType::Recovery),
        has_backup_codes: s.codes.exists()?,
        backup_codes_open: session.backup.is_some(),
        default_name: sync::default_device_name(),
    })
}

fn vault_status<V: Synced>(
    s: &AppState,
    store: &VaultStore<V>,
    unlocked: Option<&Unlocked>,
    which: Which,
) -> Result<Option<VaultSyncDto>, IpcError> {
    let Some(config) = SyncConfig::load(store.path()).map_err(ipc_error)? else { return Ok(None) };
    let (devices, last_sync) = match unlocked {
        Some(u) => {
            let st = sync::status(store, u, &config).map_err(ipc_error)?;
            let devices = st
                .devices
                .into_iter()
                .map(|d| DeviceDto {
                    id: d.id.as_str().to_owned(),
                    name: d.name,
                    last_write: d.written_ms / 1000,
                    this_device: d.this_device,
                    file_present: d.file_present,
                })
                .collect();
            (devices, st.last_sync_ms.map(|ms| ms / 1000))
        }
        None => (Vec::new(), None),
    };
    Ok(Some(VaultSyncDto {
        folder: config.folder.display().to_string(),
        name: config.name,
        devices,
        last_sync,
        log: s.sync.log(which).clone(),
    }))
}

/// `~/Sync` as people type it.
pub fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ if path == "~" => dirs::home_dir().unwrap_or_else(|| PathBuf::from(path)),
        _ => PathBuf::from(path),
    }
}

fn describe(change: &Change) -> String {
    match change {
        Change::Added(name) => format!("added {name}"),
        Change::Changed(name, fields) => format!("changed {name} ({})", fields.join(", ")),
        Change::Removed(name) => format!("removed {name}"),
    }
}

fn ipc_error(e: SyncError) -> IpcError {
    ipc_error_ref(&e)
}

fn ipc_error_ref(e: &SyncError) -> IpcError {
    let code = match e {
        SyncError::Vault(v) => return IpcError::new(crate::error::vault_code(v), v.to_string()),
        SyncError::JoinNeedsSecret { .. } => "join_needs_secret",
        SyncError::JoinRefused { .. } => "join_refused",
        SyncError::NothingToShare => "nothing_to_share",
        SyncError::NotAFolder { .. } => "not_a_folder",
        SyncError::MassChange { .. } => "mass_change",
        SyncError::Removed => "removed",
        SyncError::NotSetUp => "not_set_up",
        SyncError::NoSuchDevice { .. } => "no_such_device",
        _ => "sync_failed",
    };
    let message = match e {
        // The core's message speaks of the CLI's --yes.
        SyncError::MassChange { deleted, changed, total, names } => format!(
            "This sync would delete {deleted} and change the secrets of {changed} of your {total} accounts: {names}. Nothing was changed. Apply it only if that is what you did on your other computer."
        ),
        SyncError::Removed => "This computer was removed from the sync set. Set up sync again to join it.".to_owned(),
        other => other.to_string(),
    };
    IpcError::new(code, message)
}
