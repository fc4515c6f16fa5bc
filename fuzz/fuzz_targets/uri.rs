//! otpauth:// URIs: any text parses or fails with an error, never panics,
//! and what parses survives writing and reading back unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twofold_core::uri;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(account) = uri::parse(text) {
        let written = uri::to_uri(&account);
        let again = uri::parse(&written).expect("a URI we wrote must parse");
        assert_eq!(again, account, "write then read changed the account");
        // Codes are computed for what parsed: no digits/period/counter makes them panic.
        let _ = account.otp.code_at(1_700_000_000);
        let _ = account.otp.next_code_at(u64::MAX);
    }
});
