//! Aegis Authenticator vaults, plain and encrypted.
//!
//! Layout confirmed from Aegis' own specification, `docs/vault.md`, and its
//! code: `vault/VaultFile.java`, `Vault.java` (content versions 1 to 3),
//! `VaultEntry.java`, `VaultEntryIcon.java`, `slots/Slot.java` and
//! `PasswordSlot.java`, `importers/AegisImporter.java`.
//!
//! ```text
//! { "version": 1,
//!   "header": { "slots": [slot…] | null, "params": { "nonce": hex, "tag": hex } | null },
//!   "db": { content } | "base64 of AES-256-GCM(master key, content)" }
//! password slot: { "type": 1, "key": hex, "key_params": { "nonce", "tag" },
//!                  "n", "r", "p", "salt": hex, "repaired", "is_backup" }
//! content: { "version": 1..3, "entries": [entry…], "groups": [{ "uuid", "name" }] }
//! entry: { "type": "totp" | "hotp" | "steam" | "motp" | "yandex", "name", "issuer", "note",
//!          "favorite", "icon": base64 | null, "icon_mime", "groups": [uuid…] (v3) | "group": name (v2),
//!          "info": { "secret": base32, "algo", "digits", "period" | "counter", "pin" (motp, yandex) } }
//! ```
//!
//! Each password slot holds the master key wrapped under scrypt(password):
//! every password slot is tried (a vault may have a backup password besides
//! the main one); biometric (type 2) and raw (type 0) slots are skipped,
//! since their keys live in a phone's keystore. A vault with no password slot
//! is [`ImportError::NoPasswordSlot`]. A slot that opens proves the password
//! right, so a database that then fails its check is damaged, not a wrong password.
//!
//! # What the format loses or Twofold cannot express
//! Nothing of an account's code is lost: Aegis has every kind, hash, digit
//! count, period and 64-bit counter Twofold has. mOTP (`MotpInfo`: the secret's
//! bytes in base32, `algo` "MD5", 6 digits, 10 s) and Yandex (`YandexInfo`:
//! 16 bytes, or 26 with their checksum; SHA256, 8, 30) come in with their
//! `pin`; like Aegis (`OtpInfo.fromJson`), their `algo`, `digits` and `period`
//! are not read: the kind fixes them. Left behind: usage counts, the group
//! order, and icons that do not decode (Aegis itself ignores those).
//! Vaults made before Aegis fixed its password encoding (issue #95, 2019) and
//! never unlocked since are not readable: their slots wrap the key under
//! Java-specific password bytes we do not reproduce.

use std::collections::HashMap;

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::crypto::{self, KEY_LEN};
use super::entry::{self, Params};
use super::json::{self, bool_field, int_field, str_field, text_field};
use super::{Encrypted, Format, ImportError, ImportResult, Imported, ImportedAccount};
use crate::otp::OtpKind;

const FORMAT: Format = Format::Aegis;
/// The only file (header) version Aegis writes.
const FILE_VERSION: i128 = 1;
/// The newest content version Aegis writes (group UUIDs).
const MAX_CONTENT_VERSION: i128 = 3;
const SLOT_PASSWORD: i128 = 1;

/// An encrypted vault waiting for its password.
pub(crate) struct Locked {
    slots: Vec<PasswordSlot>,
    nonce: Vec<u8>,
    tag: Vec<u8>,
    ciphertext: Vec<u8>,
}

struct PasswordSlot {
    wrapped_key: Vec<u8>,
    nonce: Vec<u8>,
    tag: Vec<u8>,
    salt: Vec<u8>,
    params: scrypt::Params,
}

pub(super) fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    let json = json::parse(FORMAT, bytes)?;
    match outer(&json)? {
        Db::Plain(content) => Ok(Imported::Ready(read_content(content)?)),
        Db::Encrypted(locked) => Ok(Imported::NeedsPassword(Encrypted::from(locked))),
    }
}

/// Reads an Aegis file for [`crate::sync::aegis`], which follows only
/// encrypted backups: the locked vault, or `None` when the file is plain.
pub(crate) fn read_encrypted(bytes: &[u8]) -> Result<Option<Locked>, ImportError> {
    let json = json::parse(FORMAT, bytes)?;
    Ok(match outer(&json)? {
        Db::Plain(_) => None,
        Db::Encrypted(locked) => Some(locked),
    })
}

