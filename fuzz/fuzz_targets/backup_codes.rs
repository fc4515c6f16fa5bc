//! The backup-code parser: whatever a person pastes (a web page, a PDF's
//! text, a terminal table).
#![no_main]

use libfuzzer_sys::fuzz_target;
use twofold_core::backup_codes;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = backup_codes::parse(&text);
});
