//! A stand-in system tray for the end-to-end tests (`tests/e2e/tray.test.mjs`).
//!
//! Xvfb has no panel, so nothing would show Twofold's tray icon. This program is
//! the part of a panel that matters: it owns `org.kde.StatusNotifierWatcher` on
//! the session bus, as GNOME's AppIndicator extension and KDE's panel do, waits
//! for an app's icon to register, reads its menu (`com.canonical.dbusmenu`) and
//! clicks entries when told to. Lines on stdout:
//! `item <bus name> <path>`, `menu <label>` per entry, `ready`, then
//! `clicked <label>` for each `click <label>` line read on stdin.

use std::collections::HashMap;
use std::io::BufRead;
use std::sync::mpsc;
use std::time::Duration;

use zbus::zvariant::{OwnedObjectPath, OwnedValue};

const WATCHER: &str = "org.kde.StatusNotifierWatcher";
const ITEM: &str = "org.kde.StatusNotifierItem";
const MENU: &str = "com.canonical.dbusmenu";

struct Watcher {
    registered: mpsc::Sender<(String, String)>,
    items: Vec<String>,
}

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    /// `service` is a bus name (KDE's apps) or an object path (libayatana-appindicator's).
    fn register_status_notifier_item(&mut self, service: &str, #[zbus(header)] header: zbus::message::Header<'_>) {
        let sender = header.sender().map(|s| s.to_string()).unwrap_or_default();
        let (name, path) = if service.starts_with('/') {
            (sender, service.to_string())
        } else {
            (service.to_string(), "/StatusNotifierItem".to_string())
        };
        self.items.push(format!("{name}{path}"));
        let _ = self.registered.send((name, path));
    }

    fn register_status_notifier_host(&self, _service: &str) {}

    #[zbus(property)]
    fn registered_status_notifier_items(&self) -> Vec<String> {
        self.items.clone()
    }

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }
}

/// One menu entry: dbusmenu's (id, properties, children) with the children left out.
type Entry = (i32, HashMap<String, OwnedValue>, Vec<OwnedValue>);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (tx, rx) = mpsc::channel();
    let conn = zbus::blocking::connection::Builder::session()?
        .serve_at("/StatusNotifierWatcher", Watcher { registered: tx, items: Vec::new() })?
        .name(WATCHER)?
        .build()?;
    // Panels run before apps start; the test waits for this before it launches one.
    println!("watching");
    let (name, path) = rx.recv_timeout(Duration::from_secs(60)).map_err(|_| "no tray icon registered within 60 s")?;
    println!("item {name} {path}");

    let props = zbus::blocking::fdo::PropertiesProxy::builder(&conn).destination(name.as_str())?.path(path.as_str())?.build()?;
    let menu: OwnedObjectPath = props.get(ITEM.try_into()?, "Menu")?.try_into()?;
    let reply = conn.call_method(Some(name.as_str()), menu.as_str(), Some(MENU), "GetLayout", &(0i32, -1i32, Vec::<&str>::new()))?;
    let (_revision, (_, _, children)): (u32, Entry) = reply.body().deserialize()?;
    let mut ids = HashMap::new();
    for child in children {
        let (id, props, _): Entry = child.try_into()?;
        let label: String = match props.get("label") {
            Some(v) => v.try_clone()?.try_into()?,
            None => continue, // a separator
        };
        println!("menu {label}");
        ids.insert(label, id);
    }
    println!("ready");

    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let Some(label) = line.strip_prefix("click ") else { continue };
        let id = *ids.get(label).ok_or_else(|| format!("no menu entry {label:?}"))?;
        let data = zbus::zvariant::Value::from(0i32);
        conn.call_method(Some(name.as_str()), menu.as_str(), Some(MENU), "Event", &(id, "clicked", data, 0u32))?;
        println!("clicked {label}");
    }
    Ok(())
}
