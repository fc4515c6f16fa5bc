//! Creating, unlocking, and managing slots; the recovery kit across vaults.

use super::*;
use crate::keystore::{KeyStore, KeyStoreError};

#[test]
fn each_slot_opens_the_vault() {
    let f = fixture();
    for how in [
        Unlock::Keyring(&f.keyring),
        Unlock::Password(PASSWORD),
        Unlock::RecoveryKey(&f.recovery),
    ] {
        let (unlocked, loaded) = f.store.unlock(&how).unwrap();
        assert_eq!(loaded.contents, sample_contents_like(&loaded.contents));
        assert_eq!(loaded.contents.len(), 2);
        assert_eq!(unlocked.vault_id(), f.unlocked.vault_id());
        assert_eq!(loaded.info.revision, 1);
        assert_eq!(loaded.info.kind, VaultKind::Accounts);
    }
}

/// Entries get random ids, so compare what matters.
fn sample_contents_like(c: &Contents) -> Contents {
    let expected = sample_contents();
    for (a, b) in c.entries().iter().zip(expected.entries()) {
        assert_eq!(a.issuer, b.issuer);
        assert_eq!(a.label, b.label);
        assert_eq!(a.otp, b.otp);
        assert_eq!(a.created(), b.created());
    }
    c.clone()
}

#[test]
fn the_recovery_kit_opens_a_vault_created_later() {
    let f = fixture();
    // Months later: the backup-code vault is made from the main vault's
    // authenticated header, without the recovery key.
    let (_, main) = f.store.unlock(&Unlock::Keyring(&f.keyring)).unwrap();
    let public = main.info.recovery_public_key().unwrap();
    let codes_path = backup_codes_path(&f.dir.vault());
    let codes = VaultStore::<BackupCodes<String>>::new(&codes_path);
    let unlocked = codes
        .create(
            &BackupCodes::new(vec!["1111-2222".to_string(), "3333-4444".to_string()]),
            &[
                NewSlot::Password {
                    password: "codes passphrase",
                    params: CHEAP,
                },
                NewSlot::Recovery(public),
            ],
        )
        .unwrap();
    assert_ne!(unlocked.vault_id(), f.unlocked.vault_id());
    assert_eq!(unlocked.kind(), VaultKind::BackupCodes);
    // The printed kit, typed back in.
    let typed = RecoveryKey::parse(&f.recovery.to_text().to_lowercase()).unwrap();
    let (_, loaded) = codes.unlock(&Unlock::RecoveryKey(&typed)).unwrap();
    assert_eq!(loaded.contents.sets, vec!["1111-2222", "3333-4444"]);
    // No keyring slot unless asked for.
    assert!(!loaded.info.has_slot(SlotType::Keyring));
    assert!(matches!(
        codes.unlock(&Unlock::Keyring(&f.keyring)),
        Err(VaultError::NoSlotOfType {
            slot_type: SlotType::Keyring
        })
    ));
    // Opting in.
    codes.add_slot(&unlocked, &NewSlot::Keyring(&f.keyring)).unwrap();
    let (_, loaded) = codes.unlock(&Unlock::Keyring(&f.keyring)).unwrap();
    assert_eq!(loaded.contents.sets.len(), 2);
    assert_eq!(loaded.info.revision, 2);
}

#[test]
fn adding_and_removing_slots() {
    let f = fixture();
    let info = f.store.inspect().unwrap();
    assert_eq!(info.slots.len(), 3);
    let second = f
        .store
        .add_slot(
            &f.unlocked,
            &NewSlot::Password {
                password: "second",
                params: CHEAP,
            },
        )
        .unwrap();
    f.store.unlock(&Unlock::Password("second")).unwrap();
    f.store.unlock(&Unlock::Password(PASSWORD)).unwrap();
    assert_eq!(f.store.remove_slot(&f.unlocked, &second, None).unwrap(), None);
    assert!(matches!(
        f.store.unlock(&Unlock::Password("second")),
        Err(VaultError::WrongPassword)
    ));
    // Removing the keyring slot deletes its keyring entry.
    let entry = f.keyring_entry();
    let keyring_slot = info
        .slots
        .iter()
        .find(|s| s.slot_type == Some(SlotType::Keyring))
        .unwrap()
        .id;
    assert_eq!(
        f.store
            .remove_slot(&f.unlocked, &keyring_slot, Some(&f.keyring))
            .unwrap(),
        None
    );
    assert_eq!(f.keyring.get(&entry), Err(KeyStoreError::NoEntry));
    assert!(matches!(
        f.store.remove_slot(&f.unlocked, &keyring_slot, None),
        Err(VaultError::NoSuchSlot { .. })
    ));
    // Down to password and recovery; remove the recovery slot, then the password is the last.
    let recovery_slot = info
        .slots
        .iter()
        .find(|s| s.slot_type == Some(SlotType::Recovery))
        .unwrap()
        .id;
    f.store.remove_slot(&f.unlocked, &recovery_slot, None).unwrap();
    let last = f.store.inspect().unwrap().slots[0].id;
    assert!(matches!(
        f.store.remove_slot(&f.unlocked, &last, None),
        Err(VaultError::LastSlot)
    ));
    f.store.unlock(&Unlock::Password(PASSWORD)).unwrap();
}

