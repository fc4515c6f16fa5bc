//! One sync run: stamp the local changes, merge the other devices' states,
//! save the vault and this device's state, and say what happened.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::clock::Clock;
use super::device::{DeviceId, SyncConfig};
use super::folder::{self, Found, SUBFOLDER};
use super::shape::{Fields, Synced};
use super::state::{Conflict, DeviceState, Known, StateFile, STATE_FORMAT};
use super::SyncError;
use crate::vault::{self, open_shared, seal_shared, Loaded, Unlocked, VaultError, VaultStore};

/// How far ahead another device's clock may be before it is warned about.
const CLOCK_SLACK_MS: u64 = 60_000;
/// Pre-merge copies of the vault kept in `<vault>.sync/backups`.
const BACKUPS_KEPT: usize = 20;
/// A merge touching more than this share of the records (and at least
/// [`MASS_CHANGE_MIN`]) stops and asks.
const MASS_CHANGE_SHARE: usize = 5; // one fifth
const MASS_CHANGE_MIN: usize = 3;

/// Choices for a run.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunOptions {
    /// Apply a merge even if it deletes or changes many secrets (the person agreed).
    pub allow_mass_change: bool,
    /// Wall time to use (ms since 1970); `None` for the system clock.
    pub now_ms: Option<u64>,
}

/// A record the merge added, changed or removed in this vault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Came in from another computer.
    Added(String),
    /// Changed by another computer: the fields.
    Changed(String, Vec<String>),
    /// Deleted on another computer.
    Removed(String),
}

/// A value that lost to an edit made on another computer at the same time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictNote {
    /// The record, as people name it.
    pub record: String,
    /// The field.
    pub field: String,
    /// What was kept, printable (`None` for a secret).
    pub kept: Option<String>,
    /// The other value, printable (`None` for a secret).
    pub other: Option<String>,
}

impl std::fmt::Display for ConflictNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.kept, &self.other) {
            (Some(kept), Some(other)) => write!(
                f,
                "{}: {} changed on two computers: kept {kept}; the other was {other} (kept in its history)",
                self.record, self.field
            ),
            _ => write!(
                f,
                "{}: its {} changed on two computers: kept the later one; the other is kept in its history",
                self.record, self.field
            ),
        }
    }
}

/// A file in the folder that was not merged, and why. It stays where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetAside {
    /// Its name in the folder.
    pub file: String,
    /// Why.
    pub reason: String,
}

/// What a run did.
#[derive(Clone, Debug, Default)]
pub struct SyncReport {
    /// Records this computer changed since its last sync.
    pub sent: usize,
    /// What came in from the others.
    pub received: Vec<Change>,
    /// Values that lost to concurrent edits.
    pub conflicts: Vec<ConflictNote>,
    /// Files not merged.
    pub set_aside: Vec<SetAside>,
    /// Conflict copies merged and removed.
    pub conflict_copies_removed: Vec<String>,
    /// Warnings about other devices' clocks.
    pub clock_warnings: Vec<String>,
    /// Set when another computer was found writing under this device's id
    /// (a copied home folder): this computer took this new id.
    pub new_device_id: Option<DeviceId>,
    /// The copy of the vault taken before the merge changed it.
    pub backup: Option<PathBuf>,
    /// Other devices' files merged.
    pub merged_files: usize,
    /// Accounts this computer had that the set had too, made one when joining.
    pub linked: Vec<String>,
}

/// A device of the set, as [`status`] lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceStatus {
    /// Its id.
    pub id: DeviceId,
    /// Its name.
    pub name: String,
    /// When it last wrote (ms, its clock).
    pub written_ms: u64,
    /// True for this computer.
    pub this_device: bool,
    /// True when its file is in the folder now.
    pub file_present: bool,
}

