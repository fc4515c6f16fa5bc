//! Setting up, taking a backup in, and the status.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use data_encoding::HEXLOWER;
use sha2::{Digest, Sha256};

use super::backups::{self, BackupFile};
use super::diff;
use super::state::{AegisFollow, AegisKey, PendingRemoval, SnapshotEntry, TakenBackup};
use super::AegisError;
use crate::account::display_name;
use crate::import::aegis::{self as reader, AegisEntry, Locked};
use crate::import::ImportError;
use crate::sync::SetAside;
use crate::vault::{AddOutcome, Contents, EntryId, Unlocked, VaultError, VaultStore};

/// A share of the last backup's entries: when fewer than one in
/// `NEW_VAULT_SHARE` of them are in the next one (and the last had at least
/// [`NEW_VAULT_MIN`]), the phone's vault is taken as a new one (Aegis
/// reinstalled, or its vault imported again, which gives new uuids).
const NEW_VAULT_SHARE: usize = 5;
const NEW_VAULT_MIN: usize = 3;

/// Choices for a run.
#[derive(Clone, Copy, Debug, Default)]
pub struct FollowOptions {
    /// Delete the accounts whose removal on the phone was reported by an
    /// earlier run and is still pending (the person agreed). Removals found
    /// in this run are only reported.
    pub accept_removals: bool,
    /// The time to use (unix seconds); `None` for the system clock.
    pub now: Option<u64>,
}

/// An account the phone changed, and what of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Updated {
    /// The account, as people name it.
    pub account: String,
    /// The fields changed: `name`, `issuer`, `type`, `algorithm`, `digits`,
    /// `period`, `secret`, `pin`, `counter`, `note`, `favourite`, `groups`, `icon`.
    pub fields: Vec<&'static str>,
}

/// An Aegis entry that could not be taken in, and why (one with no uuid, or
/// whose secret or PIN does not read). It is not read as removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The entry, as Aegis names it.
    pub account: String,
    /// Why.
    pub reason: String,
}

/// What a run did.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct FollowReport {
    /// The folder followed.
    pub folder: PathBuf,
    /// The backup taken in this run.
    pub taken: Option<String>,
    /// True when the folder has nothing newer than the last backup taken.
    pub up_to_date: bool,
    /// True when the phone's vault looked new (nearly every uuid changed):
    /// its accounts were added or linked, nothing was flagged for removal.
    pub new_vault: bool,
    /// Accounts added.
    pub added: Vec<String>,
    /// Accounts of the phone that were already here (same issuer and
    /// secret, or the account another computer made from them): linked, not added again.
    pub linked: Vec<String>,
    /// Accounts the phone changed.
    pub updated: Vec<Updated>,
    /// Accounts deleted on the phone, found in this run: kept here, pending.
    pub removal_flagged: Vec<String>,
    /// Accounts deleted here because their removal was accepted.
    pub removed: Vec<String>,
    /// Every removal still pending after the run.
    pub pending_removals: Vec<String>,
    /// With [`new_vault`](Self::new_vault): accounts of the old vault that
    /// the new one does not have; kept.
    pub left_behind: Vec<String>,
    /// Entries that could not be taken in.
    pub skipped: Vec<Skipped>,
    /// Backup files not read (half-written, damaged); retried next run.
    pub set_aside: Vec<SetAside>,
}

impl FollowReport {
    /// True when the run changed the accounts.
    pub fn changed_accounts(&self) -> bool {
        !(self.added.is_empty() && self.updated.is_empty() && self.removed.is_empty())
    }
}

/// The follow state and the folder, as `twofold sync aegis status` shows them.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct FollowStatus {
    /// The folder followed.
    pub folder: PathBuf,
    /// False when the folder is not there now.
    pub folder_present: bool,
    /// The last backup taken.
    pub last: Option<TakenBackup>,
    /// Accounts deleted on the phone and still here.
    pub pending_removals: Vec<PendingRemoval>,
    /// Aegis entries linked to accounts here.
    pub linked_entries: usize,
    /// The newest backup in the folder now.
    pub newest_in_folder: Option<String>,
    /// True when the folder has a backup not yet taken.
    pub newer_waiting: bool,
}

