//! One module per subcommand.

pub mod add;
pub mod backup_codes;
pub mod browser;
pub mod code;
pub mod edit;
pub mod export;
pub mod init;
pub mod list;
pub mod inspect;
pub mod qr;
pub mod scan_screen;
pub mod sites;
pub mod sync;
pub mod sync_aegis;

use std::time::{SystemTime, UNIX_EPOCH};

/// Now, in Unix seconds (0 if the clock is before 1970).
pub fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}
