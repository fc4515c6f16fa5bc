//! Quick access from anywhere: a small search box (type, Enter: the code is
//! copied and the box goes away) opened by the quick-search shortcut or by
//! `twofold-desktop --quick`, and a tray icon with Show, Quick search, Lock and Quit.
//!
//! The quick window is made the first time it is asked for, not at start:
//! each webview costs memory, and most sessions never open it. On X11 it is a
//! small always-on-top box in the middle of the screen; on Wayland, where an
//! application can neither place a window nor keep it above others, it is an
//! ordinary window that the compositor places and that takes the focus.

#[cfg(not(target_os = "linux"))]
use std::str::FromStr;

use tauri::menu::{Menu, MenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

use crate::error::IpcError;
use crate::state::AppState;

const QUICK: &str = "quick";

/// Makes `text` the preferred quick-search shortcut; empty turns it off (X11 grabs it at once).
#[cfg(target_os = "linux")]
pub fn set_shortcut(app: &AppHandle, text: &str) -> Result<(), IpcError> {
    match app.try_state::<crate::desktop::shortcut::QuickShortcut>() {
        Some(keys) => keys.set(text),
        None => Ok(()),
    }
}

/// Makes `text` the quick-search shortcut (replacing the old one); empty turns it off.
#[cfg(not(target_os = "linux"))]
pub fn set_shortcut(app: &AppHandle, text: &str) -> Result<(), IpcError> {
    use tauri_plugin_global_shortcut::{GlobalShortcutExt, Shortcut, ShortcutState};
    let shortcut = if text.is_empty() {
        None
    } else {
        Some(Shortcut::from_str(text).map_err(|_| {
            IpcError::new("bad_shortcut", format!("“{text}” is not a shortcut Twofold understands; try one like Ctrl+Shift+K."))
        })?)
    };
    let keys = app.global_shortcut();
    keys.unregister_all().map_err(|e| IpcError::new("shortcut", e.to_string()))?;
    if let Some(shortcut) = shortcut {
        keys.on_shortcut(shortcut, |app, _, event| {
            if event.state() == ShortcutState::Pressed {
                show_quick(app, None);
            }
        })
        .map_err(|e| IpcError::new("shortcut", format!("{text} could not be registered (another app may use it): {e}")))?;
    }
    Ok(())
}

/// Starts listening for the shortcut (once, at start) with the preferred key.
#[cfg(target_os = "linux")]
pub fn listen_for_shortcut(app: &AppHandle, preferred: &str) {
    let handle = app.clone();
    let session = crate::desktop::Session::from_env();
    let keys = crate::desktop::shortcut::QuickShortcut::start(session, preferred, move |token| show_quick(&handle, token));
    app.manage(keys);
}

#[cfg(not(target_os = "linux"))]
pub fn listen_for_shortcut(app: &AppHandle, preferred: &str) {
    if let Err(e) = app.plugin(tauri_plugin_global_shortcut::Builder::new().build()) {
        eprintln!("twofold: no global shortcut: {e}");
    } else if let Err(e) = set_shortcut(app, preferred) {
        eprintln!("twofold: {}", e.message);
    }
}

/// Shows the quick search box, making it the first time; `token` is the
/// desktop's activation token of the launch or key press that asked for it.
pub fn show_quick(app: &AppHandle, token: Option<String>) {
    let wayland = crate::desktop::Session::from_env().wayland;
    let window = match app.get_webview_window(QUICK) {
        Some(w) => Ok(w),
        None => {
            let builder = WebviewWindowBuilder::new(app, QUICK, WebviewUrl::App("index.html".into()))
                .title("Twofold quick search")
                .inner_size(420.0, 300.0)
                .resizable(false)
                .skip_taskbar(true)
                .visible(false);
            // Wayland ignores positions and "always on top": an ordinary, decorated window there.
            let builder = if wayland { builder } else { builder.decorations(false).always_on_top(true).center() };
            builder.build()
        }
    };
    match window {
        Ok(w) => {
            if !wayland {
                let _ = w.center();
            }
            // The box clears and refocuses its field each time it is shown.
            let _ = tauri::Emitter::emit_to(&w, QUICK, "quick-shown", ());
            crate::desktop::focus::present(app, w, token);
        }
        Err(e) => eprintln!("twofold: the quick search window could not open: {e}"),
    }
}

pub fn show_main(app: &AppHandle, token: Option<String>) {
    if let Some(w) = app.get_webview_window("main") {
        crate::desktop::focus::present(app, w, token);
    }
}

/// The quick box hides itself after copying, or on Escape.
#[tauri::command]
pub fn hide_quick(window: WebviewWindow) {
    if window.label() == QUICK {
        let _ = window.hide();
    }
}

/// From the quick box when the vault is locked: the main window unlocks it.
#[tauri::command]
pub fn open_main(app: AppHandle, window: WebviewWindow) {
    if window.label() == QUICK {
        let _ = window.hide();
    }
    show_main(&app, None);
}

/// The tray icon: Show, Quick search, Lock, Quit; a click shows the window.
pub fn tray(app: &AppHandle) -> tauri::Result<()> {
    let show = MenuItem::with_id(app, "show", "Show Twofold", true, None::<&str>)?;
    let quick = MenuItem::with_id(app, "quick", "Quick search", true, None::<&str>)?;
    let lock = MenuItem::with_id(app, "lock", "Lock", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&show, &quick, &lock, &quit])?;
    let mut builder = TrayIconBuilder::with_id("twofold")
        .tooltip("Twofold")
        .menu(&menu)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "show" => show_main(app, None),
            "quick" => show_quick(app, None),
            "lock" => app.state::<std::sync::Arc<AppState>>().lock(),
            "quit" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click { button: MouseButton::Left, button_state: MouseButtonState::Up, .. } = event {
                show_main(tray.app_handle(), None);
            }
        });
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)?;
    Ok(())
}

/// Whether a panel shows tray icons (a StatusNotifierWatcher on the session
/// bus: KDE, waybar, GNOME with the AppIndicator extension; stock GNOME has none).
#[cfg(target_os = "linux")]
pub fn tray_is_shown() -> bool {
    let Ok(conn) = zbus::blocking::Connection::session() else { return false };
    let Ok(dbus) = zbus::blocking::fdo::DBusProxy::new(&conn) else { return false };
    zbus::names::BusName::try_from("org.kde.StatusNotifierWatcher")
        .ok()
        .and_then(|name| dbus.name_has_owner(name).ok())
        .unwrap_or(false)
}

#[cfg(not(target_os = "linux"))]
pub fn tray_is_shown() -> bool {
    true
}