/// The newest backup of a folder, read and waiting for its password.
pub struct SetupBackup {
    folder: PathBuf,
    single_file: Option<String>,
    file: String,
    locked: Locked,
    set_aside: Vec<SetAside>,
}

impl std::fmt::Debug for SetupBackup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SetupBackup").field("folder", &self.folder).field("file", &self.file).finish_non_exhaustive()
    }
}

impl SetupBackup {
    /// The folder Aegis writes to.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The backup that will be opened.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Newer files that could not be read (half-written), passed over.
    pub fn set_aside(&self) -> &[SetAside] {
        &self.set_aside
    }

    /// The Aegis master key, from the backup password (the one for backups
    /// when Aegis has a separate one). Takes as long as the file's scrypt.
    pub fn unlock(&self, password: &str) -> Result<AegisKey, AegisError> {
        match self.locked.unwrap_master_key(password) {
            Ok(key) => Ok(AegisKey::new(key)),
            Err(ImportError::WrongPassword) => Err(AegisError::WrongPassword { file: self.file.clone() }),
            Err(e) => Err(AegisError::Unreadable { file: self.file.clone(), detail: e.to_string() }),
        }
    }
}

fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// Finds the newest readable backup in `path` (a folder, or the single
/// backup file itself), without a password yet. Writes nothing.
pub fn prepare_setup(path: &Path) -> Result<SetupBackup, AegisError> {
    let (folder, single_file) = if path.is_file() {
        let name = path.file_name().and_then(|n| n.to_str()).map(str::to_owned);
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let single = name.filter(|n| backups::parse_name(n).is_none() && n != backups::DEFAULT_SINGLE_FILE);
        (parent.to_owned(), single)
    } else if path.is_dir() {
        (path.to_owned(), None)
    } else {
        return Err(AegisError::NotAFolder { path: path.to_owned() });
    };
    let folder = std::fs::canonicalize(&folder).map_err(|e| AegisError::io(&folder, e))?;
    let files = backups::list(&folder, single_file.as_deref())?;
    if files.is_empty() {
        return Err(AegisError::NoBackups { folder });
    }
    let mut set_aside = Vec::new();
    for file in files.iter().rev() {
        let bytes = match file.read() {
            Ok(bytes) => bytes,
            Err(e) => {
                set_aside.push(SetAside { file: file.name.clone(), reason: e.to_string() });
                continue;
            }
        };
        match reader::read_encrypted(&bytes) {
            Ok(Some(locked)) => {
                return Ok(SetupBackup { folder, single_file, file: file.name.clone(), locked, set_aside });
            }
            Ok(None) => return Err(AegisError::NotEncrypted { file: file.name.clone() }),
            Err(ImportError::UnsupportedVersion { found, .. }) => {
                return Err(AegisError::NewerVersion { file: file.name.clone(), found })
            }
            Err(ImportError::NoPasswordSlot) => return Err(AegisError::NoPasswordSlot { file: file.name.clone() }),
            Err(e) => set_aside.push(SetAside { file: file.name.clone(), reason: e.to_string() }),
        }
    }
    Err(AegisError::NothingReadable { folder, set_aside })
}

