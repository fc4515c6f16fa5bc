//! Sync between two or three computers, scenario by scenario: what a person
//! sees when both edit the same account, when one deletes what the other
//! edits, when files arrive damaged, twice or as conflict copies, and when
//! a home folder was copied to a second computer.

use std::path::{Path, PathBuf};

use twofold_core::backup_codes::{self, BackupCodeSet};
use twofold_core::otp::{Algorithm, Otp};
use twofold_core::sync::{self, Change, JoinWith, RunOptions, SyncConfig, SyncError, SyncReport};
use twofold_core::vault::{
    AddOutcome, BackupCodes, Contents, EntryId, EntryPatch, KdfParams, NewSlot, Unlock, Unlocked, VaultStore,
};
use twofold_core::{Account, Secret};

const CHEAP: KdfParams = KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 };
const PASSWORD: &str = "correct horse battery staple";
const T0: u64 = 1_900_000_000_000;

struct Computer {
    store: VaultStore<Contents>,
    unlocked: Unlocked,
    config: SyncConfig,
}

impl Computer {
    fn sync_at(&mut self, ms: u64) -> Result<SyncReport, SyncError> {
        sync::run(&self.store, &self.unlocked, &mut self.config, RunOptions { now_ms: Some(ms), ..Default::default() })
    }
    fn contents(&self) -> Contents {
        self.store.load(&self.unlocked).unwrap().contents
    }
    fn add(&self, n: u8, hotp: bool) -> EntryId {
        let secret = Secret::from_bytes(vec![n; 20]);
        let otp = if hotp { Otp::hotp(secret, Algorithm::Sha1, 6, 0) } else { Otp::totp(secret, Algorithm::Sha1, 6, 30) };
        let account = Account { issuer: Some(format!("Site{n}")), label: "alice".into(), otp: otp.unwrap() };
        match self.store.update(&self.unlocked, |c| c.add(account, 1)).unwrap() {
            AddOutcome::Added(id) => id,
            AddOutcome::Duplicate(_) => panic!("duplicate"),
        }
    }
    fn edit(&self, id: &EntryId, patch: EntryPatch) {
        self.store.update(&self.unlocked, |c| c.update(id, patch, 2)).unwrap();
    }
    fn file(&self) -> PathBuf {
        self.config.folder.join("twofold").join(format!("{}.tfsync", self.config.device))
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("twofold-sync-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn new_vault(home: &Path) -> (VaultStore<Contents>, Unlocked) {
    let store = VaultStore::<Contents>::new(home.join("vault.twofold"));
    let unlocked =
        store.create(&Contents::default(), &[NewSlot::Password { password: PASSWORD, params: CHEAP }]).unwrap();
    (store, unlocked)
}

/// Two computers sharing one folder (as a sync engine makes it look).
fn pair(name: &str) -> (Computer, Computer, PathBuf) {
    let root = scratch(name);
    let shared = root.join("Sync");
    std::fs::create_dir_all(&shared).unwrap();
    let (store, unlocked) = new_vault(&root.join("desktop"));
    let (unlocked, config, outcome, _) =
        sync::setup(&store, unlocked, &shared, Some("desktop".into()), JoinWith::Nothing, None).unwrap();
    assert!(matches!(outcome, sync::SetupOutcome::Started));
    let a = Computer { store, unlocked, config };
    let (store, unlocked) = new_vault(&root.join("laptop"));
    let how = Unlock::Password(PASSWORD);
    let (unlocked, config, outcome, _) =
        sync::setup(&store, unlocked, &shared, Some("laptop".into()), JoinWith::Secret(&how), None).unwrap();
    assert!(matches!(outcome, sync::SetupOutcome::Joined));
    (a, Computer { store, unlocked, config }, root)
}

#[test]
fn joining_brings_both_computers_accounts_together() {
    let root = scratch("join");
    let shared = root.join("Sync");
    std::fs::create_dir_all(&shared).unwrap();
    let (store, unlocked) = new_vault(&root.join("desktop"));
    let mut a = Computer { store, unlocked, config: placeholder() };
    let github = a.add(1, false);
    let (unlocked, config, _, _) =
        sync::setup(&a.store, a.unlocked, &shared, Some("desktop".into()), JoinWith::Nothing, None).unwrap();
    (a.unlocked, a.config) = (unlocked, config);

    let laptop_home = root.join("laptop");
    std::fs::create_dir_all(&laptop_home).unwrap();
    let other_password = "the laptop's own password";
    let store = VaultStore::<Contents>::new(laptop_home.join("vault.twofold"));
    let unlocked = store
        .create(&Contents::default(), &[NewSlot::Password { password: other_password, params: CHEAP }])
        .unwrap();
    let laptop = Computer { store, unlocked, config: placeholder() };
    let gitlab = laptop.add(2, false);

    // Without the set's password, or with a wrong one, nothing changes.
    let err = sync::setup(&laptop.store, key_again(&laptop, other_password), &shared, None, JoinWith::Nothing, None).unwrap_err();
    assert!(matches!(err, SyncError::JoinNeedsSecret { .. }), "{err}");
    let wrong = Unlock::Password("not it");
    let err =
        sync::setup(&laptop.store, key_again(&laptop, other_password), &shared, None, JoinWith::Secret(&wrong), None).unwrap_err();
    assert!(matches!(err, SyncError::JoinRefused { .. }), "{err}");
    assert_eq!(laptop.contents().len(), 1);

    let how = Unlock::Password(PASSWORD);
    let (unlocked, config, outcome, _) =
        sync::setup(&laptop.store, laptop.unlocked, &shared, Some("laptop".into()), JoinWith::Secret(&how), None)
            .unwrap();
    assert!(matches!(outcome, sync::SetupOutcome::Joined));
    let mut b = Computer { store: laptop.store, unlocked, config };
    assert!(laptop_home.join("vault.twofold.before-join").exists(), "the vault before the join is kept");
    // The laptop's vault now opens with the set's password, and is the same vault.
    let (reopened, _) = b.store.unlock(&Unlock::Password(PASSWORD)).unwrap();
    assert_eq!(reopened.vault_id(), a.unlocked.vault_id());

    let report = a.sync_at(T0).unwrap();
    assert_eq!(report.received, vec![Change::Added("Site2 (alice)".into())]);
    b.sync_at(T0 + 1).unwrap();
    for c in [&a, &b] {
        let contents = c.contents();
        assert!(contents.get(&github).is_some() && contents.get(&gitlab).is_some());
        assert_eq!(contents.len(), 2);
    }
    let status = sync::status(&a.store, &a.unlocked, &a.config).unwrap();
    let names: Vec<_> = status.devices.iter().map(|d| (d.name.as_str(), d.this_device)).collect();
    assert_eq!(names, [("desktop", true), ("laptop", false)]);
}

fn placeholder() -> SyncConfig {
    SyncConfig {
        folder: PathBuf::new(),
        device: sync::DeviceId::parse("0000000000000000").unwrap(),
        name: String::new(),
        recent_writes: Vec::new(),
        git: None,
    }
}

/// The same key again (what a front end holds after unlocking twice).
fn key_again(c: &Computer, password: &str) -> Unlocked {
    c.store.unlock(&Unlock::Password(password)).unwrap().0
}

#[test]
fn the_later_edit_of_a_field_wins_and_the_other_is_reported_and_kept() {
    let (mut a, mut b, _root) = pair("concurrent");
    let id = a.add(3, false);
    a.sync_at(T0).unwrap();
    b.sync_at(T0 + 1_000).unwrap();
    // Both rename it before either syncs; the laptop's is later. The desktop
    // also changes the note, which nobody else touched.
    a.edit(&id, EntryPatch { label: Some("desktop name".into()), note: Some("desk note".into()), ..Default::default() });
    b.edit(&id, EntryPatch { label: Some("laptop name".into()), ..Default::default() });
    a.sync_at(T0 + 10_000).unwrap();
    // Both computers say so, whichever value each had.
    for report in [b.sync_at(T0 + 20_000).unwrap(), a.sync_at(T0 + 30_000).unwrap()] {
        assert_eq!(report.conflicts.len(), 1, "{:?}", report.conflicts);
        let note = report.conflicts[0].to_string();
        assert!(note.contains("kept \"laptop name\"") && note.contains("the other was \"desktop name\""), "{note}");
    }
    for c in [&a, &b] {
        let entry = c.contents().get(&id).cloned().unwrap();
        assert_eq!((entry.label.as_str(), entry.note.as_str()), ("laptop name", "desk note"));
        // The account's history keeps it, on both computers, after the report is gone.
        let history = sync::account_history(&c.store, &c.unlocked, &c.config, &id).unwrap();
        let shown: Vec<String> = history.iter().map(|n| n.to_string()).collect();
        assert_eq!(history.len(), 1, "{shown:?}");
        assert_eq!((history[0].kept.as_deref(), history[0].other.as_deref()), (Some("\"laptop name\""), Some("\"desktop name\"")));
        assert_eq!(history[0].field, "label");
    }
    let other = a.add(4, false);
    assert!(sync::account_history(&a.store, &a.unlocked, &a.config, &other).unwrap().is_empty());
}

#[test]
fn hotp_counters_take_the_highest_and_an_edit_after_a_delete_wins() {
    let (mut a, mut b, _root) = pair("hotp");
    let hotp = a.add(4, true);
    let other = a.add(5, false);
    a.sync_at(T0).unwrap();
    b.sync_at(T0 + 1_000).unwrap();
    for _ in 0..3 {
        a.store.update(&a.unlocked, |c| c.increment_counter(&hotp, 3)).unwrap();
    }
    b.store.update(&b.unlocked, |c| c.increment_counter(&hotp, 3)).unwrap();
    // The desktop deletes an account the laptop then edits.
    a.store.update(&a.unlocked, |c| c.remove(&other).map(|_| ())).unwrap();
    a.sync_at(T0 + 10_000).unwrap();
    b.edit(&other, EntryPatch { note: Some("still needed".into()), ..Default::default() });
    b.sync_at(T0 + 20_000).unwrap();
    a.sync_at(T0 + 30_000).unwrap();
    for c in [&a, &b] {
        let contents = c.contents();
        assert_eq!(contents.get(&hotp).unwrap().otp.counter(), Some(3), "the higher counter wins");
        assert_eq!(contents.get(&other).map(|e| e.note.as_str()), Some("still needed"));
    }
    // A delete after the last edit sticks everywhere.
    b.store.update(&b.unlocked, |c| c.remove(&other).map(|_| ())).unwrap();
    b.sync_at(T0 + 40_000).unwrap();
    let report = a.sync_at(T0 + 50_000).unwrap();
    assert_eq!(report.received, vec![Change::Removed("Site5 (alice)".into())]);
    assert!(a.contents().get(&other).is_none());
}

#[test]
fn damaged_missing_and_duplicate_files_never_delete_anything() {
    let (mut a, mut b, root) = pair("damaged");
    for n in 10..14 {
        a.add(n, false);
    }
    a.sync_at(T0).unwrap();
    b.sync_at(T0 + 1_000).unwrap();
    let good = std::fs::read(a.file()).unwrap();
    // Half-synced: the desktop's file cut short.
    std::fs::write(a.file(), &good[..good.len() / 3]).unwrap();
    let report = b.sync_at(T0 + 2_000).unwrap();
    assert_eq!(report.set_aside.len(), 1, "{:?}", report.set_aside);
    assert!(report.set_aside[0].reason.contains("half-synced"), "{:?}", report.set_aside);
    assert_eq!(b.contents().len(), 4);
    // Gone altogether (an engine that has not delivered it yet).
    std::fs::remove_file(a.file()).unwrap();
    let report = b.sync_at(T0 + 3_000).unwrap();
    assert!(report.received.is_empty());
    assert_eq!(b.contents().len(), 4);
    // Tampered: one flipped byte.
    let mut tampered = good.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    std::fs::write(a.file(), &tampered).unwrap();
    let report = b.sync_at(T0 + 4_000).unwrap();
    assert!(report.set_aside[0].reason.contains("damaged"), "{:?}", report.set_aside);
    assert_eq!(b.contents().len(), 4);
    // The good file again, twice over: nothing changes.
    std::fs::write(a.file(), &good).unwrap();
    let before = b.contents();
    b.sync_at(T0 + 5_000).unwrap();
    b.sync_at(T0 + 6_000).unwrap();
    assert_eq!(b.contents().entries(), before.entries());
    let _ = root;
}

#[test]
fn a_merge_deleting_many_accounts_stops_and_asks() {
    let (mut a, mut b, _root) = pair("mass");
    let ids: Vec<EntryId> = (20..30).map(|n| a.add(n, false)).collect();
    a.sync_at(T0).unwrap();
    b.sync_at(T0 + 1_000).unwrap();
    for id in &ids[..4] {
        a.store.update(&a.unlocked, |c| c.remove(id).map(|_| ())).unwrap();
    }
    a.sync_at(T0 + 2_000).unwrap();
    // The laptop renames one it keeps, then syncs: stopped, but its rename goes out.
    b.edit(&ids[9], EntryPatch { label: Some("kept on the laptop".into()), ..Default::default() });
    let err = b.sync_at(T0 + 3_000).unwrap_err();
    assert!(matches!(err, SyncError::MassChange { deleted: 4, changed: 0, total: 10, .. }), "{err}");
    assert!(err.to_string().contains("Site20 (alice)"), "the accounts are named: {err}");
    assert_eq!(b.contents().len(), 10, "nothing changed");
    a.sync_at(T0 + 3_500).unwrap();
    assert_eq!(a.contents().get(&ids[9]).map(|e| e.label.clone()).as_deref(), Some("kept on the laptop"));
    assert_eq!(a.contents().len(), 6, "and the desktop's deletions stand");
    let options = RunOptions { allow_mass_change: true, now_ms: Some(T0 + 4_000) };
    sync::run(&b.store, &b.unlocked, &mut b.config, options).unwrap();
    assert_eq!(b.contents().len(), 6);
    assert!(std::fs::read_dir(SyncConfig::local_dir(b.store.path()).join("backups")).unwrap().count() >= 1);
}

#[test]
fn a_conflict_copy_is_merged_and_removed_and_a_copied_computer_takes_a_new_id() {
    let (mut a, mut b, root) = pair("copies");
    let id = a.add(40, false);
    a.sync_at(T0).unwrap();
    b.sync_at(T0 + 1_000).unwrap();
    // An engine's conflict copy of the laptop's file, holding an edit.
    b.edit(&id, EntryPatch { note: Some("from the copy".into()), ..Default::default() });
    b.sync_at(T0 + 2_000).unwrap();
    let copy = b.file().with_file_name(format!("{}.sync-conflict-20261202-040411-VE7GMQE.tfsync", b.config.device));
    std::fs::rename(b.file(), &copy).unwrap();
    let report = a.sync_at(T0 + 3_000).unwrap();
    assert_eq!(report.conflict_copies_removed.len(), 1);
    assert!(!copy.exists());
    assert_eq!(a.contents().get(&id).unwrap().note, "from the copy");

    // The laptop's home folder copied to a third computer: same id, same settings.
    let clone_home = root.join("clone");
    std::fs::create_dir_all(&clone_home).unwrap();
    std::fs::copy(b.store.path(), clone_home.join("vault.twofold")).unwrap();
    let sync_dir = SyncConfig::local_dir(b.store.path());
    let clone_sync = SyncConfig::local_dir(&clone_home.join("vault.twofold"));
    std::fs::create_dir_all(&clone_sync).unwrap();
    for entry in std::fs::read_dir(&sync_dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), clone_sync.join(entry.file_name())).unwrap();
        }
    }
    let store = VaultStore::<Contents>::new(clone_home.join("vault.twofold"));
    let (unlocked, _) = store.unlock(&Unlock::Password(PASSWORD)).unwrap();
    let config = SyncConfig::load(store.path()).unwrap().unwrap();
    let mut clone = Computer { store, unlocked, config };
    assert_eq!(clone.config.device, b.config.device);
    clone.edit(&id, EntryPatch { label: Some("made on the clone".into()), ..Default::default() });
    clone.sync_at(T0 + 4_000).unwrap();
    let old_id = b.config.device.clone();
    let report = b.sync_at(T0 + 5_000).unwrap();
    let new_id = report.new_device_id.expect("the laptop notices a second writer of its file");
    assert_ne!(new_id, old_id);
    assert_eq!(b.config.device, new_id);
    assert_eq!(b.contents().get(&id).unwrap().label, "made on the clone", "the clone's edit still came in");
}

