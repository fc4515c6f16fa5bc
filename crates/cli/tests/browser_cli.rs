//! `twofold sites` and `twofold browser …` through the binary. Pairing goes
//! through the app's real socket (`twofold-bridge`), served here over the test's
//! vault file, with a browser played by the test on the other end.

mod support;

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;

use serde_json::{json, Value};
use support::{json, Out, Vault, PASSWORD};
use twofold_core::browser::frame::{read_frame, write_frame, MAX_MESSAGE};
use twofold_core::browser::{Backend, Service};
use twofold_core::vault::{Contents, Unlock, Unlocked, VaultError, VaultStore};

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const GITLAB: &str = "otpauth://totp/GitLab:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab";
const NOW: u64 = 1_800_000_000;

/// The app's side of the socket over the vault file, as the desktop app would
/// serve it: every read sees the file as the CLI last saved it.
struct FileVault {
    store: VaultStore<Contents>,
    unlocked: Option<Unlocked>,
}

impl Backend for FileVault {
    fn now(&self) -> u64 {
        NOW
    }
    fn vault_exists(&self) -> bool {
        true
    }
    fn read<R>(&self, f: impl FnOnce(Option<&Contents>) -> R) -> Result<R, VaultError> {
        match &self.unlocked {
            Some(u) => Ok(f(Some(&self.store.load(u)?.contents))),
            None => Ok(f(None)),
        }
    }
    fn change<R>(&self, f: impl FnOnce(&mut Contents) -> Result<R, VaultError>) -> Result<Option<R>, VaultError> {
        match &self.unlocked {
            Some(u) => self.store.update(u, f).map(Some),
            None => Ok(None),
        }
    }
    fn show_window(&self) {}
    fn pairing_requests_changed(&self) {}
}

struct App {
    socket: PathBuf,
    _dir: tempfile::TempDir,
    _runtime: tokio::runtime::Runtime,
}

fn start_app(v: &Vault, unlocked: bool) -> App {
    let store = VaultStore::<Contents>::new(v.path.clone());
    let unlocked = unlocked.then(|| store.unlock(&Unlock::Password(PASSWORD)).unwrap().0);
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("twofold").join("browser.sock");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let listener = runtime.block_on(async { twofold_bridge::bind(&socket) }).unwrap();
    let backend = Arc::new(FileVault { store, unlocked });
    runtime.spawn(twofold_bridge::serve(listener, Arc::new(Service::new("test")), backend));
    App { socket, _dir: dir, _runtime: runtime }
}

/// The extension's side, as the host relays it.
struct BrowserSide {
    stream: UnixStream,
    id: u64,
}

impl BrowserSide {
    fn connect(socket: &Path) -> Self {
        let mut b = BrowserSide { stream: UnixStream::connect(socket).unwrap(), id: 0 };
        assert_eq!(b.ask(json!({"type": "host_hello", "caller": ["chrome-extension://ajehepmccaobjphfkpegdfmhnajgmdol/"]}))["type"], "welcome");
        b
    }

    fn ask(&mut self, mut message: Value) -> Value {
        self.id += 1;
        message["id"] = json!(self.id);
        write_frame(&mut self.stream, message.to_string().as_bytes(), MAX_MESSAGE).unwrap();
        serde_json::from_slice(&read_frame(&mut self.stream, MAX_MESSAGE).unwrap().unwrap()).unwrap()
    }

    fn codes(&mut self, pairing: &Value, origin: &str) -> Value {
        self.ask(json!({"type": "codes", "pairing": pairing, "frame_origin": origin, "top_origin": origin}))
    }
}

fn run(v: &Vault, args: &[&str], env: &[(&str, &Path)], stdin: Option<&str>) -> Out {
    let mut c = v.command(args);
    for (k, val) in env {
        c.env(k, val);
    }
    let Some(input) = stdin else {
        let o = c.output().unwrap();
        return Out { code: o.status.code(), stdout: String::from_utf8_lossy(&o.stdout).into(), stderr: String::from_utf8_lossy(&o.stderr).into() };
    };
    let mut child = c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    Out { code: o.status.code(), stdout: String::from_utf8_lossy(&o.stdout).into(), stderr: String::from_utf8_lossy(&o.stderr).into() }
}

