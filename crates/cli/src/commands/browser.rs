//! `twofold browser …`: setting up Twofold's browser extension.
//!
//! - `install [--browser B|all] [--dir DIR] [--host PATH]`: writes the
//!   native-messaging host manifest where each browser looks for it.
//! - `doctor`: says why a browser cannot reach Twofold.
//! - `approve [--yes] [--code CODE]`: approves a browser's pairing request
//!   (the running app holds the request; the pairing is written into the vault here).
//! - `pairings [--revoke ID|BROWSER] [--json]`: the paired browsers.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use twofold_core::browser::client::{Client, ClientError};
use twofold_core::browser::manifest::{self, Browser, Family, Manifest};
use twofold_core::browser::{socket_path, Pairing, PendingView, Reply, Request, VaultState};
use twofold_core::dates::iso_date;

use crate::error::CliError;
use crate::vault_access::{vault_error, VaultArgs};

/// The host program's file name.
const HOST_PROGRAM: &str = "twofold-browser-host";

#[derive(clap::Subcommand)]
pub enum Command {
    /// Write the host manifest where each browser looks for it (this user).
    Install(InstallArgs),
    /// Say why a browser cannot reach Twofold.
    Doctor,
    /// Approve a browser's pairing request (prints its code and name).
    Approve(ApproveArgs),
    /// List the paired browsers, or revoke one.
    Pairings(PairingsArgs),
}

#[derive(clap::Args)]
pub struct InstallArgs {
    /// chromium, chrome, brave, edge, vivaldi, firefox, or all (the browsers found here).
    #[arg(long, default_value = "all")]
    browser: String,
    /// Write the manifest into this folder instead (one browser only); for a
    /// Chromium started with --user-data-dir=D, give D/NativeMessagingHosts.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// The host program (default: twofold-browser-host beside twofold, else on PATH).
    #[arg(long, value_name = "PATH")]
    host: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ApproveArgs {
    /// Approve without asking (for scripts).
    #[arg(long)]
    yes: bool,
    /// The code the browser shows, when several browsers are asking.
    #[arg(long)]
    code: Option<String>,
}

#[derive(clap::Args)]
pub struct PairingsArgs {
    /// Revoke the pairing with this id (or the start of it), or of this browser name.
    #[arg(long, value_name = "ID|BROWSER")]
    revoke: Option<String>,
    /// Print `{"pairings":[…]}`.
    #[arg(long)]
    json: bool,
}

pub fn run(vault: &VaultArgs, command: Command) -> Result<ExitCode, CliError> {
    match command {
        Command::Install(args) => install(args),
        Command::Doctor => doctor(),
        Command::Approve(args) => approve(vault, args),
        Command::Pairings(args) => pairings(vault, args),
    }
}

/// Where this user's folders are.
struct Home {
    home: PathBuf,
    config: Option<PathBuf>,
}

impl Home {
    fn from_env() -> Result<Home, CliError> {
        let home = std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
            .ok_or_else(|| CliError::Usage("HOME is not set, so the browsers' folders are unknown".into()))?;
        let config = std::env::var_os("XDG_CONFIG_HOME").filter(|c| !c.is_empty()).map(PathBuf::from);
        Ok(Home { home, config })
    }

    fn manifest_dir(&self, b: Browser) -> PathBuf {
        b.user_dir(&self.home, self.config.as_deref())
    }

    /// The browser's own profile folder (its parent for Firefox), whose presence says it is used here.
    fn profile(&self, b: Browser) -> PathBuf {
        let dir = self.manifest_dir(b);
        dir.parent().map(Path::to_path_buf).unwrap_or(dir)
    }

    fn flatpak(&self, b: Browser) -> PathBuf {
        self.home.join(".var/app").join(b.flatpak_id())
    }