#[test]
fn a_backup_code_used_anywhere_stays_used() {
    let root = scratch("codes");
    let shared = root.join("Sync");
    std::fs::create_dir_all(&shared).unwrap();
    let mut set = BackupCodeSet::new("GitHub", 1);
    set.add_codes(backup_codes::parse("aaaa-1111\nbbbb-2222\ncccc-3333").unwrap(), 1).unwrap();
    let mut computers = Vec::new();
    for (i, name) in ["desktop", "laptop"].into_iter().enumerate() {
        let store = VaultStore::<BackupCodes<BackupCodeSet>>::new(root.join(name).join("backup-codes.twofold"));
        let first = if i == 0 { BackupCodes::new(vec![set.clone()]) } else { BackupCodes::default() };
        let unlocked = store.create(&first, &[NewSlot::Password { password: PASSWORD, params: CHEAP }]).unwrap();
        let how = Unlock::Password(PASSWORD);
        let join = if i == 0 { JoinWith::Nothing } else { JoinWith::Secret(&how) };
        let (unlocked, config, _, _) = sync::setup(&store, unlocked, &shared, Some(name.into()), join, None).unwrap();
        computers.push((store, unlocked, config));
    }
    type Codes = (VaultStore<BackupCodes<BackupCodeSet>>, Unlocked, SyncConfig);
    fn run(computers: &mut [Codes], i: usize, ms: u64) {
        let (store, unlocked, config) = &mut computers[i];
        sync::run(store, unlocked, config, RunOptions { now_ms: Some(ms), ..Default::default() }).unwrap();
    }
    run(&mut computers, 0, T0);
    run(&mut computers, 1, T0 + 1_000);
    let mark = |c: &(VaultStore<BackupCodes<BackupCodeSet>>, Unlocked, SyncConfig), index: usize, at: i64| {
        c.0.update(&c.1, |v| {
            v.sets[0].mark_used(index, at).unwrap();
            Ok(())
        })
        .unwrap();
    };
    // Each computer uses a different code before they sync.
    mark(&computers[0], 0, 100);
    mark(&computers[1], 1, 200);
    run(&mut computers, 0, T0 + 2_000);
    run(&mut computers, 1, T0 + 3_000);
    run(&mut computers, 0, T0 + 4_000);
    for c in &computers {
        let sets = c.0.load(&c.1).unwrap().contents.sets;
        let used: Vec<bool> = sets[0].codes().iter().map(|code| code.is_used()).collect();
        assert_eq!(used, [true, true, false], "both uses count on both computers");
    }
}

