//! Every monitor's picture: read directly on X11 (xcap), through the desktop's
//! Screenshot portal on Wayland.

use image::RgbaImage;

use super::error::{has_display, CaptureError};
#[cfg(target_os = "linux")]
pub use super::portal::PortalMode;
use crate::qr::MAX_PIXELS;

/// How the screenshot portal would be asked (no portal outside Linux).
#[cfg(not(target_os = "linux"))]
#[derive(Debug)]
#[non_exhaustive]
pub enum PortalMode {
    /// The desktop's own screenshot UI.
    Interactive(Option<()>),
    /// The whole screen at once.
    Quiet,
    /// Quiet first, then interactive.
    QuietThenInteractive,
}

/// What a screen scan found to decode.
#[derive(Debug)]
#[non_exhaustive]
pub enum Screens {
    /// One RGBA image per monitor, in the order the system lists them (X11).
    Monitors(Vec<RgbaImage>),
    /// One image file from the desktop's screenshot portal (Wayland), already
    /// deleted from disk; decode it with [`crate::qr::decode_image_bytes`].
    Screenshot(zeroize::Zeroizing<Vec<u8>>),
}

impl Screens {
    /// Each picture's QR payloads, named for messages ("screen 1", ..., or
    /// "the screenshot"), in order. Decoding is bounded as for image files.
    pub fn decode(&self) -> Vec<(String, Result<Vec<String>, crate::qr::QrError>)> {
        match self {
            Screens::Monitors(images) => images
                .iter()
                .enumerate()
                .map(|(i, image)| (format!("screen {}", i + 1), crate::qr::decode_rgba(image)))
                .collect(),
            Screens::Screenshot(bytes) => vec![("the screenshot".to_owned(), crate::qr::decode_image_bytes(bytes))],
        }
    }
}

/// The screen as this session lets Twofold see it.
///
/// On X11 every monitor is read directly and `portal` is not used. On Wayland
/// (where XWayland sees only X11 windows) the desktop's Screenshot portal is
/// asked as `portal` says: interactively from the window, quiet first from the
/// command line.
pub fn capture_screens(portal: PortalMode) -> Result<Screens, CaptureError> {
    if !has_display() {
        return Err(CaptureError::NoDisplay);
    }
    #[cfg(target_os = "linux")]
    if super::error::is_wayland() {
        return super::portal::portal_screenshot(portal).map(Screens::Screenshot);
    }
    let _ = portal;
    x11_monitors().map(Screens::Monitors)
}

/// Every X11 monitor, through xcap.
fn x11_monitors() -> Result<Vec<RgbaImage>, CaptureError> {
    let fail = |e: xcap::XCapError| CaptureError::Screen { reason: e.to_string() };
    let monitors = xcap::Monitor::all().map_err(fail)?;
    if monitors.is_empty() {
        return Err(CaptureError::Screen { reason: "no monitor was found".into() });
    }
    let mut images = Vec::with_capacity(monitors.len());
    for monitor in monitors {
        let image = monitor.capture_image().map_err(fail)?;
        let (width, height) = image.dimensions();
        if u64::from(width) * u64::from(height) > MAX_PIXELS {
            return Err(CaptureError::TooLarge { width, height, max: MAX_PIXELS });
        }
        images.push(image);
    }
    Ok(images)
}
