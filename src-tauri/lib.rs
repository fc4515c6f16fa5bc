//! The desktop shell: a thin Tauri layer over `twofold-core`.
//!
//! Each command takes the app state, makes one core call and returns a small
//! serializable DTO that carries codes, never secrets.

mod commands;
mod demo;
mod dto;

/// Builds and runs the app until the last window closes.
pub fn run() {
    let accounts = demo::accounts_from_env();
    tauri::Builder::default()
        .manage(accounts)
        .invoke_handler(tauri::generate_handler![commands::list_codes])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("twofold: the window could not start: {e}");
            std::process::exit(1);
        });
}