/// The folder, the devices and the last sync.
#[derive(Clone, Debug)]
pub struct Status {
    /// The shared folder.
    pub folder: PathBuf,
    /// The devices this computer knows, itself first.
    pub devices: Vec<DeviceStatus>,
    /// When this computer last wrote its state (ms).
    pub last_sync_ms: Option<u64>,
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

fn random_nonce() -> Result<String, SyncError> {
    let bytes: [u8; 12] = vault::random_bytes().map_err(SyncError::Vault)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Where this device keeps its own state (the same bytes as its file in the folder).
pub(crate) fn local_state_path<V: Synced>(vault_path: &Path) -> PathBuf {
    SyncConfig::local_dir(vault_path).join(format!("self{}", V::SUFFIX))
}

/// Reads this device's own last state: the local copy, else its file in the
/// folder, else `None` (never synced).
fn own_state<V: Synced>(
    vault_path: &Path,
    unlocked: &Unlocked,
    config: &SyncConfig,
) -> Result<Option<DeviceState>, SyncError> {
    let local = local_state_path::<V>(vault_path);
    let shared = config.folder.join(SUBFOLDER).join(format!("{}{}", config.device, V::SUFFIX));
    for path in [local, shared] {
        if !path.exists() {
            continue;
        }
        let bytes = folder::read(&path)?;
        if let Ok((_, file)) = open_shared::<StateFile<V>>(&bytes, unlocked) {
            if file.state.device.as_ref() == Some(&config.device) {
                return Ok(Some(file.state));
            }
        }
    }
    Ok(None)
}

/// Syncs the vault `store` once with the folder in `config`. The vault is
/// saved only when the merge changed it (after a copy is taken), this
/// device's state is written only when it changed, and `config` is updated
/// (write nonces; a new id when a copy of this computer was found).
pub fn run<V: Synced>(
    store: &VaultStore<V>,
    unlocked: &Unlocked,
    config: &mut SyncConfig,
    options: RunOptions,
) -> Result<SyncReport, SyncError> {
    // A save by the app or the CLI between our read and our write makes
    // `save` refuse; run again from the new file.
    exchanging(config, |config| run_retrying(store, unlocked, config, options, None))
}

/// With a git remote: pulls before the run and pushes after it.
fn exchanging(
    config: &mut SyncConfig,
    run: impl FnOnce(&mut SyncConfig) -> Result<SyncReport, SyncError>,
) -> Result<SyncReport, SyncError> {
    if config.git.is_none() {
        return run(config);
    }
    let folder = config.folder.clone();
    // Offline, the run still goes on in the clone: this computer's changes
    // are stamped now, when they were made, and go out with a later push.
    let pulled = super::git::pull(&folder, Some(config));
    let report = run(config)?;
    pulled?;
    super::git::push(&folder, config)?;
    Ok(report)
}

/// Removes a device from the set (see [`super::remove_device`]) and syncs.
pub(crate) fn remove<V: Synced>(
    store: &VaultStore<V>,
    unlocked: &Unlocked,
    config: &mut SyncConfig,
    device: &DeviceId,
) -> Result<SyncReport, SyncError> {
    exchanging(config, |config| run_retrying(store, unlocked, config, RunOptions::default(), Some(device)))
}

fn run_retrying<V: Synced>(
    store: &VaultStore<V>,
    unlocked: &Unlocked,
    config: &mut SyncConfig,
    options: RunOptions,
    removing: Option<&DeviceId>,
) -> Result<SyncReport, SyncError> {
    for _ in 0..3 {
        match run_once(store, unlocked, config, options, removing) {
            Err(SyncError::Vault(VaultError::Conflict { .. })) => continue,
            other => return other,
        }
    }
    run_once(store, unlocked, config, options, removing)
}

fn run_once<V: Synced>(
    store: &VaultStore<V>,
    unlocked: &Unlocked,
    config: &mut SyncConfig,
    options: RunOptions,
    removing: Option<&DeviceId>,
) -> Result<SyncReport, SyncError> {
    let now = options.now_ms.unwrap_or_else(now_ms);
    let vault_path = store.path().to_owned();
    let dir = config.folder.join(SUBFOLDER);
    if !config.folder.is_dir() {
        return Err(SyncError::NotAFolder { path: config.folder.clone() });
    }
    let shared = store.shared_slots(unlocked)?;
    if shared.is_empty() {
        return Err(SyncError::NothingToShare);
    }
    let loaded = store.load(unlocked)?;
    let before = loaded.contents.records()?;
    let mut report = SyncReport::default();

    let previous = own_state::<V>(&vault_path, unlocked, config)?;
    let first_sync = previous.is_none();
    let mut own = previous.unwrap_or_else(|| DeviceState::new(config.device.clone(), config.name.clone()));
    let published = own.clone();
    let mut clock = Clock::new(config.device.clone());
    if let Some(latest) = own.latest_stamp() {
        clock.observe(latest);
    }
    // Local changes. On a first sync there is no record of when they were
    // made, so they are stamped as old as can be: anything another
    // computer wrote wins over them, and what only this vault has comes in.
    report.sent = own.observe::<V>(&before, &mut clock, if first_sync { 0 } else { now });
    if let Some(device) = removing {
        let stamp = clock.tick(now);
        own.removed.entry(device.clone()).or_insert(stamp);
    }
    // This computer's own changes alone, to send should the merge stop and ask.
    let own_changes = own.clone();

    let files = folder::list(&dir, V::SUFFIX)?;
    let mut peers: Vec<DeviceState> = Vec::new();
    let mut merged_copies: Vec<&Found> = Vec::new();
    let mut copy_of_me = false;
    // Whether the folder holds the state this computer last wrote: not when that
    // write failed (a read-only or unmounted folder) or the folder was rolled back.
    let mut published_here = false;
    let mut conflicts: Vec<Conflict> = Vec::new();
    for found in &files {
        let mine = found.device == config.device;
        if mine && !found.conflict_copy {
            // Our own file: only ours unless someone else writes under our id.
            match read_state::<V>(found, unlocked) {
                Ok(state) if !state.nonce.is_empty() && !config.recent_writes.contains(&state.nonce) && !first_sync => {
                    copy_of_me = true;
                    conflicts.extend(own.merge::<V>(&state));
                    peers.push(state);
                }
                Ok(state) => published_here = !state.nonce.is_empty() && state.nonce == published.nonce,
                Err(_) => {}
            }
            continue;
        }
        if own.removed.contains_key(&found.device) && !mine {
            continue;
        }
        match read_state::<V>(found, unlocked) {
            Ok(state) => {
                // When it wrote, by its own clock: its stamps may be another device's, merged.
                if state.written_ms > now + CLOCK_SLACK_MS {
                    let ahead = (state.written_ms - now) / 1000;
                    report.clock_warnings.push(format!(
                        "the clock of {} is {ahead} s ahead of this computer's (or this one is behind): its codes, or these, may be wrong",
                        display_name(&state)
                    ));
                }
                if mine {
                    copy_of_me = true;
                }
                conflicts.extend(own.merge::<V>(&state));
                if found.conflict_copy {
                    merged_copies.push(found);
                }
                report.merged_files += 1;
                peers.push(state);
            }
            // An engine's conflict copy is never written again: "read again next time" would be untrue.
            Err(reason) if found.conflict_copy => report.set_aside.push(SetAside {
                file: found.name.clone(),
                reason: format!(
                    "a conflict copy that cannot be read ({}); nothing of it was merged. Its computer's own \
                     file carries its changes: delete the copy once your computers agree",
                    reason.split(';').next().unwrap_or_default()
                ),
            }),
            Err(reason) => report.set_aside.push(SetAside { file: found.name.clone(), reason }),
        }
    }
    if own.removed.contains_key(&config.device) {
        return Err(SyncError::Removed);
    }
    // Joining: an account this computer and the set both have (added on both
    // before they met) is one account. The set's copy stays, as it would win
    // every field over this computer's, stamped 0 on a first sync.
    let mut before_seen = before.clone();
    if first_sync {
        let mut taken = BTreeSet::new();
        for (id, fields) in &before {
            let twin = own.records.iter().find(|(other, record)| {
                !before.contains_key(*other) && !taken.contains(*other) && record.is_live() && V::same_thing(fields, record)
            });
            if let Some((twin, _)) = twin {
                let twin = twin.clone();
                own.records.remove(id);
                report.linked.push(V::describe(&twin, &fields.0));
                if let Some(fields) = before_seen.remove(id) {
                    before_seen.insert(twin.clone(), fields);
                }
                taken.insert(twin);
            }
        }
    }
    if let Some(latest) = own.latest_stamp().cloned() {
        clock.observe(&latest);
    }
    let peer_refs: Vec<&DeviceState> = peers.iter().collect();
    own.collect_tombstones(&peer_refs, now);

    // The vault as the merge has it; its own renumbering is stamped too, so
    // the state written is exactly the vault saved.
    let mut contents = loaded.contents.clone();
    contents.rebuild(&own.live())?;
    let after = contents.records()?;
    own.observe::<V>(&after, &mut clock, now);

    if let Err(stop) = check_mass_change::<V>(&before_seen, &after, options.allow_mass_change) {
        // Nothing of the merge is applied, but this computer's own edits still go out:
        // the others need not wait for the person to decide here.
        if !first_sync && own_changes.records != published.records {
            write_state::<V>(&vault_path, unlocked, &shared, config, own_changes, now)?;
        }
        return Err(stop);
    }
    report.received = changes::<V>(&before_seen, &after);
    report.conflicts = conflicts.iter().map(|c| note::<V>(c, &own)).collect();

    if before != after {
        report.backup = Some(backup(&vault_path)?);
        store.save(unlocked, &Loaded { contents, info: loaded.info.clone() })?;
    }

    if copy_of_me {
        // Another computer writes under this id (a copied home folder):
        // this one takes a new id; that one keeps the old.
        let new_id = DeviceId::random()?;
        own.device = Some(new_id.clone());
        config.device = new_id.clone();
        config.recent_writes.clear();
        report.new_device_id = Some(new_id);
    }
    // A new name of this computer goes out too (`sync setup DIR --name`).
    let changed = own.records != published.records
        || own.removed != published.removed
        || published.name != config.name
        || copy_of_me;
    if changed || first_sync || !published_here {
        write_state::<V>(&vault_path, unlocked, &shared, config, own, now)?;
    }
    for copy in merged_copies {
        if std::fs::remove_file(&copy.path).is_ok() {
            report.conflict_copies_removed.push(copy.name.clone());
        }
    }
    Ok(report)
}

/// Writes this device's state: to its own copy and its file in the folder.
fn write_state<V: Synced>(
    vault_path: &Path,
    unlocked: &Unlocked,
    shared: &vault::SharedSlots,
    config: &mut SyncConfig,
    mut own: DeviceState,
    now: u64,
) -> Result<(), SyncError> {
    own.format = STATE_FORMAT;
    own.name = config.name.clone();
    own.written_ms = now;
    own.nonce = random_nonce()?;
    let me = Known { name: config.name.clone(), written_ms: now };
    own.devices.insert(config.device.clone(), me);
    let revision = own_revision::<V>(vault_path, unlocked).saturating_add(1);
    let bytes = seal_shared(unlocked, shared, revision, &StateFile::<V>::new(own.clone()))?;
    let name = format!("{}{}", config.device, V::SUFFIX);
    let local = local_state_path::<V>(vault_path);
    // Remembered before it is written, so a file of ours is never taken for a copy's; a
    // write to the folder that fails is made again next time (see `published_here`).
    config.remember_write(own.nonce.clone());
    config.save(vault_path)?;
    folder::write_atomic(local.parent().unwrap_or(Path::new(".")), &format!("self{}", V::SUFFIX), &bytes)?;
    folder::write_atomic(&config.folder.join(SUBFOLDER), &name, &bytes)?;
    Ok(())
}

/// The revision of this device's last state file (0 before the first).
fn own_revision<V: Synced>(vault_path: &Path, unlocked: &Unlocked) -> u64 {
    std::fs::read(local_state_path::<V>(vault_path))
        .ok()
        .and_then(|bytes| open_shared::<StateFile<V>>(&bytes, unlocked).ok())
        .map_or(0, |(revision, _)| revision)
}

fn display_name(state: &DeviceState) -> String {
    match (&state.name, &state.device) {
        (n, _) if !n.is_empty() => format!("'{n}'"),
        (_, Some(d)) => format!("device {d}"),
        _ => "another computer".into(),
    }
}

/// Reads one device's state, or says why it was set aside.
fn read_state<V: Synced>(found: &Found, unlocked: &Unlocked) -> Result<DeviceState, String> {
    let bytes = folder::read(&found.path).map_err(|e| format!("unreadable: {e}"))?;
    let (_, file) = open_shared::<StateFile<V>>(&bytes, unlocked).map_err(|e| match e {
        VaultError::Truncated => "half-synced (cut short); it is read again next time".to_owned(),
        VaultError::AuthenticationFailed => {
            "damaged, or sealed with another key (a device that left before a key change)".to_owned()
        }
        VaultError::DifferentVault => "the state of another Twofold vault: two sets share this folder, and they are not \
                                        merged; give each set a folder of its own (on the other set's computers, \
                                        `twofold sync setup OTHER_DIR`)"
            .to_owned(),
        VaultError::NewerFormat { .. } => "written by a newer Twofold: update this one".to_owned(),
        other => format!("unreadable: {other}"),
    })?;
    let state = file.state;
    if state.format > STATE_FORMAT {
        return Err(format!("state format {} of a newer Twofold: update this one", state.format));
    }
    if state.device.as_ref() != Some(&found.device) {
        return Err("its name and its contents name different devices".into());
    }
    Ok(state)
}

fn check_mass_change<V: Synced>(
    before: &BTreeMap<String, Fields>,
    after: &BTreeMap<String, Fields>,
    allowed: bool,
) -> Result<(), SyncError> {
    let counted = |id: &String| id.starts_with("a:") || id.starts_with("s:");
    let total = before.keys().filter(|id| counted(id)).count();
    let gone: Vec<&String> = before.keys().filter(|id| counted(id) && !after.contains_key(*id)).collect();
    let rekeyed: Vec<&String> = before
        .iter()
        .filter(|(id, fields)| {
            counted(id)
                && after.get(*id).is_some_and(|new| {
                    fields.0.iter().any(|(name, v)| V::is_secret(name) && name != "note" && new.0.get(name) != Some(v))
                })
        })
        .map(|(id, _)| id)
        .collect();
    let (deleted, changed) = (gone.len(), rekeyed.len());
    let touched = deleted + changed;
    if !allowed && touched >= MASS_CHANGE_MIN && touched * MASS_CHANGE_SHARE > total {
        // Named, so the person can tell a mistake on another computer from their own doing.
        const SHOWN: usize = 5;
        let mut names: Vec<String> = gone.iter().chain(&rekeyed).take(SHOWN).map(|id| V::describe(id, &before[*id].0)).collect();
        if touched > SHOWN {
            names.push(format!("{} more", touched - SHOWN));
        }
        return Err(SyncError::MassChange { deleted, changed, total, names: names.join(", ") });
    }
    Ok(())
}

fn changes<V: Synced>(before: &BTreeMap<String, Fields>, after: &BTreeMap<String, Fields>) -> Vec<Change> {
    let mut out = Vec::new();
    let ids: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for id in ids {
        match (before.get(id), after.get(id)) {
            (None, Some(new)) => out.push(Change::Added(V::describe(id, &new.0))),
            (Some(old), None) => out.push(Change::Removed(V::describe(id, &old.0))),
            (Some(old), Some(new)) if old != new => {
                let names: BTreeSet<&String> = old.0.keys().chain(new.0.keys()).collect();
                let fields = names
                    .into_iter()
                    .filter(|n| old.0.get(*n) != new.0.get(*n) && *n != "sort_order")
                    // The secret and what makes the codes travel together as `otp`.
                    .map(|n| if n == "otp" { "secret".to_owned() } else { n.to_string() })
                    .collect::<Vec<_>>();
                // A new place in the list alone is not news.
                if !fields.is_empty() {
                    out.push(Change::Changed(V::describe(id, &new.0), fields));
                }
            }
            _ => {}
        }
    }
    out
}

fn note<V: Synced>(conflict: &Conflict, own: &DeviceState) -> ConflictNote {
    let fields = own.records.get(&conflict.record).map(|r| r.values()).unwrap_or_default();
    note_of::<V>(&conflict.record, &fields, &conflict.lost)
}

/// A lost value as people read it; a secret's values are never shown.
fn note_of<V: Synced>(record: &str, fields: &BTreeMap<String, Value>, lost: &super::Lost) -> ConflictNote {
    let shown = |v: &Value| (!V::is_secret(&lost.field)).then(|| printable(v));
    ConflictNote {
        record: V::describe(record, fields),
        field: lost.field.clone(),
        kept: shown(&lost.kept),
        other: shown(&lost.value),
    }
}

/// The values of one account that lost to an edit made on another computer
/// at the same time (its history, oldest first), as its details show them.
pub fn account_history(
    store: &VaultStore<vault::Contents>,
    unlocked: &Unlocked,
    config: &SyncConfig,
    id: &vault::EntryId,
) -> Result<Vec<ConflictNote>, SyncError> {
    let Some(own) = own_state::<vault::Contents>(store.path(), unlocked, config)? else { return Ok(Vec::new()) };
    let key = super::shape::account_key(id);
    let Some(record) = own.records.get(&key) else { return Ok(Vec::new()) };
    let fields = record.values();
    Ok(record.history.iter().map(|lost| note_of::<vault::Contents>(&key, &fields, lost)).collect())
}

fn printable(value: &Value) -> String {
    match value {
        Value::String(s) => format!("\"{s}\""),
        Value::Null => "nothing".into(),
        other => other.to_string(),
    }
}

/// Copies the vault file into `<vault>.sync/backups/` before a merge changes it.
fn backup(vault_path: &Path) -> Result<PathBuf, SyncError> {
    let dir = SyncConfig::local_dir(vault_path).join("backups");
    std::fs::create_dir_all(&dir).map_err(|e| SyncError::io(&dir, e))?;
    let stem = vault_path.file_name().and_then(|n| n.to_str()).unwrap_or("vault");
    let name = format!("{stem}.{}", now_ms());
    let target = dir.join(&name);
    std::fs::copy(vault_path, &target).map_err(|e| SyncError::io(&target, e))?;
    let mut kept: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| SyncError::io(&dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&format!("{stem}."))))
        .collect();
    kept.sort();
    let excess = kept.len().saturating_sub(BACKUPS_KEPT);
    for old in kept.drain(..excess) {
        let _ = std::fs::remove_file(old);
    }
    Ok(target)
}

