//! Which format a file is, from its content alone (file names lie and are not given).
//!
//! - An image (by magic bytes) is taken for the QR codes of a Google export.
//! - Twofold's own vault magic (`TWOFOLD\0`) is a Twofold backup; Java
//!   serialization's magic (`AC ED 00 05`) is a FreeOTP 2 backup;
//!   `AUTHENTICATORPRO` (or the legacy `AuthenticatorPro`) an encrypted
//!   Authenticator Pro backup. These come before the andOTP guess below.
//! - Binary that is not text and not a known container is taken for an
//!   encrypted andOTP backup, as Aegis does: andOTP's `.json.aes` has no magic
//!   number, only random-looking bytes (and, since 0.6.3, an iteration count).
//! - JSON is recognised by the keys each app writes (Aegis `header` + `db`,
//!   2FAS `schemaVersion`, FreeOTP+ `tokens`, …). JSON that does not parse (a
//!   file cut short) is recognised by the keys that appear near its start, so
//!   the reader can say "this Aegis vault is cut short" instead of "unknown".
//! - Android preference files (XML) from rooted phones are named by the
//!   entry that holds the secrets: Authy's `com.authy.storage.tokens.*.key`,
//!   Battle.net's `AUTHENTICATOR_DEVICE_SECRET` or `AUTH_STORE.HASH`, TOTP
//!   Authenticator's `STATIC_TOTP_CODES_LIST`, FreeOTP's `tokenOrder` (or its
//!   tokens). A JSON array of objects with `otpGenerator` is Duo Mobile's.
//! - Text that is only base64 (both cases of letters, at least two AES
//!   blocks) is taken for a TOTP Authenticator backup, which is nothing else.
//! - Text is lines of links: `otpauth-migration://` only is a Google export,
//!   `otpauth://` with Ente's `codeDisplay` parameter is Ente Auth, other
//!   `otpauth://` lines (and mOTP's `motp:` links) are a plain list.

use serde_json::Value;

use super::json::Json;
use super::{Format, ImportError};
use crate::qr;

/// The smallest encrypted andOTP file: a 12-byte IV and a 16-byte tag.
pub(super) const ANDOTP_MIN_LEN: usize = 12 + 16;
/// How much of a damaged JSON file is searched for telltale keys.
const SNIFF_LEN: usize = 64 * 1024;

/// The format of an export, judged from its bytes; `None` when it is none of them.
///
/// A file whose beginning is recognisable is named even when it is cut
/// short or damaged, so that reading it can say what is wrong. Encrypted
/// variants are named by their own keys (Bitwarden's password-protected and
/// account-restricted exports, Ente's and Proton's encrypted ones, …)
/// are named too, for the same reason.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    if bytes.is_empty() {
        return None;
    }
    if qr::is_image(bytes) {
        return Some(Format::GoogleMigration);
    }
    if bytes.starts_with(&crate::vault::MAGIC) {
        return Some(Format::TwofoldBackup);
    }
    // Formats with a header of their own come before the guess that binary
    // is andOTP: a FreeOTP 2 backup or an encrypted Authenticator Pro file
    // taken for andOTP would refuse even the right password.
    if super::java_map::is_serialized(bytes) {
        return Some(Format::FreeOtp);
    }
    if bytes.starts_with(super::authpro::MAGIC) || bytes.starts_with(super::authpro::LEGACY_MAGIC) {
        return Some(Format::AuthenticatorPro);
    }
    if super::archive::is_zip(bytes) {
        return zip_format(bytes);
    }
    if bytes.starts_with(super::sqlite::MAGIC) {
        return sqlite_format(bytes);
    }
    let text = match text_of(bytes) {
        Some(text) => text,
        None => return binary(bytes),
    };
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        json_format(trimmed)
    } else {
        text_format(trimmed)
    }
}

/// Whether the bytes are text: UTF-8 (a byte-order mark allowed) without
/// control characters other than tab and line breaks.
pub(super) fn is_text(bytes: &[u8]) -> bool {
    text_of(bytes).is_some()
}

