//! `twofold code --uri URI [--at UNIX_SECONDS]`: the code of a URI, a line alone.
//! `twofold code QUERY [--at UNIX_SECONDS] [--json]`: the code of a vault account;
//! a HOTP account moves on to its next counter, saved before the code is shown.

use std::process::ExitCode;

use serde::Serialize;
use twofold_core::{uri, OtpKind};

use crate::error::CliError;
use crate::select::one;
use crate::vault_access::{vault_error, VaultArgs};

#[derive(clap::Args)]
pub struct Args {
    /// Part of an account's issuer or label (case-insensitive); must match one account.
    #[arg(required_unless_present = "uri", conflicts_with = "uri")]
    query: Option<String>,
    /// An otpauth:// URI instead of a vault account (for HOTP, its counter is used).
    #[arg(long)]
    uri: Option<String>,
    /// Compute the code for this Unix time instead of now.
    #[arg(long, value_name = "UNIX_SECONDS")]
    at: Option<u64>,
    /// Print a JSON object with the code, the next code and the seconds left.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct CodeJson {
    issuer: Option<String>,
    label: String,
    #[serde(rename = "type")]
    kind: &'static str,
    code: String,
    next_code: String,
    seconds_left: Option<u32>,
    counter: Option<u64>,
}

pub fn run(vault: &VaultArgs, args: Args) -> Result<ExitCode, CliError> {
    let at = args.at.unwrap_or_else(super::now);
    let shown = match (&args.uri, &args.query) {
        (Some(u), _) => {
            let a = uri::parse(u).map_err(|e| CliError::Refused(e.to_string()))?;
            describe(a.issuer, a.label, &a.otp, at)
        }
        (None, Some(query)) => from_vault(vault, query, at)?,
        (None, None) => return Err(CliError::Usage("give an account QUERY or --uri".into())),
    };
    if args.json {
        println!("{}", serde_json::to_string(&shown).expect("plain struct"));
    } else {
        println!("{}", shown.code);
    }
    Ok(ExitCode::SUCCESS)
}

fn from_vault(vault: &VaultArgs, query: &str, at: u64) -> Result<CodeJson, CliError> {
    let open = vault.open()?;
    let entry = one(&open.loaded.contents, query)?;
    if entry.otp.kind() != OtpKind::Hotp {
        return Ok(describe(entry.issuer.clone(), entry.label.clone(), &entry.otp, at));
    }
    // HOTP: show the code of the current counter and save the next one, under
    // the vault lock, so two runs never print the same code.
    let id = *entry.id();
    let now = super::now();
    open
        .update(|contents| {
            let entry = contents.get(&id).ok_or_else(|| twofold_core::vault::VaultError::NoSuchEntry { id: id.to_string() })?;
            let shown = describe(entry.issuer.clone(), entry.label.clone(), &entry.otp, at);
            contents.increment_counter(&id, now)?;
            Ok(shown)
        })
        .map_err(vault_error)
}

fn describe(issuer: Option<String>, label: String, otp: &twofold_core::Otp, at: u64) -> CodeJson {
    CodeJson {
        issuer,
        label,
        kind: otp.kind().as_str(),
        code: otp.code_at(at),
        next_code: otp.next_code_at(at),
        seconds_left: otp.seconds_left(at),
        counter: otp.counter(),
    }
}
