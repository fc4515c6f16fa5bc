//! What vaults hold: [`Contents`] (accounts and settings) and [`BackupCodes`].
//!
//! Both keep fields they do not know (`extra`) and write them back, so a
//! vault saved by an older Twofold keeps what a newer one added.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::entry::{Entry, EntryPatch, Key};
use super::ids::{EntryId, PairingId};
use super::{VaultError, VaultKind, VaultPayload};
use crate::browser::Pairing;
use crate::import::ImportedAccount;
use crate::otp::OtpKind;
use crate::sites::{Site, MAX_SITES_PER_ACCOUNT};
use crate::sync::aegis::AegisFollow;

/// App settings kept in the accounts vault. Missing fields take their
/// defaults, unknown ones are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Settings {
    /// Lock the app after this many idle minutes (0: never).
    pub auto_lock_minutes: u32,
    /// Clear a copied code from the clipboard after this many seconds (0: never).
    pub clipboard_clear_seconds: u32,
    #[serde(flatten)]
    extra: BTreeMap<String, Value>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            auto_lock_minutes: 10,
            clipboard_clear_seconds: 30,
            extra: BTreeMap::new(),
        }
    }
}

/// What the accounts vault knows of one backup-code set without opening the
/// backup-code vault: its name and counts, never a code. It lets the list show
/// "3 backup codes left" and "Locked out?" find the set while that vault stays
/// locked. Whoever changes the backup-code vault rewrites these
/// ([`BackupCodes::summary`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSummary {
    /// The set's id in the backup-code vault.
    pub set_id: String,
    /// The account the set belongs to, if linked.
    #[serde(default)]
    pub account_id: Option<String>,
    /// The site's name.
    pub name: String,
    /// Unused codes.
    pub left: u32,
    /// All codes.
    pub total: u32,
    /// Few enough left to warn (see `BackupCodeSet::is_low`).
    #[serde(default)]
    pub low: bool,
}

/// The accounts vault: entries in display order, settings, the counts of
/// the backup-code sets, and the browsers paired with the app.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contents {
    entries: Vec<Entry>,
    /// App settings.
    pub settings: Settings,
    /// Counts of the backup-code vault's sets, as last written.
    pub backup_codes: Vec<BackupSummary>,
    /// Browsers allowed to ask for codes ([`crate::browser`]).
    pub pairings: Vec<Pairing>,
    /// The phone's Aegis backups this computer follows ([`crate::sync::aegis`]):
    /// local to this computer, never in a sync state file.
    pub aegis: Option<AegisFollow>,
    extra: BTreeMap<String, Value>,
}

impl VaultPayload for Contents {
    const KIND: VaultKind = VaultKind::Accounts;
}

/// What [`Contents::add`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddOutcome {
    /// Added with this new id.
    Added(EntryId),
    /// Skipped: this existing entry already makes the same codes.
    Duplicate(EntryId),
}

/// An account that [`Contents::add_all`] skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duplicate {
    /// Its position in the input.
    pub index: usize,
    /// The entry that already makes the same codes.
    pub existing: EntryId,
}

/// What [`Contents::add_all`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddReport {
    /// Ids of the new entries, in input order.
    pub added: Vec<EntryId>,
    /// The accounts skipped as exact duplicates.
    pub duplicates: Vec<Duplicate>,
}

impl Contents {
    /// The backup-code counts of an account, if it has a set.
    pub fn backup_summary(&self, id: &EntryId) -> Option<&BackupSummary> {
        let id = id.to_string();
        self.backup_codes.iter().find(|b| b.account_id.as_deref() == Some(id.as_str()))
    }

