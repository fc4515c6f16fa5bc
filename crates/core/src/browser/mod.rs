//! The browser bridge: what the extension, the native-messaging host and
//! the app say to each other, and the app's decisions.
//!
//! ```text
//! extension ──stdio──▶ twofold-browser-host ──Unix socket──▶ Twofold (this module's Service)
//!  (finds fields,        (relays frames,                       (pairings, sites, codes:
//!   fills them)           holds nothing)                        every release decided by `release`)
//! ```
//!
//! - [`frame`]: the 32-bit length + JSON framing, both hops.
//! - [`protocol`]: the messages.
//! - [`pairing`]: how a browser becomes trusted, and how it proves it.
//! - [`release`]: the decision, given the vault, the pairing and the origins
//!   the browser reported: codes, "locked", or nothing.
//! - [`service`]: one request in, one reply out, for any transport.
//! - [`client`]: a command-line client of the app's socket.
//! - [`manifest`]: the host manifests each browser looks for, and where.
//! - [`socket_path`]: where the app listens.
//!
//! The extension is not trusted to name the page: its background script
//! takes the origin from the browser (`sender.origin`), and the app matches
//! it against the account's sites ([`crate::sites`]).

#[cfg(unix)]
pub mod client;
pub mod frame;
pub mod manifest;
pub mod pairing;
pub mod protocol;
pub mod release;
pub mod service;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

pub use pairing::{Credentials, Pairing, PairingToken, PendingView};
pub use protocol::{Reply, Request, VaultState};
pub use release::{release, Release, ReleasedCode};
pub use service::{Backend, Connection, Service};

/// The socket's file name in its folder.
pub const SOCKET_NAME: &str = "browser.sock";

/// Why the socket's place is unknown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SocketPathError {
    /// No per-user runtime folder.
    #[error("XDG_RUNTIME_DIR is not set, so there is no private folder for Twofold's browser socket; log in to a desktop session (or set TWOFOLD_BROWSER_SOCKET)")]
    NoRuntimeDir,
}

/// Where the app listens: `TWOFOLD_BROWSER_SOCKET` when set (tests, a second
/// profile), else `$XDG_RUNTIME_DIR/twofold/browser.sock` (a folder only the
/// user can enter, emptied at logout).
pub fn socket_path() -> Result<PathBuf, SocketPathError> {
    if let Some(p) = std::env::var_os("TWOFOLD_BROWSER_SOCKET").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let runtime = std::env::var_os("XDG_RUNTIME_DIR").filter(|p| !p.is_empty()).ok_or(SocketPathError::NoRuntimeDir)?;
    Ok(PathBuf::from(runtime).join("twofold").join(SOCKET_NAME))
}
