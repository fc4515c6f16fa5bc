//! Two writers at once, stale copies, crashes mid-save, backups.

use std::time::Duration;

use super::*;

const NOW: u64 = 1_800_000_000;

#[test]
fn two_handles_updating_at_once_lose_nothing() {
    let f = fixture();
    let path = f.dir.vault();
    let per_thread = 15;
    std::thread::scope(|scope| {
        for t in 0..2 {
            let path = path.clone();
            let keyring = f.keyring.clone();
            scope.spawn(move || {
                // Each thread is its own "process": its own store and its own unlock.
                let store = VaultStore::<Contents>::new(path);
                let (unlocked, _) = store.unlock(&Unlock::Keyring(&keyring)).unwrap();
                for i in 0..per_thread {
                    let secret = data_encoding::BASE32_NOPAD.encode(format!("thread {t} account {i:02}").as_bytes());
                    store
                        .update(&unlocked, |c| {
                            c.add(account(&format!("T{t}"), &format!("{i}"), &secret), NOW)
                                .map(|_| ())
                        })
                        .unwrap();
                }
            });
        }
    });
    let loaded = f.store.load(&f.unlocked).unwrap();
    assert_eq!(loaded.contents.len(), 2 + 2 * per_thread);
    assert_eq!(loaded.info.revision, 1 + 2 * per_thread as u64);
}

#[test]
fn a_stale_copy_never_overwrites_a_newer_file() {
    let f = fixture();
    let (ua, mut a) = f.store.unlock(&Unlock::Password(PASSWORD)).unwrap();
    let (ub, mut b) = f.store.unlock(&Unlock::Keyring(&f.keyring)).unwrap();
    a.contents.add(account("From A", "a", "KRSXG5CTMVRXEZLU"), NOW).unwrap();
    b.contents.add(account("From B", "b", "MFRGGZDFMZTWQ2LK"), NOW).unwrap();
    let info = f.store.save(&ua, &a).unwrap();
    assert_eq!(info.revision, 2);
    let err = f.store.save(&ub, &b).unwrap_err();
    assert!(matches!(err, VaultError::Conflict { expected: 1, found: 2 }), "{err:?}");
    let now = f.store.load(&ub).unwrap();
    assert!(now.contents.find("From A").len() == 1 && now.contents.find("From B").is_empty());
    // B reloads and retries through a transaction.
    f.store
        .update(&ub, |c| {
            c.add(account("From B", "b", "MFRGGZDFMZTWQ2LK"), NOW).map(|_| ())
        })
        .unwrap();
    assert_eq!(f.store.load(&ua).unwrap().contents.len(), 4);
}

#[test]
fn a_crash_before_the_rename_leaves_the_previous_vault() {
    let f = fixture();
    let before = f.bytes();
    // A save that wrote (part of) its temporary file and then died.
    let temp = f.store.write_temp_only(&before[..before.len() / 2]).unwrap();
    assert!(temp.exists());
    let (_, loaded) = f.store.unlock(&Unlock::Password(PASSWORD)).unwrap();
    assert_eq!(loaded.contents.len(), 2);
    assert_eq!(f.bytes(), before);
    // The next save cleans up after it.
    f.store.update(&f.unlocked, |_| Ok(())).unwrap();
    assert!(!temp.exists());
    assert!(
        f.dir.listing().iter().all(|n| !n.contains(".tmp-")),
        "{:?}",
        f.dir.listing()
    );
}

#[test]
fn five_backups_are_kept_and_open() {
    let f = fixture();
    for i in 0..7 {
        f.store
            .update(&f.unlocked, |c| {
                c.add(
                    account("N", &format!("{i}"), &format!("KRSXG5CTMVRXEZL{}", (b'A' + i) as char)),
                    NOW,
                )
                .map(|_| ())
            })
            .unwrap();
    }
    assert_eq!(
        f.dir.listing(),
        [
            "vault.twofold",
            "vault.twofold.1",
            "vault.twofold.2",
            "vault.twofold.3",
            "vault.twofold.4",
            "vault.twofold.5",
            "vault.twofold.lock"
        ]
    );
    let current = f.store.load(&f.unlocked).unwrap().info.revision;
    for n in 1..=5u64 {
        let backup = VaultStore::<Contents>::new(f.dir.path().join(format!("vault.twofold.{n}")));
        let (_, loaded) = backup.unlock(&Unlock::Password(PASSWORD)).unwrap();
        assert_eq!(loaded.info.revision, current - n);
    }
    // A password change deletes them: they would still open with the old password.
    f.store.change_password(&f.unlocked, "new", CHEAP).unwrap();
    assert_eq!(f.dir.listing(), ["vault.twofold", "vault.twofold.lock"]);
}

#[test]
fn a_held_lock_makes_writers_wait_then_give_up() {
    let f = fixture();
    let guard = fsio::lock(&f.dir.vault(), Duration::from_secs(1)).unwrap();
    let impatient = VaultStore::<Contents>::with_options(
        f.dir.vault(),
        StoreOptions {
            lock_timeout: Duration::from_millis(100),
            ..StoreOptions::default()
        },
    );
    assert!(matches!(
        impatient.update(&f.unlocked, |_| Ok(())),
        Err(VaultError::Busy)
    ));
    // Reading needs no lock.
    impatient.load(&f.unlocked).unwrap();
    drop(guard);
    impatient.update(&f.unlocked, |_| Ok(())).unwrap();
}

#[test]
fn a_failed_change_writes_nothing() {
    let f = fixture();
    let before = f.bytes();
    let err = f.store.update(&f.unlocked, |c| {
        c.add(account("X", "x", "KRSXG5CTMVRXEZLU"), NOW)?;
        Err::<(), _>(VaultError::NotHotp)
    });
    assert!(matches!(err, Err(VaultError::NotHotp)));
    assert_eq!(f.bytes(), before);
}
