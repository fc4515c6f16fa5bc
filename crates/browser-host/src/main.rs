//! `twofold-browser-host`: the program a browser starts for Twofold's
//! extension (native messaging). It relays messages between the browser's
//! stdio and the running Twofold app's socket, both ways, and nothing more:
//! it holds no secret, opens no vault and decides nothing. Every answer is
//! the app's.
//!
//! - Frames are a 32-bit length in native byte order and UTF-8 JSON
//!   (`twofold_core::browser::frame`). A frame from the browser over 1 MiB,
//!   or cut short, ends the host (the stream cannot be trusted past it); a
//!   frame that is not a JSON object is answered with an error and dropped.
//!   Nothing over 1 MiB is ever written to the browser.
//! - Its first message to the app is a `host_hello` with the arguments the
//!   browser started it with (the extension's origin or id).
//! - With the app not running, it starts `twofold-desktop --tray` (beside
//!   this program, else on `PATH`; `TWOFOLD_DESKTOP` overrides) and waits for
//!   its socket. If that fails, each message is answered `app_not_running`.
//! - Nothing but frames goes to stdout; notes go to stderr, which the browser logs.
//!
//! Environment: `TWOFOLD_BROWSER_SOCKET` (the socket; default
//! `$XDG_RUNTIME_DIR/twofold/browser.sock`), `TWOFOLD_DESKTOP`,
//! `TWOFOLD_HOST_START_SECONDS` (how long to wait for a started app; default 20).

use std::io::{self, Read};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};
use twofold_core::browser::frame::{read_frame, write_frame, FrameError, MAX_MESSAGE};
use twofold_core::browser::socket_path;

/// The browser's end: stdout, shared by both directions, one frame at a time.
type Out = Arc<Mutex<io::Stdout>>;

fn main() -> ExitCode {
    let caller: Vec<String> = std::env::args().skip(1).collect();
    let out: Out = Arc::new(Mutex::new(io::stdout()));
    let mut input = io::stdin().lock();
    let app = match socket_path() {
        Ok(path) => connect_or_start(&path),
        Err(e) => Err(e.to_string()),
    };
    match app {
        Ok(stream) => relay(&mut input, &out, stream, &caller),
        Err(why) => {
            eprintln!("twofold-browser-host: {why}");
            answer_all(&mut input, &out, "app_not_running", &why)
        }
    }
}

