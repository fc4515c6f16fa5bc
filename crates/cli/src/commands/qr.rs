//! `twofold qr IMAGE... [--json]`: the QR payloads in images, as they are.
//!
//! Plain output is one payload per line (every image's, in order); problems
//! go to stderr, one line per image. `--json` prints
//! `{"results":[{"file":string,"payloads":[string],"error":string|null}]}`.
//! Exit 0 when every image had at least one code, 1 when one had none (or
//! was no image), 2 when a file could not be read.

use std::process::ExitCode;

use serde::Serialize;
use twofold_core::qr::{self, Options, QrError, Strategy};

use crate::error::CliError;

#[derive(clap::Args)]
pub struct Args {
    /// Image files: PNG, JPEG, WebP, BMP or GIF (by content, whatever the name).
    #[arg(required = true, value_name = "IMAGE")]
    images: Vec<String>,
    /// Print one JSON object instead of lines.
    #[arg(long)]
    json: bool,
    /// Print each image's decode and search time to stderr (for benchmarks).
    #[arg(long, hide = true)]
    timings: bool,
    /// Which detectors run: full (default), fast (first pass only) or rqrr (rqrr alone); for benchmarks.
    #[arg(long, hide = true, value_parser = ["full", "fast", "rqrr"], default_value = "full")]
    strategy: String,
}

/// One image's outcome, as `--json` prints it.
#[derive(Serialize)]
pub struct ResultJson {
    pub file: String,
    pub payloads: Vec<String>,
    pub error: Option<String>,
}

/// The `--json` document.
#[derive(Serialize)]
pub struct ResultsJson {
    pub results: Vec<ResultJson>,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let strategy = match args.strategy.as_str() {
        "fast" => Strategy::FastOnly,
        "rqrr" => Strategy::RqrrOnly,
        _ => Strategy::Full,
    };
    let options = Options::with_strategy(strategy);
    let mut results = Vec::new();
    let mut unreadable = false;
    for file in &args.images {
        let outcome = qr::read_image_file(file).and_then(|bytes| qr::search_bytes(&bytes, &options));
        let result = match outcome {
            Ok(report) => {
                if args.timings {
                    let by: Vec<_> = report.codes.iter().map(|c| c.found_by).collect();
                    eprintln!(
                        "timing\t{file}\tload_ms={:.3}\tsearch_ms={:.3}\tfound_by={}",
                        report.load_time.as_secs_f64() * 1e3,
                        report.search_time.as_secs_f64() * 1e3,
                        by.join(",")
                    );
                }
                let payloads = report.payloads();
                let error = payloads.is_empty().then(|| QrError::NoQrCode.to_string());
                ResultJson { file: file.clone(), payloads, error }
            }
            Err(e) => {
                unreadable |= matches!(e, QrError::Io(_));
                ResultJson { file: file.clone(), payloads: Vec::new(), error: Some(e.to_string()) }
            }
        };
        results.push(result);
    }
    print_results(&results, args.json);
    Ok(exit_code(&results, unreadable))
}

/// Prints payloads (or JSON) to stdout and each problem to stderr.
pub fn print_results(results: &[ResultJson], json: bool) {
    if json {
        let doc = ResultsJson {
            results: results
                .iter()
                .map(|r| ResultJson { file: r.file.clone(), payloads: r.payloads.clone(), error: r.error.clone() })
                .collect(),
        };
        println!("{}", serde_json::to_string(&doc).expect("plain structs always serialize"));
    } else {
        for r in results {
            for p in &r.payloads {
                println!("{p}");
            }
        }
    }
    for r in results {
        if let Some(e) = &r.error {
            eprintln!("twofold: {}: {e}", r.file);
        }
    }
}

/// 0 when every source had a code, 2 when one could not be read, else 1.
pub fn exit_code(results: &[ResultJson], unreadable: bool) -> ExitCode {
    if unreadable {
        ExitCode::from(2)
    } else if results.iter().all(|r| !r.payloads.is_empty()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
