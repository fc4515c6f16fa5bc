//! Shared by the import tests: the fixtures, their manifest and the canonical accounts.

#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;
use twofold_core::import::{self, Format, ImportResult, Imported};

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/import")
}

pub fn bytes(file: &str) -> Vec<u8> {
    std::fs::read(dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn json(file: &str) -> Value {
    serde_json::from_slice(&bytes(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// One canonical account (see `gen.py`).
#[derive(Debug, Clone)]
pub struct Canonical {
    pub id: String,
    pub issuer: Option<String>,
    pub label: String,
    pub kind: String,
    pub algorithm: String,
    pub digits: u8,
    pub period: Option<u32>,
    pub counter: Option<u64>,
    pub secret: String,
    pub code: String,
    pub groups: Vec<String>,
    pub note: Option<String>,
    pub favourite: bool,
    pub icon: Option<String>,
    /// The PIN of an mOTP or Yandex account.
    pub pin: Option<String>,
}

pub struct Canon {
    pub time: u64,
    pub entries: Vec<Canonical>,
}

impl Canon {
    pub fn get(&self, id: &str) -> &Canonical {
        self.entries.iter().find(|e| e.id == id).unwrap_or_else(|| panic!("no canonical entry {id}"))
    }
}

pub fn canonical() -> Canon {
    let v = json("canonical.json");
    let entries = v["entries"].as_array().unwrap().iter().map(account_of).collect();
    Canon { time: v["time"].as_u64().unwrap(), entries }
}

/// An expected account as `canonical.json` (or a manifest entry's `accounts`) writes it.
fn account_of(e: &Value) -> Canonical {
    let text = |e: &Value, k: &str| e[k].as_str().map(str::to_owned);
    Canonical {
        id: text(e, "id").unwrap(),
        issuer: text(e, "issuer"),
        label: text(e, "label").unwrap(),
        kind: text(e, "type").unwrap(),
        algorithm: text(e, "algorithm").unwrap(),
        digits: e["digits"].as_u64().unwrap() as u8,
        period: e["period"].as_u64().map(|p| p as u32),
        counter: e["counter"].as_u64(),
        secret: text(e, "secret").unwrap(),
        code: text(e, "code").unwrap(),
        groups: e["groups"].as_array().unwrap().iter().map(|g| g.as_str().unwrap().to_owned()).collect(),
        note: text(e, "note"),
        favourite: e["favourite"].as_bool().unwrap(),
        icon: text(e, "icon"),
        pin: text(e, "pin"),
    }
}

/// One fixture as `manifest.json` describes it.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub file: String,
    pub format: Format,
    pub password: Option<String>,
    pub ids: Vec<String>,
    /// Per canonical id: the issuer this format gives instead (`None` inside: no issuer).
    pub issuer_overrides: Vec<(String, Option<String>)>,
    pub metadata: Vec<String>,
    pub skipped: usize,
    /// The ids whose secret the file spells non-canonically: those accounts carry a warning.
    pub warned: Vec<String>,
    /// Expected accounts outside the canonical set (Authy's 10-second tokens, Battle.net's),
    /// which `ids` may name besides canonical ones.
    pub accounts: Vec<Canonical>,
}

impl Fixture {
    pub fn bytes(&self) -> Vec<u8> {
        bytes(&self.file)
    }

    pub fn is_image(&self) -> bool {
        self.file.ends_with(".png")
    }

    /// The expected account `id`: one of the fixture's own, else the canonical one.
    pub fn expected<'a>(&'a self, canon: &'a Canon, id: &str) -> &'a Canonical {
        self.accounts.iter().find(|a| a.id == id).unwrap_or_else(|| canon.get(id))
    }

    pub fn has(&self, metadata: &str) -> bool {
        self.metadata.iter().any(|m| m == metadata)
    }
}

pub fn format_named(name: &str) -> Format {
    match name {
        "Aegis" => Format::Aegis,
        "TwoFas" => Format::TwoFas,
        "AndOtp" => Format::AndOtp,
        "AndOtpEncrypted" => Format::AndOtpEncrypted,
        "AuthenticatorPro" => Format::AuthenticatorPro,
        "Bitwarden" => Format::Bitwarden,
        "FreeOtp" => Format::FreeOtp,
        "LastPass" => Format::LastPass,
        "KeePassXc" => Format::KeePassXc,
        "Ente" => Format::Ente,
        "FreeOtpPlus" => Format::FreeOtpPlus,
        "Proton" => Format::Proton,
        "SteamGuard" => Format::SteamGuard,
        "Authy" => Format::Authy,
        "BattleNet" => Format::BattleNet,
        "DuoMobile" => Format::DuoMobile,
        "TotpAuthenticator" => Format::TotpAuthenticator,
        "GoogleMigration" => Format::GoogleMigration,
        "OtpauthList" => Format::OtpauthList,
        "GoogleAuthenticatorDb" => Format::GoogleAuthenticatorDb,
        "MicrosoftAuthenticator" => Format::MicrosoftAuthenticator,
        "AuthenticatorPlus" => Format::AuthenticatorPlus,
        "WinAuth" => Format::WinAuth,
        "ProtonPass" => Format::ProtonPass,
        other => panic!("unknown format {other} in the manifest"),
    }
}

pub fn fixtures() -> Vec<Fixture> {
    let v = json("manifest.json");
    v["fixtures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let password = f["password_file"].as_str().map(|p| String::from_utf8(bytes(p)).unwrap());
            let issuer_overrides = f["overrides"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(id, o)| (id.clone(), o["issuer"].as_str().map(str::to_owned)))
                .collect();
            Fixture {
                file: f["file"].as_str().unwrap().to_owned(),
                format: format_named(f["format"].as_str().unwrap()),
                password,
                ids: f["ids"].as_array().unwrap().iter().map(|i| i.as_str().unwrap().to_owned()).collect(),
                issuer_overrides,
                metadata: f["metadata"].as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_owned()).collect(),
                skipped: f["skipped"].as_u64().unwrap() as usize,
                warned: f["warned"].as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_owned()).collect(),
                accounts: f.get("accounts").and_then(Value::as_array).map_or(Vec::new(), |a| a.iter().map(account_of).collect()),
            }
        })
        .collect()
}

/// Reads a fixture all the way, decrypting with its password when it has one.
pub fn import_fully(fixture: &Fixture) -> ImportResult {
    match import::read(&fixture.bytes()).unwrap_or_else(|e| panic!("{}: {e}", fixture.file)) {
        Imported::Ready(result) => {
            assert!(fixture.password.is_none(), "{}: expected to need a password", fixture.file);
            result
        }
        Imported::NeedsPassword(locked) => {
            let password = fixture.password.as_deref().unwrap_or_else(|| panic!("{}: no password file", fixture.file));
            locked.decrypt(password).unwrap_or_else(|e| panic!("{}: {e}", fixture.file))
        }
    }
}