    /// The entries, in display order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this id.
    pub fn get(&self, id: &EntryId) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id() == id)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds an account at the end, unless an entry already makes the same
    /// codes (same secret, kind, algorithm, digits and period). What another
    /// app knew of it comes along: its groups become tags, and its note,
    /// favourite mark and embedded icon are kept.
    pub fn add(&mut self, account: impl Into<ImportedAccount>, now: u64) -> Result<AddOutcome, VaultError> {
        let account = account.into();
        if let Some(existing) = self.entries.iter().find(|e| e.same_generator(&account.account.otp)) {
            return Ok(AddOutcome::Duplicate(*existing.id()));
        }
        let id = EntryId::random()?;
        self.push_new(account, id, now)
    }

    /// Adds an account at the end under `id`, without looking for an entry
    /// making the same codes (the caller decided); `Duplicate` when an entry
    /// already has that id.
    pub(crate) fn add_with_id(
        &mut self,
        account: ImportedAccount,
        id: EntryId,
        now: u64,
    ) -> Result<AddOutcome, VaultError> {
        if self.get(&id).is_some() {
            return Ok(AddOutcome::Duplicate(id));
        }
        self.push_new(account, id, now)
    }

    fn push_new(&mut self, account: ImportedAccount, id: EntryId, now: u64) -> Result<AddOutcome, VaultError> {
        // Warnings are for the review before saving; the vault does not keep them.
        let ImportedAccount { account, groups, note, favourite, icon, warnings: _ } = account;
        let mut entry = Entry::new(account, now)?.with_id(id);
        entry.tags = groups;
        entry.note = note.unwrap_or_default();
        entry.favourite = favourite;
        entry.icon = icon;
        entry.set_sort_order(self.entries.len() as u32);
        self.entries.push(entry);
        Ok(AddOutcome::Added(id))
    }

    /// Adds many accounts (an import), skipping exact duplicates, also
    /// within the batch, and reporting which.
    pub fn add_all<A: Into<ImportedAccount>>(
        &mut self,
        accounts: impl IntoIterator<Item = A>,
        now: u64,
    ) -> Result<AddReport, VaultError> {
        let mut report = AddReport::default();
        for (index, account) in accounts.into_iter().enumerate() {
            match self.add(account, now)? {
                AddOutcome::Added(id) => report.added.push(id),
                AddOutcome::Duplicate(existing) => report.duplicates.push(Duplicate { index, existing }),
            }
        }
        Ok(report)
    }

    /// Removes an entry and returns it.
    pub fn remove(&mut self, id: &EntryId) -> Result<Entry, VaultError> {
        let index = self.index_of(id)?;
        let entry = self.entries.remove(index);
        self.renumber();
        Ok(entry)
    }

    /// Sets issuer and label.
    pub fn rename(&mut self, id: &EntryId, issuer: Option<String>, label: String, now: u64) -> Result<(), VaultError> {
        self.update(
            id,
            EntryPatch {
                issuer: Some(issuer),
                label: Some(label),
                ..EntryPatch::default()
            },
            now,
        )
    }

    /// Changes the fields set in `patch`.
    pub fn update(&mut self, id: &EntryId, patch: EntryPatch, now: u64) -> Result<(), VaultError> {
        let index = self.index_of(id)?;
        if let Some(sites) = &patch.sites {
            if super::entry::dedup_sites(sites.clone()).len() > MAX_SITES_PER_ACCOUNT {
                return Err(VaultError::TooManySites { max: MAX_SITES_PER_ACCOUNT });
            }
        }
        self.entries[index].apply(patch, now);
        Ok(())
    }

    /// Replaces an entry's sites (duplicates dropped).
    pub fn set_sites(&mut self, id: &EntryId, sites: Vec<Site>, now: u64) -> Result<(), VaultError> {
        self.update(id, EntryPatch { sites: Some(sites), ..EntryPatch::default() }, now)
    }

    /// Keeps an approved pairing; false when one with its id is already there.
    pub fn add_pairing(&mut self, pairing: Pairing) -> bool {
        if self.pairings.iter().any(|p| p.id == pairing.id) {
            return false;
        }
        self.pairings.push(pairing);
        true
    }

    /// Forgets a pairing: that browser gets nothing from now on.
    pub fn revoke_pairing(&mut self, id: &PairingId) -> Result<Pairing, VaultError> {
        let index = self
            .pairings
            .iter()
            .position(|p| p.id == *id)
            .ok_or_else(|| VaultError::NoSuchPairing { id: id.to_string() })?;
        Ok(self.pairings.remove(index))
    }

    /// Puts the listed entries first, in the given order; the others follow
    /// in their current order. Every id must exist.
    pub fn reorder(&mut self, order: &[EntryId]) -> Result<(), VaultError> {
        for id in order {
            self.index_of(id)?;
        }
        let mut ranks = HashMap::with_capacity(order.len());
        for (i, id) in order.iter().enumerate() {
            ranks.entry(*id).or_insert(i);
        }
        let rank = |e: &Entry| ranks.get(e.id()).copied().unwrap_or(usize::MAX);
        // Stable: unlisted entries (rank MAX) keep their relative order.
        self.entries.sort_by_key(rank);
        self.renumber();
        Ok(())
    }

    /// Moves one entry to position `to` (clamped to the end).
    pub fn move_entry(&mut self, id: &EntryId, to: usize) -> Result<(), VaultError> {
        let from = self.index_of(id)?;
        let entry = self.entries.remove(from);
        let to = to.min(self.entries.len());
        self.entries.insert(to, entry);
        self.renumber();
        Ok(())
    }

    /// Entries whose issuer or label contains `query`, ignoring case; all
    /// entries for an empty query.
    pub fn find(&self, query: &str) -> Vec<&Entry> {
        let needle = query.trim().to_lowercase();
        self.entries
            .iter()
            .filter(|e| needle.is_empty() || e.matches(&needle))
            .collect()
    }

    /// Moves a HOTP entry to its next counter (after its code was used) and
    /// returns the new counter.
    pub fn increment_counter(&mut self, id: &EntryId, now: u64) -> Result<u64, VaultError> {
        let index = self.index_of(id)?;
        let entry = &mut self.entries[index];
        if entry.otp.kind() != OtpKind::Hotp {
            return Err(VaultError::NotHotp);
        }
        let next = entry.otp.counter().unwrap_or(0).wrapping_add(1);
        entry.otp.set_counter(next);
        entry.touch(now);
        Ok(next)
    }

    /// Replaces every entry, keeping the given order (a sync's merge).
    pub(crate) fn replace_entries(&mut self, entries: Vec<Entry>) {
        self.entries = entries;
        self.renumber();
    }

    fn index_of(&self, id: &EntryId) -> Result<usize, VaultError> {
        self.entries
            .iter()
            .position(|e| e.id() == id)
            .ok_or_else(|| VaultError::NoSuchEntry { id: id.to_string() })
    }

    fn renumber(&mut self) {
        for (i, e) in self.entries.iter_mut().enumerate() {
            e.set_sort_order(i as u32);
        }
    }
}

