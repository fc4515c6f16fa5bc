//! Locks the vault when the desktop locks the screen or goes to sleep, from
//! what each desktop says on D-Bus (X11 and Wayland alike):
//!
//! - the session bus: `ActiveChanged(true)` of the GNOME, freedesktop (KDE,
//!   which emits it on two object paths), Cinnamon and MATE screen savers.
//!   GNOME's is a service started on demand: one `GetActive` call starts it.
//! - the system bus: logind's `Lock` signal for this session (`loginctl
//!   lock-session`, what swayidle and KDE's locker act on), its `LockedHint`
//!   turning true (set by GNOME and KDE), and `PrepareForSleep(true)` (suspend).
//!
//! A desktop with none of these (a bare wlroots compositor) still has the idle auto-lock.

use std::sync::Arc;

use zbus::blocking::{Connection, MessageIterator};
use zbus::message::Type;
use zbus::zvariant::OwnedObjectPath;
use zbus::MatchRule;

use crate::state::AppState;

const SCREEN_SAVERS: [&str; 4] =
    ["org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver", "org.cinnamon.ScreenSaver", "org.mate.ScreenSaver"];

/// Watches both buses, each on a thread of its own; a missing bus only costs its signals.
pub fn watch(state: Arc<AppState>) {
    let system = Arc::clone(&state);
    std::thread::spawn(move || {
        if let Err(e) = screen_savers(&state) {
            eprintln!("twofold: screen savers are not watched ({e}); idle auto-lock still works");
        }
    });
    std::thread::spawn(move || {
        if let Err(e) = logind(&system) {
            eprintln!("twofold: logind's lock and sleep signals are not watched ({e}); idle auto-lock still works");
        }
    });
}

fn screen_savers(state: &AppState) -> zbus::Result<()> {
    let conn = Connection::session()?;
    let rule = MatchRule::builder().msg_type(Type::Signal).member("ActiveChanged")?.build();
    let signals = MessageIterator::for_match_rule(rule, &conn, Some(16))?;
    // GNOME's screen saver service only runs once something calls it.
    let _ = conn.call_method(Some("org.gnome.ScreenSaver"), "/org/gnome/ScreenSaver", Some("org.gnome.ScreenSaver"), "GetActive", &());
    for message in signals {
        let Ok(message) = message else { continue };
        let header = message.header();
        let from_screen_saver = header.interface().is_some_and(|i| SCREEN_SAVERS.contains(&i.as_str()));
        if from_screen_saver && message.body().deserialize::<bool>().unwrap_or(false) {
            state.lock();
        }
    }
    Ok(())
}

fn logind(state: &AppState) -> zbus::Result<()> {
    let conn = Connection::system()?;
    let session = own_session(&conn)?;
    let rule = MatchRule::builder().msg_type(Type::Signal).path_namespace("/org/freedesktop/login1")?.build();
    for message in MessageIterator::for_match_rule(rule, &conn, Some(16))? {
        let Ok(message) = message else { continue };
        let header = message.header();
        let (Some(interface), Some(member), Some(path)) = (header.interface(), header.member(), header.path()) else {
            continue;
        };
        let ours = path.as_str() == session.as_str();
        let lock = match (interface.as_str(), member.as_str()) {
            ("org.freedesktop.login1.Session", "Lock") => ours,
            ("org.freedesktop.login1.Manager", "PrepareForSleep") => message.body().deserialize::<bool>().unwrap_or(false),
            ("org.freedesktop.DBus.Properties", "PropertiesChanged") => ours && locked_hint_set(&message),
            _ => false,
        };
        if lock {
            state.lock();
        }
    }
    Ok(())
}

/// This process's logind session: `XDG_SESSION_ID` when set, else the session
/// of this process, else logind's "auto" (the caller's display session).
fn own_session(conn: &Connection) -> zbus::Result<OwnedObjectPath> {
    let ask = |method: &str, arg: &dyn DynArg| -> zbus::Result<OwnedObjectPath> {
        let reply = arg.call(conn, method)?;
        reply.body().deserialize::<OwnedObjectPath>()
    };
    if let Ok(id) = std::env::var("XDG_SESSION_ID") {
        if let Ok(path) = ask("GetSession", &id.as_str()) {
            return Ok(path);
        }
    }
    ask("GetSessionByPID", &std::process::id()).or_else(|_| ask("GetSession", &"auto"))
}

/// One argument to a logind manager method (a session id or a process id).
trait DynArg {
    fn call(&self, conn: &Connection, method: &str) -> zbus::Result<zbus::message::Message>;
}

impl<T: serde::Serialize + zbus::zvariant::Type> DynArg for T {
    fn call(&self, conn: &Connection, method: &str) -> zbus::Result<zbus::message::Message> {
        conn.call_method(Some("org.freedesktop.login1"), "/org/freedesktop/login1", Some("org.freedesktop.login1.Manager"), method, &(self,))
    }
}

/// Whether a `PropertiesChanged` of a logind session sets `LockedHint` to true.
fn locked_hint_set(message: &zbus::message::Message) -> bool {
    type Changed = (String, std::collections::HashMap<String, zbus::zvariant::OwnedValue>, Vec<String>);
    let Ok((interface, changed, _)) = message.body().deserialize::<Changed>() else { return false };
    interface == "org.freedesktop.login1.Session"
        && changed.get("LockedHint").and_then(|v| bool::try_from(v).ok()).unwrap_or(false)
}
