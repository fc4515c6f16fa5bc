//! The vault through the `twofold` binary, as scripts and the README use it:
//! first run, add and import, list without secrets, codes (HOTP saves its
//! counter), rename and remove, refusals and their exit codes, backup codes.
//! Password-only vaults here; the keyring is covered by `vault_keyring.rs`.

mod support;

use support::{json, Vault};

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const GITLAB: &str = "otpauth://totp/GitLab:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab";
const VPN: &str = "otpauth://hotp/VPN:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";

#[test]
fn first_run_add_list_code() {
    let v = Vault::new();
    let init = v.run(&["init", "--no-keyring"]);
    assert_eq!(init.code, Some(0), "{}", init.stderr);
    let key = init.stdout.trim();
    assert_eq!(key.split('-').count(), 14, "a recovery key in groups: {key}");
    assert!(init.stderr.contains("shown only this once"));

    let again = v.run(&["init", "--no-keyring"]);
    assert_eq!(again.code, Some(1), "a second init is refused");

    let add = v.run(&["add", GITHUB, VPN]);
    assert_eq!(add.code, Some(0), "{}", add.stderr);
    let dup = v.run(&["add", GITHUB]);
    assert!(dup.stdout.contains("skipped GitHub (alice): already in the vault"), "{}", dup.stdout);

    let list = v.run(&["list", "--json"]);
    assert_eq!(list.code, Some(0));
    assert!(!list.stdout.contains("JBSWY3DPEHPK3PXP") && !list.stdout.contains("GEZDGNBV"), "no secret in list: {}", list.stdout);
    let accounts = json(&list.stdout)["accounts"].as_array().unwrap().clone();
    assert_eq!(accounts.len(), 2);
    assert_eq!(accounts[0]["issuer"], "GitHub");
    assert_eq!(accounts[0]["type"], "totp");
    assert_eq!(accounts[1]["type"], "hotp");
    assert_eq!(accounts[1]["counter"], 0);
    assert!(accounts[0]["id"].as_str().unwrap().len() >= 16);

    // The same code as the URI gives, for the same second.
    let at = "1700000000";
    let from_vault = v.run(&["code", "github", "--at", at]);
    let from_uri = v.run(&["code", "--uri", GITHUB, "--at", at]);
    assert_eq!(from_vault.code, Some(0), "{}", from_vault.stderr);
    assert_eq!(from_vault.stdout, from_uri.stdout);
}

#[test]
fn hotp_moves_on_and_is_saved() {
    let v = Vault::with_accounts(&[VPN]);
    // RFC 4226 Appendix D, counters 0, 1, 2.
    for expected in ["755224", "287082", "359152"] {
        let out = v.run(&["code", "vpn"]);
        assert_eq!(out.stdout.trim(), expected, "{}", out.stderr);
    }
    let listed = json(&v.run(&["list", "--json"]).stdout);
    assert_eq!(listed["accounts"][0]["counter"], 3);
}

#[test]
fn ambiguous_and_unknown_queries_are_refused() {
    let v = Vault::with_accounts(&[GITHUB, GITLAB]);
    let both = v.run(&["code", "git"]);
    assert_eq!(both.code, Some(1));
    assert!(both.stderr.contains("matches 2 accounts") && both.stderr.contains("GitHub") && both.stderr.contains("GitLab"), "{}", both.stderr);
    let none = v.run(&["code", "bitbucket"]);
    assert_eq!(none.code, Some(1));
    assert!(none.stderr.contains("no account matches"), "{}", none.stderr);
}