/// Text that starts like JSON but does not parse (cut short or damaged).
pub(super) fn is_broken_json(bytes: &[u8]) -> bool {
    let Some(text) = text_of(bytes) else { return false };
    let text = text.trim_start();
    (text.starts_with('{') || text.starts_with('[')) && super::json::parse_str(Format::OtpauthList, text).is_err()
}

fn text_of(bytes: &[u8]) -> Option<&str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(without_cut_character(bytes)).ok()?;
    let clean = !text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
    clean.then_some(text)
}

/// `bytes` without a last character cut in half: a text file cut short is
/// still text (and then a cut-short export), not binary.
pub(super) fn without_cut_character(bytes: &[u8]) -> &[u8] {
    match std::str::from_utf8(bytes) {
        Err(e) if e.error_len().is_none() => &bytes[..e.valid_up_to()],
        _ => bytes,
    }
}

/// A zip archive, by the files it holds: `Proton Pass/data.json` (Proton Pass),
/// `Accounts.txt` (Authenticator Plus), or one `.txt` file that is encrypted or
/// holds otpauth links (WinAuth). An archive whose list of files is cut off is
/// named by its first file's name, so that reading it can say it is cut short.
fn zip_format(bytes: &[u8]) -> Option<Format> {
    use super::{archive, authplus, proton_pass, winauth};
    let Ok(mut zip) = archive::open(Format::WinAuth, bytes) else {
        let first = first_local_name(bytes)?;
        return if first.starts_with(b"Proton Pass/") {
            Some(Format::ProtonPass)
        } else if first.rsplit(|b| *b == b'/').next() == Some(authplus::ENTRY.as_bytes()) {
            Some(Format::AuthenticatorPlus)
        } else {
            None
        };
    };
    if zip.entries.iter().any(|e| e.name == proton_pass::ENTRY) {
        return Some(Format::ProtonPass);
    }
    if archive::find(&zip.entries, authplus::ENTRY).is_some() {
        return Some(Format::AuthenticatorPlus);
    }
    let (index, encrypted) = winauth::text_entry(&zip.entries).map(|e| (e.index, e.encrypted))?;
    if encrypted {
        return Some(Format::WinAuth);
    }
    let head = zip.peek(index, SNIFF_LEN)?;
    let text = String::from_utf8_lossy(&head);
    text.lines().any(|l| starts_with_ignore_case(l.trim(), "otpauth://")).then_some(Format::WinAuth)
}

/// The name of the first file in a zip's local headers.
fn first_local_name(bytes: &[u8]) -> Option<&[u8]> {
    let len = usize::from(u16::from_le_bytes([*bytes.get(26)?, *bytes.get(27)?]));
    bytes.get(30..30 + len)
}

/// A SQLite database, by its tables: Google's or Microsoft's `accounts`.
fn sqlite_format(bytes: &[u8]) -> Option<Format> {
    let conn = super::sqlite::open(bytes)?;
    if super::google_db::is_google(&conn) {
        Some(Format::GoogleAuthenticatorDb)
    } else if super::microsoft::is_microsoft(&conn) {
        Some(Format::MicrosoftAuthenticator)
    } else {
        None
    }
}

/// Binary: an encrypted andOTP backup, unless it is obviously something else.
fn binary(bytes: &[u8]) -> Option<Format> {
    const OTHER: [&[u8]; 7] = [
        KEEPASS,               // KeePass 1 and 2 databases
        b"PK\x03\x04",         // zip (Authenticator Plus, Proton Pass, …)
        b"\x1F\x8B",           // gzip
        b"%PDF",               // a printed page
        b"SQLite format 3\0",  // app databases
        b"7z\xBC\xAF\x27\x1C", // 7-Zip
        b"Rar!",               // RAR
    ];
    if bytes.len() < ANDOTP_MIN_LEN || OTHER.iter().any(|magic| bytes.starts_with(magic)) || is_pgp_message(bytes) {
        return None;
    }
    // Text with a few bad bytes further on (a damaged list of links) is no
    // ciphertext: andOTP's files start with an iteration count or a random
    // IV, 16 printable characters in a row by chance once in ten million.
    if bytes[..16].iter().all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace()) {
        return None;
    }
    Some(Format::AndOtpEncrypted)
}

