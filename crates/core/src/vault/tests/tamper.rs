//! Any byte changed anywhere, and any truncation, is refused; the file stays as it was.

use super::*;

/// Tries every unlock method on the file as it is now; all must fail.
fn assert_refused(f: &Fixture, what: &str) -> Vec<String> {
    let mut kinds = Vec::new();
    for how in [
        Unlock::Password(PASSWORD),
        Unlock::Keyring(&f.keyring),
        Unlock::RecoveryKey(&f.recovery),
    ] {
        match f.store.unlock(&how) {
            Ok(_) => panic!("{what}: opened with {how:?}"),
            Err(e) => kinds.push(
                format!("{e:?}")
                    .split([' ', '(', '{'])
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
            ),
        }
    }
    kinds
}

#[test]
fn every_flipped_byte_is_refused() {
    let f = fixture();
    let original = f.bytes();
    let files_before = f.dir.listing();
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..original.len() {
        for mask in [0x01u8, 0x80] {
            let mut tampered = original.clone();
            tampered[i] ^= mask;
            std::fs::write(f.dir.vault(), &tampered).unwrap();
            seen.extend(assert_refused(&f, &format!("byte {i} ^ {mask:#x}")));
            assert_eq!(f.bytes(), tampered, "byte {i}: the file changed");
        }
    }
    // A save over a tampered file is refused too, and writes nothing.
    let mut tampered = original.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    std::fs::write(f.dir.vault(), &tampered).unwrap();
    assert!(matches!(
        f.store.update(&f.unlocked, |_| Ok(())),
        Err(VaultError::AuthenticationFailed)
    ));
    assert_eq!(f.bytes(), tampered);
    assert_eq!(f.dir.listing(), files_before, "no backup or temporary file was left");
    // The variety of refusals: each names its cause.
    for kind in [
        "NotAVault",
        "NewerFormat",
        "Corrupt",
        "AuthenticationFailed",
        "WrongPassword",
    ] {
        assert!(seen.contains(kind), "{kind} never seen in {seen:?}");
    }
    // And the untouched file still opens.
    std::fs::write(f.dir.vault(), &original).unwrap();
    f.store.unlock(&Unlock::Password(PASSWORD)).unwrap();
}

#[test]
fn every_truncation_is_refused_as_truncated() {
    let f = fixture();
    let original = f.bytes();
    for len in 0..original.len() {
        std::fs::write(f.dir.vault(), &original[..len]).unwrap();
        for how in [Unlock::Password(PASSWORD), Unlock::Keyring(&f.keyring)] {
            let err = f.store.unlock(&how).map(|_| ()).unwrap_err();
            assert!(matches!(err, VaultError::Truncated), "length {len}: {err:?}");
        }
        assert_eq!(f.bytes(), &original[..len]);
    }
    assert_eq!(
        VaultError::Truncated.to_string(),
        "the vault file is incomplete (truncated); restore it from a backup"
    );
    // Extra bytes at the end are refused too.
    let mut longer = original.clone();
    longer.push(0);
    std::fs::write(f.dir.vault(), &longer).unwrap();
    assert!(matches!(
        f.store.unlock(&Unlock::Password(PASSWORD)),
        Err(VaultError::Corrupt { .. })
    ));
}
