//! What the accounts vault keeps of the Aegis backups it follows
//! (`aegis_follow` in `vault/FORMAT.md`): local to this computer, never
//! written into a sync state file (see `super::super::shape`).

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use data_encoding::{HEXLOWER, HEXLOWER_PERMISSIVE};
use hmac::{KeyInit, Mac};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::vault::EntryId;

/// Bytes in Aegis' master key (AES-256).
pub const KEY_LEN: usize = 32;

/// The master key of a phone's Aegis vault: it opens every backup that
/// vault writes, whatever its password, until encryption is turned off and
/// on again in Aegis. Wiped when dropped; `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct AegisKey(Zeroizing<[u8; KEY_LEN]>);

impl AegisKey {
    pub(crate) fn new(bytes: Zeroizing<[u8; KEY_LEN]>) -> Self {
        AegisKey(bytes)
    }

    pub(crate) fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// The id of the Twofold account made from the Aegis entry `uuid`: a
    /// keyed hash (HMAC-SHA256 under this key, first 16 bytes), so every
    /// computer following this phone makes the same record, and the id
    /// tells nothing of the key.
    pub(crate) fn entry_id(&self, uuid: &str) -> EntryId {
        let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(self.0.as_slice())
            .expect("HMAC takes keys of any length");
        mac.update(b"twofold/aegis-entry-id/v1\0");
        mac.update(uuid.trim().to_ascii_lowercase().as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut id = [0u8; 16];
        id.copy_from_slice(&digest[..16]);
        EntryId::from_bytes(id)
    }
}

impl fmt::Debug for AegisKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AegisKey(<redacted>)")
    }
}

impl Serialize for AegisKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = Zeroizing::new(HEXLOWER.encode(self.0.as_slice()));
        s.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for AegisKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = AegisKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an Aegis master key (64 hex digits)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AegisKey, E> {
                // The error never quotes the text.
                let bytes = HEXLOWER_PERMISSIVE
                    .decode(v.as_bytes())
                    .map(Zeroizing::new)
                    .map_err(|_| E::custom("the Aegis master key is not hex"))?;
                let mut key = Zeroizing::new([0u8; KEY_LEN]);
                if bytes.len() != KEY_LEN {
                    return Err(E::custom("the Aegis master key is not 32 bytes"));
                }
                key.copy_from_slice(&bytes);
                Ok(AegisKey(key))
            }
        }
        d.deserialize_str(V)
    }
}

/// The last backup taken in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TakenBackup {
    /// Its file name in the folder.
    pub file: String,
    /// Its modification time as the folder shows it (ms since 1970).
    pub modified_ms: u64,
    /// SHA-256 of the file (hex): the same bytes are never taken twice.
    pub sha256: String,
    /// When Twofold took it (unix seconds).
    pub taken_at: u64,
    #[serde(flatten)]
    extra: BTreeMap<String, Value>,
}

impl TakenBackup {
    pub(crate) fn new(file: String, modified_ms: u64, sha256: String, taken_at: u64) -> Self {
        TakenBackup { file, modified_ms, sha256, taken_at, extra: BTreeMap::new() }
    }
}

/// One Aegis entry of the last backup taken: the Twofold account it is,
/// and a fingerprint of each of its fields, so the next backup's changes
/// can be told from this computer's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SnapshotEntry {
    /// The Twofold account.
    pub entry: EntryId,
    /// Field name → SHA-256 fingerprint (see `super::diff`).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    #[serde(flatten)]
    extra: BTreeMap<String, Value>,
}

impl SnapshotEntry {
    pub(crate) fn new(entry: EntryId, fields: BTreeMap<String, String>) -> Self {
        SnapshotEntry { entry, fields, extra: BTreeMap::new() }
    }
}

