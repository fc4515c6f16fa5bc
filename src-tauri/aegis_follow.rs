//! Following the phone's Aegis automatic backups from the app
//! (`twofold_core::sync::aegis`): set up in Settings with the Aegis backup
//! password once, then taken in on unlock, whenever the folder changes (the
//! sync watcher watches it too) and on "Check now". What came in saves the
//! vault, so the windows refresh and the folder sync sends it on.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;
use twofold_core::sync::aegis::{self, AegisError, FollowOptions, FollowReport};
use zeroize::Zeroizing;

use crate::commands::{blocking, Shared};
use crate::error::IpcError;
use crate::folder_sync::SetAsideDto;
use crate::state::{now, AppState};

/// Lines of what came in kept for Settings.
const KEPT: usize = 20;

/// What the runs said, for Settings; in memory only.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PhoneLogDto {
    pub last_run: Option<u64>,
    /// What came in lately, newest first ("added GitHub: alice").
    pub received: Vec<String>,
    /// Entries the phone has that could not come in, and why.
    pub skipped: Vec<String>,
    /// Backups the last run could not read (half-written): retried next time.
    pub set_aside: Vec<SetAsideDto>,
    pub error: Option<IpcError>,
}

/// The in-memory log of the runs.
#[derive(Default)]
pub struct PhoneLog(Mutex<PhoneLogDto>);

