//! Sync through a git remote (`twofold sync setup --git URL`), with the real
//! `git` and a bare repository on disk as the remote: two computers join,
//! their changes cross, a push that loses a race is rebased and pushed
//! again, a remote that is gone keeps the change here and sends it later,
//! and git's history has no merge commit (each computer only commits its
//! own file).

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use support::{json, Vault};

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const GITLAB: &str = "otpauth://totp/GitLab:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab";
const AWS: &str = "otpauth://totp/AWS:root?secret=KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF&issuer=AWS";
const DROPBOX: &str = "otpauth://totp/Dropbox:alice?secret=KRUGS4ZANFZSAYJAONSWG4TFOQ&issuer=Dropbox";
const STEAM: &str = "otpauth://totp/Steam:alice?secret=ONSWG4TFOQYTEMZU&issuer=Steam";

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git").args(args).current_dir(dir).output().expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn issuers(v: &Vault) -> Vec<String> {
    let list = json(&v.run(&["list", "--json"]).stdout);
    let mut names: Vec<String> =
        list["accounts"].as_array().unwrap().iter().map(|a| a["issuer"].as_str().unwrap().to_owned()).collect();
    names.sort();
    names
}

#[test]
fn two_computers_sync_through_a_git_remote() {
    // As on a new machine: git has no user name or email configured (a
    // rebase then needs the committer Twofold gives). The only test here,
    // so setting the environment races with nothing.
    std::env::set_var("GIT_CONFIG_GLOBAL", "/dev/null");
    std::env::set_var("GIT_CONFIG_NOSYSTEM", "1");
    let root = tempfile::tempdir().unwrap();
    let remote = root.path().join("vault.git");
    git(root.path(), &["init", "--quiet", "--bare", remote.to_str().unwrap()]);
    let url = remote.to_str().unwrap();
    let desktop = Vault::with_accounts(&[GITHUB]);
    let laptop = Vault::with_accounts(&[GITLAB]);

    let setup = desktop.run(&["sync", "setup", "--git", url, "--name", "desktop"]);
    assert_eq!(setup.code, Some(0), "{}", setup.stderr);
    assert!(setup.stdout.contains(&format!("started a sync set in {url}")), "{}", setup.stdout);
    let join = laptop.run_env(&["sync", "setup", "--git", url, "--name", "laptop"], &[("TWOFOLD_SYNC_PASSWORD", support::PASSWORD)]);
    assert_eq!(join.code, Some(0), "{}", join.stderr);
    assert!(join.stdout.contains("joined the sync set"), "{}", join.stdout);
    assert!(join.stdout.contains("added GitHub (alice)"), "{}", join.stdout);
    let got = json(&desktop.run(&["sync", "--json"]).stdout);
    assert_eq!(got["received"], serde_json::json!(["added GitLab (alice)"]));
    let status = json(&desktop.run(&["sync", "status", "--json"]).stdout);
    assert_eq!(status["git"], url);
    assert_eq!(status["devices"].as_array().unwrap().len(), 2);

    // A save pushes at once; the other computer's next sync pulls it.
    assert_eq!(desktop.run(&["add", AWS]).code, Some(0));
    let pulled = laptop.run(&["sync"]);
    assert!(pulled.stdout.contains("added AWS (root)"), "{}", pulled.stdout);

    // A race: the desktop pushes while the laptop is pushing (a pre-push hook
    // in the laptop's clone makes it happen, once). The laptop's push is
    // refused, it takes the desktop's commit, rebases its own and pushes again.
    let clone = laptop.path.with_file_name("vault.twofold.sync").join("git");
    let mark = root.path().join("raced");
    let hook = clone.join(".git/hooks/pre-push");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\n[ -e '{mark}' ] && exit 0\ntouch '{mark}'\nTWOFOLD_VAULT='{vault}' TWOFOLD_PASSWORD='{password}' '{bin}' add '{uri}' >/dev/null 2>&1\nexit 0\n",
            mark = mark.display(),
            vault = desktop.path.display(),
            password = support::PASSWORD,
            bin = support::bin(),
            uri = DROPBOX,
        ),
    )
    .unwrap();
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    let raced = laptop.run(&["add", STEAM]);
    assert_eq!(raced.code, Some(0), "{}", raced.stderr);
    assert!(mark.exists(), "the race happened");
    assert!(!raced.stderr.contains("not synced"), "the push was retried: {}", raced.stderr);
    assert!(desktop.run(&["sync"]).stdout.contains("added Steam (alice)"));
    assert!(laptop.run(&["sync"]).stdout.contains("added Dropbox (alice)"));
    let all = ["AWS", "Dropbox", "GitHub", "GitLab", "Steam"];
    assert_eq!(issuers(&desktop), all);
    assert_eq!(issuers(&laptop), all);

    // The remote gone (a network down): the change stays here, said; it goes out later.
    let away = root.path().join("away.git");
    std::fs::rename(&remote, &away).unwrap();
    let offline = desktop.run(&["rename", "AWS", "--label", "admin"]);
    assert_eq!(offline.code, Some(0), "the rename is saved: {}", offline.stderr);
    assert!(offline.stderr.contains("not synced") && offline.stderr.contains("git could not"), "{}", offline.stderr);
    let refused = desktop.run(&["sync"]);
    assert_ne!(refused.code, Some(0));
    assert!(refused.stderr.contains("git could not fetch from the sync remote"), "{}", refused.stderr);
    std::fs::rename(&away, &remote).unwrap();
    // Made offline, the desktop's edit still counts from when it was made:
    // the laptop's later rename of the same account wins, the other is kept.
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(laptop.run(&["rename", "AWS", "--label", "ops"]).code, Some(0));
    let back = desktop.run(&["sync"]);
    assert_eq!(back.code, Some(0), "{}", back.stderr);
    assert!(back.stdout.contains("kept \"ops\"; the other was \"admin\""), "{}", back.stdout);
    laptop.run(&["sync"]);
    for v in [&desktop, &laptop] {
        let list = json(&v.run(&["list", "--json"]).stdout);
        let aws = list["accounts"].as_array().unwrap().iter().find(|a| a["issuer"] == "AWS").unwrap().clone();
        assert_eq!(aws["label"], "ops");
    }

    // Git's history: only the computers' own files, no merge commit.
    assert_eq!(git(&remote, &["rev-list", "--merges", "--all"]).trim(), "");
    let files = git(&remote, &["ls-tree", "-r", "--name-only", "main"]);
    let files: Vec<&str> = files.lines().collect();
    assert_eq!(files.len(), 2, "one state file per computer: {files:?}");
    assert!(files.iter().all(|f| f.starts_with("twofold/") && f.ends_with(".tfsync")), "{files:?}");
}
