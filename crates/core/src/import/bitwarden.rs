//! Bitwarden's unencrypted JSON export.
//!
//! Layout confirmed from Bitwarden's export types (`bitwarden/clients`,
//! `BitwardenUnEncryptedIndividualJsonExport`: `encrypted`, `folders`,
//! `items`) and Aegis' `BitwardenImporter.java`:
//!
//! ```text
//! { "encrypted": false, "folders": [{ "id", "name" }],
//!   "items": [{ "type": 1 (login), "name", "notes", "favorite", "folderId",
//!               "login": { "username", "password", "uris", "totp" } }, …] }
//! ```
//!
//! `login.totp` is whatever the person stored, in one of three forms:
//! - an `otpauth://` URI, read by [`crate::uri::parse_tolerant`]; when it names no
//!   issuer the item's name is the issuer, and when its label is empty the
//!   username is the label;
//! - `steam://SECRET` (base32), a Steam Guard code, named like the others
//!   (the item's name and username). Aegis names every such item "Steam" /
//!   "Steam account" instead; Twofold keeps the names so that two Steam
//!   accounts stay apart;
//! - a bare base32 secret: TOTP with SHA-1, 6 digits and 30 s, as Bitwarden
//!   makes it; the item's name is the issuer and the username the label.
//!
//! Items without a code (logins without TOTP, notes, cards, identities) are
//! not errors: they are listed in [`ImportResult::skipped`]. The folder
//! becomes a group, `notes` the note and `favorite` the favourite mark.
//!
//! The CSV export is read too (see `read_csv`).
//!
//! The password-protected export (`BitwardenPasswordProtectedFileFormat`,
//! written by `BaseVaultExportService.buildPasswordExport` and read by
//! `BitwardenPasswordProtectedImporter`; the key from `PinService.makePinKey`,
//! `KeyGenerationService.deriveKeyFromPassword` and `stretchKey`) wraps the
//! same JSON:
//!
//! ```text
//! { "encrypted": true, "passwordProtected": true, "salt": text (base64 of 16 random bytes),
//!   "kdfType": 0 PBKDF2-SHA256 | 1 Argon2id, "kdfIterations", "kdfMemory" (MiB), "kdfParallelism",
//!   "encKeyValidation_DO_NOT_EDIT": EncString, "data": EncString }
//! key  = PBKDF2-HMAC-SHA256(password, salt as text, kdfIterations)
//!      | Argon2id(password, SHA-256(salt as text), kdfIterations passes, kdfMemory MiB, kdfParallelism lanes)
//! enc  = HKDF-Expand-SHA256(key, "enc", 32), mac = HKDF-Expand-SHA256(key, "mac", 32)
//! EncString type 2 = "2." base64(IV) "|" base64(AES-256-CBC ciphertext) "|" base64(HMAC-SHA256(mac, IV ‖ ct))
//! ```
//!
//! The validation string's MAC tells a wrong password; the cost of the key
//! derivation, which the file sets, is bounded before any work. A KDF
//! parameter left out (or null) takes Bitwarden's default (600,000 PBKDF2
//! iterations; Argon2id 3 passes, 64 MiB, 4 lanes), as Bitwarden's importer does. The
//! account-restricted encrypted export (encrypted with the account's own key)
//! cannot be opened without the account, and is refused with advice.
//!
//! # What the format loses or Twofold cannot express
//! Nothing Bitwarden stores: every code is a link or a secret. What
//! Bitwarden itself loses is its own business: it only makes TOTP and Steam
//! codes, so HOTP links stored there never advanced. Passwords, website
//! addresses and custom fields are not imported (Twofold keeps codes only).

use std::collections::HashMap;

use serde_json::Value;

use super::detect::starts_with_ignore_case;
use super::entry::{self, Params};
use zeroize::Zeroizing;

use super::csv;
use super::crypto;
use super::json::{self, bool_field, int_field, str_field, text_field};
use super::{Encrypted, EntryError, Format, ImportError, ImportResult, Imported, ImportedAccount, SkipReason, Skipped};
use crate::otp::{Otp, OtpKind};

const FORMAT: Format = Format::Bitwarden;

/// How the password becomes the key, as the file says (bounded).
enum Kdf {
    Pbkdf2 { iterations: u32 },
    Argon2 { memory_kib: u32, passes: u32, lanes: u32 },
}