impl PhoneLog {
    fn lock(&self) -> MutexGuard<'_, PhoneLogDto> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn record(&self, result: &Result<FollowReport, AegisError>) {
        let mut log = self.lock();
        log.last_run = Some(now());
        log.error = None;
        match result {
            Ok(report) => {
                let mut lines = describe(report);
                lines.reverse();
                lines.append(&mut log.received);
                lines.truncate(KEPT);
                log.received = lines;
                log.skipped = report.skipped.iter().map(|s| format!("{} ({})", s.account, s.reason)).collect();
                log.set_aside = report
                    .set_aside
                    .iter()
                    .map(|s| SetAsideDto { file: s.file.clone(), reason: s.reason.clone() })
                    .collect();
            }
            Err(e) => log.error = Some(ipc_error(e)),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PendingDto {
    pub account: String,
    /// The first backup without it.
    pub since: String,
}

#[derive(Debug, Serialize)]
pub struct PhoneStatusDto {
    /// `None`: no Aegis backups are followed (or the vault is locked).
    pub folder: Option<String>,
    pub folder_present: bool,
    pub last_backup: Option<String>,
    /// When that backup was taken (Unix seconds).
    pub last_taken: Option<u64>,
    pub linked: usize,
    /// Accounts deleted on the phone and still here, waiting for the person.
    pub pending_removals: Vec<PendingDto>,
    pub log: PhoneLogDto,
}

/// The folder followed, while the vault is open (for the sync watcher).
pub fn folder(state: &AppState) -> Option<PathBuf> {
    state.if_open(|open| open.and_then(|o| o.loaded.contents.aegis.as_ref().map(|a| a.folder.clone()))).ok().flatten()
}

/// Takes the phone's newest backup in, when the open vault follows one.
/// `background`: not a use of the vault (the idle clock is left alone).
/// True when it ran.
pub fn follow_open(state: &AppState, background: bool) -> bool {
    let result = state.if_open(|open| {
        let open = open?;
        open.loaded.contents.aegis.as_ref()?;
        let run = || aegis::follow(&state.store, &open.unlocked, FollowOptions::default());
        Some(if background { open.unlocked.unseen(run) } else { run() })
    });
    match result {
        Ok(Some(result)) => {
            state.phone.record(&result);
            true
        }
        Ok(None) => false,
        Err(e) => {
            eprintln!("twofold: the phone's backups: {e}");
            false
        }
    }
}

#[tauri::command]
pub async fn phone_status(state: Shared<'_>) -> Result<PhoneStatusDto, IpcError> {
    blocking(&state, status).await
}

/// Follows the folder Aegis writes its backups to: `password` (the Aegis
/// backup password) opens the newest backup once; Twofold keeps Aegis' key.
#[tauri::command]
pub async fn phone_setup(state: Shared<'_>, folder: String, password: String) -> Result<PhoneStatusDto, IpcError> {
    let password = Zeroizing::new(password);
    let shared = Arc::clone(state.inner());
    blocking(&state, move |s| {
        let folder = crate::folder_sync::expand_home(folder.trim());
        let prepared = aegis::prepare_setup(&folder).map_err(|e| ipc_error(&e))?;
        // scrypt runs here, before the vault is touched.
        let key = prepared.unlock(&password).map_err(|e| ipc_error(&e))?;
        let result = s.with_open(|open| {
            let result = aegis::setup(&s.store, &open.unlocked, &prepared, key, FollowOptions::default());
            s.phone.record(&result);
            result.map_err(|e| ipc_error(&e))
        });
        result?;
        crate::folder_sync::after_setup(&shared);
        status(s)
    })
    .await
}

/// Takes the newest backup in now; `accept_removals` deletes here the
/// accounts deleted on the phone that Settings listed.
#[tauri::command]
pub async fn phone_follow(state: Shared<'_>, accept_removals: bool) -> Result<PhoneStatusDto, IpcError> {
    blocking(&state, move |s| {
        let result = s.with_open(|open| {
            let options = FollowOptions { accept_removals, now: None };
            let result = aegis::follow(&s.store, &open.unlocked, options);
            s.phone.record(&result);
            result.map_err(|e| ipc_error(&e))
        });
        result?;
        crate::folder_sync::sync_open(s, false, false);
        status(s)
    })
    .await
}

fn status(s: &AppState) -> Result<PhoneStatusDto, IpcError> {
    let follow = s.with_open(|open| Ok(open.loaded.contents.aegis.is_some().then(|| aegis::status(&open.loaded.contents))))?;
    let log = s.phone.lock().clone();
    let Some(st) = follow.transpose().map_err(|e| ipc_error(&e))? else {
        return Ok(PhoneStatusDto {
            folder: None,
            folder_present: false,
            last_backup: None,
            last_taken: None,
            linked: 0,
            pending_removals: Vec::new(),
            log,
        });
    };
    Ok(PhoneStatusDto {
        folder: Some(st.folder.display().to_string()),
        folder_present: st.folder_present,
        last_backup: st.last.as_ref().map(|l| l.file.clone()),
        last_taken: st.last.as_ref().map(|l| l.taken_at),
        linked: st.linked_entries,
        pending_removals: st
            .pending_removals
            .iter()
            .map(|p| PendingDto { account: p.name.clone(), since: p.since.clone() })
            .collect(),
        log,
    })
}

fn describe(report: &FollowReport) -> Vec<String> {
    let mut lines: Vec<String> = report.added.iter().map(|n| format!("added {n}")).collect();
    lines.extend(report.updated.iter().map(|u| format!("changed {} ({})", u.account, u.fields.join(", "))));
    lines.extend(report.removed.iter().map(|n| format!("removed {n}")));
    lines.extend(report.removal_flagged.iter().map(|n| format!("deleted on the phone: {n} (kept here)")));
    lines
}

fn ipc_error(e: &AegisError) -> IpcError {
    let code = match e {
        AegisError::Vault(v) => return IpcError::new(crate::error::vault_code(v), v.to_string()),
        AegisError::WrongPassword { .. } => "aegis_wrong_password",
        AegisError::KeyChanged { .. } => "aegis_key_changed",
        AegisError::NoBackups { .. } => "aegis_no_backups",
        AegisError::FolderMissing { .. } | AegisError::NotAFolder { .. } => "not_a_folder",
        AegisError::NotSetUp => "not_set_up",
        _ => "aegis_failed",
    };
    let message = match e {
        // The core's message names the CLI command.
        AegisError::KeyChanged { file, .. } => format!(
            "{file} does not open with the Aegis key Twofold keeps: encryption was turned off and on again in Aegis, which makes a new key. Follow the folder again below, with the Aegis backup password. Nothing was changed."
        ),
        AegisError::NotSetUp => "This vault follows no Aegis backups yet: set it up in Settings › Your phone.".to_owned(),
        other => other.to_string(),
    };
    IpcError::new(code, message)
}
