//! Native-messaging host manifests: the small JSON file that tells a browser
//! which program to start for `app.twofold.browser`, and which extensions may
//! start it. Chromium-family browsers read `allowed_origins`, Firefox
//! `allowed_extensions` (and refuses the other key), so there is one file per
//! family, in each browser's own folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The host's name (`runtime.connectNative("app.twofold.browser")`).
pub const HOST_NAME: &str = "app.twofold.browser";

/// Twofold's Chromium extension id: the one its manifest's public `key`
/// gives (`browser/manifest.chromium.json`), the same for every unpacked copy.
pub const CHROMIUM_EXTENSION_ID: &str = "ajehepmccaobjphfkpegdfmhnajgmdol";

/// Twofold's Firefox add-on id (`browser_specific_settings.gecko.id`).
pub const FIREFOX_EXTENSION_ID: &str = "browser@twofold.app";

/// The manifest's description.
const DESCRIPTION: &str = "Twofold: fills one-time codes from the Twofold app";

/// Which manifest a browser reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Chromium, Chrome, Brave, Edge, Vivaldi: `allowed_origins`.
    Chromium,
    /// Firefox: `allowed_extensions`.
    Firefox,
}

/// A browser Twofold writes a manifest for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Browser {
    /// Debian's (and most distributions') Chromium.
    Chromium,
    /// Google Chrome.
    Chrome,
    /// Brave.
    Brave,
    /// Microsoft Edge.
    Edge,
    /// Vivaldi.
    Vivaldi,
    /// Firefox and Firefox ESR.
    Firefox,
}

impl Browser {
    /// Every browser, in the order `install` writes them.
    pub const ALL: [Browser; 6] =
        [Browser::Chromium, Browser::Chrome, Browser::Brave, Browser::Edge, Browser::Vivaldi, Browser::Firefox];

    /// The name `--browser` takes.
    pub fn id(self) -> &'static str {
        match self {
            Browser::Chromium => "chromium",
            Browser::Chrome => "chrome",
            Browser::Brave => "brave",
            Browser::Edge => "edge",
            Browser::Vivaldi => "vivaldi",
            Browser::Firefox => "firefox",
        }
    }

    /// The name people know.
    pub fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "Chromium",
            Browser::Chrome => "Google Chrome",
            Browser::Brave => "Brave",
            Browser::Edge => "Microsoft Edge",
            Browser::Vivaldi => "Vivaldi",
            Browser::Firefox => "Firefox",
        }
    }

    /// Reads a `--browser` name.
    pub fn parse(id: &str) -> Option<Browser> {
        Browser::ALL.into_iter().find(|b| b.id() == id)
    }

    /// Which manifest it reads.
    pub fn family(self) -> Family {
        match self {
            Browser::Firefox => Family::Firefox,
            _ => Family::Chromium,
        }
    }

    /// Its profile folder under the config folder (Chromium family), where
    /// a `NativeMessagingHosts` folder is read.
    fn config_dir(self) -> &'static str {
        match self {
            Browser::Chromium => "chromium",
            Browser::Chrome => "google-chrome",
            Browser::Brave => "BraveSoftware/Brave-Browser",
            Browser::Edge => "microsoft-edge",
            Browser::Vivaldi => "vivaldi",
            Browser::Firefox => "",
        }
    }

    /// Where this user's manifests are read: `$XDG_CONFIG_HOME/<browser>/NativeMessagingHosts`
    /// (Chromium family) or `~/.mozilla/native-messaging-hosts` (Firefox).
    /// A Chromium started with `--user-data-dir=DIR` reads `DIR/NativeMessagingHosts` instead.
    pub fn user_dir(self, home: &Path, config_home: Option<&Path>) -> PathBuf {
        match self {
            Browser::Firefox => home.join(".mozilla").join("native-messaging-hosts"),
            _ => {
                let config = config_home.map(Path::to_path_buf).unwrap_or_else(|| home.join(".config"));
                config.join(self.config_dir()).join("NativeMessagingHosts")
            }
        }
    }

    /// Where manifests for every user are read (what a package installs).
    pub fn system_dir(self) -> &'static str {
        match self {
            Browser::Chromium => "/etc/chromium/native-messaging-hosts",
            Browser::Chrome => "/etc/opt/chrome/native-messaging-hosts",
            Browser::Brave => "/etc/opt/brave.com/brave/native-messaging-hosts",
            Browser::Edge => "/etc/opt/edge/native-messaging-hosts",
            Browser::Vivaldi => "/etc/opt/vivaldi/native-messaging-hosts",
            Browser::Firefox => "/usr/lib/mozilla/native-messaging-hosts",
        }
    }

    /// Its Flatpak application id.
    pub fn flatpak_id(self) -> &'static str {
        match self {
            Browser::Chromium => "org.chromium.Chromium",
            Browser::Chrome => "com.google.Chrome",
            Browser::Brave => "com.brave.Browser",
            Browser::Edge => "com.microsoft.Edge",
            Browser::Vivaldi => "com.vivaldi.Vivaldi",
            Browser::Firefox => "org.mozilla.firefox",
        }
    }

    /// Its Snap name, for those published as snaps.
    pub fn snap_name(self) -> Option<&'static str> {
        match self {
            Browser::Chromium => Some("chromium"),
            Browser::Brave => Some("brave"),
            Browser::Firefox => Some("firefox"),
            _ => None,
        }
    }
}

