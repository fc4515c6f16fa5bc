//! The keyring slot against a real Secret Service (gnome-keyring on a
//! private D-Bus session): run `crates/core/tests/run-secret-service-tests.sh`.
//!
//! The tests are `#[ignore]`d, and return at once (with a note) unless
//! `TWOFOLD_TEST_SECRET_SERVICE=1`, so a plain `cargo test` on a machine
//! without D-Bus, or with a person's real keyring, never touches it.
#![cfg(all(unix, not(any(target_os = "macos", target_os = "ios", target_os = "android"))))]

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use twofold_core::keystore::{KeyStore, KeyStoreError, KeyringStore, KeyringTimeouts};
use twofold_core::vault::{keyring_entry, Contents, KdfParams, NewSlot, SlotType, Unlock, VaultError, VaultStore};
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};

const SERVICE: &str = "app.twofold.test";
const PASSWORD: &str = "vault password";
/// The login keyring's password, as the script unlocked it.
const KEYRING_PASSWORD: &[u8] = b"pw";
const TIMEOUTS: KeyringTimeouts = KeyringTimeouts {
    connect: Duration::from_secs(5),
    call: Duration::from_secs(10),
};
const CHEAP: KdfParams = KdfParams {
    memory_kib: 64,
    iterations: 1,
    parallelism: 1,
};

/// The tests share one keyring and change the environment: one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn enabled(test: &str) -> Option<MutexGuard<'static, ()>> {
    if std::env::var("TWOFOLD_TEST_SECRET_SERVICE").as_deref() != Ok("1") {
        eprintln!("note: {test} skipped: needs a Secret Service; run crates/core/tests/run-secret-service-tests.sh");
        return None;
    }
    Some(SERIAL.lock().unwrap_or_else(|p| p.into_inner()))
}