/// A computer joining with accounts the set already has (the same issuer and
/// secret, added on both before they met) keeps each once, and says so.
#[test]
fn joining_links_the_accounts_both_computers_had() {
    let root = scratch("join-link");
    let shared = root.join("Sync");
    std::fs::create_dir_all(&shared).unwrap();
    let (store, unlocked) = new_vault(&root.join("desktop"));
    let mut a = Computer { store, unlocked, config: placeholder() };
    a.add(1, false);
    a.add(2, true);
    let (unlocked, config, _, _) =
        sync::setup(&a.store, a.unlocked, &shared, Some("desktop".into()), JoinWith::Nothing, None).unwrap();
    (a.unlocked, a.config) = (unlocked, config);

    let (store, unlocked) = new_vault(&root.join("laptop"));
    let laptop = Computer { store, unlocked, config: placeholder() };
    laptop.add(1, false);
    laptop.add(2, true);
    laptop.add(3, false);
    let how = Unlock::Password(PASSWORD);
    let (unlocked, config, _, report) =
        sync::setup(&laptop.store, laptop.unlocked, &shared, Some("laptop".into()), JoinWith::Secret(&how), None).unwrap();
    let mut b = Computer { store: laptop.store, unlocked, config };
    let mut linked = report.linked.clone();
    linked.sort();
    assert_eq!(linked, ["Site1 (alice)", "Site2 (alice)"]);
    assert!(report.received.is_empty(), "nothing came in that was not here: {:?}", report.received);

    a.sync_at(T0).unwrap();
    b.sync_at(T0 + 1).unwrap();
    for c in [&a, &b] {
        let mut names: Vec<_> = c.contents().entries().iter().map(|e| e.issuer.clone().unwrap()).collect();
        names.sort();
        assert_eq!(names, ["Site1", "Site2", "Site3"], "each account once");
    }
}