#[test]
fn changing_the_password() {
    let f = fixture();
    f.store.change_password(&f.unlocked, "new password", CHEAP).unwrap();
    assert!(matches!(
        f.store.unlock(&Unlock::Password(PASSWORD)),
        Err(VaultError::WrongPassword)
    ));
    let (_, loaded) = f.store.unlock(&Unlock::Password("new password")).unwrap();
    assert_eq!(
        loaded
            .info
            .slots
            .iter()
            .filter(|s| s.slot_type == Some(SlotType::Password))
            .count(),
        1
    );
    assert_eq!(loaded.contents.len(), 2);
    // The other slots still work.
    f.store.unlock(&Unlock::Keyring(&f.keyring)).unwrap();
    f.store.unlock(&Unlock::RecoveryKey(&f.recovery)).unwrap();
}

#[test]
fn a_new_recovery_kit_replaces_the_old_one() {
    let f = fixture();
    let kit = RecoveryKey::generate().unwrap();
    f.store.replace_recovery(&f.unlocked, kit.public_key()).unwrap();
    assert!(matches!(f.store.unlock(&Unlock::RecoveryKey(&f.recovery)), Err(VaultError::WrongRecoveryKey)));
    let (_, loaded) = f.store.unlock(&Unlock::RecoveryKey(&kit)).unwrap();
    assert_eq!(loaded.info.slots.iter().filter(|s| s.slot_type == Some(SlotType::Recovery)).count(), 1);
    assert_eq!(loaded.info.recovery_public_key(), Some(kit.public_key()));
    f.store.unlock(&Unlock::Password(PASSWORD)).unwrap();
    f.store.unlock(&Unlock::Keyring(&f.keyring)).unwrap();
}

#[test]
fn a_keyring_that_fails_when_creating_leaves_no_file() {
    let dir = TempDir::new();
    let store = VaultStore::<Contents>::new(dir.vault());
    struct Refusing;
    impl KeyStore for Refusing {
        fn get(&self, _: &str) -> Result<zeroize::Zeroizing<Vec<u8>>, KeyStoreError> {
            Err(KeyStoreError::Locked)
        }
        fn set(&self, _: &str, _: &[u8]) -> Result<(), KeyStoreError> {
            Err(KeyStoreError::NoService {
                detail: "no D-Bus".into(),
            })
        }
        fn delete(&self, _: &str) -> Result<(), KeyStoreError> {
            Ok(())
        }
    }
    let err = store
        .create(
            &Contents::default(),
            &[NewSlot::Keyring(&Refusing), NewSlot::password(PASSWORD)],
        )
        .unwrap_err();
    assert!(
        matches!(err, VaultError::Keyring(KeyStoreError::NoService { .. })),
        "{err:?}"
    );
    assert!(dir.listing().is_empty(), "{:?}", dir.listing());
    // The caller then asks for a password only: no plain-text fallback anywhere.
    store
        .create(
            &Contents::default(),
            &[NewSlot::Password {
                password: PASSWORD,
                params: CHEAP,
            }],
        )
        .unwrap();
}

#[test]
fn creating_needs_a_slot_and_a_free_path() {
    let f = fixture();
    assert!(matches!(
        f.store.create(&Contents::default(), &[]),
        Err(VaultError::NoSlots)
    ));
    let before = f.bytes();
    let err = f
        .store
        .create(
            &Contents::default(),
            &[NewSlot::Password {
                password: "x",
                params: CHEAP,
            }],
        )
        .unwrap_err();
    assert!(matches!(err, VaultError::AlreadyExists { .. }), "{err:?}");
    assert_eq!(f.bytes(), before);
}

#[test]
fn secrets_never_reach_the_file_or_debug_output() {
    let f = fixture();
    let bytes = f.bytes();
    let text = String::from_utf8_lossy(&bytes);
    for needle in ["JBSWY3DPEHPK3PXP", "GitHub", "alice@example.com", PASSWORD] {
        assert!(!text.contains(needle), "{needle} is in the file");
    }
    let (unlocked, loaded) = f.store.unlock(&Unlock::Password(PASSWORD)).unwrap();
    let shown = format!(
        "{unlocked:?} {loaded:?} {:?} {:?}",
        f.recovery,
        Unlock::Password(PASSWORD)
    );
    for needle in ["JBSWY3DPEHPK3PXP", PASSWORD, f.recovery.to_text().as_str()] {
        assert!(!shown.contains(needle), "{needle} in {shown}");
    }
    assert!(shown.contains("redacted"));
}

#[test]
fn idle_expiry() {
    use std::time::{Duration, Instant};
    let f = fixture();
    let now = Instant::now();
    assert!(!f.unlocked.is_expired(now, DEFAULT_BACKUP_CODES_IDLE));
    assert!(f
        .unlocked
        .is_expired(now + DEFAULT_BACKUP_CODES_IDLE, DEFAULT_BACKUP_CODES_IDLE));
    let before = f.unlocked.last_used();
    std::thread::sleep(Duration::from_millis(5));
    f.store.load(&f.unlocked).unwrap();
    assert!(f.unlocked.last_used() > before, "using the key counts as use");
}
