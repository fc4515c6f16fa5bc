//! Every monitor's picture, through xcap.

use image::RgbaImage;

use super::error::{has_display, is_wayland, CaptureError};
use crate::qr::MAX_PIXELS;

/// One RGBA image per monitor, in the order the system lists them.
///
/// On X11 the screen is read directly. On Wayland xcap asks the desktop's
/// screenshot portal (the desktop may show a prompt); where there is none,
/// the error says to take a screenshot and open or paste it instead.
pub fn capture_screens() -> Result<Vec<RgbaImage>, CaptureError> {
    if !has_display() {
        return Err(CaptureError::NoDisplay);
    }
    let wayland = is_wayland();
    let fail = |e: xcap::XCapError| {
        let reason = e.to_string();
        if wayland {
            CaptureError::WaylandUnsupported { reason }
        } else {
            CaptureError::Screen { reason }
        }
    };
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
