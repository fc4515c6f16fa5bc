//! [`VaultStore`]: creating, unlocking, reading and changing a vault file.
//!
//! Every change is a transaction: under the vault's advisory lock it
//! re-reads the file on disk, authenticates it with the already-unlocked key
//! (no password hashing again), applies the change and saves atomically with
//! the next revision. Two processes (the GUI and the CLI) can therefore
//! never lose each other's updates, and [`VaultStore::save`] refuses to
//! write a copy older than the file.

use std::io::{self, Write};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use zeroize::Zeroizing;

use super::crypto::{random_bytes, SymmetricKey, TAG_LEN};
use super::format::{self, Header, Parsed};
use super::fsio::{self, PathState};
use super::hex::Hex;
use super::ids::{SlotId, VaultId};
use super::kdf::KdfParams;
use super::recovery::RecoveryPublicKey;
use super::session::Unlocked;
use super::slots::{self, keyring_entry, NewSlot, Slot, SlotInfo, SlotType, Unlock};
use super::{VaultError, VaultKind, VaultPayload};
use crate::keystore::{KeyStore, KeyStoreError};

/// How many previous versions are kept beside the vault (`<name>.1` … `<name>.5`).
pub const BACKUP_COUNT: usize = 5;

/// Tunables of a [`VaultStore`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreOptions {
    /// How long to wait for another process's lock before [`VaultError::Busy`].
    pub lock_timeout: Duration,
    /// How many previous versions to keep.
    pub backups: usize,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            lock_timeout: Duration::from_secs(10),
            backups: BACKUP_COUNT,
        }
    }
}

/// What the header says about a vault (nothing secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultInfo {
    /// Accounts or backup codes.
    pub kind: VaultKind,
    /// The vault's id.
    pub vault_id: VaultId,
    /// Goes up by one with every save.
    pub revision: u64,
    /// When it was last saved (unix seconds).
    pub saved_at: u64,
    /// Its slots.
    pub slots: Vec<SlotInfo>,
}

impl VaultInfo {
    /// The recovery kit's public key, so a vault created later (the
    /// backup-code vault) can add a recovery slot for the same kit.
    pub fn recovery_public_key(&self) -> Option<RecoveryPublicKey> {
        self.slots.iter().find_map(|s| s.recovery_public_key)
    }

    /// True when some slot is of this type.
    pub fn has_slot(&self, slot_type: SlotType) -> bool {
        self.slots.iter().any(|s| s.slot_type == Some(slot_type))
    }

    fn from_header(header: &Header, kind: VaultKind) -> Self {
        VaultInfo {
            kind,
            vault_id: header.vault_id,
            revision: header.revision,
            saved_at: header.saved_at,
            slots: header.slots.iter().map(Slot::info).collect(),
        }
    }
}

/// A decrypted vault: its contents and its (authenticated) header.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The contents.
    pub contents: T,
    /// The header, at the revision the contents were read.
    pub info: VaultInfo,
}

/// One vault file of payload type `T` ([`super::Contents`] or [`super::BackupCodes`]).
#[derive(Debug, Clone)]
pub struct VaultStore<T> {
    path: PathBuf,
    options: StoreOptions,
    payload: PhantomData<fn() -> T>,
}

