//! Codes and backup codes on the clipboard: marked as secrets, checked to
//! have arrived, cleared only while still ours.
//!
//! - Every entry carries the `x-kde-passwordManagerHint` type with the value
//!   `secret` (what KeePassXC does), so clipboard managers that keep a history
//!   (KDE's Klipper, CopyQ, cliphist, GNOME's clipboard extensions) skip it.
//! - A copy is read back before it counts: compositors may refuse an offer
//!   silently (GNOME ignores a Wayland client without keyboard focus), and a
//!   person told "Copied" pastes whatever was there before.
//! - Clearing first checks that the clipboard still holds what Twofold put
//!   there: the person may have copied something else since.
//!
//! [`SystemBoard`] reaches the desktop's clipboard without a window: the
//! Wayland data-control protocol where the compositor offers it (KDE, sway and
//! other wlroots desktops, Hyprland), else X11 (an X11 session, or XWayland on
//! GNOME, which hands X11 selections to Wayland clients). The desktop app adds
//! a board that goes through its own window for a Wayland desktop with neither.

use std::time::{Duration, Instant};

use zeroize::Zeroizing;

/// Why the clipboard could not be used, in words for the person.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClipboardError {
    /// No clipboard could be reached at all.
    #[error("no clipboard could be reached ({reason})")]
    Unavailable {
        /// What the clipboard library said.
        reason: String,
    },
    /// The offer was made, but the clipboard does not hold it.
    #[error("the code did not reach the clipboard ({board}): {hint}")]
    NotArrived {
        /// The way that was tried.
        board: &'static str,
        /// What to do about it.
        hint: &'static str,
    },
    /// The clipboard was reached but refused the request.
    #[error("the clipboard refused ({board}: {reason})")]
    Failed {
        /// The way that was tried.
        board: &'static str,
        /// What it said.
        reason: String,
    },
}

impl ClipboardError {
    /// A stable, short identifier for the case, for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            ClipboardError::Unavailable { .. } => "clipboard_unavailable",
            ClipboardError::NotArrived { .. } => "clipboard_not_arrived",
            ClipboardError::Failed { .. } => "clipboard_failed",
        }
    }
}

/// One way of reaching the clipboard.
pub trait Board: Send {
    /// What it is, for messages: "Wayland data-control", "X11", ...
    fn name(&self) -> &'static str;
    /// Offers `text` as the clipboard's text, marked as a secret for clipboard managers.
    fn put_secret(&mut self, text: &str) -> Result<(), ClipboardError>;
    /// The clipboard's text as other programs see it; `None` when it holds no text.
    fn text(&mut self) -> Result<Option<Zeroizing<String>>, ClipboardError>;
    /// Empties the clipboard.
    fn clear(&mut self) -> Result<(), ClipboardError>;
    /// What to tell the person when an offer did not arrive.
    fn not_arrived_hint(&self) -> &'static str {
        "copy again, or type the code"
    }
}

/// Which copy a later clear refers to (each copy gets the next number).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Copied(u64);

/// The clipboard as Twofold uses it for secrets (see the module docs).
pub struct SecretClipboard {
    board: Box<dyn Board>,
    /// What the last copy put there, while it may still be there.
    ours: Option<(Copied, Zeroizing<String>)>,
    copies: u64,
}

/// How long a copy may take to show when read back: a Wayland offer reaches
/// the compositor when the serving thread next flushes, a moment later.
const ARRIVAL: Duration = Duration::from_millis(600);

impl SecretClipboard {
    /// Uses `board` for every copy and clear.
    pub fn new(board: Box<dyn Board>) -> Self {
        SecretClipboard { board, ours: None, copies: 0 }
    }

