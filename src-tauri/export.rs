//! Exports from the window: the one place secrets leave Rust, so each one
//! asks again who is there (the vault's password, or the keyring where the
//! vault has none), and files are written here, never by the webview.

use std::path::{Path, PathBuf};

use data_encoding::BASE64;
use serde::Serialize;
use twofold_core::export::{self, ExportFormat, Rendered};
use twofold_core::vault::{SlotType, Unlock};
use zeroize::Zeroizing;

use crate::commands::{blocking, Shared};
use crate::error::IpcError;
use crate::state::{now, AppState};

/// What an export did.
#[derive(Debug, Serialize)]
pub struct ExportedDto {
    /// The file written (none for Google QR codes, which are shown).
    pub path: Option<String>,
    /// Accounts in the export.
    pub accounts: usize,
    /// Google Authenticator QR codes as `data:image/png;base64,…`, to show
    /// one by one. Secret by nature: only after re-authentication.
    pub images: Vec<String>,
    /// Accounts a format could not carry, each with why.
    pub left_out: Vec<String>,
}

/// A format's id as the UI names it.
fn format_of(id: &str) -> Option<ExportFormat> {
    Some(match id {
        "twofold" => ExportFormat::TwofoldBackup,
        "aegis" => ExportFormat::Aegis,
        "aegis-encrypted" => ExportFormat::AegisEncrypted,
        "uris" => ExportFormat::UriList,
        "google-qr" => ExportFormat::GoogleQr,
        "html" => ExportFormat::PrintablePage,
        _ => return None,
    })
}

/// A new file name for an export in the documents folder (else home), dated today.
#[tauri::command]
pub fn export_suggestion(format: String) -> Result<String, IpcError> {
    let format = format_of(&format).ok_or_else(unknown_format)?;
    let kind = match format {
        ExportFormat::TwofoldBackup => "",
        ExportFormat::Aegis | ExportFormat::AegisEncrypted => "-aegis",
        ExportFormat::UriList => "-links",
        _ => "-accounts",
    };
    Ok(new_file_name(kind, format.extension()).display().to_string())
}

/// The new file the person typed for an export (`what`: "the export", "the
/// codes"): refused when empty, or when something is already there (an export never replaces a file).
pub fn chosen_new_file(path: &str, what: &str) -> Result<PathBuf, IpcError> {
    let path = PathBuf::from(path.trim());
    if path.as_os_str().is_empty() {
        return Err(IpcError::new("no_path", format!("Choose where to save {what}.")));
    }
    if path.exists() {
        return Err(IpcError::new("exists", format!("{} is already there; Twofold will not overwrite it.", path.display())));
    }
    Ok(path)
}

/// Writes an export to its new, owner-only file (a half-written one is removed).
pub fn write_new_file(path: &Path, bytes: &[u8]) -> Result<(), IpcError> {
    export::save_new(path, bytes).map_err(|e| IpcError::new("io", format!("{}: cannot write the file: {e}", path.display())))
}

/// `twofold-DATE{kind}.{ext}` in the export folder, numbered past files already there.
pub fn new_file_name(kind: &str, ext: &str) -> PathBuf {
    let folder = dirs_folder();
    let stem = format!("twofold-{}", twofold_core::dates::iso_date(now() as i64));
    let mut n = 1;
    loop {
        let suffix = if n == 1 { String::new() } else { format!("-{n}") };
        let path = folder.join(format!("{stem}{kind}{suffix}.{ext}"));
        if !path.exists() {
            return path;
        }
        n += 1;
    }
}

/// Exports every account. `vault_password` re-authenticates (required when
/// the vault has a password; a keyring-only vault asks the keyring again);
/// `password` protects the encrypted formats; `path` is the new file.
#[tauri::command]
pub async fn export_vault(
    state: Shared<'_>,
    format: String,
    vault_password: Option<String>,
    password: Option<String>,
    path: Option<String>,
) -> Result<ExportedDto, IpcError> {
    let vault_password = vault_password.map(Zeroizing::new);
    let password = Zeroizing::new(password.unwrap_or_default());
    blocking(&state, move |s| {
        let format = format_of(&format).ok_or_else(unknown_format)?;
        let path = match format {
            ExportFormat::GoogleQr => None,
            _ => Some(chosen_new_file(path.as_deref().unwrap_or(""), "the export")?),
        };
        reauthenticate(s, vault_password.as_deref().map(String::as_str))?;
        let (rendered, accounts) = s.with_open(|o| {
            let recovery = o.loaded.info.recovery_public_key();
            let contents = &o.loaded.contents;
            let rendered = export::render(format, contents, &password, recovery)
                .map_err(|e| IpcError::new(e.code(), e.to_string()))?;
            Ok((rendered, contents.len()))
        })?;
        match rendered {
            Rendered::Google(google) => Ok(ExportedDto {
                path: None,
                accounts: accounts - google.left_out.len(),
                images: google.images.iter().map(|png| format!("data:image/png;base64,{}", BASE64.encode(png))).collect(),
                left_out: google.left_out.iter().map(|l| l.reason.clone()).collect(),
            }),
            Rendered::File(bytes) => {
                let path = path.expect("every file format has a path");
                write_new_file(&path, &bytes)?;
                Ok(ExportedDto { path: Some(path.display().to_string()), accounts, images: Vec::new(), left_out: Vec::new() })
            }
        }
    })
    .await
}

/// Asks again who is there: the vault's password when it has one, else the keyring.
pub fn reauthenticate(s: &AppState, vault_password: Option<&str>) -> Result<(), IpcError> {
    let info = s.store.inspect()?;
    if info.has_slot(SlotType::Password) {
        let p = vault_password
            .filter(|p| !p.is_empty())
            .ok_or_else(|| IpcError::new("password_needed", "Type the vault's password to export."))?;
        s.store.unlock(&Unlock::Password(p))?;
    } else {
        s.store.unlock(&Unlock::Keyring(&s.keyring))?;
    }
    Ok(())
}

fn unknown_format() -> IpcError {
    IpcError::new("bad_request", "no such export format")
}

fn dirs_folder() -> PathBuf {
    std::env::var_os("TWOFOLD_EXPORT_DIR")
        .map(PathBuf::from)
        .or_else(dirs::document_dir)
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_the_ui_offers_is_known() {
        for id in ["twofold", "aegis", "aegis-encrypted", "uris", "google-qr", "html"] {
            assert!(format_of(id).is_some(), "{id}");
        }
        assert!(format_of("exe").is_none());
    }
}
