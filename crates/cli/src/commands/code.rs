//! `twofold code --uri URI [--at UNIX_SECONDS]`: one code, a line alone.

use std::process::ExitCode;

use twofold_core::uri;

use crate::error::CliError;

#[derive(clap::Args)]
pub struct Args {
    /// An otpauth:// URI (for HOTP, its counter is used).
    #[arg(long)]
    uri: String,
    /// Compute the code for this Unix time instead of now.
    #[arg(long, value_name = "UNIX_SECONDS")]
    at: Option<u64>,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let account = uri::parse(&args.uri).map_err(|e| CliError::Refused(e.to_string()))?;
    let at = args.at.unwrap_or_else(super::now);
    println!("{}", account.otp.code_at(at));
    Ok(ExitCode::SUCCESS)
}
