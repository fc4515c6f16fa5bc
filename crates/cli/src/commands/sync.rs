//! `twofold sync …`: keep this vault in step with the person's other
//! computers through a folder they already sync (see `twofold_core::sync`).

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;
use twofold_core::keystore::KeyringStore;
use twofold_core::sync::{self, aegis, Change, JoinWith, RunOptions, SetupOutcome, SyncConfig, SyncError, SyncReport, Synced};
use twofold_core::vault::{RecoveryKey, SlotType, Unlock, Unlocked, VaultStore};
use zeroize::Zeroizing;

use crate::error::CliError;
use super::backup_codes;
use crate::vault_access::{prompt_or, vault_error, VaultArgs};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Apply a merge that deletes or changes the secrets of many accounts at once.
    #[arg(long)]
    yes: bool,
    /// Print what happened as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Make this vault take part in a sync folder (starts a set, or joins the one there).
    Setup(SetupArgs),
    /// Show the folder, the computers and the last sync.
    Status {
        /// Print it as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the computers of the set, or remove one.
    Devices {
        #[command(subcommand)]
        command: Option<DevicesCommand>,
    },
    /// Follow the phone's Aegis automatic backups (new accounts come in; removals wait for you).
    Aegis(super::sync_aegis::Args),
}

#[derive(clap::Subcommand)]
enum DevicesCommand {
    /// Remove a computer (by id or name): the others stop reading its file.
    Remove {
        /// Its id or name, as `twofold sync devices` lists it.
        device: String,
    },
}

#[derive(clap::Args)]
struct SetupArgs {
    /// The folder your computers share (a Syncthing, Nextcloud or Dropbox folder).
    #[arg(required_unless_present = "git")]
    dir: Option<PathBuf>,
    /// A git remote instead of a folder (cloned beside the vault; each sync pulls, commits and pushes).
    #[arg(long, value_name = "URL", conflicts_with = "dir")]
    git: Option<String>,
    /// This computer's name as the others list it (default: the host name).
    #[arg(long)]
    name: Option<String>,
    /// Set up the backup-code vault instead (it syncs as a set of its own,
    /// opened with its own passphrase).
    #[arg(long)]
    backup_codes: bool,
}

pub fn run(vault: &VaultArgs, args: Args) -> Result<ExitCode, CliError> {
    match args.command {
        None => sync_once(vault, args.yes, args.json),
        Some(Command::Setup(setup)) => setup_here(vault, setup),
        Some(Command::Status { json }) => status(vault, json || args.json),
        Some(Command::Devices { command: None }) => status(vault, args.json),
        Some(Command::Devices { command: Some(DevicesCommand::Remove { device }) }) => remove(vault, &device),
        Some(Command::Aegis(args)) => super::sync_aegis::run(vault, args),
    }
}

fn config(vault: &VaultArgs) -> Result<Option<SyncConfig>, CliError> {
    SyncConfig::load(&vault.path()?).map_err(sync_error)
}

fn codes_config(vault: &VaultArgs) -> Result<Option<SyncConfig>, CliError> {
    SyncConfig::load(backup_codes::code_store(vault)?.path()).map_err(sync_error)
}

