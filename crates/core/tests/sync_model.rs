//! Sync, model-based: 3 to 5 computers make random changes and exchange
//! their state files as a sync engine would, in random order, twice,
//! stale, damaged, or as an engine's conflict copy, with skewed clocks.
//! After a last full exchange every computer must hold the same vault, and
//! no change may be lost except to a later change of the same field.
//!
//! The "engine" here copies files between each computer's own folder; the
//! real-Syncthing test (`tests/sync/`) checks the same with Syncthing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use twofold_core::otp::{Algorithm, Otp};
use twofold_core::sync::{self, JoinWith, RunOptions, SyncConfig};
use twofold_core::vault::{Contents, EntryId, EntryPatch, KdfParams, NewSlot, Unlock, Unlocked, VaultStore};
use twofold_core::{Account, Secret};

const CHEAP: KdfParams = KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 };
const PASSWORD: &str = "correct horse battery staple";
/// Operations are this far apart; clocks are off by less than half of it,
/// so "later" means the same on every clock and the oracle can be exact.
const STEP_MS: u64 = 10_000;
const BASE_MS: u64 = 1_900_000_000_000;

/// What must agree on every computer: id, issuer, label, note with secret, HOTP counter.
type EntryView = (String, Option<String>, String, String, Option<u64>);

struct Device {
    store: VaultStore<Contents>,
    unlocked: Unlocked,
    config: SyncConfig,
    skew_ms: i64,
    /// Every version this device's file had, oldest first (to deliver stale ones).
    written: Vec<Vec<u8>>,
}

impl Device {
    fn folder(&self) -> PathBuf {
        self.config.folder.join(sync::folder::SUBFOLDER)
    }
    fn file_name(&self) -> String {
        format!("{}.tfsync", self.config.device)
    }
    fn now(&self, step: u64) -> u64 {
        (BASE_MS + step * STEP_MS).saturating_add_signed(self.skew_ms)
    }
    fn sync(&mut self, step: u64) {
        let options = RunOptions { allow_mass_change: true, now_ms: Some(self.now(step)) };
        sync::run(&self.store, &self.unlocked, &mut self.config, options).expect("a sync never fails here");
        let bytes = std::fs::read(self.folder().join(self.file_name())).unwrap();
        if self.written.last() != Some(&bytes) {
            self.written.push(bytes);
        }
    }
    fn contents(&self) -> Contents {
        self.store.load(&self.unlocked).unwrap().contents
    }
}

#[derive(Clone, Debug)]
enum Delivery {
    Latest,
    Twice,
    Stale,
    Damaged,
    ConflictCopy,
}

#[derive(Clone, Debug)]
enum Op {
    Add { device: usize, hotp: bool },
    Rename { device: usize, pick: usize, label: u8 },
    Note { device: usize, pick: usize, note: u8 },
    Delete { device: usize, pick: usize },
    UseHotp { device: usize, pick: usize },
    Sync { device: usize },
    Deliver { from: usize, to: usize, how: Delivery },
}

fn op(devices: usize) -> impl Strategy<Value = Op> {
    let d = 0..devices;
    let delivery = prop_oneof![
        4 => Just(Delivery::Latest),
        1 => Just(Delivery::Twice),
        1 => Just(Delivery::Stale),
        1 => Just(Delivery::Damaged),
        1 => Just(Delivery::ConflictCopy),
    ];
    prop_oneof![
        3 => (d.clone(), any::<bool>()).prop_map(|(device, hotp)| Op::Add { device, hotp }),
        3 => (d.clone(), any::<usize>(), 0u8..4).prop_map(|(device, pick, label)| Op::Rename { device, pick, label }),
        2 => (d.clone(), any::<usize>(), 0u8..4).prop_map(|(device, pick, note)| Op::Note { device, pick, note }),
        1 => (d.clone(), any::<usize>()).prop_map(|(device, pick)| Op::Delete { device, pick }),
        4 => (d.clone(), any::<usize>()).prop_map(|(device, pick)| Op::UseHotp { device, pick }),
        4 => d.clone().prop_map(|device| Op::Sync { device }),
        6 => (d.clone(), d, delivery).prop_map(|(from, to, how)| Op::Deliver { from, to, how }),
    ]
}

static CASE: AtomicUsize = AtomicUsize::new(0);

