//! The IPC commands of the vault and its codes (adding accounts is in
//! `review.rs`, exports in `export.rs`). Each is a few lines: state in, one core call, DTO out.
//! Those that may block (keyring, password hashing, files, images) run on
//! the blocking thread pool, never on the UI thread.

use std::sync::Arc;

use tauri::State;
use twofold_core::vault::{BackupSummary, Contents, EntryId, NewSlot, RecoveryKey, Unlock};

use crate::dto::{CodeDto, CodesDto, CopiedDto, CreatedDto, SiteDto, StatusDto};
use crate::error::IpcError;
use crate::state::{now, AppState};

pub type Shared<'a> = State<'a, Arc<AppState>>;

/// An account id from the webview; an unknown shape is "no such account".
pub fn entry_id(id: &str) -> Result<EntryId, IpcError> {
    EntryId::parse(id).ok_or_else(IpcError::no_such_entry)
}

/// Runs `f` with the state on the blocking pool.
pub async fn blocking<R: Send + 'static>(
    state: &Shared<'_>,
    f: impl FnOnce(&AppState) -> Result<R, IpcError> + Send + 'static,
) -> Result<R, IpcError> {
    let state = Arc::clone(state.inner());
    tauri::async_runtime::spawn_blocking(move || f(&state))
        .await
        .map_err(|e| IpcError::new("internal", e.to_string()))?
}

/// Whether there is a vault, whether it is open, and how it can be opened.
#[tauri::command]
pub async fn vault_status(state: Shared<'_>) -> Result<StatusDto, IpcError> {
    blocking(&state, |s| {
        let info = if s.store.exists()? {
            Some(s.store.inspect()?)
        } else {
            None
        };
        Ok(StatusDto::new(
            s.store.path().display().to_string(),
            info.as_ref(),
            s.session().open.is_some(),
        ))
    })
    .await
}

/// Opens the vault with the OS keyring (no typing); the error says why not.
#[tauri::command]
pub async fn unlock_keyring(state: Shared<'_>) -> Result<(), IpcError> {
    blocking(&state, |s| {
        Ok(s.store
            .unlock(&Unlock::Keyring(&s.keyring))
            .map(|(u, l)| s.open(u, l))?)
    })
    .await
}

/// Opens the vault with its password.
#[tauri::command]
pub async fn unlock_password(state: Shared<'_>, password: String) -> Result<(), IpcError> {
    let password = zeroize::Zeroizing::new(password);
    blocking(&state, move |s| {
        Ok(s.store
            .unlock(&Unlock::Password(&password))
            .map(|(u, l)| s.open(u, l))?)
    })
    .await
}

/// Opens the vault with the recovery key of the printed kit (any case,
/// dashes and spaces anywhere); a typo is told apart from a wrong key.
#[tauri::command]
pub async fn unlock_recovery(state: Shared<'_>, key: String) -> Result<(), IpcError> {
    let key = zeroize::Zeroizing::new(key);
    blocking(&state, move |s| {
        let key = RecoveryKey::parse(&key).map_err(|e| IpcError::new("bad_recovery_key", e.to_string()))?;
        Ok(s.store
            .unlock(&Unlock::RecoveryKey(&key))
            .map(|(u, l)| s.open(u, l))?)
    })
    .await
}

/// Creates the vault: with the keyring when `password` is absent, else with
/// the password. Either way with a recovery key, returned this once.
#[tauri::command]
pub async fn create_vault(state: Shared<'_>, password: Option<String>) -> Result<CreatedDto, IpcError> {
    let password = password.map(zeroize::Zeroizing::new);
    blocking(&state, move |s| {
        let recovery = RecoveryKey::generate()?;
        let first = match &password {
            Some(p) => NewSlot::password(p),
            None => NewSlot::Keyring(&s.keyring),
        };
        let ways = vec![first.slot_type().as_str(), "recovery"];
        let unlocked = s
            .store
            .create(&Contents::default(), &[first, NewSlot::Recovery(recovery.public_key())])?;
        let loaded = s.store.load(&unlocked)?;
        s.open(unlocked, loaded);
        Ok(CreatedDto {
            recovery_key: recovery.to_text().as_str().to_owned(),
            ways,
        })
    })
    .await
}

/// The current codes of every account, favourites first.
#[tauri::command]
pub async fn list_codes(state: Shared<'_>) -> Result<CodesDto, IpcError> {
    blocking(&state, |s| {
        let at = now();
        s.with_open(|o| {
            let contents = &o.loaded.contents;
            let mut items: Vec<CodeDto> =
                contents.entries().iter().map(|e| CodeDto::new(e, contents.backup_summary(e.id()), at)).collect();
            // Favourites first, each group in the vault's order (the sort is stable).
            items.sort_by_key(|i| !i.favourite);
            // Sets of no account here: standalone ones, and those of a deleted account.
            let orphan = |b: &&BackupSummary| {
                b.account_id.as_deref().and_then(EntryId::parse).and_then(|id| contents.get(&id)).is_none()
            };
            let sites = contents.backup_codes.iter().filter(orphan).map(SiteDto::from).collect();
            Ok(CodesDto { at, items, sites })
        })
    })
    .await
}

/// Puts an account's current code on the clipboard, and clears it after the
/// vault's `clipboard_clear_seconds` if it still holds that code.
#[tauri::command]
pub async fn copy_code(state: Shared<'_>, id: String) -> Result<CopiedDto, IpcError> {
    let (code, clear_after) = blocking(&state, move |s| {
        let id = entry_id(&id)?;
        s.with_open(|o| {
            o.unlocked.touch();
            let entry = o
                .loaded
                .contents
                .get(&id)
                .ok_or_else(IpcError::no_such_entry)?;
            Ok((
                entry.otp.code_at(now()),
                clear_seconds(o.loaded.contents.settings.clipboard_clear_seconds),
            ))
        })
    })
    .await?;
    put_on_clipboard(&state, code, clear_after).await?;
    Ok(CopiedDto { clear_after })
}

/// Puts `text` on the clipboard, marked as a secret, and checks that it got
/// there; after `clear_after` seconds (0: never) clears it, if it still holds
/// `text` (the person may have copied something else since). Off the UI thread:
/// a copy is read back, and the window's clipboard waits for the GTK thread.
pub async fn put_on_clipboard(state: &Shared<'_>, text: String, clear_after: u32) -> Result<(), IpcError> {
    let text = zeroize::Zeroizing::new(text);
    let clipboard = Arc::clone(&state.clipboard);
    tauri::async_runtime::spawn_blocking(move || clipboard.copy(&text, clear_after))
        .await
        .map_err(|e| IpcError::new("internal", e.to_string()))?
}

/// `TWOFOLD_CLIPBOARD_CLEAR_SECONDS` overrides the vault setting (for tests).
pub fn clear_seconds(setting: u32) -> u32 {
    std::env::var("TWOFOLD_CLIPBOARD_CLEAR_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(setting)
}

/// Moves a counter-based (HOTP) account to its next code.
#[tauri::command]
pub async fn next_hotp(state: Shared<'_>, id: String) -> Result<(), IpcError> {
    blocking(&state, move |s| {
        let id = entry_id(&id)?;
        s.update(|c| c.increment_counter(&id, now())).map(drop)
    })
    .await
}

/// Drops the key and the decrypted accounts.
#[tauri::command]
pub fn lock(state: Shared<'_>) {
    state.lock();
}

/// The person is using the app: resets the idle clock of auto-lock.
#[tauri::command]
pub fn still_here(state: Shared<'_>) {
    if let Some(o) = state.session().open.as_ref() {
        o.unlocked.touch();
    }
}
