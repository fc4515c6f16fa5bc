//! The socket for real: bound in a temporary folder, served on tokio, and
//! reached by clients of this user and of another (`setpriv` to `nobody`).

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use twofold_core::browser::client::Client;
use twofold_core::browser::{Backend, Reply, Request, Service, VaultState};
use twofold_core::vault::{Contents, VaultError};

/// A vault in memory that counts how often it is read.
#[derive(Default)]
struct Memory {
    contents: Mutex<Option<Contents>>,
    reads: AtomicUsize,
}

impl Backend for Memory {
    fn now(&self) -> u64 {
        1_800_000_000
    }
    fn vault_exists(&self) -> bool {
        true
    }
    fn read<R>(&self, f: impl FnOnce(Option<&Contents>) -> R) -> Result<R, VaultError> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        Ok(f(self.contents.lock().unwrap().as_ref()))
    }
    fn change<R>(&self, f: impl FnOnce(&mut Contents) -> Result<R, VaultError>) -> Result<Option<R>, VaultError> {
        let mut guard = self.contents.lock().unwrap();
        match guard.as_mut() {
            Some(c) => f(c).map(Some),
            None => Ok(None),
        }
    }
    fn show_window(&self) {}
    fn pairing_requests_changed(&self) {}
}

struct Running {
    _dir: tempfile::TempDir,
    path: PathBuf,
    backend: Arc<Memory>,
    _runtime: tokio::runtime::Runtime,
}

fn running(contents: Option<Contents>) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("twofold").join("browser.sock");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let backend = Arc::new(Memory { contents: Mutex::new(contents), reads: AtomicUsize::new(0) });
    let listener = runtime.block_on(async { twofold_bridge::bind(&path) }).unwrap();
    runtime.spawn(twofold_bridge::serve(listener, Arc::new(Service::new("test")), Arc::clone(&backend)));
    Running { _dir: dir, path, backend, _runtime: runtime }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn its_owner_is_answered_and_the_files_are_private() {
    let r = running(Some(Contents::default()));
    assert_eq!(mode(&r.path), 0o600);
    assert_eq!(mode(r.path.parent().unwrap()), 0o700);
    let mut client = Client::connect(&r.path).unwrap();
    for _ in 0..3 {
        match client.ask(Request::Status { pairing: None }).unwrap() {
            Reply::Status { vault, pairings, .. } => assert_eq!((vault, pairings), (VaultState::Unlocked, Some(0))),
            other => panic!("{other:?}"),
        }
    }
    // A second connection at the same time is served too.
    let mut other = Client::connect(&r.path).unwrap();
    assert!(matches!(other.ask(Request::Status { pairing: None }).unwrap(), Reply::Status { .. }));
    assert!(matches!(client.ask(Request::OpenApp {}).unwrap(), Reply::Opened {}));
}

/// A client run as `uid`: sends a control hello, prints the reply frame's JSON.
fn client_as(uid: Option<u32>, socket: &Path) -> std::process::Output {
    const SCRIPT: &str = r#"
import socket, struct, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
body = b'{"id":1,"type":"control_hello"}'
try:
    s.sendall(struct.pack('=I', len(body)) + body)
except BrokenPipeError:
    pass  # refused before it was read: the refusal is still there to read
head = s.recv(4, socket.MSG_WAITALL)
n = struct.unpack('=I', head)[0]
print(s.recv(n, socket.MSG_WAITALL).decode())
s.settimeout(1.0)
try:
    print('closed' if s.recv(1) == b'' else 'open')
except ConnectionResetError:
    print('closed')
except socket.timeout:
    print('open')
"#;
    let mut cmd = match uid {
        Some(uid) => {
            let mut c = Command::new("setpriv");
            c.args([format!("--reuid={uid}"), format!("--regid={uid}"), "--clear-groups".into(), "/usr/bin/python3".into()]);
            c
        }
        None => Command::new("/usr/bin/python3"),
    };
    cmd.arg("-c").arg(SCRIPT).arg(socket).output().unwrap()
}

#[test]
fn another_users_connection_is_refused_whatever_the_file_mode() {
    if rustix::process::geteuid().as_raw() != 0 {
        eprintln!("skipped: needs root, to run a client as another user with setpriv");
        return;
    }
    let r = running(Some(Contents::default()));
    // Open the files to everyone: only the kernel's peer credentials stand in the way now.
    for (p, m) in [(r._dir.path().to_path_buf(), 0o755), (r.path.parent().unwrap().to_path_buf(), 0o755), (r.path.clone(), 0o666)] {
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(m)).unwrap();
    }
    let nobody = 65534;
    let out = client_as(Some(nobody), &r.path);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains(r#""code":"wrong_user""#) && stdout.contains("closed"), "{stdout}");
    assert_eq!(r.backend.reads.load(Ordering::SeqCst), 0, "nothing of the vault was touched");
    // The same client as this user is welcomed.
    // The same client as this user is welcomed, and the connection stays open.
    let out = client_as(None, &r.path);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(r#""type":"welcome""#) && stdout.contains("open"), "{stdout}");
}

#[test]
fn a_stale_socket_is_replaced_a_live_one_and_other_files_are_not() {
    let r = running(None);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let live = runtime.block_on(async { twofold_bridge::bind(&r.path) }).unwrap_err();
    assert_eq!(live.kind(), std::io::ErrorKind::AddrInUse, "{live}");

    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join("browser.sock");
    drop(std::os::unix::net::UnixListener::bind(&stale).unwrap());
    assert!(stale.exists(), "a socket file left behind");
    runtime.block_on(async { twofold_bridge::bind(&stale) }).unwrap();

    let file = dir.path().join("not-a-socket");
    std::fs::write(&file, b"keep me").unwrap();
    assert!(runtime.block_on(async { twofold_bridge::bind(&file) }).is_err());
    assert_eq!(std::fs::read(&file).unwrap(), b"keep me");
}

#[test]
fn an_oversized_frame_is_refused_and_the_connection_closed() {
    use std::io::{Read, Write};
    let r = running(None);
    let mut s = std::os::unix::net::UnixStream::connect(&r.path).unwrap();
    s.write_all(&(2u32 << 20).to_ne_bytes()).unwrap();
    let mut head = [0u8; 4];
    s.read_exact(&mut head).unwrap();
    let mut body = vec![0u8; u32::from_ne_bytes(head) as usize];
    s.read_exact(&mut body).unwrap();
    let reply: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(reply["code"], "too_large");
    assert_eq!(s.read(&mut [0u8; 1]).unwrap(), 0, "closed");
}
