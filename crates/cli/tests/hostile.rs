//! Hostile and broken inputs, through the `twofold` binary as a person or a
//! script meets them. Each case of the table must end in a clear error (its
//! message is checked), never a panic (exit 101), within bounded memory (the
//! process runs under `prlimit --as`, an address-space cap far below what
//! reading the input whole would take) and bounded time (a hang guard kills
//! it), and must leave the vault byte for byte as it was, with no stray file
//! beside it.
//!
//! Cases that need the operating system's help run as scripts: a full disk
//! is a 96 KiB tmpfs in a private mount namespace (`unshare`), a read-only
//! folder is enforced for root too by dropping `CAP_DAC_OVERRIDE` (`setpriv`).
//! Every single-byte change of a vault is tried in process by
//! `crates/core/src/vault/tests/tamper.rs`; here a sample of positions goes
//! through the binary. A locked keyring is `keystore_secret_service.rs`
//! (run by `crates/core/tests/run-secret-service-tests.sh`).

mod support;

use std::fs;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{bin, Vault, PASSWORD};

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
/// No input may make `twofold` reserve more address space than this.
const ADDRESS_SPACE: u64 = 1536 * 1024 * 1024;
/// A hang guard, not a benchmark: every case ends in well under a second.
const HANG: Duration = Duration::from_secs(60);

struct Case {
    name: &'static str,
    /// Makes the input in the vault's folder; returns the arguments.
    input: fn(&Vault) -> Vec<String>,
    /// What stderr must say.
    says: &'static str,
}

struct Ran {
    code: Option<i32>,
    stderr: String,
}

/// Runs `twofold` under the address-space cap and the hang guard.
fn run_capped(v: &Vault, args: &[String], env: &[(&str, &str)]) -> Ran {
    let mut c = Command::new("prlimit");
    c.arg(format!("--as={ADDRESS_SPACE}"))
        .arg("--")
        .arg(bin())
        .args(args)
        .env("TWOFOLD_VAULT", &v.path)
        .env("TWOFOLD_PASSWORD", PASSWORD)
        .env("TWOFOLD_FILE_PASSWORD", "pw")
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, val) in env {
        c.env(k, val);
    }
    let mut child = c.spawn().expect("prlimit (util-linux) runs");
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            panic!("{args:?} still running after {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Ran { code: out.status.code(), stderr: String::from_utf8_lossy(&out.stderr).into_owned() }
}

fn arg(p: &Path) -> String {
    p.to_str().unwrap().to_owned()
}

/// A file of `len` bytes that starts with `head` and occupies no disk (sparse).
fn sparse(path: &Path, head: &[u8], len: u64) {
    let mut f = fs::File::create(path).unwrap();
    f.write_all(head).unwrap();
    f.seek(SeekFrom::Start(len - 1)).unwrap();
    f.write_all(&[0]).unwrap();
}

