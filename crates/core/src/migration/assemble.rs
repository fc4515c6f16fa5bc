//! Gathering the QR codes of one (or more) exports, in any order.

use std::collections::BTreeMap;
use std::fmt;

use super::{decode_uri, EntryError, MigrationBatch, MigrationError};
use crate::account::Account;

/// Collects decoded QR codes until every export they belong to is complete.
///
/// QR codes may come in any order and more than once (a code scanned twice
/// counts once). Codes with different `batch_id`s, or different `batch_size`s
/// (exports that left the id at 0 share it), are separate exports, each
/// checked for completeness on its own.
///
/// ```
/// use twofold_core::migration::BatchAssembler;
///
/// let mut assembler = BatchAssembler::new();
/// # let uri = "otpauth-migration://offline?data=CgYKAWESAWIQARgCKCo%3D";
/// assembler.add_uri(uri)?; // the first of two QR codes
/// let missing: Vec<String> = assembler.missing().iter().map(|m| m.to_string()).collect();
/// assert_eq!(missing, ["QR code 2 of 2 is missing"]);
/// # Ok::<(), twofold_core::migration::MigrationError>(())
/// ```
#[derive(Debug, Default)]
pub struct BatchAssembler {
    /// In the order their first QR code arrived.
    exports: Vec<PartialExport>,
}

#[derive(Debug)]
struct PartialExport {
    batch_id: i32,
    /// How many QR codes the export has, as each of them says.
    batch_size: usize,
    /// By `batch_index`.
    batches: BTreeMap<usize, MigrationBatch>,
}

impl PartialExport {
    fn missing(&self) -> impl Iterator<Item = MissingBatch> + '_ {
        (0..self.batch_size).filter(|i| !self.batches.contains_key(i)).map(|batch_index| MissingBatch {
            batch_id: self.batch_id,
            batch_index,
            batch_size: self.batch_size,
        })
    }
}

impl BatchAssembler {
    /// An assembler with nothing in it yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a decoded QR code. Returns `false` if the same QR code (same
    /// `batch_id`, `batch_size` and `batch_index`) was already added; that one is kept.
    pub fn add(&mut self, batch: MigrationBatch) -> bool {
        let info = batch.info;
        let same = |e: &PartialExport| e.batch_id == info.batch_id && e.batch_size == info.batch_size;
        let export = match self.exports.iter().position(same) {
            Some(i) => &mut self.exports[i],
            None => {
                let (batch_id, batch_size) = (info.batch_id, info.batch_size);
                self.exports.push(PartialExport { batch_id, batch_size, batches: BTreeMap::new() });
                let last = self.exports.len() - 1;
                &mut self.exports[last]
            }
        };
        if export.batches.contains_key(&info.batch_index) {
            return false;
        }
        export.batches.insert(info.batch_index, batch);
        true
    }

    /// Decodes an export URI and adds it; see [`add`](Self::add).
    pub fn add_uri(&mut self, uri: &str) -> Result<bool, MigrationError> {
        Ok(self.add(decode_uri(uri)?))
    }

    /// The QR codes still to scan, export by export, in order.
    pub fn missing(&self) -> Vec<MissingBatch> {
        self.exports.iter().flat_map(PartialExport::missing).collect()
    }

    /// True when at least one QR code was added and none is missing.
    pub fn is_complete(&self) -> bool {
        !self.exports.is_empty() && self.exports.iter().all(|e| e.missing().next().is_none())
    }

    /// Everything gathered so far: the accounts and entry errors of every QR
    /// code added (export by export, QR code by QR code), and what is missing.
    pub fn finish(self) -> AssembledExport {
        let missing = self.missing();
        let export_count = self.exports.len();
        let mut accounts = Vec::new();
        let mut errors = Vec::new();
        for export in self.exports {
            for batch in export.batches.into_values() {
                accounts.extend(batch.accounts);
                errors.extend(batch.errors);
            }
        }
        AssembledExport { accounts, errors, missing, export_count }
    }
}

/// The result of [`BatchAssembler::finish`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssembledExport {
    /// Every account read, in export order.
    pub accounts: Vec<Account>,
    /// Entries that could not be imported (each `index` counts within its own QR code).
    pub errors: Vec<EntryError>,
    /// QR codes never added; empty when the export is complete.
    pub missing: Vec<MissingBatch>,
    /// How many different exports (`batch_id`s) the QR codes came from;
    /// more than one usually means codes of an old export were mixed in.
    pub export_count: usize,
}

/// A QR code of an export that was not added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MissingBatch {
    /// The export it belongs to.
    pub batch_id: i32,
    /// Its position, from 0.
    pub batch_index: usize,
    /// How many QR codes the export has.
    pub batch_size: usize,
}

impl fmt::Display for MissingBatch {
    /// "QR code 2 of 3 is missing": counted from 1, as the app shows them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "QR code {} of {} is missing", self.batch_index + 1, self.batch_size)
    }
}