/// The database of a file: its plain content, or the encrypted vault.
enum Db<'a> {
    Plain(&'a Map<String, Value>),
    Encrypted(Locked),
}

/// Checks the file version and reads the header of an encrypted file.
fn outer(json: &json::Json) -> Result<Db<'_>, ImportError> {
    let root = json::root_object(FORMAT, json)?;
    match int_field(root, "version").ok().flatten() {
        Some(FILE_VERSION) => {}
        Some(other) => return Err(unsupported_version(other, "1")),
        None => return Err(ImportError::corrupt(FORMAT, "its version is missing")),
    }
    match root.get("db") {
        Some(Value::Object(content)) => Ok(Db::Plain(content)),
        Some(Value::String(db)) => {
            let header = root.get("header").and_then(Value::as_object);
            let header = header.ok_or_else(|| ImportError::corrupt(FORMAT, "it is encrypted but has no header"))?;
            Ok(Db::Encrypted(locked(header, db)?))
        }
        _ => Err(ImportError::corrupt(FORMAT, "its database is missing")),
    }
}

fn unsupported_version(found: i128, supported: &'static str) -> ImportError {
    ImportError::UnsupportedVersion { format: FORMAT, found: found.to_string(), supported }
}

fn locked(header: &Map<String, Value>, db: &str) -> Result<Locked, ImportError> {
    let params = header.get("params").and_then(Value::as_object);
    let params =
        params.ok_or_else(|| ImportError::corrupt(FORMAT, "it is encrypted but its nonce and tag are missing"))?;
    let (nonce, tag) =
        nonce_and_tag(params).ok_or_else(|| ImportError::corrupt(FORMAT, "its nonce or tag is not valid"))?;
    let ciphertext =
        crypto::base64(db).ok_or_else(|| ImportError::corrupt(FORMAT, "its database is not valid base64"))?;
    let slots = header.get("slots").and_then(Value::as_array);
    let slots = slots.ok_or_else(|| ImportError::corrupt(FORMAT, "it is encrypted but has no key slots"))?;
    let mut password_slots = Vec::new();
    for slot in slots {
        let slot = slot.as_object().ok_or_else(|| ImportError::corrupt(FORMAT, "a key slot is not an object"))?;
        if int_field(slot, "type").ok().flatten() == Some(SLOT_PASSWORD) {
            password_slots.push(password_slot(slot)?);
        }
    }
    if password_slots.is_empty() {
        return Err(ImportError::NoPasswordSlot);
    }
    Ok(Locked { slots: password_slots, nonce, tag, ciphertext: ciphertext.to_vec() })
}

fn nonce_and_tag(params: &Map<String, Value>) -> Option<(Vec<u8>, Vec<u8>)> {
    let nonce = crypto::hex(str_field(params, "nonce")?)?;
    let tag = crypto::hex(str_field(params, "tag")?)?;
    (nonce.len() == crypto::NONCE_LEN && tag.len() == crypto::TAG_LEN).then_some((nonce, tag))
}

fn password_slot(slot: &Map<String, Value>) -> Result<PasswordSlot, ImportError> {
    let damaged =
        |what: &str| ImportError::corrupt(FORMAT, format!("a password slot's {what} is missing or not valid"));
    let number = |key: &str| match int_field(slot, key) {
        Ok(Some(n)) => u64::try_from(n).map_err(|_| damaged(key)),
        _ => Err(damaged(key)),
    };
    // Bounds first: a hostile file is refused before any other work.
    let params = crypto::scrypt_params(FORMAT, number("n")?, number("r")?, number("p")?)?;
    let wrapped_key = str_field(slot, "key").and_then(crypto::hex).ok_or_else(|| damaged("key"))?;
    let key_params = slot.get("key_params").and_then(Value::as_object).ok_or_else(|| damaged("key parameters"))?;
    let (nonce, tag) = nonce_and_tag(key_params).ok_or_else(|| damaged("nonce or tag"))?;
    let salt = str_field(slot, "salt").and_then(crypto::hex).ok_or_else(|| damaged("salt"))?;
    Ok(PasswordSlot { wrapped_key, nonce, tag, salt, params })
}

