//! A device's sync state: every record it knows, with stamps. It is what a
//! device writes into the shared folder, and what it merges the others' into.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::clock::{Clock, Stamp};
use super::device::DeviceId;
use super::record::{Lost, Record, Register};
use super::shape::{Fields, Synced};
use crate::vault::{VaultKind, VaultPayload};

/// The state format this Twofold writes (and the newest it reads).
pub const STATE_FORMAT: u32 = 1;
/// A tombstone is dropped after this long even if some device never saw it.
pub const TOMBSTONE_MAX_AGE_MS: u64 = 365 * 24 * 3600 * 1000;
/// ... and after this long once every known device has it.
pub const TOMBSTONE_SEEN_AGE_MS: u64 = 30 * 24 * 3600 * 1000;

/// What a device knows of another: its name and its latest write.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Known {
    /// The device's name.
    pub name: String,
    /// Its latest write that reached us (ms since 1970, its clock).
    pub written_ms: u64,
}

/// One device's state of one vault.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceState {
    /// [`STATE_FORMAT`].
    pub format: u32,
    /// The writer.
    pub device: Option<DeviceId>,
    /// The writer's name.
    #[serde(default)]
    pub name: String,
    /// When it was written (ms, the writer's clock).
    #[serde(default)]
    pub written_ms: u64,
    /// Random per write: tells this device's writes from a copy's.
    #[serde(default)]
    pub nonce: String,
    /// Every record, live or deleted.
    #[serde(default)]
    pub records: BTreeMap<String, Record>,
    /// Devices of the set, as far as the writer knows.
    #[serde(default)]
    pub devices: BTreeMap<DeviceId, Known>,
    /// Devices removed from the set, and when.
    #[serde(default)]
    pub removed: BTreeMap<DeviceId, Stamp>,
}

/// A value that lost in a merge, with the record it belongs to.
#[derive(Clone, Debug)]
pub struct Conflict {
    /// The record's id.
    pub record: String,
    /// What was lost and what was kept.
    pub lost: Lost,
}

impl DeviceState {
    /// A device's empty state.
    pub fn new(device: DeviceId, name: String) -> Self {
        DeviceState { format: STATE_FORMAT, device: Some(device), name, ..Default::default() }
    }

    /// The latest stamp anywhere in the state.
    pub fn latest_stamp(&self) -> Option<&Stamp> {
        let fields = self.records.values().flat_map(|r| r.fields.values().map(|f| &f.stamp));
        let deletes = self.records.values().filter_map(|r| r.deleted.as_ref());
        fields.chain(deletes).chain(self.removed.values()).max()
    }

    /// Stamps what changed in the vault since this state was written:
    /// changed fields, new records, revived ones, and deletions. Returns
    /// how many records changed.
    pub fn observe<V: Synced>(&mut self, current: &BTreeMap<String, Fields>, clock: &mut Clock, now_ms: u64) -> usize {
        let mut changed = 0;
        for (id, fields) in current {
            let record = self.records.entry(id.clone()).or_default();
            let revive = !record.is_live();
            let mut touched = false;
            for (name, value) in &fields.0 {
                let old = record.fields.get(name);
                if revive || old.is_none_or(|r| r.value != *value) {
                    let replaced = old.map(|r| r.stamp.clone());
                    record.fields.insert(name.clone(), Register { stamp: clock.tick(now_ms), replaced, value: value.clone() });
                    touched = true;
                }
            }
            // A field the vault no longer has (an issuer removed) becomes null.
            let gone: Vec<String> = record
                .fields
                .iter()
                .filter(|(name, r)| !fields.0.contains_key(*name) && !r.value.is_null())
                .map(|(name, _)| name.clone())
                .collect();
            for name in gone {
                let replaced = record.fields.get(&name).map(|r| r.stamp.clone());
                record.fields.insert(name, Register { stamp: clock.tick(now_ms), replaced, value: serde_json::Value::Null });
                touched = true;
            }
            changed += usize::from(touched);
        }
        for (id, record) in self.records.iter_mut() {
            if record.is_live() && !current.contains_key(id) {
                record.deleted = Some(clock.tick(now_ms));
                changed += 1;
            }
        }
        changed
    }

    /// Merges another device's state into this one; returns the values
    /// that lost to concurrent edits.
    pub fn merge<V: Synced>(&mut self, other: &DeviceState) -> Vec<Conflict> {
        let mut conflicts = Vec::new();
        for (id, theirs) in &other.records {
            let mine = self.records.entry(id.clone()).or_default();
            for lost in mine.merge(theirs, V::rule) {
                conflicts.push(Conflict { record: id.clone(), lost });
            }
        }
        for (device, known) in &other.devices {
            self.know(device, known);
        }
        if let Some(device) = &other.device {
            self.know(device, &Known { name: other.name.clone(), written_ms: other.written_ms });
        }
        for (device, stamp) in &other.removed {
            let entry = self.removed.entry(device.clone()).or_insert_with(|| stamp.clone());
            if stamp < entry {
                *entry = stamp.clone();
            }
        }
        conflicts
    }

    fn know(&mut self, device: &DeviceId, known: &Known) {
        match self.devices.get_mut(device) {
            Some(k) if (k.written_ms, &k.name) >= (known.written_ms, &known.name) => {}
            Some(k) => *k = known.clone(),
            None => {
                self.devices.insert(device.clone(), known.clone());
            }
        }
    }

    /// The live records.
    pub fn live(&self) -> BTreeMap<String, Record> {
        self.records.iter().filter(|(_, r)| r.is_live()).map(|(k, r)| (k.clone(), r.clone())).collect()
    }

    /// Drops tombstones every known device has had for a month, or any older than a year.
    pub fn collect_tombstones(&mut self, peers: &[&DeviceState], now_ms: u64) {
        let me = self.device.clone();
        let known: Vec<&DeviceId> =
            self.devices.keys().filter(|d| Some(*d) != me.as_ref() && !self.removed.contains_key(*d)).collect();
        let everyone_has = |id: &str| {
            known.iter().all(|d| {
                peers
                    .iter()
                    .find(|p| p.device.as_ref() == Some(*d))
                    .and_then(|p| p.records.get(id))
                    .is_some_and(|r| !r.is_live())
            })
        };
        self.records.retain(|id, r| {
            let Some(deleted) = r.deleted.as_ref().filter(|_| !r.is_live()) else { return true };
            let age = now_ms.saturating_sub(deleted.wall_ms);
            !(age > TOMBSTONE_MAX_AGE_MS || (age > TOMBSTONE_SEEN_AGE_MS && everyone_has(id)))
        });
    }
}

/// A state as a sealed file of the vault's format (kind `sync-accounts`
/// or `sync-backup-codes`).
pub struct StateFile<V> {
    /// The state.
    pub state: DeviceState,
    vault: PhantomData<fn() -> V>,
}

impl<V> StateFile<V> {
    /// Wraps a state.
    pub fn new(state: DeviceState) -> Self {
        StateFile { state, vault: PhantomData }
    }
}

impl<V> Serialize for StateFile<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.state.serialize(s)
    }
}

impl<'de, V> Deserialize<'de> for StateFile<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        DeviceState::deserialize(d).map(StateFile::new)
    }
}

impl<V: Synced> VaultPayload for StateFile<V> {
    const KIND: VaultKind = V::STATE_KIND;
}
