//! Slots: the vault key, wrapped once per way of opening the vault.
//!
//! As in Aegis, the payload has one random vault key, and each slot holds
//! that key encrypted (XChaCha20-Poly1305) under a wrapping key that one
//! unlock method recovers: the OS keyring, a password (Argon2id), or the
//! recovery key (X25519 + HKDF). Slots of types this version does not know
//! are kept as they are and skipped when unlocking.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use zeroize::Zeroizing;

use super::crypto::{random_bytes, SymmetricKey, KEY_LEN, NONCE_LEN, WRAPPED_LEN};
use super::hex::{Hex, HexVec};
use super::ids::{SlotId, VaultId};
use super::kdf::{self, KdfParams, ARGON2_VERSION, SALT_LEN};
use super::recovery::{RecoveryKey, RecoveryPublicKey};
use super::VaultError;
use crate::keystore::{self, KeyStore, KeyStoreError};

/// The ways of opening a vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlotType {
    /// A wrapping key kept in the OS keyring.
    Keyring,
    /// A password, through Argon2id.
    Password,
    /// The recovery key of a printed recovery kit.
    Recovery,
}

impl SlotType {
    /// The name in the file: `keyring`, `password`, `recovery`.
    pub fn as_str(self) -> &'static str {
        match self {
            SlotType::Keyring => "keyring",
            SlotType::Password => "password",
            SlotType::Recovery => "recovery",
        }
    }

    pub(crate) fn with_article(self) -> &'static str {
        match self {
            SlotType::Keyring => "the OS keyring",
            SlotType::Password => "a password",
            SlotType::Recovery => "a recovery key",
        }
    }
}

impl fmt::Display for SlotType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A slot to add to a vault.
pub enum NewSlot<'a> {
    /// A new random wrapping key, stored in this keyring.
    Keyring(&'a dyn KeyStore),
    /// A password, hashed with these Argon2id parameters.
    Password {
        /// The password (its UTF-8 bytes, exactly as typed).
        password: &'a str,
        /// Argon2id costs; [`KdfParams::default`] unless you know better.
        params: KdfParams,
    },
    /// The recovery kit with this public key.
    Recovery(RecoveryPublicKey),
}

impl<'a> NewSlot<'a> {
    /// A password slot with the default Argon2id parameters.
    pub fn password(password: &'a str) -> Self {
        NewSlot::Password {
            password,
            params: KdfParams::default(),
        }
    }

    /// Its type.
    pub fn slot_type(&self) -> SlotType {
        match self {
            NewSlot::Keyring(_) => SlotType::Keyring,
            NewSlot::Password { .. } => SlotType::Password,
            NewSlot::Recovery(_) => SlotType::Recovery,
        }
    }
}

impl fmt::Debug for NewSlot<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NewSlot::Keyring(_) => f.write_str("NewSlot::Keyring"),
            NewSlot::Password { params, .. } => {
                write!(f, "NewSlot::Password {{ password: <redacted>, params: {params:?} }}")
            }
            NewSlot::Recovery(public) => write!(f, "NewSlot::Recovery({public:?})"),
        }
    }
}

/// How to unlock a vault.
pub enum Unlock<'a> {
    /// With the wrapping key in this keyring (no typing).
    Keyring(&'a dyn KeyStore),
    /// With a password.
    Password(&'a str),
    /// With the recovery key.
    RecoveryKey(&'a RecoveryKey),
}

impl Unlock<'_> {
    /// The slot type this method opens.
    pub fn slot_type(&self) -> SlotType {
        match self {
            Unlock::Keyring(_) => SlotType::Keyring,
            Unlock::Password(_) => SlotType::Password,
            Unlock::RecoveryKey(_) => SlotType::Recovery,
        }
    }
}

impl fmt::Debug for Unlock<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Unlock::{:?}(<redacted>)", self.slot_type())
    }
}

