//! `twofold remove QUERY` and `twofold rename QUERY --issuer I --label L`.

use std::process::ExitCode;

use crate::error::CliError;
use crate::select::{name, one};
use crate::vault_access::{vault_error, VaultArgs};

#[derive(clap::Args)]
pub struct RemoveArgs {
    /// Part of the account's issuer or label; must match exactly one account.
    query: String,
}

#[derive(clap::Args)]
pub struct RenameArgs {
    /// Part of the account's issuer or label; must match exactly one account.
    query: String,
    /// The new issuer (an empty string removes it).
    #[arg(long)]
    issuer: Option<String>,
    /// The new label.
    #[arg(long)]
    label: Option<String>,
}

pub fn remove(vault: &VaultArgs, args: RemoveArgs) -> Result<ExitCode, CliError> {
    let open = vault.open()?;
    let removed = open
        
        .update(|contents| {
            let id = match one(contents, &args.query) {
                Ok(e) => *e.id(),
                Err(e) => return Ok(Err(e)),
            };
            contents.remove(&id).map(Ok)
        })
        .map_err(vault_error)??;
    println!("removed {}", name(removed.issuer.as_deref(), &removed.label));
    Ok(ExitCode::SUCCESS)
}

pub fn rename(vault: &VaultArgs, args: RenameArgs) -> Result<ExitCode, CliError> {
    if args.issuer.is_none() && args.label.is_none() {
        return Err(CliError::Usage("give --issuer, --label or both".into()));
    }
    let open = vault.open()?;
    let now = super::now();
    let renamed = open
        
        .update(|contents| {
            let entry = match one(contents, &args.query) {
                Ok(e) => e,
                Err(e) => return Ok(Err(e)),
            };
            let id = *entry.id();
            let issuer = match &args.issuer {
                Some(i) if i.trim().is_empty() => None,
                Some(i) => Some(i.trim().to_owned()),
                None => entry.issuer.clone(),
            };
            let label = args.label.clone().unwrap_or_else(|| entry.label.clone());
            let shown = name(issuer.as_deref(), &label);
            contents.rename(&id, issuer, label, now)?;
            Ok(Ok(shown))
        })
        .map_err(vault_error)??;
    println!("renamed to {renamed}");
    Ok(ExitCode::SUCCESS)
}