/// A type 2 EncString: AES-256-CBC with HMAC-SHA256.
struct EncString {
    iv: Vec<u8>,
    ciphertext: Vec<u8>,
    mac: Vec<u8>,
}

/// A password-protected export waiting for its password.
pub(super) struct Locked {
    salt: String,
    kdf: Kdf,
    validation: EncString,
    data: EncString,
}

pub(super) fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if !body.trim_ascii_start().starts_with(b"{") {
        return read_csv(body).map(Imported::Ready);
    }
    let json = json::parse(FORMAT, bytes)?;
    let root = json::root_object(FORMAT, &json)?;
    if bool_field(root, "encrypted") {
        if bool_field(root, "passwordProtected") {
            return Ok(Imported::NeedsPassword(Encrypted::from(locked(root)?)));
        }
        return Err(ImportError::Unsupported {
            format: FORMAT,
            what: "this Bitwarden export is encrypted with the Bitwarden account's own key, which only Bitwarden \
                   can open: in Bitwarden, export the vault again as \u{201c}.json (Encrypted)\u{201d} choosing the \
                   \u{201c}Password protected\u{201d} export type, or as \u{201c}.json\u{201d} without encryption",
        });
    }
    read_plain(root).map(Imported::Ready)
}

/// The password-protected export's fields, checked (and its key derivation bounded) before any work.
fn locked(root: &serde_json::Map<String, Value>) -> Result<Locked, ImportError> {
    let damaged = |detail: &str| ImportError::corrupt(FORMAT, detail);
    let number = |key: &str| match int_field(root, key) {
        Ok(Some(n)) if n >= 0 => Ok(Some(u64::try_from(n).unwrap_or(u64::MAX))),
        Ok(None) => Ok(None),
        _ => Err(damaged("its key derivation parameters are not numbers")),
    };
    let salt = str_field(root, "salt").filter(|s| !s.is_empty()).ok_or_else(|| damaged("its salt is missing"))?;
    // A missing (null) parameter takes Bitwarden's default, as its `deriveKeyFromPassword` does.
    let iterations = number("kdfIterations")?;
    let kdf = match number("kdfType")? {
        None | Some(0) => {
            Kdf::Pbkdf2 { iterations: crypto::pbkdf2_iterations(FORMAT, iterations.unwrap_or(600_000))? }
        }
        Some(1) => {
            let memory_mib = number("kdfMemory")?.unwrap_or(64);
            let lanes = number("kdfParallelism")?.unwrap_or(4);
            let (memory_kib, passes, lanes) =
                crypto::argon2_params(FORMAT, memory_mib.saturating_mul(1024), iterations.unwrap_or(3), lanes)?;
            Kdf::Argon2 { memory_kib, passes, lanes }
        }
        Some(_) => return Err(damaged("its kdfType is neither PBKDF2 (0) nor Argon2id (1)")),
    };
    let enc_string = |key: &str| {
        let text = str_field(root, key).ok_or_else(|| damaged(&format!("its {key} is missing")))?;
        enc_string(text).ok_or_else(|| damaged(&format!("its {key} is not a Bitwarden encrypted string (type 2)")))
    };
    Ok(Locked {
        salt: salt.to_owned(),
        kdf,
        validation: enc_string("encKeyValidation_DO_NOT_EDIT")?,
        data: enc_string("data")?,
    })
}

/// "2.IV|CT|MAC", each part base64: IV 16 bytes, ciphertext whole blocks, MAC 32 bytes.
fn enc_string(text: &str) -> Option<EncString> {
    let rest = text.trim().strip_prefix("2.")?;
    let mut parts = rest.split('|');
    let (iv, ciphertext, mac) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let (iv, ciphertext, mac) = (crypto::base64(iv)?, crypto::base64(ciphertext)?, crypto::base64(mac)?);
    if iv.len() != 16 || mac.len() != 32 || ciphertext.is_empty() || !ciphertext.len().is_multiple_of(16) {
        return None;
    }
    Some(EncString { iv: iv.to_vec(), ciphertext: ciphertext.to_vec(), mac: mac.to_vec() })
}

