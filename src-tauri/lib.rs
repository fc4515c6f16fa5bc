//! The desktop shell: a thin Tauri layer over `twofold-core`.
//!
//! Each command takes the app state, makes one core call and returns a small
//! serializable DTO that carries codes, never secrets.
//!
//! Environment: `TWOFOLD_VAULT` (the vault file, as for the CLI; default: the
//! data folder's `twofold/vault.twofold`) and, for tests,
//! `TWOFOLD_CLIPBOARD_CLEAR_SECONDS` and `TWOFOLD_AUTO_LOCK_SECONDS` (override
//! the vault's clipboard clear time and auto-lock idle time) and
//! `TWOFOLD_EXPORT_DIR` (where exports are suggested; default: Documents).

mod backup;
mod commands;
mod details;
mod dto;
mod error;
mod export;
mod prefs;
mod quick;
mod review;
#[cfg(target_os = "linux")]
mod screen_lock;
mod security;
#[cfg(target_os = "linux")]
mod shortcut_x11;
mod settings;
mod state;

use std::sync::Arc;
use std::time::{Duration, Instant};

use state::AppState;

/// Lets WebKitGTK paint the page on the CPU instead of compositing it with GL.
///
/// A small window with a list gains nothing from GL compositing and pays for it:
/// measured (BENCHMARKS.md › The desktop app) it took about 70 MiB more memory and
/// twice the idle CPU, and scrolled 1,000 accounts less smoothly; without a GPU
/// (Mesa llvmpipe) each composited frame is drawn in software on top of the painting.
/// An explicit `WEBKIT_DISABLE_COMPOSITING_MODE` (`0` turns compositing back on) wins.
/// Called first in `run`, while this is the only thread (setting the environment
/// is not safe once other threads may read it).
#[cfg(target_os = "linux")]
fn paint_without_compositing() {
    const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(VAR).is_none() {
        std::env::set_var(VAR, "1");
    }
}

/// Builds and runs the app until the last window closes.
pub fn run() {
    twofold_core::panic_report::install("twofold-desktop");
    #[cfg(target_os = "linux")]
    paint_without_compositing();
    let state = match AppState::from_env() {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("twofold: {e}");
            std::process::exit(2);
        }
    };
    let prefs = state.prefs();
    let idle = Arc::clone(&state);
    let dropped = Arc::clone(&state);
    let notifier = Arc::clone(&state);
    #[cfg(target_os = "linux")]
    screen_lock::watch(Arc::clone(&state));
    // Auto-lock: drops the key once it has been idle for the vault's auto_lock_minutes;
    // and the windows hear of saves by the CLI within a second.
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(1));
        idle.lock_if_idle(Instant::now());
        idle.notice_saves();
    });
    tauri::Builder::default()
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(state)
        .setup(move |app| {
            let handle = app.handle();
            let events = handle.clone();
            notifier.set_notifier(Box::new(move |event| {
                let _ = tauri::Emitter::emit(&events, event, ());
            }));
            if let Err(e) = quick::tray(handle) {
                // No tray on this desktop: the app still works from its window.
                eprintln!("twofold: no tray icon: {e}");
            }
            match quick::listen_for_shortcut(handle) {
                Ok(()) => {
                    if let Err(e) = quick::set_shortcut(handle, &prefs.quick_shortcut) {
                        eprintln!("twofold: {}", e.message);
                    }
                }
                Err(e) => eprintln!("twofold: no global shortcut: {e}"),
            }
            // The window starts hidden (tauri.conf.json) so that "start in the tray" never flashes it.
            if !prefs.start_minimised {
                quick::show_main(handle);
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::vault_status,
            commands::unlock_keyring,
            commands::unlock_password,
            commands::unlock_recovery,
            commands::create_vault,
            commands::list_codes,
            commands::copy_code,
            commands::next_hotp,
            commands::lock,
            commands::still_here,
            review::review_text,
            review::review_files,
            review::review_dropped,
            review::review_manual,
            review::review_screen,
            review::review_clipboard,
            review::unlock_file,
            review::confirm_import,
            review::discard_import,
            details::account_details,
            details::update_account,
            details::remove_account,
            details::reorder_accounts,
            details::reveal_secret,
            settings::get_settings,
            settings::set_settings,
            export::export_suggestion,
            export::export_vault,
            backup::backup_status,
            backup::unlock_backup,
            backup::create_backup,
            backup::lock_backup,
            backup::backup_codes,
            backup::add_backup_codes,
            backup::use_backup_code,
            backup::mark_backup_code,
            backup::backup_export_suggestion,
            backup::export_backup_codes,
            prefs::get_prefs,
            prefs::set_prefs,
            quick::hide_quick,
            quick::open_main,
            security::security_status,
            security::change_password,
            security::set_keyring,
            security::new_recovery_kit,
        ])
        .on_window_event(move |_, event| {
            // The paths of a drop are remembered here, from the window system, so
            // that `review_dropped` reads only files the person really dropped.
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                dropped.set_dropped(paths.clone());
            }
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("twofold: the window could not start: {e}");
            std::process::exit(1);
        });
}