#[test]
fn rename_and_remove() {
    let v = Vault::with_accounts(&[GITHUB, GITLAB]);
    let r = v.run(&["rename", "gitlab", "--issuer", "GitLab Work", "--label", "alice@work"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let list = json(&v.run(&["list", "--json"]).stdout);
    assert_eq!(list["accounts"][1]["issuer"], "GitLab Work");
    assert_eq!(list["accounts"][1]["label"], "alice@work");

    assert_eq!(v.run(&["remove", "github"]).code, Some(0));
    let list = json(&v.run(&["list", "--json"]).stdout);
    assert_eq!(list["accounts"].as_array().unwrap().len(), 1);
}

#[test]
fn refusals_have_their_exit_codes() {
    let v = Vault::with_accounts(&[GITHUB]);
    let wrong = v.run_with_password("not the password", &["list"]);
    assert_eq!(wrong.code, Some(1));
    assert!(wrong.stderr.contains("wrong password"), "{}", wrong.stderr);

    // A tampered vault: refused, and the file left exactly as it was.
    let mut bytes = std::fs::read(&v.path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    std::fs::write(&v.path, &bytes).unwrap();
    let tampered = v.run(&["list"]);
    assert_eq!(tampered.code, Some(1));
    assert!(tampered.stderr.contains("damaged"), "{}", tampered.stderr);
    assert_eq!(std::fs::read(&v.path).unwrap(), bytes, "never overwritten");

    let missing = Vault::new();
    let none = missing.run(&["list"]);
    assert_eq!(none.code, Some(2), "no vault is a usage error: {}", none.stderr);
    assert!(none.stderr.contains("twofold init"));
}

#[test]
fn import_reads_files_and_google_exports() {
    let v = Vault::with_accounts(&[]);
    let list = v.dir.path().join("uris.txt");
    std::fs::write(&list, format!("# mine\n{GITHUB}\n\nnot a uri\n")).unwrap();
    let export = std::fs::read_to_string(support::core_data("migration/ten_accounts.percent.txt")).unwrap();
    let out = v.run(&["import", list.to_str().unwrap(), export.trim()]);
    assert_eq!(out.code, Some(1), "a bad line and an MD5 entry are reported: {}", out.stderr);
    assert!(out.stderr.contains("uris.txt:4:"), "{}", out.stderr);
    assert_eq!(json(&v.run(&["list", "--json"]).stdout)["accounts"].as_array().unwrap().len(), 1 + 9);
}

#[test]
fn backup_codes_add_list_use() {
    let v = Vault::with_accounts(&[GITHUB]);
    let codes = v.dir.path().join("github-recovery-codes.txt");
    std::fs::write(&codes, "Your GitHub recovery codes\n\n1a2b3-c4d5e\n~~f6a7b-8c9d0~~\n11111-22222\n33333-44444\n55555-66666\n").unwrap();
    let add = v.run(&["backup-codes", "add", "github", "--file", codes.to_str().unwrap()]);
    assert_eq!(add.code, Some(0), "{}", add.stderr);
    assert!(add.stdout.contains("4 of 5 unused"), "the struck-through code comes in used: {}", add.stdout);

    let used = v.run(&["backup-codes", "use", "github"]);
    assert_eq!(used.stdout.trim(), "1a2b3-c4d5e");
    let list = json(&v.run(&["backup-codes", "list", "github", "--json"]).stdout);
    assert_eq!(list["left"], 3);
    let flags: Vec<bool> = list["codes"].as_array().unwrap().iter().map(|c| c["used"].as_bool().unwrap()).collect();
    assert_eq!(flags, [true, true, false, false, false]);
    assert!(list["codes"][0]["used_at"].as_str().unwrap().ends_with('Z'));

    // A standalone set for a site with no account in the vault.
    let stand = v.run_stdin(&["backup-codes", "add", "Proton"], "a1b2c3d4\ne5f6a7b8\n");
    assert_eq!(stand.code, Some(0), "{}", stand.stderr);
    assert!(stand.stdout.contains("to Proton"), "{}", stand.stdout);

    // The backup-code vault has its own passphrase: the vault password does not open it.
    let wrong = v.run_env(&["backup-codes", "list", "github"], &[("TWOFOLD_BACKUP_PASSWORD", "vault-password")]);
    assert_eq!(wrong.code, Some(1));
    assert!(wrong.stderr.contains("wrong password"), "{}", wrong.stderr);

    // Running out is a refusal, with a warning before.
    for _ in 0..3 {
        v.run(&["backup-codes", "use", "github"]);
    }
    let out = v.run(&["backup-codes", "use", "github"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("every backup code"), "{}", out.stderr);

    let none = v.run_stdin(&["backup-codes", "add", "github"], "Thanks for signing up on 2024-03-05!\n");
    assert_eq!(none.code, Some(1), "a text with no codes is an error");
}
