//! Following a phone's Aegis automatic backups, scenario by scenario.
//!
//! The backups are written by our own writer, `tests/data/aegis-follow/write_backups.py`
//! (Python's `cryptography`, from Aegis' `docs/vault.md`; nothing of Twofold's
//! reader), and put into a folder under the names Aegis gives them, with
//! the modification times a sync engine would. After every run the folder
//! must be exactly as it was: Aegis counts and deletes the files there.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use twofold_core::otp::{Algorithm, Otp};
use twofold_core::sync::aegis::{self, AegisError, FollowOptions, FollowReport};
use twofold_core::sync::{self, JoinWith, RunOptions, Synced};
use twofold_core::vault::{Contents, Entry, EntryPatch, KdfParams, NewSlot, Unlock, Unlocked, VaultStore};
use twofold_core::{Account, Secret};

const CHEAP: KdfParams = KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 };
const VAULT_PASSWORD: &str = "desktop vault password";
/// The time codes are checked at (see `expected.json`).
const T: u64 = 1_900_000_000;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/aegis-follow").join(name)
}

fn expected() -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(data("expected.json")).unwrap()).unwrap()
}

fn password(which: &str) -> String {
    expected()["passwords"][which].as_str().unwrap().to_owned()
}

fn code(which: &str) -> String {
    expected()["codes"][which].as_str().unwrap().to_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("twofold-aegis-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The phone's backup folder, as synced to this computer, and what it must hold.
struct Phone {
    dir: PathBuf,
    expected: BTreeMap<String, (Vec<u8>, SystemTime)>,
}

impl Phone {
    fn new(root: &Path) -> Self {
        let dir = root.join("Aegis");
        std::fs::create_dir_all(&dir).unwrap();
        Phone { dir, expected: BTreeMap::new() }
    }

    /// Writes `bytes` as `name`, modified `minute` minutes into the test's day.
    fn write(&mut self, name: &str, bytes: &[u8], minute: u64) {
        let path = self.dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let mtime = UNIX_EPOCH + Duration::from_secs(1_893_456_000 + minute * 60);
        std::fs::File::options().write(true).open(&path).unwrap().set_modified(mtime).unwrap();
        let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
        self.expected.insert(name.to_owned(), (bytes.to_vec(), mtime));
    }

    /// Aegis writes the fixture `fixture` as its backup of `stamp` (`HHMMSS` on 2030-01-01).
    fn backup(&mut self, fixture: &str, stamp: &str) -> String {
        let name = format!("aegis-backup-20300101-{stamp}.json");
        let minute = stamp[..2].parse::<u64>().unwrap() * 60 + stamp[2..4].parse::<u64>().unwrap();
        self.write(&name, &std::fs::read(data(fixture)).unwrap(), minute);
        name
    }

    /// Aegis prunes a backup.
    fn prune(&mut self, name: &str) {
        std::fs::remove_file(self.dir.join(name)).unwrap();
        self.expected.remove(name);
    }

    /// The folder holds exactly what the phone put there, byte for byte.
    fn assert_untouched(&self) {
        let mut found = BTreeMap::new();
        for entry in std::fs::read_dir(&self.dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            let mtime = entry.metadata().unwrap().modified().unwrap();
            found.insert(name, (std::fs::read(entry.path()).unwrap(), mtime));
        }
        assert_eq!(found.keys().collect::<Vec<_>>(), self.expected.keys().collect::<Vec<_>>(), "files in the folder");
        assert!(found == self.expected, "a file in the Aegis folder changed");
    }
}

/// A desktop's accounts vault.
struct Desktop {
    store: VaultStore<Contents>,
    unlocked: Unlocked,
}

impl Desktop {
    fn new(root: &Path, name: &str) -> Self {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let store = VaultStore::<Contents>::new(dir.join("vault.twofold"));
        let unlocked = store
            .create(&Contents::default(), &[NewSlot::Password { password: VAULT_PASSWORD, params: CHEAP }])
            .unwrap();
        Desktop { store, unlocked }
    }

    fn contents(&self) -> Contents {
        self.store.load(&self.unlocked).unwrap().contents
    }

    fn vault_bytes(&self) -> Vec<u8> {
        std::fs::read(self.store.path()).unwrap()
    }

    fn setup(&self, phone: &Phone, password: &str) -> Result<FollowReport, AegisError> {
        let result = (|| {
            let prepared = aegis::prepare_setup(&phone.dir)?;
            let key = prepared.unlock(password)?;
            aegis::setup(&self.store, &self.unlocked, &prepared, key, at(T))
        })();
        phone.assert_untouched();
        result
    }

    fn follow(&self, phone: &Phone) -> Result<FollowReport, AegisError> {
        self.follow_with(phone, at(T))
    }

    fn follow_with(&self, phone: &Phone, options: FollowOptions) -> Result<FollowReport, AegisError> {
        let result = aegis::follow(&self.store, &self.unlocked, options);
        phone.assert_untouched();
        result
    }

    fn entry(&self, issuer: &str) -> Entry {
        let contents = self.contents();
        let found: Vec<&Entry> = contents.entries().iter().filter(|e| e.issuer.as_deref() == Some(issuer)).collect();
        assert_eq!(found.len(), 1, "one {issuer} account: {:?}", issuers(&contents));
        found[0].clone()
    }

    fn has(&self, issuer: &str) -> bool {
        self.contents().entries().iter().any(|e| e.issuer.as_deref() == Some(issuer))
    }
}

fn at(now: u64) -> FollowOptions {
    FollowOptions { now: Some(now), ..Default::default() }
}

fn accepting() -> FollowOptions {
    FollowOptions { accept_removals: true, now: Some(T) }
}

fn issuers(contents: &Contents) -> Vec<String> {
    let mut names: Vec<String> = contents.entries().iter().map(|e| e.issuer.clone().unwrap_or_default()).collect();
    names.sort();
    names
}

fn sorted(names: &[String]) -> Vec<&str> {
    let mut v: Vec<&str> = names.iter().map(String::as_str).collect();
    v.sort();
    v
}

#[test]
fn first_setup_takes_every_account_in_with_the_right_codes() {
    let root = scratch("first");
    let mut phone = Phone::new(&root);
    let file = phone.backup("v1.json", "100000");
    let desk = Desktop::new(&root, "desktop");

    let wrong = desk.setup(&phone, "not the password");
    assert!(matches!(&wrong, Err(AegisError::WrongPassword { file: f }) if *f == file), "{wrong:?}");
    assert!(wrong.unwrap_err().to_string().contains("separate password for backups"));
    assert!(desk.contents().aegis.is_none(), "a wrong password keeps nothing");

    let report = desk.setup(&phone, &password("phone")).unwrap();
    assert_eq!(report.taken.as_deref(), Some(file.as_str()));
    assert_eq!(sorted(&report.added), ["Bank: alice", "GitHub: alice@example.com", "Google: alice@gmail.com", "Steam: alice"]);
    assert!(report.linked.is_empty() && report.removal_flagged.is_empty() && !report.new_vault);
    // The Yandex entry has a 10-byte secret, not a Yandex one (16 or 26 bytes): reported, not
    // taken, and not a removal later.
    assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
    assert_eq!(report.skipped[0].account, "Yandex: alice");

    assert_eq!(desk.entry("GitHub").otp.code_at(T), code("GitHub"));
    assert_eq!(desk.entry("Google").otp.code_at(T), code("Google"));
    assert_eq!(desk.entry("Bank").otp.code_at(T), code("Bank@5"));
    assert_eq!(desk.entry("Steam").otp.code_at(T), code("Steam"));
    let github = desk.entry("GitHub");
    assert_eq!((github.label.as_str(), github.note.as_str(), github.favourite), ("alice@example.com", "main account", true));
    assert_eq!(github.tags, ["Work"]);
    assert_eq!(desk.entry("Bank").tags, ["Money"]);

    let contents = desk.contents();
    let follow = contents.aegis.as_ref().unwrap();
    assert_eq!(follow.folder, std::fs::canonicalize(&phone.dir).unwrap());
    assert_eq!(follow.last.as_ref().unwrap().file, file);
    assert_eq!(follow.snapshot.len(), 4);
    // The master key is in the vault, never in what can be printed.
    let key = expected()["master_key_1"].as_str().unwrap().to_owned();
    let shown = format!("{contents:?} {report:?}");
    assert!(!shown.contains(&key) && !shown.contains("JBSWY3DP"), "Debug shows a secret");
    assert!(serde_json::to_string(&contents).unwrap().contains(&key), "the key is kept in the vault");

    // Idempotent: the same file again changes nothing, not even the vault file.
    let before = desk.vault_bytes();
    let again = desk.follow(&phone).unwrap();
    assert!(again.up_to_date && again.taken.is_none() && !again.changed_accounts(), "{again:?}");
    assert_eq!(desk.vault_bytes(), before, "an up-to-date run saves nothing");
    let status = aegis::status(&desk.contents()).unwrap();
    assert_eq!(status.last.unwrap().file, file);
    assert!(!status.newer_waiting && status.pending_removals.is_empty());
    assert_eq!(status.newest_in_folder.as_deref(), Some(file.as_str()));
}

#[test]
fn a_later_backup_adds_updates_and_only_flags_removals() {
    let root = scratch("later");
    let mut phone = Phone::new(&root);
    phone.backup("v1.json", "100000");
    let desk = Desktop::new(&root, "desktop");
    desk.setup(&phone, &password("phone")).unwrap();
    // An edit on this computer, to a field the phone does not change next.
    let google = desk.entry("Google");
    desk.store
        .update(&desk.unlocked, |c| {
            c.update(google.id(), EntryPatch { label: Some("me@gmail".into()), ..Default::default() }, 5)
        })
        .unwrap();

    let v2 = phone.backup("v2.json", "110000");
    assert!(aegis::status(&desk.contents()).unwrap().newer_waiting);
    // --accept-removals accepts only what an earlier run reported: Steam's removal is new here.
    let report = desk.follow_with(&phone, accepting()).unwrap();
    assert_eq!(report.taken.as_deref(), Some(v2.as_str()));
    assert_eq!(report.added, ["Dropbox: alice"]);
    let updated: Vec<(&str, &[&str])> = report.updated.iter().map(|u| (u.account.as_str(), &u.fields[..])).collect();
    assert_eq!(updated, [("GitHub: alice@work.example", &["name", "note", "groups"][..]), ("Bank: alice", &["counter"][..])]);
    assert_eq!(report.removal_flagged, ["Steam: alice"]);
    assert_eq!(report.pending_removals, ["Steam: alice"]);
    assert!(report.removed.is_empty(), "a removal is never deleted in the run that finds it");
    assert!(desk.has("Steam"), "flagged, not deleted");

    let github = desk.entry("GitHub");
    assert_eq!((github.label.as_str(), github.note.as_str()), ("alice@work.example", "work account"));
    assert_eq!(github.tags, ["Work", "Dev"]);
    assert_eq!(github.otp.code_at(T), code("GitHub"), "the secret is unchanged");
    assert_eq!(desk.entry("Bank").otp.code_at(T), code("Bank@9"));
    assert_eq!(desk.entry("Bank").otp.counter(), Some(9));
    assert_eq!(desk.entry("Dropbox").otp.code_at(T), code("Dropbox"));
    assert_eq!(desk.entry("Google").label, "me@gmail", "this computer's edit stays");

    // Again: nothing new, still pending.
    let again = desk.follow(&phone).unwrap();
    assert!(again.up_to_date && !again.changed_accounts());
    assert_eq!(again.pending_removals, ["Steam: alice"]);
    let status = aegis::status(&desk.contents()).unwrap();
    assert_eq!(status.pending_removals.len(), 1);
    assert_eq!(status.pending_removals[0].since, v2);

    // The person agrees.
    let accepted = desk.follow_with(&phone, accepting()).unwrap();
    assert_eq!(accepted.removed, ["Steam: alice"]);
    assert!(accepted.pending_removals.is_empty());
    assert!(!desk.has("Steam"));
    assert_eq!(issuers(&desk.contents()), ["Bank", "Dropbox", "GitHub", "Google"]);
    assert!(aegis::status(&desk.contents()).unwrap().pending_removals.is_empty());
}

#[test]
fn the_phones_password_changed_and_no_password_is_needed() {
    let root = scratch("password");
    let mut phone = Phone::new(&root);
    phone.backup("v1.json", "100000");
    let desk = Desktop::new(&root, "desktop");
    desk.setup(&phone, &password("phone")).unwrap();
    let v3 = phone.backup("v3-password-changed.json", "120000");
    let report = desk.follow(&phone).unwrap();
    assert_eq!(report.taken.as_deref(), Some(v3.as_str()));
    assert_eq!(desk.entry("Google").note, "personal");
    assert!(report.added.contains(&"Dropbox: alice".to_owned()));
}

#[test]
fn encryption_turned_on_again_asks_for_setup_and_changes_nothing() {
    let root = scratch("rekey");
    let mut phone = Phone::new(&root);
    phone.backup("v1.json", "100000");
    let desk = Desktop::new(&root, "desktop");
    desk.setup(&phone, &password("phone")).unwrap();
    let v4 = phone.backup("v4-new-key.json", "130000");
    let before = desk.vault_bytes();
    let err = desk.follow(&phone).unwrap_err();
    assert!(matches!(&err, AegisError::KeyChanged { file, .. } if *file == v4), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("twofold sync aegis setup") && message.contains("Nothing was changed"), "{message}");
    assert_eq!(desk.vault_bytes(), before, "nothing changed");
    // Status still works and says a backup waits.
    assert!(aegis::status(&desk.contents()).unwrap().newer_waiting);

    // Setup again with the backup password: what was taken stays linked.
    let report = desk.setup(&phone, &password("new")).unwrap();
    assert_eq!(report.taken.as_deref(), Some(v4.as_str()));
    assert_eq!(report.added, ["Dropbox: alice"]);
    assert_eq!(report.removal_flagged, ["Steam: alice"]);
    assert!(!report.new_vault);
    assert_eq!(desk.entry("Google").note, "personal");
    assert_eq!(desk.contents().len(), 5, "no account twice: {:?}", issuers(&desk.contents()));
}

#[test]
fn a_half_written_backup_is_set_aside_and_retried() {
    let root = scratch("half");
    let mut phone = Phone::new(&root);
    phone.backup("v1.json", "100000");
    let desk = Desktop::new(&root, "desktop");
    desk.setup(&phone, &password("phone")).unwrap();

    // Only a half-written newer file: reported, nothing changes, nothing deleted.
    let half = format!("aegis-backup-20300101-{}.json", "120000");
    let full = std::fs::read(data("v3-password-changed.json")).unwrap();
    phone.write(&half, &std::fs::read(data("half-written.json")).unwrap(), 12 * 60);
    let before = desk.vault_bytes();
    let report = desk.follow(&phone).unwrap();
    assert_eq!(report.set_aside.len(), 1, "{report:?}");
    assert_eq!(report.set_aside[0].file, half);
    assert!(report.set_aside[0].reason.contains("cut short"), "{}", report.set_aside[0].reason);
    assert!(report.taken.is_none() && !report.up_to_date && !report.changed_accounts());
    assert!(report.removal_flagged.is_empty());
    assert_eq!(desk.vault_bytes(), before);
    assert_eq!(desk.contents().len(), 4);

    // An older backup not yet taken is taken meanwhile.
    let v2 = phone.backup("v2.json", "110000");
    let report = desk.follow(&phone).unwrap();
    assert_eq!(report.taken.as_deref(), Some(v2.as_str()));
    assert_eq!(report.set_aside.len(), 1);
    assert_eq!(report.added, ["Dropbox: alice"]);

    // The file is complete now: taken on the next run.
    phone.write(&half, &full, 12 * 60 + 1);
    let report = desk.follow(&phone).unwrap();
    assert_eq!(report.taken.as_deref(), Some(half.as_str()));
    assert!(report.set_aside.is_empty());
    assert_eq!(desk.entry("Google").note, "personal");
}

#[test]
fn garbage_and_a_file_cut_to_nothing_are_set_aside() {
    let root = scratch("garbage");
    let mut phone = Phone::new(&root);
    phone.backup("v1.json", "100000");
    let desk = Desktop::new(&root, "desktop");
    desk.setup(&phone, &password("phone")).unwrap();
    phone.write("aegis-backup-20300101-110000.json", b"", 11 * 60);
    phone.write("aegis-backup-20300101-120000.json", b"\x00\xffnot json at all", 12 * 60);
    // Not Aegis' names: ignored altogether.
    phone.write(".syncthing.aegis-backup-20300101-130000.json.tmp", b"{", 13 * 60);
    phone.write("aegis-backup-20300101-100000.sync-conflict-20300101-101010-ABCDEFG.json", b"{", 13 * 60);
    phone.write("notes.txt", b"hello", 13 * 60);
    let report = desk.follow(&phone).unwrap();
    let files: Vec<&str> = report.set_aside.iter().map(|s| s.file.as_str()).collect();
    assert_eq!(files, ["aegis-backup-20300101-120000.json", "aegis-backup-20300101-110000.json"]);
    assert_eq!(desk.contents().len(), 4);
    assert!(report.pending_removals.is_empty());
}

#[test]
fn backups_pruned_by_aegis_are_fine() {
    let root = scratch("pruned");
    let mut phone = Phone::new(&root);
    let first = phone.backup("v1.json", "100000");
    let desk = Desktop::new(&root, "desktop");
    desk.setup(&phone, &password("phone")).unwrap();
    // Offline for a while: Aegis wrote two backups and pruned the older ones.
    phone.prune(&first);
    let v2 = phone.backup("v2.json", "110000");
    let v3 = phone.backup("v3-password-changed.json", "120000");
    phone.prune(&v2);
    let report = desk.follow(&phone).unwrap();
    assert_eq!(report.taken.as_deref(), Some(v3.as_str()));
    assert_eq!(report.added, ["Dropbox: alice"]);
    assert_eq!(report.removal_flagged, ["Steam: alice"]);
    assert_eq!(desk.entry("Google").note, "personal");
    assert_eq!(desk.entry("Bank").otp.counter(), Some(9));
    // Every file pruned: a clear message, nothing removed.
    phone.prune(&v3);
    let err = desk.follow(&phone).unwrap_err();
    assert!(matches!(err, AegisError::NoBackups { .. }), "{err:?}");
    assert!(err.to_string().contains("nothing was changed"));
    assert!(desk.has("Steam") && desk.has("GitHub"));
}

#[test]
fn an_account_already_here_is_linked_not_duplicated() {
    let root = scratch("link");
    let mut phone = Phone::new(&root);
    phone.backup("v1.json", "100000");
    let desk = Desktop::new(&root, "desktop");
    // The person had added GitHub on the desktop from its QR code.
    let secret = Secret::from_base32_lenient("JBSWY3DPEHPK3PXP").unwrap();
    let account =
        Account { issuer: Some("GitHub".into()), label: "alice (desktop)".into(), otp: Otp::totp(secret, Algorithm::Sha1, 6, 30).unwrap() };
    desk.store.update(&desk.unlocked, |c| c.add(account, 1)).unwrap();
    let original = *desk.entry("GitHub").id();

    let report = desk.setup(&phone, &password("phone")).unwrap();
    assert_eq!(report.linked, ["GitHub: alice@example.com"]);
    assert_eq!(report.added.len(), 3);
    assert_eq!(desk.contents().len(), 4, "{:?}", issuers(&desk.contents()));
    let github = desk.entry("GitHub");
    assert_eq!(*github.id(), original);
    assert_eq!(github.label, "alice (desktop)", "linking changes nothing here");

    // What the phone changes later reaches the linked account.
    phone.backup("v2.json", "110000");
    let report = desk.follow(&phone).unwrap();
    assert_eq!(report.updated[0].account, "GitHub: alice@work.example");
    assert_eq!(desk.entry("GitHub").label, "alice@work.example");
    assert_eq!(*desk.entry("GitHub").id(), original);
}

#[test]
fn a_vault_imported_again_is_a_new_vault_and_deletes_nothing() {
    let root = scratch("reimport");
    let mut phone = Phone::new(&root);
    phone.backup("v1.json", "100000");
    let desk = Desktop::new(&root, "desktop");
    desk.setup(&phone, &password("phone")).unwrap();
    phone.backup("reimported.json", "110000");
    let report = desk.follow_with(&phone, accepting()).unwrap();
    assert!(report.new_vault, "{report:?}");
    assert_eq!(sorted(&report.linked), ["Bank: alice", "GitHub: alice@work.example", "Google: alice@gmail.com"]);
    assert_eq!(sorted(&report.added), ["Dropbox: alice", "GitLab: bob"]);
    assert!(report.removal_flagged.is_empty() && report.removed.is_empty() && report.pending_removals.is_empty());
    assert_eq!(report.left_behind, ["Steam: alice"]);
    assert_eq!(issuers(&desk.contents()), ["Bank", "Dropbox", "GitHub", "GitLab", "Google", "Steam"]);
}

#[test]
fn a_reinstalled_phone_needs_setup_and_is_a_new_vault() {
    let root = scratch("reinstall");
    let mut phone = Phone::new(&root);
    phone.backup("v1.json", "100000");
    let desk = Desktop::new(&root, "desktop");
    desk.setup(&phone, &password("phone")).unwrap();
    phone.backup("reinstalled.json", "110000");
    assert!(matches!(desk.follow(&phone), Err(AegisError::KeyChanged { .. })));
    let report = desk.setup(&phone, &password("phone")).unwrap();
    assert!(report.new_vault);
    assert_eq!(report.linked.len(), 3);
    assert!(report.removal_flagged.is_empty());
    assert_eq!(desk.contents().len(), 6);
}

#[test]
fn bad_folders_and_files_are_clear_errors() {
    let root = scratch("bad");
    let mut phone = Phone::new(&root);
    let desk = Desktop::new(&root, "desktop");
    // Not set up.
    assert!(matches!(desk.follow(&phone), Err(AegisError::NotSetUp)));
    // No such folder; an empty folder.
    assert!(matches!(aegis::prepare_setup(&root.join("nowhere")), Err(AegisError::NotAFolder { .. })));
    assert!(matches!(aegis::prepare_setup(&phone.dir), Err(AegisError::NoBackups { .. })));
    // Only a half-written file.
    phone.write("aegis-backup-20300101-090000.json", &std::fs::read(data("half-written.json")).unwrap(), 9 * 60);
    let err = aegis::prepare_setup(&phone.dir).unwrap_err();
    assert!(matches!(&err, AegisError::NothingReadable { set_aside, .. } if set_aside.len() == 1), "{err:?}");
    // A plain backup; a newer Aegis.
    phone.write("aegis-backup-20300101-091000.json", &std::fs::read(data("plain.json")).unwrap(), 9 * 60 + 10);
    assert!(matches!(aegis::prepare_setup(&phone.dir), Err(AegisError::NotEncrypted { .. })));
    phone.write("aegis-backup-20300101-092000.json", &std::fs::read(data("newer-file-version.json")).unwrap(), 9 * 60 + 20);
    let err = aegis::prepare_setup(&phone.dir).unwrap_err();
    assert!(matches!(&err, AegisError::NewerVersion { found, .. } if found == "2"), "{err:?}");
    assert!(err.to_string().contains("update Twofold"));
    for name in ["aegis-backup-20300101-090000.json", "aegis-backup-20300101-091000.json", "aegis-backup-20300101-092000.json"] {
        phone.prune(name);
    }
    phone.assert_untouched();

    // Followed, then: newer contents, a plain file, the folder gone.
    phone.backup("v1.json", "100000");
    desk.setup(&phone, &password("phone")).unwrap();
    let before = desk.vault_bytes();
    let newer = phone.backup("newer-content-version.json", "110000");
    assert!(matches!(desk.follow(&phone), Err(AegisError::NewerVersion { file, .. }) if file == newer));
    phone.prune(&newer);
    let plain = phone.backup("plain.json", "110000");
    assert!(matches!(desk.follow(&phone), Err(AegisError::NotEncrypted { file }) if file == plain));
    phone.prune(&plain);
    assert_eq!(desk.vault_bytes(), before, "refused files change nothing");
    let moved = root.join("Aegis-unmounted");
    std::fs::rename(&phone.dir, &moved).unwrap();
    let err = aegis::follow(&desk.store, &desk.unlocked, at(T)).unwrap_err();
    assert!(matches!(err, AegisError::FolderMissing { .. }), "{err:?}");
    assert!(matches!(aegis::status(&desk.contents()), Ok(s) if !s.folder_present));
    std::fs::rename(&moved, &phone.dir).unwrap();
    assert_eq!(desk.vault_bytes(), before);
    assert_eq!(desk.contents().len(), 4);
}

#[test]
fn every_password_slot_is_tried_at_setup() {
    let root = scratch("slots");
    let mut phone = Phone::new(&root);
    phone.backup("two-slots.json", "100000");
    for (i, which) in ["backup", "main"].into_iter().enumerate() {
        let desk = Desktop::new(&root, &format!("desktop{i}"));
        let report = desk.setup(&phone, &password(which)).unwrap();
        assert_eq!(report.added.len(), 4, "{which}");
    }
    let desk = Desktop::new(&root, "desktop-wrong");
    assert!(matches!(desk.setup(&phone, &password("phone")), Err(AegisError::WrongPassword { .. })));
}

#[test]
fn single_backup_mode_rewrites_one_file_in_place() {
    let root = scratch("single");
    let mut phone = Phone::new(&root);
    phone.write("aegis-backup.json", &std::fs::read(data("v1.json")).unwrap(), 60);
    let desk = Desktop::new(&root, "desktop");
    assert_eq!(desk.setup(&phone, &password("phone")).unwrap().added.len(), 4);
    // Being rewritten (not atomically): set aside.
    phone.write("aegis-backup.json", &std::fs::read(data("half-written.json")).unwrap(), 61);
    let report = desk.follow(&phone).unwrap();
    assert_eq!(report.set_aside.len(), 1);
    assert_eq!(desk.contents().len(), 4);
    phone.write("aegis-backup.json", &std::fs::read(data("v2.json")).unwrap(), 62);
    let report = desk.follow(&phone).unwrap();
    assert_eq!(report.taken.as_deref(), Some("aegis-backup.json"));
    assert_eq!(report.added, ["Dropbox: alice"]);
    assert!(desk.follow(&phone).unwrap().up_to_date);

    // A file of another name, given as the file itself.
    let root = scratch("single-named");
    let mut phone = Phone::new(&root);
    phone.write("my-aegis.json", &std::fs::read(data("v1.json")).unwrap(), 60);
    phone.backup("v2.json", "000000"); // an older versioned file is passed over by time
    let desk = Desktop::new(&root, "desktop");
    let prepared = aegis::prepare_setup(&phone.dir.join("my-aegis.json")).unwrap();
    assert_eq!(prepared.file(), "my-aegis.json");
    let key = prepared.unlock(&password("phone")).unwrap();
    let report = aegis::setup(&desk.store, &desk.unlocked, &prepared, key, at(T)).unwrap();
    assert_eq!(report.taken.as_deref(), Some("my-aegis.json"));
    phone.assert_untouched();
}

#[test]
fn two_desktops_following_one_phone_make_the_same_accounts() {
    let root = scratch("two");
    let mut phone = Phone::new(&root);
    phone.backup("v1.json", "100000");
    let a = Desktop::new(&root, "a");
    let b = Desktop::new(&root, "b");
    a.setup(&phone, &password("phone")).unwrap();
    b.setup(&phone, &password("phone")).unwrap();
    let ids = |d: &Desktop| {
        let mut ids: Vec<String> = d.contents().entries().iter().map(|e| e.id().to_string()).collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&a), ids(&b), "the same ids: sync merges them");
    let key = expected()["master_key_1"].as_str().unwrap().to_owned();
    assert!(ids(&a).iter().all(|id| !key.contains(id.as_str())), "ids are not the key");
}

#[test]
fn the_follow_state_stays_on_this_computer() {
    let root = scratch("local");
    let mut phone = Phone::new(&root);
    phone.backup("v1.json", "100000");
    let desk = Desktop::new(&root, "desktop");
    desk.setup(&phone, &password("phone")).unwrap();
    let key = expected()["master_key_1"].as_str().unwrap().to_owned();

    // None of the synced records holds it.
    let records = desk.contents().records().unwrap();
    let text = serde_json::to_string(&records.iter().map(|(k, f)| (k.clone(), f.0.clone())).collect::<BTreeMap<_, _>>())
        .unwrap();
    assert!(!text.contains(&key) && !text.contains("aegis_follow") && !text.contains("snapshot"), "{text}");
    assert_eq!(records.keys().filter(|k| k.starts_with("a:")).count(), 4, "the accounts do sync");

    // Sync with a laptop: the accounts go over, the follow state does not, and stays here.
    let shared = root.join("Sync");
    std::fs::create_dir_all(&shared).unwrap();
    let options = RunOptions { now_ms: Some(T * 1000), ..Default::default() };
    let unlocked = desk.store.unlock(&Unlock::Password(VAULT_PASSWORD)).unwrap().0;
    sync::setup(&desk.store, unlocked, &shared, Some("desktop".into()), JoinWith::Nothing, None).unwrap();
    let laptop = Desktop::new(&root, "laptop");
    let how = Unlock::Password(VAULT_PASSWORD);
    let (laptop_unlocked, mut config, _, _) =
        sync::setup(&laptop.store, laptop.unlocked, &shared, Some("laptop".into()), JoinWith::Secret(&how), None).unwrap();
    sync::run(&laptop.store, &laptop_unlocked, &mut config, options).unwrap();
    let on_laptop = laptop.store.load(&laptop_unlocked).unwrap().contents;
    assert_eq!(on_laptop.len(), 4);
    assert!(on_laptop.aegis.is_none(), "the follow state is not synced");
    for entry in std::fs::read_dir(shared.join("twofold")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains(&key));
    }
    let contents = desk.contents();
    assert!(contents.aegis.is_some(), "kept here through sync");
    phone.assert_untouched();
}

