//! The clipboard's image, through arboard.

use image::RgbaImage;

use super::error::{has_display, CaptureError};
use crate::qr::MAX_PIXELS;

/// The image on the clipboard (a screenshot copied with a snipping tool), as RGBA.
///
/// No image on the clipboard (nothing, or text) is
/// [`CaptureError::NoClipboardImage`]. On X11 the clipboard belongs to the
/// program that copied; it must still be running.
pub fn clipboard_image() -> Result<RgbaImage, CaptureError> {
    if !has_display() {
        return Err(CaptureError::NoDisplay);
    }
    let mut clipboard = arboard::Clipboard::new().map_err(|e| CaptureError::Clipboard { reason: e.to_string() })?;
    let data = match clipboard.get_image() {
        Ok(data) => data,
        Err(arboard::Error::ContentNotAvailable | arboard::Error::ConversionFailure) => {
            return Err(CaptureError::NoClipboardImage)
        }
        // On X11, asking a text owner for an image gives an "incorrect type"
        // error rather than "not available": text on the clipboard means no image.
        Err(other) => {
            return Err(match clipboard.get_text() {
                Ok(_) => CaptureError::NoClipboardImage,
                Err(_) => CaptureError::Clipboard { reason: other.to_string() },
            })
        }
    };
    let (width, height) =
        (u32::try_from(data.width).unwrap_or(u32::MAX), u32::try_from(data.height).unwrap_or(u32::MAX));
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(CaptureError::TooLarge { width, height, max: MAX_PIXELS });
    }
    RgbaImage::from_raw(width, height, data.bytes.into_owned())
        .ok_or_else(|| CaptureError::Clipboard { reason: "the clipboard image has the wrong number of bytes".into() })
}