    fn snap(&self, b: Browser) -> Option<PathBuf> {
        b.snap_name().map(|n| self.home.join("snap").join(n))
    }
}

fn browsers(choice: &str) -> Result<Option<Vec<Browser>>, CliError> {
    if choice == "all" {
        return Ok(None);
    }
    Browser::parse(choice).map(|b| Some(vec![b])).ok_or_else(|| {
        CliError::Usage(format!("unknown browser “{choice}”; give chromium, chrome, brave, edge, vivaldi, firefox or all"))
    })
}

/// The host program: `--host`, else beside this `twofold`, else on `PATH`.
fn host_program(given: Option<PathBuf>) -> Result<PathBuf, CliError> {
    let found = match given {
        Some(p) => Some(p),
        None => {
            let beside = std::env::current_exe().ok().and_then(|exe| Some(exe.parent()?.join(HOST_PROGRAM)));
            beside.filter(|p| manifest::is_executable(p)).or_else(|| {
                std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
                    .map(|dir| dir.join(HOST_PROGRAM))
                    .find(|p| manifest::is_executable(p))
            })
        }
    };
    let path = found.ok_or_else(|| {
        CliError::Usage(format!("{HOST_PROGRAM} was not found beside twofold or on PATH; give its path with --host"))
    })?;
    let path = std::path::absolute(&path).map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
    if !manifest::is_executable(&path) {
        return Err(CliError::Usage(format!("{} is not an executable program", path.display())));
    }
    Ok(path)
}

/// Writes `text` to `path` by way of a temporary file beside it, so a browser never reads half a manifest.
fn write_file(path: &Path, text: &str) -> Result<(), CliError> {
    let io = |e: std::io::Error| CliError::Usage(format!("could not write {}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, text).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

fn install(args: InstallArgs) -> Result<ExitCode, CliError> {
    let chosen = browsers(&args.browser)?;
    let host = host_program(args.host)?;
    if let Some(dir) = &args.dir {
        let [browser] = chosen.as_deref().unwrap_or_default() else {
            return Err(CliError::Usage("--dir takes one browser: give --browser too (chromium, firefox, …)".into()));
        };
        let path = dir.join(manifest::file_name());
        write_file(&path, &Manifest::new(browser.family(), &host).to_json())?;
        println!("wrote {} ({})", path.display(), browser.name());
        return Ok(ExitCode::SUCCESS);
    }
    let home = Home::from_env()?;
    let targets = match chosen {
        Some(list) => list,
        None => {
            let found: Vec<Browser> = Browser::ALL.into_iter().filter(|b| home.profile(*b).is_dir()).collect();
            if found.is_empty() {
                return Err(CliError::Refused(
                    "no browser's profile folder was found here; name one with --browser (chromium, firefox, …)".into(),
                ));
            }
            found
        }
    };
    for browser in targets {
        let path = home.manifest_dir(browser).join(manifest::file_name());
        write_file(&path, &Manifest::new(browser.family(), &host).to_json())?;
        println!("wrote {} ({})", path.display(), browser.name());
        for note in sandbox_notes(&home, browser) {
            eprintln!("note: {note}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What a Snap or Flatpak copy of the browser needs, when one is installed.
fn sandbox_notes(home: &Home, b: Browser) -> Vec<String> {
    let mut notes = Vec::new();
    let snap = home.snap(b).is_some_and(|p| p.is_dir()) || b.snap_name().is_some_and(|n| Path::new("/snap/bin").join(n).exists());
    if snap {
        notes.push(match b {
            Browser::Firefox => "Firefox from Snap reaches Twofold through the desktop's WebExtensions portal (xdg-desktop-portal 1.17 or later); if it does not, install Firefox from your distribution's packages".to_owned(),
            _ => format!("{} from Snap cannot start native-messaging hosts at all; use the distribution's {} package (or Firefox) to fill codes", b.name(), b.name()),
        });
    }
    let flatpak = home.flatpak(b).is_dir() || Path::new("/var/lib/flatpak/app").join(b.flatpak_id()).is_dir();
    if flatpak {
        notes.push(match b {
            Browser::Firefox => format!(
                "Firefox from Flatpak ({}) reaches Twofold only through xdg-native-messaging-proxy (Firefox 157 or later, with the proxy installed); otherwise use Firefox from your distribution's packages",
                b.flatpak_id()
            ),
            _ => format!(
                "{} from Flatpak ({}) cannot start programs outside its sandbox; use the distribution's package of the browser to fill codes",
                b.name(),
                b.flatpak_id()
            ),
        });
    }
    notes
}

fn doctor() -> Result<ExitCode, CliError> {
    let home = Home::from_env()?;
    let mut problems = 0usize;
    let mut ready = 0usize;
    for b in Browser::ALL {
        let used = home.profile(b).is_dir();
        let notes = sandbox_notes(&home, b);
        let user = home.manifest_dir(b).join(manifest::file_name());
        let system = Path::new(b.system_dir()).join(manifest::file_name());
        let found: Vec<PathBuf> = [user.clone(), system].into_iter().filter(|p| p.exists()).collect();
        if !used && notes.is_empty() && found.is_empty() {
            continue;
        }
        if found.is_empty() {
            if used {
                problems += 1;
                println!("{}: no host manifest; run `twofold browser install --browser {}` (it goes to {})", b.name(), b.id(), user.display());
            }
        } else {
            for path in &found {
                let issues = check_manifest(path, b.family());
                if issues.is_empty() {
                    ready += 1;
                    println!("{}: manifest {} is right", b.name(), path.display());
                } else {
                    problems += 1;
                    println!("{}: manifest {}: {}; run `twofold browser install --browser {}`", b.name(), path.display(), issues.join("; "), b.id());
                }
            }
        }
        for note in notes {
            problems += 1;
            println!("{}: {note}", b.name());
        }
    }
    if ready == 0 && problems == 0 {
        problems += 1;
        println!("no browser found here; install the host manifest with `twofold browser install --browser chromium` (or firefox, …)");
    }
    println!("A Chromium started with --user-data-dir=DIR reads manifests only from DIR/NativeMessagingHosts: use `twofold browser install --browser chromium --dir DIR/NativeMessagingHosts`.");
    problems += app_checks();
    if problems == 0 {
        println!("everything looks right");
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(1))
    }
}

fn check_manifest(path: &Path, family: Family) -> Vec<String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return vec![format!("cannot be read ({e})")],
    };
    match serde_json::from_str::<Manifest>(&text) {
        Ok(m) => m.problems(family),
        Err(e) => vec![format!("is not a host manifest ({e})")],
    }
}

/// Whether the app answers and has a paired browser; the number of problems found.
fn app_checks() -> usize {
    let path = match socket_path() {
        Ok(p) => p,
        Err(e) => {
            println!("Twofold: {e}");
            return 1;
        }
    };
    let status = Client::connect(&path).and_then(|mut c| c.ask(Request::Status { pairing: None }));
    match status {
        Ok(Reply::Status { vault: VaultState::Unlocked, pairings: Some(0), .. }) => {
            println!("Twofold: running and unlocked, but no browser is paired; click Pair in Twofold's toolbar popup in the browser");
            1
        }
        Ok(Reply::Status { vault: VaultState::Unlocked, pairings, .. }) => {
            println!("Twofold: running and unlocked; {} browser(s) paired", pairings.unwrap_or(0));
            0
        }
        Ok(Reply::Status { vault: VaultState::Locked, .. }) => {
            println!("Twofold: running, and locked (browsers get “locked” until you unlock it; paired browsers are listed once it is open)");
            0
        }
        Ok(Reply::Status { vault: VaultState::NoVault, .. }) => {
            println!("Twofold: running, with no vault yet; create one in the window or with `twofold init`");
            1
        }
        Ok(other) => {
            println!("Twofold: answered unexpectedly ({other:?})");
            1
        }
        Err(ClientError::NotRunning { path }) => {
            println!("Twofold: not running (nothing at {path}); the browser starts it when asked, or start it yourself");
            1
        }
        Err(e) => {
            println!("Twofold: {e}");
            1
        }
    }
}

/// The pairing requests the running app holds.
fn pending() -> Result<Vec<PendingView>, CliError> {
    let path = socket_path().map_err(|e| CliError::Usage(e.to_string()))?;
    let mut client = Client::connect(&path).map_err(|e| CliError::Refused(e.to_string()))?;
    match client.ask(Request::PendingPairings {}).map_err(|e| CliError::Refused(e.to_string()))? {
        Reply::PendingPairings { items } => Ok(items),
        Reply::Error { message, .. } => Err(CliError::Refused(message)),
        other => Err(CliError::Refused(format!("Twofold answered unexpectedly ({other:?})"))),
    }
}

fn approve(vault: &VaultArgs, args: ApproveArgs) -> Result<ExitCode, CliError> {
    let waiting = pending()?;
    let digits = args.code.as_deref().map(|c| c.chars().filter(|c| !c.is_whitespace()).collect::<String>());
    let chosen: Vec<&PendingView> = waiting.iter().filter(|v| digits.as_ref().is_none_or(|d| *d == v.code)).collect();
    let view = match chosen.as_slice() {
        [] if digits.is_some() => return Err(CliError::Refused("no pairing request has that code".into())),
        [] => return Err(CliError::Refused("no browser is asking to pair; click Pair in Twofold's toolbar popup in the browser first".into())),
        [one] => *one,
        many => {
            let list: Vec<String> = many.iter().map(|v| format!("  {}  {} ({})", v.spaced_code(), v.browser, v.extension)).collect();
            return Err(CliError::Refused(format!(
                "{} browsers are asking to pair; give the code the browser shows with --code:\n{}",
                many.len(),
                list.join("\n")
            )));
        }
    };
    println!("{} ({}) asks to pair with Twofold.", view.browser, view.extension);
    println!("Code: {}", view.spaced_code());
    if !args.yes {
        eprint!("Approve only if the browser shows the same code. Approve? [y/N] ");
        std::io::stderr().flush().ok();
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer).map_err(|e| CliError::Usage(format!("cannot read the answer: {e}")))?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "Yes") {
            return Err(CliError::Refused("not approved; nothing was changed".into()));
        }
    }
    let open = vault.open()?;
    let pairing = Pairing::approve(view, super::now());
    open.store.update(&open.unlocked, |c| Ok(c.add_pairing(pairing))).map_err(vault_error)?;
    println!("paired {}; the browser finishes pairing by itself", view.browser);
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct PairingJson<'a> {
    id: String,
    browser: &'a str,
    extension: &'a str,
    created: u64,
}

fn pairings(vault: &VaultArgs, args: PairingsArgs) -> Result<ExitCode, CliError> {
    let open = vault.open()?;
    if let Some(which) = &args.revoke {
        let revoked = open
            .store
            .update(&open.unlocked, |c| {
                let needle = which.trim().to_lowercase();
                let hits: Vec<_> = c
                    .pairings
                    .iter()
                    .filter(|p| {
                        (needle.len() >= 4 && p.id.to_string().starts_with(&needle)) || p.browser.to_lowercase() == needle
                    })
                    .map(|p| p.id)
                    .collect();
                match hits.as_slice() {
                    [id] => c.revoke_pairing(id).map(Ok),
                    [] => Ok(Err(CliError::Refused(format!("no paired browser matches “{which}”")))),
                    _ => Ok(Err(CliError::Refused(format!("“{which}” matches {} pairings; give more of the id", hits.len())))),
                }
            })
            .map_err(vault_error)??;
        println!("revoked {} ({}); it gets no code from now on", revoked.browser, revoked.id);
        return Ok(ExitCode::SUCCESS);
    }
    let list = &open.loaded.contents.pairings;
    if args.json {
        let items: Vec<_> = list
            .iter()
            .map(|p| PairingJson { id: p.id.to_string(), browser: &p.browser, extension: &p.extension, created: p.created })
            .collect();
        println!("{}", serde_json::json!({ "pairings": items }));
        return Ok(ExitCode::SUCCESS);
    }
    for p in list {
        let created = i64::try_from(p.created).map(iso_date).unwrap_or_default();
        println!("{}\t{}\t{}\tpaired {created}", p.id, p.browser, p.extension);
    }
    eprintln!("{} paired browser(s)", list.len());
    Ok(ExitCode::SUCCESS)
}
