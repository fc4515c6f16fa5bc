//! Adding accounts: setup links, images and other apps' exports are read in
//! Rust, parked here under an opaque id and described to the webview (names,
//! never secrets); nothing is saved until the person confirms the review.

use std::path::{Path, PathBuf};

use tauri::ipc::{InvokeBody, Request};
use twofold_core::import::ImportError;
use twofold_core::account::{ManualEntry, ManualError};
use twofold_core::input::{self, describe_uri, Collector, FileKind, Found};
use twofold_core::{capture, qr, Algorithm, OtpKind};

use crate::commands::{blocking, Shared};
use crate::dto::{AddedDto, ReviewDto, ReviewItemDto};
use crate::error::IpcError;
use crate::state::{now, AppState};

/// Reads otpauth / otpauth-migration links (separated by lines or spaces) for review.
#[tauri::command]
pub async fn review_text(state: Shared<'_>, text: String) -> Result<ReviewDto, IpcError> {
    blocking(&state, move |s| {
        let mut c = Collector::new();
        for link in text.split_whitespace() {
            c.add_uri(&describe_uri(link), None, link);
        }
        review(s, c.finish())
    })
    .await
}

/// Reads an account typed in by hand; the review shows it (and whether it is
/// already there) before "Add" saves it.
#[tauri::command]
#[allow(clippy::too_many_arguments)] // the form's fields, as the webview sends them
pub async fn review_manual(
    state: Shared<'_>,
    issuer: String,
    label: String,
    secret: String,
    kind: String,
    algorithm: String,
    digits: u32,
    period: u64,
    counter: u64,
) -> Result<ReviewDto, IpcError> {
    let secret = zeroize::Zeroizing::new(secret);
    blocking(&state, move |s| {
        let kind = match kind.as_str() {
            "totp" => OtpKind::Totp,
            "hotp" => OtpKind::Hotp,
            "steam" => OtpKind::Steam,
            _ => return Err(IpcError::new("bad_request", "no such kind of code")),
        };
        let algorithm = Algorithm::parse(&algorithm).ok_or_else(|| IpcError::new("bad_request", "no such algorithm"))?;
        let entry = ManualEntry { issuer: &issuer, label: &label, secret: &secret, kind, algorithm, digits, period, counter };
        let account = entry.account().map_err(|e| {
            let code = if matches!(e, ManualError::Secret(_)) { "bad_secret" } else { "bad_field" };
            IpcError::new(code, capitalised(&e.to_string()))
        })?;
        let mut c = Collector::new();
        c.push_account(account);
        review(s, c.finish())
    })
    .await
}

/// Scans the screen for QR codes. On X11 the window steps aside while every
/// monitor is read, so it does not cover the code it is asked to read. On
/// Wayland the desktop's screenshot portal shows its own UI, tied to this window.
#[tauri::command]
pub async fn review_screen(app: tauri::AppHandle, window: tauri::WebviewWindow, state: Shared<'_>) -> Result<ReviewDto, IpcError> {
    let screens = if capture::is_wayland() {
        let parent = crate::desktop::portal_parent(&app, window).await;
        tauri::async_runtime::spawn_blocking(move || capture::capture_screens(capture::PortalMode::Interactive(parent))).await
    } else {
        let _ = window.hide();
        let screens = tauri::async_runtime::spawn_blocking(|| {
            // Give the window manager a moment to take the window off the screen.
            std::thread::sleep(std::time::Duration::from_millis(300));
            capture::capture_screens(capture::PortalMode::Quiet)
        })
        .await;
        crate::quick::show_main(&app, None);
        screens
    };
    let screens = screens
        .map_err(|e| IpcError::new("internal", e.to_string()))?
        .map_err(|e| IpcError::new(e.code(), capitalised(&e.to_string())))?;
    blocking(&state, move |s| {
        let mut c = Collector::new();
        let mut seen = 0;
        for (name, decoded) in screens.decode() {
            match decoded {
                Ok(payloads) => {
                    seen += payloads.len();
                    c.add_qr_payloads(&name, Ok(payloads));
                }
                // One screen without a code is normal; only say so when none has one.
                Err(qr::QrError::NoQrCode) => {}
                Err(e) => c.add_qr_payloads(&name, Err(e)),
            }
        }
        if seen == 0 {
            return Err(IpcError::new(
                "no_qr_code",
                "No QR code is on the screen. Show the site's setup page with its QR code in full, then scan again.",
            ));
        }
        review(s, c.finish())
    })
    .await
}