/// The app's socket; when nothing listens, starts the app in the tray and waits for it.
fn connect_or_start(path: &Path) -> Result<UnixStream, String> {
    match UnixStream::connect(path) {
        Ok(s) => return Ok(s),
        Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused) => {}
        Err(e) => return Err(format!("could not reach Twofold at {}: {e}", path.display())),
    }
    let app = desktop_program();
    start(&app).map_err(|e| format!("Twofold is not running, and {} could not be started: {e}", app.display()))?;
    let wait = std::env::var("TWOFOLD_HOST_START_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    let until = Instant::now() + Duration::from_secs(wait);
    loop {
        if let Ok(s) = UnixStream::connect(path) {
            return Ok(s);
        }
        if Instant::now() >= until {
            return Err(format!("Twofold was started but did not open {} within {wait} s", path.display()));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `TWOFOLD_DESKTOP`, else `twofold-desktop` beside this program, else on `PATH`.
fn desktop_program() -> PathBuf {
    if let Some(p) = std::env::var_os("TWOFOLD_DESKTOP").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let beside = std::env::current_exe().ok().and_then(|exe| Some(exe.parent()?.join("twofold-desktop")));
    beside.filter(|p| p.is_file()).unwrap_or_else(|| PathBuf::from("twofold-desktop"))
}

/// Starts the app in the tray, in its own process group (so it outlives the
/// browser closing this host) and with no stdio (stdout is the browser's).
fn start(app: &Path) -> io::Result<()> {
    Command::new(app)
        .arg("--tray")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map(drop)
}

/// Says hello to the app, then copies frames both ways until either side closes.
fn relay(input: &mut impl Read, out: &Out, stream: UnixStream, caller: &[String]) -> ExitCode {
    let mut to_app = match stream.try_clone() {
        Ok(s) => s,
        Err(e) => return fail(out, 0, "app_not_running", &format!("could not use the app's socket: {e}")),
    };
    let mut from_app = stream;
    let hello = json!({"id": 0, "type": "host_hello", "caller": caller});
    if let Err(e) = write_frame(&mut to_app, hello.to_string().as_bytes(), MAX_MESSAGE) {
        // The app may have refused the connection before reading it (another user): say why.
        if let Ok(Some(refusal)) = read_frame(&mut from_app, MAX_MESSAGE - 1) {
            let _ = send(out, &refusal);
            return ExitCode::FAILURE;
        }
        return fail(out, 0, "app_not_running", &format!("the app did not take the hello: {e}"));
    }
    // The app's welcome is for the host; anything else (a refusal) goes to the browser.
    match read_frame(&mut from_app, MAX_MESSAGE) {
        Ok(Some(frame)) if is_welcome(&frame) => {}
        Ok(Some(frame)) => {
            let _ = send(out, &frame);
            return ExitCode::FAILURE;
        }
        Ok(None) => return fail(out, 0, "app_not_running", "the app closed the connection"),
        Err(e) => return fail(out, 0, "app_not_running", &format!("the app's answer could not be read: {e}")),
    }
    let replies = Arc::clone(out);
    std::thread::spawn(move || {
        // App → browser. When the app goes away, so does the host.
        let code = loop {
            match read_frame(&mut from_app, MAX_MESSAGE - 1) {
                Ok(Some(frame)) => {
                    if send(&replies, &frame).is_err() {
                        break 1;
                    }
                }
                Ok(None) => break 0,
                Err(e) => {
                    eprintln!("twofold-browser-host: from the app: {e}");
                    let _ = send(&replies, &error(0, "too_large", "Twofold's answer was too large for the browser"));
                    break 1;
                }
            }
        };
        std::process::exit(code);
    });
    // Browser → app.
    loop {
        match read_frame(input, MAX_MESSAGE) {
            Ok(Some(frame)) => match serde_json::from_slice::<Map<String, Value>>(&frame) {
                Ok(_) => {
                    if let Err(e) = write_frame(&mut to_app, &frame, MAX_MESSAGE) {
                        eprintln!("twofold-browser-host: to the app: {e}");
                        return ExitCode::FAILURE;
                    }
                }
                Err(_) => {
                    let id = request_id(&frame);
                    if send(out, &error(id, "bad_message", "the host received a message that is not a JSON object")).is_err() {
                        return ExitCode::FAILURE;
                    }
                }
            },
            Ok(None) => {
                let _ = to_app.shutdown(std::net::Shutdown::Both);
                return ExitCode::SUCCESS;
            }
            Err(e) => return bad_stream(out, &e),
        }
    }
}

/// No app: every message gets the same error, until the browser closes.
fn answer_all(input: &mut impl Read, out: &Out, code: &str, why: &str) -> ExitCode {
    loop {
        match read_frame(input, MAX_MESSAGE) {
            Ok(Some(frame)) => {
                if send(out, &error(request_id(&frame), code, why)).is_err() {
                    return ExitCode::FAILURE;
                }
            }
            Ok(None) => return ExitCode::SUCCESS,
            Err(e) => return bad_stream(out, &e),
        }
    }
}

/// A frame too large or cut short: say so once and stop.
fn bad_stream(out: &Out, e: &FrameError) -> ExitCode {
    eprintln!("twofold-browser-host: from the browser: {e}");
    fail(out, 0, "bad_message", &format!("the host stopped: {e}"))
}

fn fail(out: &Out, id: u64, code: &str, why: &str) -> ExitCode {
    let _ = send(out, &error(id, code, why));
    ExitCode::FAILURE
}

fn send(out: &Out, frame: &[u8]) -> Result<(), FrameError> {
    let mut out = out.lock().unwrap_or_else(|p| p.into_inner());
    write_frame(&mut *out, frame, MAX_MESSAGE - 1)
}

fn error(id: u64, code: &str, message: &str) -> Vec<u8> {
    json!({"id": id, "type": "error", "code": code, "message": message}).to_string().into_bytes()
}

fn is_welcome(frame: &[u8]) -> bool {
    serde_json::from_slice::<Value>(frame).is_ok_and(|v| v["type"] == "welcome")
}

fn request_id(frame: &[u8]) -> u64 {
    serde_json::from_slice::<Value>(frame).ok().and_then(|v| v.get("id")?.as_u64()).unwrap_or(0)
}