#[test]
fn sites_are_listed_added_and_removed() {
    let v = Vault::with_accounts(&[GITHUB, GITLAB]);
    let none = v.run(&["sites", "github"]);
    assert_eq!(none.code, Some(0), "{}", none.stderr);
    assert_eq!(none.stdout, "");
    assert!(none.stderr.contains("no sites") && none.stderr.contains("suggested: github.com"), "{}", none.stderr);

    let added = v.run(&["sites", "github", "--add", "github.com", "--add", "GitHub.com.", "--add", "http://localhost:8080/login"]);
    assert_eq!(added.code, Some(0), "{}", added.stderr);
    assert_eq!(added.stdout, "github.com\nlocalhost:8080\n");
    assert!(!added.stderr.contains("suggested"), "a site added is no longer a suggestion: {}", added.stderr);

    // A public suffix, a bad port or a site not there is refused, and nothing changes.
    for (args, says) in [
        (&["sites", "github", "--add", "example.com", "--add", "github.io"][..], "public suffix"),
        (&["sites", "github", "--add", "github.com:99999"][..], "not a port"),
        (&["sites", "github", "--remove", "example.com"][..], "not one of"),
        (&["sites", "git"][..], "matches 2 accounts"),
    ] {
        let out = v.run(args);
        assert_eq!(out.code, Some(1), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(says), "{args:?}: {}", out.stderr);
    }
    let listed = json(&v.run(&["sites", "github", "--json"]).stdout);
    assert_eq!(listed["sites"], json!(["github.com", "localhost:8080"]));
    assert_eq!(listed["name"], "GitHub (alice)");

    let removed = v.run(&["sites", "github", "--remove", "localhost:8080"]);
    assert_eq!(removed.stdout, "github.com\n");
    assert_eq!(json(&v.run(&["list", "--json"]).stdout)["accounts"][0]["sites"], json!(["github.com"]));
    assert_eq!(json(&v.run(&["list", "--json"]).stdout)["accounts"][1]["sites"], json!([]));
}

#[test]
fn a_browser_paired_with_approve_gets_codes_until_revoked() {
    let v = Vault::with_accounts(&[GITHUB, GITLAB]);
    assert_eq!(v.run(&["sites", "github", "--add", "github.com"]).code, Some(0));
    let app = start_app(&v, true);
    let socket: &[(&str, &Path)] = &[("TWOFOLD_BROWSER_SOCKET", &app.socket)];
    let mut browser = BrowserSide::connect(&app.socket);

    let nobody = v.run_env(&["browser", "approve", "--yes"], &[("TWOFOLD_BROWSER_SOCKET", app.socket.to_str().unwrap())]);
    assert_eq!(nobody.code, Some(1));
    assert!(nobody.stderr.contains("no browser is asking"), "{}", nobody.stderr);

    let asked = browser.ask(json!({"type": "pair_request", "browser": "Chromium"}));
    let code = asked["code"].as_str().unwrap();
    let approved = run(&v, &["browser", "approve", "--yes"], socket, None);
    assert_eq!(approved.code, Some(0), "{}", approved.stderr);
    assert!(approved.stdout.contains("Chromium (chrome-extension://ajehepmccaobjphfkpegdfmhnajgmdol/) asks to pair"), "{}", approved.stdout);
    assert!(approved.stdout.contains(&format!("Code: {} {}", &code[..3], &code[3..])), "{}", approved.stdout);

    let paired = browser.ask(json!({"type": "pair_poll", "request": asked["request"]}));
    assert_eq!(paired["type"], "paired", "{paired}");
    let pairing = json!({"id": paired["pairing"], "token": paired["token"]});

    // The code filled equals `twofold code` for that second; a look-alike gets nothing.
    let codes = browser.codes(&pairing, "https://github.com");
    assert_eq!(codes["accounts"].as_array().unwrap().len(), 1, "{codes}");
    let expected = v.run(&["code", "github", "--at", &NOW.to_string()]).stdout;
    assert_eq!(codes["accounts"][0]["code"].as_str().unwrap(), expected.trim());
    assert_eq!(browser.codes(&pairing, "https://attacker.github.io")["accounts"], json!([]));
    assert_eq!(browser.codes(&pairing, "https://gitlab.com")["accounts"], json!([]), "GitLab has no site yet");
    // A site added by the CLI while the app runs counts at once.
    assert_eq!(v.run(&["sites", "gitlab", "--add", "gitlab.com"]).code, Some(0));
    assert_eq!(browser.codes(&pairing, "https://gitlab.com")["accounts"].as_array().unwrap().len(), 1);

    let listed = v.run(&["browser", "pairings"]);
    assert!(listed.stdout.contains("\tChromium\tchrome-extension://"), "{}", listed.stdout);
    let listed = json(&v.run(&["browser", "pairings", "--json"]).stdout);
    assert_eq!(listed["pairings"][0]["id"], paired["pairing"]);
    assert!(!listed.to_string().contains(paired["token"].as_str().unwrap()), "no token in the list");

    assert_eq!(v.run(&["browser", "pairings", "--revoke", "firefox"]).code, Some(1));
    let revoked = v.run(&["browser", "pairings", "--revoke", "Chromium"]);
    assert_eq!(revoked.code, Some(0), "{}", revoked.stderr);
    assert_eq!(browser.codes(&pairing, "https://github.com")["type"], "not_paired");
}