fn json_format(text: &str) -> Option<Format> {
    match super::json::parse_str(Format::OtpauthList, text) {
        Ok(json) => from_value(&json),
        Err(_) => sniff(text),
    }
}

fn from_value(json: &Json) -> Option<Format> {
    match json.value() {
        Value::Object(map) => {
            let has = |key: &str| map.contains_key(key);
            let first_item = |key: &str| map.get(key).and_then(Value::as_array).and_then(|a| a.first());
            if has("header") && has("db") {
                Some(Format::Aegis)
            } else if has("schemaVersion") || has("servicesEncrypted") {
                Some(Format::TwoFas)
            } else if map.get("tokens").is_some_and(Value::is_array) {
                Some(Format::FreeOtpPlus)
            } else if (has("shared_secret") && (has("account_name") || has("revocation_code")))
                // The Steam app's own Steamguard file: its accounts by Steam id.
                || map.get("accounts").and_then(Value::as_object).is_some_and(|a| {
                    a.values().next().and_then(Value::as_object).is_some_and(|a| a.contains_key("shared_secret"))
                })
            {
                Some(Format::SteamGuard)
            } else if map.get("Authenticators").is_some_and(Value::is_array) {
                Some(Format::AuthenticatorPro)
            } else if (map.get("accounts").is_some_and(Value::is_array)
                && (has("localDeviceId") || has("deviceName")
                    || first_item("accounts").is_some_and(|a| a.get("issuerName").is_some())))
                // Its accounts gone (a damaged file), LastPass' device keys still name it.
                || (has("localDeviceId") && (has("deviceSecret") || has("deviceName")))
            {
                Some(Format::LastPass)
            } else if first_item("items").is_some_and(|item| item.get("rawData").is_some()) {
                Some(Format::Ente)
            } else if (has("items") && (has("encrypted") || has("folders")))
                // Bitwarden's encrypted exports: password-protected, or account-restricted (refused with advice).
                || (has("encrypted") && (has("passwordProtected") || has("encKeyValidation_DO_NOT_EDIT")))
            {
                Some(Format::Bitwarden)
            } else if (has("entries") && first_item("entries").is_none_or(|e| e.get("content").is_some()))
                // Proton's password-protected export.
                || (has("salt") && has("content") && has("version"))
            {
                Some(Format::Proton)
            } else if has("kdfParams") && has("encryptedData") {
                Some(Format::Ente)
            } else {
                None
            }
        }
        Value::Array(items) if items.first().is_some_and(super::duo::is_account) => Some(Format::DuoMobile),
        Value::Array(items) => {
            let andotp_like = |item: &Value| {
                item.get("secret").is_some() && (item.get("label").is_some() || item.get("type").is_some())
            };
            items.first().is_none_or(andotp_like).then_some(Format::AndOtp)
        }
        _ => None,
    }
}

