//! Reading the macOS Keychain's status codes, which the Apple store boxes.
//!
//! The store turns a few codes into `NoStorageAccess` and every other one
//! (a cancelled prompt among them) into `PlatformFailure`; the boxed
//! `security_framework` error still has the OSStatus.

use security_framework::base::Error as SecError;

use super::KeyStoreError;

/// errSecUserCanceled: the person pressed Cancel (or Deny) in a Keychain prompt.
const USER_CANCELED: i32 = -128;
/// errSecAuthFailed: the Keychain password was wrong, or access was refused.
const AUTH_FAILED: i32 = -25293;
/// errSecInteractionNotAllowed: the Keychain is locked and may not prompt now.
const INTERACTION_NOT_ALLOWED: i32 = -25308;
/// errSecNotAvailable: no Keychain is available.
const NOT_AVAILABLE: i32 = -25291;
/// errSecNoSuchKeychain: the Keychain does not exist.
const NO_SUCH_KEYCHAIN: i32 = -25294;

/// Our state for a boxed Keychain error; `None` leaves the generic mapping.
pub(super) fn classify(inner: &(dyn std::error::Error + Send + Sync + 'static)) -> Option<KeyStoreError> {
    let err = inner.downcast_ref::<SecError>()?;
    match err.code() {
        USER_CANCELED | AUTH_FAILED => Some(KeyStoreError::PromptDismissed),
        INTERACTION_NOT_ALLOWED => Some(KeyStoreError::Locked),
        NOT_AVAILABLE | NO_SUCH_KEYCHAIN => Some(KeyStoreError::NoService {
            detail: err.to_string(),
        }),
        _ => None,
    }
}
