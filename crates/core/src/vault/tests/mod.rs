//! Unit tests of the vault, against real files in a private temporary folder
//! and `keyring-core`'s mock keyring.

mod concurrency;
mod contents;
mod errors;
mod slots;
mod tamper;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use keyring_core::CredentialStore;

use super::*;
use crate::keystore::KeyringStore;
use crate::otp::{Algorithm, Otp};
use crate::{Account, Secret};

/// Cheap Argon2id costs, so tests that unlock hundreds of times stay fast.
pub(super) const CHEAP: KdfParams = KdfParams {
    memory_kib: 64,
    iterations: 1,
    parallelism: 1,
};
pub(super) const PASSWORD: &str = "correct horse battery staple";

/// A folder removed on drop.
pub(super) struct TempDir(PathBuf);

impl TempDir {
    pub(super) fn new() -> Self {
        let tag = data_encoding::HEXLOWER.encode(&crypto::random_bytes::<8>().unwrap());
        let dir = std::env::temp_dir().join(format!("twofold-vault-test-{tag}"));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub(super) fn path(&self) -> &Path {
        &self.0
    }

    pub(super) fn vault(&self) -> PathBuf {
        self.0.join(VAULT_FILE_NAME)
    }

    /// Names of the files in the folder, sorted.
    pub(super) fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub(super) fn account(issuer: &str, label: &str, secret: &str) -> Account {
    Account {
        issuer: Some(issuer.into()),
        label: label.into(),
        otp: Otp::totp(Secret::from_base32_lenient(secret).unwrap(), Algorithm::Sha1, 6, 30).unwrap(),
    }
}

pub(super) fn hotp_account(issuer: &str, secret: &str, counter: u64) -> Account {
    Account {
        issuer: Some(issuer.into()),
        label: "hotp".into(),
        otp: Otp::hotp(
            Secret::from_base32_lenient(secret).unwrap(),
            Algorithm::Sha1,
            6,
            counter,
        )
        .unwrap(),
    }
}

pub(super) fn sample_contents() -> Contents {
    let mut c = Contents::default();
    c.add(
        account("GitHub", "alice@example.com", "JBSWY3DPEHPK3PXP"),
        1_700_000_000,
    )
    .unwrap();
    c.add(hotp_account("Bank", "GEZDGNBVGY3TQOJQ", 7), 1_700_000_001)
        .unwrap();
    c
}

/// A mock keyring, with the store handle kept so a test can make it fail.
pub(super) fn mock_keyring() -> (Arc<CredentialStore>, KeyringStore) {
    let store: Arc<CredentialStore> = keyring_core::mock::Store::new().unwrap();
    (store.clone(), KeyringStore::from_store(store))
}

/// The next call on a mock keyring entry fails with `err`.
pub(super) fn fail_next(store: &Arc<CredentialStore>, entry: &str, err: keyring_core::Error) {
    let e = keyring_core::Entry::new_in_store(store, crate::keystore::SERVICE, entry).unwrap();
    let cred: &keyring_core::mock::Cred = e.as_any().downcast_ref().unwrap();
    cred.set_error(err);
}

/// A vault with a keyring, a password and a recovery slot.
pub(super) struct Fixture {
    pub dir: TempDir,
    pub store: VaultStore<Contents>,
    pub mock: Arc<CredentialStore>,
    pub keyring: KeyringStore,
    pub recovery: RecoveryKey,
    pub unlocked: Unlocked,
}

pub(super) fn fixture() -> Fixture {
    let dir = TempDir::new();
    let store = VaultStore::<Contents>::new(dir.vault());
    let (mock, keyring) = mock_keyring();
    let recovery = RecoveryKey::generate().unwrap();
    let unlocked = store
        .create(
            &sample_contents(),
            &[
                NewSlot::Keyring(&keyring),
                NewSlot::Password {
                    password: PASSWORD,
                    params: CHEAP,
                },
                NewSlot::Recovery(recovery.public_key()),
            ],
        )
        .unwrap();
    Fixture {
        dir,
        store,
        mock,
        keyring,
        recovery,
        unlocked,
    }
}

impl Fixture {
    pub(super) fn keyring_entry(&self) -> String {
        let info = self.store.inspect().unwrap();
        let slot = info
            .slots
            .iter()
            .find(|s| s.slot_type == Some(SlotType::Keyring))
            .unwrap();
        keyring_entry(&info.vault_id, &slot.id)
    }

    pub(super) fn bytes(&self) -> Vec<u8> {
        std::fs::read(self.dir.vault()).unwrap()
    }
}