#[test]
fn vaults_without_the_field_open_and_unknown_fields_are_kept() {
    let old: Contents = serde_json::from_str(r#"{"accounts":[],"settings":{}}"#).unwrap();
    assert!(old.aegis.is_none());
    assert!(!serde_json::to_string(&old).unwrap().contains("aegis"));
    let text = r#"{"accounts":[],"settings":{},"aegis_follow":{"folder":"/phone","master_key":"3d37b2da27e09d7a76da73919db787866c0c1cca05931ec160a71fbd14c1c17f","set_up_at":1,"snapshot":{},"pending_removals":[],"from_the_future":[1,2]}}"#;
    let contents: Contents = serde_json::from_str(text).unwrap();
    assert_eq!(contents.aegis.as_ref().unwrap().folder, Path::new("/phone"));
    let back = serde_json::to_string(&contents).unwrap();
    assert!(back.contains(r#""from_the_future":[1,2]"#), "{back}");
    assert!(!format!("{contents:?}").contains("3d37b2da"));
    let bad = text.replace("3d37b2da", "zz37b2da");
    let err = serde_json::from_str::<Contents>(&bad).unwrap_err().to_string();
    assert!(!err.contains("37b2da"), "the error does not quote the key: {err}");
}

/// The committed fixtures are exactly what the writer writes (when Python
/// and its `cryptography` package are here to run it).
#[test]
fn fixtures_are_what_the_writer_writes() {
    let out = scratch("regenerate");
    let status = std::process::Command::new("python3").arg(data("write_backups.py")).arg(&out).status();
    match status {
        Ok(s) if s.success() => {}
        other => {
            eprintln!("skipped: python3 with `cryptography` is not available ({other:?})");
            return;
        }
    }
    for entry in std::fs::read_dir(&out).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        assert_eq!(std::fs::read(entry.path()).unwrap(), std::fs::read(data(&name)).unwrap(), "{name} differs: regenerate it");
    }
}