/// What the header says about one slot (nothing secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotInfo {
    /// The slot's id.
    pub id: SlotId,
    /// Its type; `None` for a type this version does not know.
    pub slot_type: Option<SlotType>,
    /// The recovery kit's public key, for recovery slots.
    pub recovery_public_key: Option<RecoveryPublicKey>,
    /// The Argon2id costs, for password slots.
    pub kdf: Option<KdfParams>,
}

/// The wrapped key, common to every slot.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Wrap {
    pub nonce: Hex<NONCE_LEN>,
    pub wrapped_key: Hex<WRAPPED_LEN>,
}

/// The Argon2id record of a password slot.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct KdfRecord {
    pub algorithm: String,
    pub version: u32,
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
    pub salt: HexVec,
}

impl KdfRecord {
    pub(crate) fn params(&self) -> KdfParams {
        KdfParams {
            memory_kib: self.memory_kib,
            iterations: self.iterations,
            parallelism: self.parallelism,
        }
    }

    fn check(&self) -> Result<(), VaultError> {
        if self.algorithm != "argon2id" || self.version != ARGON2_VERSION {
            return Err(VaultError::corrupt(format!(
                "unknown password hashing {} v{}",
                self.algorithm, self.version
            )));
        }
        self.params().check()?;
        kdf::check_salt(&self.salt.0)
    }
}

/// One slot as stored in the header.
#[derive(Clone, Debug)]
pub(crate) enum Slot {
    Keyring {
        id: SlotId,
        wrap: Wrap,
    },
    Password {
        id: SlotId,
        kdf: KdfRecord,
        wrap: Wrap,
    },
    Recovery {
        id: SlotId,
        public_key: RecoveryPublicKey,
        ephemeral_public_key: Hex<KEY_LEN>,
        wrap: Wrap,
    },
    /// A slot type from a newer Twofold, kept verbatim.
    Unknown {
        id: SlotId,
        raw: Value,
    },
}

#[derive(Serialize, Deserialize)]
struct SlotHead {
    id: SlotId,
    #[serde(rename = "type")]
    slot_type: String,
}

#[derive(Serialize, Deserialize)]
struct KeyringRecord {
    id: SlotId,
    #[serde(rename = "type")]
    slot_type: String,
    #[serde(flatten)]
    wrap: Wrap,
}

#[derive(Serialize, Deserialize)]
struct PasswordRecord {
    id: SlotId,
    #[serde(rename = "type")]
    slot_type: String,
    kdf: KdfRecord,
    #[serde(flatten)]
    wrap: Wrap,
}

#[derive(Serialize, Deserialize)]
struct RecoveryRecord {
    id: SlotId,
    #[serde(rename = "type")]
    slot_type: String,
    public_key: RecoveryPublicKey,
    ephemeral_public_key: Hex<KEY_LEN>,
    #[serde(flatten)]
    wrap: Wrap,
}

impl Serialize for Slot {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.slot_type().map(SlotType::as_str).unwrap_or_default().to_owned();
        match self.clone() {
            Slot::Keyring { id, wrap } => KeyringRecord { id, slot_type: t, wrap }.serialize(s),
            Slot::Password { id, kdf, wrap } => PasswordRecord {
                id,
                slot_type: t,
                kdf,
                wrap,
            }
            .serialize(s),
            Slot::Recovery {
                id,
                public_key,
                ephemeral_public_key,
                wrap,
            } => RecoveryRecord {
                id,
                slot_type: t,
                public_key,
                ephemeral_public_key,
                wrap,
            }
            .serialize(s),
            Slot::Unknown { raw, .. } => raw.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Slot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let raw = Value::deserialize(d)?;
        let head = SlotHead::deserialize(&raw).map_err(D::Error::custom)?;
        Ok(match head.slot_type.as_str() {
            "keyring" => {
                let r = KeyringRecord::deserialize(&raw).map_err(D::Error::custom)?;
                Slot::Keyring { id: r.id, wrap: r.wrap }
            }
            "password" => {
                let r = PasswordRecord::deserialize(&raw).map_err(D::Error::custom)?;
                Slot::Password {
                    id: r.id,
                    kdf: r.kdf,
                    wrap: r.wrap,
                }
            }
            "recovery" => {
                let r = RecoveryRecord::deserialize(&raw).map_err(D::Error::custom)?;
                Slot::Recovery {
                    id: r.id,
                    public_key: r.public_key,
                    ephemeral_public_key: r.ephemeral_public_key,
                    wrap: r.wrap,
                }
            }
            _ => Slot::Unknown { id: head.id, raw },
        })
    }
}

