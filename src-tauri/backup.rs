//! The backup-code vault in the window: opening it (its own passphrase, or
//! the keyring only if the person opted in), adding the codes a site gave,
//! seeing them, "use next code", marking, and a text export.
//!
//! Backup codes do cross IPC — showing them is the point — but only from
//! this separately locked vault, which locks itself after two idle minutes.
//! After every change the accounts vault's counts are rewritten
//! (`Contents::backup_codes`), so the list shows what is left while the
//! backup-code vault stays locked.

use serde::Serialize;
use twofold_core::backup_codes::{self, BackupCodeSet, SetOwner, DEFAULT_LOW_THRESHOLD};
use twofold_core::vault::{BackupCodes, BackupSummary, EntryId, NewSlot, SlotType, Unlock, Unlocked, VaultError};
use zeroize::Zeroizing;

use crate::commands::{blocking, clear_seconds, put_on_clipboard, Shared};
use crate::error::IpcError;
use crate::export::{chosen_new_file, write_new_file};
use crate::state::{now, AppState};

/// Whether the backup-code vault is there, open, and how it opens.
#[derive(Debug, Serialize)]
pub struct CodesStatusDto {
    pub exists: bool,
    pub unlocked: bool,
    /// The person opted in to opening it with the keyring.
    pub keyring: bool,
}

/// One account's (or site's) backup codes, as the sheet shows them.
#[derive(Serialize)]
pub struct CodeSetDto {
    pub name: String,
    pub codes: Vec<CodeItemDto>,
    pub left: usize,
    pub total: usize,
    /// Few enough left to get new ones.
    pub low: bool,
}

#[derive(Serialize)]
pub struct CodeItemDto {
    pub code: String,
    /// The day it was used (UTC), if used.
    pub used_on: Option<String>,
}

/// What adding or using codes left behind.
#[derive(Debug, Serialize)]
pub struct CountDto {
    /// Codes added (0 for "use").
    pub added: usize,
    pub left: usize,
    pub total: usize,
    pub low: bool,
}

/// The code "use next code" copied.
#[derive(Serialize)]
pub struct UsedDto {
    pub code: String,
    pub left: usize,
    pub total: usize,
    pub low: bool,
    /// Seconds until the clipboard is cleared (0: never).
    pub clear_after: u32,
    /// Why the code is not on the clipboard (it is marked used all the same, and shown).
    pub copy_error: Option<String>,
}

impl std::fmt::Debug for CodeSetDto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CodeSetDto {{ {} of {} left, .. }}", self.left, self.total)
    }
}

impl std::fmt::Debug for UsedDto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "UsedDto {{ {} left, .. }}", self.left)
    }
}

type Sets = BackupCodes<BackupCodeSet>;

#[tauri::command]
pub async fn backup_status(state: Shared<'_>) -> Result<CodesStatusDto, IpcError> {
    blocking(&state, |s| {
        let exists = s.codes.exists()?;
        let keyring = exists && s.codes.inspect()?.has_slot(SlotType::Keyring);
        Ok(CodesStatusDto { exists, unlocked: s.session().backup.is_some(), keyring })
    })
    .await
}

/// Opens the backup-code vault with its passphrase, or, without one, the
/// keyring (only when the person opted in).
#[tauri::command]
pub async fn unlock_backup(state: Shared<'_>, passphrase: Option<String>) -> Result<(), IpcError> {
    let passphrase = passphrase.map(Zeroizing::new);
    blocking(&state, move |s| {
        if !s.codes.exists()? {
            return Err(IpcError::new("no_backup_vault", "There are no backup codes yet."));
        }
        let (unlocked, _) = match passphrase.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => s.codes.unlock(&Unlock::Password(p))?,
            None => s.codes.unlock(&Unlock::Keyring(&s.keyring)).map_err(|e| match e {
                VaultError::NoSlotOfType { .. } => IpcError::new("password_needed", "Type the backup-code passphrase."),
                e => e.into(),
            })?,
        };
        s.session().backup = Some(unlocked);
        // Uses made on the other computers come in now.
        crate::folder_sync::sync_open(s, false, false);
        Ok(())
    })
    .await
}