fn keyring() -> KeyringStore {
    KeyringStore::native().with_service(SERVICE).with_timeouts(TIMEOUTS)
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("twofold-ss-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn vault(&self) -> PathBuf {
        self.0.join("vault.twofold")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A vault with a keyring slot and a password slot; returns its keyring entry name.
fn create_vault(path: &Path, keyring: &KeyringStore) -> (VaultStore<Contents>, String) {
    let store = VaultStore::<Contents>::new(path);
    let unlocked = store
        .create(
            &Contents::default(),
            &[
                NewSlot::Keyring(keyring),
                NewSlot::Password {
                    password: PASSWORD,
                    params: CHEAP,
                },
            ],
        )
        .expect("create a vault with a keyring slot");
    let info = store.inspect().unwrap();
    let slot = info
        .slots
        .iter()
        .find(|s| s.slot_type == Some(SlotType::Keyring))
        .unwrap();
    assert_eq!(&info.vault_id, unlocked.vault_id());
    (store, keyring_entry(&info.vault_id, &slot.id))
}

#[test]
#[ignore = "needs a Secret Service: run crates/core/tests/run-secret-service-tests.sh"]
fn a_keyring_slot_reopens_the_vault_with_no_typing() {
    let Some(_serial) = enabled("a_keyring_slot_reopens_the_vault_with_no_typing") else {
        return;
    };
    let dir = TempDir::new("reopen");
    let (store, entry) = create_vault(&dir.vault(), &keyring());
    // A new connection, as a second process would make.
    let fresh = keyring();
    let (_, loaded) = store.unlock(&Unlock::Keyring(&fresh)).expect("unlock from the keyring");
    assert!(loaded.info.has_slot(SlotType::Password));
    // The entry is what the store says: 32 bytes under our service.
    assert_eq!(fresh.get(&entry).unwrap().len(), 32);
    fresh.delete(&entry).unwrap();
}

#[test]
#[ignore = "needs a Secret Service: run crates/core/tests/run-secret-service-tests.sh"]
fn a_deleted_entry_is_its_own_error_and_the_password_still_opens() {
    let Some(_serial) = enabled("a_deleted_entry_is_its_own_error_and_the_password_still_opens") else {
        return;
    };
    let dir = TempDir::new("missing");
    let keyring = keyring();
    let (store, entry) = create_vault(&dir.vault(), &keyring);
    keyring.delete(&entry).unwrap();
    assert_eq!(keyring.get(&entry), Err(KeyStoreError::NoEntry));
    let err = store.unlock(&Unlock::Keyring(&keyring)).map(|_| ()).unwrap_err();
    assert!(matches!(err, VaultError::Keyring(KeyStoreError::NoEntry)), "{err:?}");
    eprintln!("missing entry: {err}");
    store
        .unlock(&Unlock::Password(PASSWORD))
        .expect("the password slot opens it");
}

/// Locks the default collection through the Secret Service API, and unlocks it
/// again on drop with gnome-keyring's master-password call (no prompter needed).
struct LockedCollection {
    conn: zbus::blocking::Connection,
    collection: OwnedObjectPath,
}

const SS_NAME: &str = "org.freedesktop.secrets";
const SS_PATH: &str = "/org/freedesktop/secrets";

impl LockedCollection {
    fn lock() -> Self {
        let conn = zbus::blocking::Connection::session().expect("session bus");
        let reply = conn
            .call_method(
                Some(SS_NAME),
                SS_PATH,
                Some("org.freedesktop.Secret.Service"),
                "ReadAlias",
                &("default",),
            )
            .expect("ReadAlias");
        let collection: OwnedObjectPath = reply.body().deserialize().unwrap();
        let reply = conn
            .call_method(
                Some(SS_NAME),
                SS_PATH,
                Some("org.freedesktop.Secret.Service"),
                "Lock",
                &(vec![collection.clone()],),
            )
            .expect("Lock");
        let (locked, _prompt): (Vec<OwnedObjectPath>, OwnedObjectPath) = reply.body().deserialize().unwrap();
        assert_eq!(
            locked,
            vec![collection.clone()],
            "the collection locked without a prompt"
        );
        LockedCollection { conn, collection }
    }
}

impl Drop for LockedCollection {
    fn drop(&mut self) {
        let reply = self
            .conn
            .call_method(
                Some(SS_NAME),
                SS_PATH,
                Some("org.freedesktop.Secret.Service"),
                "OpenSession",
                &("plain", Value::from("")),
            )
            .expect("OpenSession");
        let (_, session): (OwnedValue, OwnedObjectPath) = reply.body().deserialize().unwrap();
        let secret = (session, Vec::<u8>::new(), KEYRING_PASSWORD.to_vec(), "text/plain");
        let collection = self.collection.clone();
        self.conn
            .call_method(
                Some(SS_NAME),
                SS_PATH,
                Some("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"),
                "UnlockWithMasterPassword",
                &(collection, secret),
            )
            .expect("unlock the collection again");
    }
}

#[test]
#[ignore = "needs a Secret Service: run crates/core/tests/run-secret-service-tests.sh"]
fn a_locked_keyring_is_its_own_error_within_the_timeout() {
    let Some(_serial) = enabled("a_locked_keyring_is_its_own_error_within_the_timeout") else {
        return;
    };
    let dir = TempDir::new("locked");
    let keyring = keyring();
    let (store, entry) = create_vault(&dir.vault(), &keyring);
    {
        let _locked = LockedCollection::lock();
        // gnome-keyring answers with an unlock prompt; with no display to show it
        // on, the prompt ends dismissed. On a desktop a person would see it.
        let start = Instant::now();
        let err = store.unlock(&Unlock::Keyring(&keyring)).map(|_| ()).unwrap_err();
        let took = start.elapsed();
        eprintln!("locked keyring: {err} ({took:?})");
        assert!(
            matches!(err, VaultError::Keyring(KeyStoreError::PromptDismissed)),
            "{err:?}"
        );
        assert!(took < TIMEOUTS.call + Duration::from_secs(1), "{took:?}");
        store
            .unlock(&Unlock::Password(PASSWORD))
            .expect("the password slot opens it");
    }
    // Unlocked again: the keyring opens it once more, and cleans up.
    store.unlock(&Unlock::Keyring(&keyring)).expect("unlocked keyring");
    keyring.delete(&entry).unwrap();
}

/// Sets an environment variable for the scope of the value.
struct EnvVar {
    name: &'static str,
    old: Option<std::ffi::OsString>,
}

impl EnvVar {
    fn set(name: &'static str, value: Option<&str>) -> Self {
        let old = std::env::var_os(name);
        match value {
            Some(v) => std::env::set_var(name, v),
            None => std::env::remove_var(name),
        }
        EnvVar { name, old }
    }
}

impl Drop for EnvVar {
    fn drop(&mut self) {
        match &self.old {
            Some(v) => std::env::set_var(self.name, v),
            None => std::env::remove_var(self.name),
        }
    }
}

#[test]
#[ignore = "needs a Secret Service: run crates/core/tests/run-secret-service-tests.sh"]
fn no_session_bus_is_no_keyring_not_a_hang() {
    let Some(_serial) = enabled("no_session_bus_is_no_keyring_not_a_hang") else {
        return;
    };
    let dir = TempDir::new("nobus");
    let (store, entry) = create_vault(&dir.vault(), &keyring());
    let dead = dir.0.join("dead.sock");
    for address in [Some(format!("unix:path={}", dead.display())), None] {
        let _bus = EnvVar::set("DBUS_SESSION_BUS_ADDRESS", address.as_deref());
        // Unset, zbus looks in $XDG_RUNTIME_DIR/bus: point that at an empty folder too.
        let _runtime = EnvVar::set("XDG_RUNTIME_DIR", Some(dir.0.to_str().unwrap()));
        let no_bus = keyring();
        let start = Instant::now();
        let err = store.unlock(&Unlock::Keyring(&no_bus)).map(|_| ()).unwrap_err();
        eprintln!("bus {address:?}: {err} ({:?})", start.elapsed());
        assert!(
            matches!(err, VaultError::Keyring(KeyStoreError::NoService { .. })),
            "{err:?}"
        );
        assert!(start.elapsed() < TIMEOUTS.connect + Duration::from_secs(1));
        store
            .unlock(&Unlock::Password(PASSWORD))
            .expect("the password slot opens it");
    }
    keyring().delete(&entry).unwrap();
}

#[test]
#[ignore = "needs a Secret Service: run crates/core/tests/run-secret-service-tests.sh"]
fn a_bus_that_never_answers_times_out() {
    let Some(_serial) = enabled("a_bus_that_never_answers_times_out") else {
        return;
    };
    let dir = TempDir::new("mute");
    let (store, entry) = create_vault(&dir.vault(), &keyring());
    // A socket that accepts connections and never says a word.
    let socket = dir.0.join("mute.sock");
    let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let _bus = EnvVar::set(
        "DBUS_SESSION_BUS_ADDRESS",
        Some(&format!("unix:path={}", socket.display())),
    );
    let connect = Duration::from_millis(1500);
    let mute = KeyringStore::native()
        .with_service(SERVICE)
        .with_timeouts(KeyringTimeouts {
            connect,
            call: TIMEOUTS.call,
        });
    let start = Instant::now();
    let err = store.unlock(&Unlock::Keyring(&mute)).map(|_| ()).unwrap_err();
    eprintln!("mute bus: {err} ({:?})", start.elapsed());
    assert!(
        matches!(err, VaultError::Keyring(KeyStoreError::TimedOut { after })  if after == connect),
        "{err:?}"
    );
    assert!(start.elapsed() < connect + Duration::from_secs(1));
    drop(listener);
    drop(_bus);
    keyring().delete(&entry).unwrap();
}
