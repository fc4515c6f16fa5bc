//! Reading the Secret Service's errors, which the zbus store boxes.
//!
//! The store folds a locked collection, a dismissed prompt and "no result"
//! into one `NoStorageAccess`, and every connection failure into
//! `PlatformFailure`; the boxed `secret_service::Error` inside still says
//! which, and the UI needs to tell them apart.

use secret_service::Error as SsError;
use zbus::fdo::Error as FdoError;

use super::KeyStoreError;

/// Our state for a boxed platform error, or `None` when it is not a Secret Service error.
pub(super) fn classify(inner: &(dyn std::error::Error + Send + Sync + 'static)) -> Option<KeyStoreError> {
    let err = inner.downcast_ref::<SsError>()?;
    let detail = err.to_string();
    Some(match err {
        SsError::Locked => KeyStoreError::Locked,
        SsError::Prompt | SsError::PromptDisconnected => KeyStoreError::PromptDismissed,
        SsError::Unavailable => KeyStoreError::NoService { detail },
        SsError::NoResult => KeyStoreError::NoService {
            detail: "the Secret Service has no default keyring collection".into(),
        },
        SsError::Zbus(zbus_err) => classify_zbus(zbus_err, detail),
        SsError::ZbusFdo(fdo) => classify_fdo(fdo, detail),
        _ => KeyStoreError::Platform { detail },
    })
}

fn classify_zbus(err: &zbus::Error, detail: String) -> KeyStoreError {
    match err {
        // No bus address, a socket nobody listens on, a failed handshake: no session bus.
        zbus::Error::Address(_)
        | zbus::Error::InputOutput(_)
        | zbus::Error::Handshake(_)
        | zbus::Error::Connection(..)
        | zbus::Error::InterfaceNotFound => KeyStoreError::NoService { detail },
        zbus::Error::FDO(fdo) => classify_fdo(fdo, detail),
        zbus::Error::MethodError(name, ..) if is_missing_service(name.as_str()) => KeyStoreError::NoService { detail },
        _ => KeyStoreError::Platform { detail },
    }
}

fn classify_fdo(err: &FdoError, detail: String) -> KeyStoreError {
    match err {
        FdoError::ServiceUnknown(_)
        | FdoError::NameHasNoOwner(_)
        | FdoError::SpawnServiceNotFound(_)
        | FdoError::SpawnExecFailed(_)
        | FdoError::NoServer(_)
        | FdoError::Disconnected(_) => KeyStoreError::NoService { detail },
        _ => KeyStoreError::Platform { detail },
    }
}

fn is_missing_service(name: &str) -> bool {
    name.starts_with("org.freedesktop.DBus.Error.ServiceUnknown")
        || name.starts_with("org.freedesktop.DBus.Error.NameHasNoOwner")
        || name.starts_with("org.freedesktop.DBus.Error.Spawn")
        || name.starts_with("org.freedesktop.DBus.Error.NoServer")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(e: SsError) -> Box<dyn std::error::Error + Send + Sync> {
        Box::new(e)
    }

    #[test]
    fn secret_service_errors_become_distinct_states() {
        assert_eq!(classify(&*boxed(SsError::Locked)), Some(KeyStoreError::Locked));
        assert_eq!(classify(&*boxed(SsError::Prompt)), Some(KeyStoreError::PromptDismissed));
        assert!(matches!(
            classify(&*boxed(SsError::Unavailable)),
            Some(KeyStoreError::NoService { .. })
        ));
        let no_bus = SsError::Zbus(zbus::Error::Address("DBUS_SESSION_BUS_ADDRESS is unset".into()));
        assert!(matches!(
            classify(&*boxed(no_bus)),
            Some(KeyStoreError::NoService { .. })
        ));
        let unknown = SsError::ZbusFdo(FdoError::ServiceUnknown("org.freedesktop.secrets".into()));
        assert!(matches!(
            classify(&*boxed(unknown)),
            Some(KeyStoreError::NoService { .. })
        ));
        assert!(matches!(
            classify(&*boxed(SsError::Crypto("bad"))),
            Some(KeyStoreError::Platform { .. })
        ));
        let not_ours: Box<dyn std::error::Error + Send + Sync> = "plain".to_string().into();
        assert_eq!(classify(&*not_ours), None);
    }
}