/// A well-formed PNG that declares `w` x `h` pixels (valid CRCs) and holds
/// one tiny compressed row: decoding it whole would need w x h x 3 bytes.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &ihdr);
    // zlib: a stored empty block (the data ends early, as an attacker's would).
    chunk(&mut png, b"IDAT", &[0x78, 0x01, 0x01, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01]);
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend((data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend(data);
    png.extend(&body);
    png.extend(crc32(&body).to_be_bytes());
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Rewrites the vault file's header JSON (see crates/core/src/vault/FORMAT.md).
fn edit_header(v: &Vault, edit: impl FnOnce(&mut serde_json::Value)) {
    let bytes = fs::read(&v.path).unwrap();
    let len = u32::from_le_bytes(bytes[10..14].try_into().unwrap()) as usize;
    let mut header: serde_json::Value = serde_json::from_slice(&bytes[14..14 + len]).unwrap();
    edit(&mut header);
    let json = serde_json::to_vec(&header).unwrap();
    let mut out = bytes[..10].to_vec();
    out.extend((json.len() as u32).to_le_bytes());
    out.extend(json);
    out.extend(&bytes[14 + len..]);
    fs::write(&v.path, out).unwrap();
}

fn in_dir(v: &Vault, name: &str) -> PathBuf {
    v.dir.path().join(name)
}

/// A raw deflate stream inflating to `1 + 258 * matches` zero bytes: one literal zero, then
/// copies of 258 bytes at distance 1 (fixed Huffman codes, RFC 1951 3.2.6), 13 bits each.
fn zeros_deflated(matches: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(matches * 13 / 8 + 16);
    let (mut acc, mut n) = (0u32, 0u32);
    let mut put = |value: u32, len: u32, reversed: bool, out: &mut Vec<u8>| {
        for i in 0..len {
            let bit = if reversed { (value >> (len - 1 - i)) & 1 } else { (value >> i) & 1 };
            acc |= bit << n;
            n += 1;
            if n == 8 {
                out.push(acc as u8);
                (acc, n) = (0, 0);
            }
        }
    };
    put(1, 1, false, &mut out); // BFINAL
    put(1, 2, false, &mut out); // BTYPE 01: fixed codes
    put(0x30, 8, true, &mut out); // literal 0
    for _ in 0..matches {
        put(0xC5, 8, true, &mut out); // length 258 (symbol 285)
        put(0, 5, true, &mut out); // distance 1
    }
    put(0, 7, true, &mut out); // end of block
    put(0, 7, false, &mut out); // flush the last byte
    out
}

/// A zip archive (APPNOTE 4.3) of `(name, method, declared size, data)` entries.
fn zip_of(entries: &[(&str, u16, u32, &[u8])]) -> Vec<u8> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for (name, method, size, data) in entries {
        let offset = out.len() as u32;
        let fields = |out: &mut Vec<u8>| {
            out.extend(20u16.to_le_bytes()); // version needed
            out.extend(0u16.to_le_bytes()); // flags
            out.extend(method.to_le_bytes());
            out.extend([0u8; 4]); // time, date
            out.extend(0u32.to_le_bytes()); // CRC-32, never reached
            out.extend((data.len() as u32).to_le_bytes());
            out.extend(size.to_le_bytes());
            out.extend((name.len() as u16).to_le_bytes());
            out.extend(0u16.to_le_bytes()); // extra field
        };
        out.extend(b"PK\x03\x04");
        fields(&mut out);
        out.extend(name.as_bytes());
        out.extend(*data);
        central.extend(b"PK\x01\x02");
        central.extend(20u16.to_le_bytes()); // version made by
        fields(&mut central);
        central.extend([0u8; 10]); // comment length, disk, internal and external attributes
        central.extend(offset.to_le_bytes());
        central.extend(name.as_bytes());
    }
    let (count, at) = (entries.len().min(0xFFFF) as u16, out.len() as u32);
    let central_len = central.len() as u32;
    out.extend(central);
    out.extend(b"PK\x05\x06\0\0\0\0");
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(central_len.to_le_bytes());
    out.extend(at.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// Gigabyte of zeros: 4,161,790 copies of 258 bytes and one byte.
const GIB_MATCHES: usize = ((1 << 30) - 1) / 258;

/// The Google Authenticator database fixture (from crates/core's tests).
fn google_db() -> Vec<u8> {
    fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/data/import/google_authenticator.db")).unwrap()
}

const CASES: &[Case] = &[
    Case {
        name: "a PNG declaring 50,000 x 50,000 pixels",
        input: |v| {
            let p = in_dir(v, "huge.png");
            fs::write(&p, png_header(50_000, 50_000)).unwrap();
            vec!["qr".into(), arg(&p)]
        },
        says: "the image is too large: 50000 x 50000 pixels",
    },
    Case {
        name: "a 1 GB file offered as an image",
        input: |v| {
            let p = in_dir(v, "gigabyte.png");
            sparse(&p, &png_header(100, 100), 1 << 30);
            vec!["qr".into(), arg(&p)]
        },
        says: "the file is too large for an image",
    },
    Case {
        name: "a 1 GB file offered as an export",
        input: |v| {
            let p = in_dir(v, "gigabyte.json");
            sparse(&p, br#"{"version":1,"header":{"slots":null,"params":null},"db":"#, 1 << 30);
            vec!["import".into(), arg(&p)]
        },
        says: "the file is too large",
    },
    Case {
        name: "deeply nested JSON in an Aegis export",
        input: |v| {
            let p = in_dir(v, "nested.json");
            let depth = 200_000;
            let text = format!(
                r#"{{"version":1,"header":{{"slots":null,"params":null}},"db":{}{}}}"#,
                "[".repeat(depth),
                "]".repeat(depth)
            );
            fs::write(&p, text).unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "this looks like an Aegis vault, but",
    },
    Case {
        name: "invalid UTF-8 offered as a list of links",
        input: |v| {
            let p = in_dir(v, "binary.txt");
            fs::write(&p, b"otpauth://totp/A?secret=JBSWY3DPEHPK3PXP\n\xff\xfe\xfd\x80\n").unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "not an image, a text of links or a known export",
    },
    Case {
        name: "a URI of a megabyte",
        input: |v| {
            let p = in_dir(v, "long-uri.txt");
            let uri = format!("otpauth://totp/A:{}?secret=JBSWY3DPEHPK3PXP", "a".repeat(1 << 20));
            fs::write(&p, uri).unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "too long for an otpauth URI",
    },
    Case {
        name: "an Authy token file whose list of tokens nests 100,000 arrays deep",
        input: |v| {
            let p = in_dir(v, "com.authy.storage.tokens.authenticator.xml");
            let depth = 100_000;
            let xml = format!(
                "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n    \
                 <string name=\"com.authy.storage.tokens.authenticator.key\">{}{}</string>\n</map>\n",
                "[".repeat(depth),
                "]".repeat(depth)
            );
            fs::write(&p, xml).unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "this looks like an Authy token file, but it is damaged",
    },
    Case {
        name: "a Duo Mobile accounts file cut short",
        input: |v| {
            let p = in_dir(v, "accounts.json");
            fs::write(&p, r#"[{"accountType":"OtpAccount","name":"x","otpGenerator":{"otpSecret":"JBSWY3DP"#).unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "this looks like a Duo Mobile accounts file, but it is cut short",
    },
    Case {
        name: "a Battle.net Authenticator file with a secret longer than the app writes",
        input: |v| {
            let p = in_dir(v, "com.blizzard.messenger.authenticator_preferences.xml");
            let xml = format!(
                "<map><string name=\"com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET\">{}</string></map>",
                "00".repeat(100_000)
            );
            fs::write(&p, xml).unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "this looks like a Battle.net Authenticator file, but it is damaged",
    },
    Case {
        name: "a TOTP Authenticator backup cut off inside a block",
        input: |v| {
            let p = in_dir(v, "backup.encrypt");
            fs::write(&p, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJyg=\n").unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "this looks like a TOTP Authenticator backup, but it is cut short",
    },
    Case {
        name: "an Aegis export asking scrypt for 2^30 x 8 x 128 bytes (a terabyte)",
        input: |v| {
            let p = in_dir(v, "scrypt-bomb.json");
            let slot = serde_json::json!({
                "type": 1, "uuid": "01234567-89ab-cdef-0123-456789abcdef",
                "key": "00".repeat(32), "key_params": {"nonce": "00".repeat(12), "tag": "00".repeat(16)},
                "n": 1u64 << 30, "r": 8, "p": 1, "salt": "00".repeat(32), "repaired": true, "is_backup": false
            });
            let file = serde_json::json!({
                "version": 1,
                "header": {"slots": [slot], "params": {"nonce": "00".repeat(12), "tag": "00".repeat(16)}},
                "db": "AAAA"
            });
            fs::write(&p, file.to_string()).unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "asks for a password check too costly to run",
    },
    Case {
        name: "an Ente Auth encrypted export asking Argon2id for 16 GiB",
        input: |v| {
            let p = in_dir(v, "ente-bomb.json");
            let file = serde_json::json!({
                "version": 1,
                "kdfParams": {"memLimit": 1u64 << 34, "opsLimit": 2, "salt": "AAAAAAAAAAAAAAAAAAAAAA=="},
                "encryptedData": "AAAAAAAAAAAAAAAAAAAAAAAA", "encryptionNonce": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            });
            fs::write(&p, file.to_string()).unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "asks for a password check too costly to run",
    },
    Case {
        name: "a Bitwarden password-protected export asking for 4 billion PBKDF2 iterations",
        input: |v| {
            let p = in_dir(v, "bitwarden-bomb.json");
            let s = "2.AAAAAAAAAAAAAAAAAAAAAA==|AAAAAAAAAAAAAAAAAAAAAA==|AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
            let file = serde_json::json!({
                "encrypted": true, "passwordProtected": true, "salt": "c2FsdA==", "kdfType": 0,
                "kdfIterations": 4_000_000_000u64, "encKeyValidation_DO_NOT_EDIT": s, "data": s
            });
            fs::write(&p, file.to_string()).unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "asks for a password check too costly to run",
    },
    Case {
        name: "a Bitwarden password-protected export asking Argon2id for a terabyte",
        input: |v| {
            let p = in_dir(v, "bitwarden-argon2-bomb.json");
            let s = "2.AAAAAAAAAAAAAAAAAAAAAA==|AAAAAAAAAAAAAAAAAAAAAA==|AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
            let file = serde_json::json!({
                "encrypted": true, "passwordProtected": true, "salt": "c2FsdA==", "kdfType": 1,
                "kdfIterations": 3, "kdfMemory": 1u64 << 20, "kdfParallelism": 4,
                "encKeyValidation_DO_NOT_EDIT": s, "data": s
            });
            fs::write(&p, file.to_string()).unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "asks for a password check too costly to run",
    },
    Case {
        name: "deeply nested JSON in a Bitwarden password-protected export",
        input: |v| {
            let p = in_dir(v, "bitwarden-nested.json");
            let depth = 200_000;
            let text = format!(
                r#"{{"encrypted":true,"passwordProtected":true,"salt":"c2FsdA==","data":{}{}}}"#,
                "[".repeat(depth),
                "]".repeat(depth)
            );
            fs::write(&p, text).unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "this looks like a Bitwarden export, but",
    },
    Case {
        name: "a Proton Authenticator encrypted export cut short",
        input: |v| {
            let p = in_dir(v, "proton-cut.json");
            fs::write(&p, r#"{"version":1,"salt":"AAAAAAAAAAAAAAAAAAAAAA==","content":"AAAAAAAA"}"#).unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "this looks like a Proton Authenticator export, but it is cut short",
    },
    Case {
        name: "an Authenticator Pro legacy backup cut short",
        input: |v| {
            let p = in_dir(v, "legacy.authpro");
            let mut bytes = b"AuthenticatorPro".to_vec();
            bytes.extend([7u8; 20 + 16 + 10]);
            fs::write(&p, bytes).unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "this looks like an Authenticator Pro backup, but it is cut short",
    },
    Case {
        name: "a vault asking Argon2id for 4 GiB",
        input: |v| {
            edit_header(v, |h| {
                for slot in h["slots"].as_array_mut().unwrap() {
                    if slot["type"] == "password" {
                        slot["kdf"]["memory_kib"] = serde_json::json!(4u64 << 20);
                    }
                }
            });
            vec!["list".into()]
        },
        says: "more password-hashing work than Twofold allows",
    },
    Case {
        name: "a vault of a future format version",
        input: |v| {
            let mut bytes = fs::read(&v.path).unwrap();
            bytes[8..10].copy_from_slice(&2u16.to_le_bytes());
            fs::write(&v.path, bytes).unwrap();
            vec!["list".into()]
        },
        says: "written by a newer Twofold (format 2)",
    },
    Case {
        name: "a truncated vault",
        input: |v| {
            let bytes = fs::read(&v.path).unwrap();
            fs::write(&v.path, &bytes[..bytes.len() / 2]).unwrap();
            vec!["list".into()]
        },
        says: "truncated",
    },
    Case {
        name: "a vault replaced by a directory",
        input: |v| {
            fs::remove_file(&v.path).unwrap();
            fs::create_dir(&v.path).unwrap();
            vec!["list".into()]
        },
        says: "is a folder, not a vault file",
    },
    Case {
        name: "a vault replaced by a symlink",
        input: |v| {
            let real = in_dir(v, "real.twofold");
            fs::rename(&v.path, &real).unwrap();
            std::os::unix::fs::symlink(&real, &v.path).unwrap();
            vec!["add".into(), "otpauth://totp/New:n?secret=KRSXG5CTMVRXEZLU".into()]
        },
        says: "is a symbolic link",
    },
    Case {
        name: "a zip bomb: Proton Pass' data.json of 1 GiB of zeros, its size declared",
        input: |v| {
            let p = in_dir(v, "bomb.zip");
            let bomb = zeros_deflated(GIB_MATCHES);
            let size = (1 + 258 * GIB_MATCHES) as u32;
            fs::write(&p, zip_of(&[("Proton Pass/data.json", 8, size, &bomb)])).unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "this looks like a Proton Pass export, but it is damaged: a file inside the zip archive unpacks to more than 64 MiB",
    },
    Case {
        name: "a zip bomb lying about its size: Accounts.txt says 783 bytes and inflates to 1 GiB",
        input: |v| {
            let p = in_dir(v, "liar.zip");
            let bomb = zeros_deflated(GIB_MATCHES);
            fs::write(&p, zip_of(&[("Accounts.txt", 8, 783, &bomb)])).unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "this looks like an Authenticator Plus backup, but it is damaged",
    },
    Case {
        name: "a zip entry declaring 4 GiB",
        input: |v| {
            let p = in_dir(v, "declared.zip");
            fs::write(&p, zip_of(&[("Proton Pass/data.json", 0, u32::MAX - 1, b"{}")])).unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "unpacks to more than 64 MiB",
    },
    Case {
        name: "an Authenticator Plus zip of 65,535 entries",
        input: |v| {
            let p = in_dir(v, "many.zip");
            let names: Vec<String> =
                (0..0xFFFF).map(|i| if i == 0 { "Accounts.txt".to_owned() } else { format!("{i:05}.txt") }).collect();
            let entries: Vec<(&str, u16, u32, &[u8])> = names.iter().map(|n| (n.as_str(), 0, 0, &b""[..])).collect();
            fs::write(&p, zip_of(&entries)).unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "this file holds 65535 entries, more than the 10000 accepted",
    },
    Case {
        name: "a Google Authenticator database of 100,001 accounts",
        input: |v| {
            let p = in_dir(v, "huge.db");
            let mut db = rusqlite::Connection::open(&p).unwrap();
            let tx = db.transaction().unwrap();
            tx.execute_batch("CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL, \
                counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0, issuer TEXT, original_name TEXT);")
                .unwrap();
            {
                let mut insert = tx.prepare("INSERT INTO accounts (email, secret, type) VALUES (?1, 'JBSWY3DPEHPK3PXP', 0)").unwrap();
                for i in 0..100_001 {
                    insert.execute([format!("user{i}")]).unwrap();
                }
            }
            tx.commit().unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "more than the 100000 accepted",
    },
    Case {
        name: "a Google Authenticator database with damaged pages",
        input: |v| {
            let p = in_dir(v, "damaged.db");
            let mut bytes = google_db();
            let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
            for (i, b) in bytes[page..].iter_mut().enumerate() {
                *b = (i as u8).wrapping_mul(151) ^ 0x5a;
            }
            fs::write(&p, bytes).unwrap();
            vec!["import".into(), arg(&p)]
        },
        says: "this looks like a Google Authenticator database, but it is damaged",
    },
];

/// The folder's files and their bytes (what a case must not change).
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none_or(|e| e != "png" && e != "json" && e != "txt"))
        .map(|p| {
            let bytes = if p.is_file() && !p.is_symlink() { fs::read(&p).unwrap() } else { Vec::new() };
            (p.file_name().unwrap().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_hostile_input_is_a_clear_error_and_changes_nothing() {
    let mut failures = Vec::new();
    for case in CASES {
        let v = Vault::with_accounts(&[GITHUB]);
        let args = (case.input)(&v);
        let before = snapshot(v.dir.path());
        let ran = run_capped(&v, &args, &[]);
        let after = snapshot(v.dir.path());
        let mut wrong = Vec::new();
        if ran.code == Some(0) {
            wrong.push("succeeded".to_owned());
        }
        if ran.code == Some(101) || ran.stderr.contains("panicked") || ran.code.is_none() {
            wrong.push(format!("crashed (exit {:?})", ran.code));
        }
        if !ran.stderr.contains(case.says) {
            wrong.push(format!("did not say {:?}", case.says));
        }
        if before != after {
            wrong.push("changed the vault's folder".to_owned());
        }
        if !wrong.is_empty() {
            failures.push(format!("{}: {} — stderr: {}", case.name, wrong.join(", "), ran.stderr.trim()));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn changed_bytes_across_a_vault_are_refused_through_the_binary() {
    let v = Vault::with_accounts(&[GITHUB]);
    let good = fs::read(&v.path).unwrap();
    // Magic, version, header length, header, payload and tag: 24 positions spread over the file.
    let positions: Vec<usize> = (0..24).map(|i| i * (good.len() - 1) / 23).collect();
    for at in positions {
        let mut bad = good.clone();
        bad[at] ^= 0x20;
        fs::write(&v.path, &bad).unwrap();
        let ran = run_capped(&v, &["list".into()], &[]);
        assert_ne!(ran.code, Some(0), "byte {at} changed, yet the vault opened");
        assert_ne!(ran.code, Some(101), "byte {at}: {}", ran.stderr);
        assert!(!ran.stderr.contains("panicked"), "byte {at}: {}", ran.stderr);
        let clear = ["damaged", "not a Twofold vault", "truncated", "newer Twofold", "wrong password", "no vault", "password-hashing", "slot"];
        assert!(clear.iter().any(|c| ran.stderr.contains(c)), "byte {at}: unclear message: {}", ran.stderr);
        assert_eq!(fs::read(&v.path).unwrap(), bad, "byte {at}: the damaged file was rewritten");
    }
}

#[test]
fn a_read_only_data_folder_refuses_the_save_and_keeps_the_vault() {
    let v = Vault::with_accounts(&[GITHUB]);
    let before = snapshot(v.dir.path());
    set_mode(v.dir.path(), 0o500);
    // Root ignores permissions; without CAP_DAC_OVERRIDE it cannot.
    let out = Command::new("setpriv")
        .args(["--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"])
        .arg(bin())
        .args(["add", "otpauth://totp/New:n?secret=KRSXG5CTMVRXEZLU"])
        .env("TWOFOLD_VAULT", &v.path)
        .env("TWOFOLD_PASSWORD", PASSWORD)
        .stdin(Stdio::null())
        .output()
        .expect("setpriv (util-linux) runs");
    set_mode(v.dir.path(), 0o700);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Exit 2: a problem with a path, as for a missing vault.
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("Permission denied"), "{stderr}");
    assert_eq!(snapshot(v.dir.path()), before);
    let listed = v.run(&["list"]);
    assert_eq!(listed.code, Some(0));
    assert!(listed.stdout.contains("GitHub") && !listed.stdout.contains("New"));
}

fn set_mode(dir: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir, fs::Permissions::from_mode(mode)).unwrap();
}

/// A full disk: the vault lives on a 96 KiB tmpfs, which is then filled; a
/// save fails with the system's words, and the vault still opens with every
/// account it had. Needs a private mount namespace (`unshare -rm`: root, or
/// unprivileged user namespaces).
#[test]
fn a_full_disk_fails_the_save_and_loses_nothing() {
    let work = tempfile::tempdir().unwrap();
    let script = format!(
        r#"set -u
mnt={mnt}
mount -t tmpfs -o size=96k tmpfs "$mnt"
export TWOFOLD_VAULT="$mnt/vault.twofold" TWOFOLD_PASSWORD={PASSWORD}
"{bin}" init --no-keyring >/dev/null 2>&1 || {{ echo "init failed"; exit 90; }}
"{bin}" add '{GITHUB}' >/dev/null 2>&1 || {{ echo "add failed"; exit 91; }}
dd if=/dev/zero of="$mnt/filler" bs=1k count=200 2>/dev/null
"{bin}" add 'otpauth://totp/New:n?secret=KRSXG5CTMVRXEZLU' 2>"$mnt/../err" && {{ echo "saved on a full disk"; exit 92; }}
rm -f "$mnt/filler"
"{bin}" list 2>&1
echo "files: $(ls -A "$mnt" | tr '\n' ' ')"
"#,
        mnt = work.path().join("mnt").display(),
        bin = bin(),
    );
    fs::create_dir(work.path().join("mnt")).unwrap();
    // A mount namespace of its own for the tiny tmpfs: as root (CI) a plain one, as
    // anyone else inside a user namespace. Root inside a chroot may not make user
    // namespaces, and others may not make mount namespaces alone, so try in that order.
    let own_mounts = if Command::new("unshare").args(["-m", "true"]).status().is_ok_and(|s| s.success()) { "-m" } else { "-rm" };
    let out = Command::new("unshare").args([own_mounts, "sh", "-c", &script]).output().expect("unshare (util-linux) runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "exit {:?}: {stdout} {}", out.status.code(), String::from_utf8_lossy(&out.stderr));
    let err = fs::read_to_string(work.path().join("err")).unwrap();
    assert!(err.contains("No space left on device"), "the failed save said: {err}");
    assert!(stdout.contains("GitHub"), "the vault lost its account: {stdout}");
    assert!(!stdout.contains("New"), "{stdout}");
    // Nothing half-written is left beside the vault (backups `.1`… are whole files).
    let files = stdout.lines().find_map(|l| l.strip_prefix("files: ")).unwrap();
    assert!(!files.contains(".tmp"), "a temporary file was left: {files}");
}

#[test]
fn no_keyring_service_falls_back_to_a_password_and_says_why() {
    let v = Vault::new();
    let out = v.run_env(&["init"], &[("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/twofold-bus")]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.to_lowercase().contains("keyring"), "{}", out.stderr);
    assert_eq!(v.run(&["list"]).code, Some(0));
}
