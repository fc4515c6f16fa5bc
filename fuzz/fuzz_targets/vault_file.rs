//! Whole vault files: the header (`inspect_bytes`), then the slots, the
//! recovery key unwrap and the authenticated payload (`open_bytes` with a
//! recovery key, the one unlock that costs no key derivation).
//!
//! The seed corpus holds vaults sealed for `RECOVERY`, so mutations start
//! from files this key really opens.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twofold_core::vault::{self, BackupCodes, Contents, RecoveryKey, Unlock};
use twofold_core::backup_codes::BackupCodeSet;

/// The recovery key of the seed vaults (`crates/core/examples/fuzz_seeds.rs` makes them).
const RECOVERY: &str = "AEBA-GBAF-AYDQ-QCIK-BMGA-2DQP-CAIR-EEYU-CULB-OGAZ-DINR-YHI6-D4QD-CEJN";

fuzz_target!(|data: &[u8]| {
    let key = RecoveryKey::parse(RECOVERY).expect("the fuzz recovery key is valid");
    if vault::inspect_bytes::<Contents>(data).is_ok() {
        let _ = vault::open_bytes::<Contents>(data, &Unlock::RecoveryKey(&key));
    }
    if vault::inspect_bytes::<BackupCodes<BackupCodeSet>>(data).is_ok() {
        let _ = vault::open_bytes::<BackupCodes<BackupCodeSet>>(data, &Unlock::RecoveryKey(&key));
    }
});
