//! Following a phone's Aegis backups through the `twofold` binary, with
//! backups written by the independent writer in
//! `crates/core/tests/data/aegis-follow/write_backups.py` (from Aegis'
//! `docs/vault.md`), and the phone's accounts reaching a second computer
//! through the sync folder.

mod support;

use std::path::{Path, PathBuf};

use support::{json, Vault};

const T: &str = "1900000000";

fn fixture(name: &str) -> PathBuf {
    support::core_data("aegis-follow").join(name)
}

fn expected() -> serde_json::Value {
    json(&std::fs::read_to_string(fixture("expected.json")).unwrap())
}

/// Aegis writes `fixture` as its backup of 2030-01-01 `stamp` into `dir`.
fn phone_backup(dir: &Path, fixture_name: &str, stamp: &str) -> String {
    let name = format!("aegis-backup-20300101-{stamp}.json");
    std::fs::copy(fixture(fixture_name), dir.join(&name)).unwrap();
    name
}

fn issuers(v: &Vault) -> Vec<String> {
    let list = json(&v.run(&["list", "--json"]).stdout);
    let mut names: Vec<String> = list["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["issuer"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_phones_aegis_backups_come_to_the_desktop_and_on_to_the_laptop() {
    let expected = expected();
    let phone_password = expected["passwords"]["phone"].as_str().unwrap();
    let aegis = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().to_str().unwrap();
    let phone_dir = aegis.path().to_str().unwrap();
    let desktop = Vault::with_accounts(&[]);
    let laptop = Vault::with_accounts(&[]);

    let before = desktop.run(&["sync", "aegis"]);
    assert_eq!(before.code, Some(2), "not set up: {}", before.stderr);
    assert!(
        before.stderr.contains("twofold sync aegis setup DIR"),
        "{}",
        before.stderr
    );
    let empty = desktop.run_env(
        &["sync", "aegis", "setup", phone_dir],
        &[("TWOFOLD_AEGIS_PASSWORD", phone_password)],
    );
    assert_eq!(empty.code, Some(2), "{}", empty.stderr);
    assert!(
        empty.stderr.contains("there are no Aegis backups in"),
        "{}",
        empty.stderr
    );

    // The desktop and the laptop share a sync folder.
    assert_eq!(
        desktop
            .run(&["sync", "setup", folder, "--name", "desktop"])
            .code,
        Some(0)
    );
    let join = laptop.run_env(
        &["sync", "setup", folder, "--name", "laptop"],
        &[("TWOFOLD_SYNC_PASSWORD", support::PASSWORD)],
    );
    assert_eq!(join.code, Some(0), "{}", join.stderr);

    let first = phone_backup(aegis.path(), "v1.json", "100000");
    let wrong = desktop.run_env(
        &["sync", "aegis", "setup", phone_dir],
        &[("TWOFOLD_AEGIS_PASSWORD", "not it")],
    );
    assert_eq!(wrong.code, Some(1), "{}", wrong.stderr);
    assert!(
        wrong.stderr.contains("separate password for backups"),
        "{}",
        wrong.stderr
    );
    assert!(
        issuers(&desktop).is_empty(),
        "a wrong password takes nothing"
    );

    let setup = desktop.run_env(
        &["sync", "aegis", "setup", phone_dir],
        &[("TWOFOLD_AEGIS_PASSWORD", phone_password)],
    );
    assert_eq!(setup.code, Some(0), "{}", setup.stderr);
    assert!(
        setup
            .stdout
            .contains(&format!("took the phone's backup {first}")),
        "{}",
        setup.stdout
    );
    assert!(
        setup.stdout.contains("added GitHub: alice@example.com"),
        "{}",
        setup.stdout
    );
    assert!(
        setup.stderr.contains("skipped Yandex: alice"),
        "a Yandex entry is named: {}",
        setup.stderr
    );
    assert_eq!(issuers(&desktop), ["Bank", "GitHub", "Google", "Steam"]);
    let code = |v: &Vault, name: &str| v.run(&["code", name, "--at", T]).stdout.trim().to_owned();
    assert_eq!(
        code(&desktop, "GitHub"),
        expected["codes"]["GitHub"].as_str().unwrap()
    );
    assert_eq!(
        code(&desktop, "Steam"),
        expected["codes"]["Steam"].as_str().unwrap()
    );
    // The phone's accounts went out with the save: the laptop has them after its sync.
    let got = laptop.run(&["sync"]);
    assert!(
        got.stdout.contains("added GitHub (alice@example.com)"),
        "{}",
        got.stdout
    );
    assert_eq!(issuers(&laptop), ["Bank", "GitHub", "Google", "Steam"]);

    // The next backup, and a newer one still being written: that one is set
    // aside (never "every account deleted"), the complete one is taken.
    let second = phone_backup(aegis.path(), "v2.json", "110000");
    phone_backup(aegis.path(), "half-written.json", "120000");
    let next = desktop.run(&["sync", "aegis", "--json"]);
    assert_eq!(next.code, Some(0), "{}", next.stderr);
    let report = json(&next.stdout);
    assert_eq!(report["taken"], second.as_str());
    assert_eq!(report["added"], serde_json::json!(["Dropbox: alice"]));
    assert_eq!(
        report["removal_flagged"],
        serde_json::json!(["Steam: alice"])
    );
    assert_eq!(
        report["set_aside"][0]["file"],
        "aegis-backup-20300101-120000.json"
    );
    assert_eq!(
        code(&desktop, "Bank"),
        expected["codes"]["Bank@9"].as_str().unwrap()
    );
    assert!(
        issuers(&desktop).contains(&"Steam".to_owned()),
        "removed on the phone: flagged, kept"
    );

    let status = json(&desktop.run(&["sync", "aegis", "status", "--json"]).stdout);
    assert_eq!(status["last_backup"]["file"], second.as_str());
    assert_eq!(status["pending_removals"][0]["account"], "Steam: alice");
    let text = desktop.run(&["sync", "aegis", "status"]).stdout;
    assert!(
        text.contains("twofold sync aegis --accept-removals"),
        "{text}"
    );

    let accepted = desktop.run(&["sync", "aegis", "--accept-removals"]);
    assert!(
        accepted
            .stdout
            .contains("removed Steam: alice (deleted on the phone)"),
        "{}",
        accepted.stdout
    );
    assert_eq!(issuers(&desktop), ["Bank", "Dropbox", "GitHub", "Google"]);
    laptop.run(&["sync"]);
    assert_eq!(
        issuers(&laptop),
        ["Bank", "Dropbox", "GitHub", "Google"],
        "the laptop follows through the sync folder"
    );

    // The password changed on the phone: `twofold sync` takes it with no password asked.
    std::fs::remove_file(aegis.path().join("aegis-backup-20300101-120000.json")).unwrap();
    let third = phone_backup(aegis.path(), "v3-password-changed.json", "130000");
    let synced = desktop.run(&["sync"]);
    assert_eq!(synced.code, Some(0), "{}", synced.stderr);
    assert!(
        synced.stdout.contains("from the phone (Aegis):"),
        "{}",
        synced.stdout
    );
    assert!(
        synced
            .stdout
            .contains(&format!("took the phone's backup {third}")),
        "{}",
        synced.stdout
    );
    assert!(
        synced
            .stdout
            .contains("changed Google: alice@gmail.com (note)"),
        "{}",
        synced.stdout
    );

    // Encryption turned off and on in Aegis: a new key; refused, nothing changed.
    phone_backup(aegis.path(), "v4-new-key.json", "140000");
    let refused = desktop.run(&["sync", "aegis"]);
    assert_eq!(refused.code, Some(1), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("run `twofold sync aegis setup"),
        "{}",
        refused.stderr
    );
    assert_eq!(issuers(&desktop), ["Bank", "Dropbox", "GitHub", "Google"]);
    let again = desktop.run_env(
        &["sync", "aegis", "setup", phone_dir],
        &[(
            "TWOFOLD_AEGIS_PASSWORD",
            expected["passwords"]["new"].as_str().unwrap(),
        )],
    );
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert_eq!(
        issuers(&desktop),
        ["Bank", "Dropbox", "GitHub", "Google"],
        "set up again: linked, not duplicated"
    );

    // Twofold never wrote into the phone's folder.
    let mut names: Vec<String> = std::fs::read_dir(aegis.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            first,
            second,
            third,
            "aegis-backup-20300101-140000.json".to_owned()
        ]
    );
    // The phone's folder gone (not mounted, not synced yet): the computers still sync,
    // and the exit code and a word say the phone was not followed.
    let away = aegis.path().with_extension("away");
    std::fs::rename(aegis.path(), &away).unwrap();
    assert_eq!(laptop.run(&["rename", "GitHub", "--label", "from the laptop"]).code, Some(0));
    let synced = desktop.run(&["sync"]);
    std::fs::rename(&away, aegis.path()).unwrap();
    assert_eq!(synced.code, Some(2), "{}", synced.stderr);
    assert!(synced.stdout.contains("changed GitHub"), "the laptop's change came in: {}", synced.stdout);
    assert!(synced.stderr.contains("the phone (Aegis) was not followed"), "{}", synced.stderr);
}
