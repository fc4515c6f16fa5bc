//! Which files in the folder are Aegis backups, and in what order.
//!
//! Aegis names each automatic backup `aegis-backup-yyyyMMdd-HHmmss.json`
//! in the phone's local time (Android's document provider may add ` (1)`
//! when the name is taken), keeps the newest N and deletes the rest. In its
//! single-backup mode it rewrites one file in place (by default
//! `aegis-backup.json`). Nothing else counts: temporary files of sync
//! engines (`.syncthing.*.tmp`, `*.~part`), their conflict copies and
//! other exports are ignored.
//!
//! Order: by the time in the name, then the copy number, then the file's
//! modification time. Names are local time, so a time-zone or daylight
//! saving change can make a backup look older than the last one taken: it
//! is passed over until a later-named one comes, and since every backup is
//! a full snapshot, nothing is lost then. The single-backup file has no time
//! in its name; it is placed by its modification time among the others.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::state::TakenBackup;
use super::AegisError;
use crate::import::MAX_INPUT_LEN;

/// The single-backup file's default name.
pub const DEFAULT_SINGLE_FILE: &str = "aegis-backup.json";
const PREFIX: &str = "aegis-backup-";
const SUFFIX: &str = ".json";

/// A backup file in the folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupFile {
    /// Its file name.
    pub name: String,
    /// Its path.
    pub path: PathBuf,
    /// Its modification time (ms since 1970).
    pub modified_ms: u64,
    /// The time in its name (seconds, local time read as UTC) and the copy number.
    stamp: Option<(i64, u32)>,
}

/// The time in a versioned backup's name (seconds since 1970, the phone's
/// local time read as UTC) and its copy number (0, or N of ` (N)`); `None`
/// for any other name.
pub fn parse_name(name: &str) -> Option<(i64, u32)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (stamp, copy) = match rest.split_once(" (") {
        None => (rest, 0),
        Some((stamp, copy)) => {
            let n = copy.strip_suffix(')')?;
            if n.is_empty() || n.len() > 4 || !n.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (stamp, n.parse().ok()?)
        }
    };
    let b = stamp.as_bytes();
    if b.len() != 15 || b[8] != b'-' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = &stamp[range];
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let (year, month, day) = (digits(0..4)?, digits(4..6)?, digits(6..8)?);
    let (hour, minute, second) = (digits(9..11)?, digits(11..13)?, digits(13..15)?);
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 61;
    valid.then(|| (days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second, copy))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 (Howard Hinnant's days_from_civil).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The backups in `folder`, oldest first. `single_file` is the
/// single-backup mode's file name (default [`DEFAULT_SINGLE_FILE`]).
pub fn list(folder: &Path, single_file: Option<&str>) -> Result<Vec<BackupFile>, AegisError> {
    let single_name = single_file.unwrap_or(DEFAULT_SINGLE_FILE);
    let entries = fs::read_dir(folder).map_err(|e| AegisError::io(folder, e))?;
    let mut versioned = Vec::new();
    let mut single = None;
    for entry in entries {
        let entry = entry.map_err(|e| AegisError::io(folder, e))?;
        let Ok(name) = entry.file_name().into_string() else { continue };
        let stamp = parse_name(&name);
        if stamp.is_none() && name != single_name {
            continue;
        }
        // Regular files only (a symbolic link is followed: sync folders are often linked).
        let Ok(meta) = fs::metadata(entry.path()) else { continue };
        if !meta.is_file() {
            continue;
        }
        let modified_ms = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_millis() as u64);
        let file = BackupFile { name, path: entry.path(), modified_ms, stamp };
        if stamp.is_some() {
            versioned.push(file);
        } else {
            single = Some(file);
        }
    }
    versioned.sort_by(|a, b| (a.stamp, a.modified_ms, &a.name).cmp(&(b.stamp, b.modified_ms, &b.name)));
    if let Some(single) = single {
        let at = versioned.iter().take_while(|f| f.modified_ms <= single.modified_ms).count();
        versioned.insert(at, single);
    }
    Ok(versioned)
}

impl BackupFile {
    /// True when this file may hold a later state than `last`: later by
    /// its name's time (versioned files), else by its modification time.
    /// The same bytes as `last` are told apart by their hash, not here.
    pub(crate) fn may_be_newer_than(&self, last: &TakenBackup) -> bool {
        match (self.stamp, parse_name(&last.file)) {
            (Some(mine), Some(theirs)) => (mine, self.modified_ms) > (theirs, last.modified_ms),
            _ => self.modified_ms >= last.modified_ms,
        }
    }

    /// The file's bytes, refusing one larger than any Aegis vault.
    pub(crate) fn read(&self) -> Result<Vec<u8>, AegisError> {
        let file = File::open(&self.path).map_err(|e| AegisError::io(&self.path, e))?;
        let mut bytes = Vec::new();
        file.take(MAX_INPUT_LEN as u64 + 1).read_to_end(&mut bytes).map_err(|e| AegisError::io(&self.path, e))?;
        if bytes.len() > MAX_INPUT_LEN {
            return Err(AegisError::io(&self.path, std::io::Error::other("larger than any Aegis backup")));
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let t = |name| parse_name(name);
        assert_eq!(t("aegis-backup-19700101-000000.json"), Some((0, 0)));
        assert_eq!(t("aegis-backup-20240229-235959.json"), Some((1_709_251_199, 0)));
        assert_eq!(t("aegis-backup-20240229-235959 (2).json"), Some((1_709_251_199, 2)));
        for bad in [
            "aegis-backup.json",
            "aegis-backup-20230229-101010.json",
            "aegis-backup-20241301-101010.json",
            "aegis-backup-20240101-241010.json",
            "aegis-backup-20240101-101010.json.tmp",
            ".syncthing.aegis-backup-20240101-101010.json.tmp",
            "aegis-backup-20240101-101010.sync-conflict-20240101-111111-ABCDEFG.json",
            "aegis-backup-20240101-101010 (x).json",
            "aegis-backup-2024011-1010101.json",
            "aegis-export-20240101-101010.json",
            "aegis-backup-+2024101-101010.json",
        ] {
            assert_eq!(t(bad), None, "{bad}");
        }
    }
}
