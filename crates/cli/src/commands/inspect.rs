//! `twofold inspect INPUT... [--json]`: what URIs and files hold, storing nothing.

use std::path::Path;
use std::process::ExitCode;

use twofold_core::input::{describe_uri, Collector, Found, InputError};
use twofold_core::qr;

use crate::error::CliError;
use crate::json;

#[derive(clap::Args)]
pub struct Args {
    /// otpauth:// or otpauth-migration:// URIs, files holding them one per line, or
    /// images of QR codes (several images of one Google export may be given at once).
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    /// Print one JSON object (with secrets) instead of a table (without).
    #[arg(long)]
    json: bool,
}

/// Files larger than this are not URI lists; refuse before reading them whole.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let found = gather(&args.inputs)?;
    if args.json {
        println!("{}", json::inspection(&found));
    } else {
        print_table(&found);
    }
    for e in &found.errors {
        eprintln!("{e}");
    }
    Ok(if found.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Reads every input (URI, file of URIs, or image of QR codes): what `inspect`
/// shows and `import` stores. An unreadable file is a usage error (exit 2).
pub fn gather(inputs: &[String]) -> Result<Found, CliError> {
    let mut collector = Collector::new();
    let mut image_errors = Vec::new();
    for input in inputs {
        if looks_like_uri(input) && !Path::new(input).exists() {
            collector.add_uri(&describe_uri(input), None, input);
        } else if is_image_file(input)? {
            add_image(&mut collector, &mut image_errors, input)?;
        } else {
            let text = read_file(input)?;
            collector.add_text(input, &text);
        }
    }
    let mut found = collector.finish();
    found.errors.extend(image_errors);
    Ok(found)
}

fn looks_like_uri(input: &str) -> bool {
    input.trim_start().contains("://")
}

/// Whether the file starts like a picture (magic bytes, not its name).
fn is_image_file(path: &str) -> Result<bool, CliError> {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else { return Ok(false) }; // read_file reports it
    let mut head = Vec::with_capacity(32);
    file.take(32).read_to_end(&mut head).map_err(|e| CliError::Usage(format!("{path}: cannot read the file: {e}")))?;
    Ok(qr::is_image(&head))
}

/// Reads the QR codes of an image; each payload goes in as a URI of its own.
/// What is not a 2FA code (a web address, no code at all) is an error of that image.
fn add_image(collector: &mut Collector, errors: &mut Vec<InputError>, path: &str) -> Result<(), CliError> {
    let error = |message: String| InputError { source: path.to_owned(), line: None, message };
    let payloads = match qr::read_image_file(path).and_then(|bytes| qr::decode_image_bytes(&bytes)) {
        Ok(payloads) => payloads,
        Err(qr::QrError::Io(e)) => return Err(CliError::Usage(format!("{path}: cannot read the file: {e}"))),
        Err(e) => {
            errors.push(error(e.to_string()));
            return Ok(());
        }
    };
    for payload in payloads {
        match qr::classify(&payload).refusal() {
            None => collector.add_uri(path, None, &payload),
            Some(why) => errors.push(error(why.to_owned())),
        }
    }
    Ok(())
}

fn read_file(path: &str) -> Result<String, CliError> {
    let io = |e: std::io::Error| CliError::Usage(format!("{path}: cannot read the file: {e}"));
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(CliError::Usage(format!("{path}: is a folder, not a file")));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(CliError::Usage(format!("{path}: the file is too large ({} bytes; at most {MAX_FILE_BYTES})", meta.len())));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    String::from_utf8(bytes).map_err(|_| CliError::Usage(format!("{path}: the file is not UTF-8 text")))
}

fn print_table(found: &Found) {
    for a in &found.accounts {
        let otp = &a.otp;
        let name = match &a.issuer {
            Some(issuer) if !a.label.is_empty() => format!("{issuer} ({})", a.label),
            Some(issuer) => issuer.clone(),
            None => a.label.clone(),
        };
        let timing = match (otp.period(), otp.counter()) {
            (Some(p), _) => format!("{p} s"),
            (None, Some(c)) => format!("counter {c}"),
            (None, None) => String::new(),
        };
        println!("{name}\t{} {} {} digits {timing}", otp.kind().as_str().to_uppercase(), otp.algorithm().as_str(), otp.digits());
    }
    println!("{} account(s), {} error(s)", found.accounts.len(), found.errors.len());
}
