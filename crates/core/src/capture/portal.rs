//! The screen through the desktop's Screenshot portal
//! (`org.freedesktop.portal.Screenshot`): how Wayland desktops let an
//! application see the screen, with the person's consent.
//!
//! - **Interactive** requests let the desktop show its own screenshot UI
//!   (GNOME's screenshot tool, KDE's Spectacle dialog, wlroots' area picker);
//!   no permission is needed beforehand, the person chooses.
//! - **Quiet** (non-interactive) requests take the whole screen at once where the
//!   person has allowed screenshots for Twofold; the portal asks once otherwise.
//!
//! The portal writes the picture to a file and answers its URI: a fixed,
//! world-readable `/tmp/out.png` with xdg-desktop-portal-wlr, a new file in
//! Pictures with KDE. Twofold reads it into memory and deletes it at once, before
//! decoding, so a screenshot of a secret QR code does not stay on disk.

use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use ashpd::desktop::screenshot::Screenshot;
pub use ashpd::WindowIdentifier;
use zeroize::Zeroizing;

use super::error::CaptureError;
use crate::qr::MAX_FILE_BYTES;

/// How the portal is asked.
#[derive(Debug)]
#[non_exhaustive]
pub enum PortalMode {
    /// The desktop's own screenshot UI, where the person picks (from a click in
    /// Twofold's window). The window's identifier makes the desktop's dialog modal to it.
    Interactive(Option<WindowIdentifier>),
    /// The whole screen at once, where screenshots are allowed (the portal asks once otherwise).
    Quiet,
    /// Quiet first; if that is refused or fails, interactive (the command line).
    QuietThenInteractive,
}

/// How long a quiet request may take: it shows at most a one-time permission question.
const QUIET_TIMEOUT: Duration = Duration::from_secs(60);
/// How long the person may take in the desktop's screenshot UI.
const INTERACTIVE_TIMEOUT: Duration = Duration::from_secs(300);

/// A screenshot from the portal, as the image file's bytes (PNG as a rule),
/// the file already deleted.
///
/// Decode the bytes with [`crate::qr::decode_image_bytes`], which bounds their size and cost.
pub fn portal_screenshot(mode: PortalMode) -> Result<Zeroizing<Vec<u8>>, CaptureError> {
    match mode {
        PortalMode::Interactive(parent) => shoot(true, parent),
        PortalMode::Quiet => shoot(false, None),
        PortalMode::QuietThenInteractive => match shoot(false, None) {
            // No portal at all: asking again interactively would fail the same way.
            Err(e @ CaptureError::NoPortal { .. }) => Err(e),
            Err(_) => shoot(true, None),
            ok => ok,
        },
    }
}

fn shoot(interactive: bool, parent: Option<WindowIdentifier>) -> Result<Zeroizing<Vec<u8>>, CaptureError> {
    let timeout = if interactive { INTERACTIVE_TIMEOUT } else { QUIET_TIMEOUT };
    let uri = zbus::block_on(with_timeout(timeout, request(interactive, parent)))
        .ok_or(CaptureError::PortalTimedOut { seconds: timeout.as_secs() })??;
    let path = file_path(&uri).ok_or_else(|| CaptureError::Portal { reason: format!("it answered {uri}, not a file") })?;
    read_and_delete(&path)
}

async fn request(interactive: bool, parent: Option<WindowIdentifier>) -> Result<String, CaptureError> {
    let answer = Screenshot::request()
        .identifier(parent)
        .modal(true)
        .interactive(interactive)
        .send()
        .await
        .map_err(from_ashpd)?
        .response()
        .map_err(from_ashpd)?;
    Ok(answer.uri().as_str().to_owned())
}

/// Runs `future` for at most `limit`; `None` when time ran out.
async fn with_timeout<T>(limit: Duration, future: impl std::future::Future<Output = T>) -> Option<T> {
    use futures_util::future::{select, Either};
    let timer = async_io::Timer::after(limit);
    match select(std::pin::pin!(future), std::pin::pin!(timer)).await {
        Either::Left((value, _)) => Some(value),
        Either::Right(_) => None,
    }
}

