//! `twofold`: the command-line front end of Twofold, over `twofold-core`.
//!
//! Exit codes, stable for scripts: 0 success, 1 a refused operation or bad
//! input, 2 a usage or I/O error.

mod commands;
mod error;
mod json;

use std::process::ExitCode;

use clap::{Parser, Subcommand};


#[derive(Parser)]
#[command(name = "twofold", version, about = "Twofold: one-time codes on the desktop")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the current code of an account.
    Code(commands::code::Args),
    /// Show the accounts in otpauth URIs, Google Authenticator exports or files of them, storing nothing.
    Inspect(commands::inspect::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(args) => commands::code::run(args),
        Command::Inspect(args) => commands::inspect::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("twofold: {e}");
            e.exit_code()
        }
    }
}
