//! `twofold inspect INPUT... [--json]`: what URIs and files hold, storing nothing.

use std::path::Path;
use std::process::ExitCode;

use twofold_core::input::{describe_uri, Collector, Found};

use crate::error::CliError;
use crate::json;

#[derive(clap::Args)]
pub struct Args {
    /// otpauth:// or otpauth-migration:// URIs, or files holding them one per line.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    /// Print one JSON object (with secrets) instead of a table (without).
    #[arg(long)]
    json: bool,
}

/// Files larger than this are not URI lists; refuse before reading them whole.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let mut collector = Collector::new();
    for input in &args.inputs {
        if looks_like_uri(input) && !Path::new(input).exists() {
            collector.add_uri(&describe_uri(input), None, input);
        } else {
            let text = read_file(input)?;
            collector.add_text(input, &text);
        }
    }
    let found = collector.finish();
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

fn looks_like_uri(input: &str) -> bool {
    input.trim_start().contains("://")
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