impl Locked {
    pub(super) fn decrypt(&self, password: &str) -> Result<ImportResult, ImportError> {
        let master = self.unwrap_master_key(password)?;
        let plaintext = self.open(&master).ok_or_else(|| {
            ImportError::corrupt(
                FORMAT,
                "the password is right, but the vault's contents fail their check: it was changed or cut short",
            )
        })?;
        let json = json::parse(FORMAT, &plaintext)?;
        let content = json.value().as_object();
        read_content(content.ok_or_else(|| ImportError::corrupt(FORMAT, "its decrypted contents are not an object"))?)
    }

    /// The master key from the first password slot the password opens.
    pub(crate) fn unwrap_master_key(&self, password: &str) -> Result<Zeroizing<[u8; KEY_LEN]>, ImportError> {
        // Aegis turns the password's characters into UTF-8 bytes (CryptoUtils.toBytes).
        let password = Zeroizing::new(password.as_bytes().to_vec());
        for slot in &self.slots {
            let wrapping = crypto::scrypt_key(&password, &slot.salt, &slot.params);
            let Some(key) = crypto::open_detached(&wrapping, &slot.nonce, &slot.wrapped_key, &slot.tag) else {
                continue;
            };
            let mut master = Zeroizing::new([0u8; KEY_LEN]);
            if key.len() != KEY_LEN {
                return Err(ImportError::corrupt(FORMAT, "its master key has the wrong length"));
            }
            master.copy_from_slice(&key);
            return Ok(master);
        }
        Err(ImportError::WrongPassword)
    }

    /// The database's plaintext; `None` when `master` does not open it.
    fn open(&self, master: &[u8; KEY_LEN]) -> Option<Zeroizing<Vec<u8>>> {
        crypto::open_detached(master, &self.nonce, &self.ciphertext, &self.tag)
    }

    /// The entries, with their UUIDs, decrypted with a master key kept from
    /// an earlier backup (no password, no scrypt). `Ok(None)` when that key
    /// does not open the database: Aegis made a new key (encryption turned
    /// off and on again), or the database was changed.
    pub(crate) fn entries_with_key(&self, master: &[u8; KEY_LEN]) -> Result<Option<Vec<AegisEntry>>, ImportError> {
        let Some(plaintext) = self.open(master) else { return Ok(None) };
        let json = json::parse(FORMAT, &plaintext)?;
        let content = json.value().as_object();
        let content = content.ok_or_else(|| ImportError::corrupt(FORMAT, "its decrypted contents are not an object"))?;
        content_entries(content).map(Some)
    }
}

/// One entry of an Aegis vault with its UUID, for [`crate::sync::aegis`].
pub(crate) struct AegisEntry {
    /// Aegis' own id of the entry (`uuid`), when it has one.
    pub(crate) uuid: Option<String>,
    /// How the entry is named in messages.
    pub(crate) name: String,
    /// The account, or why it cannot be read (say, a Yandex entry).
    pub(crate) account: Result<ImportedAccount, String>,
}

/// The decrypted (or plain) content: groups, then entries.
fn read_content(content: &Map<String, Value>) -> Result<ImportResult, ImportError> {
    let mut result = ImportResult::new(FORMAT);
    for (index, e) in content_entries(content)?.into_iter().enumerate() {
        entry::push(&mut result, index, e.name, e.account);
    }
    Ok(result)
}

/// Every entry of the content, in order, each read or with why not.
fn content_entries(content: &Map<String, Value>) -> Result<Vec<AegisEntry>, ImportError> {
    match int_field(content, "version") {
        Ok(Some(v)) if (1..=MAX_CONTENT_VERSION).contains(&v) => {}
        Ok(Some(v)) => return Err(unsupported_version(v, "1 to 3 of the contents")),
        _ => return Err(ImportError::corrupt(FORMAT, "the version of its contents is missing")),
    }
    let groups: HashMap<&str, &str> = match content.get("groups").and_then(Value::as_array) {
        Some(groups) => groups
            .iter()
            .filter_map(Value::as_object)
            .filter_map(|g| Some((str_field(g, "uuid")?, text_field(g, "name")?)))
            .collect(),
        None => HashMap::new(),
    };
    let entries = json::entries(FORMAT, content.get("entries").unwrap_or(&Value::Null), "entries")?;
    let mut out = Vec::with_capacity(entries.len());
    for value in entries {
        let Some(object) = value.as_object() else {
            out.push(AegisEntry {
                uuid: None,
                name: "an unnamed account".into(),
                account: Err("the entry is not an object".into()),
            });
            continue;
        };
        let name = entry::display_name(str_field(object, "issuer"), str_field(object, "name").unwrap_or(""));
        let uuid = str_field(object, "uuid").map(str::to_owned);
        out.push(AegisEntry { uuid, name, account: read_entry(object, &groups) });
    }
    Ok(out)
}