impl Serialize for Contents {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("accounts", &self.entries)?;
        map.serialize_entry("settings", &self.settings)?;
        if !self.backup_codes.is_empty() {
            map.serialize_entry("backup_codes", &self.backup_codes)?;
        }
        if !self.pairings.is_empty() {
            map.serialize_entry("browser_pairings", &self.pairings)?;
        }
        if let Some(aegis) = &self.aegis {
            map.serialize_entry("aegis_follow", aegis)?;
        }
        for (k, v) in &self.extra {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Contents {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Contents;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the contents of an accounts vault")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Contents, A::Error> {
                let mut contents = Contents::default();
                while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                    match key.as_ref() {
                        "accounts" => contents.entries = map.next_value()?,
                        "settings" => contents.settings = map.next_value()?,
                        "backup_codes" => contents.backup_codes = map.next_value()?,
                        "browser_pairings" => contents.pairings = map.next_value()?,
                        "aegis_follow" => contents.aegis = map.next_value()?,
                        _ => {
                            contents.extra.insert(key.into_owned(), map.next_value::<Value>()?);
                        }
                    }
                }
                // The file's order is the sort order; renumber so it is dense.
                contents.entries.sort_by_key(|e| e.sort_order());
                contents.renumber();
                Ok(contents)
            }
        }
        d.deserialize_map(V)
    }
}

/// The backup-code vault: a list of sets (the model lives in
/// `crate::backup_codes`; this stays generic so the vault does not depend on it).
#[derive(Debug, Clone, PartialEq)]
pub struct BackupCodes<S> {
    /// The backup-code sets.
    pub sets: Vec<S>,
    extra: BTreeMap<String, Value>,
}

impl<S> Default for BackupCodes<S> {
    fn default() -> Self {
        BackupCodes {
            sets: Vec::new(),
            extra: BTreeMap::new(),
        }
    }
}

impl<S> BackupCodes<S> {
    /// A vault payload holding these sets.
    pub fn new(sets: Vec<S>) -> Self {
        BackupCodes {
            sets,
            extra: BTreeMap::new(),
        }
    }
}

impl<S: Serialize + DeserializeOwned> VaultPayload for BackupCodes<S> {
    const KIND: VaultKind = VaultKind::BackupCodes;
}

impl<S: Serialize> Serialize for BackupCodes<S> {
    fn serialize<Ser: Serializer>(&self, s: Ser) -> Result<Ser::Ok, Ser::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("sets", &self.sets)?;
        for (k, v) in &self.extra {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, S: DeserializeOwned> Deserialize<'de> for BackupCodes<S> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<S>(PhantomData<S>);
        impl<'de, S: DeserializeOwned> Visitor<'de> for V<S> {
            type Value = BackupCodes<S>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the contents of a backup-code vault")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BackupCodes<S>, A::Error> {
                let mut out = BackupCodes::default();
                while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                    if key == "sets" {
                        out.sets = map.next_value()?;
                    } else {
                        out.extra.insert(key.into_owned(), map.next_value::<Value>()?);
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}
