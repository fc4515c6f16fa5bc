//! A blocking client of the app's socket, for the command line (`twofold
//! browser approve`, `doctor`). It says [`Request::ControlHello`] first.

use std::io;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

use super::frame::{read_frame, write_frame, FrameError, MAX_MESSAGE};
use super::protocol::{Envelope, Reply, Request};

/// Why the app could not be asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// Nothing listens at the socket.
    #[error("Twofold is not running (nothing listens at {path}); start the Twofold app")]
    NotRunning {
        /// The socket's path.
        path: String,
    },
    /// The socket exists but refused or failed.
    #[error("could not reach Twofold at {path}: {source}")]
    Connect {
        /// The socket's path.
        path: String,
        /// The error.
        #[source]
        source: io::Error,
    },
    /// The exchange failed.
    #[error(transparent)]
    Frame(#[from] FrameError),
    /// The app closed the connection.
    #[error("Twofold closed the connection")]
    Closed,
    /// The answer was not a reply.
    #[error("Twofold's answer was not understood: {0}")]
    BadReply(String),
}

/// One connection to the app.
pub struct Client {
    stream: UnixStream,
    next_id: u64,
}

impl Client {
    /// Connects and says hello.
    pub fn connect(path: &Path) -> Result<Client, ClientError> {
        let shown = path.display().to_string();
        let stream = UnixStream::connect(path).map_err(|source| match source.kind() {
            io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused => ClientError::NotRunning { path: shown.clone() },
            _ => ClientError::Connect { path: shown.clone(), source },
        })?;
        let timeout = Some(Duration::from_secs(10));
        for set in [UnixStream::set_read_timeout, UnixStream::set_write_timeout] {
            set(&stream, timeout).map_err(|source| ClientError::Connect { path: shown.clone(), source })?;
        }
        let mut client = Client { stream, next_id: 0 };
        match client.ask(Request::ControlHello {})? {
            Reply::Welcome { .. } => Ok(client),
            Reply::Error { message, .. } => Err(ClientError::BadReply(message)),
            other => Err(ClientError::BadReply(format!("{other:?}"))),
        }
    }

    /// Sends one request and reads its reply.
    pub fn ask(&mut self, request: Request) -> Result<Reply, ClientError> {
        self.next_id += 1;
        let id = self.next_id;
        let bytes = serde_json::to_vec(&Envelope { id, body: request }).map_err(|e| ClientError::BadReply(e.to_string()))?;
        write_frame(&mut self.stream, &bytes, MAX_MESSAGE)?;
        let frame = read_frame(&mut self.stream, MAX_MESSAGE)?.ok_or(ClientError::Closed)?;
        let reply: Envelope<Reply> = serde_json::from_slice(&frame).map_err(|e| ClientError::BadReply(e.to_string()))?;
        if reply.id != id && reply.id != 0 {
            return Err(ClientError::BadReply(format!("an answer to request {} instead of {id}", reply.id)));
        }
        Ok(reply.body)
    }
}
