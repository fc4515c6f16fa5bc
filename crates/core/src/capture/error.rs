//! What can go wrong capturing the screen or reading the clipboard.

/// Why no screen or clipboard image could be had, with what to do instead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CaptureError {
    /// No graphical session: no `DISPLAY` or `WAYLAND_DISPLAY` (a terminal over SSH, a service).
    #[error("there is no graphical display to capture; run this inside your desktop session, or take a screenshot and open it instead")]
    NoDisplay,
    /// A Wayland desktop without a Screenshot portal (xdg-desktop-portal and a
    /// backend for this desktop: -gnome, -kde, -wlr, ...).
    #[error("this desktop offers no screenshot portal to applications ({reason}); install xdg-desktop-portal and the portal for your desktop (xdg-desktop-portal-gnome, -kde or -wlr), or take a screenshot with your desktop's tool and open it or paste it instead")]
    NoPortal {
        /// What D-Bus said.
        reason: String,
    },
    /// The person closed the desktop's screenshot dialog.
    #[error("the screenshot was cancelled")]
    PortalCancelled,
    /// The desktop refused the screenshot (permission denied, or its tool failed).
    #[error("the desktop refused the screenshot; allow screenshots for Twofold in your desktop's privacy settings, or take a screenshot with your desktop's tool and open it instead")]
    PortalRefused,
    /// The desktop's screenshot portal did not answer in time.
    #[error("the desktop's screenshot portal did not answer within {seconds} s")]
    PortalTimedOut {
        /// How long Twofold waited.
        seconds: u64,
    },
    /// The screenshot portal failed in another way.
    #[error("the desktop's screenshot portal failed: {reason}")]
    Portal {
        /// What went wrong.
        reason: String,
    },
    /// The portal's screenshot file could not be deleted after it was read.
    #[error("the screenshot was read, but its file {} could not be deleted ({reason}); delete it yourself, it shows your screen", path.display())]
    ScreenshotNotDeleted {
        /// The file the portal wrote.
        path: std::path::PathBuf,
        /// Why it stayed.
        reason: String,
    },
    /// The screen could not be captured for another reason.
    #[error("cannot capture the screen ({reason}); take a screenshot and open it or paste it instead")]
    Screen {
        /// What the capture library said.
        reason: String,
    },
    /// The clipboard holds no image (nothing, or only text).
    #[error("the clipboard holds no image; copy a screenshot of the QR code (for example with your desktop's snipping tool) and try again")]
    NoClipboardImage,
    /// The clipboard could not be read.
    #[error("cannot read the clipboard ({reason})")]
    Clipboard {
        /// What the clipboard library said.
        reason: String,
    },
    /// The captured or pasted image is larger than the QR decoder accepts.
    #[error("the image is too large: {width} x {height} pixels (at most {max} pixels)")]
    TooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// The most pixels accepted ([`crate::qr::MAX_PIXELS`]).
        max: u64,
    },
}

impl CaptureError {
    /// A stable, short identifier for the case, for JSON and the UI.
    pub fn code(&self) -> &'static str {
        match self {
            CaptureError::NoDisplay => "no_display",
            CaptureError::NoPortal { .. } => "no_screenshot_portal",
            CaptureError::PortalCancelled => "screenshot_cancelled",
            CaptureError::PortalRefused => "screenshot_refused",
            CaptureError::PortalTimedOut { .. } => "screenshot_timed_out",
            CaptureError::Portal { .. } => "screenshot_portal_failed",
            CaptureError::ScreenshotNotDeleted { .. } => "screenshot_not_deleted",
            CaptureError::Screen { .. } => "screen_capture_failed",
            CaptureError::NoClipboardImage => "no_clipboard_image",
            CaptureError::Clipboard { .. } => "clipboard_failed",
            CaptureError::TooLarge { .. } => "image_too_large",
        }
    }
}

/// Whether a session has a display of any kind.
pub(crate) fn has_display() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"].iter().any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

/// Whether this is a Wayland session (where X11 capture shows nothing useful:
/// XWayland sees only X11 windows), so the screen is read through the portal.
pub fn is_wayland() -> bool {
    std::env::var_os("WAYLAND_DISPLAY").is_some_and(|s| !s.is_empty())
        || std::env::var("XDG_SESSION_TYPE").is_ok_and(|s| s.eq_ignore_ascii_case("wayland"))
}