#[test]
fn approve_asks_first_and_picks_by_code() {
    let v = Vault::with_accounts(&[GITHUB]);
    let app = start_app(&v, true);
    let socket: &[(&str, &Path)] = &[("TWOFOLD_BROWSER_SOCKET", &app.socket)];
    let mut chromium = BrowserSide::connect(&app.socket);
    let a = chromium.ask(json!({"type": "pair_request", "browser": "Chromium"}));

    let no = run(&v, &["browser", "approve"], socket, Some("n\n"));
    assert_eq!(no.code, Some(1), "{}", no.stderr);
    assert!(no.stderr.contains("Approve?") && no.stderr.contains("not approved"), "{}", no.stderr);
    assert_eq!(chromium.ask(json!({"type": "pair_poll", "request": a["request"]}))["type"], "pair_pending");

    let mut firefox = BrowserSide::connect(&app.socket);
    let b = firefox.ask(json!({"type": "pair_request", "browser": "Firefox"}));
    let both = run(&v, &["browser", "approve", "--yes"], socket, None);
    assert_eq!(both.code, Some(1));
    assert!(both.stderr.contains("2 browsers are asking") && both.stderr.contains("--code"), "{}", both.stderr);
    assert_eq!(run(&v, &["browser", "approve", "--yes", "--code", "000000x"], socket, None).code, Some(1));

    let spaced = format!("{} {}", &b["code"].as_str().unwrap()[..3], &b["code"].as_str().unwrap()[3..]);
    let yes = run(&v, &["browser", "approve", "--code", &spaced], socket, Some("y\n"));
    assert_eq!(yes.code, Some(0), "{}", yes.stderr);
    assert!(yes.stdout.contains("Firefox"), "{}", yes.stdout);
    assert_eq!(firefox.ask(json!({"type": "pair_poll", "request": b["request"]}))["type"], "paired");
    assert_eq!(chromium.ask(json!({"type": "pair_poll", "request": a["request"]}))["type"], "pair_pending");
}

#[test]
fn approve_without_the_app_says_so() {
    let v = Vault::with_accounts(&[GITHUB]);
    let dir = tempfile::tempdir().unwrap();
    let out = run(&v, &["browser", "approve", "--yes"], &[("TWOFOLD_BROWSER_SOCKET", &dir.path().join("none.sock"))], None);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("Twofold is not running"), "{}", out.stderr);
}

