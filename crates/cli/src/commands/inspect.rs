//! `twofold inspect INPUT... [--json]`: what URIs, files and images hold, storing nothing.
//!
//! An INPUT is an otpauth / otpauth-migration URI, a file of them one per
//! line, an image of QR codes (known by its first bytes, not its name), or
//! another authenticator's export file (Aegis, 2FAS, andOTP, Bitwarden, Ente
//! Auth, FreeOTP+, Proton Authenticator), detected from its content.

use std::path::Path;
use std::process::ExitCode;

use twofold_core::import::{self, Format};
use twofold_core::input::{self, describe_uri, Collector, FileKind, Found, InputError};
use zeroize::Zeroizing;

use crate::error::CliError;
use crate::json;
use crate::vault_access::{prompt, read_stdin_line};

#[derive(clap::Args)]
pub struct Args {
    /// URIs, files of URIs, images of QR codes (several images of one Google
    /// export may be given at once), or other authenticators' export files.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    #[command(flatten)]
    password: FilePassword,
    /// Print one JSON object (with secrets) instead of a table (without).
    #[arg(long)]
    json: bool,
}

/// Where the password of an encrypted export comes from.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct FilePassword {
    /// Read the export file's password from the first line of standard input
    /// (else TWOFOLD_FILE_PASSWORD, else a prompt).
    #[arg(long)]
    pub file_password_stdin: bool,
}

impl FilePassword {
    fn get(&self, path: &str, format: Format) -> Result<Zeroizing<String>, CliError> {
        if self.file_password_stdin {
            return read_stdin_line();
        }
        if let Ok(p) = std::env::var("TWOFOLD_FILE_PASSWORD") {
            return Ok(Zeroizing::new(p));
        }
        prompt(&format!("Password of {path} ({}): ", format.name()))
    }
}

/// What the inputs held, and which formats they were in.
pub struct Gathered {
    pub found: Found,
    pub formats: Vec<&'static str>,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let Gathered { found, formats } = gather(&args.inputs, &args.password)?;
    if args.json {
        println!("{}", json::inspection(&found, &formats.join(", ")));
    } else {
        print_table(&found);
    }
    for e in &found.errors {
        eprintln!("{e}");
    }
    Ok(if found.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Reads every input: what `inspect` shows and `import` stores. An unreadable
/// file is a usage error (exit 2); what a readable input gets wrong is in `errors`.
pub fn gather(inputs: &[String], password: &FilePassword) -> Result<Gathered, CliError> {
    let mut collector = Collector::new();
    let mut formats = Vec::new();
    let mut note = |name: &'static str| {
        if !formats.contains(&name) {
            formats.push(name);
        }
    };
    for input in inputs {
        if looks_like_uri(input) && !Path::new(input).exists() {
            collector.add_uri(&describe_uri(input), None, input);
            note(uri_format(input).name());
            continue;
        }
        let bytes = read_file(input)?;
        match collector.add_file(input, &bytes) {
            FileKind::Image => note("QR code image"),
            FileKind::Read(format) => note(format.name()),
            FileKind::NeedsPassword(encrypted) => {
                let format = encrypted.format();
                match encrypted.decrypt(&password.get(input, format)?) {
                    Ok(result) => collector.add_import(input, result),
                    Err(import::ImportError::WrongPassword) => {
                        return Err(CliError::Refused(format!("{input}: the password is wrong")))
                    }
                    Err(e) => collector.push_error(InputError { source: input.clone(), line: None, message: e.to_string() }),
                }
                note(format.name());
            }
        }
    }
    let found = collector.finish();
    if found.skipped > 0 {
        eprintln!("{} item(s) without a one-time code skipped", found.skipped);
    }
    Ok(Gathered { found, formats })
}

fn uri_format(uri: &str) -> Format {
    let scheme = uri.trim_start().get(..18).unwrap_or_default();
    if scheme.eq_ignore_ascii_case("otpauth-migration:") {
        Format::GoogleMigration
    } else {
        Format::OtpauthList
    }
}

fn looks_like_uri(input: &str) -> bool {
    input.trim_start().contains("://")
}

fn read_file(path: &str) -> Result<Vec<u8>, CliError> {
    input::read_file(Path::new(path)).map_err(|e| CliError::Usage(format!("{path}: {e}")))
}

fn print_table(found: &Found) {
    for a in found.accounts.iter().map(|a| &a.account) {
        let otp = &a.otp;
        let name = crate::select::name(a.issuer.as_deref(), &a.label);
        let timing = match (otp.period(), otp.counter()) {
            (Some(p), _) => format!("{p} s"),
            (None, Some(c)) => format!("counter {c}"),
            (None, None) => String::new(),
        };
        println!("{name}\t{} {} {} digits {timing}", otp.kind().as_str().to_uppercase(), otp.algorithm().as_str(), otp.digits());
    }
    println!("{} account(s), {} error(s)", found.accounts.len(), found.errors.len());
}
