//! Generates the Tauri context and the permission of each app command, so that
//! the capability file can allow-list our commands one by one.

const COMMANDS: &[&str] = &[
    "vault_status",
    "unlock_keyring",
    "unlock_password",
    "unlock_recovery",
    "create_vault",
    "list_codes",
    "copy_code",
    "next_hotp",
    "lock",
    "still_here",
    "review_text",
    "review_files",
    "review_dropped",
    "review_manual",
    "review_screen",
    "review_clipboard",
    "unlock_file",
    "confirm_import",
    "discard_import",
    "account_details",
    "update_account",
    "remove_account",
    "reorder_accounts",
    "reveal_secret",
    "get_settings",
    "set_settings",
    "export_suggestion",
    "export_vault",
    "backup_status",
    "unlock_backup",
    "create_backup",
    "lock_backup",
    "backup_codes",
    "add_backup_codes",
    "use_backup_code",
    "mark_backup_code",
    "backup_export_suggestion",
    "export_backup_codes",
    "get_prefs",
    "set_prefs",
    "hide_quick",
    "open_main",
    "security_status",
    "change_password",
    "set_keyring",
    "new_recovery_kit",
    "shortcut_status",
    "add_gnome_shortcut",
    // The browser extension (browser_bridge.rs).
    "account_sites",
    "add_site",
    "remove_site",
    "pairing_requests",
    "approve_pairing",
    "refuse_pairing",
    "list_pairings",
    "revoke_pairing",
    // Sync through a shared folder (folder_sync.rs).
    "sync_status",
    "sync_now",
    "sync_setup",
    "sync_remove_device",
    // The phone's Aegis backups, followed (aegis_follow.rs).
    "phone_status",
    "phone_setup",
    "phone_follow",
];

fn main() {
    let commands = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/*.json")
            .app_manifest(commands),
    )
    .expect("tauri build step failed");
}
