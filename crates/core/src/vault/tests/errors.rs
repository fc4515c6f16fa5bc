//! Every way of refusing a file, each with its own error, and the file left as it was.

use std::time::{Duration, Instant};

use super::*;
use crate::keystore::{KeyStore, KeyStoreError};

fn unlock_err(store: &VaultStore<Contents>, how: &Unlock<'_>) -> VaultError {
    store.unlock(how).map(|_| ()).unwrap_err()
}

/// Rewrites the header JSON of a vault file (the payload no longer
/// authenticates, which is the point: these checks come first).
fn with_header(bytes: &[u8], edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let len = u32::from_le_bytes(bytes[10..14].try_into().unwrap()) as usize;
    let mut header: serde_json::Value = serde_json::from_slice(&bytes[14..14 + len]).unwrap();
    edit(&mut header);
    let json = serde_json::to_vec(&header).unwrap();
    let mut out = bytes[..10].to_vec();
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&json);
    out.extend_from_slice(&bytes[14 + len..]);
    out
}

#[test]
fn wrong_password() {
    let f = fixture();
    let before = f.bytes();
    let err = unlock_err(&f.store, &Unlock::Password("Correct horse battery staple"));
    assert!(matches!(err, VaultError::WrongPassword));
    assert_eq!(err.to_string(), "wrong password");
    assert_eq!(f.bytes(), before);
}

#[test]
fn wrong_recovery_key() {
    let f = fixture();
    let other = RecoveryKey::generate().unwrap();
    assert!(matches!(
        unlock_err(&f.store, &Unlock::RecoveryKey(&other)),
        VaultError::WrongRecoveryKey
    ));
}

#[test]
fn keyring_states_are_distinct_and_the_password_still_opens() {
    let f = fixture();
    let entry = f.keyring_entry();
    let boxed = |m: &str| -> keyring_core::error::PlatformError { m.to_string().into() };
    fail_next(&f.mock, &entry, keyring_core::Error::NoStorageAccess(boxed("locked")));
    assert!(matches!(
        unlock_err(&f.store, &Unlock::Keyring(&f.keyring)),
        VaultError::Keyring(KeyStoreError::Locked)
    ));
    fail_next(&f.mock, &entry, keyring_core::Error::NoDefaultStore);
    assert!(matches!(
        unlock_err(&f.store, &Unlock::Keyring(&f.keyring)),
        VaultError::Keyring(KeyStoreError::NoService { .. })
    ));
    // Another key in the entry.
    f.keyring.set(&entry, &[9u8; 32]).unwrap();
    assert!(matches!(
        unlock_err(&f.store, &Unlock::Keyring(&f.keyring)),
        VaultError::KeyringKeyRejected
    ));
    // The entry deleted.
    f.keyring.delete(&entry).unwrap();
    let err = unlock_err(&f.store, &Unlock::Keyring(&f.keyring));
    assert!(matches!(err, VaultError::Keyring(KeyStoreError::NoEntry)), "{err:?}");
    assert!(err.to_string().contains("no key for this vault"), "{err}");
    f.store.unlock(&Unlock::Password(PASSWORD)).unwrap();
}

#[test]
fn not_found_folder_and_symlink() {
    let dir = TempDir::new();
    let missing = VaultStore::<Contents>::new(dir.path().join("none.twofold"));
    assert!(matches!(
        missing.unlock(&Unlock::Password("x")),
        Err(VaultError::NotFound { .. })
    ));
    let folder = VaultStore::<Contents>::new(dir.path());
    assert!(matches!(
        folder.unlock(&Unlock::Password("x")),
        Err(VaultError::IsADirectory { .. })
    ));
    assert!(matches!(folder.inspect(), Err(VaultError::IsADirectory { .. })));
}

#[cfg(unix)]
#[test]
fn symlinks_are_refused_for_reading_and_writing() {
    let f = fixture();
    let link = f.dir.path().join("link.twofold");
    std::os::unix::fs::symlink(f.dir.vault(), &link).unwrap();
    let before = f.bytes();
    let via_link = VaultStore::<Contents>::new(&link);
    let err = via_link.unlock(&Unlock::Password(PASSWORD)).map(|_| ()).unwrap_err();
    assert!(matches!(err, VaultError::Symlink { .. }), "{err:?}");
    assert!(err.to_string().contains("symbolic link"));
    assert!(matches!(
        via_link.update(&f.unlocked, |_| Ok(())),
        Err(VaultError::Symlink { .. })
    ));
    assert!(matches!(
        via_link.create(
            &Contents::default(),
            &[NewSlot::Password {
                password: "p",
                params: CHEAP
            }]
        ),
        Err(VaultError::Symlink { .. })
    ));
    assert_eq!(f.bytes(), before);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
}