/// One entry. Names are taken as Aegis stores them: a `name` like
/// `alice@GitHub` with an empty issuer stays the account name with no issuer,
/// as Aegis itself shows it; splitting at `@` would break every e-mail address.
fn read_entry(object: &Map<String, Value>, groups: &HashMap<&str, &str>) -> Result<ImportedAccount, String> {
    let kind = entry::kind(str_field(object, "type").ok_or("it has no type")?)?;
    let info = object.get("info").and_then(Value::as_object).ok_or("it has no code parameters")?;
    let (secret, warning) = entry::base32_secret(str_field(info, "secret").ok_or("it has no secret")?)?;
    let mut params = Params::new(kind);
    if kind.has_pin() {
        params.pin = entry::pin(str_field(info, "pin").map(str::to_owned));
    } else if let Some(name) = str_field(info, "algo") {
        params.algorithm = Some(entry::algorithm(name)?);
    }
    params.digits = int_field(info, "digits")?;
    params.period = int_field(info, "period")?;
    params.counter = int_field(info, "counter")?;
    if kind == OtpKind::Hotp && params.counter.is_none() {
        return Err("it is counter-based (HOTP) but has no counter".into());
    }
    let otp = entry::make_otp(secret, &params)?;
    let account = entry::account(str_field(object, "issuer"), str_field(object, "name").unwrap_or(""), otp);
    let mut imported = ImportedAccount::new(account).warned(warning);
    imported.note = entry::non_blank(str_field(object, "note"));
    imported.favourite = bool_field(object, "favorite");
    imported.icon = icon(object);
    imported.groups = match object.get("groups").and_then(Value::as_array) {
        // Version 3: UUIDs into the vault's group list; unknown ones are dropped, as Aegis does.
        Some(uuids) => {
            uuids.iter().filter_map(Value::as_str).filter_map(|u| groups.get(u)).map(|n| (*n).to_owned()).collect()
        }
        // Versions 1 and 2: the group's name on the entry.
        None => text_field(object, "group").map(str::to_owned).into_iter().collect(),
    };
    Ok(imported)
}

