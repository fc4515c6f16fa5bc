//! The app's clipboard for codes and backup codes (see
//! `twofold_core::capture::SecretClipboard`: marked secret, read back, cleared
//! only while still ours).
//!
//! Which way it goes, chosen at the first copy:
//! 1. without a window ([`SystemBoard`]): Wayland data-control (KDE, sway and
//!    other wlroots desktops, Hyprland), else X11 (X11 sessions; GNOME on
//!    Wayland through XWayland, which needs no focus and can clear later);
//! 2. else, on a Wayland desktop with neither (GNOME without XWayland), through
//!    Twofold's own focused window (GTK's clipboard): it works only while a
//!    Twofold window has the keyboard, so clearing may wait for it.
//!
//! `TWOFOLD_CLIPBOARD=window` picks the second way (for desktops where the
//! first misbehaves, and for tests). Clearing happens after the clear time,
//! when the vault locks and before the app quits (GNOME keeps a copy of the
//! selection of an app that exits).

use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::ThreadId;
use std::time::Duration;

use tauri::{AppHandle, Manager};
use twofold_core::capture::{Board, ClipboardError, SecretClipboard, SystemBoard};
use zeroize::Zeroizing;

use crate::error::IpcError;

/// The clipboard, opened at the first copy (opening it at start would cost
/// every launch an X11 or Wayland connection for a clipboard most never use).
pub struct AppClipboard {
    inner: Mutex<Option<SecretClipboard>>,
    app: Mutex<Option<AppHandle>>,
    main_thread: ThreadId,
}

impl AppClipboard {
    /// Must be made on the main (GTK) thread.
    pub fn new() -> Self {
        AppClipboard { inner: Mutex::new(None), app: Mutex::new(None), main_thread: std::thread::current().id() }
    }

    /// The app, for the window board (known once Tauri has started).
    pub fn set_app(&self, app: AppHandle) {
        *self.app.lock().unwrap_or_else(|p| p.into_inner()) = Some(app);
    }

    fn open(&self) -> Result<MutexGuard<'_, Option<SecretClipboard>>, ClipboardError> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if inner.is_none() {
            *inner = Some(SecretClipboard::new(self.board()?));
        }
        Ok(inner)
    }

    fn board(&self) -> Result<Box<dyn Board>, ClipboardError> {
        let window = || -> Result<Box<dyn Board>, ClipboardError> {
            let app = self.app.lock().unwrap_or_else(|p| p.into_inner()).clone();
            let app = app.ok_or_else(|| ClipboardError::Unavailable { reason: "the window is not up yet".into() })?;
            Ok(Box::new(WindowBoard { app, main_thread: self.main_thread }))
        };
        if std::env::var("TWOFOLD_CLIPBOARD").as_deref() == Ok("window") {
            return window();
        }
        match SystemBoard::open() {
            Ok(board) => Ok(Box::new(board)),
            Err(e) if std::env::var_os("WAYLAND_DISPLAY").is_some() => window().map_err(|_| e),
            Err(e) => Err(e),
        }
    }

    /// Puts `text` on the clipboard; after `clear_after` seconds (0: never)
    /// clears it if it still holds `text`.
    pub fn copy(self: &Arc<Self>, text: &str, clear_after: u32) -> Result<(), IpcError> {
        let copied = self.open().and_then(|mut c| c.as_mut().expect("opened").copy(text)).map_err(ipc_error)?;
        if clear_after > 0 {
            let this = Arc::clone(self);
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_secs(u64::from(clear_after)));
                let mut inner = this.inner.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(Err(e)) = inner.as_mut().map(|c| c.clear_if_still(copied)) {
                    eprintln!("twofold: the clipboard could not be cleared: {e}");
                }
            });
        }
        Ok(())
    }

    /// Clears the clipboard if it still holds Twofold's last copy (on lock, before quitting).
    pub fn clear_if_ours(&self) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(Err(e)) = inner.as_mut().map(SecretClipboard::clear_if_ours) {
            eprintln!("twofold: the clipboard could not be cleared: {e}");
        }
    }

    /// The text on the clipboard (a copied setup link), through the same way as copies.
    pub fn text(&self) -> Option<Zeroizing<String>> {
        let mut inner = self.open().ok()?;
        inner.as_mut()?.text().ok().flatten()
    }
}

fn ipc_error(e: ClipboardError) -> IpcError {
    IpcError::new(e.code(), format!("Not copied: {}.", e))
}

/// The clipboard through GTK and Twofold's focused window (Wayland's own
/// `wl_data_device`, which compositors honour only from the focused client).
struct WindowBoard {
    app: AppHandle,
    main_thread: ThreadId,
}

const HINT_TYPE: &str = "x-kde-passwordManagerHint";

impl WindowBoard {
    /// Runs `f` on the GTK thread and waits for it (at once when already there).
    fn on_main<R: Send + 'static>(&self, f: impl FnOnce() -> R + Send + 'static) -> Result<R, ClipboardError> {
        if std::thread::current().id() == self.main_thread {
            return Ok(f());
        }
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        self.app
            .run_on_main_thread(move || {
                let _ = tx.send(f());
            })
            .map_err(|e| ClipboardError::Unavailable { reason: e.to_string() })?;
        rx.recv_timeout(Duration::from_secs(3))
            .map_err(|_| ClipboardError::Unavailable { reason: "the window did not answer".into() })
    }

    fn focused(&self) -> bool {
        self.app.webview_windows().values().any(|w| w.is_focused().unwrap_or(false))
    }
}

impl Board for WindowBoard {
    fn name(&self) -> &'static str {
        "Twofold's window"
    }

    fn not_arrived_hint(&self) -> &'static str {
        "this desktop lets only the window in front use the clipboard; bring Twofold's window to the front and copy again"
    }

    fn put_secret(&mut self, text: &str) -> Result<(), ClipboardError> {
        // An unfocused client's offer is dropped without a word; saying so is better than a false "Copied".
        if !self.focused() {
            return Err(ClipboardError::NotArrived { board: self.name(), hint: self.not_arrived_hint() });
        }
        let text = Zeroizing::new(text.to_owned());
        let offered = self.on_main(move || {
            let targets = ["UTF8_STRING", "text/plain;charset=utf-8", "text/plain", "STRING", "TEXT", HINT_TYPE]
                .iter()
                .enumerate()
                .map(|(i, t)| gtk::TargetEntry::new(t, gtk::TargetFlags::empty(), i as u32))
                .collect::<Vec<_>>();
            let hint = (targets.len() - 1) as u32;
            gtk::Clipboard::get(&gdk::SELECTION_CLIPBOARD).set_with_data(&targets, move |_, data, info| {
                if info == hint {
                    data.set(&gdk::Atom::intern(HINT_TYPE), 8, b"secret");
                } else {
                    data.set_text(&text);
                }
            })
        })?;
        if offered {
            Ok(())
        } else {
            Err(ClipboardError::Failed { board: self.name(), reason: "GTK refused the offer".into() })
        }
    }

    fn text(&mut self) -> Result<Option<Zeroizing<String>>, ClipboardError> {
        self.on_main(|| gtk::Clipboard::get(&gdk::SELECTION_CLIPBOARD).wait_for_text().map(|t| Zeroizing::new(t.to_string())))
    }

    fn clear(&mut self) -> Result<(), ClipboardError> {
        self.on_main(|| gtk::Clipboard::get(&gdk::SELECTION_CLIPBOARD).clear())
    }
}
