//! Other apps' exports through `twofold inspect` and `twofold import`: every
//! fixture of crates/core/tests/data/import (built by its gen.py from the
//! formats' public specifications) is detected, decrypted with the password
//! from `TWOFOLD_FILE_PASSWORD` or `--file-password-stdin`, and stored.

mod support;

use std::process::Command;

use support::{core_data, json, Vault};

fn manifest() -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(core_data("import/manifest.json")).unwrap();
    json(&text)["fixtures"].as_array().unwrap().clone()
}

fn password(fixture: &serde_json::Value) -> Option<String> {
    fixture["password_file"].as_str().map(|f| std::fs::read_to_string(core_data(&format!("import/{f}"))).unwrap().trim_end_matches('\n').to_owned())
}

#[test]
fn inspect_reads_every_fixture_with_its_format() {
    let fixtures = manifest();
    assert!(fixtures.len() >= 12);
    for f in &fixtures {
        let file = core_data(&format!("import/{}", f["file"].as_str().unwrap()));
        let mut c = Command::new(support::bin());
        c.args(["inspect", "--json", file.to_str().unwrap()]).env_remove("TWOFOLD_FILE_PASSWORD");
        if let Some(p) = password(f) {
            c.env("TWOFOLD_FILE_PASSWORD", p);
        }
        let out = c.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let got = json(&stdout);
        let want = f["ids"].as_array().unwrap().len();
        let accounts = got["accounts"].as_array().unwrap();
        // A Google export split over two images reads part of the accounts from one image.
        if !f["file"].as_str().unwrap().ends_with(".png") {
            assert_eq!(accounts.len(), want, "{}: {}", f["file"], String::from_utf8_lossy(&out.stderr));
            assert_eq!(out.status.code(), Some(0), "{}: {}", f["file"], String::from_utf8_lossy(&out.stderr));
        }
        assert!(!got["format"].as_str().unwrap().is_empty());
    }
}

#[test]
fn a_wrong_file_password_is_refused_with_exit_1() {
    for f in manifest().iter().filter(|f| !f["password_file"].is_null()) {
        let file = core_data(&format!("import/{}", f["file"].as_str().unwrap()));
        let out = Command::new(support::bin())
            .args(["inspect", "--json", file.to_str().unwrap()])
            .env("TWOFOLD_FILE_PASSWORD", "definitely not it")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", f["file"]);
        assert!(String::from_utf8_lossy(&out.stderr).contains("the password is wrong"), "{}: {}", f["file"], String::from_utf8_lossy(&out.stderr));
    }
}

