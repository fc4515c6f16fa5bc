//! Screen and clipboard images, for scanning QR codes shown on screen or
//! copied with a snipping tool, and the clipboard for secrets (feature
//! `capture`; a headless build leaves it out).
//!
//! - [`capture_screens`]: the screen, read directly on X11 (xcap) or through
//!   the desktop's Screenshot portal on Wayland ([`portal_screenshot`]).
//! - [`clipboard_image`]: the image on the clipboard (arboard).
//! - [`SecretClipboard`]: codes put on the clipboard marked as secrets for
//!   clipboard managers, checked to have arrived, and cleared only while still ours.
//!
//! Images come back as pixels or image bytes; [`crate::qr`] reads the codes.
//! Every failure is a [`CaptureError`] (or [`ClipboardError`]) that says what to do instead.

mod clipboard;
mod error;
#[cfg(target_os = "linux")]
mod portal;
mod screen;
mod secret_clipboard;

pub use clipboard::clipboard_image;
pub use error::{is_wayland, CaptureError};
#[cfg(target_os = "linux")]
pub use portal::{portal_screenshot, WindowIdentifier};
pub use screen::PortalMode;
pub use screen::{capture_screens, Screens};
pub use secret_clipboard::{Board, ClipboardError, Copied, SecretClipboard, SystemBoard};
