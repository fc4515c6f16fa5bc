//! Quick search's shortcut, the way each session allows one:
//!
//! - **X11**: a key grab on the root window ([`x11`]).
//! - **Wayland with the GlobalShortcuts portal** (KDE Plasma 5.27+, GNOME 48+,
//!   Hyprland): the desktop binds the key and tells Twofold when it is pressed ([`portal`]).
//! - **Elsewhere** (GNOME before 48, sway and other wlroots desktops): the
//!   person binds `twofold-desktop --quick` in the desktop's own keyboard
//!   settings; Settings says how, and on GNOME offers to add it ([`gnome`]).
//!
//! An X11 grab in a Wayland session (through XWayland) would only fire while
//! an X11 window has the focus, so it is never used there.

pub mod gnome;
pub mod portal;
pub mod x11;

use std::sync::{Arc, Mutex};

use serde::Serialize;
use tauri::{AppHandle, Manager};

use super::{Desktop, Session};
use crate::error::IpcError;

/// How the shortcut works in this session, for Settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "how")]
pub enum Way {
    /// Twofold grabs the key (X11); the key is the preference.
    X11,
    /// Asking the desktop's portal; no answer yet.
    Pending,
    /// The desktop bound it: `trigger` is its description of the key.
    Portal { trigger: String },
    /// The person binds the command in the desktop's settings.
    Command { why: String },
}

/// What Settings shows about the shortcut.
#[derive(Debug, Clone, Serialize)]
pub struct ShortcutDto {
    #[serde(flatten)]
    pub way: Way,
    pub desktop: Desktop,
    /// The command to bind: this program with `--quick`.
    pub command: String,
    /// On GNOME: Twofold's entry in GNOME's own shortcuts, if there is one.
    pub gnome_entry: Option<gnome::Entry>,
    /// On GNOME: the entry Twofold would add for the preferred key (shown before it is written).
    pub gnome_offer: Option<gnome::Entry>,
}

/// The shortcut's state for the whole app.
pub struct QuickShortcut {
    session: Session,
    way: Arc<Mutex<Way>>,
    x11: Option<x11::Shortcut>,
}

impl QuickShortcut {
    /// Starts the way this session allows, with `preferred` as the key
    /// ("Ctrl+Shift+K"; empty for none); `on_press` opens quick search with the
    /// desktop's activation token when it sends one.
    pub fn start(session: Session, preferred: &str, on_press: impl Fn(Option<String>) + Send + Sync + 'static) -> Self {
        let on_press = Arc::new(on_press);
        if !session.wayland && session.x11 {
            let press = Arc::clone(&on_press);
            let way = Arc::new(Mutex::new(Way::X11));
            return match x11::Shortcut::start(move || press(None)) {
                Ok(keys) => {
                    if let Err(e) = keys.set(preferred) {
                        eprintln!("twofold: {e}");
                    }
                    QuickShortcut { session, way, x11: Some(keys) }
                }
                Err(e) => {
                    *way.lock().unwrap_or_else(|p| p.into_inner()) = Way::Command { why: e };
                    QuickShortcut { session, way, x11: None }
                }
            };
        }
        let way = Arc::new(Mutex::new(if session.wayland { Way::Pending } else { no_portal("there is no graphical session") }));
        if session.wayland {
            let (answer, trigger) = (Arc::clone(&way), portal::trigger(preferred));
            std::thread::Builder::new()
                .name("quick-portal".into())
                .spawn(move || {
                    portal::run(
                        trigger,
                        |bound| {
                            *answer.lock().unwrap_or_else(|p| p.into_inner()) = match bound {
                                Ok(trigger) => Way::Portal { trigger },
                                Err(why) => no_portal(&why),
                            }
                        },
                        |token| on_press(token),
                    )
                })
                .ok();
        }
        QuickShortcut { session, way, x11: None }
    }

    /// A new preferred key from Settings: grabbed at once on X11; elsewhere
    /// the desktop owns the key, and Settings says where to change it.
    pub fn set(&self, text: &str) -> Result<(), IpcError> {
        if !text.is_empty() {
            x11::parse(text).map_err(|m| IpcError::new("bad_shortcut", m))?;
        }
        match &self.x11 {
            Some(keys) => keys.set(text).map_err(|m| IpcError::new("shortcut", m)),
            None => Ok(()),
        }
    }

    pub fn status(&self, preferred: &str) -> ShortcutDto {
        let way = self.way.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let program = std::env::current_exe().unwrap_or_else(|_| "twofold-desktop".into());
        let command = gnome::command(&program);
        let gnome = self.session.desktop == Desktop::Gnome && matches!(way, Way::Command { .. });
        let gnome_entry = gnome.then(|| gnome::Gsettings::default().entry()).flatten();
        let gnome_offer = gnome
            .then(|| gnome::binding(preferred))
            .flatten()
            .map(|binding| gnome::Entry { binding, command: command.clone() });
        ShortcutDto { way, desktop: self.session.desktop, command, gnome_entry, gnome_offer }
    }
}

fn no_portal(why: &str) -> Way {
    Way::Command { why: why.to_owned() }
}

/// How quick search's shortcut works here, for Settings.
#[tauri::command]
pub fn shortcut_status(app: AppHandle) -> ShortcutDto {
    let preferred = app.state::<Arc<crate::state::AppState>>().prefs().quick_shortcut;
    app.state::<QuickShortcut>().status(&preferred)
}

/// Adds Twofold's entry to GNOME's keyboard shortcuts, exactly as Settings
/// showed it (`binding` and this program's `--quick`), after the person confirmed.
#[tauri::command]
pub async fn add_gnome_shortcut(app: AppHandle, binding: String) -> Result<ShortcutDto, IpcError> {
    let status = shortcut_status(app.clone());
    let Some(offer) = status.gnome_offer.filter(|o| o.binding == binding) else {
        return Err(IpcError::new("shortcut", "Only the shortcut Settings showed can be added; open Settings again."));
    };
    tauri::async_runtime::spawn_blocking(move || gnome::Gsettings::default().add(&offer))
        .await
        .map_err(|e| IpcError::new("internal", e.to_string()))?
        .map_err(|e| IpcError::new("shortcut", format!("GNOME's shortcuts could not be changed: {e}")))?;
    Ok(shortcut_status(app))
}
