//! How the vault opens, changed from Settings: the password, the keyring, a
//! new recovery kit. Each change first asks who is there (the current
//! password, or the keyring for a keyring-only vault).

use serde::Serialize;
use twofold_core::vault::{KdfParams, NewSlot, RecoveryKey, SlotType};
use zeroize::Zeroizing;

use crate::commands::{blocking, Shared};
use crate::dto::CreatedDto;
use crate::error::IpcError;
use crate::export::reauthenticate;
use crate::state::AppState;

/// The ways the vault opens (no secret).
#[derive(Debug, Serialize)]
pub struct SecurityDto {
    pub keyring: bool,
    pub password: bool,
    pub recovery: bool,
    /// There is a backup-code vault, which a new kit must open too.
    pub backup_codes: bool,
}

#[tauri::command]
pub async fn security_status(state: Shared<'_>) -> Result<SecurityDto, IpcError> {
    blocking(&state, |s| {
        let info = s.store.inspect()?;
        Ok(SecurityDto {
            keyring: info.has_slot(SlotType::Keyring),
            password: info.has_slot(SlotType::Password),
            recovery: info.has_slot(SlotType::Recovery),
            backup_codes: s.codes.exists()?,
        })
    })
    .await
}

/// Sets the vault's password (replacing the old one, or adding one to a keyring-only vault).
#[tauri::command]
pub async fn change_password(state: Shared<'_>, current: Option<String>, new: String) -> Result<(), IpcError> {
    let current = current.map(Zeroizing::new);
    let new = Zeroizing::new(new);
    blocking(&state, move |s| {
        if new.chars().count() < 8 {
            return Err(IpcError::new("weak_password", "Choose a password of at least 8 characters."));
        }
        check(s, current.as_deref())?;
        with_key(s, |u| Ok(s.store.change_password(u, &new, KdfParams::default()).map(drop)?))
    })
    .await
}

/// Lets the keyring open the vault (no typing), or stops it. Turning it off
/// needs a password to be there, so the vault is never left to the recovery key alone.
#[tauri::command]
pub async fn set_keyring(state: Shared<'_>, on: bool, current: Option<String>) -> Result<(), IpcError> {
    let current = current.map(Zeroizing::new);
    blocking(&state, move |s| {
        let info = s.store.inspect()?;
        if on == info.has_slot(SlotType::Keyring) {
            return Ok(());
        }
        if !on && !info.has_slot(SlotType::Password) {
            return Err(IpcError::new("password_needed", "Set a password first: without the keyring, the vault needs one."));
        }
        check(s, current.as_deref())?;
        with_key(s, |u| {
            if on {
                s.store.add_slot(u, &NewSlot::Keyring(&s.keyring))?;
            } else {
                for slot in info.slots.iter().filter(|sl| sl.slot_type == Some(SlotType::Keyring)) {
                    if let Some(e) = s.store.remove_slot(u, &slot.id, Some(&s.keyring))? {
                        // The slot is gone; only the keyring's copy of the key stayed behind.
                        eprintln!("twofold: the key's entry could not be removed from the keyring: {e}");
                    }
                }
            }
            Ok(())
        })
    })
    .await
}

/// Makes a new recovery kit; the old one stops opening the vault (and the
/// backup-code vault, which must be open so it can take the new kit too).
#[tauri::command]
pub async fn new_recovery_kit(state: Shared<'_>, current: Option<String>) -> Result<CreatedDto, IpcError> {
    let current = current.map(Zeroizing::new);
    blocking(&state, move |s| {
        let codes_exist = s.codes.exists()?;
        if codes_exist && s.session().backup.is_none() {
            return Err(IpcError::new(
                "backup_locked",
                "Open your backup codes first (Locked out? or an account's details), so the new kit opens them too.",
            ));
        }
        check(s, current.as_deref())?;
        let kit = RecoveryKey::generate()?;
        // The backup codes first: if that fails, the old kit still opens both vaults.
        if codes_exist {
            let session = s.session();
            let unlocked = session.backup.as_ref().ok_or_else(|| IpcError::new("backup_locked", "The backup codes locked themselves; open them again."))?;
            s.codes.replace_recovery(unlocked, kit.public_key())?;
        }
        with_key(s, |u| Ok(s.store.replace_recovery(u, kit.public_key()).map(drop)?))?;
        let info = s.store.inspect()?;
        let ways = [SlotType::Keyring, SlotType::Password, SlotType::Recovery]
            .into_iter()
            .filter(|t| info.has_slot(*t))
            .map(SlotType::as_str)
            .collect();
        Ok(CreatedDto { recovery_key: kit.to_text().as_str().to_owned(), ways })
    })
    .await
}

/// Asks who is there: the current password when the vault has one, else the keyring.
fn check(s: &AppState, current: Option<&String>) -> Result<(), IpcError> {
    reauthenticate(s, current.map(String::as_str)).map_err(|e| match e.code {
        "password_needed" => IpcError::new("password_needed", "Type your current password first."),
        _ => e,
    })
}

/// Runs `f` with the open vault's key.
fn with_key<R>(s: &AppState, f: impl FnOnce(&twofold_core::vault::Unlocked) -> Result<R, IpcError>) -> Result<R, IpcError> {
    let session = s.session();
    let open = session.open.as_ref().ok_or_else(IpcError::locked)?;
    f(&open.unlocked)
}