/// The icon as a `data:` URI, when it decodes; Aegis also silently drops bad icons.
fn icon(object: &Map<String, Value>) -> Option<String> {
    let data = str_field(object, "icon")?;
    crypto::base64(data)?;
    // Aegis reads a missing MIME type as JPEG (its only type before icon_mime existed).
    let mime = match str_field(object, "icon_mime") {
        None => "image/jpeg",
        Some(m @ ("image/png" | "image/jpeg" | "image/svg+xml" | "image/webp")) => m,
        Some(_) => return None,
    };
    let clean: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    Some(format!("data:{mime};base64,{clean}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(entries: &str) -> String {
        format!(r#"{{"version":1,"header":{{"slots":null,"params":null}},"db":{{"version":2,"entries":[{entries}]}}}}"#)
    }

    fn ready(text: &str) -> ImportResult {
        match read(text.as_bytes()).unwrap() {
            Imported::Ready(r) => r,
            Imported::NeedsPassword(_) => panic!("not encrypted"),
        }
    }

    #[test]
    fn one_bad_entry_does_not_stop_the_others() {
        let good = r#"{"type":"totp","name":"a","issuer":"A","info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":6,"period":30}}"#;
        let md5 = r#"{"type":"totp","name":"b","issuer":"B","info":{"secret":"JBSWY3DPEHPK3PXP","algo":"MD5","digits":6,"period":30}}"#;
        let yandex = r#"{"type":"yandex","name":"c","issuer":"C","info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA256","digits":8,"period":30,"pin":"1234"}}"#;
        let no_counter =
            r#"{"type":"hotp","name":"d","issuer":"D","info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":6}}"#;
        let result = ready(&plain(&format!("{good},{md5},{yandex},{no_counter},7,{good}")));
        assert_eq!(result.accounts.len(), 2);
        let errors: Vec<_> = result.errors.iter().map(|e| (e.index, e.name.as_str())).collect();
        assert_eq!(errors, [(1, "B: b"), (2, "C: c"), (3, "D: d"), (4, "an unnamed account")]);
        assert!(result.errors[0].message.contains("`MD5`"), "{}", result.errors[0].message);
        assert!(result.errors[1].message.contains("Yandex"), "{}", result.errors[1].message);
    }

    /// Entries as Aegis' `MotpInfo` and `YandexInfo` write them (`toJson`), with the
    /// vectors of Aegis' MOTPTest and YAOTPTest: they come in with their PIN and make its codes.
    #[test]
    fn motp_and_yandex_entries_come_in_with_their_pin() {
        // mOTP secret e3152afee62599c8 (hex) is 4MKSV7XGEWM4Q in base32.
        let motp = r#"{"type":"motp","name":"m","issuer":"M","info":{"secret":"4MKSV7XGEWM4Q","algo":"MD5","digits":6,"period":10,"pin":"1234"}}"#;
        let yandex = r#"{"type":"yandex","name":"y","issuer":"Y","info":{"secret":"LA2V6KMCGYMWWVEW64RNP3JA3I","algo":"SHA256","digits":8,"period":30,"pin":"7586"}}"#;
        let no_pin = r#"{"type":"yandex","name":"n","issuer":"N","info":{"secret":"LA2V6KMCGYMWWVEW64RNP3JA3I","algo":"SHA256","digits":8,"period":30}}"#;
        let result = ready(&plain(&format!("{motp},{yandex},{no_pin}")));
        assert_eq!(result.accounts.len(), 2, "{:?}", result.errors);
        assert_eq!(result.accounts[0].account.otp.code_at(165_892_298), "e7d8b6");
        assert_eq!(result.accounts[1].account.otp.code_at(1_581_064_020), "oactmacq");
        assert!(result.errors[0].message.contains("no PIN"), "{}", result.errors[0].message);
    }

    #[test]
    fn names_are_taken_as_aegis_shows_them() {
        let entry = |name: &str, issuer: &str| {
            format!(r#"{{"type":"totp","name":"{name}","issuer":"{issuer}","info":{{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":6,"period":30}}}}"#)
        };
        let result = ready(&plain(&format!("{},{}", entry("alice@GitHub", ""), entry("bob@example.com", "Example"))));
        let names: Vec<_> =
            result.accounts.iter().map(|a| (a.account.issuer.as_deref(), a.account.label.as_str())).collect();
        assert_eq!(names, [(None, "alice@GitHub"), (Some("Example"), "bob@example.com")]);
    }

    #[test]
    fn versions_and_shapes_are_checked() {
        let newer = r#"{"version":2,"header":{},"db":{}}"#;
        assert!(matches!(read(newer.as_bytes()), Err(ImportError::UnsupportedVersion { found, .. }) if found == "2"));
        let content4 = r#"{"version":1,"header":{"slots":null,"params":null},"db":{"version":4,"entries":[]}}"#;
        assert!(matches!(read(content4.as_bytes()), Err(ImportError::UnsupportedVersion { .. })));
        let no_db = r#"{"version":1,"header":{}}"#;
        assert!(matches!(read(no_db.as_bytes()), Err(ImportError::Corrupt { .. })));
    }

    #[test]
    fn biometric_only_vaults_say_so() {
        let vault = r#"{"version":1,"header":{"slots":[{"type":2,"uuid":"x","key":"00","key_params":{"nonce":"000000000000000000000000","tag":"00000000000000000000000000000000"}}],"params":{"nonce":"000000000000000000000000","tag":"00000000000000000000000000000000"}},"db":"AAAA"}"#;
        assert!(matches!(read(vault.as_bytes()), Err(ImportError::NoPasswordSlot)));
    }

    #[test]
    fn hostile_scrypt_parameters_are_refused_at_read() {
        let vault = r#"{"version":1,"header":{"slots":[{"type":1,"key":"00","key_params":{"nonce":"000000000000000000000000","tag":"00000000000000000000000000000000"},"n":1073741824,"r":8,"p":1,"salt":"00"}],"params":{"nonce":"000000000000000000000000","tag":"00000000000000000000000000000000"}},"db":"AAAA"}"#;
        assert!(matches!(read(vault.as_bytes()), Err(ImportError::KdfTooExpensive { .. })));
    }
}
