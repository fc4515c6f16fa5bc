//! Screen and clipboard capture against a real X server.
//!
//! Ignored unless `TWOFOLD_TEST_DISPLAY=1`: they need a display, ImageMagick's
//! `display` and `xclip`. `run-capture-tests.sh` runs them under `xvfb-run`.
#![cfg(feature = "capture")]

mod qr_support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use qr_support::*;
use twofold_core::capture::{self, CaptureError};
use twofold_core::qr;

fn enabled() -> bool {
    if std::env::var("TWOFOLD_TEST_DISPLAY").as_deref() == Ok("1") {
        return true;
    }
    eprintln!("skipped: set TWOFOLD_TEST_DISPLAY=1 and run under a display (see run-capture-tests.sh)");
    false
}

/// Kills the helper program when the test ends, passing or not.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn temp_png(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("twofold-{}-{name}.png", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
#[ignore = "needs a display: run crates/core/tests/run-capture-tests.sh"]
fn scan_the_screen_finds_a_code_shown_in_a_window() {
    if !enabled() {
        return;
    }
    let payload = uri(40);
    let path = temp_png("screen", &qr::encode_png(&payload, 4).unwrap());
    let _window = Killed(
        Command::new("display")
            .args(["-geometry", "+100+100"])
            .arg(&path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("ImageMagick's `display` runs"),
    );
    // The window takes a moment to map; look until it shows.
    let start = Instant::now();
    let mut last = String::new();
    while start.elapsed() < Duration::from_secs(20) {
        let screens = capture::capture_screens(capture::PortalMode::Quiet).expect("the screen is captured");
        assert!(matches!(screens, capture::Screens::Monitors(_)), "X11 reads the monitors directly");
        let decoded = screens.decode();
        assert!(!decoded.is_empty());
        let found: Vec<String> = decoded.into_iter().filter_map(|(_, d)| d.ok()).flatten().collect();
        if found.contains(&payload) {
            std::fs::remove_file(&path).ok();
            return;
        }
        last = format!("found {found:?}");
        std::thread::sleep(Duration::from_millis(300));
    }
    panic!("the code never showed: {last}");
}

#[test]
#[ignore = "needs a display: run crates/core/tests/run-capture-tests.sh"]
fn clipboard_image_is_read_and_text_is_no_image() {
    if !enabled() {
        return;
    }
    // Text first: no image on the clipboard is its own error.
    let mut text = Command::new("xclip")
        .args(["-selection", "clipboard", "-i"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("xclip runs");
    {
        use std::io::Write;
        text.stdin.take().unwrap().write_all(b"just some text").unwrap();
    }
    text.wait().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    match capture::clipboard_image() {
        Err(CaptureError::NoClipboardImage) => {}
        other => panic!("expected NoClipboardImage, got {other:?}"),
    }

    let payload = uri(41);
    let path = temp_png("clip", &qr::encode_png(&payload, 4).unwrap());
    // xclip forks to serve the selection and exits; its child lives until the X server goes.
    let status = Command::new("xclip")
        .args(["-selection", "clipboard", "-t", "image/png", "-i"])
        .arg(&path)
        .status()
        .expect("xclip runs");
    assert!(status.success());
    let start = Instant::now();
    let image = loop {
        match capture::clipboard_image() {
            Ok(image) => break image,
            Err(e) if start.elapsed() > Duration::from_secs(10) => panic!("{e}"),
            Err(_) => std::thread::sleep(Duration::from_millis(200)),
        }
    };
    assert_eq!(qr::decode_rgba(&image).unwrap(), [payload]);
    std::fs::remove_file(&path).ok();
}

#[test]
fn without_a_display_the_errors_say_what_to_do() {
    // Runs everywhere: a child process with no display variables at all.
    if std::env::var_os("TWOFOLD_CAPTURE_CHILD").is_some() {
        let e = capture::capture_screens(capture::PortalMode::Quiet).unwrap_err();
        assert!(matches!(e, CaptureError::NoDisplay), "{e:?}");
        assert!(e.to_string().contains("take a screenshot"), "{e}");
        let e = capture::clipboard_image().unwrap_err();
        assert!(matches!(e, CaptureError::NoDisplay), "{e:?}");
        return;
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "without_a_display_the_errors_say_what_to_do", "--nocapture"])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("TWOFOLD_CAPTURE_CHILD", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}
