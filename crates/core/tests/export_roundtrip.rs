//! Every exporter round-trips through its importer: the same accounts (issuer,
//! label, kind, algorithm, digits, period, counter) making the same code at
//! t = 1,700,000,000; the encrypted ones refuse a wrong password.

use twofold_core::export::{self, ExportFormat};
use twofold_core::import::{self, Format, ImportError, ImportResult, Imported};
use twofold_core::vault::{self, Contents, RecoveryKey, Unlock};
use twofold_core::{input, Account, Algorithm, Otp, Secret};

const T: u64 = 1_700_000_000;
const PASSWORD: &str = "correct horse battery staple";

fn secret(seed: u8, len: usize) -> Secret {
    Secret::from_bytes((0..len as u8).map(|i| i.wrapping_mul(31) ^ seed).collect())
}

fn account(issuer: Option<&str>, label: &str, otp: Otp) -> Account {
    Account { issuer: issuer.map(str::to_owned), label: label.to_owned(), otp }
}

/// The canonical set: every kind, hash, odd digits and periods, a large
/// counter, names that need escaping, no issuer.
fn accounts() -> Vec<Account> {
    vec![
        account(Some("GitHub"), "alice@example.com", Otp::totp(secret(1, 20), Algorithm::Sha1, 6, 30).unwrap()),
        account(Some("Bank & Co"), "bob+savings", Otp::totp(secret(2, 32), Algorithm::Sha512, 8, 60).unwrap()),
        account(Some("Ünïcødé <Ltd>"), "zoë \"quoted\"", Otp::totp(secret(3, 32), Algorithm::Sha256, 8, 30).unwrap()),
        account(Some("Counter"), "hotp", Otp::hotp(secret(4, 20), Algorithm::Sha1, 6, 42).unwrap()),
        account(Some("BigCounter"), "hotp-big", Otp::hotp(secret(5, 20), Algorithm::Sha256, 7, 1 << 40).unwrap()),
        account(Some("Steam"), "gamer", Otp::steam(secret(6, 20)).unwrap()),
        account(None, "no-issuer", Otp::totp(secret(7, 10), Algorithm::Sha1, 6, 30).unwrap()),
    ]
}

fn contents() -> Contents {
    let mut c = Contents::default();
    c.add_all(accounts(), 1_000).unwrap();
    let ids: Vec<_> = c.entries().iter().map(|e| *e.id()).collect();
    let patch = vault::EntryPatch {
        tags: Some(vec!["work".into(), "money".into()]),
        note: Some("the savings one".into()),
        favourite: Some(true),
        ..Default::default()
    };
    c.update(&ids[1], patch, 2_000).unwrap();
    let icon = vault::EntryPatch { icon: Some(Some(ICON.into())), tags: Some(vec!["work".into()]), ..Default::default() };
    c.update(&ids[0], icon, 2_000).unwrap();
    c
}

/// The eight-byte PNG signature as a data URI: enough for an icon to survive.
const ICON: &str = "data:image/png;base64,iVBORw0KGgo=";

/// What must survive, as comparable text.
fn shape(a: &Account) -> String {
    let o = &a.otp;
    format!(
        "{:?}|{}|{}|{}|{}|{:?}|{:?}|{}",
        a.issuer,
        a.label,
        o.kind().as_str(),
        o.algorithm().as_str(),
        o.digits(),
        o.period(),
        o.counter(),
        o.code_at(T)
    )
}

fn shapes<'a>(accounts: impl IntoIterator<Item = &'a Account>) -> Vec<String> {
    accounts.into_iter().map(shape).collect()
}

fn imported(result: &ImportResult) -> Vec<String> {
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    shapes(result.accounts.iter().map(|a| &a.account))
}

fn ready(bytes: &[u8]) -> ImportResult {
    match import::read(bytes).unwrap() {
        Imported::Ready(r) => r,
        Imported::NeedsPassword(e) => panic!("{:?} asks for a password", e.format()),
    }
}

fn locked(bytes: &[u8]) -> import::Encrypted {
    match import::read(bytes).unwrap() {
        Imported::NeedsPassword(e) => e,
        Imported::Ready(_) => panic!("not encrypted"),
    }
}

