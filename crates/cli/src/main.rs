//! `twofold`: the command-line front end of Twofold, over `twofold-core`.
//!
//! Exit codes, stable for scripts: 0 success, 1 a refused operation (wrong
//! password, not found, ambiguous, tampered) or bad input, 2 a usage or I/O error.

mod commands;
mod error;
mod json;
mod select;
mod vault_access;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::vault_access::VaultArgs;

#[derive(Parser)]
#[command(name = "twofold", version, about = "Twofold: one-time codes on the desktop")]
struct Cli {
    #[command(flatten)]
    vault: VaultArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a vault (protected by the OS keyring, or a password) and print its recovery key once.
    Init(commands::init::Args),
    /// Add accounts from otpauth:// or otpauth-migration:// URIs.
    Add(commands::add::AddArgs),
    /// Add the accounts of anything `inspect` reads.
    Import(commands::add::ImportArgs),
    /// Write the accounts out: a Twofold backup, Aegis JSON, otpauth URIs, Google QR codes or a printable page.
    Export(commands::export::Args),
    /// List the vault's accounts, without secrets.
    List(commands::list::Args),
    /// Print the current code of an account (or of a URI with --uri).
    Code(commands::code::Args),
    /// Remove an account.
    Remove(commands::edit::RemoveArgs),
    /// Change an account's issuer or label.
    Rename(commands::edit::RenameArgs),
    /// Backup (recovery) codes, in their own separately locked vault.
    #[command(subcommand)]
    BackupCodes(commands::backup_codes::Command),
    /// List an account's web sites (where its codes may be filled), or add and remove them.
    Sites(commands::sites::Args),
    /// The browser extension: install the host manifest, doctor, approve and list pairings.
    #[command(subcommand)]
    Browser(commands::browser::Command),
    /// Keep this vault in step with your other computers through a folder they share.
    Sync(commands::sync::Args),
    /// Show the accounts in URIs, files of them or QR images, storing nothing.
    Inspect(commands::inspect::Args),
    /// Print the payloads of the QR codes in images, one per line.
    Qr(commands::qr::Args),
    /// Capture every monitor and print the payloads of the QR codes shown.
    ScanScreen(commands::scan_screen::Args),
}

fn main() -> ExitCode {
    quiet_on_a_closed_pipe();
    twofold_core::panic_report::install("twofold");
    let cli = Cli::parse();
    let vault = &cli.vault;
    let result = match cli.command {
        Command::Init(args) => commands::init::run(vault, args),
        Command::Add(args) => commands::add::add(vault, args),
        Command::Import(args) => commands::add::import(vault, args),
        Command::Export(args) => commands::export::run(vault, args),
        Command::List(args) => commands::list::run(vault, args),
        Command::Code(args) => commands::code::run(vault, args),
        Command::Remove(args) => commands::edit::remove(vault, args),
        Command::Rename(args) => commands::edit::rename(vault, args),
        Command::BackupCodes(command) => commands::backup_codes::run(vault, command),
        Command::Sites(args) => commands::sites::run(vault, args),
        Command::Browser(command) => commands::browser::run(vault, command),
        Command::Sync(args) => commands::sync::run(vault, args),
        Command::Inspect(args) => commands::inspect::run(args),
        Command::Qr(args) => commands::qr::run(args),
        Command::ScanScreen(args) => commands::scan_screen::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("twofold: {e}");
            e.exit_code()
        }
    }
}

/// `twofold list | head -n1`: Rust ignores SIGPIPE, so printing to a closed
/// pipe would fail (and `println!` panics); like every Unix tool, the CLI is
/// instead ended quietly by the signal. Everything it saves is written
/// atomically, so an end mid-output leaves no half-written file.
fn quiet_on_a_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
