//! Quick access from anywhere: a global shortcut opens a small search box
//! over whatever window is in front (type, Enter: the code is copied and the
//! box goes away), and a tray icon with Show, Quick search, Lock and Quit.
//!
//! The quick window is made the first time it is asked for, not at start:
//! each webview costs memory, and most sessions never open it.

#[cfg(not(target_os = "linux"))]
use std::str::FromStr;

use tauri::menu::{Menu, MenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

use crate::error::IpcError;
use crate::state::AppState;

const QUICK: &str = "quick";

/// Makes `text` the quick-search shortcut (replacing the old one); empty turns it off.
#[cfg(target_os = "linux")]
pub fn set_shortcut(app: &AppHandle, text: &str) -> Result<(), IpcError> {
    use crate::shortcut_x11;
    if !text.is_empty() {
        shortcut_x11::parse(text).map_err(|m| IpcError::new("bad_shortcut", m))?;
    }
    match app.try_state::<shortcut_x11::Shortcut>() {
        Some(keys) => keys.set(text).map_err(|m| IpcError::new("shortcut", m)),
        None if text.is_empty() => Ok(()),
        None => Err(IpcError::new("shortcut", "Global shortcuts need an X11 desktop; the tray icon opens quick search too.")),
    }
}

/// Starts listening for the shortcut (once, at start); `set_shortcut` chooses the key.
#[cfg(target_os = "linux")]
pub fn listen_for_shortcut(app: &AppHandle) -> Result<(), String> {
    let handle = app.clone();
    let keys = crate::shortcut_x11::Shortcut::start(move || show_quick(&handle))?;
    app.manage(keys);
    Ok(())
}

/// Makes `text` the quick-search shortcut (replacing the old one); empty turns it off.
#[cfg(not(target_os = "linux"))]
pub fn set_shortcut(app: &AppHandle, text: &str) -> Result<(), IpcError> {
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
                show_quick(app);
            }
        })
        .map_err(|e| IpcError::new("shortcut", format!("{text} could not be registered (another app may use it): {e}")))?;
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
pub fn listen_for_shortcut(app: &AppHandle) -> Result<(), String> {
    app.plugin(tauri_plugin_global_shortcut::Builder::new().build()).map_err(|e| e.to_string())
}

/// Shows the quick search box, making it the first time.
pub fn show_quick(app: &AppHandle) {
    let window = match app.get_webview_window(QUICK) {
        Some(w) => Ok(w),
        None => WebviewWindowBuilder::new(app, QUICK, WebviewUrl::App("index.html".into()))
            .title("Twofold quick search")
            .inner_size(420.0, 300.0)
            .resizable(false)
            .decorations(false)
            .always_on_top(true)
            .skip_taskbar(true)
            .center()
            .visible(false)
            .build(),
    };
    match window {
        Ok(w) => {
            let _ = w.center();
            let _ = w.show();
            let _ = w.set_focus();
            // The box clears and refocuses its field each time it is shown.
            let _ = tauri::Emitter::emit_to(&w, QUICK, "quick-shown", ());
        }
        Err(e) => eprintln!("twofold: the quick search window could not open: {e}"),
    }
}

pub fn show_main(app: &AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
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
    show_main(&app);
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
            "show" => show_main(app),
            "quick" => show_quick(app),
            "lock" => app.state::<std::sync::Arc<AppState>>().lock(),
            "quit" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click { button: MouseButton::Left, button_state: MouseButtonState::Up, .. } = event {
                show_main(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)?;
    Ok(())
}
