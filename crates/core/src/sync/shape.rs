//! How each vault's contents split into synced records, and back.
//!
//! The accounts vault syncs its accounts (`a:<id>`), its settings and the
//! backup-code counts; the browsers paired with this computer and anything
//! else local (say, the Aegis folder it follows) stay on this computer. The
//! backup-code vault syncs its sets (`s:<id>`).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::record::{wipe, Record, Rule};
use super::SyncError;
use crate::backup_codes::BackupCodeSet;
use crate::vault::{BackupCodes, Contents, Entry, VaultKind, VaultPayload};

/// A record's field values; wiped when dropped (they may hold a secret).
#[derive(Default, Clone, PartialEq)]
pub struct Fields(pub BTreeMap<String, Value>);

impl std::fmt::Debug for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

impl Drop for Fields {
    fn drop(&mut self) {
        self.0.values_mut().for_each(wipe);
    }
}

/// A vault payload that takes part in sync.
pub trait Synced: VaultPayload + Clone {
    /// The kind written in its state files' header.
    const STATE_KIND: VaultKind;
    /// The end of its state files' names.
    const SUFFIX: &'static str;
    /// Its records by id.
    fn records(&self) -> Result<BTreeMap<String, Fields>, SyncError>;
    /// Replaces the synced parts by the live records, keeping what is local.
    fn rebuild(&mut self, live: &BTreeMap<String, Record>) -> Result<(), SyncError>;
    /// How a field merges.
    fn rule(field: &str) -> Rule;
    /// A record's name for people ("GitHub (alice)").
    fn describe(id: &str, fields: &BTreeMap<String, Value>) -> String;
    /// True for a field whose value is never printed.
    fn is_secret(field: &str) -> bool;
    /// Whether a record of this computer and one of the set are one thing,
    /// added on both before they first synced (linked when joining, not doubled).
    fn same_thing(_local: &Fields, _theirs: &Record) -> bool {
        false
    }
}

const ACCOUNT: &str = "a:";

/// The record key of an account.
pub(crate) fn account_key(id: &crate::vault::EntryId) -> String {
    format!("{ACCOUNT}{id}")
}
const SETTINGS: &str = "settings";
const COUNTS: &str = "backup-code-counts";
/// The fields of an entry that make its codes, kept together as `otp`: the
/// PIN of an mOTP or Yandex account with its secret, so the two never merge
/// half from each side.
const OTP_FIELDS: [&str; 6] = ["kind", "algorithm", "digits", "period", "secret", "pin"];

impl Synced for Contents {
    const STATE_KIND: VaultKind = VaultKind::SyncAccounts;
    const SUFFIX: &'static str = ".tfsync";

    fn records(&self) -> Result<BTreeMap<String, Fields>, SyncError> {
        let mut out = BTreeMap::new();
        for entry in self.entries() {
            let mut object = to_object(entry)?;
            object.remove("id");
            object.remove("modified");
            let mut otp = Map::new();
            for name in OTP_FIELDS {
                if let Some(v) = object.remove(name) {
                    otp.insert(name.into(), v);
                }
            }
            let mut fields: BTreeMap<String, Value> = object.into_iter().collect();
            fields.insert("otp".into(), Value::Object(otp));
            out.insert(account_key(entry.id()), Fields(fields));
        }
        out.insert(SETTINGS.into(), Fields(to_object(&self.settings)?.into_iter().collect()));
        let counts = serde_json::to_value(&self.backup_codes).map_err(SyncError::shape)?;
        out.insert(COUNTS.into(), Fields(BTreeMap::from([("list".to_owned(), counts)])));
        Ok(out)
    }

