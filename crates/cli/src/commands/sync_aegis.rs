//! `twofold sync aegis …`: follow the phone's Aegis automatic backups, one
//! way, phone to desktop (see `twofold_core::sync::aegis`).

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;
use twofold_core::dates::rfc3339;
use twofold_core::sync::aegis::{self, AegisError, FollowOptions, FollowReport};

use super::sync::after_save;
use crate::error::CliError;
use crate::vault_access::{prompt_or, vault_error, OpenVault, VaultArgs};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Delete the accounts whose removal on the phone an earlier run reported.
    #[arg(long)]
    accept_removals: bool,
    /// Print what happened as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Follow the folder Aegis writes its automatic backups to (asks for the Aegis backup password once).
    Setup {
        /// The folder (as synced to this computer), or Aegis' single backup file.
        dir: PathBuf,
        /// Print what happened as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show the folder, the last backup taken and the removals waiting for you.
    Status {
        /// Print it as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(vault: &VaultArgs, args: Args) -> Result<ExitCode, CliError> {
    match args.command {
        None => {
            let open = vault.open()?;
            let options = FollowOptions { accept_removals: args.accept_removals, now: None };
            let report = follow(&open, options)?;
            print(&report, args.json);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Setup { dir, json }) => setup(vault, &dir, json),
        Some(Command::Status { json }) => status(vault, json || args.json),
    }
}

/// One run on an open vault; the accounts it changed go out to the other
/// computers at once when the vault syncs through a folder.
pub fn follow(open: &OpenVault, options: FollowOptions) -> Result<FollowReport, CliError> {
    let report = aegis::follow(&open.store, &open.unlocked, options).map_err(aegis_error)?;
    if report.changed_accounts() {
        after_save(&open.store, &open.unlocked);
    }
    Ok(report)
}

fn setup(vault: &VaultArgs, dir: &std::path::Path, json: bool) -> Result<ExitCode, CliError> {
    let open = vault.open()?;
    let prepared = aegis::prepare_setup(dir).map_err(aegis_error)?;
    for s in prepared.set_aside() {
        eprintln!("twofold: passed over {}: {}", s.file, s.reason);
    }
    let password = match std::env::var("TWOFOLD_AEGIS_PASSWORD") {
        Ok(p) => zeroize::Zeroizing::new(p),
        Err(_) => prompt_or(
            &format!("The Aegis backup password for {}: ", prepared.file()),
            "TWOFOLD_AEGIS_PASSWORD",
        )?,
    };
    let key = prepared.unlock(&password).map_err(aegis_error)?;
    let report = aegis::setup(&open.store, &open.unlocked, &prepared, key, FollowOptions::default()).map_err(aegis_error)?;
    if report.changed_accounts() {
        after_save(&open.store, &open.unlocked);
    }
    if !json {
        println!(
            "following the Aegis backups in {}; Twofold keeps Aegis' key, so the password is not asked again (also after you change it in Aegis)",
            prepared.folder().display()
        );
    }
    print(&report, json);
    Ok(ExitCode::SUCCESS)
}

fn status(vault: &VaultArgs, json: bool) -> Result<ExitCode, CliError> {
    let open = vault.open()?;
    let status = aegis::status(&open.loaded.contents).map_err(aegis_error)?;
    if json {
        let pending: Vec<_> = status
            .pending_removals
            .iter()
            .map(|p| json!({"account": p.name, "since": p.since, "noticed_at": p.noticed_at}))
            .collect();
        println!(
            "{}",
            json!({
                "folder": status.folder, "folder_present": status.folder_present,
                "last_backup": status.last.as_ref().map(|l| json!({"file": l.file, "taken_at": l.taken_at})),
                "linked_entries": status.linked_entries, "newest_in_folder": status.newest_in_folder,
                "newer_waiting": status.newer_waiting, "pending_removals": pending,
            })
        );
        return Ok(ExitCode::SUCCESS);
    }
    let missing = if status.folder_present { "" } else { " (not there now: not mounted or not synced?)" };
    println!("folder: {}{missing}", status.folder.display());
    match &status.last {
        Some(last) => println!("last backup taken: {} at {}", last.file, rfc3339(last.taken_at as i64)),
        None => println!("last backup taken: none yet"),
    }
    println!("accounts linked to the phone's: {}", status.linked_entries);
    if status.newer_waiting {
        println!("a newer backup is waiting ({}): run `twofold sync aegis`", status.newest_in_folder.as_deref().unwrap_or("?"));
    }
    for p in &status.pending_removals {
        println!("deleted on the phone (in {}), still here: {}", p.since, p.name);
    }
    if !status.pending_removals.is_empty() {
        println!("delete them here too with `twofold sync aegis --accept-removals`");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn report_json(report: &FollowReport) -> serde_json::Value {
    json!({
        "folder": report.folder,
        "taken": report.taken,
        "up_to_date": report.up_to_date,
        "new_vault": report.new_vault,
        "added": report.added,
        "linked": report.linked,
        "updated": report.updated.iter().map(|u| json!({"account": u.account, "fields": u.fields})).collect::<Vec<_>>(),
        "removal_flagged": report.removal_flagged,
        "removed": report.removed,
        "pending_removals": report.pending_removals,
        "left_behind": report.left_behind,
        "skipped": report.skipped.iter().map(|s| json!({"account": s.account, "reason": s.reason})).collect::<Vec<_>>(),
        "set_aside": report.set_aside.iter().map(|s| json!({"file": s.file, "reason": s.reason})).collect::<Vec<_>>(),
    })
}

fn print(report: &FollowReport, json: bool) {
    if json {
        println!("{}", report_json(report));
    } else {
        print_report(report);
    }
}

pub fn print_report(report: &FollowReport) {
    match &report.taken {
        Some(file) => println!("took the phone's backup {file}"),
        None if report.up_to_date => println!("nothing new from the phone"),
        None => {}
    }
    if report.new_vault {
        println!("the phone's Aegis vault looks new (nearly every entry changed): its accounts were added or linked, none was flagged as deleted");
    }
    for name in &report.added {
        println!("added {name}");
    }
    for name in &report.linked {
        println!("already here, linked to the phone's: {name}");
    }
    for u in &report.updated {
        println!("changed {} ({})", u.account, u.fields.join(", "));
    }
    for name in &report.removed {
        println!("removed {name} (deleted on the phone)");
    }
    for name in &report.removal_flagged {
        println!("deleted on the phone, kept here for now: {name}");
    }
    for name in &report.left_behind {
        println!("not in the phone's new vault, kept here: {name}");
    }
    if !report.pending_removals.is_empty() {
        println!(
            "{} account(s) deleted on the phone are still here; delete them too with `twofold sync aegis --accept-removals`",
            report.pending_removals.len()
        );
    }
    for s in &report.skipped {
        eprintln!("twofold: skipped {}: {}", s.account, s.reason);
    }
    for s in &report.set_aside {
        eprintln!("twofold: set aside {} (retried next time): {}", s.file, s.reason);
    }
}

pub fn aegis_error(e: AegisError) -> CliError {
    match e {
        AegisError::Vault(v) => vault_error(v),
        AegisError::NotSetUp
        | AegisError::NotAFolder { .. }
        | AegisError::FolderMissing { .. }
        | AegisError::NoBackups { .. }
        | AegisError::Io { .. } => CliError::Usage(e.to_string()),
        other => CliError::Refused(other.to_string()),
    }
}