/// Names a JSON file that does not parse by the keys near its start.
fn sniff(text: &str) -> Option<Format> {
    let mut end = text.len().min(SNIFF_LEN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let has = |key: &str| head.contains(&format!("\"{key}\""));
    if head.starts_with('[') {
        if has("otpGenerator") || (has("pkey") && has("accountType")) {
            return Some(Format::DuoMobile);
        }
        return has("secret").then_some(Format::AndOtp);
    }
    if has("header") && (has("slots") || has("db") || has("params")) {
        Some(Format::Aegis)
    } else if has("schemaVersion") || has("servicesEncrypted") || has("appOrigin") || head.starts_with("{\"services\"")
    {
        Some(Format::TwoFas)
    } else if has("tokenOrder") || has("issuerExt") || head.starts_with("{\"tokens\"") {
        Some(Format::FreeOtpPlus)
    } else if has("shared_secret") && (has("account_name") || has("revocation_code")) {
        Some(Format::SteamGuard)
    } else if has("Authenticators") || has("AuthenticatorCategories") {
        Some(Format::AuthenticatorPro)
    } else if has("originalIssuerName") || has("localDeviceId") {
        Some(Format::LastPass)
    } else if has("rawData") || has("kdfParams") {
        Some(Format::Ente)
    } else if has("passwordProtected") || has("encrypted") || (has("items") && has("login")) {
        Some(Format::Bitwarden)
    } else if has("entry_type") || (has("entries") && has("content")) || (has("salt") && has("content")) {
        // The last: Proton's password-protected export.
        Some(Format::Proton)
    } else {
        None
    }
}

/// Why a file [`detect`] names no format for is not read: see [`super::unreadable`].
pub(super) fn why_not(bytes: &[u8]) -> ImportError {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return ImportError::Empty;
    }
    if let Some((app, advice)) = foreign(body) {
        return ImportError::ForeignApp { app, advice };
    }
    let start = body.trim_ascii_start();
    // Mostly printable, yet not UTF-8: text in another encoding, or a damaged list.
    let printable = start.iter().take(64).filter(|b| b.is_ascii_graphic() || b.is_ascii_whitespace()).count();
    if !is_text(body) && printable * 4 >= start.len().min(64) * 3 {
        return ImportError::NotUtf8;
    }
    match start.first() {
        Some(b'{' | b'[') if is_text(body) => ImportError::UnknownDocument { kind: "a JSON" },
        Some(b'<') if is_text(body) && text_of(body).is_some_and(crate::input::is_html) => {
            ImportError::UnknownDocument { kind: "an HTML" }
        }
        Some(b'<') if is_text(body) => ImportError::UnknownDocument { kind: "an XML" },
        _ => ImportError::UnknownFormat,
    }
}

/// The first four bytes of every KeePass database (`.kdb` and `.kdbx`), before its version's.
const KEEPASS: &[u8] = b"\x03\xD9\xA2\x9A";

/// Files of apps Twofold recognises but does not read: what they are, and what to do.
fn foreign(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(KEEPASS) {
        return Some((
            "a KeePass database",
            "in KeePassXC, export it as a CSV file (Database → Export → CSV File) and import that; \
             delete the CSV afterwards, as it holds every password in the clear",
        ));
    }
    if bytes.starts_with(b"SQLite format 3\0")
        && super::sqlite::open(bytes).is_some_and(|conn| super::sqlite::columns(&conn, "authenticatorcategory").is_some())
    {
        return Some((
            "Authenticator Pro's (Stratum's) own database",
            "in the app, make a backup (Settings → Backup → Backup to file) and import that file",
        ));
    }
    if bytes.starts_with(b"SQLite format 3\0") {
        return Some((
            "an app's own database (SQLite)",
            "Twofold reads Google Authenticator's and Microsoft Authenticator's databases, and the export files \
             other apps write, not other databases (nor a damaged one); export from the app instead",
        ));
    }
    if super::archive::is_zip(bytes) {
        if super::archive::open(Format::WinAuth, bytes).is_ok_and(|zip| zip.entries.is_empty()) {
            return Some(("an empty zip archive", "it holds no file; export again from the app"));
        }
        return Some(("a zip archive", "unpack it and import the export file inside"));
    }
    if is_sda_manifest(bytes) {
        return Some((SDA_MANIFEST, SDA_ADVICE));
    }
    if is_pgp_message(bytes) {
        return Some((
            "a PGP-encrypted export (Proton Pass and WinAuth write these)",
            "decrypt it first (gpg --decrypt) and import what it holds, or export again from the app without encryption",
        ));
    }
    None
}

/// Steam Desktop Authenticator's `manifest.json`: the list of its `.maFile`s (and, when SDA
/// encrypts them, each one's salt and IV), no codes of its own.
const SDA_MANIFEST: &str =
    "the manifest.json of Steam Desktop Authenticator or steamguard-cli (a list of its .maFile files, no codes)";