impl Slot {
    pub(crate) fn id(&self) -> SlotId {
        match self {
            Slot::Keyring { id, .. }
            | Slot::Password { id, .. }
            | Slot::Recovery { id, .. }
            | Slot::Unknown { id, .. } => *id,
        }
    }

    pub(crate) fn slot_type(&self) -> Option<SlotType> {
        match self {
            Slot::Keyring { .. } => Some(SlotType::Keyring),
            Slot::Password { .. } => Some(SlotType::Password),
            Slot::Recovery { .. } => Some(SlotType::Recovery),
            Slot::Unknown { .. } => None,
        }
    }

    pub(crate) fn info(&self) -> SlotInfo {
        SlotInfo {
            id: self.id(),
            slot_type: self.slot_type(),
            recovery_public_key: match self {
                Slot::Recovery { public_key, .. } => Some(*public_key),
                _ => None,
            },
            kdf: match self {
                Slot::Password { kdf, .. } => Some(kdf.params()),
                _ => None,
            },
        }
    }

    /// Bounds and sanity, checked when the header is read, before any work.
    pub(crate) fn check(&self) -> Result<(), VaultError> {
        match self {
            Slot::Password { kdf, .. } => kdf.check(),
            _ => Ok(()),
        }
    }

    fn wrap(&self) -> Option<&Wrap> {
        match self {
            Slot::Keyring { wrap, .. } | Slot::Password { wrap, .. } | Slot::Recovery { wrap, .. } => Some(wrap),
            Slot::Unknown { .. } => None,
        }
    }

    /// Unwraps the vault key with this slot's wrapping key.
    fn open(&self, vault_id: &VaultId, wrapping: &SymmetricKey) -> Option<SymmetricKey> {
        let (wrap, slot_type) = (self.wrap()?, self.slot_type()?);
        wrapping.unwrap(
            &wrap.nonce.0,
            &wrap.wrapped_key.0,
            &slot_aad(vault_id, &self.id(), slot_type),
        )
    }
}

/// The associated data of a slot's wrapped key: `{vault_id}:{slot_id}:{type}`,
/// so a wrapped key cannot be moved to another vault, slot or slot type.
pub(crate) fn slot_aad(vault_id: &VaultId, slot_id: &SlotId, slot_type: SlotType) -> Vec<u8> {
    format!("{vault_id}:{slot_id}:{}", slot_type.as_str()).into_bytes()
}

/// The keyring entry that holds a keyring slot's wrapping key.
pub fn keyring_entry(vault_id: &VaultId, slot_id: &SlotId) -> String {
    keystore::entry_name(&vault_id.to_string(), &slot_id.to_string())
}

