//! [`IpcError`]: what a failed command returns, `{code, message}`. The UI
//! branches on `code` (stable, snake_case) and shows `message`; it never
//! parses English.

use serde::Serialize;
use twofold_core::keystore::KeyStoreError;
use twofold_core::qr::QrError;
use twofold_core::vault::VaultError;

/// A command's error as the front end sees it.
#[derive(Clone, Debug, Serialize)]
pub struct IpcError {
    /// A stable identifier of the case.
    pub code: &'static str,
    /// A sentence a person can act on (never holds a secret).
    pub message: String,
}

impl IpcError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        IpcError {
            code,
            message: message.into(),
        }
    }

    /// The account named by an id is not (or no longer) in the vault.
    pub fn no_such_entry() -> Self {
        IpcError::new("no_such_entry", "no such account")
    }

    /// The vault is not unlocked (never opened, locked by hand or by the idle timer).
    pub fn locked() -> Self {
        IpcError::new("locked", "the vault is locked")
    }
}

impl From<VaultError> for IpcError {
    fn from(e: VaultError) -> Self {
        IpcError::new(vault_code(&e), e.to_string())
    }
}

/// The stable code of a vault error.
pub fn vault_code(e: &VaultError) -> &'static str {
        match e {
            VaultError::NotFound { .. } => "no_vault",
            VaultError::AlreadyExists { .. } => "already_exists",
            VaultError::WrongPassword => "wrong_password",
            VaultError::WrongRecoveryKey => "wrong_recovery_key",
            VaultError::KeyringKeyRejected => "keyring_key_rejected",
            VaultError::Keyring(k) => keyring_code(k),
            VaultError::NoSlotOfType { .. } => "no_such_slot",
            VaultError::Busy => "busy",
            VaultError::Conflict { .. } => "conflict",
            VaultError::NoSuchEntry { .. } => "no_such_entry",
            VaultError::NotHotp => "not_hotp",
            VaultError::NotAVault
            | VaultError::Truncated
            | VaultError::Corrupt { .. }
            | VaultError::AuthenticationFailed
            | VaultError::TooLarge { .. }
            | VaultError::WrongKind { .. }
            | VaultError::InvalidContents { .. } => "vault_damaged",
            VaultError::NewerFormat { .. } => "newer_format",
            VaultError::Io { .. } | VaultError::IsADirectory { .. } | VaultError::Symlink { .. } => "io",
            _ => "vault_error",
        }
}

fn keyring_code(e: &KeyStoreError) -> &'static str {
    match e {
        KeyStoreError::NoService { .. } => "keyring_unavailable",
        KeyStoreError::Locked | KeyStoreError::PromptDismissed => "keyring_locked",
        KeyStoreError::NoEntry => "keyring_no_entry",
        KeyStoreError::TimedOut { .. } => "keyring_timeout",
        _ => "keyring_failed",
    }
}

impl From<QrError> for IpcError {
    fn from(e: QrError) -> Self {
        IpcError::new(e.code(), e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_serialize_flat() {
        let e = IpcError::from(VaultError::WrongPassword);
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"code":"wrong_password","message":"wrong password"}"#
        );
        let k = IpcError::from(VaultError::Keyring(KeyStoreError::Locked));
        assert_eq!(k.code, "keyring_locked");
        assert!(k.message.contains("keyring is locked"));
        assert_eq!(IpcError::from(QrError::NoQrCode).code, "no_qr_code");
    }
}