/// A wrong password is that file's error: the other files are still read, and --json still prints.
#[test]
fn a_wrong_file_password_loses_only_that_file() {
    let links = core_data("import/otpauth_list.txt");
    let aegis = core_data("import/aegis_encrypted.json");
    let out = Command::new(support::bin())
        .args(["inspect", "--json", links.to_str().unwrap(), aegis.to_str().unwrap()])
        .env("TWOFOLD_FILE_PASSWORD", "definitely not it")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let got = json(&String::from_utf8(out.stdout).unwrap());
    let plain = manifest().into_iter().find(|f| f["file"] == "otpauth_list.txt").unwrap();
    assert_eq!(got["accounts"].as_array().unwrap().len(), plain["ids"].as_array().unwrap().len());
    let errors = got["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0]["source"].as_str().unwrap().ends_with("aegis_encrypted.json"));
    assert!(errors[0]["message"].as_str().unwrap().contains("the password is wrong"), "{errors:?}");
}

#[test]
fn import_stores_an_encrypted_aegis_vault() {
    let v = Vault::with_accounts(&[]);
    let aegis = manifest().into_iter().find(|f| f["file"] == "aegis_encrypted.json").unwrap();
    let file = core_data("import/aegis_encrypted.json");
    let out = v.run_env(&["import", file.to_str().unwrap()], &[("TWOFOLD_FILE_PASSWORD", &password(&aegis).unwrap())]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let listed = json(&v.run(&["list", "--json"]).stdout);
    assert_eq!(listed["accounts"].as_array().unwrap().len(), aegis["ids"].as_array().unwrap().len());
    // Importing again adds nothing: every account is an exact duplicate.
    let again = v.run_env(&["import", file.to_str().unwrap()], &[("TWOFOLD_FILE_PASSWORD", &password(&aegis).unwrap())]);
    assert!(again.stderr.contains("0 account(s) added"), "{}", again.stderr);
}

#[test]
fn the_encrypted_exports_of_issue_16_name_the_password_options_and_then_import() {
    for name in [
        "ente_auth_encrypted.json",
        "bitwarden_encrypted_pbkdf2.json",
        "proton_authenticator_encrypted.json",
        "authenticator_pro_legacy.authpro",
    ] {
        let fixture = manifest().into_iter().find(|f| f["file"] == name).unwrap();
        let file = core_data(&format!("import/{name}"));
        let v = Vault::with_accounts(&[]);
        // No password and no terminal to ask at: the message says how to give one.
        let out = Command::new(support::bin())
            .args(["inspect", "--json", file.to_str().unwrap()])
            .env_remove("TWOFOLD_FILE_PASSWORD")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "{name}");
        assert!(stderr.contains("--file-password-stdin") && stderr.contains("TWOFOLD_FILE_PASSWORD"), "{name}: {stderr}");
        let out = v.run_env(&["import", file.to_str().unwrap()], &[("TWOFOLD_FILE_PASSWORD", &password(&fixture).unwrap())]);
        assert_eq!(out.code, Some(0), "{name}: {}", out.stderr);
        let listed = json(&v.run(&["list", "--json"]).stdout);
        assert_eq!(listed["accounts"].as_array().unwrap().len(), fixture["ids"].as_array().unwrap().len(), "{name}");
    }
}

#[test]
fn a_bitwarden_account_restricted_export_says_to_export_with_a_password() {
    let v = Vault::new();
    let p = v.dir.path().join("restricted.json");
    std::fs::write(&p, r#"{"encrypted":true,"encKeyValidation_DO_NOT_EDIT":"2.AAAA|AAAA|AAAA","folders":[],"items":[]}"#).unwrap();
    let out = v.run(&["inspect", p.to_str().unwrap()]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("Password protected") && out.stderr.contains("Bitwarden"), "{}", out.stderr);
}

#[test]
fn the_file_password_can_come_from_stdin() {
    let twofas = manifest().into_iter().find(|f| f["file"] == "twofas_encrypted.2fas").unwrap();
    let file = core_data("import/twofas_encrypted.2fas");
    let v = Vault::new();
    let out = v.run_stdin(&["inspect", "--file-password-stdin", "--json", file.to_str().unwrap()], &format!("{}\n", password(&twofas).unwrap()));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(json(&out.stdout)["format"], "2FAS");

    // Two encrypted files take a line each; with one line, the second is named.
    let aegis = core_data("import/aegis_encrypted.json");
    let aegis_password = std::fs::read_to_string(core_data("import/aegis_encrypted.json.password")).unwrap();
    let both = [file.to_str().unwrap(), aegis.to_str().unwrap()];
    let lines = format!("{}\n{aegis_password}\n", password(&twofas).unwrap());
    let out = v.run_stdin(&["inspect", "--file-password-stdin", "--json", both[0], both[1]], &lines);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(json(&out.stdout)["format"], "2FAS, Aegis");
    let out = v.run_stdin(&["inspect", "--file-password-stdin", "--json", both[0], both[1]], &format!("{}\n", password(&twofas).unwrap()));
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("no password left for") && out.stderr.contains("aegis_encrypted.json"), "{}", out.stderr);
    assert!(out.stderr.contains("one line per encrypted file"), "{}", out.stderr);
}

#[test]
fn import_keeps_groups_notes_and_favourites() {
    let v = Vault::with_accounts(&[]);
    let file = core_data("import/aegis_plain.json");
    let out = v.run(&["import", file.to_str().unwrap()]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let listed = json(&v.run(&["list", "--json"]).stdout);
    let octocat = listed["accounts"].as_array().unwrap().iter().find(|a| a["label"] == "octocat").expect("octocat imported");
    assert_eq!(octocat["tags"], serde_json::json!(["Work"]));
    assert_eq!(octocat["note"], "Main account; recovery codes in the safe");
    assert_eq!(octocat["favourite"], true);
    let alice = listed["accounts"].as_array().unwrap().iter().find(|a| a["label"] == "alice@example.com").unwrap();
    assert_eq!(alice["tags"], serde_json::json!(["Finance"]));
    assert_eq!(alice["favourite"], false);
}

#[test]
fn inspect_json_names_each_file_its_format_warnings_and_skipped_items() {
    let v = Vault::new();
    let ente = core_data("import/ente_auth.txt");
    let aegis = core_data("import/aegis_plain.json");
    let out = v.run(&["inspect", "--json", ente.to_str().unwrap(), aegis.to_str().unwrap()]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let got = json(&out.stdout);
    let files: Vec<_> = got["files"].as_array().unwrap().iter().map(|f| f["format"].as_str().unwrap().to_owned()).collect();
    assert_eq!(files, ["Ente Auth", "Aegis"]);
    // Ente's trashed code, by name and reason.
    let skipped = got["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!((skipped[0]["name"].as_str(), skipped[0]["reason"].as_str()), (Some("Old Service: old"), Some("trashed")));
    assert!(out.stderr.contains("(Old Service: old) was skipped: it is in the app's trash"), "{}", out.stderr);
    // A secret the file spells in a way that looks mistyped comes in with a warning, in the JSON and on stderr.
    let accounts = got["accounts"].as_array().unwrap();
    let heidi = accounts.iter().find(|a| a["label"] == "heidi" && a["issuer"] == "Trailing Bits").expect("heidi from Ente");
    assert!(heidi["warnings"][0].as_str().unwrap().contains("looks mistyped"), "{heidi}");
    let octocat = accounts.iter().find(|a| a["label"] == "octocat").unwrap();
    assert_eq!(octocat["warnings"], serde_json::json!([]));
    let table = v.run(&["inspect", ente.to_str().unwrap()]);
    assert!(table.stderr.contains("warning: Trailing Bits (heidi): its secret has"), "{}", table.stderr);
}

#[test]
fn import_says_what_was_tolerated_per_account() {
    let v = Vault::with_accounts(&[]);
    let list = core_data("import/otpauth_list.txt");
    let out = v.run(&["import", list.to_str().unwrap()]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("added Extra Char (ivan)"), "{}", out.stdout);
    assert!(out.stderr.contains("warning: Extra Char (ivan): its secret has one character more than whole bytes need"), "{}", out.stderr);
    assert!(!out.stderr.contains("warning: GitHub"), "{}", out.stderr);
}

#[test]
fn file_password_messages_name_the_files_options_and_format() {
    let dir = tempfile::tempdir().unwrap();
    let freeotp = core_data("import/freeotp_backup.xml");
    // No terminal and no password: the export password's own options, not the vault's.
    let out = Command::new(support::bin())
        .args(["inspect", freeotp.to_str().unwrap()])
        .env_remove("TWOFOLD_FILE_PASSWORD")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--file-password-stdin or TWOFOLD_FILE_PASSWORD"), "{stderr}");
    assert!(!stderr.contains("TWOFOLD_PASSWORD;") && !stderr.contains("use --password-stdin"), "{stderr}");
    // A wrong password says which format the file was taken for.
    let out = Command::new(support::bin())
        .args(["inspect", freeotp.to_str().unwrap()])
        .env("TWOFOLD_FILE_PASSWORD", "wrong")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the password is wrong (the file was read as a FreeOTP backup)"), "{stderr}");
    // Files that are no export: one clear error each, not one per line.
    let unknown = dir.path().join("other.json");
    std::fs::write(&unknown, "{\n\"settings\": {\"theme\": \"dark\"},\n\"items\": [1, 2, 3]\n}\n").unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    for (file, want) in [(&unknown, "this is a JSON file Twofold does not know"), (&empty, "this file is empty")] {
        let out = Command::new(support::bin()).args(["inspect", file.to_str().unwrap()]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert_eq!(stderr.lines().filter(|l| l.contains(file.to_str().unwrap())).count(), 1, "{stderr}");
        assert!(stderr.contains(want), "{stderr}");
        assert!(!stderr.contains("not an otpauth"), "{stderr}");
    }
}

/// Steam Desktop Authenticator's encrypted maFiles folder, all its files given at once (as a
/// shell's `maFiles/*` gives them): one passkey opens them; the file the manifest lists but
/// the folder lacks is named; a wrong passkey says which format it was taken for.
#[test]
fn an_encrypted_steam_desktop_authenticator_folder_opens_with_its_passkey() {
    let dir = core_data("import/sda_encrypted");
    let expected = json(&std::fs::read_to_string(dir.join("expected.json")).unwrap());
    let passkey = std::fs::read_to_string(dir.join("passkey")).unwrap();
    let mut files: Vec<String> = ["manifest.json", "76561198000001001.maFile", "76561198000001000.maFile"]
        .iter()
        .map(|f| dir.join(f).to_str().unwrap().to_owned())
        .collect();
    // The order files come in does not matter: the manifest may come last.
    files.rotate_left(1);
    let args: Vec<&str> = ["inspect", "--file-password-stdin", "--json"].into_iter().chain(files.iter().map(String::as_str)).collect();
    let v = Vault::new();
    let out = v.run_stdin(&args, &format!("{passkey}\n"));
    assert_eq!(out.code, Some(1), "an error for the missing file: {}", out.stderr);
    let got = json(&out.stdout);
    let accounts: Vec<(String, String, String)> = got["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["type"].as_str().unwrap().into(), a["label"].as_str().unwrap().into(), a["secret"].as_str().unwrap().into()))
        .collect();
    let want: Vec<(String, String, String)> = expected["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| ("steam".into(), a["label"].as_str().unwrap().into(), a["secret"].as_str().unwrap().into()))
        .collect();
    assert_eq!(accounts, want);
    let errors = got["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0]["message"].as_str().unwrap().contains("76561198000001002.maFile"), "{errors:?}");

    let out = v.run_stdin(&args, "not the passkey\n");
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("the passkey is wrong") && out.stderr.contains("Steam Desktop Authenticator"), "{}", out.stderr);

    // A file alone says what else to give.
    let out = v.run(&["inspect", &files[0]]);
    assert!(out.stderr.contains("together with the manifest.json"), "{}", out.stderr);
}

/// steamguard-cli's own maFiles folder (manifest v1, a scheme per file): the manifest is known
/// as one, each file opens by its own scheme with the one passkey, and the file sealed by a
/// scheme Twofold does not know is named.
#[test]
fn a_steamguard_cli_folder_opens_file_by_file() {
    let dir = core_data("import/steamguard_cli_encrypted");
    let expected = json(&std::fs::read_to_string(dir.join("expected.json")).unwrap());
    let passkey = std::fs::read_to_string(dir.join("passkey")).unwrap();
    let files: Vec<String> = ["alyx.maFile", "eli.maFile", "kleiner.maFile", "manifest.json"]
        .iter()
        .map(|f| dir.join(f).to_str().unwrap().to_owned())
        .collect();
    let args: Vec<&str> = ["inspect", "--file-password-stdin", "--json"].into_iter().chain(files.iter().map(String::as_str)).collect();
    let out = Vault::new().run_stdin(&args, &format!("{passkey}\n"));
    assert_eq!(out.code, Some(1), "an error for the unknown scheme: {}", out.stderr);
    let got = json(&out.stdout);
    let labels = |v: &serde_json::Value| -> Vec<String> {
        v.as_array().unwrap().iter().map(|a| format!("{} {}", a["label"].as_str().unwrap(), a["secret"].as_str().unwrap())).collect()
    };
    assert_eq!(labels(&got["accounts"]), labels(&expected["accounts"]));
    assert!(got["accounts"].as_array().unwrap().iter().all(|a| a["type"] == "steam"));
    let errors = got["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let message = errors[0]["message"].as_str().unwrap();
    assert!(message.contains("kleiner.maFile") && message.contains("scheme"), "{message}");
}