#[test]
fn aegis_plain_round_trips_with_groups_notes_favourites() {
    let c = contents();
    let json = export::aegis_json(c.entries()).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["version"], 1);
    assert!(value["header"]["slots"].is_null() && value["header"]["params"].is_null());
    assert_eq!(value["db"]["version"], 3);
    assert_eq!(import::detect(json.as_bytes()), Some(Format::Aegis));
    let result = ready(json.as_bytes());
    assert_eq!(result.format, Format::Aegis);
    assert_eq!(imported(&result), shapes(&accounts()));
    let bank = &result.accounts[1];
    assert_eq!(bank.groups, ["work", "money"]);
    assert_eq!(bank.note.as_deref(), Some("the savings one"));
    assert!(bank.favourite);
    assert!(!result.accounts[0].favourite && result.accounts[0].groups == ["work"]);
    assert_eq!(result.accounts[0].icon.as_deref(), Some(ICON));
    let groups = value["db"]["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "one Aegis group per distinct tag");
    let uuid = value["db"]["entries"][0]["uuid"].as_str().unwrap();
    assert!(uuid.len() == 36 && uuid.as_bytes()[14] == b'4', "a version 4 UUID: {uuid}");
}

#[test]
fn aegis_encrypted_round_trips_and_refuses_a_wrong_password() {
    let c = contents();
    let json = export::aegis_encrypted(c.entries(), PASSWORD).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let slot = &value["header"]["slots"][0];
    assert_eq!((slot["type"].as_u64(), slot["n"].as_u64(), slot["r"].as_u64(), slot["p"].as_u64()), (Some(1), Some(32768), Some(8), Some(1)));
    assert_eq!(slot["salt"].as_str().unwrap().len(), 64);
    assert_eq!(value["header"]["params"]["nonce"].as_str().unwrap().len(), 24);
    assert_eq!(value["header"]["params"]["tag"].as_str().unwrap().len(), 32);
    assert!(value["db"].is_string());
    assert!(!json.contains(&*c.entries()[0].otp.secret().to_base32()), "no secret in the clear");
    let encrypted = locked(json.as_bytes());
    assert_eq!(encrypted.format(), Format::Aegis);
    assert!(matches!(encrypted.decrypt("wrong"), Err(ImportError::WrongPassword)));
    let result = encrypted.decrypt(PASSWORD).unwrap();
    assert_eq!(imported(&result), shapes(&accounts()));
    assert_eq!(result.accounts[1].groups, ["work", "money"]);
    assert!(matches!(export::aegis_encrypted(c.entries(), ""), Err(export::ExportError::EmptyPassword)));
}

#[test]
fn uri_list_round_trips_through_import_and_input() {
    let c = contents();
    let text = export::uri_list(c.entries());
    assert!(text.starts_with("# Unencrypted: anyone who reads this file can make your codes\n"));
    assert_eq!(text.lines().count(), accounts().len() + 1);
    let result = ready(text.as_bytes());
    assert_eq!(result.format, Format::OtpauthList);
    assert_eq!(imported(&result), shapes(&accounts()));
    let found = input::read_text("export.txt", &text);
    assert!(found.errors.is_empty(), "{:?}", found.errors);
    let read: Vec<_> = found.accounts.into_iter().map(|a| a.account).collect();
    assert_eq!(shapes(&read), shapes(&accounts()));
}