/// Follows `prepared`'s folder from now on with `key` (kept in the vault),
/// then takes the newest backup in as [`follow`] does. Run again after
/// Aegis made a new key: what was taken before stays linked.
pub fn setup(
    store: &VaultStore<Contents>,
    unlocked: &Unlocked,
    prepared: &SetupBackup,
    key: AegisKey,
    options: FollowOptions,
) -> Result<FollowReport, AegisError> {
    let now = options.now.unwrap_or_else(now_secs);
    let init = |contents: &mut Contents| match &mut contents.aegis {
        Some(existing) => {
            existing.folder.clone_from(&prepared.folder);
            existing.single_file.clone_from(&prepared.single_file);
            existing.master_key = key.clone();
            existing.set_up_at = now;
        }
        None => {
            contents.aegis =
                Some(AegisFollow::new(prepared.folder.clone(), prepared.single_file.clone(), key.clone(), now))
        }
    };
    run_retrying(store, unlocked, FollowOptions { now: Some(now), ..options }, Some(&init))
}

/// Takes in the newest backup not yet seen, as a difference against the
/// last one taken (see the [module docs](super)). Saves the vault only when
/// something changed; never writes into the folder.
pub fn follow(
    store: &VaultStore<Contents>,
    unlocked: &Unlocked,
    options: FollowOptions,
) -> Result<FollowReport, AegisError> {
    run_retrying(store, unlocked, options, None)
}

fn run_retrying(
    store: &VaultStore<Contents>,
    unlocked: &Unlocked,
    options: FollowOptions,
    init: Option<&dyn Fn(&mut Contents)>,
) -> Result<FollowReport, AegisError> {
    // A save by the app or the CLI between our read and our write makes
    // `save` refuse; run again from the new file.
    for _ in 0..3 {
        match run_once(store, unlocked, options, init) {
            Err(AegisError::Vault(VaultError::Conflict { .. })) => continue,
            other => return other,
        }
    }
    run_once(store, unlocked, options, init)
}

fn run_once(
    store: &VaultStore<Contents>,
    unlocked: &Unlocked,
    options: FollowOptions,
    init: Option<&dyn Fn(&mut Contents)>,
) -> Result<FollowReport, AegisError> {
    let mut loaded = store.load(unlocked)?;
    if let Some(init) = init {
        init(&mut loaded.contents);
    }
    let mut report = FollowReport::default();
    let dirty = take(&mut loaded.contents, options, &mut report)?;
    if dirty || init.is_some() {
        store.save(unlocked, &loaded)?;
    }
    Ok(report)
}

/// The run on the vault's contents; true when they changed.
fn take(contents: &mut Contents, options: FollowOptions, report: &mut FollowReport) -> Result<bool, AegisError> {
    let now = options.now.unwrap_or_else(now_secs);
    let mut follow = contents.aegis.take().ok_or(AegisError::NotSetUp)?;
    let result = take_with(contents, &mut follow, options, now, report);
    contents.aegis = Some(follow);
    result
}

fn take_with(
    contents: &mut Contents,
    follow: &mut AegisFollow,
    options: FollowOptions,
    now: u64,
    report: &mut FollowReport,
) -> Result<bool, AegisError> {
    report.folder.clone_from(&follow.folder);
    if !follow.folder.is_dir() {
        return Err(AegisError::FolderMissing { folder: follow.folder.clone() });
    }
    let files = backups::list(&follow.folder, follow.single_file.as_deref())?;
    if files.is_empty() {
        return Err(AegisError::NoBackups { folder: follow.folder.clone() });
    }
    let reported_before: Vec<PendingRemoval> = follow.pending_removals.clone();
    let mut dirty = false;
    let mut taken = None;
    for file in files.iter().rev() {
        if follow.last.as_ref().is_some_and(|last| !file.may_be_newer_than(last)) {
            break;
        }
        let bytes = match file.read() {
            Ok(bytes) => bytes,
            Err(e) => {
                report.set_aside.push(SetAside { file: file.name.clone(), reason: e.to_string() });
                continue;
            }
        };
        let sha256 = HEXLOWER.encode(&Sha256::digest(&bytes));
        if follow.last.as_ref().is_some_and(|last| last.sha256 == sha256) {
            break;
        }
        let Some(entries) = open(file, &bytes, &follow.master_key, report)? else { continue };
        apply(contents, follow, file, entries, now, report)?;
        follow.last = Some(TakenBackup::new(file.name.clone(), file.modified_ms, sha256, now));
        taken = Some(file.name.clone());
        dirty = true;
        break;
    }
    report.up_to_date = taken.is_none() && report.set_aside.is_empty();
    report.taken = taken;

    // Pending removals: forget those already gone here; delete the accepted ones.
    let linked: BTreeSet<EntryId> = follow.snapshot.values().map(|s| s.entry).collect();
    let before = follow.pending_removals.len();
    follow.pending_removals.retain(|p| contents.get(&p.entry).is_some() && !linked.contains(&p.entry));
    dirty |= follow.pending_removals.len() != before;
    if options.accept_removals {
        let accepted: BTreeSet<&str> = reported_before.iter().map(|p| p.uuid.as_str()).collect();
        let (go, stay): (Vec<_>, Vec<_>) =
            std::mem::take(&mut follow.pending_removals).into_iter().partition(|p| accepted.contains(p.uuid.as_str()));
        follow.pending_removals = stay;
        for p in go {
            let entry = contents.remove(&p.entry)?;
            report.removed.push(display_name(entry.issuer.as_deref(), &entry.label));
            dirty = true;
        }
    }
    report.pending_removals = follow.pending_removals.iter().map(|p| p.name.clone()).collect();
    Ok(dirty)
}

