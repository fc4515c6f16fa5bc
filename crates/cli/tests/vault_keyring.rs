//! The CLI with a real Secret Service: a keyring vault opens with no typing,
//! and without a keyring `init` says why and protects the vault with a password.
//! Run by crates/core/tests/run-secret-service-tests.sh (gnome-keyring on a
//! private D-Bus session); plain `cargo test` skips it.

mod support;

use std::process::{Command, Stdio};

use support::{bin, json};

fn enabled() -> bool {
    let on = std::env::var_os("TWOFOLD_TEST_SECRET_SERVICE").is_some();
    if !on {
        eprintln!("skipped: needs a Secret Service (crates/core/tests/run-secret-service-tests.sh)");
    }
    on
}

fn twofold(vault: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut c = Command::new(bin());
    c.args(args).env("TWOFOLD_VAULT", vault).env_remove("TWOFOLD_PASSWORD").stdin(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

#[test]
#[ignore = "needs a Secret Service: run crates/core/tests/run-secret-service-tests.sh"]
fn keyring_vault_opens_with_no_typing() {
    if !enabled() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault.twofold");
    let init = twofold(&vault, &["init"], &[]);
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    assert!(String::from_utf8_lossy(&init.stderr).contains("opens with: keyring, recovery"), "{}", String::from_utf8_lossy(&init.stderr));
    let add = twofold(&vault, &["add", "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub"], &[]);
    assert!(add.status.success(), "{}", String::from_utf8_lossy(&add.stderr));
    let list = twofold(&vault, &["list", "--json"], &[]);
    assert!(list.status.success());
    assert_eq!(json(&String::from_utf8_lossy(&list.stdout))["accounts"][0]["issuer"], "GitHub");
}

#[test]
#[ignore = "needs a Secret Service: run crates/core/tests/run-secret-service-tests.sh"]
fn without_a_keyring_init_says_so_and_uses_the_password() {
    if !enabled() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault.twofold");
    let dead_bus = format!("unix:path={}/no-such-bus", dir.path().display());
    let no_bus = [("DBUS_SESSION_BUS_ADDRESS", dead_bus.as_str()), ("TWOFOLD_PASSWORD", "pw")];
    let init = twofold(&vault, &["init"], &no_bus);
    let stderr = String::from_utf8_lossy(&init.stderr);
    assert!(init.status.success(), "{stderr}");
    assert!(stderr.contains("no OS keyring is available") && stderr.contains("password instead"), "{stderr}");
    assert!(stderr.contains("opens with: password, recovery"), "{stderr}");
    // Never a key in plain text: only the vault (and its lock) were written.
    let mut names: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["vault.twofold", "vault.twofold.lock"]);
    let list = twofold(&vault, &["list"], &no_bus);
    assert!(list.status.success(), "{}", String::from_utf8_lossy(&list.stderr));
}