    fn rebuild(&mut self, live: &BTreeMap<String, Record>) -> Result<(), SyncError> {
        let mut entries = Vec::new();
        for (key, record) in live {
            if let Some(id) = key.strip_prefix(ACCOUNT) {
                let mut object = Map::new();
                object.insert("id".into(), Value::String(id.into()));
                for (name, register) in &record.fields {
                    match (name.as_str(), &register.value) {
                        (_, Value::Null) => {}
                        ("otp", Value::Object(otp)) => object.extend(otp.clone()),
                        _ => {
                            object.insert(name.clone(), register.value.clone());
                        }
                    }
                }
                let modified = record.latest_edit().map_or(0, |s| s.wall_ms / 1000);
                object.insert("modified".into(), modified.into());
                let mut value = Value::Object(object);
                let entry = serde_json::from_value::<Entry>(value.clone());
                wipe(&mut value);
                entries.push(entry.map_err(|e| SyncError::shape(format!("account {id}: {e}")))?);
            }
        }
        // The same order on every device: by position, then id.
        entries.sort_by_key(|e| (e.sort_order(), e.id().to_string()));
        self.replace_entries(entries);
        if let Some(settings) = live.get(SETTINGS) {
            let object: Map<String, Value> = settings.values().into_iter().filter(|(_, v)| !v.is_null()).collect();
            self.settings = serde_json::from_value(Value::Object(object)).map_err(SyncError::shape)?;
        }
        if let Some(list) = live.get(COUNTS).and_then(|r| r.fields.get("list")) {
            self.backup_codes = serde_json::from_value(list.value.clone()).map_err(SyncError::shape)?;
        }
        Ok(())
    }

    fn rule(field: &str) -> Rule {
        if field == "counter" { Rule::Max } else { Rule::Latest }
    }

    /// Aegis' rule for the same account (its import's `findDuplicates`): the
    /// same issuer and the same secret; here all of what makes the codes.
    fn same_thing(local: &Fields, theirs: &Record) -> bool {
        let mine = |name: &str| local.0.get(name).filter(|v| !v.is_null());
        let theirs = |name: &str| theirs.fields.get(name).map(|r| &r.value).filter(|v| !v.is_null());
        mine("otp").is_some() && mine("otp") == theirs("otp") && mine("issuer") == theirs("issuer")
    }

    fn describe(id: &str, fields: &BTreeMap<String, Value>) -> String {
        if !id.starts_with(ACCOUNT) {
            return match id {
                SETTINGS => "the settings".into(),
                _ => "the backup-code counts".into(),
            };
        }
        let text = |k: &str| fields.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
        match (text("issuer"), text("label")) {
            (i, l) if i.is_empty() => l,
            (i, l) if l.is_empty() => i,
            (i, l) => format!("{i} ({l})"),
        }
    }

    fn is_secret(field: &str) -> bool {
        field == "otp"
    }
}

const SET: &str = "s:";

impl Synced for BackupCodes<BackupCodeSet> {
    const STATE_KIND: VaultKind = VaultKind::SyncBackupCodes;
    const SUFFIX: &'static str = ".codes.tfsync";

    fn records(&self) -> Result<BTreeMap<String, Fields>, SyncError> {
        let mut out = BTreeMap::new();
        for set in &self.sets {
            let mut object = to_object(set)?;
            object.remove("id");
            out.insert(format!("{SET}{}", set.id), Fields(object.into_iter().collect()));
        }
        Ok(out)
    }

    fn rebuild(&mut self, live: &BTreeMap<String, Record>) -> Result<(), SyncError> {
        let mut sets = Vec::new();
        for (key, record) in live {
            if let Some(id) = key.strip_prefix(SET) {
                let mut object: Map<String, Value> =
                    record.values().into_iter().filter(|(_, v)| !v.is_null()).collect();
                object.insert("id".into(), Value::String(id.into()));
                let mut value = Value::Object(object);
                let set = serde_json::from_value::<BackupCodeSet>(value.clone());
                wipe(&mut value);
                sets.push(set.map_err(|e| SyncError::shape(format!("backup-code set {id}: {e}")))?);
            }
        }
        sets.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        self.sets = sets;
        Ok(())
    }

    fn rule(field: &str) -> Rule {
        if field == "codes" { Rule::CodesUsedOnce } else { Rule::Latest }
    }

    fn describe(_id: &str, fields: &BTreeMap<String, Value>) -> String {
        let name = fields.get("name").and_then(Value::as_str).unwrap_or_default();
        format!("the backup codes of {name}")
    }

    fn is_secret(field: &str) -> bool {
        matches!(field, "codes" | "note")
    }
}

fn to_object<T: serde::Serialize>(value: &T) -> Result<Map<String, Value>, SyncError> {
    match serde_json::to_value(value).map_err(SyncError::shape)? {
        Value::Object(map) => Ok(map),
        _ => Err(SyncError::shape("not an object")),
    }
}
