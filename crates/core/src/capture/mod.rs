//! Screen and clipboard images, for scanning QR codes shown on screen or
//! copied with a snipping tool (feature `capture`; a headless build leaves it out).
//!
//! - [`capture_screens`]: every monitor, as RGBA images (xcap: X11 directly;
//!   on Wayland the desktop's screenshot portal, where there is one).
//! - [`clipboard_image`]: the image on the clipboard (arboard).
//!
//! Both return pixels only; [`crate::qr::decode_rgba`] reads the codes.
//! Every failure is a [`CaptureError`] that says what to do instead.

mod clipboard;
mod error;
mod screen;

pub use clipboard::clipboard_image;
pub use error::CaptureError;
pub use screen::capture_screens;
