//! `twofold scan-screen [--json]`: the QR payloads on every monitor.
//!
//! On X11 every monitor is read directly; on Wayland the desktop's Screenshot
//! portal is asked, quietly first (which works once the person has allowed
//! screenshots for Twofold; the portal asks once otherwise), then with the
//! desktop's own screenshot UI. The portal's file is deleted once read.
//!
//! Output as `twofold qr`, with `screen 1`, `screen 2`, ... (or `the screenshot`)
//! as file names. Exit 0 when some screen shows a code, 1 when none does, 2
//! when the screen cannot be captured (no display; no portal; cancelled).

use std::process::ExitCode;

use crate::error::CliError;

#[derive(clap::Args)]
pub struct Args {
    /// Print one JSON object instead of lines.
    #[arg(long)]
    json: bool,
}

#[cfg(feature = "capture")]
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    use twofold_core::capture::{self, PortalMode};

    use crate::commands::qr::{print_results, ResultJson};

    let screens = capture::capture_screens(PortalMode::QuietThenInteractive).map_err(|e| CliError::Usage(e.to_string()))?;
    let results: Vec<ResultJson> = screens
        .decode()
        .into_iter()
        .map(|(file, decoded)| match decoded {
            Ok(payloads) => ResultJson { file, payloads, error: None },
            Err(e) => ResultJson { file, payloads: Vec::new(), error: Some(e.to_string()) },
        })
        .collect();
    let any = results.iter().any(|r| !r.payloads.is_empty());
    // One screen without a code is normal when another shows one: only say so when none does.
    let shown: Vec<ResultJson> =
        if any && !args.json { results.into_iter().filter(|r| !r.payloads.is_empty()).collect() } else { results };
    print_results(&shown, args.json);
    Ok(if any { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

#[cfg(not(feature = "capture"))]
pub fn run(_args: Args) -> Result<ExitCode, CliError> {
    Err(CliError::Usage("this build of twofold cannot capture the screen (built without the `capture` feature); take a screenshot and run `twofold qr` on it".into()))
}
