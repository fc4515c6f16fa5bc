//! One account's details: what it is, editing its name, tags, note and
//! favourite mark, deleting it, and, after asking again who is there, its
//! secret and setup QR code (to move it to a phone by hand).

use data_encoding::BASE64;
use serde::Serialize;
use twofold_core::qr;
use twofold_core::sync;
use twofold_core::uri;
use twofold_core::vault::EntryPatch;

use crate::commands::{blocking, entry_id, Shared};
use crate::error::IpcError;
use crate::export::reauthenticate;
use crate::state::now;

/// An account as its details sheet shows it (no secret).
#[derive(Debug, Serialize)]
pub struct DetailsDto {
    pub id: String,
    pub issuer: Option<String>,
    pub label: String,
    pub tags: Vec<String>,
    pub note: String,
    pub favourite: bool,
    pub kind: &'static str,
    pub algorithm: &'static str,
    pub digits: u8,
    pub period: Option<u32>,
    pub counter: Option<u64>,
    /// Values that lost to an edit made on another computer at the same
    /// time (the synced history), oldest first; a secret's are not shown.
    pub conflicts: Vec<String>,
}

/// The secret of one account, shown after re-authentication.
#[derive(Serialize)]
pub struct RevealedDto {
    /// Base32 (mOTP: hex, as mOTP secrets are typed), in groups of four for reading aloud or typing.
    pub secret: String,
    /// The PIN of an mOTP or Yandex account: shown with the secret, and only then.
    pub pin: Option<String>,
    /// The `otpauth://` setup link.
    pub uri: String,
    /// Its QR code, as `data:image/png;base64,…`.
    pub qr: String,
}

impl std::fmt::Debug for RevealedDto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RevealedDto { .. }")
    }
}

#[tauri::command]
pub async fn account_details(state: Shared<'_>, id: String) -> Result<DetailsDto, IpcError> {
    blocking(&state, move |s| {
        let id = entry_id(&id)?;
        s.with_open(|o| {
            let e = o.loaded.contents.get(&id).ok_or_else(IpcError::no_such_entry)?;
            let conflicts = history(s, &o.unlocked, &id);
            Ok(DetailsDto {
                id: e.id().to_string(),
                issuer: e.issuer.clone(),
                label: e.label.clone(),
                tags: e.tags.clone(),
                note: e.note.clone(),
                favourite: e.favourite,
                kind: e.otp.kind().as_str(),
                algorithm: e.otp.hash_name(),
                digits: e.otp.digits(),
                period: e.otp.period(),
                counter: e.otp.counter(),
                conflicts,
            })
        })
    })
    .await
}

/// The account's synced history, when the vault syncs (a history that
/// cannot be read is only left out: the details still show).
fn history(s: &crate::state::AppState, unlocked: &twofold_core::vault::Unlocked, id: &twofold_core::vault::EntryId) -> Vec<String> {
    let Ok(Some(config)) = sync::SyncConfig::load(s.store.path()) else { return Vec::new() };
    let notes = sync::account_history(&s.store, unlocked, &config, id).unwrap_or_default();
    notes
        .iter()
        .map(|n| match (&n.kept, &n.other) {
            (Some(kept), Some(other)) => format!("{} changed on two computers: kept {kept}; the other was {other}", n.field),
            _ => format!("{} changed on two computers: the later one was kept, the other is in its history", n.field),
        })
        .collect()
}

/// Saves the edited name, tags, note and favourite mark. An empty issuer
/// is none; blank tags are dropped.
#[tauri::command]
pub async fn update_account(
    state: Shared<'_>,
    id: String,
    issuer: Option<String>,
    label: String,
    tags: Vec<String>,
    note: String,
    favourite: bool,
) -> Result<(), IpcError> {
    blocking(&state, move |s| {
        let id = entry_id(&id)?;
        let label = label.trim().to_owned();
        if label.is_empty() && issuer.as_deref().is_none_or(|i| i.trim().is_empty()) {
            return Err(IpcError::new("empty_name", "Give the account a name."));
        }
        let patch = EntryPatch {
            issuer: Some(issuer.map(|i| i.trim().to_owned()).filter(|i| !i.is_empty())),
            label: Some(label),
            tags: Some(tags.into_iter().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect()),
            note: Some(note),
            favourite: Some(favourite),
            ..EntryPatch::default()
        };
        s.update(|c| c.update(&id, patch, now()))
    })
    .await
}

/// Puts the accounts in this order (the list's order; any not named keep
/// their places after these).
#[tauri::command]
pub async fn reorder_accounts(state: Shared<'_>, order: Vec<String>) -> Result<(), IpcError> {
    blocking(&state, move |s| {
        let ids = order.iter().map(|id| entry_id(id)).collect::<Result<Vec<_>, _>>()?;
        s.update(|c| c.reorder(&ids))
    })
    .await
}

/// Deletes an account (the previous vault versions beside the file still hold it).
#[tauri::command]
pub async fn remove_account(state: Shared<'_>, id: String) -> Result<(), IpcError> {
    blocking(&state, move |s| {
        let id = entry_id(&id)?;
        s.update(|c| c.remove(&id).map(drop))
    })
    .await
}

/// The secret, its setup link and QR code: only after the vault's password
/// (a keyring-only vault asks the keyring again).
#[tauri::command]
pub async fn reveal_secret(state: Shared<'_>, id: String, vault_password: Option<String>) -> Result<RevealedDto, IpcError> {
    let vault_password = vault_password.map(zeroize::Zeroizing::new);
    blocking(&state, move |s| {
        let id = entry_id(&id)?;
        reauthenticate(s, vault_password.as_deref().map(String::as_str))?;
        s.with_open(|o| {
            let e = o.loaded.contents.get(&id).ok_or_else(IpcError::no_such_entry)?;
            let link = uri::to_uri(&e.account());
            let png = qr::encode_png(&link, 6)?;
            let plain = match e.otp.kind() {
                twofold_core::OtpKind::Motp => zeroize::Zeroizing::new(data_encoding::HEXLOWER.encode(e.otp.secret().as_bytes())),
                _ => e.otp.secret().to_base32(),
            };
            let grouped: Vec<String> = plain.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
            Ok(RevealedDto {
                secret: grouped.join(" "),
                pin: e.otp.pin().map(|p| p.as_str().to_owned()),
                uri: link.as_str().to_owned(),
                qr: format!("data:image/png;base64,{}", BASE64.encode(&png)),
            })
        })
    })
    .await
}