    /// What the clipboard is reached through.
    pub fn board_name(&self) -> &'static str {
        self.board.name()
    }

    /// Puts `text` on the clipboard, marked as a secret, and checks that it arrived.
    pub fn copy(&mut self, text: &str) -> Result<Copied, ClipboardError> {
        self.board.put_secret(text)?;
        let start = Instant::now();
        loop {
            if self.holds(text)? {
                break;
            }
            if start.elapsed() >= ARRIVAL {
                return Err(ClipboardError::NotArrived { board: self.board.name(), hint: self.board.not_arrived_hint() });
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.copies += 1;
        let copied = Copied(self.copies);
        self.ours = Some((copied, Zeroizing::new(text.to_owned())));
        Ok(copied)
    }

    /// Clears the clipboard if it still holds what `copied` put there (the
    /// clear timer); true when it cleared. A later copy or another program's
    /// text is left alone.
    pub fn clear_if_still(&mut self, copied: Copied) -> Result<bool, ClipboardError> {
        match &self.ours {
            Some((last, _)) if *last == copied => self.clear_if_ours(),
            _ => Ok(false),
        }
    }

    /// Clears the clipboard if it still holds the last thing Twofold copied
    /// (on lock, before quitting); true when it cleared.
    pub fn clear_if_ours(&mut self) -> Result<bool, ClipboardError> {
        let Some((_, text)) = self.ours.take() else { return Ok(false) };
        if !self.holds(&text)? {
            return Ok(false);
        }
        self.board.clear()?;
        Ok(true)
    }

    /// The clipboard's text now (a setup link the person copied); `None` when it holds none.
    pub fn text(&mut self) -> Result<Option<Zeroizing<String>>, ClipboardError> {
        self.board.text()
    }

    fn holds(&mut self, text: &str) -> Result<bool, ClipboardError> {
        Ok(self.board.text()?.is_some_and(|now| now.as_str() == text))
    }
}

/// The desktop's clipboard without a window, through arboard: Wayland
/// data-control where the compositor has it, else X11 (see the module docs).
pub struct SystemBoard {
    clipboard: arboard::Clipboard,
    name: &'static str,
}

impl SystemBoard {
    /// Connects to the clipboard; the connection is kept, so on X11 the
    /// clipboard stays served for as long as the program runs.
    pub fn open() -> Result<Self, ClipboardError> {
        // arboard makes the same choice: data-control when the compositor has it, else X11.
        let name = if has_data_control() {
            "Wayland data-control"
        } else if cfg!(target_os = "linux") {
            "X11"
        } else {
            "the system clipboard"
        };
        let clipboard = arboard::Clipboard::new().map_err(|e| ClipboardError::Unavailable { reason: e.to_string() })?;
        Ok(SystemBoard { clipboard, name })
    }

    /// True when this goes through Wayland's data-control protocol.
    pub fn is_data_control(&self) -> bool {
        self.name == "Wayland data-control"
    }
}

/// Whether a Wayland compositor answers with a data-control protocol (KDE, wlroots, Hyprland; not GNOME).
#[cfg(target_os = "linux")]
fn has_data_control() -> bool {
    std::env::var_os("WAYLAND_DISPLAY").is_some_and(|d| !d.is_empty())
        && wl_clipboard_rs::utils::is_primary_selection_supported().is_ok()
}

#[cfg(not(target_os = "linux"))]
fn has_data_control() -> bool {
    false
}

impl Board for SystemBoard {
    fn name(&self) -> &'static str {
        self.name
    }

    fn put_secret(&mut self, text: &str) -> Result<(), ClipboardError> {
        #[cfg(target_os = "linux")]
        use arboard::SetExtLinux;
        let set = self.clipboard.set();
        // Linux: the x-kde-passwordManagerHint type (both on Wayland and X11).
        #[cfg(target_os = "linux")]
        let set = set.exclude_from_history();
        set.text(text).map_err(|e| ClipboardError::Failed { board: self.name, reason: e.to_string() })
    }

    fn text(&mut self) -> Result<Option<Zeroizing<String>>, ClipboardError> {
        match self.clipboard.get_text() {
            Ok(text) => Ok(Some(Zeroizing::new(text))),
            Err(arboard::Error::ContentNotAvailable | arboard::Error::ConversionFailure) => Ok(None),
            Err(e) => Err(ClipboardError::Failed { board: self.name, reason: e.to_string() }),
        }
    }

    fn clear(&mut self) -> Result<(), ClipboardError> {
        self.clipboard.clear().map_err(|e| ClipboardError::Failed { board: self.name, reason: e.to_string() })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A clipboard in memory, shared with the test so it can play another program.
    #[derive(Clone, Default)]
    struct Memory {
        text: Arc<Mutex<Option<String>>>,
        /// An offer that never arrives (a compositor ignoring an unfocused client).
        drops_offers: bool,
        secret_marks: Arc<Mutex<u32>>,
    }

    impl Board for Memory {
        fn name(&self) -> &'static str {
            "memory"
        }
        fn put_secret(&mut self, text: &str) -> Result<(), ClipboardError> {
            *self.secret_marks.lock().unwrap() += 1;
            if !self.drops_offers {
                *self.text.lock().unwrap() = Some(text.to_owned());
            }
            Ok(())
        }
        fn text(&mut self) -> Result<Option<Zeroizing<String>>, ClipboardError> {
            Ok(self.text.lock().unwrap().clone().map(Zeroizing::new))
        }
        fn clear(&mut self) -> Result<(), ClipboardError> {
            *self.text.lock().unwrap() = None;
            Ok(())
        }
    }

    #[test]
    fn a_copy_is_marked_secret_and_cleared_when_still_ours() {
        let memory = Memory::default();
        let mut clipboard = SecretClipboard::new(Box::new(memory.clone()));
        let copied = clipboard.copy("492039").unwrap();
        assert_eq!(memory.text.lock().unwrap().as_deref(), Some("492039"));
        assert_eq!(*memory.secret_marks.lock().unwrap(), 1);
        assert!(clipboard.clear_if_still(copied).unwrap());
        assert_eq!(*memory.text.lock().unwrap(), None);
    }

    #[test]
    fn text_copied_by_someone_else_is_never_cleared() {
        let memory = Memory::default();
        let mut clipboard = SecretClipboard::new(Box::new(memory.clone()));
        let copied = clipboard.copy("492039").unwrap();
        *memory.text.lock().unwrap() = Some("the person's own text".into());
        assert!(!clipboard.clear_if_still(copied).unwrap());
        assert!(!clipboard.clear_if_ours().unwrap());
        assert_eq!(memory.text.lock().unwrap().as_deref(), Some("the person's own text"));
    }

    #[test]
    fn an_old_timer_leaves_a_newer_copy_alone_but_lock_clears_it() {
        let memory = Memory::default();
        let mut clipboard = SecretClipboard::new(Box::new(memory.clone()));
        let first = clipboard.copy("111111").unwrap();
        let _second = clipboard.copy("222222").unwrap();
        assert!(!clipboard.clear_if_still(first).unwrap(), "the first copy's timer does not cut the second short");
        assert_eq!(memory.text.lock().unwrap().as_deref(), Some("222222"));
        assert!(clipboard.clear_if_ours().unwrap(), "locking clears the latest copy");
        assert_eq!(*memory.text.lock().unwrap(), None);
        assert!(!clipboard.clear_if_ours().unwrap(), "nothing of ours is left");
    }

    #[test]
    fn an_offer_that_never_arrives_is_an_error_not_copied() {
        let memory = Memory { drops_offers: true, ..Memory::default() };
        *memory.text.lock().unwrap() = Some("what was there before".into());
        let mut clipboard = SecretClipboard::new(Box::new(memory.clone()));
        let e = clipboard.copy("492039").unwrap_err();
        assert_eq!(e.code(), "clipboard_not_arrived");
        assert!(e.to_string().contains("did not reach the clipboard"), "{e}");
        assert!(!clipboard.clear_if_ours().unwrap(), "a failed copy leaves nothing to clear");
        assert_eq!(memory.text.lock().unwrap().as_deref(), Some("what was there before"));
    }
}
