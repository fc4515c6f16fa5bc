//! Writes the seed inputs of the fuzz targets that need bytes only Twofold
//! can make: vault files sealed for the fuzz recovery key, and vault
//! payloads. `fuzz/run.sh` calls it; the other targets start from the test
//! fixtures.
//!
//! ```text
//! cargo run -p twofold-core --example fuzz_seeds -- OUT_DIR
//! ```

use std::path::Path;

use twofold_core::backup_codes::{self, BackupCodeSet};
use twofold_core::vault::{self, BackupCodes, Contents, RecoveryKey};
use twofold_core::uri;

/// Must equal `RECOVERY` in `fuzz/fuzz_targets/vault_file.rs`.
const RECOVERY: &str = "AEBA-GBAF-AYDQ-QCIK-BMGA-2DQP-CAIR-EEYU-CULB-OGAZ-DINR-YHI6-D4QD-CEJN";

const URIS: [&str; 4] = [
    "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co",
    "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=7&digits=8&algorithm=SHA256",
    "otpauth://totp/Steam:carol?secret=KRSXG5CTMVRXEZLU&issuer=Steam&encoder=steam",
    "otpauth://totp/Big:dave?secret=MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK&digits=10&period=60&algorithm=SHA512",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args().nth(1).ok_or("usage: fuzz_seeds OUT_DIR")?;
    let out = Path::new(&out);
    let key = RecoveryKey::parse(RECOVERY)?;

    let mut contents = Contents::default();
    contents.add_all(URIS.iter().map(|u| uri::parse(u)).collect::<Result<Vec<_>, _>>()?, 1_700_000_000)?;
    let mut set = BackupCodeSet::new("GitHub", 1_700_000_000);
    set.add_codes(backup_codes::parse("a1b2c-3d4e5\nf6g7h-8i9j0\n~~k1l2m-3n4o5~~")?, 1_700_000_000)?;
    let codes = BackupCodes::new(vec![set]);

    let write = |target: &str, name: &str, bytes: &[u8]| -> std::io::Result<()> {
        std::fs::create_dir_all(out.join(target))?;
        std::fs::write(out.join(target).join(name), bytes)
    };
    // Argon2id's smallest costs would still be slow per run; the fuzzer opens these with the recovery key.
    write("vault_file", "accounts.vault", &vault::seal_portable(&contents, "pw", Some(key.public_key()))?)?;
    write("vault_file", "empty.vault", &vault::seal_portable(&Contents::default(), "pw", Some(key.public_key()))?)?;
    write("vault_file", "backup-codes.vault", &vault::seal_portable(&codes, "pw", Some(key.public_key()))?)?;
    write("vault_payload", "accounts.json", &serde_json::to_vec(&contents)?)?;
    write("vault_payload", "backup-codes.json", &serde_json::to_vec(&codes)?)?;
    Ok(())
}
