//! `twofold list [--json]`: the accounts, without secrets.

use std::process::ExitCode;

use crate::error::CliError;
use crate::json;
use crate::select::name;
use crate::vault_access::VaultArgs;

#[derive(clap::Args)]
pub struct Args {
    /// Print `{"accounts":[...]}` (no secrets).
    #[arg(long)]
    json: bool,
}

pub fn run(vault: &VaultArgs, args: Args) -> Result<ExitCode, CliError> {
    let open = vault.open()?;
    let entries = open.loaded.contents.entries();
    if args.json {
        println!("{}", json::list(entries));
        return Ok(ExitCode::SUCCESS);
    }
    for e in entries {
        let otp = &e.otp;
        println!("{}\t{}\t{} {} digits", e.id(), name(e.issuer.as_deref(), &e.label), otp.kind().as_str().to_uppercase(), otp.digits());
    }
    eprintln!("{} account(s)", entries.len());
    Ok(ExitCode::SUCCESS)
}