#[test]
fn google_qr_round_trips_and_lists_what_it_leaves_out() {
    // Fifteen more accounts, so the export spans several QR codes.
    let mut c = contents();
    let more: Vec<Account> = (0..15u8)
        .map(|i| account(Some(&format!("Service {i}")), &format!("user{i}@example.com"), Otp::totp(secret(40 + i, 20), Algorithm::Sha1, 6, 30).unwrap()))
        .collect();
    c.add_all(more, 3_000).unwrap();
    let export = export::google_qr(c.entries()).unwrap();
    assert!(export.images.len() >= 2, "{} images", export.images.len());
    assert_eq!(export.images.len(), export.links.len());
    let left: Vec<_> = export.left_out.iter().map(|l| (l.index, l.name.as_str())).collect();
    // 60 s period, 7 digits, Steam.
    assert_eq!(left, [(1, "Bank & Co: bob+savings"), (4, "BigCounter: hotp-big"), (5, "Steam: gamer")]);
    assert!(export.left_out.iter().all(|l| !l.reason.is_empty()));
    let expected: Vec<Account> = c
        .entries()
        .iter()
        .enumerate()
        .filter(|(i, _)| !left.iter().any(|(j, _)| j == i))
        .map(|(_, e)| e.account())
        .collect();
    let inputs: Vec<&[u8]> = export.images.iter().rev().map(Vec::as_slice).collect();
    let result = import::read_google_export(&inputs).unwrap();
    let mut got = imported(&result);
    let mut want = shapes(&expected);
    got.sort();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn twofold_backup_round_trips_with_a_password_only() {
    let c = contents();
    let recovery = RecoveryKey::generate().unwrap();
    let bytes = export::twofold_backup(&c, PASSWORD, Some(recovery.public_key())).unwrap();
    assert_eq!(import::detect(&bytes), Some(Format::TwofoldBackup));
    let info = vault::inspect_bytes::<Contents>(&bytes).unwrap();
    assert!(info.has_slot(vault::SlotType::Password) && info.has_slot(vault::SlotType::Recovery));
    assert!(!info.has_slot(vault::SlotType::Keyring));
    let encrypted = locked(&bytes);
    assert_eq!(encrypted.format(), Format::TwofoldBackup);
    assert!(matches!(encrypted.decrypt("wrong"), Err(ImportError::WrongPassword)));
    let result = encrypted.decrypt(PASSWORD).unwrap();
    assert_eq!(imported(&result), shapes(&accounts()));
    assert_eq!(result.accounts[1].groups, ["work", "money"]);
    assert!(result.accounts[1].favourite);
    // The whole vault, settings and ids too, opens with the recovery key.
    let loaded = vault::open_bytes::<Contents>(&bytes, &Unlock::RecoveryKey(&recovery)).unwrap();
    assert_eq!(loaded.contents, c);
    assert!(matches!(export::twofold_backup(&c, "", None), Err(export::ExportError::EmptyPassword)));
}

#[test]
fn a_cut_twofold_backup_is_refused() {
    let bytes = export::twofold_backup(&contents(), PASSWORD, None).unwrap();
    let cut = &bytes[..bytes.len() - 10];
    let err = match import::read(cut) {
        Err(e) => e,
        Ok(Imported::NeedsPassword(e)) => e.decrypt(PASSWORD).unwrap_err(),
        Ok(Imported::Ready(_)) => panic!("read"),
    };
    assert!(matches!(err, ImportError::Truncated { format: Format::TwofoldBackup }), "{err:?}");
}

#[test]
fn printable_page_has_a_card_per_account_and_nothing_remote() {
    let c = contents();
    let page = export::printable_page(c.entries()).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(page.matches("<img").count(), c.len());
    assert!(!page.to_ascii_lowercase().contains("http"), "no remote resource");
    assert!(page.contains("Keep this page secret"));
    assert!(page.contains("GitHub") && page.contains("Bank &amp; Co") && page.contains("Ünïcødé &lt;Ltd&gt;"));
    assert!(!page.contains("<Ltd>"), "names are escaped");
    assert_eq!(page.matches("data:image/png;base64,").count(), c.len());
    // Each card's QR code holds that account's URI.
    let start = page.find("data:image/png;base64,").unwrap() + "data:image/png;base64,".len();
    let end = start + page[start..].find('"').unwrap();
    let png = data_encoding::BASE64.decode(page[start..end].as_bytes()).unwrap();
    let payloads = twofold_core::qr::decode_image_bytes(&png).unwrap();
    let account = twofold_core::uri::parse(&payloads[0]).unwrap();
    assert_eq!(shape(&account), shape(&accounts()[0]));
}

#[test]
fn formats_describe_themselves() {
    for f in ExportFormat::ALL {
        assert!(!f.name().is_empty() && !f.extension().is_empty());
    }
    assert!(ExportFormat::TwofoldBackup.needs_password() && ExportFormat::AegisEncrypted.needs_password());
    assert!(!ExportFormat::GoogleQr.is_text() && !ExportFormat::TwofoldBackup.is_text());
}