/// The folder rolled back to an older copy (a restore, Dropbox' rewind), or a
/// write to it that failed: this computer's last state is written again, so
/// its edit reaches the others without another edit to carry it.
#[test]
fn an_edit_whose_file_did_not_stay_in_the_folder_is_sent_again() {
    let (mut a, mut b, _root) = pair("rollback");
    let id = a.add(1, false);
    a.sync_at(T0).unwrap();
    let old = std::fs::read(a.file()).unwrap();
    a.edit(&id, EntryPatch { label: Some("renamed".into()), ..Default::default() });
    a.sync_at(T0 + 1_000).unwrap();
    std::fs::write(a.file(), &old).unwrap();
    a.sync_at(T0 + 2_000).unwrap();
    assert_ne!(std::fs::read(a.file()).unwrap(), old, "the state is written again");
    b.sync_at(T0 + 3_000).unwrap();
    let label = b.contents().get(&id).map(|e| e.label.clone());
    assert_eq!(label.as_deref(), Some("renamed"));
}

/// A computer whose clock is ahead is the one named, not another that merely
/// carries its stamps.
#[test]
fn the_clock_warning_names_the_computer_whose_clock_is_off() {
    let (a, mut b, root) = pair("clock");
    let mut a = a;
    const AHEAD: u64 = 10 * 60 * 1000;
    a.add(1, false);
    a.sync_at(T0 + AHEAD).unwrap();
    let report = b.sync_at(T0).unwrap();
    assert_eq!(report.clock_warnings.len(), 1, "{:?}", report.clock_warnings);
    assert!(report.clock_warnings[0].contains("'desktop'"), "{:?}", report.clock_warnings);

    // A third computer, its clock right, reads both files: only the desktop is off.
    let (store, unlocked) = new_vault(&root.join("tablet"));
    let how = Unlock::Password(PASSWORD);
    let (unlocked, config, _, _) =
        sync::setup(&store, unlocked, &root.join("Sync"), Some("tablet".into()), JoinWith::Secret(&how), None).unwrap();
    let mut c = Computer { store, unlocked, config };
    let report = c.sync_at(T0 + 1_000).unwrap();
    assert!(report.clock_warnings.iter().all(|w| w.contains("'desktop'")), "{:?}", report.clock_warnings);
    assert!(!report.clock_warnings.is_empty());
}

