//! The vault as the front ends use it: through the public API only.

use twofold_core::keystore::KeyringStore;
use twofold_core::otp::{Algorithm, Otp};
use twofold_core::vault::{
    backup_codes_path, default_vault_path, AddOutcome, BackupCodes, Contents, KdfParams, NewSlot, RecoveryKey,
    SlotType, Unlock, VaultError, VaultKind, VaultStore, BACKUP_CODES_FILE_NAME, DEFAULT_BACKUP_CODES_IDLE,
    VAULT_FILE_NAME,
};
use twofold_core::{Account, Secret};

const CHEAP: KdfParams = KdfParams {
    memory_kib: 64,
    iterations: 1,
    parallelism: 1,
};

/// Stands in for `crate::backup_codes::BackupCodeSet`: any serde type works.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct CodeSet {
    account: Option<String>,
    codes: Vec<String>,
}

#[test]
fn vault_first_run_then_daily_use() {
    let dir = std::env::temp_dir().join(format!("twofold-api-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join(VAULT_FILE_NAME);
    let keyring = KeyringStore::mock();

    // First run: keyring by default, plus a password and a printed recovery kit.
    let recovery = RecoveryKey::generate().unwrap();
    let kit = recovery.to_text();
    let store = VaultStore::<Contents>::new(&path);
    assert!(!store.exists().unwrap());
    let unlocked = store
        .create(
            &Contents::default(),
            &[
                NewSlot::Keyring(&keyring),
                NewSlot::Password {
                    password: "pw",
                    params: CHEAP,
                },
                NewSlot::Recovery(recovery.public_key()),
            ],
        )
        .unwrap();
    drop(recovery);

    // Import a QR code.
    let otp = Otp::totp(
        Secret::from_base32_lenient("JBSWY3DPEHPK3PXP").unwrap(),
        Algorithm::Sha1,
        6,
        30,
    )
    .unwrap();
    let account = Account {
        issuer: Some("GitHub".into()),
        label: "alice".into(),
        otp,
    };
    let outcome = store
        .update(&unlocked, |c| c.add(account.clone(), 1_700_000_000))
        .unwrap();
    let AddOutcome::Added(id) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        store
            .update(&unlocked, |c| c.add(account.clone(), 1_700_000_000))
            .unwrap(),
        AddOutcome::Duplicate(id)
    );

    // Next day, another process: no typing.
    let (_, loaded) = VaultStore::<Contents>::new(&path)
        .unlock(&Unlock::Keyring(&keyring))
        .unwrap();
    let hit = loaded.contents.find("git");
    assert_eq!(hit.len(), 1);
    assert_eq!(hit[0].otp.code_at(59), account.otp.code_at(59));

    // The backup-code vault: created later, its own passphrase, the same recovery kit.
    let codes_path = backup_codes_path(&path);
    assert_eq!(codes_path, dir.join(BACKUP_CODES_FILE_NAME));
    let codes = VaultStore::<BackupCodes<CodeSet>>::new(&codes_path);
    let public = loaded.info.recovery_public_key().unwrap();
    let set = CodeSet {
        account: Some(id.to_string()),
        codes: vec!["1234-5678".into(), "8765-4321".into()],
    };
    let codes_unlocked = codes
        .create(
            &BackupCodes::new(vec![set.clone()]),
            &[
                NewSlot::Password {
                    password: "codes",
                    params: CHEAP,
                },
                NewSlot::Recovery(public),
            ],
        )
        .unwrap();
    assert_eq!(codes_unlocked.kind(), VaultKind::BackupCodes);
    assert!(!codes_unlocked.is_expired(std::time::Instant::now(), DEFAULT_BACKUP_CODES_IDLE));
    let typed = RecoveryKey::parse(&kit).unwrap();
    let (_, opened) = codes.unlock(&Unlock::RecoveryKey(&typed)).unwrap();
    assert_eq!(opened.contents.sets, vec![set]);
    assert!(!opened.info.has_slot(SlotType::Keyring));
    assert!(matches!(
        codes.unlock(&Unlock::Keyring(&keyring)),
        Err(VaultError::NoSlotOfType { .. })
    ));
    // The two kinds are never confused.
    assert!(matches!(
        VaultStore::<Contents>::new(&codes_path).inspect(),
        Err(VaultError::WrongKind { .. })
    ));

    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn vault_default_path_is_in_the_data_folder() {
    if let Ok(path) = default_vault_path() {
        assert!(path.ends_with("twofold/vault.twofold"), "{}", path.display());
    }
}
