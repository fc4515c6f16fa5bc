//! [`KeyringStore`]: the [`KeyStore`] backed by a `keyring-core` credential store.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use keyring_core::{CredentialStore, Entry};
use zeroize::Zeroizing;

use super::timeout::{call_with_timeout, TimedCallError};
use super::{KeyStore, KeyStoreError, SERVICE};

/// How long keyring calls may take before they count as failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyringTimeouts {
    /// Reaching the keyring service (D-Bus connection and session set-up).
    /// Short: when no service answers quickly, none is coming.
    pub connect: Duration,
    /// One get, set or delete. Long enough for a person to type the keyring
    /// password into an unlock prompt.
    pub call: Duration,
}

impl Default for KeyringTimeouts {
    fn default() -> Self {
        KeyringTimeouts {
            connect: Duration::from_secs(5),
            call: Duration::from_secs(60),
        }
    }
}

type Connector = dyn Fn() -> keyring_core::Result<Arc<CredentialStore>> + Send + Sync;

/// The connection to the credential store, made on first use (on a worker
/// thread, since connecting can hang too) and then shared.
struct Backend {
    connect: Box<Connector>,
    store: Mutex<Option<Arc<CredentialStore>>>,
}

impl Backend {
    fn store(&self) -> Result<Arc<CredentialStore>, KeyStoreError> {
        let mut slot = self.store.lock().map_err(|_| KeyStoreError::Platform {
            detail: "an earlier keyring call failed badly; restart Twofold".into(),
        })?;
        if let Some(store) = slot.as_ref() {
            return Ok(store.clone());
        }
        // Any failure to build the store is a failure to reach the service.
        let store = (self.connect)().map_err(|e| match map_error(e) {
            KeyStoreError::Platform { detail } => KeyStoreError::NoService { detail },
            other => other,
        })?;
        *slot = Some(store.clone());
        Ok(store)
    }
}

/// The OS keyring (or `keyring-core`'s mock), with every call made off the
/// calling thread under [`KeyringTimeouts`].
///
/// Cloning is cheap and clones share one connection.
#[derive(Clone)]
pub struct KeyringStore {
    service: String,
    timeouts: KeyringTimeouts,
    backend: Arc<Backend>,
}

impl fmt::Debug for KeyringStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyringStore")
            .field("service", &self.service)
            .field("timeouts", &self.timeouts)
            .finish_non_exhaustive()
    }
}

impl KeyringStore {
    /// The platform's keyring: Secret Service on Linux and the BSDs, the
    /// Keychain on macOS, the Credential Manager on Windows. Nothing is
    /// contacted until the first call.
    pub fn native() -> Self {
        Self::from_connector(Box::new(connect_native))
    }

    /// `keyring-core`'s in-memory mock store: nothing persists beyond this
    /// value and its clones. For tests and demos.
    pub fn mock() -> Self {
        Self::from_connector(Box::new(|| {
            let store: Arc<CredentialStore> = keyring_core::mock::Store::new()?;
            Ok(store)
        }))
        .eager()
    }

    /// Any `keyring-core` credential store (a test can keep its own handle
    /// to the store, e.g. to make the mock fail on purpose).
    pub fn from_store(store: Arc<CredentialStore>) -> Self {
        let backend = Backend {
            connect: Box::new(|| Err(keyring_core::Error::NoDefaultStore)),
            store: Mutex::new(Some(store)),
        };
        KeyringStore {
            service: SERVICE.into(),
            timeouts: KeyringTimeouts::default(),
            backend: Arc::new(backend),
        }
    }

    /// Uses other timeouts.
    pub fn with_timeouts(mut self, timeouts: KeyringTimeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// Uses another keyring service name than [`SERVICE`] (tests use one of
    /// their own so they never touch a person's real entries).
    pub fn with_service(mut self, service: impl Into<String>) -> Self {
        self.service = service.into();
        self
    }

    /// The keyring service name entries are stored under.
    pub fn service(&self) -> &str {
        &self.service
    }

    fn from_connector(connect: Box<Connector>) -> Self {
        let backend = Backend {
            connect,
            store: Mutex::new(None),
        };
        KeyringStore {
            service: SERVICE.into(),
            timeouts: KeyringTimeouts::default(),
            backend: Arc::new(backend),
        }
    }

    /// Connects now (for stores that cannot hang, like the mock).
    fn eager(self) -> Self {
        let _ = self.backend.store();
        self
    }

    /// Connects (under the connect timeout) and then runs `op` on an entry
    /// (under the call timeout), each on a worker thread.
    fn run<T, F>(&self, entry: &str, op: F) -> Result<T, KeyStoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Entry) -> keyring_core::Result<T> + Send + 'static,
    {
        let backend = self.backend.clone();
        let store = timed(self.timeouts.connect, move || backend.store())?;
        let (service, user) = (self.service.clone(), entry.to_owned());
        timed(self.timeouts.call, move || {
            let entry = Entry::new_in_store(&store, &service, &user).map_err(map_error)?;
            op(&entry).map_err(map_error)
        })
    }
}

