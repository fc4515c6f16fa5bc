//! The settings kept in the vault (so they follow a backup): how long the
//! app may sit idle before it locks, and how long a copied code stays on the
//! clipboard. The window's own preferences (theme, tray, shortcut) are read
//! before any unlock, so they live in `prefs.rs`.

use serde::{Deserialize, Serialize};

use crate::commands::{blocking, Shared};
use crate::error::IpcError;

/// Longest auto-lock choice: a day.
const MAX_AUTO_LOCK_MINUTES: u32 = 24 * 60;
/// Longest clipboard time: ten minutes.
const MAX_CLIPBOARD_SECONDS: u32 = 600;

#[derive(Debug, Serialize, Deserialize)]
pub struct SettingsDto {
    /// Minutes idle before the app locks (0: never).
    pub auto_lock_minutes: u32,
    /// Seconds before a copied code is cleared (0: never).
    pub clipboard_clear_seconds: u32,
}

#[tauri::command]
pub async fn get_settings(state: Shared<'_>) -> Result<SettingsDto, IpcError> {
    blocking(&state, |s| {
        s.with_open(|o| {
            let settings = &o.loaded.contents.settings;
            Ok(SettingsDto {
                auto_lock_minutes: settings.auto_lock_minutes,
                clipboard_clear_seconds: settings.clipboard_clear_seconds,
            })
        })
    })
    .await
}

#[tauri::command]
pub async fn set_settings(state: Shared<'_>, settings: SettingsDto) -> Result<(), IpcError> {
    blocking(&state, move |s| {
        if settings.auto_lock_minutes > MAX_AUTO_LOCK_MINUTES {
            return Err(IpcError::new("bad_setting", format!("Auto-lock can wait at most {MAX_AUTO_LOCK_MINUTES} minutes.")));
        }
        if settings.clipboard_clear_seconds > MAX_CLIPBOARD_SECONDS {
            return Err(IpcError::new("bad_setting", format!("The clipboard can keep a code at most {MAX_CLIPBOARD_SECONDS} seconds.")));
        }
        s.update(|c| {
            c.settings.auto_lock_minutes = settings.auto_lock_minutes;
            c.settings.clipboard_clear_seconds = settings.clipboard_clear_seconds;
            Ok(())
        })
    })
    .await
}