/// An account deleted on the phone and still here, waiting for the person
/// to agree (`twofold sync aegis --accept-removals`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PendingRemoval {
    /// Its Aegis uuid.
    pub uuid: String,
    /// The Twofold account.
    pub entry: EntryId,
    /// Its name, as the backup before named it.
    pub name: String,
    /// The first backup without it.
    pub since: String,
    /// When that was noticed (unix seconds).
    pub noticed_at: u64,
    #[serde(flatten)]
    extra: BTreeMap<String, Value>,
}

impl PendingRemoval {
    pub(crate) fn new(uuid: String, entry: EntryId, name: String, since: String, noticed_at: u64) -> Self {
        PendingRemoval { uuid, entry, name, since, noticed_at, extra: BTreeMap::new() }
    }
}

/// A phone's Aegis backups followed by this computer.
///
/// `Debug` is safe to print: the master key is redacted. Unknown fields are
/// kept and written back.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AegisFollow {
    /// The folder Aegis writes its backups to (as synced to this computer).
    pub folder: PathBuf,
    /// The file name of Aegis' single-backup mode, when not `aegis-backup.json`.
    pub single_file: Option<String>,
    pub(crate) master_key: AegisKey,
    /// When setup was (last) run (unix seconds).
    pub set_up_at: u64,
    /// The last backup taken in.
    pub last: Option<TakenBackup>,
    /// The entries of that backup by Aegis uuid.
    pub snapshot: BTreeMap<String, SnapshotEntry>,
    /// Accounts deleted on the phone, not yet here.
    pub pending_removals: Vec<PendingRemoval>,
    extra: BTreeMap<String, Value>,
}

impl AegisFollow {
    pub(crate) fn new(folder: PathBuf, single_file: Option<String>, master_key: AegisKey, now: u64) -> Self {
        AegisFollow {
            folder,
            single_file,
            master_key,
            set_up_at: now,
            last: None,
            snapshot: BTreeMap::new(),
            pending_removals: Vec::new(),
            extra: BTreeMap::new(),
        }
    }
}

impl Serialize for AegisFollow {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("folder", &self.folder)?;
        if let Some(name) = &self.single_file {
            map.serialize_entry("single_file", name)?;
        }
        map.serialize_entry("master_key", &self.master_key)?;
        map.serialize_entry("set_up_at", &self.set_up_at)?;
        if let Some(last) = &self.last {
            map.serialize_entry("last", last)?;
        }
        map.serialize_entry("snapshot", &self.snapshot)?;
        map.serialize_entry("pending_removals", &self.pending_removals)?;
        for (k, v) in &self.extra {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

// By hand, not derived with `flatten`: that would first copy the master
// key's text into serde's own (not wiped) buffer.
impl<'de> Deserialize<'de> for AegisFollow {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AegisFollow;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the Aegis backups this computer follows")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AegisFollow, A::Error> {
                let mut folder = None;
                let mut single_file = None;
                let mut master_key = None;
                let mut set_up_at = 0;
                let mut last = None;
                let mut snapshot = BTreeMap::new();
                let mut pending_removals = Vec::new();
                let mut extra = BTreeMap::new();
                while let Some(crate::vault::FieldName(key)) = map.next_key()? {
                    match key.as_ref() {
                        "folder" => folder = Some(map.next_value()?),
                        "single_file" => single_file = map.next_value()?,
                        "master_key" => master_key = Some(map.next_value()?),
                        "set_up_at" => set_up_at = map.next_value()?,
                        "last" => last = map.next_value()?,
                        "snapshot" => snapshot = map.next_value()?,
                        "pending_removals" => pending_removals = map.next_value()?,
                        _ => {
                            extra.insert(key.into_owned(), map.next_value::<Value>()?);
                        }
                    }
                }
                Ok(AegisFollow {
                    folder: folder.ok_or_else(|| de::Error::missing_field("folder"))?,
                    single_file,
                    master_key: master_key.ok_or_else(|| de::Error::missing_field("master_key"))?,
                    set_up_at,
                    last,
                    snapshot,
                    pending_removals,
                    extra,
                })
            }
        }
        d.deserialize_map(V)
    }
}
