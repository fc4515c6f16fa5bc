//! TOTP Authenticator (BinaryBoo, `com.authenticator.authservice2`): its
//! encrypted backup file, and its own preference file from a rooted phone.
//!
//! Layout confirmed from Aegis' `TotpAuthenticatorImporter.java` with its
//! test files (`totp_authenticator.bin`, `totp_authenticator_internal.xml`)
//! and Stratum's `TotpAuthenticatorBackupConverter.cs` with its
//! `totpauthenticator.encrypted.bin` (a later app version):
//!
//! ```text
//! backup (.encrypt):  base64( AES-256-CBC(key = SHA-256(password), IV = 16 zero bytes, PKCS#7)(
//!                       { "<the account list as a JSON string>": "<seconds since 1970>" } ))
//!                     password: the one chosen for the backup, or the app's fixed "TotpAuthenticator"
//! shared_prefs/TOTP_Authenticator_Preferences.xml:
//!   <string name="STATIC_TOTP_CODES_LIST">[ the account list ]</string>   (not encrypted)
//! an account:         { "issuer": "Deno" | "Unknown", "name": "mason", "key": secret, "base": 16 | 32 | 64,
//!                       "digits": "6" | "", "period": "30" | "", "accountHeaderLabel": group,
//!                       "isFavorite": false, "dateModified", "iconPath", "totpCode", … }
//! ```
//!
//! - The codes are SHA-1 TOTP; `digits` and `period` are strings, empty for
//!   the defaults (6 and 30), and are used as Stratum uses them. (Aegis
//!   always imports 6 digits and 30 seconds; its test file's `digits` "7"
//!   and `period` "20" are what the app kept from the QR code.)
//! - `key` is hexadecimal (`base` 16, what the app writes), base32 or base64.
//! - `issuer` "Unknown" is what the app writes for none.
//! - A backup made without a password of one's own is sealed with the app's
//!   fixed password: that one is tried first, and such a file opens without asking.
//! - CBC has no tag: a wrong password shows as bad padding or text that is
//!   not the JSON above, and a damaged file looks the same; a file cut short
//!   is told by its first block, which the right password still opens.
//!
//! # What the format loses or Twofold cannot express
//! Nothing of the code. Icons are not kept.

use serde_json::{Map, Value};
use sha2::Digest;
use zeroize::Zeroizing;

use super::entry::{self, Params};
use super::json::{self, bool_field, str_field, text_field, Json};
use super::{crypto, shared_prefs, Encrypted, Format, ImportError, ImportResult, Imported, ImportedAccount};
use crate::otp::OtpKind;
use crate::secret::Secret;

const FORMAT: Format = Format::TotpAuthenticator;
/// The preference holding the accounts in the app's own file.
pub(super) const PREF_KEY: &str = "STATIC_TOTP_CODES_LIST";
/// The app's password for backups made without one of the person's own.
const DEFAULT_PASSWORD: &str = "TotpAuthenticator";
/// Fewest base64 characters of a backup: two AES blocks (the smallest JSON above is longer than one).
const MIN_BACKUP_CHARS: usize = 44;

/// An encrypted backup waiting for its password.
pub(super) struct Locked {
    sealed: Zeroizing<Vec<u8>>,
}

/// Whether text looks like an encrypted backup: base64 only (line breaks
/// allowed), long enough for two blocks, in both cases of letters as
/// ciphertext is (a base32 secret on its own is one case only).
pub(super) fn looks_like_backup(text: &str) -> bool {
    let body = text.trim();
    let base64 = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\r' | b'\n');
    body.len() >= MIN_BACKUP_CHARS
        && body.bytes().all(base64)
        && body.bytes().any(|b| b.is_ascii_lowercase())
        && body.bytes().any(|b| b.is_ascii_uppercase())
}

pub(super) fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::corrupt(FORMAT, "it is not UTF-8 text"))?;
    if shared_prefs::looks_like(text) {
        return read_prefs(bytes).map(Imported::Ready);
    }
    let sealed = crypto::base64(text).ok_or_else(|| ImportError::corrupt(FORMAT, "it is not base64 text"))?;
    if !sealed.len().is_multiple_of(16) {
        return Err(ImportError::Truncated { format: FORMAT });
    }
    let locked = Locked { sealed };
    match locked.decrypt(DEFAULT_PASSWORD) {
        Err(ImportError::WrongPassword) => Ok(Imported::NeedsPassword(Encrypted::from(locked))),
        other => other.map(Imported::Ready),
    }
}