impl EncString {
    /// `None` when the MAC does not match (a wrong key or a damaged string) or the padding is wrong.
    fn open(&self, enc: &[u8; crypto::KEY_LEN], mac: &[u8; crypto::KEY_LEN]) -> Option<Zeroizing<Vec<u8>>> {
        let expected = crypto::hmac_sha256(mac, &[&self.iv, &self.ciphertext]);
        if !crypto::same_mac(&expected, &self.mac) {
            return None;
        }
        crypto::aes256_cbc_decrypt(enc, &self.iv, &self.ciphertext)
    }
}

impl Locked {
    pub(super) fn decrypt(&self, password: &str) -> Result<ImportResult, ImportError> {
        let key = match self.kdf {
            Kdf::Pbkdf2 { iterations } => crypto::pbkdf2_sha256(password.as_bytes(), self.salt.as_bytes(), iterations),
            Kdf::Argon2 { memory_kib, passes, lanes } => {
                use sha2::Digest;
                let salt = sha2::Sha256::digest(self.salt.as_bytes());
                crypto::argon2id(password.as_bytes(), &salt, passes, memory_kib, lanes)
                    .ok_or_else(|| ImportError::corrupt(FORMAT, "its key cannot be derived"))?
            }
        };
        let enc = crypto::hkdf_expand_sha256(key.as_ref(), b"enc");
        let mac = crypto::hkdf_expand_sha256(key.as_ref(), b"mac");
        self.validation.open(&enc, &mac).ok_or(ImportError::WrongPassword)?;
        // The password opened the validation string, so a failure here is damage.
        let plain = self.data.open(&enc, &mac).ok_or_else(|| ImportError::corrupt(FORMAT, "its encrypted data does not match its checksum"))?;
        let json = json::parse(FORMAT, &plain)?;
        let root = json::root_object(FORMAT, &json)?;
        if bool_field(root, "encrypted") {
            return Err(ImportError::corrupt(FORMAT, "it holds another encrypted export"));
        }
        read_plain(root)
    }
}

fn read_plain(root: &serde_json::Map<String, Value>) -> Result<ImportResult, ImportError> {
    let folders: HashMap<&str, &str> = match root.get("folders").and_then(Value::as_array) {
        Some(folders) => folders
            .iter()
            .filter_map(Value::as_object)
            .filter_map(|f| Some((str_field(f, "id")?, text_field(f, "name")?)))
            .collect(),
        None => HashMap::new(),
    };
    let items = json::entries(FORMAT, root.get("items").unwrap_or(&Value::Null), "items")?;
    let mut result = ImportResult::new(FORMAT);
    for (index, value) in items.iter().enumerate() {
        let Some(item) = value.as_object() else {
            entry::push(&mut result, index, "an unnamed item".into(), Err("the item is not an object".into()));
            continue;
        };
        let login = item.get("login").and_then(Value::as_object);
        let Some(totp) = login.and_then(|l| text_field(l, "totp")) else {
            let name = text_field(item, "name").map_or_else(|| "an unnamed item".to_owned(), entry::shorten);
            result.skipped.push(Skipped { index, name, reason: SkipReason::NoCode });
            continue;
        };
        let item_name = text_field(item, "name");
        let username = login.and_then(|l| text_field(l, "username")).unwrap_or("");
        match read_totp(totp, item_name, username) {
            Ok((account, warning)) => {
                let mut imported = ImportedAccount::new(account).warned(warning);
                imported.note = entry::non_blank(str_field(item, "notes"));
                imported.favourite = bool_field(item, "favorite");
                imported.groups = str_field(item, "folderId")
                    .and_then(|id| folders.get(id))
                    .map(|n| (*n).to_owned())
                    .into_iter()
                    .collect();
                result.accounts.push(imported);
            }
            Err(message) => {
                let name = entry::display_name(item_name, username);
                result.errors.push(EntryError { index, name, message });
            }
        }
    }
    Ok(result)
}

