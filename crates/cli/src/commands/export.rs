//! `twofold export --format F [--out PATH]`: the vault's accounts for another
//! app, another machine or paper.
//!
//! | F | Output | Read back by |
//! |---|---|---|
//! | `twofold` | Twofold encrypted backup (password + the recovery kit, no keyring) | `twofold import` |
//! | `aegis` | Aegis vault JSON, unencrypted | Aegis, `twofold import` |
//! | `aegis-encrypted` | Aegis vault JSON, password-protected | Aegis, `twofold import` |
//! | `uris` | one otpauth:// URI per line, unencrypted | `twofold import`, any app |
//! | `google-qr` | Google Authenticator transfer QR codes: `--out` is a folder of PNGs | Google Authenticator, `twofold import` |
//! | `html` | a printable page with one QR code per account, unencrypted | a phone's camera |
//!
//! Opening the vault is the re-authentication (keyring or password, as for
//! any command). The export's own password comes from
//! `TWOFOLD_EXPORT_PASSWORD`, else is asked twice at the terminal. Without
//! `--out`, text formats go to standard output; binary ones need `--out`.
//! Files are created new (an existing file is never replaced) and, on Unix,
//! readable by their owner only.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use twofold_core::export::{self, ExportError, ExportFormat, GoogleExport, Rendered};
use zeroize::Zeroizing;

use crate::error::CliError;
use crate::vault_access::{prompt_new, VaultArgs};

#[derive(clap::Args)]
pub struct Args {
    /// What to write.
    #[arg(long, value_enum)]
    format: Format,
    /// The file to write (for google-qr, a folder). Without it, text formats go to standard output.
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum Format {
    /// Twofold encrypted backup (needs a password).
    Twofold,
    /// Aegis vault JSON, unencrypted.
    Aegis,
    /// Aegis vault JSON, encrypted (needs a password).
    AegisEncrypted,
    /// One otpauth:// URI per line, unencrypted.
    Uris,
    /// Google Authenticator transfer QR codes, PNG files in the --out folder.
    GoogleQr,
    /// A printable HTML page, one QR code per account, unencrypted.
    Html,
}

impl Format {
    fn core(self) -> ExportFormat {
        match self {
            Format::Twofold => ExportFormat::TwofoldBackup,
            Format::Aegis => ExportFormat::Aegis,
            Format::AegisEncrypted => ExportFormat::AegisEncrypted,
            Format::Uris => ExportFormat::UriList,
            Format::GoogleQr => ExportFormat::GoogleQr,
            Format::Html => ExportFormat::PrintablePage,
        }
    }
}

const UNENCRYPTED: &str =
    "twofold: warning: this export is unencrypted: anyone who reads it can make your codes; keep it safe and delete it when done";

pub fn run(vault: &VaultArgs, args: Args) -> Result<ExitCode, CliError> {
    let format = args.format.core();
    if !format.is_text() && args.out.is_none() {
        return Err(CliError::Usage(format!("{} is binary: give --out PATH", format.name())));
    }
    if let Some(out) = &args.out {
        check_free(out, format)?;
    }
    let open = vault.open()?;
    let contents = &open.loaded.contents;
    let password = if format.needs_password() { Some(export_password()?) } else { None };
    let password = password.as_deref().map(String::as_str).unwrap_or_default();
    let recovery = open.loaded.info.recovery_public_key();
    let bytes = match export::render(format, contents, password, recovery).map_err(export_error)? {
        Rendered::Google(google) => return google_files(&google, contents.len(), args.out.as_deref().unwrap_or(Path::new(""))),
        Rendered::File(bytes) => bytes,
    };
    if !format.needs_password() {
        eprintln!("{UNENCRYPTED}");
    }
    match &args.out {
        Some(path) => write_file(path, &bytes)?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(&bytes)
                .and_then(|()| stdout.flush())
                .map_err(|e| CliError::Usage(format!("cannot write to standard output: {e}")))?;
        }
    }
    if format == ExportFormat::TwofoldBackup {
        let how = if recovery.is_some() { "its password or your recovery key" } else { "its password" };
        eprintln!("{} account(s) exported; the backup opens with {how}", contents.len());
    } else {
        eprintln!("{} account(s) exported", contents.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// One PNG per QR code in the folder `dir`; accounts the format cannot carry are listed (exit 1).
fn google_files(export: &GoogleExport, total: usize, dir: &Path) -> Result<ExitCode, CliError> {
    for left in &export.left_out {
        eprintln!("left out {}: {}", left.name, left.reason);
    }
    if export.images.is_empty() {
        return Err(CliError::Refused("no account can be exported to Google Authenticator".into()));
    }
    fs::create_dir_all(dir).map_err(|e| CliError::Usage(format!("{}: cannot create the folder: {e}", dir.display())))?;
    let n = export.images.len();
    for (i, png) in export.images.iter().enumerate() {
        let path = dir.join(format!("google-export-{}-of-{n}.png", i + 1));
        write_file(&path, png)?;
        println!("{}", path.display());
    }
    eprintln!("{UNENCRYPTED}");
    eprintln!(
        "{} account(s) in {n} QR code(s); scan them in order with Google Authenticator (Transfer accounts > Import)",
        total - export.left_out.len()
    );
    Ok(if export.left_out.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn export_password() -> Result<Zeroizing<String>, CliError> {
    match std::env::var("TWOFOLD_EXPORT_PASSWORD") {
        Ok(p) if !p.is_empty() => Ok(Zeroizing::new(p)),
        Ok(_) => Err(CliError::Usage("TWOFOLD_EXPORT_PASSWORD is empty".into())),
        Err(_) => prompt_new("Password for the export: "),
    }
}

/// Refuses, before any work, to replace a file (or, for google-qr, to write into a file).
fn check_free(out: &Path, format: ExportFormat) -> Result<(), CliError> {
    if format == ExportFormat::GoogleQr {
        if out.exists() && !out.is_dir() {
            return Err(CliError::Usage(format!("{}: --out must be a folder for google-qr", out.display())));
        }
    } else if out.exists() {
        return Err(CliError::Usage(format!("{}: a file is already there; Twofold will not overwrite it", out.display())));
    }
    Ok(())
}

/// Writes a new file, owner-only on Unix; never replaces one, never leaves half of one.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    export::save_new(path, bytes).map_err(|e| CliError::Usage(format!("{}: cannot write the file: {e}", path.display())))
}

fn export_error(e: ExportError) -> CliError {
    match e {
        ExportError::EmptyPassword => CliError::Usage(e.to_string()),
        other => CliError::Refused(other.to_string()),
    }
}
