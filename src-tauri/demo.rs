//! Temporary stand-in for the vault: accounts come from `TWOFOLD_DEMO_URIS`
//! (otpauth URIs, one per line). The vault issue replaces this module.

use twofold_core::{input, Account};

/// The accounts the skeleton shows.
pub struct DemoAccounts(pub Vec<Account>);

/// Reads `TWOFOLD_DEMO_URIS`; lines that fail to parse are reported on stderr
/// (the message never contains the secret) and skipped.
pub fn accounts_from_env() -> DemoAccounts {
    let text = std::env::var("TWOFOLD_DEMO_URIS").unwrap_or_default();
    let found = input::read_text("TWOFOLD_DEMO_URIS", &text);
    for e in &found.errors {
        eprintln!("twofold: {e}");
    }
    DemoAccounts(found.accounts)
}
