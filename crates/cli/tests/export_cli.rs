//! `twofold export` in every format, imported into a fresh vault: `list --json`
//! must match (ids aside). Encrypted formats take TWOFOLD_EXPORT_PASSWORD and
//! are read back with TWOFOLD_FILE_PASSWORD; a wrong one is refused.

mod support;

use std::path::Path;

use support::{json, Vault};

const EXPORT_PASSWORD: &str = "export-password";

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const BANK: &str = "otpauth://totp/Bank%20%26%20Co:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bank%20%26%20Co&algorithm=SHA512&digits=8&period=60";
const VPN: &str = "otpauth://hotp/VPN:carol?secret=MFRGGZDFMZTWQ2LK&issuer=VPN&counter=7";
const STEAM: &str = "otpauth://steam/Steam:gamer?secret=NBSWY3DPEB3W64TMMQ&issuer=Steam";
const ALL: [&str; 4] = [GITHUB, BANK, VPN, STEAM];

/// The accounts of `list --json`, without their ids.
fn listed(v: &Vault) -> Vec<serde_json::Value> {
    let out = v.run(&["list", "--json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut accounts = json(&out.stdout)["accounts"].as_array().unwrap().clone();
    for a in &mut accounts {
        a.as_object_mut().unwrap().remove("id");
    }
    accounts
}

fn export(v: &Vault, args: &[&str]) -> support::Out {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    v.run_env(&all, &[("TWOFOLD_EXPORT_PASSWORD", EXPORT_PASSWORD)])
}

/// Imports `files` into a new vault (file password from TWOFOLD_FILE_PASSWORD).
fn import_fresh(files: &[&Path]) -> Vault {
    let fresh = Vault::with_accounts(&[]);
    let mut args = vec!["import".to_owned()];
    args.extend(files.iter().map(|f| f.to_str().unwrap().to_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = fresh.run_env(&args, &[("TWOFOLD_FILE_PASSWORD", EXPORT_PASSWORD)]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    fresh
}

fn round_trip(format: &str, file: &str) {
    let v = Vault::with_accounts(&ALL);
    let path = v.dir.path().join(file);
    let out = export(&v, &["--format", format, "--out", path.to_str().unwrap()]);
    assert_eq!(out.code, Some(0), "{format}: {}", out.stderr);
    assert!(out.stderr.contains("4 account(s) exported"), "{format}: {}", out.stderr);
    assert_eq!(listed(&import_fresh(&[&path])), listed(&v), "{format}");
    // A second export never replaces the file.
    let again = export(&v, &["--format", format, "--out", path.to_str().unwrap()]);
    assert_eq!(again.code, Some(2), "{format}: {}", again.stderr);
}

#[test]
fn twofold_backup_round_trips_and_needs_its_password() {
    round_trip("twofold", "backup.twofold");
    let v = Vault::with_accounts(&[GITHUB]);
    let path = v.dir.path().join("b.twofold");
    assert_eq!(export(&v, &["--format", "twofold", "--out", path.to_str().unwrap()]).code, Some(0));
    let fresh = Vault::with_accounts(&[]);
    let wrong = fresh.run_env(&["import", path.to_str().unwrap()], &[("TWOFOLD_FILE_PASSWORD", "nope")]);
    assert_eq!(wrong.code, Some(1), "{}", wrong.stderr);
    assert!(wrong.stderr.contains("the password is wrong"), "{}", wrong.stderr);
}

#[test]
fn aegis_plain_and_encrypted_round_trip() {
    round_trip("aegis", "aegis.json");
    round_trip("aegis-encrypted", "aegis-encrypted.json");
}

#[test]
fn uris_round_trip_and_warn() {
    round_trip("uris", "uris.txt");
    let v = Vault::with_accounts(&ALL);
    let out = v.run(&["export", "--format", "uris"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.contains("unencrypted"), "{}", out.stderr);
    assert!(out.stdout.starts_with("# Unencrypted"));
    assert_eq!(out.stdout.lines().filter(|l| l.starts_with("otpauth://")).count(), 4);
}

#[test]
fn aegis_to_stdout_is_json() {
    let v = Vault::with_accounts(&ALL);
    let out = v.run(&["export", "--format", "aegis"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(json(&out.stdout)["db"]["entries"].as_array().unwrap().len(), 4);
}

#[test]
fn google_qr_writes_numbered_pngs_and_lists_what_it_leaves_out() {
    let v = Vault::with_accounts(&ALL);
    let dir = v.dir.path().join("google");
    let out = export(&v, &["--format", "google-qr", "--out", dir.to_str().unwrap()]);
    // Bank (60 s, 8 digits) and Steam cannot go: exit 1, files written anyway.
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("left out Bank & Co: bob") && out.stderr.contains("left out Steam: gamer"), "{}", out.stderr);
    let png = dir.join("google-export-1-of-1.png");
    assert!(png.is_file(), "{}", out.stdout);
    let fresh = import_fresh(&[&png]);
    let keep = |a: &serde_json::Value| a["issuer"] != "Bank & Co" && a["issuer"] != "Steam";
    let want: Vec<_> = listed(&v).into_iter().filter(keep).collect();
    assert_eq!(listed(&fresh), want);
}

#[test]
fn google_qr_spans_several_images() {
    let base32 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let uris: Vec<String> = (0..23)
        .map(|i| format!("otpauth://totp/S{i}:u{i}?secret=JBSWY3DPEHPK3PX{}&issuer=S{i}", base32[i] as char))
        .collect();
    let refs: Vec<&str> = uris.iter().map(String::as_str).collect();
    let v = Vault::with_accounts(&refs);
    let dir = v.dir.path().join("g");
    let out = export(&v, &["--format", "google-qr", "--out", dir.to_str().unwrap()]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let files: Vec<_> = out.stdout.lines().map(std::path::PathBuf::from).collect();
    assert_eq!(files.len(), 3, "ten accounts a code: {}", out.stdout);
    assert!(files[0].ends_with(format!("google-export-1-of-{}.png", files.len())));
    let paths: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    assert_eq!(listed(&import_fresh(&paths)), listed(&v));
}

#[test]
fn html_is_a_self_contained_page() {
    let v = Vault::with_accounts(&ALL);
    let out = v.run(&["export", "--format", "html"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout.matches("<img").count(), 4);
    assert!(out.stdout.contains("Bank &amp; Co") && !out.stdout.contains("http"));
}

#[test]
fn binary_formats_need_out_and_passwords_cannot_be_empty() {
    let v = Vault::with_accounts(&[GITHUB]);
    for format in ["twofold", "google-qr"] {
        let out = v.run(&["export", "--format", format]);
        assert_eq!(out.code, Some(2), "{format}: {}", out.stderr);
        assert!(out.stderr.contains("--out"), "{}", out.stderr);
    }
    let path = v.dir.path().join("x.json");
    let out = v.run_env(&["export", "--format", "aegis-encrypted", "--out", path.to_str().unwrap()], &[("TWOFOLD_EXPORT_PASSWORD", "")]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(!path.exists());
    // No terminal and no TWOFOLD_EXPORT_PASSWORD: a usage error that says what to do.
    let out = v.run(&["export", "--format", "aegis-encrypted", "--out", path.to_str().unwrap()]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(!path.exists());
}

/// mOTP and Yandex (issue #16), added from the links Aegis writes: their codes, `list --json`
/// without the PIN, and the exports that carry them (links, Aegis, Twofold backup) or cannot
/// (Google's QR codes, which name them).
#[test]
fn motp_and_yandex_make_codes_and_travel_with_their_pin() {
    const MOTP: &str = "motp:/Bank%3Aalice?secret=e3152afee62599c8&issuer=Bank&pin=GEZDGNA";
    const YANDEX: &str = "otpauth://yaotp/Yandex:alice?secret=LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI&issuer=Yandex&pin=G42TQNQ";
    let v = Vault::with_accounts(&[GITHUB, MOTP, YANDEX]);
    let code = |query: &str, at: &str| json(&v.run(&["code", query, "--at", at, "--json"]).stdout);
    let motp = code("Bank", "165892298");
    assert_eq!((motp["type"].as_str(), motp["code"].as_str(), motp["seconds_left"].as_u64()), (Some("motp"), Some("e7d8b6"), Some(2)));
    let yandex = code("Yandex", "1581064020");
    assert_eq!((yandex["type"].as_str(), yandex["code"].as_str()), (Some("yandex"), Some("oactmacq")));

    let list = v.run(&["list", "--json"]);
    // The random ids left out: hex, they may hold "1234" by chance.
    let mut shown = json(&list.stdout);
    shown["accounts"].as_array_mut().unwrap().iter_mut().for_each(|a| drop(a.as_object_mut().unwrap().remove("id")));
    let shown = shown.to_string();
    assert!(!shown.contains("\"pin\"") && !shown.contains("1234") && !shown.contains("7586"), "{shown}");
    let accounts = listed(&v);
    assert_eq!(accounts[1]["type"], "motp");
    assert_eq!(accounts[1]["algorithm"], "MD5");
    assert_eq!((accounts[2]["type"].as_str(), accounts[2]["digits"].as_u64()), (Some("yandex"), Some(8)));

    for (format, file) in [("uris", "uris.txt"), ("aegis", "aegis.json"), ("twofold", "backup.twofold")] {
        let path = v.dir.path().join(file);
        let out = export(&v, &["--format", format, "--out", path.to_str().unwrap()]);
        assert_eq!(out.code, Some(0), "{format}: {}", out.stderr);
        let fresh = import_fresh(&[&path]);
        assert_eq!(listed(&fresh), accounts, "{format}");
        let again = json(&fresh.run(&["code", "Yandex", "--at", "1581064020", "--json"]).stdout);
        assert_eq!(again["code"], "oactmacq", "{format}: the PIN came along");
    }
    let dir = v.dir.path().join("google");
    let out = export(&v, &["--format", "google-qr", "--out", dir.to_str().unwrap()]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("left out Bank: alice") && out.stderr.contains("left out Yandex: alice"), "{}", out.stderr);
    assert!(out.stderr.contains("PIN"), "{}", out.stderr);
}
