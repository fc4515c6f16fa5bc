//! Google Authenticator export payloads, as protobuf bytes and as
//! otpauth-migration:// links.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twofold_core::migration;

fuzz_target!(|data: &[u8]| {
    if let Ok(batch) = migration::decode_payload(data) {
        for account in &batch.accounts {
            let _ = account.otp.code_at(1_700_000_000);
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = migration::decode_uri(text);
    }
});