impl<T: VaultPayload> VaultStore<T> {
    /// The vault at `path` (nothing is read yet).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self::with_options(path, StoreOptions::default())
    }

    /// The vault at `path`, with other tunables.
    pub fn with_options(path: impl Into<PathBuf>, options: StoreOptions) -> Self {
        VaultStore {
            path: path.into(),
            options,
            payload: PhantomData,
        }
    }

    /// The vault path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when a file is at the path (an error for a folder or a symbolic link).
    pub fn exists(&self) -> Result<bool, VaultError> {
        Ok(matches!(fsio::check_path(&self.path)?, PathState::File))
    }

    /// Reads the header without any key, e.g. to offer the unlock methods
    /// the vault has. Not authenticated until the vault is unlocked.
    pub fn inspect(&self) -> Result<VaultInfo, VaultError> {
        let bytes = fsio::read_vault(&self.path)?;
        let parsed = format::parse(&bytes)?;
        let kind = check_kind::<T>(&parsed.header)?;
        Ok(VaultInfo::from_header(&parsed.header, kind))
    }

    /// Creates a new vault holding `contents`, with a fresh random vault key
    /// wrapped in each of `slots`. Refuses to replace an existing file.
    pub fn create(&self, contents: &T, slots: &[NewSlot<'_>]) -> Result<Unlocked, VaultError> {
        if slots.is_empty() {
            return Err(VaultError::NoSlots);
        }
        if let PathState::File = fsio::check_path(&self.path)? {
            return Err(VaultError::AlreadyExists {
                path: self.path.clone(),
            });
        }
        let vault_id = VaultId::random()?;
        let key = SymmetricKey::random()?;
        let mut made = Vec::with_capacity(slots.len());
        let mut cleanup = KeyringCleanup::default();
        for new in slots {
            // Password hashing happens here, before the lock is taken.
            match slots::make_slot(&vault_id, &key, new) {
                Ok((slot, entry)) => {
                    cleanup.add(new, entry);
                    made.push(slot);
                }
                Err(e) => return Err(cleanup.run(e)),
            }
        }
        let result = (|| {
            let _guard = self.lock()?;
            if let PathState::File = fsio::check_path(&self.path)? {
                return Err(VaultError::AlreadyExists {
                    path: self.path.clone(),
                });
            }
            let mut header = Header::first(T::KIND, vault_id, made);
            self.write(&mut header, contents, &key)
        })();
        match result {
            Ok(()) => Ok(Unlocked::new(key, vault_id, T::KIND)),
            Err(e) => Err(cleanup.run(e)),
        }
    }

    /// Opens the vault with `how` and decrypts it. Never writes.
    pub fn unlock(&self, how: &Unlock<'_>) -> Result<(Unlocked, Loaded<T>), VaultError> {
        let bytes = fsio::read_vault(&self.path)?;
        let parsed = format::parse(&bytes)?;
        let kind = check_kind::<T>(&parsed.header)?;
        let vault_id = parsed.header.vault_id;
        let key = slots::unlock(&parsed.header.slots, &vault_id, how)?;
        let contents = decrypt(&parsed, &key)?;
        let info = VaultInfo::from_header(&parsed.header, kind);
        Ok((Unlocked::new(key, vault_id, kind), Loaded { contents, info }))
    }

    /// Reads the latest version with an unlocked key (no password hashing).
    pub fn load(&self, unlocked: &Unlocked) -> Result<Loaded<T>, VaultError> {
        let (header, contents) = self.read_current(unlocked)?;
        Ok(Loaded {
            contents,
            info: VaultInfo::from_header(&header, T::KIND),
        })
    }

    /// Changes the vault in one transaction: under the lock, reads the
    /// latest file, applies `change`, and saves it as the next revision.
    /// Nothing is written when `change` fails.
    pub fn update<R>(
        &self,
        unlocked: &Unlocked,
        change: impl FnOnce(&mut T) -> Result<R, VaultError>,
    ) -> Result<R, VaultError> {
        let _guard = self.lock()?;
        let (mut header, mut contents) = self.read_current(unlocked)?;
        let result = change(&mut contents)?;
        next_revision(&mut header)?;
        self.write(&mut header, &contents, unlocked.key())?;
        Ok(result)
    }

    /// Saves `loaded.contents` only if the file is still at
    /// `loaded.info.revision`; otherwise [`VaultError::Conflict`] and
    /// nothing is written. Returns the new header.
    pub fn save(&self, unlocked: &Unlocked, loaded: &Loaded<T>) -> Result<VaultInfo, VaultError> {
        let _guard = self.lock()?;
        let (mut header, _) = self.read_current(unlocked)?;
        if header.revision != loaded.info.revision {
            return Err(VaultError::Conflict {
                expected: loaded.info.revision,
                found: header.revision,
            });
        }
        next_revision(&mut header)?;
        self.write(&mut header, &loaded.contents, unlocked.key())?;
        Ok(VaultInfo::from_header(&header, T::KIND))
    }

    /// Adds a slot (e.g. opting in to keyring unlocking for the backup-code
    /// vault, or a recovery slot for an existing kit). Returns its id.
    pub fn add_slot(&self, unlocked: &Unlocked, new: &NewSlot<'_>) -> Result<SlotId, VaultError> {
        let (slot, entry) = slots::make_slot(unlocked.vault_id(), unlocked.key(), new)?;
        let mut cleanup = KeyringCleanup::default();
        cleanup.add(new, entry);
        let id = slot.id();
        self.change_slots(unlocked, false, |slots| {
            slots.push(slot);
            Ok(())
        })
        .map_err(|e| cleanup.run(e))?;
        Ok(id)
    }

    /// Removes a slot, refusing to remove the last one that can open the
    /// vault. The backups are deleted too, since they would still open with
    /// the removed slot. For a keyring slot, pass the keyring to delete its
    /// entry; a failure to delete it is returned (the slot is gone either way).
    pub fn remove_slot(
        &self,
        unlocked: &Unlocked,
        id: &SlotId,
        keystore: Option<&dyn KeyStore>,
    ) -> Result<Option<KeyStoreError>, VaultError> {
        let mut was_keyring = false;
        self.change_slots(unlocked, true, |slots| {
            let index = slots
                .iter()
                .position(|s| s.id() == *id)
                .ok_or_else(|| VaultError::NoSuchSlot { id: id.to_string() })?;
            let openers = slots.iter().filter(|s| s.slot_type().is_some()).count();
            if slots[index].slot_type().is_some() && openers <= 1 {
                return Err(VaultError::LastSlot);
            }
            was_keyring = slots[index].slot_type() == Some(SlotType::Keyring);
            slots.remove(index);
            Ok(())
        })?;
        match (was_keyring, keystore) {
            (true, Some(ks)) => match ks.delete(&keyring_entry(unlocked.vault_id(), id)) {
                Ok(()) | Err(KeyStoreError::NoEntry) => Ok(None),
                Err(e) => Ok(Some(e)),
            },
            _ => Ok(None),
        }
    }

    /// Sets a new password: replaces every password slot by one for
    /// `new_password` (adds one if there was none). The backups are deleted,
    /// since they would still open with the old password.
    pub fn change_password(
        &self,
        unlocked: &Unlocked,
        new_password: &str,
        params: KdfParams,
    ) -> Result<SlotId, VaultError> {
        let new = NewSlot::Password {
            password: new_password,
            params,
        };
        let (slot, _) = slots::make_slot(unlocked.vault_id(), unlocked.key(), &new)?;
        let id = slot.id();
        self.change_slots(unlocked, true, |slots| {
            slots.retain(|s| s.slot_type() != Some(SlotType::Password));
            slots.push(slot);
            Ok(())
        })?;
        Ok(id)
    }

    /// Replaces the recovery slot(s) by one for a new kit, in one save: the
    /// old kit stops opening the vault. The backups are deleted, since they
    /// would still open with the old kit.
    pub fn replace_recovery(&self, unlocked: &Unlocked, kit: RecoveryPublicKey) -> Result<SlotId, VaultError> {
        let (slot, _) = slots::make_slot(unlocked.vault_id(), unlocked.key(), &NewSlot::Recovery(kit))?;
        let id = slot.id();
        self.change_slots(unlocked, true, |slots| {
            slots.retain(|s| s.slot_type() != Some(SlotType::Recovery));
            slots.push(slot);
            Ok(())
        })?;
        Ok(id)
    }

    fn change_slots(
        &self,
        unlocked: &Unlocked,
        purge_backups: bool,
        change: impl FnOnce(&mut Vec<Slot>) -> Result<(), VaultError>,
    ) -> Result<(), VaultError> {
        let _guard = self.lock()?;
        let (mut header, contents) = self.read_current(unlocked)?;
        change(&mut header.slots)?;
        if header.slots.len() > format::MAX_SLOTS {
            return Err(VaultError::corrupt(format!("more than {} slots", format::MAX_SLOTS)));
        }
        next_revision(&mut header)?;
        self.write(&mut header, &contents, unlocked.key())?;
        if purge_backups {
            fsio::purge_backups(&self.path, self.options.backups)?;
        }
        Ok(())
    }

    pub(super) fn lock(&self) -> Result<fsio::LockGuard, VaultError> {
        let guard = fsio::lock(&self.path, self.options.lock_timeout)?;
        fsio::remove_stale_temps(&self.path);
        Ok(guard)
    }

    /// Reads and authenticates the file on disk with the unlocked key.
    pub(super) fn read_current(&self, unlocked: &Unlocked) -> Result<(Header, T), VaultError> {
        let bytes = fsio::read_vault(&self.path)?;
        let parsed = format::parse(&bytes)?;
        check_kind::<T>(&parsed.header)?;
        if parsed.header.vault_id != *unlocked.vault_id() {
            return Err(VaultError::DifferentVault);
        }
        let contents = decrypt(&parsed, unlocked.key())?;
        Ok((parsed.header, contents))
    }

    /// Seals `contents` under `key` with a fresh nonce and saves it atomically.
    pub(super) fn write(&self, header: &mut Header, contents: &T, key: &SymmetricKey) -> Result<(), VaultError> {
        let file = seal(header, contents, key)?;
        fsio::ensure_parent(&self.path)?;
        let temp = fsio::write_temp(&self.path, &file)?;
        fsio::commit(&temp, &self.path, self.options.backups)
    }

    /// Writes a temporary file as a save would, without putting it in place:
    /// what a crash between the two steps leaves behind.
    #[cfg(test)]
    pub(crate) fn write_temp_only(&self, bytes: &[u8]) -> Result<PathBuf, VaultError> {
        fsio::write_temp(&self.path, bytes)
    }
}

