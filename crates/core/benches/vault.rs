//! What a person feels with a big vault: 10,000 accounts.
//!
//! - `open_decrypt_10k`: read, authenticate, decrypt and parse the file with
//!   an unlocked key (every open after the first, and every transaction).
//! - `save_10k`: a transactional update that changes nothing: lock, re-read
//!   and authenticate, serialize, encrypt, write + fsync a temp file, keep a
//!   backup, rename, fsync the folder.
//! - `codes_10k`: the current code of every account.
//! - `argon2id_unlock_default`: unlocking with a password at the default
//!   Argon2id costs (64 MiB, 3 passes, 1 lane), decryption included.
//!
//! Run: `cargo bench -p twofold-core --bench vault -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use criterion::{criterion_group, criterion_main, Criterion};
use twofold_core::keystore::KeyringStore;
use twofold_core::otp::{Algorithm, Otp};
use twofold_core::vault::{Contents, NewSlot, Unlock, VaultStore};
use twofold_core::{Account, Secret};

const ACCOUNTS: usize = 10_000;
const PASSWORD: &str = "correct horse battery staple";

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn contents() -> Contents {
    let mut c = Contents::default();
    let accounts = (0..ACCOUNTS).map(|i| {
        let mut secret = [0u8; 20];
        secret[..8].copy_from_slice(&(i as u64).to_le_bytes());
        secret[8..].copy_from_slice(b"twofold-benc");
        Account {
            issuer: Some(format!("Service {}", i % 700)),
            label: format!("user{i}@example.com"),
            otp: Otp::totp(Secret::from_bytes(secret.to_vec()), Algorithm::Sha1, 6, 30).unwrap(),
        }
    });
    let report = c.add_all(accounts, 1_700_000_000).unwrap();
    assert_eq!(report.added.len(), ACCOUNTS);
    c
}

fn vault(c: &mut Criterion) {
    let dir = TempDir(std::env::temp_dir().join(format!("twofold-bench-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&dir.0);
    let store = VaultStore::<Contents>::new(dir.0.join("vault.twofold"));
    let keyring = KeyringStore::mock();
    let unlocked = store
        .create(&contents(), &[NewSlot::Keyring(&keyring), NewSlot::password(PASSWORD)])
        .unwrap();
    let size = std::fs::metadata(store.path()).unwrap().len();
    eprintln!("vault of {ACCOUNTS} accounts: {} KiB on disk", size / 1024);

    c.bench_function("open_decrypt_10k", |b| {
        b.iter(|| black_box(store.load(&unlocked).unwrap()))
    });
    c.bench_function("save_10k", |b| b.iter(|| store.update(&unlocked, |_| Ok(())).unwrap()));

    let loaded = store.load(&unlocked).unwrap();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    c.bench_function("codes_10k", |b| {
        b.iter(|| {
            let codes: Vec<String> = loaded
                .contents
                .entries()
                .iter()
                .map(|e| e.otp.code_at(black_box(now)))
                .collect();
            black_box(codes)
        })
    });

    let mut slow = c.benchmark_group("kdf");
    slow.sample_size(10);
    slow.bench_function("argon2id_unlock_default", |b| {
        b.iter(|| black_box(store.unlock(&Unlock::Password(PASSWORD)).unwrap()))
    });
    slow.finish();
}

criterion_group!(benches, vault);
criterion_main!(benches);