/// What to do with an SDA folder, its files encrypted or not.
const SDA_ADVICE: &str = "import it together with the .maFile files of the same folder (choose every file in \
     the maFiles folder at once); encrypted ones then ask for the passkey";

pub(super) fn is_sda_manifest(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else { return false };
    let start = text.trim_start();
    let has = |key: &str| text.contains(&format!("\"{key}\""));
    let sda = has("steamid") && (has("encryption_salt") || has("periodic_checking"));
    // steamguard-cli's own: `{"version":1,"entries":[{"filename","steam_id","account_name",…}]}`.
    let steamguard_cli = has("version") && has("filename") && has("steam_id");
    start.starts_with('{') && has("entries") && (sda || steamguard_cli)
}

/// An OpenPGP message, armored, or binary and sealed with a password: a version 4
/// symmetric-key session packet (tag 3, new or old format) with an AES cipher (7 to 9)
/// and a simple, salted or iterated S2K. (Five bytes fixed: noise matches them once in
/// tens of billions, so no andOTP file is taken for one.)
fn is_pgp_message(bytes: &[u8]) -> bool {
    let binary = matches!(bytes, [0xC3 | 0x8C, _, 4, 7..=9, 0 | 1 | 3, ..]);
    binary || bytes.trim_ascii_start().starts_with(b"-----BEGIN PGP MESSAGE-----")
}

fn text_format(text: &str) -> Option<Format> {
    use super::shared_prefs::has_string;
    // Apps' preference files from rooted phones, by the entry that holds the secrets.
    if has_string(text, super::authy::AUTHENTICATOR_KEY) || has_string(text, super::authy::AUTHY_KEY) {
        return Some(Format::Authy);
    }
    if has_string(text, super::battlenet::DEVICE_SECRET) || has_string(text, super::battlenet::OLD_HASH) {
        return Some(Format::BattleNet);
    }
    if has_string(text, super::totp_authenticator::PREF_KEY) {
        return Some(Format::TotpAuthenticator);
    }
    // FreeOTP 1.x's (and FreeOTP+'s) preferences file: XML holding a `tokenOrder` entry, or
    // tokens (Gson of FreeOTP's Token, secret a byte list) before it, when cut short.
    let freeotp_token = text.contains("&quot;secret&quot;:[") && text.contains("&quot;algo&quot;:");
    if super::shared_prefs::looks_like(text) && (text.contains("name=\"tokenOrder\"") || freeotp_token) {
        return Some(Format::FreeOtp);
    }
    // TOTP Authenticator's backup: nothing but base64.
    if super::totp_authenticator::looks_like_backup(text) {
        return Some(Format::TotpAuthenticator);
    }
    if text.starts_with(super::keepassxc::HEADER) {
        return Some(Format::KeePassXc);
    }
    if text.starts_with("folder,favorite,type,name,") {
        // Bitwarden's CSV export (read by the Bitwarden reader).
        return Some(Format::Bitwarden);
    }
    // A web page listing links (Authenticator Pro / Stratum's HTML backup).
    if crate::input::links_of_page(text).is_some_and(|links| !links.is_empty()) {
        return Some(Format::OtpauthList);
    }
    let (mut links, mut exports, mut ente, mut comments, mut other) = (0usize, 0usize, false, 0usize, 0usize);
    for line in text.lines() {
        let line = crate::input::without_scanner_prefix(line.trim().trim_matches('"'));
        if starts_with_ignore_case(line, "otpauth-migration:") {
            exports += 1;
        } else if starts_with_ignore_case(line, "otpauth:") || starts_with_ignore_case(line, "motp:") {
            links += 1;
            ente |= line.contains("codeDisplay=");
        } else if line.starts_with('#') {
            comments += 1;
        } else if !line.is_empty() {
            other += 1;
        }
    }
    match (links, exports) {
        // A list of links with nothing but comments left in it: no accounts, and no error.
        (0, 0) if comments > 0 && other == 0 => Some(Format::OtpauthList),
        (0, 0) => None,
        _ if ente => Some(Format::Ente),
        (0, _) => Some(Format::GoogleMigration),
        _ => Some(Format::OtpauthList),
    }
}