fn timed<T: Send + 'static>(
    timeout: Duration,
    work: impl FnOnce() -> Result<T, KeyStoreError> + Send + 'static,
) -> Result<T, KeyStoreError> {
    match call_with_timeout(timeout, work) {
        Ok(result) => result,
        Err(TimedCallError::TimedOut) => Err(KeyStoreError::TimedOut { after: timeout }),
        Err(TimedCallError::WorkerFailed(detail)) => Err(KeyStoreError::Platform { detail }),
    }
}

impl KeyStore for KeyringStore {
    fn get(&self, entry: &str) -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
        self.run(entry, |e| e.get_secret().map(Zeroizing::new))
    }

    fn set(&self, entry: &str, secret: &[u8]) -> Result<(), KeyStoreError> {
        let secret = Zeroizing::new(secret.to_vec());
        self.run(entry, move |e| e.set_secret(&secret))
    }

    fn delete(&self, entry: &str) -> Result<(), KeyStoreError> {
        self.run(entry, |e| e.delete_credential())
    }
}

#[cfg(all(unix, not(any(target_os = "macos", target_os = "ios", target_os = "android"))))]
fn connect_native() -> keyring_core::Result<Arc<CredentialStore>> {
    let store: Arc<CredentialStore> = zbus_secret_service_keyring_store::Store::new()?;
    Ok(store)
}

#[cfg(target_os = "macos")]
fn connect_native() -> keyring_core::Result<Arc<CredentialStore>> {
    let store: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()?;
    Ok(store)
}

#[cfg(target_os = "windows")]
fn connect_native() -> keyring_core::Result<Arc<CredentialStore>> {
    let store: Arc<CredentialStore> = windows_native_keyring_store::Store::new()?;
    Ok(store)
}

#[cfg(not(any(
    target_os = "macos",
    target_os = "windows",
    all(unix, not(any(target_os = "ios", target_os = "android")))
)))]
fn connect_native() -> keyring_core::Result<Arc<CredentialStore>> {
    Err(keyring_core::Error::NotSupportedByStore(
        "Twofold has no keyring support on this platform".into(),
    ))
}

/// Turns `keyring-core`'s error into one of our states.
///
/// Careful: `BadEncoding` and `BadDataFormat` carry the secret's bytes, and
/// `Ambiguous` the matching entries; none of that goes into a message.
pub(super) fn map_error(err: keyring_core::Error) -> KeyStoreError {
    use keyring_core::Error as E;
    match err {
        E::NoEntry => KeyStoreError::NoEntry,
        E::NoStorageAccess(inner) => classify(&*inner).unwrap_or(KeyStoreError::Locked),
        E::PlatformFailure(inner) => classify(&*inner).unwrap_or_else(|| KeyStoreError::Platform {
            detail: inner.to_string(),
        }),
        E::NoDefaultStore => KeyStoreError::NoService {
            detail: "no keyring store is configured".into(),
        },
        E::BadEncoding(_) | E::BadDataFormat(..) => KeyStoreError::Platform {
            detail: "the keyring returned data in an unexpected form".into(),
        },
        E::Ambiguous(entries) => KeyStoreError::Platform {
            detail: format!(
                "{} keyring entries match this vault's slot; remove the extra ones",
                entries.len()
            ),
        },
        E::NotSupportedByStore(why) => KeyStoreError::NoService { detail: why },
        other => KeyStoreError::Platform {
            detail: other.to_string(),
        },
    }
}