/// Creates the backup-code vault: its own passphrase, the recovery key of the
/// accounts vault's kit, and the keyring only when `keyring` is true.
#[tauri::command]
pub async fn create_backup(state: Shared<'_>, passphrase: String, keyring: bool) -> Result<(), IpcError> {
    let passphrase = Zeroizing::new(passphrase);
    blocking(&state, move |s| {
        if passphrase.is_empty() {
            return Err(IpcError::new("password_needed", "Choose a passphrase for the backup codes."));
        }
        let recovery = s.with_open(|o| Ok(o.loaded.info.recovery_public_key()))?;
        let mut slots = vec![NewSlot::password(&passphrase)];
        if let Some(r) = recovery {
            slots.push(NewSlot::Recovery(r));
        }
        if keyring {
            slots.push(NewSlot::Keyring(&s.keyring));
        }
        let unlocked = s.codes.create(&Sets::new(Vec::new()), &slots)?;
        s.session().backup = Some(unlocked);
        Ok(())
    })
    .await
}

/// Locks the backup-code vault now (the accounts stay open).
#[tauri::command]
pub fn lock_backup(state: Shared<'_>) {
    state.session().backup = None;
}

/// The codes of an account (`owner` is its id) or of a standalone set (its set id).
#[tauri::command]
pub async fn backup_codes(state: Shared<'_>, owner: String) -> Result<CodeSetDto, IpcError> {
    blocking(&state, move |s| {
        let name = owner_name(s, &owner)?;
        with_codes(s, |unlocked| {
            let sets = s.codes.load(unlocked)?.contents;
            let dto = match find(&sets, &owner) {
                Some(set) => CodeSetDto {
                    name: set.name.clone(),
                    codes: set
                        .codes()
                        .iter()
                        .map(|c| CodeItemDto {
                            code: c.code.as_str().to_owned(),
                            used_on: c.used_at.map(twofold_core::dates::iso_date),
                        })
                        .collect(),
                    left: set.left(),
                    total: set.total(),
                    low: set.is_low(DEFAULT_LOW_THRESHOLD),
                },
                None => CodeSetDto { name, codes: Vec::new(), left: 0, total: 0, low: false },
            };
            Ok(dto)
        })
    })
    .await
}

/// Adds the codes found in `text` (pasted, or a `.txt` file's contents) to the account's set.
#[tauri::command]
pub async fn add_backup_codes(state: Shared<'_>, owner: String, text: String) -> Result<CountDto, IpcError> {
    let text = Zeroizing::new(text);
    blocking(&state, move |s| {
        let parsed = backup_codes::parse(&text).map_err(|e| IpcError::new("no_codes", e.to_string()))?;
        let name = owner_name(s, &owner)?;
        let at = now() as i64;
        change(s, |sets| {
            let set = match position(sets, &owner) {
                Some(i) => &mut sets.sets[i],
                None => sets.set_of_or_new(SetOwner::Account(&owner), &name, at),
            };
            let added = set.add_codes(parsed, at).map_err(|e| VaultError::InvalidContents { detail: e.to_string() })?;
            Ok(counts(set, added))
        })
    })
    .await
}

/// "Use next code": copies the next unused code, marks it used, and says how many are left.
#[tauri::command]
pub async fn use_backup_code(state: Shared<'_>, owner: String) -> Result<UsedDto, IpcError> {
    let (code, count, clear_after) = blocking(&state, move |s| {
        let clear_after = s.with_open(|o| Ok(clear_seconds(o.loaded.contents.settings.clipboard_clear_seconds)))?;
        let at = now() as i64;
        let (code, count) = change(s, |sets| {
            let Some(i) = position(sets, &owner) else { return Ok(Err(no_codes())) };
            let set = &mut sets.sets[i];
            Ok(match set.use_next(at) {
                Some(code) => Ok((code, counts(set, 0))),
                None => Err(IpcError::new("all_used", "Every backup code here is used; get new ones from the site.")),
            })
        })??;
        Ok((code, count, clear_after))
    })
    .await?;
    // The code is used either way; a failed copy must not hide it from the person.
    let copy_error = put_on_clipboard(&state, code.as_str().to_owned(), clear_after).await.err().map(|e| e.message);
    Ok(UsedDto { code: code.as_str().to_owned(), left: count.left, total: count.total, low: count.low, clear_after, copy_error })
}

