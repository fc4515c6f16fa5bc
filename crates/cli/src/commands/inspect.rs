//! `twofold inspect INPUT... [--json]`: what URIs, files and images hold, storing nothing.
//!
//! An INPUT is an otpauth / otpauth-migration URI, a file of them one per
//! line, an image of QR codes (known by its first bytes, not its name), or
//! another authenticator's export file (every format of
//! `twofold_core::import::Format`), detected from its content. Each account
//! read with something let pass gets a `warning:` line on stderr.

use std::path::Path;
use std::process::ExitCode;

use twofold_core::import::{self, Encrypted, Format, SkipReason};
use twofold_core::input::{self, describe_uri, Collector, FileKind, Found, InputError};
use zeroize::Zeroizing;

use crate::error::CliError;
use crate::json;
use crate::vault_access::{prompt_or, read_stdin_line_or_end};

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
    /// Read the export file's password from the first line of standard input, one line
    /// per encrypted file in the order given (else TWOFOLD_FILE_PASSWORD, else a prompt).
    #[arg(long)]
    pub file_password_stdin: bool,
}

impl FilePassword {
    /// The password is typed at the terminal (so a wrong one can be typed again).
    fn prompts(&self) -> bool {
        !self.file_password_stdin && std::env::var_os("TWOFOLD_FILE_PASSWORD").is_none()
    }

    fn get(&self, path: &str, format: Format) -> Result<Zeroizing<String>, CliError> {
        if self.file_password_stdin {
            return read_stdin_line_or_end()?.ok_or_else(|| {
                CliError::Usage(format!(
                    "standard input has no password left for {path}: give one line per encrypted file, \
                     in the order of the files (or TWOFOLD_FILE_PASSWORD for all of them)"
                ))
            });
        }
        if let Ok(p) = std::env::var("TWOFOLD_FILE_PASSWORD") {
            return Ok(Zeroizing::new(p));
        }
        // The export's own password: following the vault's options would not help.
        prompt_or(&format!("Password of {path} ({}): ", format.name()), "--file-password-stdin or TWOFOLD_FILE_PASSWORD")
    }
}

/// What the inputs held, and which formats they were in.
pub struct Gathered {
    pub found: Found,
    /// Each format once, in the order first met.
    pub formats: Vec<&'static str>,
    /// Each input and the format it was read as.
    pub files: Vec<(String, &'static str)>,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let Gathered { found, formats, files } = gather(&args.inputs, &args.password)?;
    if args.json {
        println!("{}", json::inspection(&found, &formats.join(", "), &files));
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
    let mut files = Vec::new();
    let mut note = |input: &str, name: &'static str| {
        files.push((input.to_owned(), name));
        if !formats.contains(&name) {
            formats.push(name);
        }
    };
    for input in inputs {
        if looks_like_uri(input) && !Path::new(input).exists() {
            collector.add_uri(&describe_uri(input), None, input);
            note(input, uri_format(input).name());
            continue;
        }
        let bytes = read_file(input)?;
        match collector.add_file(input, &bytes) {
            FileKind::Image => note(input, "QR code image"),
            FileKind::Read(format) => note(input, format.name()),
            FileKind::Unreadable => note(input, "unknown"),
            FileKind::NeedsPassword(encrypted) => {
                open(&mut collector, input, &encrypted, password)?;
                note(input, encrypted.format().name());
            }
        }
    }
    // Steam Desktop Authenticator's encrypted folder: its files, given together, open with one passkey.
    if let Some((manifest, encrypted)) = collector.take_encrypted() {
        open(&mut collector, &manifest, &encrypted, password)?;
    }
    let found = collector.finish();
    print_skipped(&found);
    Ok(Gathered { found, formats, files })
}

/// Opens an encrypted export with its password and adds what it holds. A wrong
/// password typed at the prompt is asked again (three tries); one given by
/// `--file-password-stdin` or the environment is an error of that file, and the
/// other files are still read (the JSON still printed, the rest still imported).
fn open(collector: &mut Collector, input: &str, encrypted: &Encrypted, password: &FilePassword) -> Result<(), CliError> {
    const TRIES: usize = 3;
    for attempt in 1..=TRIES {
        let error = |message: String| InputError { source: input.to_owned(), line: None, message };
        match encrypted.decrypt(&password.get(input, encrypted.format())?) {
            Ok(result) => collector.add_import(input, result),
            Err(import::ImportError::WrongPassword) if password.prompts() && attempt < TRIES => {
                eprintln!("{input}: {}; try again", encrypted.wrong_password_message());
                continue;
            }
            Err(import::ImportError::WrongPassword) => collector.push_error(error(encrypted.wrong_password_message())),
            Err(e) => collector.push_error(error(e.to_string())),
        }
        break;
    }
    Ok(())
}

fn uri_format(uri: &str) -> Format {
    let scheme = uri.trim_start().get(..18).unwrap_or_default();
    if scheme.eq_ignore_ascii_case("otpauth-migration:") {
        Format::GoogleMigration
    } else {
        Format::OtpauthList
    }
}

/// What was left out on purpose: a count per reason, and the trashed ones by
/// name (a person may be looking for one; items without a code are many and dull).
fn print_skipped(found: &Found) {
    let no_code = found.skipped_items.iter().filter(|s| s.item.reason == SkipReason::NoCode).count();
    if no_code > 0 {
        eprintln!("{no_code} item(s) without a one-time code skipped");
    }
    for s in found.skipped_items.iter().filter(|s| s.item.reason != SkipReason::NoCode) {
        eprintln!("{s}");
    }
}

/// What was let pass in reading an account, on standard error beside the review.
pub fn print_warnings(imported: &twofold_core::import::ImportedAccount) {
    let name = crate::select::name(imported.account.issuer.as_deref(), &imported.account.label);
    for warning in &imported.warnings {
        eprintln!("warning: {name}: {warning}");
    }
}

fn looks_like_uri(input: &str) -> bool {
    input.trim_start().contains("://")
}

fn read_file(path: &str) -> Result<Vec<u8>, CliError> {
    input::read_file(Path::new(path)).map_err(|e| CliError::Usage(format!("{path}: {e}")))
}

fn print_table(found: &Found) {
    for imported in &found.accounts {
        let a = &imported.account;
        let otp = &a.otp;
        let name = crate::select::name(a.issuer.as_deref(), &a.label);
        let timing = match (otp.period(), otp.counter()) {
            (Some(p), _) => format!("{p} s"),
            (None, Some(c)) => format!("counter {c}"),
            (None, None) => String::new(),
        };
        println!("{name}\t{} {} {} digits {timing}", otp.kind().as_str().to_uppercase(), otp.hash_name(), otp.digits());
        print_warnings(imported);
    }
    println!("{} account(s), {} error(s)", found.accounts.len(), found.errors.len());
}
