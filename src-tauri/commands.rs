//! The IPC commands. Each is a few lines: state in, one core call, DTO out.
//! Those that may block (keyring, password hashing, files, images) run on
//! the blocking thread pool, never on the UI thread.

use std::sync::Arc;
use std::time::Duration;

use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use twofold_core::input::{describe_uri, Collector, Found};
use twofold_core::qr;
use twofold_core::vault::{Contents, EntryId, NewSlot, RecoveryKey, Unlock};

use crate::dto::{AddedDto, CodeDto, CodesDto, CopiedDto, CreatedDto, ReviewDto, ReviewItemDto, StatusDto};
use crate::error::IpcError;
use crate::state::{now, AppState};

type Shared<'a> = State<'a, Arc<AppState>>;

/// Runs `f` with the state on the blocking pool.
async fn blocking<R: Send + 'static>(
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

/// The current codes of every account.
#[tauri::command]
pub async fn list_codes(state: Shared<'_>) -> Result<CodesDto, IpcError> {
    blocking(&state, |s| {
        let at = now();
        s.with_open(|o| {
            Ok(CodesDto {
                at,
                items: o
                    .loaded
                    .contents
                    .entries()
                    .iter()
                    .map(|e| CodeDto::new(e, at))
                    .collect(),
            })
        })
    })
    .await
}

/// Puts an account's current code on the clipboard, and clears it after the
/// vault's `clipboard_clear_seconds` if it still holds that code.
#[tauri::command]
pub async fn copy_code(app: AppHandle, state: Shared<'_>, id: String) -> Result<CopiedDto, IpcError> {
    let (code, clear_after) = blocking(&state, move |s| {
        let id = EntryId::parse(&id).ok_or_else(|| IpcError::new("no_such_entry", "no such account"))?;
        s.with_open(|o| {
            o.unlocked.touch();
            let entry = o
                .loaded
                .contents
                .get(&id)
                .ok_or_else(|| IpcError::new("no_such_entry", "no such account"))?;
            Ok((
                entry.otp.code_at(now()),
                clear_seconds(o.loaded.contents.settings.clipboard_clear_seconds),
            ))
        })
    })
    .await?;
    app.clipboard()
        .write_text(code.clone())
        .map_err(|e| IpcError::new("clipboard", e.to_string()))?;
    if clear_after > 0 {
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(u64::from(clear_after)));
            if app.clipboard().read_text().is_ok_and(|t| t == code) {
                let _ = app.clipboard().clear();
            }
        });
    }
    Ok(CopiedDto { clear_after })
}

/// `TWOFOLD_CLIPBOARD_CLEAR_SECONDS` overrides the vault setting (for tests).
fn clear_seconds(setting: u32) -> u32 {
    std::env::var("TWOFOLD_CLIPBOARD_CLEAR_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(setting)
}

/// Moves a counter-based (HOTP) account to its next code.
#[tauri::command]
pub async fn next_hotp(state: Shared<'_>, id: String) -> Result<(), IpcError> {
    blocking(&state, move |s| {
        let id = EntryId::parse(&id).ok_or_else(|| IpcError::new("no_such_entry", "no such account"))?;
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

/// Reads otpauth / otpauth-migration links (separated by lines or spaces) for review.
#[tauri::command]
pub async fn review_text(state: Shared<'_>, text: String) -> Result<ReviewDto, IpcError> {
    blocking(&state, move |s| {
        let mut c = Collector::new();
        for link in text.split_whitespace() {
            c.add_uri(&describe_uri(link), None, link);
        }
        review(s, c.finish())
    })
    .await
}

/// Reads the QR codes of an image (the raw bytes of the request) for review.
#[tauri::command]
pub async fn review_image(state: Shared<'_>, request: Request<'_>) -> Result<ReviewDto, IpcError> {
    let InvokeBody::Raw(bytes) = request.body().clone() else {
        return Err(IpcError::new("bad_request", "expected the image's bytes"));
    };
    blocking(&state, move |s| review(s, found_in(qr::decode_image_bytes(&bytes)?))).await
}

/// Reads the QR codes of an image file dropped on the window (size checked before reading).
#[tauri::command]
pub async fn review_image_path(state: Shared<'_>, path: String) -> Result<ReviewDto, IpcError> {
    blocking(&state, move |s| review(s, found_in(qr::decode_image_file(&path)?))).await
}

/// Saves the accounts of a review, skipping duplicates.
#[tauri::command]
pub async fn confirm_import(state: Shared<'_>, id: u64) -> Result<AddedDto, IpcError> {
    blocking(&state, move |s| {
        let accounts =
            s.session().pending.remove(&id).ok_or_else(|| {
                IpcError::new("no_such_import", "nothing is waiting to be added; read the code again")
            })?;
        let report = s.update(|c| c.add_all(accounts, now()))?;
        Ok(AddedDto {
            added: report.added.len(),
            skipped: report.duplicates.len(),
        })
    })
    .await
}

/// Forgets the accounts of a review.
#[tauri::command]
pub fn discard_import(state: Shared<'_>, id: u64) {
    state.session().pending.remove(&id);
}

/// The accounts in QR payloads; payloads that are not setup codes say what they are.
fn found_in(payloads: Vec<String>) -> Found {
    let mut c = Collector::new();
    let mut refused = Vec::new();
    for p in &payloads {
        match qr::classify(p).refusal() {
            Some(why) => refused.push(why.to_owned()),
            None => c.add_uri("QR code", None, p),
        }
    }
    let mut found = c.finish();
    found
        .errors
        .extend(refused.into_iter().map(|message| twofold_core::input::InputError {
            source: "QR code".into(),
            line: None,
            message,
        }));
    found
}

/// Parks the accounts for confirmation and describes them; duplicates are
/// found by a dry run of the same `add_all` that "Add" makes.
fn review(s: &AppState, found: Found) -> Result<ReviewDto, IpcError> {
    let report = s.with_open(|o| {
        Ok(o.loaded
            .contents
            .clone()
            .add_all(found.accounts.iter().cloned(), now())?)
    })?;
    let dup = |i: usize| report.duplicates.iter().any(|d| d.index == i);
    let items = found
        .accounts
        .iter()
        .enumerate()
        .map(|(i, a)| ReviewItemDto::new(&a.account, dup(i)))
        .collect();
    let errors = found.errors.iter().map(|e| e.message.clone()).collect();
    let id = if found.accounts.is_empty() {
        0
    } else {
        s.park(found.accounts)
    };
    Ok(ReviewDto { id, items, errors })
}