#[test]
fn a_file_that_is_not_a_vault() {
    let dir = TempDir::new();
    let store = VaultStore::<Contents>::new(dir.vault());
    for content in [
        &b"{\"version\": 1, \"header\": {\"slots\": []}, \"db\": \"...\"}"[..],
        b"hello",
        b"\x89PNG\r\n\x1a\n0000000000000",
    ] {
        std::fs::write(dir.vault(), content).unwrap();
        let err = unlock_err(&store, &Unlock::Password("x"));
        assert!(matches!(err, VaultError::NotAVault), "{err:?}");
        assert_eq!(err.to_string(), "this is not a Twofold vault");
        assert_eq!(std::fs::read(dir.vault()).unwrap(), content);
    }
}

#[test]
fn a_newer_format_is_refused_with_its_number() {
    let f = fixture();
    let mut bytes = f.bytes();
    bytes[8..10].copy_from_slice(&3u16.to_le_bytes());
    std::fs::write(f.dir.vault(), &bytes).unwrap();
    let err = unlock_err(&f.store, &Unlock::Password(PASSWORD));
    assert!(matches!(err, VaultError::NewerFormat { version: 3 }));
    assert_eq!(
        err.to_string(),
        "this vault was written by a newer Twofold (format 3); update Twofold to open it"
    );
    assert!(matches!(
        f.store.update(&f.unlocked, |_| Ok(())),
        Err(VaultError::NewerFormat { .. })
    ));
    assert_eq!(f.bytes(), bytes, "never overwritten");
}

#[test]
fn hostile_kdf_parameters_are_refused_fast() {
    let f = fixture();
    for (field, value) in [
        ("memory_kib", 4u64 * 1024 * 1024),
        ("iterations", 1_000_000),
        ("parallelism", 255),
    ] {
        let bytes = with_header(&f.bytes(), |h| {
            for slot in h["slots"].as_array_mut().unwrap() {
                if slot["type"] == "password" {
                    slot["kdf"][field] = value.into();
                }
            }
        });
        let path = f.dir.path().join(format!("{field}.twofold"));
        std::fs::write(&path, &bytes).unwrap();
        let store = VaultStore::<Contents>::new(&path);
        let start = Instant::now();
        let err = store.unlock(&Unlock::Password(PASSWORD)).map(|_| ()).unwrap_err();
        assert!(matches!(err, VaultError::KdfTooCostly { .. }), "{field}: {err:?}");
        assert!(
            start.elapsed() < Duration::from_millis(200),
            "{field} took {:?}",
            start.elapsed()
        );
        assert!(err.to_string().contains("refusing"), "{err}");
    }
    let short_salt = with_header(&f.bytes(), |h| {
        for slot in h["slots"].as_array_mut().unwrap() {
            if slot["type"] == "password" {
                slot["kdf"]["salt"] = "00".into();
            }
        }
    });
    std::fs::write(f.dir.vault(), &short_salt).unwrap();
    assert!(matches!(
        unlock_err(&f.store, &Unlock::Password(PASSWORD)),
        VaultError::Corrupt { .. }
    ));
}

#[test]
fn a_changed_header_fails_authentication() {
    let f = fixture();
    let bytes = with_header(&f.bytes(), |h| h["revision"] = 99.into());
    std::fs::write(f.dir.vault(), &bytes).unwrap();
    let err = unlock_err(&f.store, &Unlock::Password(PASSWORD));
    assert!(matches!(err, VaultError::AuthenticationFailed), "{err:?}");
    assert_eq!(
        err.to_string(),
        "the vault file is damaged or was modified (authentication failed)"
    );
    assert!(matches!(
        f.store.update(&f.unlocked, |_| Ok(())),
        Err(VaultError::AuthenticationFailed)
    ));
    assert_eq!(f.bytes(), bytes);
}

#[test]
fn the_wrong_kind_of_vault() {
    let f = fixture();
    let codes = VaultStore::<BackupCodes<String>>::new(f.dir.vault());
    let err = codes.unlock(&Unlock::Password(PASSWORD)).map(|_| ()).unwrap_err();
    assert!(matches!(
        err,
        VaultError::WrongKind {
            expected: VaultKind::BackupCodes,
            found: VaultKind::Accounts
        }
    ));
    assert_eq!(err.to_string(), "this is an accounts vault, not a backup-code vault");
}

#[test]
fn a_replaced_vault_is_not_written_with_the_old_key() {
    let f = fixture();
    std::fs::remove_file(f.dir.vault()).unwrap();
    let other = VaultStore::<Contents>::new(f.dir.vault());
    other
        .create(
            &Contents::default(),
            &[NewSlot::Password {
                password: "p",
                params: CHEAP,
            }],
        )
        .unwrap();
    let before = f.bytes();
    assert!(matches!(
        f.store.update(&f.unlocked, |_| Ok(())),
        Err(VaultError::DifferentVault)
    ));
    assert_eq!(f.bytes(), before);
}

#[test]
fn an_oversized_file_is_refused_without_reading_it() {
    let dir = TempDir::new();
    let file = std::fs::File::create(dir.vault()).unwrap();
    file.set_len(MAX_FILE_LEN + 1).unwrap();
    let store = VaultStore::<Contents>::new(dir.vault());
    assert!(matches!(
        store.unlock(&Unlock::Password("x")),
        Err(VaultError::TooLarge { .. })
    ));
}
