//! A GNOME keyboard shortcut for quick search, in GNOME's own list (Settings ›
//! Keyboard › View and Customise Shortcuts › Custom Shortcuts), written with
//! `gsettings` once the person has seen and confirmed it. GNOME before 48 has
//! no GlobalShortcuts portal, so this is how its users get a key at all; the
//! entry can be changed or removed there like any other.

use std::process::Command;

const SCHEMA: &str = "org.gnome.settings-daemon.plugins.media-keys";
const LIST_KEY: &str = "custom-keybindings";
const ENTRY_SCHEMA: &str = "org.gnome.settings-daemon.plugins.media-keys.custom-keybinding";
/// Twofold's own entry (not `customN`, so it is found again and never takes another's place).
const ENTRY_PATH: &str = "/org/gnome/settings-daemon/plugins/media-keys/custom-keybindings/twofold-quick-search/";
const NAME: &str = "Twofold quick search";

/// Runs `gsettings`, with extra environment for tests (another settings backend).
#[derive(Default)]
pub struct Gsettings {
    pub env: Vec<(String, String)>,
}

/// Twofold's entry in GNOME's shortcuts, as GNOME stores it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    /// In GNOME's notation: `<Control><Shift>k`.
    pub binding: String,
    pub command: String,
}

impl Gsettings {
    fn run(&self, args: &[&str]) -> Result<String, String> {
        let out = Command::new("gsettings")
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()
            .map_err(|e| format!("gsettings could not run ({e})"))?;
        if !out.status.success() {
            return Err(format!("gsettings failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }

    fn entry_key(&self, key: &str) -> Result<String, String> {
        let value = self.run(&["get", &format!("{ENTRY_SCHEMA}:{ENTRY_PATH}"), key])?;
        Ok(unquote(&value))
    }

    /// Twofold's entry, when it is in GNOME's list.
    pub fn entry(&self) -> Option<Entry> {
        let list = self.run(&["get", SCHEMA, LIST_KEY]).ok()?;
        if !quoted_items(&list).iter().any(|p| p == ENTRY_PATH) {
            return None;
        }
        Some(Entry { binding: self.entry_key("binding").ok()?, command: self.entry_key("command").ok()? })
    }

    /// Writes (or rewrites) Twofold's entry and puts it in GNOME's list.
    pub fn add(&self, entry: &Entry) -> Result<(), String> {
        let path = format!("{ENTRY_SCHEMA}:{ENTRY_PATH}");
        self.run(&["set", &path, "name", &quote(NAME)])?;
        self.run(&["set", &path, "command", &quote(&entry.command)])?;
        self.run(&["set", &path, "binding", &quote(&entry.binding)])?;
        let mut list = quoted_items(&self.run(&["get", SCHEMA, LIST_KEY])?);
        if !list.iter().any(|p| p == ENTRY_PATH) {
            list.push(ENTRY_PATH.to_owned());
            let value = format!("[{}]", list.iter().map(|p| quote(p)).collect::<Vec<_>>().join(", "));
            self.run(&["set", SCHEMA, LIST_KEY, &value])?;
        }
        Ok(())
    }
}

/// "Ctrl+Shift+K" in GNOME's notation, `<Control><Shift>k`; `None` without a key.
pub fn binding(shortcut: &str) -> Option<String> {
    let mut mods = String::new();
    let mut key = None;
    for part in shortcut.split('+').map(str::trim).filter(|p| !p.is_empty()) {
        match part.to_ascii_lowercase().as_str() {
            "ctrl" | "control" => mods.push_str("<Control>"),
            "shift" => mods.push_str("<Shift>"),
            "alt" => mods.push_str("<Alt>"),
            "super" | "meta" | "logo" => mods.push_str("<Super>"),
            k if k.chars().count() == 1 => key = Some(k.to_owned()),
            "space" => key = Some("space".to_owned()),
            _ => key = Some(part.to_owned()),
        }
    }
    key.map(|k| mods + &k)
}

/// The command GNOME runs: this program with `--quick`, quoted for a shell
/// (GNOME splits the command line as a shell would).
pub fn command(program: &std::path::Path) -> String {
    let program = program.display().to_string();
    let plain = program.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c));
    let program = if plain { program } else { format!("'{}'", program.replace('\'', r"'\''")) };
    format!("{program} --quick")
}

/// A GVariant string literal.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\\', r"\\").replace('\'', r"\'"))
}

/// A GVariant string as gsettings prints it, back to its text.
fn unquote(value: &str) -> String {
    let inner = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')).unwrap_or(value);
    inner.replace(r"\'", "'").replace(r"\\", "\\")
}

/// The strings of a GVariant string array as gsettings prints it: `['/a/', '/b/']` or `@as []`.
fn quoted_items(list: &str) -> Vec<String> {
    list.split('\'').skip(1).step_by(2).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_become_gnome_bindings_and_commands() {
        assert_eq!(binding("Ctrl+Shift+K").as_deref(), Some("<Control><Shift>k"));
        assert_eq!(binding("Super+Space").as_deref(), Some("<Super>space"));
        assert_eq!(binding("Alt+F5").as_deref(), Some("<Alt>F5"));
        assert_eq!(binding("Ctrl+"), None);
        assert_eq!(command(std::path::Path::new("/usr/bin/twofold-desktop")), "/usr/bin/twofold-desktop --quick");
        assert_eq!(command(std::path::Path::new("/opt/My Apps/twofold-desktop")), "'/opt/My Apps/twofold-desktop' --quick");
        assert_eq!(quoted_items("@as []"), Vec::<String>::new());
        assert_eq!(quoted_items("['/x/custom0/', '/x/custom1/']"), ["/x/custom0/", "/x/custom1/"]);
        assert_eq!(unquote(&quote(r"it's a \ test")), r"it's a \ test");
    }

    /// Real `gsettings` and GNOME's real schema (gnome-settings-daemon-common), with
    /// GLib's keyfile backend in a temporary folder instead of the person's dconf.
    #[test]
    fn the_entry_is_added_to_gnomes_list_beside_the_persons_own() {
        let dir = std::env::temp_dir().join(format!("twofold-gsettings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let gsettings = Gsettings {
            env: vec![("GSETTINGS_BACKEND".into(), "keyfile".into()), ("XDG_CONFIG_HOME".into(), dir.display().to_string())],
        };
        let theirs = "/org/gnome/settings-daemon/plugins/media-keys/custom-keybindings/custom0/";
        gsettings
            .run(&["set", SCHEMA, LIST_KEY, &format!("[{}]", quote(theirs))])
            .expect("gsettings and GNOME's media-keys schema are installed (scripts/setup.sh)");
        assert_eq!(gsettings.entry(), None);
        let entry = Entry { binding: "<Control><Shift>k".into(), command: "/usr/bin/twofold-desktop --quick".into() };
        gsettings.add(&entry).unwrap();
        assert_eq!(gsettings.entry(), Some(entry.clone()));
        let list = quoted_items(&gsettings.run(&["get", SCHEMA, LIST_KEY]).unwrap());
        assert_eq!(list, [theirs, ENTRY_PATH], "the person's own shortcut stays");
        // Adding again (a new key) rewrites the entry and lists it once.
        let again = Entry { binding: "<Super>t".into(), ..entry };
        gsettings.add(&again).unwrap();
        assert_eq!(gsettings.entry(), Some(again));
        assert_eq!(quoted_items(&gsettings.run(&["get", SCHEMA, LIST_KEY]).unwrap()).len(), 2);
        assert_eq!(gsettings.entry_key("name").unwrap(), NAME);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
