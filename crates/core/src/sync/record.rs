//! One synced thing (an account, a backup-code set, the settings) as a
//! set of fields, each a register that keeps its latest value.
//!
//! Merging two records is commutative, associative and idempotent, so the
//! order files arrive in, and how often, changes nothing:
//! - a field keeps the value with the latest [`Stamp`] ([`Rule::Latest`]),
//!   or the larger number ([`Rule::Max`], a HOTP counter), or the union of
//!   backup codes with each code used if it was used anywhere
//!   ([`Rule::CodesUsedOnce`]);
//! - a deletion is a tombstone stamp; the record is gone unless some field
//!   was written after it (an edit after a delete wins);
//! - a value that lost to an edit made without seeing it is kept in the
//!   record's history (the newest [`HISTORY_LEN`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use zeroize::Zeroize;

use super::clock::Stamp;

/// The field holding a record's place in the list. Moving is not an edit:
/// a place renumbered after a deletion elsewhere does not bring the record back.
pub const ORDER_FIELD: &str = "sort_order";

/// Values kept per record that lost to a concurrent edit.
pub const HISTORY_LEN: usize = 10;

/// How a field merges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// The latest stamp wins.
    Latest,
    /// The larger number wins (a HOTP counter never goes back).
    Max,
    /// Backup codes: every code of either side; a code used on either side is used.
    CodesUsedOnce,
}

/// A field's value, when and where it was written, and the stamp of the
/// value it replaced on that device. The value is wiped when dropped: it may
/// be a secret.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Register {
    /// When and where it was written.
    #[serde(rename = "t")]
    pub stamp: Stamp,
    /// The stamp of the value this one replaced, as its writer saw it.
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub replaced: Option<Stamp>,
    /// The value (for an account's `otp`, its secret too).
    #[serde(rename = "v")]
    pub value: Value,
}

// Values may be secrets: `Debug` shows only when they were written.
impl std::fmt::Debug for Register {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Register").field("stamp", &self.stamp).field("value", &"<redacted>").finish()
    }
}

impl std::fmt::Debug for Lost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lost").field("field", &self.field).field("stamp", &self.stamp).finish_non_exhaustive()
    }
}

impl Drop for Register {
    fn drop(&mut self) {
        wipe(&mut self.value);
    }
}

/// A value that lost to a concurrent edit.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lost {
    /// The field.
    pub field: String,
    /// The value that lost.
    pub value: Value,
    /// When it was written.
    pub stamp: Stamp,
    /// The value that was kept instead.
    pub kept: Value,
    /// When that was written.
    pub kept_stamp: Stamp,
}

impl Drop for Lost {
    fn drop(&mut self) {
        wipe(&mut self.value);
        wipe(&mut self.kept);
    }
}

/// One synced record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Its fields by name.
    #[serde(rename = "f", default)]
    pub fields: BTreeMap<String, Register>,
    /// When it was deleted, if it was.
    #[serde(rename = "x", default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<Stamp>,
    /// Values that lost to concurrent edits, oldest first.
    #[serde(rename = "h", default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Lost>,
}

impl Record {
    /// The latest stamp of any field but its place.
    pub fn latest_edit(&self) -> Option<&Stamp> {
        self.fields.iter().filter(|(name, _)| *name != ORDER_FIELD).map(|(_, r)| &r.stamp).max()
    }

    /// True unless deleted after its last edit.
    pub fn is_live(&self) -> bool {
        match &self.deleted {
            None => true,
            Some(deleted) => self.latest_edit().is_some_and(|edit| edit > deleted),
        }
    }

    /// The field values, for rebuilding the vault's object.
    pub fn values(&self) -> BTreeMap<String, Value> {
        self.fields.iter().map(|(k, r)| (k.clone(), r.value.clone())).collect()
    }

    /// Merges `other` into this record; returns the values that lost to a
    /// concurrent edit in this merge (they are also added to the history).
    pub fn merge(&mut self, other: &Record, rule: impl Fn(&str) -> Rule) -> Vec<Lost> {
        let mut lost = Vec::new();
        for (name, theirs) in &other.fields {
            match self.fields.get_mut(name) {
                None => {
                    self.fields.insert(name.clone(), theirs.clone());
                }
                Some(mine) => {
                    if let Some(l) = merge_register(name, mine, theirs, rule(name)) {
                        lost.push(l);
                    }
                }
            }
        }
        if other.deleted > self.deleted {
            self.deleted.clone_from(&other.deleted);
        }
        let mut history = std::mem::take(&mut self.history);
        history.extend(other.history.iter().cloned());
        history.extend(lost.iter().cloned());
        self.history = bounded_history(history);
        lost
    }
}

