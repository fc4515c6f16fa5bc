//! The app's end of Twofold's browser socket, without the app: a Unix
//! socket that only its owner can use, served on tokio, each frame answered
//! by `twofold_core::browser::Service`.
//!
//! - [`bind`] makes the socket: its folder is created owner-only (0700), the
//!   socket is 0600, a stale socket left by a crash is replaced, and one that
//!   another running Twofold answers is left alone.
//! - [`serve`] accepts connections. Each peer's uid is read from the kernel
//!   (`SO_PEERCRED`) and must be the app's own: a process of another user is
//!   refused before it can send anything, whatever the file's mode.
//! - Frames are those of native messaging (32-bit native-endian length,
//!   JSON, at most 1 MiB). Each request runs on the blocking pool, since the
//!   backend may read or save the vault file.
//!
//! The desktop shell provides the [`Backend`] over its open vault
//! (`src-tauri/browser_bridge.rs`); tests provide one over contents in memory.
#![forbid(unsafe_code)]

use std::io;
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, PermissionsExt};
use std::path::Path;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::Semaphore;
use twofold_core::browser::frame::{header, payload_len, MAX_MESSAGE};
use twofold_core::browser::{Backend, Connection, Service};

/// The most connections served at once (each browser profile holds one).
pub const MAX_CONNECTIONS: usize = 32;

/// Makes the socket at `path`, ready to [`serve`]. Must run inside a tokio runtime.
pub fn bind(path: &Path) -> io::Result<UnixListener> {
    if let Some(dir) = path.parent() {
        if !dir.exists() {
            std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
        }
    }
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_socket() => {
            if std::os::unix::net::UnixStream::connect(path).is_ok() {
                return Err(io::Error::new(
                    io::ErrorKind::AddrInUse,
                    format!("another Twofold is already listening at {}", path.display()),
                ));
            }
            // Left by an app that ended without cleaning up.
            std::fs::remove_file(path)?;
        }
        Ok(_) => {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a socket; Twofold will not replace it", path.display()),
            ))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let listener = UnixListener::bind(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    Ok(listener)
}

/// Serves connections until the listener fails. Each is checked and then
/// answered frame by frame; see the crate docs.
pub async fn serve<B: Backend + Send + Sync + 'static>(listener: UnixListener, service: Arc<Service>, backend: Arc<B>) {
    let own_uid = rustix::process::geteuid().as_raw();
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                eprintln!("twofold: the browser socket stopped accepting: {e}");
                // A transient error (too many open files) should not end the bridge.
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                continue;
            }
        };
        let Ok(permit) = Arc::clone(&slots).try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let (service, backend) = (Arc::clone(&service), Arc::clone(&backend));
        tokio::spawn(async move {
            let _permit = permit;
            if let Err(e) = connection(stream, own_uid, service, backend).await {
                if e.kind() != io::ErrorKind::UnexpectedEof {
                    eprintln!("twofold: a browser connection ended: {e}");
                }
            }
        });
    }
}

async fn connection<B: Backend + Send + Sync + 'static>(
    mut stream: UnixStream,
    own_uid: u32,
    service: Arc<Service>,
    backend: Arc<B>,
) -> io::Result<()> {
    let peer = stream.peer_cred()?;
    if peer.uid() != own_uid {
        eprintln!("twofold: refused a browser connection from uid {} (pid {:?})", peer.uid(), peer.pid());
        let refusal = br#"{"id":0,"type":"error","code":"wrong_user","message":"Twofold answers only its own user"}"#;
        write(&mut stream, refusal).await?;
        return Ok(());
    }
    let mut conn = Connection::new();
    loop {
        let mut head = [0u8; 4];
        match stream.read_exact(&mut head).await {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
        let len = match payload_len(head, MAX_MESSAGE) {
            Ok(len) => len,
            Err(_) => {
                // The stream cannot be read past a frame refused unread.
                let refusal = br#"{"id":0,"type":"error","code":"too_large","message":"a message over 1 MiB; the connection is closed"}"#;
                write(&mut stream, refusal).await?;
                return Ok(());
            }
        };
        let mut frame = vec![0u8; len];
        stream.read_exact(&mut frame).await?;
        let (service, backend) = (Arc::clone(&service), Arc::clone(&backend));
        let (back, reply) = tokio::task::spawn_blocking(move || {
            let reply = service.handle(&mut conn, &frame, &*backend);
            (conn, reply)
        })
        .await
        .map_err(io::Error::other)?;
        conn = back;
        write(&mut stream, &reply).await?;
    }
}

async fn write(stream: &mut UnixStream, payload: &[u8]) -> io::Result<()> {
    let head = header(payload.len(), MAX_MESSAGE).map_err(io::Error::other)?;
    let mut frame = Vec::with_capacity(4 + payload.len());
    frame.extend_from_slice(&head);
    frame.extend_from_slice(payload);
    stream.write_all(&frame).await?;
    stream.flush().await
}