fn scratch() -> PathBuf {
    let n = CASE.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("twofold-sync-model-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn secret(n: usize) -> Secret {
    let mut bytes = [0u8; 20];
    bytes[..8].copy_from_slice(&(n as u64 + 1).to_be_bytes());
    bytes[8..16].copy_from_slice(&0x5eed_5eed_5eed_5eedu64.to_be_bytes());
    Secret::from_bytes(bytes.to_vec())
}

fn make_devices(root: &Path, skews: &[i64]) -> Vec<Device> {
    let mut devices: Vec<Device> = Vec::new();
    for (i, skew) in skews.iter().enumerate() {
        let home = root.join(format!("device{i}"));
        let folder = home.join("Sync");
        std::fs::create_dir_all(&folder).unwrap();
        let store = VaultStore::<Contents>::new(home.join("vault.twofold"));
        let unlocked = store
            .create(&Contents::default(), &[NewSlot::Password { password: PASSWORD, params: CHEAP }])
            .unwrap();
        if let Some(first) = devices.first() {
            // The first computer's file reaches this one, which joins.
            let name = first.file_name();
            std::fs::create_dir_all(folder.join("twofold")).unwrap();
            std::fs::copy(first.folder().join(&name), folder.join("twofold").join(&name)).unwrap();
        }
        let how = Unlock::Password(PASSWORD);
        let join = if i == 0 { JoinWith::Nothing } else { JoinWith::Secret(&how) };
        let (unlocked, config, _, _) =
            sync::setup(&store, unlocked, &folder, Some(format!("computer {i}")), join, None).unwrap();
        let mut device = Device { store, unlocked, config, skew_ms: *skew, written: Vec::new() };
        device.sync(0);
        devices.push(device);
    }
    devices
}

/// What the oracle expects of one account.
#[derive(Debug, Default)]
struct Expected {
    label: Option<(u64, String)>,
    note: Option<(u64, String)>,
    /// The latest deletion, and whether a later edit revived it.
    deleted_at: Option<u64>,
    last_edit: u64,
    counters_seen: BTreeSet<u64>,
    uses: u64,
}

fn pick(contents: &Contents, n: usize) -> Option<EntryId> {
    let entries = contents.entries();
    (!entries.is_empty()).then(|| *entries[n % entries.len()].id())
}

fn deliver(devices: &mut [Device], from: usize, to: usize, how: &Delivery) {
    if from == to || devices[from].written.is_empty() {
        return;
    }
    let target = devices[to].folder();
    std::fs::create_dir_all(&target).unwrap();
    let name = devices[from].file_name();
    let versions = &devices[from].written;
    let latest = versions.last().unwrap().clone();
    match how {
        Delivery::Latest | Delivery::Twice => std::fs::write(target.join(&name), &latest).unwrap(),
        Delivery::Stale => {
            let old = &versions[versions.len() / 2];
            std::fs::write(target.join(&name), old).unwrap();
        }
        Delivery::Damaged => std::fs::write(target.join(&name), &latest[..latest.len() / 2]).unwrap(),
        Delivery::ConflictCopy => {
            let stem = name.trim_end_matches(".tfsync");
            let copy = format!("{stem}.sync-conflict-20261202-040411-VE7GMQE.tfsync");
            std::fs::write(target.join(copy), &latest).unwrap();
        }
    }
    if let Delivery::Twice = how {
        std::fs::write(target.join(&name), &latest).unwrap();
    }
}

fn run_case(skews: Vec<i64>, ops: Vec<Op>) {
    let root = scratch();
    let mut devices = make_devices(&root, &skews);
    let mut expected: BTreeMap<EntryId, Expected> = BTreeMap::new();
    let mut added = 0usize;
    for (i, op) in ops.iter().enumerate() {
        let step = i as u64 + 1;
        match op {
            Op::Add { device, hotp } => {
                let d = &devices[*device];
                let otp = if *hotp {
                    Otp::hotp(secret(added), Algorithm::Sha1, 6, 0).unwrap()
                } else {
                    Otp::totp(secret(added), Algorithm::Sha1, 6, 30).unwrap()
                };
                added += 1;
                let account = Account { issuer: Some(format!("Site {added}")), label: "alice".into(), otp };
                let id = d.store.update(&d.unlocked, |c| c.add(account, step)).unwrap();
                let twofold_core::vault::AddOutcome::Added(id) = id else { panic!("secrets are unique") };
                let e = expected.entry(id).or_default();
                e.last_edit = step;
                e.counters_seen.insert(0);
            }
            Op::Rename { device, pick: n, label } | Op::Note { device, pick: n, note: label } => {
                let d = &devices[*device];
                let Some(id) = pick(&d.contents(), *n) else { continue };
                let text = format!("v{label}-{step}");
                let patch = match op {
                    Op::Rename { .. } => EntryPatch { label: Some(text.clone()), ..Default::default() },
                    _ => EntryPatch { note: Some(text.clone()), ..Default::default() },
                };
                d.store.update(&d.unlocked, |c| c.update(&id, patch, step)).unwrap();
                let e = expected.entry(id).or_default();
                match op {
                    Op::Rename { .. } => e.label = Some((step, text)),
                    _ => e.note = Some((step, text)),
                }
                e.last_edit = step;
            }
            Op::Delete { device, pick: n } => {
                let d = &devices[*device];
                let Some(id) = pick(&d.contents(), *n) else { continue };
                d.store.update(&d.unlocked, |c| c.remove(&id).map(|_| ())).unwrap();
                expected.entry(id).or_default().deleted_at = Some(step);
            }
            Op::UseHotp { device, pick: n } => {
                let d = &devices[*device];
                let contents = d.contents();
                let hotp: Vec<EntryId> =
                    contents.entries().iter().filter(|e| e.otp.counter().is_some()).map(|e| *e.id()).collect();
                let Some(id) = (!hotp.is_empty()).then(|| hotp[*n % hotp.len()]) else { continue };
                let counter = d.store.update(&d.unlocked, |c| c.increment_counter(&id, step)).unwrap();
                let e = expected.entry(id).or_default();
                e.counters_seen.insert(counter);
                e.uses += 1;
                e.last_edit = step;
            }
            Op::Sync { device } => {
                devices[*device].sync(step);
                continue;
            }
            Op::Deliver { from, to, how } => {
                deliver(&mut devices, *from, *to, how);
                continue;
            }
        }
        // A change is stamped when it is synced, and the app and the CLI sync
        // after every save; so does this model (files still travel only
        // when delivered).
        let device = match op {
            Op::Add { device, .. }
            | Op::Rename { device, .. }
            | Op::Note { device, .. }
            | Op::Delete { device, .. }
            | Op::UseHotp { device, .. } => *device,
            _ => unreachable!(),
        };
        devices[device].sync(step);
    }
    // The last exchange: everyone syncs and gets everyone's latest file, three rounds.
    let end = ops.len() as u64 + 1;
    for round in 0..3 {
        for d in devices.iter_mut() {
            d.sync(end + round);
        }
        for from in 0..devices.len() {
            for to in 0..devices.len() {
                deliver(&mut devices, from, to, &Delivery::Latest);
            }
        }
    }
    for d in devices.iter_mut() {
        d.sync(end + 3);
    }

    // Everyone converged.
    let views: Vec<Vec<EntryView>> = devices
        .iter()
        .map(|d| {
            d.contents()
                .entries()
                .iter()
                .map(|e| {
                    let secret = e.otp.secret().to_base32().to_string();
                    (e.id().to_string(), e.issuer.clone(), e.label.clone(), format!("{}|{secret}", e.note), e.otp.counter())
                })
                .collect()
        })
        .collect();
    for (i, view) in views.iter().enumerate() {
        assert_eq!(view, &views[0], "computer {i} differs from computer 0");
    }
    // Nothing lost but to a later change of the same field.
    let c = devices[0].contents();
    for (id, e) in &expected {
        let entry = c.get(id);
        let gone = e.deleted_at.is_some_and(|at| at > e.last_edit);
        assert_eq!(entry.is_none(), gone, "account {id}: expected {e:?}");
        let Some(entry) = entry else { continue };
        if let Some((_, label)) = &e.label {
            assert_eq!(&entry.label, label, "account {id}: the latest label wins");
        }
        if let Some((_, note)) = &e.note {
            assert_eq!(&entry.note, note, "account {id}: the latest note wins");
        }
        if let Some(counter) = entry.otp.counter() {
            let highest = e.counters_seen.iter().max().copied().unwrap_or(0);
            assert!(counter >= highest, "account {id}: counter {counter} went below {highest}");
            assert!(counter <= e.uses, "account {id}: counter {counter} above the {} uses", e.uses);
        }
    }
    // No conflict copy is left in any folder.
    for d in &devices {
        for name in std::fs::read_dir(d.folder()).unwrap().filter_map(|e| e.ok()) {
            let name = name.file_name().into_string().unwrap();
            assert!(!name.contains("conflict"), "{name} was left in {}", d.folder().display());
        }
    }
    let _ = std::fs::remove_dir_all(&root);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn computers_converge_and_lose_nothing(
        (skews, ops) in (3usize..=5).prop_flat_map(|n| {
            (proptest::collection::vec(-4_000i64..4_000, n), proptest::collection::vec(op(n), 1..60))
        })
    ) {
        run_case(skews, ops);
    }
}
