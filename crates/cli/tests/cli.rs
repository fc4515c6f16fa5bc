//! The `twofold` binary from outside, as scripts use it: the RFC vectors through
//! `twofold code`, and `twofold inspect --json` on tricky files and Google exports.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn twofold(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_twofold")).args(args).output().expect("twofold runs")
}

fn core_data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/data").join(name)
}

fn own_data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

/// Tab-separated rows of a vector file, without comments.
fn rows(name: &str) -> Vec<Vec<String>> {
    std::fs::read_to_string(core_data(name))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

fn code(uri: &str, at: &str) -> String {
    let out = twofold(&["code", "--uri", uri, "--at", at]);
    assert!(out.status.success(), "{uri}: {}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.ends_with('\n') && stdout.lines().count() == 1, "a line alone: {stdout:?}");
    stdout.trim_end().to_owned()
}

#[test]
fn rfc6238_vectors_through_twofold_code() {
    let rows = rows("rfc6238.tsv");
    assert_eq!(rows.len(), 18);
    for r in rows {
        let uri = format!("otpauth://totp/RFC6238:test?secret={}&algorithm={}&digits=8&period=30", r[0], r[1]);
        assert_eq!(code(&uri, &r[2]), r[3], "{} at {}", r[1], r[2]);
    }
}

#[test]
fn rfc4226_vectors_through_twofold_code() {
    for r in rows("rfc4226.tsv") {
        let uri = format!("otpauth://hotp/RFC4226:test?secret={}&counter={}", r[0], r[1]);
        assert_eq!(code(&uri, "0"), r[2], "counter {}", r[1]);
    }
}

#[test]
fn steam_and_long_codes_through_twofold_code() {
    for r in rows("steam.tsv") {
        let uri = format!("otpauth://steam/Steam:gabe?secret={}&issuer=Steam", r[0]);
        assert_eq!(code(&uri, &r[1]), r[2]);
    }
    for r in rows("long_digits.tsv") {
        let uri = format!("otpauth://totp/Long:test?secret={}&algorithm={}&digits={}&period={}", r[0], r[1], r[2], r[3]);
        assert_eq!(code(&uri, &r[4]), r[5]);
    }
}

#[test]
fn code_refuses_a_bad_uri_with_one_line_and_exit_1() {
    let out = twofold(&["code", "--uri", "otpauth://totp/X:y?secret=JBSWY3DPEHPK3PX1", "--at", "0"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("twofold: "), "{err}");
    assert!(!err.contains("JBSWY3DPEHPK3PX1"), "the secret must not be echoed: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(twofold(&["code"]).status.code(), Some(2));
    assert_eq!(twofold(&["inspect"]).status.code(), Some(2));
    assert_eq!(twofold(&["code", "--uri", "x", "--at", "yesterday"]).status.code(), Some(2));
    let missing = twofold(&["inspect", "/nonexistent/uris.txt"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/uris.txt"));
}

fn inspect_json(args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["inspect", "--json"];
    all.extend_from_slice(args);
    let out = twofold(&all);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code(), json)
}

#[test]
fn inspect_reads_a_file_of_tricky_uris_and_names_each_bad_line() {
    let file = own_data("tricky-uris.txt");
    let (status, json) = inspect_json(&[file.to_str().unwrap()]);
    assert_eq!(status, Some(1), "some lines are bad");

    let accounts = json["accounts"].as_array().unwrap();
    let summary: Vec<String> = accounts
        .iter()
        .map(|a| {
            format!(
                "{}|{}|{}|{}|{}|{}|{}|{}",
                a["type"].as_str().unwrap(),
                a["issuer"].as_str().unwrap_or("-"),
                a["label"].as_str().unwrap(),
                a["secret"].as_str().unwrap(),
                a["algorithm"].as_str().unwrap(),
                a["digits"],
                a["period"],
                a["counter"]
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            "totp|GitHub|alice@example.com|JBSWY3DPEHPK3PXP|SHA1|6|30|null",
            "totp|Google|bob@gmail.com|JBSWY3DPEHPK3PXP|SHA1|6|30|null",
            "totp|ACME Co|carol+2fa@example.com|GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ|SHA256|8|60|null",
            "hotp|Example|dave|GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ|SHA1|6|null|18446744073709551615",
            "totp|Bücher.de|eve|JBSWY3DPEHPK3PXP|SHA512|6|30|null",
            "totp|-|nobody|JBSWY3DPEHPK3PXP|SHA1|6|30|null",
            "steam|Steam|frank|GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ|SHA1|5|30|null",
        ]
    );

    let errors = json["errors"].as_array().unwrap();
    let lines: Vec<u64> = errors.iter().map(|e| e["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [10, 11, 12, 13, 14, 15, 16], "every bad line, by number");
    for e in errors {
        assert_eq!(e["source"].as_str().unwrap(), file.to_str().unwrap());
        let m = e["message"].as_str().unwrap();
        assert!(m.len() > 10 && !m.contains('\n'), "a sentence: {m}");
    }
    let message = |line: u64| errors.iter().find(|e| e["line"] == line).unwrap()["message"].as_str().unwrap().to_lowercase();
    assert!(message(10).contains("base32"), "{}", message(10));
    assert!(message(11).contains("digits"), "{}", message(11));
    assert!(message(12).contains("period"), "{}", message(12));
    assert!(message(13).contains("counter"), "{}", message(13));
    assert!(message(14).contains("type") || message(14).contains("xotp"), "{}", message(14));
    assert!(message(15).contains("otpauth"), "{}", message(15));
    assert!(message(16).contains("secret"), "{}", message(16));
}

#[test]
fn inspect_reads_a_google_export_uri() {
    // Ten entries; the ninth uses MD5, which no app can make codes with.
    let uri = std::fs::read_to_string(core_data("migration/ten_accounts.percent.txt")).unwrap();
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(core_data("migration/ten_accounts.json")).unwrap()).unwrap();
    let (status, json) = inspect_json(&[uri.trim()]);
    assert_eq!(status, Some(1), "the MD5 entry is an error: {json}");
    let got = json["accounts"].as_array().unwrap();
    let want = expected["accounts"].as_array().unwrap();
    assert_eq!(got.len(), 9);
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        for field in ["issuer", "label", "secret", "algorithm", "digits", "type", "period"] {
            assert_eq!(g[field], w[field], "{field} of {w}");
        }
    }
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    let message = errors[0]["message"].as_str().unwrap();
    assert!(message.contains("Old Corp") && message.contains("MD5"), "{message}");
    assert_eq!(errors[0]["source"], "otpauth-migration://offline", "the source names the URI without its secrets");
}

#[test]
fn inspect_assembles_a_two_part_export_and_reports_a_missing_part() {
    let part1 = core_data("migration/two_batches.1.txt");
    let part2 = core_data("migration/two_batches.2.txt");
    let (status, both) = inspect_json(&[part2.to_str().unwrap(), part1.to_str().unwrap()]);
    assert_eq!(status, Some(0), "{both}");
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(core_data("migration/two_batches.json")).unwrap()).unwrap();
    assert_eq!(both["accounts"].as_array().unwrap().len(), expected["accounts"].as_array().unwrap().len());

    let (status, one) = inspect_json(&[part1.to_str().unwrap()]);
    assert_eq!(status, Some(1));
    let errors = one["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{one}");
    assert!(errors[0]["message"].as_str().unwrap().contains("2 of 2"), "{one}");
    assert!(!one["accounts"].as_array().unwrap().is_empty(), "the part we have still shows");
}

/// Output that cannot be written is no bug: a full disk is said in a line, a closed pipe
/// (`twofold inspect … | head -n1`) ends the CLI quietly, by SIGPIPE, as it ends `cat`.
#[cfg(target_os = "linux")]
#[test]
fn output_that_cannot_be_written_is_said_or_ends_quietly() {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;

    let links = core_data("import/otpauth_list.txt");
    let links = links.to_str().unwrap();
    let full = Command::new(env!("CARGO_BIN_EXE_twofold"))
        .args(["inspect", "--json", links])
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&full.stderr);
    assert_eq!(full.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the output could not be written"), "{stderr}");
    assert!(!stderr.contains("internal error"), "{stderr}");

    // More lines than a pipe holds, so a write meets the closed end whenever it comes.
    let dir = tempfile::tempdir().unwrap();
    let many = dir.path().join("many.txt");
    let lines: Vec<String> = (0..3000).map(|i| format!("otpauth://totp/Site{i}:someone{i}?secret=JBSWY3DPEHPK3PXP&issuer=Site{i}")).collect();
    std::fs::write(&many, lines.join("\n")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_twofold"))
        .args(["inspect", many.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(libc::SIGPIPE), "{status:?}: {stderr}");
    assert_eq!(stderr, "");
}
