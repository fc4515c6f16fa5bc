//! Generates the Tauri context and the permission of each app command, so that
//! the capability file can allow-list our commands one by one.

fn main() {
    let commands = tauri_build::AppManifest::new().commands(&["list_codes"]);
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/*.json")
            .app_manifest(commands),
    )
    .expect("tauri build step failed");
}
