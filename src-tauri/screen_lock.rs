//! Locks the vault when the desktop locks the screen, where the desktop says
//! so on the session bus: the `ActiveChanged(true)` signal of the
//! freedesktop, GNOME, Cinnamon and MATE screen savers. (logind's session
//! `Lock` signal is on the system bus and not watched.) A desktop with none
//! of these still has the idle auto-lock.

use std::sync::Arc;

use crate::state::AppState;

const SCREEN_SAVERS: [&str; 4] =
    ["org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver", "org.cinnamon.ScreenSaver", "org.mate.ScreenSaver"];

/// Watches the session bus on a thread of its own; without a session bus it does nothing.
pub fn watch(state: Arc<AppState>) {
    std::thread::spawn(move || {
        if let Err(e) = listen(&state) {
            eprintln!("twofold: screen locks are not watched ({e}); idle auto-lock still works");
        }
    });
}

fn listen(state: &AppState) -> zbus::Result<()> {
    let conn = zbus::blocking::Connection::session()?;
    let rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .member("ActiveChanged")?
        .build();
    for message in zbus::blocking::MessageIterator::for_match_rule(rule, &conn, Some(16))? {
        let Ok(message) = message else { continue };
        let header = message.header();
        let from_screen_saver = header.interface().is_some_and(|i| SCREEN_SAVERS.contains(&i.as_str()));
        if from_screen_saver && message.body().deserialize::<bool>().unwrap_or(false) {
            state.lock();
        }
    }
    Ok(())
}