/// Bitwarden's CSV export (`folder,favorite,type,name,notes,fields,reprompt,
/// login_uri,login_username,login_password,login_totp`, Bitwarden's
/// `BitwardenCsvIndividualExportType`): the same items as the JSON export,
/// flattened; `favorite` is `1` or empty. Read by the columns' names, so
/// their order does not matter.
fn read_csv(body: &[u8]) -> Result<ImportResult, ImportError> {
    let text = std::str::from_utf8(body).map_err(|_| ImportError::corrupt(FORMAT, "its CSV export is not UTF-8 text"))?;
    let (header, rows) = csv::table(FORMAT, text)?;
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(name_at), Some(totp_at)) = (column("name"), column("login_totp")) else {
        return Err(ImportError::corrupt(FORMAT, "its CSV export has no name or login_totp column"));
    };
    let (folder_at, favourite_at, notes_at, user_at) =
        (column("folder"), column("favorite"), column("notes"), column("login_username"));
    let cell = csv::cell;
    let mut result = ImportResult::new(FORMAT);
    for (index, row) in rows.iter().enumerate() {
        // A blank line (the file's last) is no item.
        if row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let item_name = cell(row, Some(name_at));
        let Some(totp) = row.get(totp_at).map(|t| Zeroizing::new(t.trim().to_owned())).filter(|t| !t.is_empty()) else {
            let name = item_name.as_deref().map_or_else(|| "an unnamed item".to_owned(), entry::shorten);
            result.skipped.push(Skipped { index, name, reason: SkipReason::NoCode });
            continue;
        };
        let username = cell(row, user_at).unwrap_or_default();
        match read_totp(&totp, item_name.as_deref(), &username) {
            Ok((account, warning)) => {
                let mut imported = ImportedAccount::new(account).warned(warning);
                imported.note = cell(row, notes_at);
                imported.favourite = cell(row, favourite_at).as_deref() == Some("1");
                imported.groups = cell(row, folder_at).into_iter().collect();
                result.accounts.push(imported);
            }
            Err(message) => {
                let name = entry::display_name(item_name.as_deref(), &username);
                result.errors.push(EntryError { index, name, message });
            }
        }
    }
    Ok(result)
}

