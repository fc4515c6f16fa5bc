//! `twofold add URI...` and `twofold import INPUT...`: accounts into the vault.

use std::process::ExitCode;

use twofold_core::input::{describe_uri, Collector, Found};
use twofold_core::vault::AddOutcome;

use super::inspect;
use crate::error::CliError;
use crate::select::name;
use crate::vault_access::{vault_error, VaultArgs};

#[derive(clap::Args)]
pub struct AddArgs {
    /// otpauth:// or otpauth-migration:// URIs.
    #[arg(required = true, value_name = "URI")]
    uris: Vec<String>,
}

#[derive(clap::Args)]
pub struct ImportArgs {
    /// Anything `twofold inspect` reads: URIs, files of URIs, QR images, other apps' exports.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    #[command(flatten)]
    password: inspect::FilePassword,
}

pub fn add(vault: &VaultArgs, args: AddArgs) -> Result<ExitCode, CliError> {
    let mut collector = Collector::new();
    for uri in &args.uris {
        collector.add_uri(&describe_uri(uri), None, uri);
    }
    store(vault, collector.finish())
}

pub fn import(vault: &VaultArgs, args: ImportArgs) -> Result<ExitCode, CliError> {
    if args.password.file_password_stdin && vault.password_stdin {
        return Err(CliError::Usage("standard input cannot carry both the vault password and the file's password".into()));
    }
    store(vault, inspect::gather(&args.inputs, &args.password)?.found)
}

/// Saves the good accounts (skipping exact duplicates, and saying so), reports the bad.
fn store(vault: &VaultArgs, found: Found) -> Result<ExitCode, CliError> {
    for e in &found.errors {
        eprintln!("{e}");
    }
    if found.accounts.is_empty() {
        return Err(CliError::Refused("no account to add".into()));
    }
    let open = vault.open()?;
    let now = super::now();
    let outcomes = open
        
        .update(|contents| {
            found.accounts.iter().map(|a| contents.add(a.clone(), now)).collect::<Result<Vec<_>, _>>()
        })
        .map_err(vault_error)?;
    let mut added = 0;
    for (account, outcome) in found.accounts.iter().zip(outcomes) {
        let who = name(account.account.issuer.as_deref(), &account.account.label);
        match outcome {
            AddOutcome::Added(_) => {
                added += 1;
                println!("added {who}");
                inspect::print_warnings(account);
            }
            AddOutcome::Duplicate(_) => println!("skipped {who}: already in the vault"),
        }
    }
    eprintln!("{added} account(s) added");
    Ok(if found.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
