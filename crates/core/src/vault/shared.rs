//! Files sealed with a vault's key other than the vault itself: the sync
//! state files each computer writes into a shared folder (see `crate::sync`).
//!
//! They use the vault's file format, with the vault's id and a copy of its
//! password and recovery slots, so another computer can open one once with
//! the password or the recovery key and join. Keyring slots are never
//! copied: they open only on the computer whose keyring holds their key.

use std::path::PathBuf;

use zeroize::Zeroizing;

use super::crypto::SymmetricKey;
use super::format::{self, Header};
use super::fsio;
use super::session::Unlocked;
use super::slots::{self, NewSlot, Slot, SlotType, Unlock};
use super::store::{check_kind, decrypt, next_revision, seal};
use super::{VaultError, VaultPayload, VaultStore};
use crate::keystore::KeyStore;

/// The slots a vault shares with the files it seals for other computers.
#[derive(Clone, Debug)]
pub struct SharedSlots(Vec<Slot>);

impl SharedSlots {
    /// True when nothing could open a file sealed with them elsewhere.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn shareable(slots: &[Slot]) -> SharedSlots {
    let keep = |s: &&Slot| matches!(s.slot_type(), Some(SlotType::Password | SlotType::Recovery));
    SharedSlots(slots.iter().filter(keep).cloned().collect())
}

impl<T: VaultPayload> VaultStore<T> {
    /// The password and recovery slots of the vault on disk.
    pub fn shared_slots(&self, unlocked: &Unlocked) -> Result<SharedSlots, VaultError> {
        let bytes = fsio::read_vault(self.path())?;
        let parsed = format::parse(&bytes)?;
        check_kind::<T>(&parsed.header)?;
        if parsed.header.vault_id != *unlocked.vault_id() {
            return Err(VaultError::DifferentVault);
        }
        // Authenticates the header (and so the slots) with the key.
        let _: T = decrypt(&parsed, unlocked.key())?;
        Ok(shareable(&parsed.header.slots))
    }

    /// Makes this vault one with the vault `joined` opened (same id and key)
    /// and returns its key: the slots are the shared ones, plus a new
    /// keyring slot when `keyring` is given. The contents stay. The file it
    /// replaces is kept as `<name>.before-join`.
    pub fn adopt(
        &self,
        current: &Unlocked,
        joined: &Unlocked,
        shared: &SharedSlots,
        keyring: Option<&dyn KeyStore>,
    ) -> Result<Unlocked, VaultError> {
        let key = SymmetricKey::from_bytes(Zeroizing::new(*joined.key().as_bytes()));
        let mut slots = shared.0.clone();
        let mut keyring_entry = None;
        if let Some(ks) = keyring {
            let (slot, entry) = slots::make_slot(joined.vault_id(), &key, &NewSlot::Keyring(ks))?;
            slots.push(slot);
            keyring_entry = entry.map(|e| (ks, e));
        }
        let result = (|| {
            let _guard = self.lock()?;
            let (old, contents) = self.read_current(current)?;
            let mut before = self.path().as_os_str().to_owned();
            before.push(".before-join");
            std::fs::copy(self.path(), PathBuf::from(&before))
                .map_err(|e| VaultError::io("copy", PathBuf::from(&before), e))?;
            let mut header = Header::first(T::KIND, *joined.vault_id(), slots);
            header.revision = old.revision;
            next_revision(&mut header)?;
            self.write(&mut header, &contents, &key)
        })();
        if let (Err(_), Some((ks, entry))) = (&result, keyring_entry) {
            let _ = ks.delete(&entry);
        }
        result?;
        Ok(Unlocked::new(key, *joined.vault_id(), T::KIND))
    }
}

/// `payload` sealed with the vault's key, as revision `revision`, openable
/// elsewhere by the shared slots.
pub fn seal_shared<P: VaultPayload>(
    unlocked: &Unlocked,
    shared: &SharedSlots,
    revision: u64,
    payload: &P,
) -> Result<Vec<u8>, VaultError> {
    if shared.is_empty() {
        return Err(VaultError::NoSlots);
    }
    let mut header = Header::first(P::KIND, *unlocked.vault_id(), shared.0.clone());
    header.revision = revision;
    Ok(seal(&mut header, payload, unlocked.key())?.to_vec())
}

/// Opens a file sealed by [`seal_shared`] with an unlocked key: its revision and payload.
pub fn open_shared<P: VaultPayload>(bytes: &[u8], unlocked: &Unlocked) -> Result<(u64, P), VaultError> {
    if bytes.len() as u64 > format::MAX_FILE_LEN {
        return Err(VaultError::TooLarge { size: bytes.len() as u64, limit: format::MAX_FILE_LEN });
    }
    let parsed = format::parse(bytes)?;
    check_kind::<P>(&parsed.header)?;
    if parsed.header.vault_id != *unlocked.vault_id() {
        return Err(VaultError::DifferentVault);
    }
    let payload = decrypt(&parsed, unlocked.key())?;
    Ok((parsed.header.revision, payload))
}

/// Opens a file sealed by [`seal_shared`] with a password or recovery key,
/// to join its vault: the key, the slots to share, and the payload.
pub fn open_to_join<P: VaultPayload>(
    bytes: &[u8],
    how: &Unlock<'_>,
    kind: super::VaultKind,
) -> Result<(Unlocked, SharedSlots, P), VaultError> {
    if bytes.len() as u64 > format::MAX_FILE_LEN {
        return Err(VaultError::TooLarge { size: bytes.len() as u64, limit: format::MAX_FILE_LEN });
    }
    let parsed = format::parse(bytes)?;
    check_kind::<P>(&parsed.header)?;
    let key = slots::unlock(&parsed.header.slots, &parsed.header.vault_id, how)?;
    let payload = decrypt(&parsed, &key)?;
    let shared = shareable(&parsed.header.slots);
    Ok((Unlocked::new(key, parsed.header.vault_id, kind), shared, payload))
}

/// The vault id a file's header names (not authenticated).
pub fn file_vault_id(bytes: &[u8]) -> Result<super::VaultId, VaultError> {
    Ok(format::parse(bytes)?.header.vault_id)
}
