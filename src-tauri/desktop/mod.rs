//! Where the desktop differs: the clipboard, the quick-search shortcut, the
//! screen lock, one instance per vault, and how WebKit paints. Each is one
//! seam with one implementation per kind of session, chosen at run time from
//! [`Session`], so the rest of the app never asks which desktop it is on.

pub mod clipboard;
pub mod focus;
pub mod instance;
pub mod render;
pub mod screen_lock;
pub mod shortcut;

use twofold_core::capture::WindowIdentifier;

/// The identifier the desktop's portals use for `window` (so that their dialogs
/// are modal to it): an exported xdg-foreign handle on Wayland, the XID on X11.
/// `None` where the window cannot be named; the portal then opens its own dialog.
pub async fn portal_parent(app: &tauri::AppHandle, window: tauri::WebviewWindow) -> Option<WindowIdentifier> {
    use raw_window_handle::{HasDisplayHandle, HasWindowHandle};
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    // The handles point into GTK's objects: read them on its thread.
    app.run_on_main_thread(move || {
        let identifier = (|| {
            let window_handle = window.window_handle().ok()?.as_raw();
            let display_handle = window.display_handle().ok()?.as_raw();
            zbus::block_on(WindowIdentifier::from_raw_handle(&window_handle, Some(&display_handle)))
        })();
        let _ = tx.send(identifier);
    })
    .ok()?;
    tauri::async_runtime::spawn_blocking(move || rx.recv_timeout(std::time::Duration::from_secs(3)).ok().flatten())
        .await
        .ok()
        .flatten()
}

/// The graphical session Twofold runs in, from its environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// A Wayland session (even when this process paints through XWayland:
    /// X11 key grabs and screen reads then see only X11 windows).
    pub wayland: bool,
    /// An X server to talk to: the session's own, or XWayland's.
    pub x11: bool,
    pub desktop: Desktop,
}

/// The desktops whose differences Twofold knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Desktop {
    Gnome,
    Kde,
    Sway,
    Hyprland,
    Other,
}

impl Session {
    pub fn from_env() -> Self {
        Session::from_vars(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// The session described by these environment variables (a test can pass its own).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Self {
        let wayland = var("WAYLAND_DISPLAY").is_some()
            || var("XDG_SESSION_TYPE").is_some_and(|t| t.eq_ignore_ascii_case("wayland"));
        let x11 = var("DISPLAY").is_some();
        // XDG_CURRENT_DESKTOP is a list ("ubuntu:GNOME", "KDE", "sway"); older sessions set only the others.
        let names = ["XDG_CURRENT_DESKTOP", "XDG_SESSION_DESKTOP", "DESKTOP_SESSION"]
            .iter()
            .filter_map(|v| var(v))
            .collect::<Vec<_>>()
            .join(":")
            .to_ascii_lowercase();
        let has = |name: &str| names.split(':').any(|n| n == name);
        let desktop = if has("gnome") || has("gnome-classic") || has("ubuntu") {
            Desktop::Gnome
        } else if has("kde") || has("plasma") {
            Desktop::Kde
        } else if has("sway") || var("SWAYSOCK").is_some() {
            Desktop::Sway
        } else if has("hyprland") || var("HYPRLAND_INSTANCE_SIGNATURE").is_some() {
            Desktop::Hyprland
        } else {
            Desktop::Other
        };
        Session { wayland, x11, desktop }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(vars: &[(&str, &str)]) -> Session {
        Session::from_vars(|name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn sessions_are_read_from_the_environment() {
        let gnome = session(&[("WAYLAND_DISPLAY", "wayland-0"), ("DISPLAY", ":0"), ("XDG_CURRENT_DESKTOP", "ubuntu:GNOME")]);
        assert_eq!(gnome, Session { wayland: true, x11: true, desktop: Desktop::Gnome });
        let kde = session(&[("WAYLAND_DISPLAY", "wayland-0"), ("XDG_CURRENT_DESKTOP", "KDE")]);
        assert_eq!(kde, Session { wayland: true, x11: false, desktop: Desktop::Kde });
        let sway = session(&[("WAYLAND_DISPLAY", "wayland-1"), ("SWAYSOCK", "/run/user/1000/sway-ipc.sock")]);
        assert_eq!(sway.desktop, Desktop::Sway);
        let hypr = session(&[("WAYLAND_DISPLAY", "wayland-1"), ("XDG_CURRENT_DESKTOP", "Hyprland")]);
        assert_eq!(hypr.desktop, Desktop::Hyprland);
        let x11 = session(&[("DISPLAY", ":0"), ("XDG_SESSION_TYPE", "x11"), ("XDG_CURRENT_DESKTOP", "XFCE")]);
        assert_eq!(x11, Session { wayland: false, x11: true, desktop: Desktop::Other });
        // Painting through XWayland (GDK_BACKEND=x11) in a Wayland session is still a Wayland session.
        let forced = session(&[("DISPLAY", ":0"), ("XDG_SESSION_TYPE", "wayland"), ("XDG_SESSION_DESKTOP", "gnome")]);
        assert_eq!(forced, Session { wayland: true, x11: true, desktop: Desktop::Gnome });
        assert_eq!(session(&[]), Session { wayland: false, x11: false, desktop: Desktop::Other });
    }
}