/// The manifest's file name.
pub fn file_name() -> String {
    format!("{HOST_NAME}.json")
}

/// A host manifest, as browsers read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`HOST_NAME`].
    pub name: String,
    /// What it is.
    pub description: String,
    /// The host program (absolute).
    pub path: String,
    /// Always `stdio`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Chromium family: `chrome-extension://<id>/` of each extension allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_origins: Option<Vec<String>>,
    /// Firefox: the add-on ids allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_extensions: Option<Vec<String>>,
}

impl Manifest {
    /// The manifest for `family`, starting the host at `host` (an absolute path).
    pub fn new(family: Family, host: &Path) -> Manifest {
        let (origins, extensions) = match family {
            Family::Chromium => (Some(vec![format!("chrome-extension://{CHROMIUM_EXTENSION_ID}/")]), None),
            Family::Firefox => (None, Some(vec![FIREFOX_EXTENSION_ID.to_owned()])),
        };
        Manifest {
            name: HOST_NAME.to_owned(),
            description: DESCRIPTION.to_owned(),
            path: host.display().to_string(),
            kind: "stdio".to_owned(),
            allowed_origins: origins,
            allowed_extensions: extensions,
        }
    }

    /// The file's text (pretty JSON and a final newline).
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// What is wrong with a manifest found on disk for `family`, if anything:
    /// each problem as a sentence.
    pub fn problems(&self, family: Family) -> Vec<String> {
        let mut out = Vec::new();
        if self.name != HOST_NAME {
            out.push(format!("its name is “{}”, not {HOST_NAME}", self.name));
        }
        if self.kind != "stdio" {
            out.push(format!("its type is “{}”, not stdio", self.kind));
        }
        let path = Path::new(&self.path);
        if !path.is_absolute() {
            out.push(format!("its path {} is not absolute", self.path));
        } else if !is_executable(path) {
            out.push(format!("its program {} is missing or not executable", self.path));
        }
        let expected = Manifest::new(family, path);
        match family {
            Family::Chromium if self.allowed_origins != expected.allowed_origins => {
                out.push(format!("it does not allow Twofold's extension (chrome-extension://{CHROMIUM_EXTENSION_ID}/) alone"))
            }
            Family::Firefox if self.allowed_extensions != expected.allowed_extensions => {
                out.push(format!("it does not allow Twofold's add-on ({FIREFOX_EXTENSION_ID}) alone"))
            }
            Family::Firefox if self.allowed_origins.is_some() => {
                out.push("it has allowed_origins, which Firefox refuses".to_owned())
            }
            _ => {}
        }
        out
    }
}

/// A regular file with an execute bit.
#[cfg(unix)]
pub fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// A regular file (there is no execute bit to check).
#[cfg(not(unix))]
pub fn is_executable(path: &Path) -> bool {
    path.is_file()
}
