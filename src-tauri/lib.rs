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

mod aegis_follow;
mod backup;
mod browser_bridge;
mod commands;
mod desktop;
mod details;
mod dto;
mod error;
mod export;
mod folder_sync;
mod prefs;
mod quick;
mod review;
mod security;
mod settings;
mod state;

use std::sync::Arc;
use std::time::{Duration, Instant};

use state::AppState;

/// The app's id: Tauri's identifier, the portals' app id.
pub const APP_ID: &str = "app.twofold.desktop";

/// Builds and runs the app until it quits; a second launch on the same vault
/// hands its request (show the window, `--quick`, `--tray`) to the first and exits.
pub fn run() {
    twofold_core::panic_report::install("twofold-desktop");
    desktop::render::choose();
    let mut launch = match desktop::instance::Launch::from_args(std::env::args().skip(1)) {
        Ok(launch) => launch,
        Err(message) if message.contains("--help") => {
            println!("{}", desktop::instance::USAGE);
            return;
        }
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    launch.token = std::env::var("XDG_ACTIVATION_TOKEN").ok().filter(|t| !t.is_empty());
    let state = match AppState::from_env() {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("twofold: {e}");
            std::process::exit(2);
        }
    };
    let Some(primary) = desktop::instance::claim(state.store.path(), &launch) else {
        return; // the running Twofold took the request
    };
    let prefs = state.prefs();
    let idle = Arc::clone(&state);
    let dropped = Arc::clone(&state);
    let notifier = Arc::clone(&state);
    let clipboard = Arc::clone(&state.clipboard);
    let bridge_state = Arc::clone(&state);
    desktop::screen_lock::watch(Arc::clone(&state));
    // Auto-lock: drops the key once it has been idle for the vault's auto_lock_minutes;
    // and the windows hear of saves by the CLI within a second.
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(1));
        idle.lock_if_idle(Instant::now());
        idle.notice_saves();
    });
    let app = tauri::Builder::default()
        .manage(state)
        .setup(move |app| {
            let handle = app.handle();
            let events = handle.clone();
            notifier.set_notifier(Box::new(move |event| {
                let _ = tauri::Emitter::emit(&events, event, ());
            }));
            notifier.clipboard.set_app(handle.clone());
            let tray = match quick::tray(handle) {
                Ok(()) => quick::tray_is_shown(),
                Err(e) => {
                    eprintln!("twofold: no tray icon: {e}");
                    false
                }
            };
            quick::listen_for_shortcut(handle, &prefs.quick_shortcut);
            quit_on_signals(handle);
            // The window starts hidden (tauri.conf.json) so that the tray or quick
            // search never flashes it. "Start in the tray" without a panel that shows
            // tray icons (stock GNOME) would leave no way to the window: it shows then.
            let token = launch.token.clone();
            if launch.quick {
                quick::show_quick(handle, token);
            } else if !(launch.tray || prefs.start_minimised && tray) {
                quick::show_main(handle, token);
            }
            // Later launches on the same vault.
            let later = handle.clone();
            std::thread::spawn(move || {
                for launch in primary.requests.iter() {
                    if launch.quick {
                        quick::show_quick(&later, launch.token);
                    } else if !launch.tray {
                        quick::show_main(&later, launch.token);
                    }
                }
            });
            // The browser extension's socket (browser_bridge.rs).
            browser_bridge::start(handle, Arc::clone(&bridge_state));
            // The sync folders, watched (folder_sync.rs).
            folder_sync::start(Arc::clone(&bridge_state));
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
            desktop::shortcut::shortcut_status,
            desktop::shortcut::add_gnome_shortcut,
            security::security_status,
            security::change_password,
            security::set_keyring,
            security::new_recovery_kit,
            // The browser extension: sites, pairing requests, paired browsers (browser_bridge.rs).
            browser_bridge::account_sites,
            browser_bridge::add_site,
            browser_bridge::remove_site,
            browser_bridge::pairing_requests,
            browser_bridge::approve_pairing,
            browser_bridge::refuse_pairing,
            browser_bridge::list_pairings,
            browser_bridge::revoke_pairing,
            // Sync through a shared folder (folder_sync.rs).
            folder_sync::sync_status,
            folder_sync::sync_now,
            folder_sync::sync_setup,
            folder_sync::sync_remove_device,
            // The phone's Aegis backups, followed (aegis_follow.rs).
            aegis_follow::phone_status,
            aegis_follow::phone_setup,
            aegis_follow::phone_follow,
        ])
        .on_window_event(move |_, event| {
            // The paths of a drop are remembered here, from the window system, so
            // that `review_dropped` reads only files the person really dropped.
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                dropped.set_dropped(paths.clone());
            }
        })
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("twofold: the window could not start: {e}");
            std::process::exit(1);
        });
    app.run(move |_, event| {
        // GNOME keeps a copy of the clipboard of an app that quits: take our code off first.
        if let tauri::RunEvent::Exit = event {
            clipboard.clear_if_ours();
        }
    });
}

/// SIGTERM, SIGINT and SIGHUP (logging out, `kill`, Ctrl+C) quit the app the
/// ordinary way, so the clipboard is cleared as on any other exit.
fn quit_on_signals(app: &tauri::AppHandle) {
    use tokio::signal::unix::{signal, SignalKind};
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let (Ok(mut term), Ok(mut int), Ok(mut hup)) =
            (signal(SignalKind::terminate()), signal(SignalKind::interrupt()), signal(SignalKind::hangup()))
        else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
            _ = hup.recv() => {}
        }
        app.exit(0);
    });
}