/// Makes a slot for `vault_key`. For a keyring slot, the wrapping key is
/// stored in the keyring first; the returned entry name lets the caller
/// delete it again if the vault cannot be saved.
pub(crate) fn make_slot(
    vault_id: &VaultId,
    vault_key: &SymmetricKey,
    new: &NewSlot<'_>,
) -> Result<(Slot, Option<String>), VaultError> {
    let id = SlotId::random()?;
    let aad = slot_aad(vault_id, &id, new.slot_type());
    match new {
        NewSlot::Keyring(keystore) => {
            let wrapping = SymmetricKey::random()?;
            let (nonce, wrapped_key) = wrapping.wrap(vault_key, &aad)?;
            let entry = keyring_entry(vault_id, &id);
            keystore.set(&entry, wrapping.as_bytes())?;
            Ok((
                Slot::Keyring {
                    id,
                    wrap: Wrap {
                        nonce: Hex(nonce),
                        wrapped_key: Hex(wrapped_key),
                    },
                },
                Some(entry),
            ))
        }
        NewSlot::Password { password, params } => {
            params.check()?;
            let salt = random_bytes::<SALT_LEN>()?.to_vec();
            let wrapping = kdf::derive(password, &salt, params)?;
            let (nonce, wrapped_key) = wrapping.wrap(vault_key, &aad)?;
            let kdf = KdfRecord {
                algorithm: "argon2id".into(),
                version: ARGON2_VERSION,
                memory_kib: params.memory_kib,
                iterations: params.iterations,
                parallelism: params.parallelism,
                salt: HexVec(salt),
            };
            Ok((
                Slot::Password {
                    id,
                    kdf,
                    wrap: Wrap {
                        nonce: Hex(nonce),
                        wrapped_key: Hex(wrapped_key),
                    },
                },
                None,
            ))
        }
        NewSlot::Recovery(public_key) => {
            let (ephemeral, wrapping) = public_key.new_wrapping_key()?;
            let (nonce, wrapped_key) = wrapping.wrap(vault_key, &aad)?;
            Ok((
                Slot::Recovery {
                    id,
                    public_key: *public_key,
                    ephemeral_public_key: Hex(ephemeral),
                    wrap: Wrap {
                        nonce: Hex(nonce),
                        wrapped_key: Hex(wrapped_key),
                    },
                },
                None,
            ))
        }
    }
}

/// Finds the vault key with `how`, trying each slot of the matching type.
pub(crate) fn unlock(slots: &[Slot], vault_id: &VaultId, how: &Unlock<'_>) -> Result<SymmetricKey, VaultError> {
    let wanted = how.slot_type();
    let candidates: Vec<&Slot> = slots.iter().filter(|s| s.slot_type() == Some(wanted)).collect();
    if candidates.is_empty() {
        return Err(VaultError::NoSlotOfType { slot_type: wanted });
    }
    match how {
        Unlock::Keyring(keystore) => {
            let mut first_error: Option<KeyStoreError> = None;
            let mut rejected = false;
            for slot in candidates {
                match keystore.get(&keyring_entry(vault_id, &slot.id())) {
                    Ok(bytes) => {
                        let Ok(bytes) = <[u8; KEY_LEN]>::try_from(bytes.as_slice()) else {
                            rejected = true;
                            continue;
                        };
                        let wrapping = SymmetricKey::from_bytes(Zeroizing::new(bytes));
                        match slot.open(vault_id, &wrapping) {
                            Some(key) => return Ok(key),
                            None => rejected = true,
                        }
                    }
                    // A keyring that is locked, missing or hanging will not do better for the next slot.
                    Err(e @ (KeyStoreError::NoEntry | KeyStoreError::Platform { .. })) => {
                        first_error.get_or_insert(e);
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            match (rejected, first_error) {
                (true, _) => Err(VaultError::KeyringKeyRejected),
                (false, Some(e)) => Err(e.into()),
                (false, None) => Err(VaultError::KeyringKeyRejected),
            }
        }
        Unlock::Password(password) => {
            for slot in candidates {
                if let Slot::Password { kdf, .. } = slot {
                    let wrapping = kdf::derive(password, &kdf.salt.0, &kdf.params())?;
                    if let Some(key) = slot.open(vault_id, &wrapping) {
                        return Ok(key);
                    }
                }
            }
            Err(VaultError::WrongPassword)
        }
        Unlock::RecoveryKey(recovery) => {
            let public = recovery.public_key();
            for slot in candidates {
                if let Slot::Recovery {
                    public_key,
                    ephemeral_public_key,
                    ..
                } = slot
                {
                    if *public_key != public {
                        continue;
                    }
                    if let Some(key) = recovery
                        .wrapping_key(&ephemeral_public_key.0)
                        .and_then(|w| slot.open(vault_id, &w))
                    {
                        return Ok(key);
                    }
                }
            }
            Err(VaultError::WrongRecoveryKey)
        }
    }
}
