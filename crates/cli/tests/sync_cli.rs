//! Sync through the `twofold` binary: two vaults (a desktop and a laptop)
//! sharing one folder, as a sync engine makes it look on both computers.

mod support;

use support::{json, Vault};

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const GITLAB: &str = "otpauth://totp/GitLab:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab";

#[test]
fn two_computers_share_a_folder_through_the_cli() {
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().to_str().unwrap();
    let desktop = Vault::with_accounts(&[GITHUB]);
    let laptop = Vault::with_accounts(&[GITLAB]);

    let before = desktop.run(&["sync"]);
    assert_eq!(before.code, Some(2), "not set up yet: {}", before.stderr);
    assert!(before.stderr.contains("twofold sync setup DIR"), "{}", before.stderr);

    let setup = desktop.run(&["sync", "setup", folder, "--name", "desktop"]);
    assert_eq!(setup.code, Some(0), "{}", setup.stderr);
    assert!(setup.stdout.contains("started a sync set"), "{}", setup.stdout);

    // The laptop joins: refused without the set's password, and with a wrong one.
    let refused = laptop.run(&["sync", "setup", folder, "--name", "laptop"]);
    assert_ne!(refused.code, Some(0));
    let wrong = laptop.run_env(&["sync", "setup", folder], &[("TWOFOLD_SYNC_PASSWORD", "wrong")]);
    assert_eq!(wrong.code, Some(1), "{}", wrong.stderr);
    assert!(wrong.stderr.contains("opens with that password"), "{}", wrong.stderr);
    let join = laptop.run_env(
        &["sync", "setup", folder, "--name", "laptop"],
        &[("TWOFOLD_SYNC_PASSWORD", support::PASSWORD)],
    );
    assert_eq!(join.code, Some(0), "{}", join.stderr);
    assert!(join.stdout.contains("joined the sync set"), "{}", join.stdout);
    assert!(join.stdout.contains("added GitHub (alice)"), "{}", join.stdout);

    let synced = desktop.run(&["sync", "--json"]);
    assert_eq!(synced.code, Some(0), "{}", synced.stderr);
    assert_eq!(json(&synced.stdout)["received"], serde_json::json!(["added GitLab (alice)"]));
    for v in [&desktop, &laptop] {
        let list = json(&v.run(&["list", "--json"]).stdout);
        let names: Vec<&str> = list["accounts"].as_array().unwrap().iter().map(|a| a["issuer"].as_str().unwrap()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.contains(&"GitHub") && names.contains(&"GitLab"), "{names:?}");
    }
    // The same code on both computers.
    let code = |v: &Vault| v.run(&["code", "GitLab", "--at", "1900000000"]).stdout;
    assert_eq!(code(&desktop), code(&laptop));

    // A rename on the laptop reaches the desktop; nothing the second time.
    assert_eq!(laptop.run(&["rename", "GitLab", "--label", "alice@work"]).code, Some(0));
    assert_eq!(laptop.run(&["sync"]).code, Some(0));
    let got = desktop.run(&["sync"]);
    assert!(got.stdout.contains("changed GitLab (alice@work) (label)"), "{}", got.stdout);
    let again = desktop.run(&["sync"]);
    assert!(again.stdout.contains("nothing new"), "{}", again.stdout);

    let status = json(&desktop.run(&["sync", "status", "--json"]).stdout);
    let devices = status["devices"].as_array().unwrap();
    assert_eq!(devices.len(), 2, "{status}");
    assert_eq!(devices[0]["name"], "desktop");
    assert_eq!(devices[0]["this_device"], true);
    assert_eq!(devices[1]["name"], "laptop");
    let text = desktop.run(&["sync", "devices"]).stdout;
    assert!(text.contains("laptop") && text.contains("(this computer)"), "{text}");
    // No secret anywhere in what sync prints.
    for out in [&setup.stdout, &join.stdout, &synced.stdout, &got.stdout, &text] {
        assert!(!out.contains("JBSWY3DPEHPK3PXP") && !out.contains("GEZDGNBV"), "{out}");
    }

    // The desktop removes the laptop; the laptop then refuses to sync.
    let removed = desktop.run(&["sync", "devices", "remove", "laptop"]);
    assert_eq!(removed.code, Some(0), "{}", removed.stderr);
    let after = json(&desktop.run(&["sync", "status", "--json"]).stdout);
    assert_eq!(after["devices"].as_array().unwrap().len(), 1, "{after}");
    let laptop_sync = laptop.run(&["sync"]);
    assert_eq!(laptop_sync.code, Some(1), "{}", laptop_sync.stderr);
    assert!(laptop_sync.stderr.contains("removed from the sync set"), "{}", laptop_sync.stderr);
}