/// Takes the phone's newest Aegis backup in when this vault follows one,
/// then syncs the accounts vault and, when it takes part too, the
/// backup-code vault.
fn sync_once(vault: &VaultArgs, yes: bool, json: bool) -> Result<ExitCode, CliError> {
    let options = RunOptions { allow_mass_change: yes, now_ms: None };
    let (accounts, codes) = (config(vault)?, codes_config(vault)?);
    // The accounts vault is opened unless only the backup codes sync (no prompt for nothing).
    let open = if accounts.is_some() || codes.is_none() { Some(vault.open()?) } else { None };
    let follows_aegis = open.as_ref().is_some_and(|o| o.loaded.contents.aegis.is_some());
    if accounts.is_none() && codes.is_none() && !follows_aegis {
        return Err(sync_error(SyncError::NotSetUp));
    }
    // The phone's folder missing (say, not synced yet) must not stop the computers' sync:
    // it is said, and the exit code tells, after the rest has run.
    let (phone, phone_error) = match &open {
        Some(open) if follows_aegis => match aegis::follow(&open.store, &open.unlocked, aegis::FollowOptions::default()) {
            Ok(report) => (Some(report), None),
            Err(e) => (None, Some(super::sync_aegis::aegis_error(e))),
        },
        _ => (None, None),
    };
    let mut reports = Vec::new();
    if let (Some(mut config), Some(open)) = (accounts, &open) {
        reports.push(("accounts", sync::run(&open.store, &open.unlocked, &mut config, options).map_err(sync_error)?));
    }
    if let Some(mut config) = codes {
        let store = backup_codes::code_store(vault)?;
        let (unlocked, _) = backup_codes::unlock(&store)?;
        reports.push(("backup_codes", sync::run(&store, &unlocked, &mut config, options).map_err(sync_error)?));
    }
    if json {
        // The accounts' report at the top level (as before backup codes synced), the codes' beside it.
        let mut out = serde_json::Map::new();
        for (what, report) in &reports {
            match *what {
                "accounts" => out.extend(report_json(report).as_object().cloned().unwrap_or_default()),
                _ => {
                    out.insert((*what).into(), report_json(report));
                }
            }
        }
        if let Some(phone) = &phone {
            out.insert("aegis".into(), super::sync_aegis::report_json(phone));
        }
        if let Some(e) = &phone_error {
            out.insert("aegis_error".into(), e.to_string().into());
        }
        println!("{}", serde_json::Value::Object(out));
    } else {
        if let Some(phone) = &phone {
            println!("from the phone (Aegis):");
            super::sync_aegis::print_report(phone);
        }
        for (what, report) in &reports {
            if *what == "backup_codes" {
                println!("backup codes:");
            }
            print_report(report);
        }
    }
    match phone_error {
        Some(e) => {
            eprintln!("twofold: the phone (Aegis) was not followed: {e}");
            Ok(e.exit_code())
        }
        None => Ok(ExitCode::SUCCESS),
    }
}

/// After a command saved a vault: syncs it, when it takes part in a sync
/// folder, so the other computers see the change at once. A failure is only
/// a warning: the change is saved here and goes out with the next sync.
pub fn after_save<V: Synced>(store: &VaultStore<V>, unlocked: &Unlocked) {
    let mut config = match SyncConfig::load(store.path()) {
        Ok(Some(config)) => config,
        Ok(None) => return,
        Err(e) => return eprintln!("twofold: saved on this computer, not synced: {e}"),
    };
    match sync::run(store, unlocked, &mut config, RunOptions::default()) {
        Ok(report) => {
            for s in &report.set_aside {
                eprintln!("twofold: sync set aside {}: {}", s.file, s.reason);
            }
        }
        Err(e) => eprintln!("twofold: saved on this computer, not synced ({e}); see `twofold sync`"),
    }
}

fn setup_here(vault: &VaultArgs, args: SetupArgs) -> Result<ExitCode, CliError> {
    let (config, outcome, report, path) = if args.backup_codes {
        let store = backup_codes::code_store(vault)?;
        backup_codes::open_or_create(&store, &vault.open()?)?;
        let has_keyring = store.inspect().map_err(vault_error)?.has_slot(SlotType::Keyring);
        let open = || backup_codes::unlock(&store).map(|(unlocked, _)| unlocked);
        let (config, outcome, report) = setup_vault(&store, open, has_keyring, &args)?;
        (config, outcome, report, store.path().to_owned())
    } else {
        let store = vault.open()?.store;
        let has_keyring = store.inspect().map_err(vault_error)?.has_slot(SlotType::Keyring);
        let open = || vault.open().map(|open| open.unlocked);
        let (config, outcome, report) = setup_vault(&store, open, has_keyring, &args)?;
        (config, outcome, report, store.path().to_owned())
    };
    // The folder shared (what the next computer is set up on), not Twofold's subfolder in it.
    let dir = match &config.git {
        Some(url) => PathBuf::from(url),
        None => config.folder.clone(),
    };
    let what = if args.backup_codes { "backup-code vault" } else { "vault" };
    match outcome {
        SetupOutcome::Started => println!("started a sync set in {} for this {what}", dir.display()),
        SetupOutcome::Continued => println!("this {what} syncs through {}", dir.display()),
        SetupOutcome::Joined => println!(
            "joined the sync set in {}; this {what} now opens with that set's password and recovery key (the old file is kept as {}.before-join)",
            dir.display(),
            path.display()
        ),
    }
    println!("this computer is '{}' ({})", config.name, config.device);
    print_report(&report);
    Ok(ExitCode::SUCCESS)
}