fn read_prefs(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let entries = shared_prefs::read_file(FORMAT, bytes)?;
    let (_, value) = entries
        .iter()
        .find(|(key, _)| key == PREF_KEY)
        .ok_or_else(|| ImportError::corrupt(FORMAT, format!("it holds no list of accounts (no {PREF_KEY} entry)")))?;
    let list = json::parse(FORMAT, value.as_bytes())
        .map_err(|_| ImportError::corrupt(FORMAT, "its list of accounts is not valid JSON"))?;
    convert(&list)
}

impl Locked {
    pub(super) fn decrypt(&self, password: &str) -> Result<ImportResult, ImportError> {
        let key = Zeroizing::new(<[u8; crypto::KEY_LEN]>::from(sha2::Sha256::digest(password.as_bytes())));
        let Some(plain) = crypto::aes256_cbc_decrypt(&key, &[0; 16], &self.sealed) else {
            // The right password opens the first block into the start of the JSON even when
            // the end is missing: that is a file cut short (on whole blocks), not a wrong password.
            let first = crypto::aes256_cbc_raw(&key, &[0; 16], self.sealed.get(..16).unwrap_or(&[]));
            if first.is_some_and(|block| block.starts_with(b"{\"[") || block.starts_with(b"[{")) {
                return Err(ImportError::Truncated { format: FORMAT });
            }
            return Err(ImportError::WrongPassword);
        };
        // A wrong key gives bytes that are not this JSON; so does a damaged file (see the module docs).
        let outer = std::str::from_utf8(&plain).ok().and_then(|t| json::parse_str(FORMAT, t).ok());
        let outer = outer.ok_or(ImportError::WrongPassword)?;
        match outer.value() {
            Value::Array(_) => convert(&outer),
            Value::Object(map) => {
                let list = map
                    .keys()
                    .find(|k| k.trim_start().starts_with('['))
                    .ok_or_else(|| ImportError::corrupt(FORMAT, "it holds no list of accounts"))?;
                let list = json::parse_str(FORMAT, list)
                    .map_err(|_| ImportError::corrupt(FORMAT, "its list of accounts is not valid JSON"))?;
                convert(&list)
            }
            _ => Err(ImportError::WrongPassword),
        }
    }
}

fn convert(list: &Json) -> Result<ImportResult, ImportError> {
    let items = json::entries(FORMAT, list.value(), "accounts")?;
    let mut result = ImportResult::new(FORMAT);
    for (index, item) in items.iter().enumerate() {
        let Some(account) = item.as_object() else {
            entry::push(&mut result, index, "an unnamed account".into(), Err("the account is not an object".into()));
            continue;
        };
        let issuer = text_field(account, "issuer").filter(|i| *i != "Unknown");
        let label = str_field(account, "name").unwrap_or("");
        let name = entry::display_name(issuer, label);
        entry::push(&mut result, index, name, read_account(account, issuer, label));
    }
    Ok(result)
}

fn read_account(account: &Map<String, Value>, issuer: Option<&str>, label: &str) -> Result<ImportedAccount, String> {
    let key = str_field(account, "key").ok_or("it has no key")?;
    let base = account.get("base").and_then(json::as_int).unwrap_or(16);
    let mut warning = None;
    let secret = match base {
        16 => Secret::from_bytes(crypto::hex(key).ok_or("its key is not hexadecimal")?),
        32 => {
            let (secret, tolerated) = entry::base32_secret(key)?;
            warning = tolerated;
            secret
        }
        64 => Secret::from_bytes(crypto::base64(key).ok_or("its key is not base64")?.to_vec()),
        _ => return Err("its key is written in a base Twofold does not know (TOTP Authenticator uses 16)".into()),
    };
    if secret.is_empty() {
        return Err("its key is empty".into());
    }
    let mut params = Params::new(OtpKind::Totp);
    params.digits = number(account, "digits")?;
    params.period = number(account, "period")?;
    let otp = entry::make_otp(secret, &params)?;
    let mut imported = ImportedAccount::new(entry::account(issuer, label, otp)).warned(warning);
    imported.groups.extend(text_field(account, "accountHeaderLabel").map(str::to_owned));
    imported.favourite = bool_field(account, "isFavorite");
    Ok(imported)
}

/// A number the app writes as a string ("6"), empty for its default; a JSON number is read too.
fn number(account: &Map<String, Value>, key: &str) -> Result<Option<i128>, String> {
    match account.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::String(text)) => {
            text.trim().parse().map(Some).map_err(|_| format!("its {key} is not a whole number"))
        }
        Some(value) => json::as_int(value).map(Some).ok_or_else(|| format!("its {key} is not a whole number")),
    }
}
