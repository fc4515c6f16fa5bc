//! The decrypted payload of a vault: JSON as a tampered-with or future
//! version might hold it, read into the account and backup-code models.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twofold_core::backup_codes::BackupCodeSet;
use twofold_core::vault::{BackupCodes, Contents};

fuzz_target!(|data: &[u8]| {
    if let Ok(contents) = serde_json::from_slice::<Contents>(data) {
        for entry in contents.entries() {
            let _ = entry.otp.code_at(1_700_000_000);
            let _ = entry.otp.seconds_left(1_700_000_000);
        }
        let _ = contents.find("a");
        let _ = serde_json::to_vec(&contents).expect("what was read can be written");
    }
    if let Ok(codes) = serde_json::from_slice::<BackupCodes<BackupCodeSet>>(data) {
        let _ = serde_json::to_vec(&codes).expect("what was read can be written");
    }
});