/// The folder, the devices and the last sync, from this device's own state.
pub fn status<V: Synced>(
    store: &VaultStore<V>,
    unlocked: &Unlocked,
    config: &SyncConfig,
) -> Result<Status, SyncError> {
    let own = own_state::<V>(store.path(), unlocked, config)?;
    let files = folder::list(&config.folder.join(SUBFOLDER), V::SUFFIX)?;
    let present = |id: &DeviceId| files.iter().any(|f| &f.device == id && !f.conflict_copy);
    let mut known: BTreeMap<DeviceId, Known> = BTreeMap::new();
    let mut removed: BTreeSet<DeviceId> = BTreeSet::new();
    let mut last_sync_ms = None;
    let mut learn = |state: &DeviceState, known: &mut BTreeMap<DeviceId, Known>| {
        removed.extend(state.removed.keys().cloned());
        for (id, k) in &state.devices {
            let newer = known.get(id).is_none_or(|had| had.written_ms < k.written_ms);
            if newer {
                known.insert(id.clone(), k.clone());
            }
        }
    };
    if let Some(own) = &own {
        last_sync_ms = Some(own.written_ms);
        learn(own, &mut known);
    }
    // The folder's files too: a computer that joined since this one last wrote
    // is listed (and can be removed) before this one writes again.
    for found in files.iter().filter(|f| !f.conflict_copy && f.device != config.device) {
        if let Ok(state) = read_state::<V>(found, unlocked) {
            learn(&state, &mut known);
        }
    }
    let mut devices: Vec<DeviceStatus> = known
        .into_iter()
        .filter(|(id, _)| !removed.contains(id))
        .map(|(id, k)| DeviceStatus {
            this_device: id == config.device,
            file_present: present(&id),
            name: if id == config.device { config.name.clone() } else { k.name },
            written_ms: k.written_ms,
            id,
        })
        .collect();
    devices.sort_by_key(|d| (!d.this_device, d.name.clone()));
    Ok(Status { folder: config.folder.clone(), devices, last_sync_ms })
}
