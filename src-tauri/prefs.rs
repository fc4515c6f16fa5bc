//! The window's own preferences: theme, starting in the tray, and quick
//! search's global shortcut. They are needed before any unlock (the unlock
//! screen has a theme; the tray decides whether a window shows), and hold
//! nothing secret, so they live in a small JSON file beside the vault,
//! `prefs.json`, not in it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tauri::AppHandle;

use crate::commands::Shared;
use crate::error::IpcError;

/// Light, dark, or as the system says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub theme: Theme,
    /// Start in the tray, without showing the window.
    pub start_minimised: bool,
    /// The global shortcut that opens quick search (`Ctrl+Shift+K`); empty for none.
    pub quick_shortcut: String,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs { theme: Theme::System, start_minimised: false, quick_shortcut: "Ctrl+Shift+K".into() }
    }
}

/// `prefs.json` beside the vault file.
pub fn path_beside(vault: &Path) -> PathBuf {
    vault.parent().map_or_else(|| PathBuf::from("prefs.json"), |d| d.join("prefs.json"))
}

/// The saved preferences; the defaults when there are none or they cannot be read.
pub fn load(path: &Path) -> Prefs {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            eprintln!("twofold: {} could not be read ({e}); using the default preferences", path.display());
            Prefs::default()
        }),
        Err(_) => Prefs::default(),
    }
}

/// Writes the preferences whole (a temporary file renamed over the old one).
fn save(path: &Path, prefs: &Prefs) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(prefs).expect("plain struct"))?;
    std::fs::rename(&tmp, path)
}

#[tauri::command]
pub fn get_prefs(state: Shared<'_>) -> Prefs {
    state.prefs()
}

/// Saves the preferences and puts the new shortcut to work at once.
#[tauri::command]
pub fn set_prefs(app: AppHandle, state: Shared<'_>, prefs: Prefs) -> Result<(), IpcError> {
    let mut prefs = prefs;
    prefs.quick_shortcut = prefs.quick_shortcut.trim().to_owned();
    crate::quick::set_shortcut(&app, &prefs.quick_shortcut)?;
    save(&state.prefs_path, &prefs).map_err(|e| IpcError::new("io", format!("{}: cannot save the preferences: {e}", state.prefs_path.display())))?;
    state.set_prefs(prefs);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_or_damaged_prefs_are_the_defaults_and_saved_ones_come_back() {
        let dir = std::env::temp_dir().join(format!("twofold-prefs-{}", std::process::id()));
        let path = dir.join("prefs.json");
        assert_eq!(load(&path), Prefs::default());
        let mine = Prefs { theme: Theme::Dark, start_minimised: true, quick_shortcut: "Alt+Q".into() };
        save(&path, &mine).unwrap();
        assert_eq!(load(&path), mine);
        std::fs::write(&path, b"{not json").unwrap();
        assert_eq!(load(&path), Prefs::default());
        // A file from a newer Twofold with more fields, or fewer: the rest are defaults.
        std::fs::write(&path, br#"{"theme":"light","future":1}"#).unwrap();
        assert_eq!(load(&path).theme, Theme::Light);
        assert_eq!(load(&path).quick_shortcut, "Ctrl+Shift+K");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