/// Reads what the person copied: setup links as text, or an image (a
/// snipped QR code). Read in Rust: the webview has no clipboard access.
#[tauri::command]
pub async fn review_clipboard(state: Shared<'_>) -> Result<ReviewDto, IpcError> {
    let clipboard = std::sync::Arc::clone(&state.clipboard);
    let text = tauri::async_runtime::spawn_blocking(move || clipboard.text()).await.ok().flatten();
    blocking(&state, move |s| {
        let mut c = Collector::new();
        match text.as_deref().filter(|t| t.contains("otpauth")) {
            Some(text) => {
                for link in text.split_whitespace().filter(|w| w.contains("otpauth")) {
                    c.add_uri(&describe_uri(link), None, link);
                }
            }
            None => match capture::clipboard_image() {
                Ok(image) => c.add_qr_payloads("the copied image", qr::decode_rgba(&image)),
                Err(e) => {
                    return Err(IpcError::new(
                        "empty_clipboard",
                        format!("The clipboard holds no setup link and no image ({e})."),
                    ))
                }
            },
        }
        review(s, c.finish())
    })
    .await
}

/// Reads files the person picked: images of QR codes (all the screenshots of
/// a Google export at once), texts of links, other apps' exports. The
/// request body is the files, each as `name length, name, data length, data`
/// (lengths as 4-byte big-endian numbers), so no file becomes a JSON array.
#[tauri::command]
pub async fn review_files(state: Shared<'_>, request: Request<'_>) -> Result<ReviewDto, IpcError> {
    let InvokeBody::Raw(body) = request.body().clone() else {
        return Err(IpcError::new("bad_request", "expected the files' bytes"));
    };
    blocking(&state, move |s| {
        let files = unframe(&body).ok_or_else(|| IpcError::new("bad_request", "the files arrived damaged"))?;
        read_files(s, files.into_iter().map(|(name, bytes)| (name, bytes.to_vec())))
    })
    .await
}

/// Reads the files dropped on the window, together (the screenshots of one
/// Google export, SDA's maFiles folder). Only paths of the last drop are
/// accepted: the webview cannot make the app read any file it names.
#[tauri::command]
pub async fn review_dropped(state: Shared<'_>, paths: Vec<String>) -> Result<ReviewDto, IpcError> {
    blocking(&state, move |s| {
        if paths.len() > MAX_DROPPED {
            return Err(IpcError::new("too_many_files", format!("{} files were dropped; at most {MAX_DROPPED} are read at once", paths.len())));
        }
        let mut files = Vec::with_capacity(paths.len());
        for path in paths.into_iter().map(PathBuf::from) {
            if !s.was_dropped(&path) {
                return Err(IpcError::new("not_dropped", "that file was not dropped on the window"));
            }
            let name = file_name(&path);
            let bytes = input::read_file(&path).map_err(|e| IpcError::new("io", format!("{name}: {e}")))?;
            files.push((name, bytes));
        }
        read_files(s, files)
    })
    .await
}

/// More files than any export or set of screenshots has (each is bounded by `input::read_file`).
const MAX_DROPPED: usize = 64;

/// Opens the encrypted export of a review with its password. A wrong
/// password is `wrong_password`, and the file stays ready for another try.
#[tauri::command]
pub async fn unlock_file(state: Shared<'_>, id: u64, password: String) -> Result<ReviewDto, IpcError> {
    let password = zeroize::Zeroizing::new(password);
    blocking(&state, move |s| {
        let (name, encrypted) = s
            .session()
            .encrypted
            .remove(&id)
            .ok_or_else(|| IpcError::new("no_such_import", "that file is no longer open; choose it again"))?;
        match encrypted.decrypt(&password) {
            Ok(result) => {
                let mut c = Collector::new();
                c.add_import(&name, result);
                review(s, c.finish())
            }
            Err(e) => {
                let wrong = matches!(e, ImportError::WrongPassword);
                s.session().encrypted.insert(id, (name, encrypted));
                Err(if wrong {
                    IpcError::new("wrong_password", "That password does not open this file.")
                } else {
                    IpcError::new("import", e.to_string())
                })
            }
        }
    })
    .await
}

/// Saves the accounts of a review, skipping duplicates.
#[tauri::command]
pub async fn confirm_import(state: Shared<'_>, id: u64) -> Result<AddedDto, IpcError> {
    blocking(&state, move |s| {
        let accounts =
            s.session().pending.remove(&id).ok_or_else(|| {
                IpcError::new("no_such_import", "nothing is waiting to be added; read the code again")
            })?;
        let report = s.update(|c| c.add_all(accounts, now()))?;
        Ok(AddedDto {
            added: report.added.len(),
            skipped: report.duplicates.len(),
        })
    })
    .await
}

/// Forgets the accounts (or the encrypted file) of a review.
#[tauri::command]
pub fn discard_import(state: Shared<'_>, id: u64) {
    let mut s = state.session();
    s.pending.remove(&id);
    s.encrypted.remove(&id);
}