/// Marks the code at `index` used or unused (a code used elsewhere, or marked by mistake).
#[tauri::command]
pub async fn mark_backup_code(state: Shared<'_>, owner: String, index: usize, used: bool) -> Result<CountDto, IpcError> {
    blocking(&state, move |s| {
        let at = now() as i64;
        change(s, |sets| {
            let Some(i) = position(sets, &owner) else { return Ok(Err(no_codes())) };
            let set = &mut sets.sets[i];
            let marked = if used { set.mark_used(index, at) } else { set.mark_unused(index) };
            Ok(match marked {
                Ok(()) => Ok(counts(set, 0)),
                Err(e) => Err(IpcError::new("bad_request", e.to_string())),
            })
        })?
    })
    .await
}

/// A new file name for a text export of backup codes.
#[tauri::command]
pub fn backup_export_suggestion() -> String {
    crate::export::new_file_name("-backup-codes", "txt").display().to_string()
}

/// Writes the set as plain text (one code a line, used ones marked) to a new file.
#[tauri::command]
pub async fn export_backup_codes(state: Shared<'_>, owner: String, path: String) -> Result<String, IpcError> {
    blocking(&state, move |s| {
        let path = chosen_new_file(&path, "the codes")?;
        let text = with_codes(s, |unlocked| {
            let sets = s.codes.load(unlocked)?.contents;
            find(&sets, &owner).map(backup_codes::to_text).ok_or_else(no_codes)
        })?;
        write_new_file(&path, text.as_bytes())?;
        Ok(path.display().to_string())
    })
    .await
}

/// Runs `f` with the backup-code vault's key; "locked" when it is not open.
fn with_codes<R>(s: &AppState, f: impl FnOnce(&Unlocked) -> Result<R, IpcError>) -> Result<R, IpcError> {
    let session = s.session();
    let unlocked = session
        .backup
        .as_ref()
        .ok_or_else(|| IpcError::new("backup_locked", "The backup codes are locked."))?;
    unlocked.touch();
    f(unlocked)
}

/// Changes the backup-code vault in one transaction, then rewrites the
/// accounts vault's counts to match.
fn change<R>(s: &AppState, f: impl FnOnce(&mut Sets) -> Result<R, VaultError>) -> Result<R, IpcError> {
    let (result, summary): (R, Vec<BackupSummary>) = with_codes(s, |unlocked| {
        let changed = s.codes.update(unlocked, |sets| {
            let r = f(sets)?;
            Ok((r, sets.summary()))
        })?;
        crate::folder_sync::after_codes_save(s, unlocked);
        Ok(changed)
    })?;
    s.update(|c| {
        c.backup_codes = summary;
        Ok(())
    })?;
    Ok(result)
}

/// The set `owner` names: an account's set by the account id, or any set by
/// its own id (standalone sets, and those of a deleted account).
fn position(sets: &Sets, owner: &str) -> Option<usize> {
    sets.sets.iter().position(|s| s.belongs_to(SetOwner::Account(owner)) || s.id == owner)
}

fn find<'a>(sets: &'a Sets, owner: &str) -> Option<&'a BackupCodeSet> {
    position(sets, owner).map(|i| &sets.sets[i])
}

/// The name a new set of `owner` gets: the account's issuer (else its label);
/// for a standalone set, its name from the accounts vault's counts.
fn owner_name(s: &AppState, owner: &str) -> Result<String, IpcError> {
    s.with_open(|o| {
        let contents = &o.loaded.contents;
        if let Some(e) = EntryId::parse(owner).and_then(|id| contents.get(&id)) {
            return Ok(e.issuer.clone().filter(|i| !i.is_empty()).unwrap_or_else(|| e.label.clone()));
        }
        contents
            .backup_codes
            .iter()
            .find(|b| b.set_id == owner)
            .map(|b| b.name.clone())
            .ok_or_else(IpcError::no_such_entry)
    })
}

fn counts(set: &BackupCodeSet, added: usize) -> CountDto {
    CountDto { added, left: set.left(), total: set.total(), low: set.is_low(DEFAULT_LOW_THRESHOLD) }
}

fn no_codes() -> IpcError {
    IpcError::new("no_codes", "There are no backup codes here yet.")
}