/// Merges one field. Returns the loser when the winner's writer had not
/// seen it (a concurrent edit).
fn merge_register(name: &str, mine: &mut Register, theirs: &Register, rule: Rule) -> Option<Lost> {
    match rule {
        Rule::Latest => {
            if theirs.stamp == mine.stamp {
                return None;
            }
            let (winner, loser) = if theirs.stamp > mine.stamp { (theirs, &*mine) } else { (&*mine, theirs) };
            let concurrent = winner.replaced.as_ref().is_none_or(|seen| *seen < loser.stamp) && winner.value != loser.value;
            let lost = concurrent.then(|| Lost {
                field: name.to_owned(),
                value: loser.value.clone(),
                stamp: loser.stamp.clone(),
                kept: winner.value.clone(),
                kept_stamp: winner.stamp.clone(),
            });
            if theirs.stamp > mine.stamp {
                *mine = theirs.clone();
            }
            lost
        }
        Rule::Max => {
            let (a, b) = (mine.value.as_u64().unwrap_or(0), theirs.value.as_u64().unwrap_or(0));
            if (b, &theirs.stamp) > (a, &mine.stamp) {
                *mine = theirs.clone();
            }
            None
        }
        Rule::CodesUsedOnce => {
            let value = union_codes(&mine.value, &theirs.value);
            let stamp = mine.stamp.clone().max(theirs.stamp.clone());
            let replaced = if stamp == mine.stamp { mine.replaced.clone() } else { theirs.replaced.clone() };
            *mine = Register { stamp, replaced, value };
            None
        }
    }
}

/// Backup codes `[{code, used_at}]` of both sides: in the first side's
/// order, then the second's new ones; a code is used when used on either
/// side, at the earlier time.
fn union_codes(a: &Value, b: &Value) -> Value {
    let empty = Vec::new();
    let list = |v: &Value| -> Vec<Value> { v.as_array().unwrap_or(&empty).clone() };
    let key = |c: &Value| -> String {
        let text = c.get("code").and_then(Value::as_str).unwrap_or_default();
        text.chars().filter(|c| c.is_ascii_alphanumeric()).flat_map(char::to_lowercase).collect()
    };
    // Order by the code itself so the result does not depend on which side is first.
    let mut merged: BTreeMap<String, Value> = BTreeMap::new();
    let mut order: BTreeMap<String, usize> = BTreeMap::new();
    for codes in [list(a), list(b)] {
        for (i, code) in codes.into_iter().enumerate() {
            let k = key(&code);
            let pos = order.entry(k.clone()).or_insert(i);
            *pos = (*pos).min(i);
            match merged.get_mut(&k) {
                None => {
                    merged.insert(k, code);
                }
                Some(existing) => {
                    let used = [existing.get("used_at"), code.get("used_at")]
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_i64)
                        .min();
                    if let Some(obj) = existing.as_object_mut() {
                        obj.insert("used_at".into(), used.map_or(Value::Null, Value::from));
                    }
                }
            }
        }
    }
    let mut keys: Vec<String> = merged.keys().cloned().collect();
    keys.sort_by_key(|k| (order[k], k.clone()));
    Value::Array(keys.into_iter().filter_map(|k| merged.remove(&k)).collect())
}

/// The newest [`HISTORY_LEN`] of a history, each once, oldest first.
fn bounded_history(mut history: Vec<Lost>) -> Vec<Lost> {
    history.sort_by(|a, b| (&a.stamp, &a.field, &a.kept_stamp).cmp(&(&b.stamp, &b.field, &b.kept_stamp)));
    history.dedup_by(|a, b| a.stamp == b.stamp && a.field == b.field && a.kept_stamp == b.kept_stamp);
    let excess = history.len().saturating_sub(HISTORY_LEN);
    history.drain(..excess);
    history
}

/// Overwrites every string inside a JSON value.
pub(crate) fn wipe(value: &mut Value) {
    match value {
        Value::String(s) => s.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe),
        Value::Object(map) => map.values_mut().for_each(wipe),
        _ => {}
    }
}