#[test]
fn changes_go_out_when_saved_and_backup_codes_sync_as_their_own_set() {
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().to_str().unwrap();
    let desktop = Vault::with_accounts(&[GITHUB]);
    let laptop = Vault::with_accounts(&[]);
    assert_eq!(desktop.run(&["sync", "setup", folder, "--name", "desktop"]).code, Some(0));
    let join = laptop.run_env(&["sync", "setup", folder, "--name", "laptop"], &[("TWOFOLD_SYNC_PASSWORD", support::PASSWORD)]);
    assert_eq!(join.code, Some(0), "{}", join.stderr);

    // A save syncs by itself: the desktop's next sync sees the laptop's rename with no `twofold sync` there.
    assert_eq!(laptop.run(&["rename", "GitHub", "--label", "alice@home"]).code, Some(0));
    let got = desktop.run(&["sync"]);
    assert!(got.stdout.contains("changed GitHub (alice@home) (label)"), "{}", got.stdout);

    // Backup codes: the desktop's set, joined by a laptop that had none.
    let codes = desktop.run_stdin(&["backup-codes", "add", "GitHub"], "11111111\n22222222\n33333333\n");
    assert_eq!(codes.code, Some(0), "{}", codes.stderr);
    let setup = desktop.run(&["sync", "setup", folder, "--backup-codes"]);
    assert_eq!(setup.code, Some(0), "{}", setup.stderr);
    assert!(setup.stdout.contains("started a sync set") && setup.stdout.contains("backup-code vault"), "{}", setup.stdout);
    let join = laptop.run_env(
        &["sync", "setup", folder, "--backup-codes"],
        &[("TWOFOLD_SYNC_PASSWORD", support::BACKUP_PASSWORD), ("TWOFOLD_BACKUP_PASSWORD", "the laptop's own")],
    );
    assert_eq!(join.code, Some(0), "{}", join.stderr);
    assert!(join.stdout.contains("joined the sync set"), "{}", join.stdout);

    // A code used on the laptop (saved and synced at once) stays used on the desktop.
    let used = laptop.run(&["backup-codes", "use", "GitHub"]);
    assert_eq!(used.code, Some(0), "{}", used.stderr);
    assert_eq!(used.stdout.trim(), "11111111");
    let synced = json(&desktop.run(&["sync", "--json"]).stdout);
    assert!(synced["backup_codes"]["received"].as_array().is_some_and(|r| r.len() == 1), "{synced}");
    let list = json(&desktop.run(&["backup-codes", "list", "GitHub", "--json"]).stdout);
    assert_eq!(list["left"], 2, "{list}");
    assert_eq!(list["codes"][0]["used"], true, "{list}");
    let next = desktop.run(&["backup-codes", "use", "GitHub"]);
    assert_eq!(next.stdout.trim(), "22222222", "the laptop's use counts here: {}", next.stdout);

    let status = json(&desktop.run(&["sync", "status", "--json"]).stdout);
    assert_eq!(status["devices"].as_array().unwrap().len(), 2, "{status}");
    assert_eq!(status["backup_codes"]["devices"].as_array().unwrap().len(), 2, "{status}");
}

/// What a person might give the second computer: the `twofold` subfolder setup spoke of, or a
/// setup whose settings were damaged since. Both join the one set.
#[test]
fn setup_on_twofolds_subfolder_or_with_damaged_settings_joins_the_same_set() {
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().to_str().unwrap();
    let desktop = Vault::with_accounts(&[GITHUB]);
    let laptop = Vault::with_accounts(&[GITLAB]);
    let setup = desktop.run(&["sync", "setup", folder, "--name", "desktop"]);
    assert_eq!(setup.code, Some(0), "{}", setup.stderr);
    let canonical = std::fs::canonicalize(shared.path()).unwrap();
    assert!(setup.stdout.contains(&format!("started a sync set in {} for", canonical.display())), "the folder to share: {}", setup.stdout);

    let sub = shared.path().join("twofold");
    let join = laptop.run_env(&["sync", "setup", sub.to_str().unwrap(), "--name", "laptop"], &[("TWOFOLD_SYNC_PASSWORD", support::PASSWORD)]);
    assert_eq!(join.code, Some(0), "{}", join.stderr);
    assert!(join.stdout.contains("added GitHub (alice)"), "{}", join.stdout);
    assert!(!sub.join("twofold").exists(), "no second set inside the first");

    // Damaged settings: setup again starts this computer over, in the same set.
    let config = laptop.dir.path().join("vault.twofold.sync/config.json");
    assert!(config.exists(), "{}", config.display());
    std::fs::write(&config, b"{ not json").unwrap();
    let broken = laptop.run(&["sync"]);
    assert_eq!(broken.code, Some(2), "{}", broken.stderr);
    let again = laptop.run(&["sync", "setup", folder, "--name", "laptop"]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert!(config.with_extension("json.damaged").exists(), "the damaged settings are kept aside");
    assert_eq!(desktop.run(&["sync"]).code, Some(0));
    let list = json(&desktop.run(&["list", "--json"]).stdout);
    assert_eq!(list["accounts"].as_array().unwrap().len(), 2, "{list}");
}