fn from_ashpd(e: ashpd::Error) -> CaptureError {
    use ashpd::desktop::ResponseError;
    match e {
        ashpd::Error::Response(ResponseError::Cancelled) => CaptureError::PortalCancelled,
        ashpd::Error::Response(ResponseError::Other) => CaptureError::PortalRefused,
        ashpd::Error::PortalNotFound(interface) => CaptureError::NoPortal { reason: format!("no {interface}") },
        ashpd::Error::Zbus(zbus::Error::MethodError(name, _, _)) if is_missing(name.as_str()) => {
            CaptureError::NoPortal { reason: name.to_string() }
        }
        ashpd::Error::Zbus(zbus::Error::InputOutput(e)) => CaptureError::NoPortal { reason: e.to_string() },
        ashpd::Error::Zbus(zbus::Error::Address(e)) => CaptureError::NoPortal { reason: e },
        other => CaptureError::Portal { reason: other.to_string() },
    }
}

/// D-Bus errors that mean "there is no Screenshot portal here" rather than "it failed".
fn is_missing(error: &str) -> bool {
    matches!(
        error,
        "org.freedesktop.DBus.Error.ServiceUnknown"
            | "org.freedesktop.DBus.Error.UnknownInterface"
            | "org.freedesktop.DBus.Error.UnknownMethod"
            | "org.freedesktop.DBus.Error.UnknownObject"
            | "org.freedesktop.DBus.Error.NameHasNoOwner"
    )
}

/// The local path of a `file://` URI (percent-decoded); `None` for any other URI.
fn file_path(uri: &str) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let rest = uri.strip_prefix("file://")?;
    // `file:///tmp/out.png` (empty host) or `file://localhost/tmp/out.png`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(path).collect();
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(&bytes)))
}

/// Reads the screenshot (bounded) and deletes the file before anything else
/// happens to it, whether or not it can be read whole.
fn read_and_delete(path: &std::path::Path) -> Result<Zeroizing<Vec<u8>>, CaptureError> {
    let read = || -> std::io::Result<Zeroizing<Vec<u8>>> {
        let file = std::fs::File::open(path)?;
        let mut bytes = Zeroizing::new(Vec::new());
        file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
        Ok(bytes)
    };
    let bytes = read();
    let removed = std::fs::remove_file(path);
    let bytes = bytes.map_err(|e| CaptureError::Portal { reason: format!("its screenshot {} could not be read: {e}", path.display()) })?;
    if let Err(e) = removed {
        // Not fatal to the scan, but the person should know a screenshot stays behind.
        return Err(CaptureError::ScreenshotNotDeleted { path: path.to_path_buf(), reason: e.to_string() });
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(CaptureError::Portal { reason: format!("its screenshot is larger than {MAX_FILE_BYTES} bytes") });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(file_path("file:///tmp/out.png"), Some(PathBuf::from("/tmp/out.png")));
        assert_eq!(file_path("file://localhost/tmp/a%20b.png"), Some(PathBuf::from("/tmp/a b.png")));
        assert_eq!(
            file_path("file:///home/al/Pictures/Screenshot%20from%202026.png"),
            Some(PathBuf::from("/home/al/Pictures/Screenshot from 2026.png"))
        );
        assert_eq!(file_path("https://example.com/out.png"), None);
        assert_eq!(file_path("file://otherhost/tmp/out.png"), None);
        assert_eq!(file_path("file:relative.png"), None);
    }

    #[test]
    fn the_screenshot_is_deleted_once_read() {
        let dir = std::env::temp_dir().join(format!("twofold-portal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.png");
        std::fs::write(&path, b"\x89PNG pretend").unwrap();
        let bytes = read_and_delete(&path).unwrap();
        assert_eq!(bytes.as_slice(), b"\x89PNG pretend");
        assert!(!path.exists(), "the portal's file is gone");
        // A file that vanished is an error that names it, not a panic.
        let e = read_and_delete(&path).unwrap_err();
        assert!(e.to_string().contains("out.png"), "{e}");
        std::fs::remove_dir(&dir).unwrap();
    }
}
