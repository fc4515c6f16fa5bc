//! Bringing a window to the front so that it really gets the keyboard.
//!
//! Wayland compositors refuse focus to a window that merely asks for it (GNOME
//! shows "Twofold is ready" instead). The launch that asked for the window
//! carries an activation token from the desktop (`XDG_ACTIVATION_TOKEN`, or
//! the portal's `activation_token`); handing it to GTK before presenting the
//! window lets GTK pass it on through the xdg-activation protocol. On X11 the
//! window is presented as before.

use tauri::{AppHandle, WebviewWindow};

/// Shows `window`, un-minimised, and gives it the focus, with `token` when the launch had one.
pub fn present(app: &AppHandle, window: WebviewWindow, token: Option<String>) {
    // GTK calls belong on its thread; doing show and present there, in order,
    // also avoids Tauri's `set_focus`, which is skipped while a `show` is still queued.
    let run = app.run_on_main_thread(move || {
        let Ok(gtk_window) = window.gtk_window() else { return };
        use gtk::prelude::*;
        if let Some(token) = token.as_deref() {
            use_activation_token(token);
        }
        gtk_window.deiconify();
        gtk_window.show_all();
        gtk_window.present_with_time(gdk::ffi::GDK_CURRENT_TIME as u32);
    });
    if let Err(e) = run {
        eprintln!("twofold: the window could not be shown: {e}");
    }
}

/// Gives the Wayland display the token for the next window it presents (a no-op on X11).
fn use_activation_token(token: &str) {
    use gtk::glib::translate::ToGlibPtr;
    use gtk::prelude::*;
    extern "C" {
        // GDK 3.24 (gdk/wayland/gdkwaylanddisplay.h); libgdk-3 is linked by GTK.
        fn gdk_wayland_display_set_startup_notification_id(display: *mut gdk::ffi::GdkDisplay, startup_id: *const std::ffi::c_char);
    }
    let Some(display) = gdk::Display::default() else { return };
    if display.type_().name() != "GdkWaylandDisplay" {
        return;
    }
    let Ok(token) = std::ffi::CString::new(token) else { return };
    // SAFETY: `display` is a live GdkWaylandDisplay (checked above) borrowed for
    // the call; GDK copies the string.
    unsafe { gdk_wayland_display_set_startup_notification_id(display.to_glib_none().0, token.as_ptr()) }
}