/// Sets up one vault; when the folder holds another vault's set, opens the
/// vault again and joins with the set's password or recovery key.
fn setup_vault<V: Synced>(
    store: &VaultStore<V>,
    open: impl Fn() -> Result<Unlocked, CliError>,
    has_keyring: bool,
    args: &SetupArgs,
) -> Result<(SyncConfig, SetupOutcome, SyncReport), CliError> {
    // A git remote: its clone beside the vault is the folder.
    let dir = match (&args.git, &args.dir) {
        (Some(url), _) => sync::git::prepare(store.path(), url).map_err(sync_error)?,
        (None, Some(dir)) => dir.clone(),
        (None, None) => return Err(CliError::Usage("give the shared folder, or --git URL".into())),
    };
    let first = sync::setup(store, open()?, &dir, args.name.clone(), JoinWith::Nothing, None);
    let (_, config, outcome, report) = match first {
        Err(SyncError::JoinNeedsSecret { .. }) => {
            let unlocked = open()?;
            let secret = join_secret()?;
            let recovery;
            let how = match &secret {
                JoinSecret::Password(p) => Unlock::Password(p),
                JoinSecret::Recovery(text) => {
                    recovery = RecoveryKey::parse(text).map_err(|e| CliError::Refused(e.to_string()))?;
                    Unlock::RecoveryKey(&recovery)
                }
            };
            let keyring = KeyringStore::native();
            let keyring: Option<&dyn twofold_core::keystore::KeyStore> = has_keyring.then_some(&keyring);
            sync::setup(store, unlocked, &dir, args.name.clone(), JoinWith::Secret(&how), keyring)
        }
        other => other,
    }
    .map_err(sync_error)?;
    let mut config = config;
    if let Some(url) = &args.git {
        sync::git::adopt(store.path(), url, &mut config).map_err(sync_error)?;
    }
    Ok((config, outcome, report))
}

enum JoinSecret {
    Password(Zeroizing<String>),
    Recovery(Zeroizing<String>),
}

/// The set's password (`TWOFOLD_SYNC_PASSWORD`) or recovery key
/// (`TWOFOLD_SYNC_RECOVERY_KEY`), else a prompt.
fn join_secret() -> Result<JoinSecret, CliError> {
    if let Ok(p) = std::env::var("TWOFOLD_SYNC_PASSWORD") {
        return Ok(JoinSecret::Password(Zeroizing::new(p)));
    }
    if let Ok(k) = std::env::var("TWOFOLD_SYNC_RECOVERY_KEY") {
        return Ok(JoinSecret::Recovery(Zeroizing::new(k)));
    }
    let typed = prompt_or(
        "The folder holds the vault of your other computers. Its password (or recovery key): ",
        "TWOFOLD_SYNC_PASSWORD or TWOFOLD_SYNC_RECOVERY_KEY",
    )?;
    if RecoveryKey::parse(&typed).is_ok() {
        Ok(JoinSecret::Recovery(typed))
    } else {
        Ok(JoinSecret::Password(typed))
    }
}

fn status(vault: &VaultArgs, json: bool) -> Result<ExitCode, CliError> {
    let (accounts, codes) = (config(vault)?, codes_config(vault)?);
    if accounts.is_none() && codes.is_none() {
        return Err(sync_error(SyncError::NotSetUp));
    }
    let accounts = match accounts {
        Some(config) => {
            let open = vault.open()?;
            Some((sync::status(&open.store, &open.unlocked, &config).map_err(sync_error)?, config))
        }
        None => None,
    };
    // The backup-code vault is shown when it is set up; it is opened only if that needs no prompt.
    let codes = match codes {
        Some(config) => {
            let store = backup_codes::code_store(vault)?;
            match backup_codes::unlock_quietly(&store)? {
                Some(unlocked) => Some((sync::status(&store, &unlocked, &config).map_err(sync_error)?, config)),
                None => Some((sync::Status { folder: config.folder.clone(), devices: Vec::new(), last_sync_ms: None }, config)),
            }
        }
        None => None,
    };
    if json {
        let mut out = match &accounts {
            Some((status, config)) => status_json(status, config),
            None => json!({}),
        };
        if let Some((status, config)) = &codes {
            out["backup_codes"] = status_json(status, config);
        }
        println!("{out}");
        return Ok(ExitCode::SUCCESS);
    }
    if let Some((status, config)) = &accounts {
        print_status(status, config);
    }
    if let Some((status, config)) = &codes {
        println!("backup codes:");
        if status.devices.is_empty() {
            println!("  (set TWOFOLD_BACKUP_PASSWORD to see the computers of the backup-code set)");
        }
        print_status(status, config);
    }
    Ok(ExitCode::SUCCESS)
}