/// Opens one backup with the kept key: its entries, or `None` when it is
/// set aside (half-written, damaged). A file the key does not open, a plain
/// one or a newer format stops the run.
fn open(
    file: &BackupFile,
    bytes: &[u8],
    key: &AegisKey,
    report: &mut FollowReport,
) -> Result<Option<Vec<AegisEntry>>, AegisError> {
    let name = || file.name.clone();
    let result = match reader::read_encrypted(bytes) {
        Ok(Some(locked)) => locked.entries_with_key(key.as_bytes()),
        Ok(None) => return Err(AegisError::NotEncrypted { file: name() }),
        Err(e) => Err(e),
    };
    match result {
        Ok(Some(entries)) => Ok(Some(entries)),
        Ok(None) => Err(AegisError::KeyChanged { file: name(), folder: file.path.parent().unwrap_or(Path::new(".")).to_owned() }),
        Err(ImportError::UnsupportedVersion { found, .. }) => Err(AegisError::NewerVersion { file: name(), found }),
        Err(e) => {
            report.set_aside.push(SetAside { file: name(), reason: e.to_string() });
            Ok(None)
        }
    }
}

/// Takes one backup's entries in: the three-way merge of the last backup
/// taken (the snapshot), this one, and the accounts here.
fn apply(
    contents: &mut Contents,
    follow: &mut AegisFollow,
    file: &BackupFile,
    entries: Vec<AegisEntry>,
    now: u64,
    report: &mut FollowReport,
) -> Result<(), VaultError> {
    let old = std::mem::take(&mut follow.snapshot);
    let uuids: BTreeSet<String> = entries.iter().filter_map(|e| e.uuid.as_deref().map(normal)).collect();
    let kept = old.keys().filter(|u| uuids.contains(*u)).count();
    report.new_vault = old.len() >= NEW_VAULT_MIN && kept * NEW_VAULT_SHARE < old.len() && !uuids.is_empty();
    let mut snapshot: BTreeMap<String, SnapshotEntry> = BTreeMap::new();
    for AegisEntry { uuid, name, account } in entries {
        let Some(uuid) = uuid.as_deref().map(normal) else {
            report.skipped.push(Skipped { account: name, reason: "it has no Aegis uuid".into() });
            continue;
        };
        let theirs = match account {
            Ok(account) => account,
            Err(reason) => {
                // Not readable here; not removed either.
                if let Some(prev) = old.get(&uuid) {
                    snapshot.insert(uuid.clone(), prev.clone());
                }
                report.skipped.push(Skipped { account: name, reason });
                continue;
            }
        };
        let prints = diff::fingerprints(&theirs);
        let shown = display_name(theirs.account.issuer.as_deref(), &theirs.account.label);
        follow.pending_removals.retain(|p| p.uuid != uuid);
        if let Some(prev) = old.get(&uuid) {
            let changed = diff::changed_fields(&prev.fields, &prints);
            match contents.get(&prev.entry) {
                Some(entry) => {
                    let (patch, what) = diff::patch(entry, &theirs, &changed);
                    if !what.is_empty() {
                        contents.update(&prev.entry, patch, now)?;
                        report.updated.push(Updated { account: shown, fields: what });
                    }
                }
                // Deleted on this computer: it stays deleted unless the phone changed it since.
                None if !changed.is_empty() => {
                    contents.add_with_id(theirs, prev.entry, now)?;
                    report.added.push(shown);
                }
                None => {}
            }
            snapshot.insert(uuid, SnapshotEntry::new(prev.entry, prints));
            continue;
        }
        // First contact: the account another computer made from this entry,
        // or one with the same issuer and secret (Aegis' rule), or one making
        // the same codes (Twofold's), else a new one.
        let id = follow.master_key.entry_id(&uuid);
        let existing = contents
            .get(&id)
            .map(|e| *e.id())
            .or_else(|| contents.entries().iter().find(|e| diff::same_account(e, &theirs)).map(|e| *e.id()))
            .or_else(|| contents.entries().iter().find(|e| e.same_generator(&theirs.account.otp)).map(|e| *e.id()));
        let target = match existing {
            Some(existing) => {
                report.linked.push(shown);
                existing
            }
            None => match contents.add_with_id(theirs, id, now)? {
                AddOutcome::Added(id) | AddOutcome::Duplicate(id) => {
                    report.added.push(shown);
                    id
                }
            },
        };
        snapshot.insert(uuid, SnapshotEntry::new(target, prints));
    }
    // What the phone no longer has.
    let linked: BTreeSet<EntryId> = snapshot.values().map(|s| s.entry).collect();
    for (uuid, prev) in old {
        if snapshot.contains_key(&uuid) || linked.contains(&prev.entry) {
            continue;
        }
        let Some(entry) = contents.get(&prev.entry) else { continue };
        let name = display_name(entry.issuer.as_deref(), &entry.label);
        if report.new_vault {
            report.left_behind.push(name);
        } else if !follow.pending_removals.iter().any(|p| p.uuid == uuid) {
            report.removal_flagged.push(name.clone());
            follow.pending_removals.push(PendingRemoval::new(uuid, prev.entry, name, file.name.clone(), now));
        }
    }
    follow.snapshot = snapshot;
    Ok(())
}

/// Aegis writes lower-case uuids; compare them so anyway.
fn normal(uuid: &str) -> String {
    uuid.trim().to_ascii_lowercase()
}

/// Where the follower is, and whether the folder has a newer backup.
/// Reads the folder; writes nothing.
pub fn status(contents: &Contents) -> Result<FollowStatus, AegisError> {
    let follow = contents.aegis.as_ref().ok_or(AegisError::NotSetUp)?;
    let folder_present = follow.folder.is_dir();
    let files = if folder_present { backups::list(&follow.folder, follow.single_file.as_deref())? } else { Vec::new() };
    let newest = files.last();
    let newer_waiting = match (newest, &follow.last) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(file), Some(last)) => {
            file.may_be_newer_than(last)
                && file.read().is_ok_and(|bytes| HEXLOWER.encode(&Sha256::digest(&bytes)) != last.sha256)
        }
    };
    Ok(FollowStatus {
        folder: follow.folder.clone(),
        folder_present,
        last: follow.last.clone(),
        pending_removals: follow.pending_removals.clone(),
        linked_entries: follow.snapshot.len(),
        newest_in_folder: newest.map(|f| f.name.clone()),
        newer_waiting,
    })
}