/// A whole vault file in memory: `contents` under a fresh random vault key,
/// wrapped in a password slot (default Argon2id costs) and, when given, a
/// recovery slot. Nothing touches the disk or the keyring, so the bytes open
/// on any machine ([`open_bytes`]): this is Twofold's portable encrypted backup.
pub fn seal_portable<T: VaultPayload>(
    contents: &T,
    password: &str,
    recovery: Option<RecoveryPublicKey>,
) -> Result<Vec<u8>, VaultError> {
    let vault_id = VaultId::random()?;
    let key = SymmetricKey::random()?;
    let mut new = vec![NewSlot::password(password)];
    new.extend(recovery.map(NewSlot::Recovery));
    let made = new
        .iter()
        .map(|n| slots::make_slot(&vault_id, &key, n).map(|(slot, _)| slot))
        .collect::<Result<Vec<_>, _>>()?;
    let mut header = Header::first(T::KIND, vault_id, made);
    // The ciphertext is not secret; the zeroizing buffer held the plaintext on the way.
    Ok(seal(&mut header, contents, &key)?.to_vec())
}

/// What the header of a vault file in memory says (not authenticated until opened).
pub fn inspect_bytes<T: VaultPayload>(bytes: &[u8]) -> Result<VaultInfo, VaultError> {
    let parsed = format::parse(bytes)?;
    let kind = check_kind::<T>(&parsed.header)?;
    Ok(VaultInfo::from_header(&parsed.header, kind))
}