fn status_json(status: &sync::Status, config: &SyncConfig) -> serde_json::Value {
    let devices: Vec<_> = status
        .devices
        .iter()
        .map(|d| {
            json!({"id": d.id.as_str(), "name": d.name, "last_write_ms": d.written_ms,
                   "this_device": d.this_device, "file_present": d.file_present})
        })
        .collect();
    json!({"folder": status.folder, "git": config.git, "device": config.device.as_str(),
           "last_sync_ms": status.last_sync_ms, "devices": devices})
}

fn print_status(status: &sync::Status, config: &SyncConfig) {
    if let Some(url) = &config.git {
        println!("git remote: {url} (cloned in {})", status.folder.display());
    }
    println!(
        "folder: {} (Twofold's files are in its {} subfolder)",
        status.folder.display(),
        sync::folder::SUBFOLDER
    );
    match status.last_sync_ms {
        Some(ms) => println!("last sync: {}", twofold_core::dates::rfc3339((ms / 1000) as i64)),
        None => println!("last sync: never"),
    }
    for d in &status.devices {
        let when = twofold_core::dates::rfc3339((d.written_ms / 1000) as i64);
        let me = if d.this_device { " (this computer)" } else { "" };
        let missing = if d.file_present { "" } else { ", its file is not in the folder now" };
        println!("{}  {}{me}: last wrote {when}{missing}", d.id, d.name);
    }
}

fn remove(vault: &VaultArgs, device: &str) -> Result<ExitCode, CliError> {
    let mut config = config(vault)?.ok_or_else(|| sync_error(SyncError::NotSetUp))?;
    let open = vault.open()?;
    sync::remove_device(&open.store, &open.unlocked, &mut config, device).map_err(sync_error)?;
    println!(
        "removed {device}: your other computers stop reading its file. It can still open what it had; change the vault's password and recovery key if it was lost or stolen."
    );
    Ok(ExitCode::SUCCESS)
}

fn describe(change: &Change) -> String {
    match change {
        Change::Added(name) => format!("added {name}"),
        Change::Changed(name, fields) => format!("changed {name} ({})", fields.join(", ")),
        Change::Removed(name) => format!("removed {name}"),
    }
}

fn report_json(report: &SyncReport) -> serde_json::Value {
    json!({
        "sent": report.sent,
        "received": report.received.iter().map(describe).collect::<Vec<_>>(),
        "conflicts": report.conflicts.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        "set_aside": report.set_aside.iter().map(|s| json!({"file": s.file, "reason": s.reason})).collect::<Vec<_>>(),
        "conflict_copies_removed": report.conflict_copies_removed,
        "clock_warnings": report.clock_warnings,
        "new_device_id": report.new_device_id.as_ref().map(|d| d.as_str().to_owned()),
        "merged_files": report.merged_files,
        "linked": report.linked,
    })
}

fn print_report(report: &SyncReport) {
    if report.received.is_empty() {
        println!("nothing new from your other computers");
    }
    for change in &report.received {
        println!("{}", describe(change));
    }
    for name in &report.linked {
        println!("{name}: already here and in the set; kept once");
    }
    for c in &report.conflicts {
        println!("{c}");
    }
    for s in &report.set_aside {
        eprintln!("twofold: set aside {}: {}", s.file, s.reason);
    }
    for w in &report.clock_warnings {
        eprintln!("twofold: warning: {w}");
    }
    if let Some(id) = &report.new_device_id {
        eprintln!("twofold: another computer was writing under this computer's id (a copied home folder?); this one is now {id}");
    }
}

fn sync_error(e: SyncError) -> CliError {
    match e {
        SyncError::Vault(v) => vault_error(v),
        SyncError::NotSetUp | SyncError::NotAFolder { .. } | SyncError::BadConfig { .. } | SyncError::Io { .. } => {
            CliError::Usage(e.to_string())
        }
        other => CliError::Refused(other.to_string()),
    }
}