/// The devices a computer lists are those of the folder, not only of its own
/// last write: a computer that just joined can be removed at once; removed, it
/// may join again as a new device; a name two computers share is not guessed.
#[test]
fn devices_are_listed_removed_and_join_again() {
    let (mut a, mut b, root) = pair("devices");
    let status = sync::status(&a.store, &a.unlocked, &a.config).unwrap();
    let names: Vec<_> = status.devices.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["desktop", "laptop"], "the laptop is listed before the desktop writes again");

    sync::remove_device(&a.store, &a.unlocked, &mut a.config, "laptop").unwrap();
    assert!(matches!(b.sync_at(T0), Err(SyncError::Removed)));
    let old_id = b.config.device.clone();
    let how = Unlock::Password(PASSWORD);
    let (unlocked, config, _, _) =
        sync::setup(&b.store, key_again(&b, PASSWORD), &root.join("Sync"), None, JoinWith::Secret(&how), None).unwrap();
    (b.unlocked, b.config) = (unlocked, config);
    assert_ne!(b.config.device, old_id, "back as a new device");
    let id = b.add(7, false);
    b.sync_at(T0 + 1_000).unwrap();
    a.sync_at(T0 + 2_000).unwrap();
    assert!(a.contents().get(&id).is_some(), "its changes come in again");

    // The laptop renamed "desktop" (a copied home folder, say): its new name goes out, and
    // removing by that name asks for an id.
    let mut c = b;
    c.config.name = "desktop".into();
    c.sync_at(T0 + 3_000).unwrap();
    let status = sync::status(&a.store, &a.unlocked, &a.config).unwrap();
    assert_eq!(status.devices.iter().filter(|d| d.name == "desktop").count(), 2, "{:?}", status.devices);
    let err = sync::remove_device(&a.store, &a.unlocked, &mut a.config, "desktop").unwrap_err();
    assert!(matches!(err, SyncError::AmbiguousDevice { .. }), "{err}");
    assert!(err.to_string().contains(c.config.device.as_str()), "{err}");
    let err = sync::remove_device(&a.store, &a.unlocked, &mut a.config, c.config.device.as_str());
    assert!(err.is_ok(), "by id it is clear");
}