/// Opens and decrypts a vault file held in memory (a backup), as
/// [`VaultStore::unlock`] does for a file on disk.
pub fn open_bytes<T: VaultPayload>(bytes: &[u8], how: &Unlock<'_>) -> Result<Loaded<T>, VaultError> {
    if bytes.len() as u64 > format::MAX_FILE_LEN {
        return Err(VaultError::TooLarge { size: bytes.len() as u64, limit: format::MAX_FILE_LEN });
    }
    let parsed = format::parse(bytes)?;
    let kind = check_kind::<T>(&parsed.header)?;
    let key = slots::unlock(&parsed.header.slots, &parsed.header.vault_id, how)?;
    let contents = decrypt(&parsed, &key)?;
    Ok(Loaded { contents, info: VaultInfo::from_header(&parsed.header, kind) })
}

/// The file bytes of `contents` sealed under `key` with a fresh nonce.
pub(super) fn seal<T: VaultPayload>(
    header: &mut Header,
    contents: &T,
    key: &SymmetricKey,
) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    let plain_len = json_len(contents)?;
    header.nonce = Hex(random_bytes()?);
    header.payload_length = (plain_len + TAG_LEN) as u64;
    header.saved_at = unix_now();
    let prefix = format::encode_prefix(header)?;
    // The plaintext is written straight into the file buffer (sized so it
    // never reallocates) and encrypted in place; the buffer is wiped on drop.
    let mut file = Zeroizing::new(Vec::with_capacity(prefix.len() + plain_len + TAG_LEN));
    file.extend_from_slice(&prefix);
    serde_json::to_writer(&mut *file, contents)
        .map_err(|e| VaultError::InvalidContents { detail: e.to_string() })?;
    if file.len() != prefix.len() + plain_len {
        return Err(VaultError::InvalidContents {
            detail: "the contents serialized differently twice".into(),
        });
    }
    let (aad, plaintext) = file.split_at_mut(prefix.len());
    let tag = key.seal(&header.nonce.0, aad, plaintext)?;
    file.extend_from_slice(&tag);
    Ok(file)
}