fn manifest_at(path: &Path) -> Value {
    json(&std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

#[test]
fn install_writes_each_browsers_manifest_where_it_looks() {
    let v = Vault::new();
    let home = tempfile::tempdir().unwrap();
    let host = Path::new("/bin/sh");
    let env: &[(&str, &Path)] = &[("HOME", home.path())];

    let nothing = run(&v, &["browser", "install", "--host", "/bin/sh"], env, None);
    assert_eq!(nothing.code, Some(1), "no browser here yet: {}", nothing.stderr);

    std::fs::create_dir_all(home.path().join(".config/chromium")).unwrap();
    std::fs::create_dir_all(home.path().join(".mozilla")).unwrap();
    let out = run(&v, &["browser", "install", "--host", "/bin/sh"], env, None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let chromium = manifest_at(&home.path().join(".config/chromium/NativeMessagingHosts/app.twofold.browser.json"));
    assert_eq!(chromium["allowed_origins"], json!(["chrome-extension://ajehepmccaobjphfkpegdfmhnajgmdol/"]));
    assert_eq!((chromium["path"].as_str(), chromium["type"].as_str()), (host.to_str(), Some("stdio")));
    let firefox = manifest_at(&home.path().join(".mozilla/native-messaging-hosts/app.twofold.browser.json"));
    assert_eq!(firefox["allowed_extensions"], json!(["browser@twofold.app"]));
    assert!(firefox.get("allowed_origins").is_none());
    assert!(!home.path().join(".config/google-chrome").exists(), "only browsers found here");

    let brave = run(&v, &["browser", "install", "--browser", "brave", "--host", "/bin/sh"], env, None);
    assert_eq!(brave.code, Some(0), "{}", brave.stderr);
    assert!(home.path().join(".config/BraveSoftware/Brave-Browser/NativeMessagingHosts/app.twofold.browser.json").exists());

    let xdg = tempfile::tempdir().unwrap();
    let chrome = run(&v, &["browser", "install", "--browser", "chrome", "--host", "/bin/sh"], &[("HOME", home.path()), ("XDG_CONFIG_HOME", xdg.path())], None);
    assert_eq!(chrome.code, Some(0), "{}", chrome.stderr);
    assert!(xdg.path().join("google-chrome/NativeMessagingHosts/app.twofold.browser.json").exists());

    let udd = tempfile::tempdir().unwrap();
    let dir = udd.path().join("NativeMessagingHosts");
    let given = run(&v, &["browser", "install", "--browser", "chromium", "--dir", dir.to_str().unwrap(), "--host", "/bin/sh"], env, None);
    assert_eq!(given.code, Some(0), "{}", given.stderr);
    assert!(manifest_at(&dir.join("app.twofold.browser.json"))["allowed_origins"].is_array());

    for (args, says) in [
        (&["browser", "install", "--dir", "/tmp/x", "--host", "/bin/sh"][..], "--dir takes one browser"),
        (&["browser", "install", "--browser", "safari", "--host", "/bin/sh"][..], "unknown browser"),
        (&["browser", "install", "--browser", "chromium", "--host", "/nonexistent/host"][..], "not an executable"),
    ] {
        let out = run(&v, args, env, None);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(says), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn doctor_says_what_is_missing() {
    let v = Vault::with_accounts(&[GITHUB]);
    let home = tempfile::tempdir().unwrap();
    let gone = home.path().join("no-app.sock");
    let env: &[(&str, &Path)] = &[("HOME", home.path()), ("TWOFOLD_BROWSER_SOCKET", &gone)];
    std::fs::create_dir_all(home.path().join(".config/chromium")).unwrap();

    let first = run(&v, &["browser", "doctor"], env, None);
    assert_eq!(first.code, Some(1));
    assert!(first.stdout.contains("Chromium: no host manifest; run `twofold browser install --browser chromium`"), "{}", first.stdout);
    assert!(first.stdout.contains("Twofold: not running"), "{}", first.stdout);

    assert_eq!(run(&v, &["browser", "install", "--browser", "chromium", "--host", "/bin/sh"], env, None).code, Some(0));
    // A Snap Chromium and a Flatpak Firefox, as their folders in the home show them.
    std::fs::create_dir_all(home.path().join("snap/chromium")).unwrap();
    std::fs::create_dir_all(home.path().join(".var/app/org.mozilla.firefox")).unwrap();
    let app = start_app(&v, true);
    let env: &[(&str, &Path)] = &[("HOME", home.path()), ("TWOFOLD_BROWSER_SOCKET", &app.socket)];
    let second = run(&v, &["browser", "doctor"], env, None);
    assert_eq!(second.code, Some(1));
    assert!(second.stdout.contains("Chromium: manifest") && second.stdout.contains("is right"), "{}", second.stdout);
    assert!(second.stdout.contains("Chromium from Snap cannot start native-messaging hosts"), "{}", second.stdout);
    assert!(second.stdout.contains("Firefox from Flatpak (org.mozilla.firefox)"), "{}", second.stdout);
    assert!(second.stdout.contains("no browser is paired"), "{}", second.stdout);

    // A manifest naming another program that is not there is a problem with a fix.
    let path = home.path().join(".config/chromium/NativeMessagingHosts/app.twofold.browser.json");
    let text = std::fs::read_to_string(&path).unwrap().replace("/bin/sh", "/nonexistent/host");
    std::fs::write(&path, text).unwrap();
    let third = run(&v, &["browser", "doctor"], env, None);
    assert!(third.stdout.contains("missing or not executable"), "{}", third.stdout);

    let locked = start_app(&v, false);
    let env: &[(&str, &Path)] = &[("HOME", home.path()), ("TWOFOLD_BROWSER_SOCKET", &locked.socket)];
    assert!(run(&v, &["browser", "doctor"], env, None).stdout.contains("running, and locked"));
}
