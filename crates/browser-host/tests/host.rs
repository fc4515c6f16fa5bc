//! The host with no browser: a fake browser on its stdio, and on the other side either a fake
//! app (a plain Unix socket the test drives) or the app's real socket (`twofold-bridge`).

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use twofold_core::browser::frame::{read_frame, write_frame, MAX_MESSAGE};
use twofold_core::browser::{Backend, Service};
use twofold_core::vault::{Contents, VaultError};

const CALLER: &str = "chrome-extension://ajehepmccaobjphfkpegdfmhnajgmdol/";

fn host(socket: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_twofold-browser-host"));
    c.arg(CALLER)
        .env("TWOFOLD_BROWSER_SOCKET", socket)
        .env("TWOFOLD_DESKTOP", "/nonexistent/twofold-desktop")
        .env("TWOFOLD_HOST_START_SECONDS", "2")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn send(child: &mut Child, message: &[u8]) {
    write_frame(child.stdin.as_mut().unwrap(), message, MAX_MESSAGE).unwrap();
}

fn next(child: &mut Child) -> Option<Value> {
    read_frame(child.stdout.as_mut().unwrap(), MAX_MESSAGE).unwrap().map(|f| serde_json::from_slice(&f).unwrap())
}

/// Waits for the host to end (at most 10 s) and returns its exit code.
fn finish(mut child: Child) -> Option<i32> {
    drop(child.stdin.take());
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        assert!(Instant::now() < until, "the host did not end");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A fake app: accepts one connection, checks the hello, welcomes it.
fn fake_app(socket: &Path) -> impl FnOnce() -> UnixStream {
    let listener = UnixListener::bind(socket).unwrap();
    move || {
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let hello: Value = serde_json::from_slice(&read_frame(&mut s, MAX_MESSAGE).unwrap().unwrap()).unwrap();
        assert_eq!(hello["type"], "host_hello");
        assert_eq!(hello["caller"], json!([CALLER]));
        write_frame(&mut s, br#"{"id":0,"type":"welcome","protocol":1,"app":"fake"}"#, MAX_MESSAGE).unwrap();
        s
    }
}

#[test]
fn relays_both_ways_after_its_hello() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("browser.sock");
    let accept = fake_app(&socket);
    let mut child = host(&socket).spawn().unwrap();
    let mut app = accept();
    let request = br#"{"id":1,"type":"status","pairing":null}"#;
    send(&mut child, request);
    assert_eq!(read_frame(&mut app, MAX_MESSAGE).unwrap().unwrap(), request, "forwarded byte for byte");
    write_frame(&mut app, br#"{"id":1,"type":"status","vault":"locked","paired":null,"pairings":null}"#, MAX_MESSAGE).unwrap();
    // The welcome was the host's; the browser's first frame is the reply to its request.
    let reply = next(&mut child).unwrap();
    assert_eq!((reply["id"].as_u64(), reply["vault"].as_str()), (Some(1), Some("locked")));
    assert_eq!(finish(child), Some(0), "a closed stdin ends the host cleanly");
    assert!(read_frame(&mut app, MAX_MESSAGE).unwrap().is_none(), "and closes the app's connection");
}

#[test]
fn garbage_is_answered_and_not_forwarded() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("browser.sock");
    let accept = fake_app(&socket);
    let mut child = host(&socket).spawn().unwrap();
    let mut app = accept();
    for garbage in [&b"not json"[..], b"{\"id\":5", b"[1,2]", b"\"text\"", &[0xff, 0x00, 0xfe]] {
        send(&mut child, garbage);
        let reply = next(&mut child).unwrap();
        assert_eq!((reply["type"].as_str(), reply["code"].as_str()), (Some("error"), Some("bad_message")), "{garbage:?}");
    }
    send(&mut child, br#"{"id":6,"type":"status"}"#);
    assert_eq!(read_frame(&mut app, MAX_MESSAGE).unwrap().unwrap(), br#"{"id":6,"type":"status"}"#, "only the object reached the app");
    assert_eq!(finish(child), Some(0));
}

#[test]
fn an_oversized_or_cut_frame_ends_the_host_and_reaches_nothing() {
    for bytes in [(MAX_MESSAGE as u32 + 1).to_ne_bytes().to_vec(), [&100u32.to_ne_bytes()[..], b"{\"id\":1,"].concat(), vec![7, 0]] {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("browser.sock");
        let accept = fake_app(&socket);
        let mut child = host(&socket).spawn().unwrap();
        let mut app = accept();
        child.stdin.as_mut().unwrap().write_all(&bytes).unwrap();
        drop(child.stdin.take());
        let reply = next(&mut child).unwrap();
        assert_eq!(reply["code"], "bad_message", "{reply}");
        assert_eq!(finish(child), Some(1));
        assert!(read_frame(&mut app, MAX_MESSAGE).unwrap().is_none(), "nothing was forwarded");
    }
}

#[test]
fn a_reply_too_large_for_the_browser_never_reaches_it() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("browser.sock");
    let accept = fake_app(&socket);
    let mut child = host(&socket).spawn().unwrap();
    let mut app = accept();
    let mut huge = br#"{"id":1,"type":"codes","pad":""#.to_vec();
    huge.resize(MAX_MESSAGE - 2, b'x');
    huge.extend_from_slice(b"\"}");
    // The host refuses it from its header and hangs up, so the rest may not even be written.
    let _ = write_frame(&mut app, &huge, MAX_MESSAGE);
    let mut out = child.stdout.take().unwrap();
    let mut all = Vec::new();
    out.read_to_end(&mut all).unwrap();
    let reply: Value = serde_json::from_slice(&read_frame(&mut &all[..], MAX_MESSAGE).unwrap().unwrap()).unwrap();
    assert_eq!(reply["code"], "too_large");
    assert!(all.len() < 4096, "only the short error went to the browser ({} bytes)", all.len());
    assert_eq!(finish(child), Some(1));
}

#[test]
fn with_no_app_every_message_is_answered_app_not_running() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = host(&dir.path().join("nothing-here.sock")).spawn().unwrap();
    for id in [3, 4] {
        send(&mut child, json!({"id": id, "type": "status"}).to_string().as_bytes());
        let reply = next(&mut child).unwrap();
        assert_eq!((reply["id"].as_u64(), reply["code"].as_str()), (Some(id), Some("app_not_running")), "{reply}");
        assert!(reply["message"].as_str().unwrap().contains("could not be started"), "{reply}");
    }
    assert_eq!(finish(child), Some(0));
}

#[test]
fn starts_the_app_in_the_tray_and_waits_for_its_socket() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("browser.sock");
    let marker = dir.path().join("started");
    let app = dir.path().join("twofold-desktop");
    std::fs::write(&app, format!("#!/bin/sh\necho \"$@\" > '{}'\n", marker.display())).unwrap();
    std::fs::set_permissions(&app, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut child = host(&socket).env("TWOFOLD_DESKTOP", &app).env("TWOFOLD_HOST_START_SECONDS", "10").spawn().unwrap();
    // The "app" starts; its socket comes a moment later, as a real app's would.
    let until = Instant::now() + Duration::from_secs(10);
    while !marker.exists() {
        assert!(Instant::now() < until, "the host did not start the app");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(std::fs::read_to_string(&marker).unwrap().trim(), "--tray");
    let mut conn = fake_app(&socket)();
    send(&mut child, br#"{"id":1,"type":"open_app"}"#);
    assert_eq!(read_frame(&mut conn, MAX_MESSAGE).unwrap().unwrap(), br#"{"id":1,"type":"open_app"}"#);
    assert_eq!(finish(child), Some(0));
}

/// A locked vault behind the real socket.
struct Locked;

impl Backend for Locked {
    fn now(&self) -> u64 {
        1_800_000_000
    }
    fn vault_exists(&self) -> bool {
        true
    }
    fn read<R>(&self, f: impl FnOnce(Option<&Contents>) -> R) -> Result<R, VaultError> {
        Ok(f(None))
    }
    fn change<R>(&self, _: impl FnOnce(&mut Contents) -> Result<R, VaultError>) -> Result<Option<R>, VaultError> {
        Ok(None)
    }
    fn show_window(&self) {}
    fn pairing_requests_changed(&self) {}
}

fn real_app(dir: &Path) -> (PathBuf, tokio::runtime::Runtime) {
    let socket = dir.join("twofold").join("browser.sock");
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let listener = rt.block_on(async { twofold_bridge::bind(&socket) }).unwrap();
    rt.spawn(twofold_bridge::serve(listener, Arc::new(Service::new("test")), Arc::new(Locked)));
    (socket, rt)
}

#[test]
fn against_the_real_socket_this_user_is_answered() {
    let dir = tempfile::tempdir().unwrap();
    let (socket, _rt) = real_app(dir.path());
    let mut child = host(&socket).spawn().unwrap();
    send(&mut child, br#"{"id":9,"type":"codes","pairing":{"id":"00000000000000000000000000000000","token":"x"},"frame_origin":"https://github.com","top_origin":"https://github.com"}"#);
    let reply = next(&mut child).unwrap();
    assert_eq!((reply["id"].as_u64(), reply["type"].as_str()), (Some(9), Some("locked")), "{reply}");
    assert_eq!(finish(child), Some(0));
}

#[test]
fn against_the_real_socket_another_user_is_refused() {
    if rustix_euid() != Some(0) {
        eprintln!("skipped: needs root, to run the host as another user with setpriv");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (socket, _rt) = real_app(dir.path());
    // Let anyone reach the socket file: only the peer-credential check stands in the way.
    for (p, m) in [(dir.path(), 0o755), (socket.parent().unwrap(), 0o755), (socket.as_path(), 0o666)] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    }
    // A copy the other user can run: the build folder may be inside root's home (0700).
    let exe = dir.path().join("twofold-browser-host");
    std::fs::copy(env!("CARGO_BIN_EXE_twofold-browser-host"), &exe).unwrap();
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    let exe = exe.to_str().unwrap();
    let mut cmd = Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", exe, CALLER])
        .env("TWOFOLD_BROWSER_SOCKET", &socket)
        .env("TWOFOLD_DESKTOP", "/nonexistent/twofold-desktop")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    // Refused, the host answers and ends at once, maybe before this message reaches it: a
    // broken pipe here is that, not a failure (the reply and the exit code below decide).
    let sent = write_frame(child.stdin.as_mut().unwrap(), br#"{"id":1,"type":"status"}"#, MAX_MESSAGE);
    if let Err(e) = sent {
        assert!(format!("{e:?}").contains("BrokenPipe"), "{e:?}");
    }
    let reply = next(&mut child);
    let code = finish(child);
    let reply = reply.unwrap_or_else(|| panic!("no reply (is {exe} executable by uid 65534?)"));
    assert_eq!(reply["code"], "wrong_user", "{reply}");
    assert_eq!(code, Some(1));
}

fn rustix_euid() -> Option<u32> {
    // `id -u` keeps this test free of unsafe code and of another dependency.
    let out = Command::new("id").arg("-u").output().ok()?;
    String::from_utf8(out.stdout).ok()?.trim().parse().ok()
}

