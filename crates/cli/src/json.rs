//! The JSON shapes scripts rely on (see the README). Field names are stable.

use serde::Serialize;
use twofold_core::input::Found;
use twofold_core::Account;

#[derive(Serialize)]
struct AccountJson<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    issuer: Option<&'a str>,
    label: &'a str,
    secret: &'a str,
    /// The PIN of an mOTP or Yandex account, shown with the secret (absent for other kinds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pin: Option<&'a str>,
    algorithm: &'static str,
    digits: u8,
    period: Option<u32>,
    counter: Option<u64>,
    /// What was let pass in reading it (a loosely written or mistyped-looking secret).
    warnings: &'a [String],
}

#[derive(Serialize)]
struct InspectionJson<'a> {
    /// Every format met, joined by ", " (kept for scripts written before `files`).
    format: &'a str,
    files: Vec<FileJson<'a>>,
    accounts: Vec<AccountJson<'a>>,
    errors: Vec<ErrorJson<'a>>,
    skipped: Vec<SkippedJson<'a>>,
}

#[derive(Serialize)]
struct FileJson<'a> {
    source: &'a str,
    format: &'a str,
}

#[derive(Serialize)]
struct SkippedJson<'a> {
    source: &'a str,
    /// 0-based, as the file lists it.
    index: usize,
    name: &'a str,
    /// `no_code`, `trashed`: stable, for programs.
    reason: &'static str,
    /// The reason in words.
    message: String,
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    source: &'a str,
    line: Option<usize>,
    message: String,
}

/// `{"format":..,"files":[...],"accounts":[...],"errors":[...],"skipped":[...]}` for
/// `inspect --json`; secrets included, on purpose.
pub fn inspection(found: &Found, format: &str, files: &[(String, &'static str)]) -> String {
    let secrets: Vec<_> = found.accounts.iter().map(|a| a.account.otp.secret().to_base32()).collect();
    let accounts: Vec<_> = found
        .accounts
        .iter()
        .zip(&secrets)
        .map(|(a, s)| AccountJson { warnings: &a.warnings, ..account(&a.account, s) })
        .collect();
    let errors: Vec<_> = found
        .errors
        .iter()
        .map(|e| ErrorJson { source: &e.source, line: e.line, message: e.message.clone() })
        .collect();
    let files = files.iter().map(|(source, format)| FileJson { source, format }).collect();
    let skipped = found
        .skipped_items
        .iter()
        .map(|s| SkippedJson {
            source: &s.source,
            index: s.item.index,
            name: &s.item.name,
            reason: s.item.reason.code(),
            message: s.item.reason.to_string(),
        })
        .collect();
    serde_json::to_string(&InspectionJson { format, files, accounts, errors, skipped })
        .expect("plain structs always serialize")
}

fn account<'a>(a: &'a Account, secret: &'a str) -> AccountJson<'a> {
    let otp = &a.otp;
    AccountJson {
        kind: otp.kind().as_str(),
        issuer: a.issuer.as_deref(),
        label: &a.label,
        secret,
        pin: otp.pin().map(twofold_core::otp::Pin::as_str),
        algorithm: otp.hash_name(),
        digits: otp.digits(),
        period: otp.period(),
        counter: otp.counter(),
        warnings: &[],
    }
}

#[derive(Serialize)]
struct ListEntryJson<'a> {
    id: String,
    issuer: Option<&'a str>,
    label: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    algorithm: &'static str,
    digits: u8,
    period: Option<u32>,
    counter: Option<u64>,
    tags: &'a [String],
    favourite: bool,
    note: &'a str,
    sites: Vec<String>,
}

#[derive(Serialize)]
struct ListJson<'a> {
    accounts: Vec<ListEntryJson<'a>>,
}

/// `{"accounts":[...]}` for `list --json`: metadata only, never a secret.
pub fn list(entries: &[twofold_core::vault::Entry]) -> String {
    let accounts = entries
        .iter()
        .map(|e| ListEntryJson {
            id: e.id().to_string(),
            issuer: e.issuer.as_deref(),
            label: &e.label,
            kind: e.otp.kind().as_str(),
            algorithm: e.otp.hash_name(),
            digits: e.otp.digits(),
            period: e.otp.period(),
            counter: e.otp.counter(),
            tags: &e.tags,
            favourite: e.favourite,
            note: &e.note,
            sites: e.sites.iter().map(|s| s.to_string()).collect(),
        })
        .collect();
    serde_json::to_string(&ListJson { accounts }).expect("plain structs always serialize")
}
