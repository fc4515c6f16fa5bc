//! One Twofold per vault: a second launch hands its request to the running
//! app over the session bus and exits. `twofold-desktop` shows the window,
//! `twofold-desktop --quick` opens quick search (what a person binds to a key
//! in GNOME, KDE or sway), `--tray` only makes sure the app runs.
//!
//! The running app owns a bus name made from its vault's path, so two vaults
//! (`TWOFOLD_VAULT`) may still run side by side. Its object is served before
//! the name is asked for, so a launch that finds the name always finds the
//! object too. Without a session bus each launch simply runs on its own.

use std::path::Path;
use std::sync::mpsc::{Receiver, Sender};

use zbus::blocking::Connection;
use zbus::fdo::RequestNameReply;

const PATH: &str = "/app/twofold/Instance";
const INTERFACE: &str = "app.twofold.Instance";

/// What a launch asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Launch {
    /// Open quick search (`--quick`).
    pub quick: bool,
    /// Run in the tray without showing the window (`--tray`).
    pub tray: bool,
    /// The desktop's activation token for the window this launch opens
    /// (`XDG_ACTIVATION_TOKEN` on Wayland), so it may take the focus.
    pub token: Option<String>,
}

impl Launch {
    /// Reads the command line (without the program's name); `Err` is the message for a bad one.
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Launch, String> {
        let mut launch = Launch::default();
        for arg in args {
            match arg.as_str() {
                "--quick" => launch.quick = true,
                "--tray" => launch.tray = true,
                other => return Err(format!("twofold-desktop: unknown option {other}\n{USAGE}")),
            }
        }
        Ok(launch)
    }

    fn args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if self.quick {
            args.push("--quick".to_owned());
        }
        if self.tray {
            args.push("--tray".to_owned());
        }
        args
    }
}

pub const USAGE: &str = "usage: twofold-desktop [--quick] [--tray]
  (nothing)  show Twofold's window (starting Twofold if it is not running)
  --quick    open quick search: bind this to a key in your desktop's keyboard settings
  --tray     start in the tray without showing the window";

/// The launch that runs the app: the requests of later launches arrive on `requests`.
pub struct Primary {
    /// Kept open: the bus name lives as long as this connection.
    _connection: Option<Connection>,
    pub requests: Receiver<Launch>,
}

/// Becomes the running app for `vault`, or hands `launch` to the one already
/// running and says so (`None`: this process should exit).
pub fn claim(vault: &Path, launch: &Launch) -> Option<Primary> {
    let (tx, requests) = std::sync::mpsc::channel();
    let Ok(connection) = Connection::session() else {
        eprintln!("twofold: no session bus, so a second Twofold would open beside this one");
        return Some(Primary { _connection: None, requests });
    };
    let name = bus_name(&std::path::absolute(vault).unwrap_or_else(|_| vault.to_path_buf()));
    for _ in 0..3 {
        match own(&connection, &name, tx.clone()) {
            Ok(true) => return Some(Primary { _connection: Some(connection), requests }),
            Ok(false) => match forward(&connection, &name, launch) {
                Ok(()) => return None,
                // The owner quit between our two calls: try to take its place.
                Err(e) => eprintln!("twofold: the running Twofold did not answer ({e}); trying again"),
            },
            Err(e) => {
                eprintln!("twofold: one-instance check failed ({e}); running on its own");
                return Some(Primary { _connection: None, requests });
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    Some(Primary { _connection: None, requests })
}

/// Serves the object, then asks for the name; true when this process got it.
fn own(connection: &Connection, name: &str, tx: Sender<Launch>) -> zbus::Result<bool> {
    connection.object_server().at(PATH, Instance { tx })?;
    let owned = match connection.request_name_with_flags(name, zbus::fdo::RequestNameFlags::DoNotQueue.into()) {
        Ok(reply) => matches!(reply, RequestNameReply::PrimaryOwner | RequestNameReply::AlreadyOwner),
        // zbus answers "exists" (with DoNotQueue) as this error.
        Err(zbus::Error::NameTaken) => false,
        Err(e) => return Err(e),
    };
    if !owned {
        connection.object_server().remove::<Instance, _>(PATH)?;
    }
    Ok(owned)
}

fn forward(connection: &Connection, name: &str, launch: &Launch) -> zbus::Result<()> {
    let token = launch.token.clone().unwrap_or_default();
    connection.call_method(Some(name), PATH, Some(INTERFACE), "Activate", &(launch.args(), token))?;
    Ok(())
}

struct Instance {
    tx: Sender<Launch>,
}

#[zbus::interface(name = "app.twofold.Instance")]
impl Instance {
    /// A later launch's arguments and activation token ("" for none).
    fn activate(&self, args: Vec<String>, token: String) -> zbus::fdo::Result<()> {
        let mut launch = Launch::from_args(args).map_err(zbus::fdo::Error::InvalidArgs)?;
        launch.token = Some(token).filter(|t| !t.is_empty());
        self.tx.send(launch).map_err(|_| zbus::fdo::Error::Failed("Twofold is quitting".into()))
    }
}

/// `app.twofold.desktop.v<hash of the vault's path>` (FNV-1a: stable across builds).
fn bus_name(vault: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in vault.as_os_str().as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("app.twofold.desktop.v{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn launches_are_read_from_the_command_line() {
        let args = |a: &[&str]| Launch::from_args(a.iter().map(|s| s.to_string()));
        assert_eq!(args(&[]).unwrap(), Launch::default());
        assert_eq!(args(&["--quick"]).unwrap(), Launch { quick: true, ..Launch::default() });
        assert_eq!(args(&["--tray", "--quick"]).unwrap(), Launch { quick: true, tray: true, token: None });
        assert!(args(&["--qiuck"]).unwrap_err().contains("unknown option --qiuck"));
        let launch = Launch { quick: true, tray: true, token: Some("t".into()) };
        assert_eq!(Launch::from_args(launch.args()).unwrap(), Launch { token: None, ..launch });
    }

    #[test]
    fn each_vault_has_its_own_valid_bus_name() {
        let a = bus_name(Path::new("/home/al/.local/share/twofold/vault.twofold"));
        let b = bus_name(Path::new("/tmp/other/vault.twofold"));
        assert_ne!(a, b);
        assert_eq!(a, bus_name(Path::new("/home/al/.local/share/twofold/vault.twofold")));
        assert!(zbus::names::WellKnownName::try_from(a.as_str()).is_ok(), "{a}");
    }
}