/// Reads the platform error a store boxed, where we know its type.
#[cfg(all(unix, not(any(target_os = "macos", target_os = "ios", target_os = "android"))))]
fn classify(inner: &(dyn std::error::Error + Send + Sync + 'static)) -> Option<KeyStoreError> {
    super::secret_service::classify(inner)
}

#[cfg(target_os = "macos")]
fn classify(inner: &(dyn std::error::Error + Send + Sync + 'static)) -> Option<KeyStoreError> {
    super::keychain::classify(inner)
}

#[cfg(not(any(target_os = "macos", all(unix, not(any(target_os = "ios", target_os = "android"))))))]
fn classify(_inner: &(dyn std::error::Error + Send + Sync + 'static)) -> Option<KeyStoreError> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyring_core::mock;

    fn mock_pair() -> (Arc<CredentialStore>, KeyringStore) {
        let store: Arc<CredentialStore> = mock::Store::new().expect("mock store");
        (store.clone(), KeyringStore::from_store(store))
    }

    fn fail_next(store: &Arc<CredentialStore>, entry: &str, err: keyring_core::Error) {
        let e = Entry::new_in_store(store, SERVICE, entry).expect("entry");
        let cred: &mock::Cred = e.as_any().downcast_ref().expect("a mock credential");
        cred.set_error(err);
    }

    #[test]
    fn set_get_delete_round_trip() {
        let ks = KeyringStore::mock();
        ks.set("a", b"secret bytes").unwrap();
        assert_eq!(ks.get("a").unwrap().as_slice(), b"secret bytes");
        ks.set("a", b"other").unwrap();
        assert_eq!(ks.get("a").unwrap().as_slice(), b"other");
        ks.delete("a").unwrap();
        assert_eq!(ks.get("a"), Err(KeyStoreError::NoEntry));
        assert_eq!(ks.delete("a"), Err(KeyStoreError::NoEntry));
    }

    #[test]
    fn services_do_not_share_entries() {
        let ks = KeyringStore::mock();
        let other = ks.clone().with_service("app.twofold.test");
        ks.set("a", b"one").unwrap();
        assert_eq!(other.get("a"), Err(KeyStoreError::NoEntry));
    }

    #[test]
    fn errors_map_to_distinct_states() {
        let (store, ks) = mock_pair();
        ks.set("e", b"k").unwrap();
        let boxed = |m: &str| -> keyring_core::error::PlatformError { m.to_string().into() };
        fail_next(&store, "e", keyring_core::Error::NoStorageAccess(boxed("locked")));
        assert_eq!(ks.get("e"), Err(KeyStoreError::Locked));
        fail_next(&store, "e", keyring_core::Error::PlatformFailure(boxed("dbus said no")));
        assert_eq!(
            ks.get("e"),
            Err(KeyStoreError::Platform {
                detail: "dbus said no".into()
            })
        );
        fail_next(&store, "e", keyring_core::Error::NoDefaultStore);
        assert!(matches!(ks.get("e"), Err(KeyStoreError::NoService { .. })));
        fail_next(&store, "e", keyring_core::Error::BadEncoding(b"SECRET".to_vec()));
        let err = ks.get("e").unwrap_err();
        assert!(!format!("{err} {err:?}").contains("SECRET"), "{err:?}");
        // The error was consumed; the value is intact.
        assert_eq!(ks.get("e").unwrap().as_slice(), b"k");
    }

    #[test]
    fn a_store_that_cannot_connect_is_no_service() {
        let ks = KeyringStore::from_connector(Box::new(|| {
            Err(keyring_core::Error::PlatformFailure(
                "no D-Bus session".to_string().into(),
            ))
        }));
        assert_eq!(
            ks.get("x"),
            Err(KeyStoreError::NoService {
                detail: "no D-Bus session".into()
            })
        );
    }

    #[test]
    fn a_hanging_connection_times_out() {
        let ks = KeyringStore::from_connector(Box::new(|| {
            std::thread::sleep(Duration::from_secs(3));
            Err(keyring_core::Error::NoDefaultStore)
        }))
        .with_timeouts(KeyringTimeouts {
            connect: Duration::from_millis(100),
            call: Duration::from_secs(1),
        });
        let start = std::time::Instant::now();
        assert_eq!(
            ks.get("x"),
            Err(KeyStoreError::TimedOut {
                after: Duration::from_millis(100)
            })
        );
        assert!(start.elapsed() < Duration::from_secs(2));
    }
}