/// Reads files together (so the parts of a Google export find each other).
/// One encrypted export, read alone, waits for its password; with other
/// files it is an error of its own. So do SDA's encrypted files, chosen
/// together with their manifest.
fn read_files(s: &AppState, files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Result<ReviewDto, IpcError> {
    let files: Vec<_> = files.into_iter().collect();
    let alone = files.len() == 1;
    let mut c = Collector::new();
    for (name, bytes) in &files {
        if let FileKind::NeedsPassword(encrypted) = c.add_file(name, bytes) {
            if alone {
                let format = encrypted.format().name();
                let id = s.park_encrypted(name.clone(), encrypted);
                return Ok(ReviewDto::needs_password(id, format));
            }
            c.push_error(twofold_core::input::InputError {
                source: name.clone(),
                line: None,
                message: "this export is encrypted: open it on its own to give its password".into(),
            });
        }
    }
    // Steam Desktop Authenticator's encrypted folder, its files chosen together: one passkey.
    if let Some((manifest, encrypted)) = c.take_encrypted() {
        if c.is_empty() {
            let format = encrypted.format().name();
            let id = s.park_encrypted(manifest, encrypted);
            return Ok(ReviewDto::needs_password(id, format));
        }
        c.push_error(twofold_core::input::InputError {
            source: manifest,
            line: None,
            message: "Steam Desktop Authenticator's encrypted files need its passkey: choose them on their own".into(),
        });
    }
    review(s, c.finish())
}

/// Parks the accounts for confirmation and describes them; duplicates are
/// found by a dry run of the same `add_all` that "Add" makes.
fn review(s: &AppState, found: Found) -> Result<ReviewDto, IpcError> {
    let report = s.with_open(|o| {
        Ok(o.loaded
            .contents
            .clone()
            .add_all(found.accounts.iter().cloned(), now())?)
    })?;
    let dup = |i: usize| report.duplicates.iter().any(|d| d.index == i);
    let items = found
        .accounts
        .iter()
        .enumerate()
        .map(|(i, a)| ReviewItemDto::new(a, dup(i)))
        .collect();
    let errors = found.errors.iter().map(ToString::to_string).collect();
    let id = if found.accounts.is_empty() {
        0
    } else {
        s.park(found.accounts)
    };
    let skipped = found
        .skipped_items
        .iter()
        .map(|s| format!("“{}” is left out: {}.", s.item.name, s.item.reason))
        .collect();
    Ok(ReviewDto { id, items, errors, skipped, needs_password: None })
}

/// Splits the body of `review_files`; `None` when it is not well formed.
fn unframe(mut body: &[u8]) -> Option<Vec<(String, &[u8])>> {
    fn take<'a>(body: &mut &'a [u8]) -> Option<&'a [u8]> {
        let (len, rest) = body.split_first_chunk::<4>()?;
        let len = usize::try_from(u32::from_be_bytes(*len)).ok()?;
        if rest.len() < len {
            return None;
        }
        let (part, rest) = rest.split_at(len);
        *body = rest;
        Some(part)
    }
    let mut files = Vec::new();
    while !body.is_empty() {
        let name = String::from_utf8_lossy(take(&mut body)?).into_owned();
        files.push((name, take(&mut body)?));
    }
    Some(files)
}

/// A core warning ("its secret has …, so it looks mistyped: …") as a sentence of the window.
pub(crate) fn sentence(message: &str) -> String {
    let mut text = capitalised(message);
    if !text.ends_with('.') {
        text.push('.');
    }
    text
}

/// Core messages start in lower case (they are also parts of CLI lines); the window shows sentences.
fn capitalised(message: &str) -> String {
    let mut chars = message.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::unframe;

    fn frame(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, data) in files {
            out.extend((name.len() as u32).to_be_bytes());
            out.extend(name.as_bytes());
            out.extend((data.len() as u32).to_be_bytes());
            out.extend(*data);
        }
        out
    }

    #[test]
    fn frames_round_trip_and_damage_is_refused() {
        let body = frame(&[("a.png", b"\x89PNG"), ("b.json", b"{}"), ("empty", b"")]);
        let files = unframe(&body).unwrap();
        assert_eq!(files.len(), 3);
        assert_eq!(files[1], ("b.json".to_owned(), &b"{}"[..]));
        assert_eq!(files[2].1, b"");
        assert!(unframe(&body[..body.len() - 1]).is_none(), "a cut data part");
        assert!(unframe(&body[..3]).is_none(), "a cut length");
        assert_eq!(unframe(&[]).unwrap().len(), 0);
    }
}