pub(super) fn check_kind<T: VaultPayload>(header: &Header) -> Result<VaultKind, VaultError> {
    match header.kind() {
        Some(kind) if kind == T::KIND => Ok(kind),
        Some(found) => Err(VaultError::WrongKind {
            expected: T::KIND,
            found,
        }),
        None => Err(VaultError::corrupt(format!(
            "a vault of unknown kind '{}'",
            header.kind
        ))),
    }
}

pub(super) fn decrypt<T: VaultPayload>(parsed: &Parsed<'_>, key: &SymmetricKey) -> Result<T, VaultError> {
    let mut plaintext = Zeroizing::new(parsed.ciphertext.to_vec());
    if !key.open(&parsed.header.nonce.0, parsed.aad, &mut plaintext, &parsed.tag) {
        return Err(VaultError::AuthenticationFailed);
    }
    serde_json::from_slice(&plaintext).map_err(|e| VaultError::InvalidContents { detail: e.to_string() })
}

pub(super) fn next_revision(header: &mut Header) -> Result<(), VaultError> {
    header.revision = header
        .revision
        .checked_add(1)
        .ok_or_else(|| VaultError::corrupt("the revision counter is exhausted"))?;
    Ok(())
}

/// Length of the JSON of `value`, measured without keeping the bytes.
fn json_len<T: Serialize>(value: &T) -> Result<usize, VaultError> {
    struct Count(usize);
    impl Write for Count {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, value).map_err(|e| VaultError::InvalidContents { detail: e.to_string() })?;
    Ok(count.0)
}

pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Keyring entries stored for slots of a vault that was then not saved.
#[derive(Default)]
struct KeyringCleanup<'a> {
    entries: Vec<(&'a dyn KeyStore, String)>,
}

impl<'a> KeyringCleanup<'a> {
    fn add(&mut self, new: &NewSlot<'a>, entry: Option<String>) {
        if let (NewSlot::Keyring(ks), Some(entry)) = (new, entry) {
            self.entries.push((*ks, entry));
        }
    }

    /// Deletes them (best effort) and passes the original error on.
    fn run(self, error: VaultError) -> VaultError {
        for (ks, entry) in self.entries {
            let _ = ks.delete(&entry);
        }
        error
    }
}