/// `text` starts with `prefix` in any ASCII case (never panics inside a character).
pub(super) fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let cases: [(&[u8], Option<Format>); 21] = [
            (b"", None),
            (b"hello world", None),
            (b"{}", None),
            (b"[]", Some(Format::AndOtp)),
            (br#"[{"secret":"A","label":"x"}]"#, Some(Format::AndOtp)),
            (br#"[1,2]"#, None),
            (br#"{"version":1,"header":{"slots":null,"params":null},"db":{}}"#, Some(Format::Aegis)),
            (br#"{"version":1,"header":{"slots":[{"type":1,"#, Some(Format::Aegis)),
            (br#"{"services":[],"schemaVersion":4}"#, Some(Format::TwoFas)),
            (br#"{"tokenOrder":[],"tokens":[]}"#, Some(Format::FreeOtpPlus)),
            (br#"{"encrypted":false,"folders":[],"items":[]}"#, Some(Format::Bitwarden)),
            (br#"{"version":1,"entries":[]}"#, Some(Format::Proton)),
            (b"otpauth://totp/a?secret=JBSWY3DPEHPK3PXP\n", Some(Format::OtpauthList)),
            (b"otpauth-migration://offline?data=AAAA\n", Some(Format::GoogleMigration)),
            (b"otpauth://totp/a?secret=A&codeDisplay=%7B%7D\n", Some(Format::Ente)),
            (b"folder,favorite,type,name,notes,fields,reprompt,login_uri\n", Some(Format::Bitwarden)),
            (br#"{"encrypted":true,"passwordProtected":true,"salt":"x","kdfType":0,"data":"2.a|b|c"}"#, Some(Format::Bitwarden)),
            (br#"{"version":1,"salt":"x","content":"y"}"#, Some(Format::Proton)),
            (br#"{"version":1,"salt":"x","content":"abc"#, Some(Format::Proton)),
            (br#"{"version":1,"kdfParams":{"memLimit":1},"encryptedData":"x","encryptionNonce":"y"}"#, Some(Format::Ente)),
            (b"AuthenticatorPro\x01\x02", Some(Format::AuthenticatorPro)),
        ];
        for (bytes, expected) in cases {
            assert_eq!(detect(bytes), expected, "{}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn files_of_rooted_phones() {
        let prefs = |body: &str| format!("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n{body}\n</map>\n");
        let string = |name: &str| prefs(&format!("<string name=\"{name}\">x</string>"));
        assert_eq!(detect(string("com.authy.storage.tokens.authenticator.key").as_bytes()), Some(Format::Authy));
        assert_eq!(detect(string("com.authy.storage.tokens.authy.key").as_bytes()), Some(Format::Authy));
        assert_eq!(detect(string("com.blizzard.bma.AUTH_STORE.HASH").as_bytes()), Some(Format::BattleNet));
        assert_eq!(detect(string("STATIC_TOTP_CODES_LIST").as_bytes()), Some(Format::TotpAuthenticator));
        assert_eq!(detect(string("tokenOrder").as_bytes()), Some(Format::FreeOtp));
        // Another app's preferences, or the name only in a value: no format.
        assert_eq!(detect(string("theme").as_bytes()), None);
        assert_eq!(detect(prefs("<string name=\"n\">STATIC_TOTP_CODES_LIST</string>").as_bytes()), None);
        assert_eq!(detect(br#"[{"name":"x","otpGenerator":{"otpSecret":"A"}}]"#), Some(Format::DuoMobile));
        assert_eq!(detect(br#"[{"name":"x","otpGenerator":{"otpSe"#), Some(Format::DuoMobile));
        // Base64 of both cases and two blocks or more is a TOTP Authenticator backup; one case is not.
        let sealed = "u51d1LQbPDtXbvihHPguTkF6klbc5rJgSpA6KX7oUM4Lt0GLO027ypc2/LvGJDH6zvmfQ4tA\n";
        assert_eq!(detect(sealed.as_bytes()), Some(Format::TotpAuthenticator));
        assert_eq!(detect(b"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), None);
        assert_eq!(detect(b"u51d1LQbPDtXbvihHPguTkF6"), None);
    }

    #[test]
    fn files_of_no_format_say_what_they_are() {
        let why = |bytes: &[u8]| why_not(bytes).code();
        assert_eq!(why(b""), "empty");
        assert_eq!(why(b"\xEF\xBB\xBF \n\t"), "empty");
        assert_eq!(why(br#"{"theme":"dark"}"#), "unknown_document");
        assert_eq!(why(b"<?xml version=\"1.0\"?><map/>"), "unknown_document");
        assert!(why_not(b"<!DOCTYPE html><p>hi</p>").to_string().contains("an HTML file"), "{}", why_not(b"<!DOCTYPE html><p>hi</p>"));
        assert_eq!(why(b"SQLite format 3\0\x10\x00"), "foreign_app");
        assert!(why_not(b"-----BEGIN PGP MESSAGE-----\n\nhQ\n").to_string().contains("PGP"));
        // A binary message sealed with a password (gpg --symmetric), not taken for andOTP.
        let mut pgp = vec![0xC3, 0x0D, 4, 9, 3, 8];
        pgp.extend((0..60u8).map(|i| i.wrapping_mul(73) ^ 0x3c));
        assert_eq!(detect(&pgp), None);
        assert!(why_not(&pgp).to_string().contains("PGP-encrypted export"), "{}", why_not(&pgp));
        assert!(why_not(b"PK\x03\x04rest").to_string().contains("zip archive"));
        // A zip of nothing (its end record alone) is not told to be unpacked.
        let empty = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
        assert!(why_not(empty).to_string().contains("an empty zip archive"), "{}", why_not(empty));
        // A KeePass database (KDBX 4, then 3.1) is random-looking binary, yet no andOTP backup.
        for version in [b"\x67\xFB\x4B\xB5\x00\x00\x04\x00", b"\x67\xFB\x4B\xB5\x01\x00\x03\x00"] {
            let mut kdbx = b"\x03\xD9\xA2\x9A".to_vec();
            kdbx.extend(version);
            kdbx.extend((0..200u8).map(|i| i.wrapping_mul(151) ^ 0x5a));
            assert_eq!(detect(&kdbx), None);
            assert!(why_not(&kdbx).to_string().contains("a KeePass database"), "{}", why_not(&kdbx));
        }
        // Authenticator Pro's own database names the app and its backup.
        let stratum = super::super::sqlite::db("CREATE TABLE authenticator (secret TEXT); CREATE TABLE authenticatorcategory (x TEXT);");
        assert!(why_not(&stratum).to_string().contains("Backup to file"), "{}", why_not(&stratum));
        assert_eq!(why(b"just some notes in Latin-1: caf\xe9\n"), "not_utf8");
        assert_eq!(why(b"hello world"), "unknown_format");
        assert_eq!(why(&[0u8, 1, 2, 3, 200, 201]), "unknown_format");
    }

    #[test]
    fn binary_is_andotp_unless_known() {
        let mut noise = vec![0u8, 2, 0x49, 0xf0];
        noise.extend((0..60u8).map(|i| i.wrapping_mul(37) ^ 0xa5));
        assert_eq!(detect(&noise), Some(Format::AndOtpEncrypted));
        assert_eq!(detect(&noise[..ANDOTP_MIN_LEN - 1]), None);
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend_from_slice(&noise);
        assert_eq!(detect(&zip), None);
        // Found by the hostile-input suite: links with a bad byte were taken for andOTP.
        assert_eq!(detect(b"otpauth://totp/A?secret=JBSWY3DPEHPK3PXP\n\xff\xfe\n"), None);
    }
}