fn read_totp(
    totp: &str,
    item_name: Option<&str>,
    username: &str,
) -> Result<(crate::Account, Option<String>), String> {
    if starts_with_ignore_case(totp, "otpauth:") || starts_with_ignore_case(totp, "otpauth-migration:") {
        let (mut account, warning) = entry::link(totp).map_err(|e| e.to_string())?;
        if account.issuer.is_none() {
            account.issuer = entry::non_blank(item_name);
        }
        if account.label.is_empty() {
            account.label = username.to_owned();
        }
        return Ok((account, warning));
    }
    let (otp, warning) = if starts_with_ignore_case(totp, "steam://") {
        let (secret, warning) = entry::base32_secret(totp.get("steam://".len()..).unwrap_or(""))?;
        (Otp::steam(secret).map_err(|e| e.to_string())?, warning)
    } else {
        let (secret, warning) = entry::base32_secret(totp)?;
        (entry::make_otp(secret, &Params::new(OtpKind::Totp))?, warning)
    };
    Ok((entry::account(item_name, username, otp), warning))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_the_totp_field() {
        let text = br#"{"encrypted":false,"folders":[],"items":[
            {"type":1,"name":"Site","login":{"username":"me","totp":"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"}},
            {"type":1,"name":"Steam","login":{"username":"gaben","totp":"steam://JBSWY3DPEHPK3PXP"}},
            {"type":1,"name":"Bare","login":{"username":"b","totp":"jbsw y3dp ehpk 3pxp"}},
            {"type":1,"name":"Broken","login":{"username":"c","totp":"otpauth://totp/x?secret=JBSW1"}},
            {"type":1,"name":"Empty","login":{"username":"d","totp":"  "}},
            {"type":2,"name":"Note","secureNote":{"type":0}}
        ]}"#;
        let Imported::Ready(result) = read(text).unwrap() else { panic!("not encrypted") };
        let names: Vec<_> =
            result.accounts.iter().map(|a| (a.account.issuer.as_deref(), a.account.label.as_str())).collect();
        assert_eq!(names, [(Some("Site"), "x"), (Some("Steam"), "gaben"), (Some("Bare"), "b")]);
        assert_eq!(result.accounts[1].account.otp.kind(), OtpKind::Steam);
        assert_eq!(result.errors.len(), 1);
        assert_eq!(result.errors[0].name, "Broken: c");
        let skipped: Vec<_> = result.skipped.iter().map(|s| (s.index, s.name.as_str(), s.reason)).collect();
        assert_eq!(skipped, [(4, "Empty", SkipReason::NoCode), (5, "Note", SkipReason::NoCode)]);
    }

    #[test]
    fn account_restricted_export_is_refused_with_advice() {
        let account = br#"{"encrypted":true,"encKeyValidation_DO_NOT_EDIT":"2.x|y|z","items":[]}"#;
        let err = read(account).unwrap_err();
        assert!(matches!(err, ImportError::Unsupported { .. }));
        assert!(err.to_string().contains("Password protected"), "{err}");
    }

    #[test]
    fn password_protected_fields_are_checked_before_any_work() {
        let s = "2.AAAAAAAAAAAAAAAAAAAAAA==|AAAAAAAAAAAAAAAAAAAAAA==|AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        let export = |kdf: &str, data: &str| {
            format!(r#"{{"encrypted":true,"passwordProtected":true,"salt":"c2FsdA==",{kdf},"encKeyValidation_DO_NOT_EDIT":"{s}","data":"{data}"}}"#)
        };
        let code = |text: String| match read(text.as_bytes()) {
            Ok(Imported::NeedsPassword(_)) => "locked",
            Ok(Imported::Ready(_)) => "ready",
            Err(e) => e.code(),
        };
        assert_eq!(code(export(r#""kdfType":0,"kdfIterations":600000"#, s)), "locked");
        let argon = |memory: u64, passes: u64, lanes: u64| {
            export(&format!(r#""kdfType":1,"kdfIterations":{passes},"kdfMemory":{memory},"kdfParallelism":{lanes}"#), s)
        };
        assert_eq!(code(argon(64, 3, 4)), "locked");
        assert_eq!(code(argon(2048, 3, 4)), "kdf_too_expensive");
        assert_eq!(code(argon(1024, 10, 4)), "kdf_too_expensive");
        assert_eq!(code(argon(64, 3, 100)), "kdf_too_expensive");
        assert_eq!(code(argon(64, 0, 4)), "corrupt");
        assert_eq!(code(export(r#""kdfType":0,"kdfIterations":2000000000"#, s)), "kdf_too_expensive");
        assert_eq!(code(export(r#""kdfType":0,"kdfIterations":0"#, s)), "corrupt");
        assert_eq!(code(export(r#""kdfType":7,"kdfIterations":3"#, s)), "corrupt");
        assert_eq!(code(export(r#""kdfType":0,"kdfIterations":600000"#, "0.AAAA|AAAA")), "corrupt");
        assert_eq!(code(export(r#""kdfType":0,"kdfIterations":600000"#, "2.AAAA|AAAA|AAAA")), "corrupt");
    }

    #[test]
    fn the_csv_export() {
        let text = "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n\
            Work,1,login,Site,\"a note, with a comma\",,0,https://example.com,me,hunter2,otpauth://totp/x?secret=JBSWY3DPEHPK3PXP\n\
            ,,login,Steam,,,0,,gaben,pw,steam://JBSWY3DPEHPK3PXP\n\
            ,,login,Forum,,,0,,user,pw,\n\
            ,,note,Wi-Fi,secret,,0,,,,\n\
            ,,login,Broken,,,0,,c,pw,JBSW1\n";
        let result = read_csv(text.as_bytes()).unwrap();
        let names: Vec<_> =
            result.accounts.iter().map(|a| (a.account.issuer.as_deref(), a.account.label.as_str())).collect();
        assert_eq!(names, [(Some("Site"), "x"), (Some("Steam"), "gaben")]);
        let site = &result.accounts[0];
        assert_eq!((site.groups.as_slice(), site.note.as_deref(), site.favourite), (&["Work".to_owned()][..], Some("a note, with a comma"), true));
        assert_eq!(result.accounts[1].account.otp.kind(), OtpKind::Steam);
        assert_eq!(result.skipped.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Forum", "Wi-Fi"]);
        assert_eq!(result.errors.iter().map(|e| (e.index, e.name.as_str())).collect::<Vec<_>>(), [(4, "Broken: c")]);
        assert!(matches!(read_csv(b"folder,favorite,type,name\n,,login,\"cut"), Err(ImportError::Truncated { .. })));
    }
}
