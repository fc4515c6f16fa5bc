//! Authenticator Pro / Stratum backups: the plain JSON, and the encrypted
//! `.authpro` file, with a strong (Argon2id) key or the legacy one.
//!
//! Layout confirmed from the app's own description of its backup
//! (`jamie-mh/AuthenticatorPro`, now `stratumauth/app`: `doc/BACKUP_FORMAT.md`)
//! and Aegis' `StratumImporter.java`:
//!
//! ```text
//! { "Authenticators": [{ "Type": 1 HOTP | 2 TOTP | 3 mOTP | 4 Steam | 5 Yandex,
//!                        "Issuer", "Username", "Secret": base32, "Pin",
//!                        "Algorithm": 0 SHA-1 | 1 SHA-256 | 2 SHA-512,
//!                        "Digits", "Period", "Counter", "Icon", "Ranking", "CopyCount" }],
//!   "Categories": [{ "Id", "Name", "Ranking" }],
//!   "AuthenticatorCategories": [{ "CategoryId", "AuthenticatorSecret", "Ranking" }],
//!   "CustomIcons": [{ "Id", "Data" }] }
//! encrypted: "AUTHENTICATORPRO" ‖ salt (16) ‖ IV (12) ‖ AES-256-GCM(JSON) ‖ tag (16)
//!   key = Argon2id(password, salt, 3 passes, 64 MiB, 4 lanes, 32 bytes)
//! legacy:    "AuthenticatorPro" ‖ salt (20) ‖ IV (16) ‖ AES-256-CBC(JSON) with PKCS#7 padding
//!   key = PBKDF2-HMAC-SHA1(password, salt, 64,000 iterations, 32 bytes)
//! earliest:  "AuthenticatorPro" ‖ salt (8) ‖ IV (16) ‖ AES-256-CBC(JSON), PBKDF2-HMAC-SHA1, 100,000 iterations
//! ```
//!
//! The legacy layout is `LegacyBackupEncryption` (`AuthenticatorPro.Core/Backup/Encryption`),
//! which the app still reads (and wrote before version 1.15); the earliest is the first
//! releases' `AuthenticatorPro.Data.Backup` (PCLCrypto). The two share the header, and
//! their lengths tell them apart: whole AES blocks after 36 bytes, or after 24.
//!
//! A category binds an authenticator by its secret; the categories become groups.
//! The KDF parameters are fixed by the app, not read from the file, so
//! no bound is needed. The legacy encryption has no integrity check: a wrong
//! password shows as bad padding or as bytes that are not the backup's JSON,
//! and so does a damaged file; both are [`ImportError::WrongPassword`], and the
//! message says the file may be damaged.
//!
//! # What the format loses or Twofold cannot express
//! - mOTP and Yandex entries (types 3 and 5) need a PIN Twofold does not
//!   keep: each is an entry error naming it, and the others come in.
//! - Icons (names in the app's icon pack, or custom images) and the order.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::entry::{self, Params};
use super::json::{self, int_field, str_field, text_field};
use super::{crypto, Encrypted, Format, ImportError, ImportResult, Imported, ImportedAccount};
use crate::otp::{Algorithm, OtpKind};

const FORMAT: Format = Format::AuthenticatorPro;
/// The strong encryption's header.
pub(super) const MAGIC: &[u8] = b"AUTHENTICATORPRO";
/// The legacy encryption's header.
pub(super) const LEGACY_MAGIC: &[u8] = b"AuthenticatorPro";
const SALT_LEN: usize = 16;
/// Argon2id as the app derives the key (`KeyDerivation`: 3 passes, 2^16 KiB, 4 lanes).
const ARGON2_PASSES: u32 = 3;
const ARGON2_MEMORY_KIB: u32 = 1 << 16;
const ARGON2_LANES: u32 = 4;
/// The legacy encryption (`LegacyBackupEncryption`): PBKDF2-SHA1, 64,000 iterations, 20-byte salt, 16-byte IV.
const LEGACY_SALT_LEN: usize = 20;
const LEGACY_IV_LEN: usize = 16;
const LEGACY_ITERATIONS: u32 = 64_000;
/// The earliest releases' encryption: PBKDF2-SHA1, 100,000 iterations, 8-byte salt, 16-byte IV.
const EARLIEST_SALT_LEN: usize = 8;
const EARLIEST_ITERATIONS: u32 = 100_000;

/// An encrypted backup waiting for its password.
pub(super) enum Locked {
    Strong { salt: [u8; SALT_LEN], nonce: [u8; crypto::NONCE_LEN], sealed: Vec<u8> },
    Legacy { salt: Vec<u8>, iterations: u32, iv: [u8; LEGACY_IV_LEN], ciphertext: Vec<u8> },
}

pub(super) fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    if let Some(rest) = bytes.strip_prefix(MAGIC) {
        let too_short = || ImportError::Truncated { format: FORMAT };
        let salt = rest.get(..SALT_LEN).ok_or_else(too_short)?;
        let nonce = rest.get(SALT_LEN..SALT_LEN + crypto::NONCE_LEN).ok_or_else(too_short)?;
        let sealed = rest.get(SALT_LEN + crypto::NONCE_LEN..).filter(|s| s.len() >= crypto::TAG_LEN);
        let sealed = sealed.ok_or_else(too_short)?;
        let locked = Locked::Strong {
            salt: salt.try_into().map_err(|_| too_short())?,
            nonce: nonce.try_into().map_err(|_| too_short())?,
            sealed: sealed.to_vec(),
        };
        return Ok(Imported::NeedsPassword(Encrypted::from(locked)));
    }
    if let Some(rest) = bytes.strip_prefix(LEGACY_MAGIC) {
        let too_short = || ImportError::Truncated { format: FORMAT };
        // CBC's ciphertext is whole 16-byte blocks, at least one (the padding): which of the
        // two layouts fits says which it is, and a file that fits neither was cut.
        let fits = |salt_len: usize| {
            rest.len()
                .checked_sub(salt_len + LEGACY_IV_LEN)
                .is_some_and(|len| len > 0 && len.is_multiple_of(16))
        };
        let (salt_len, iterations) = if fits(LEGACY_SALT_LEN) {
            (LEGACY_SALT_LEN, LEGACY_ITERATIONS)
        } else if fits(EARLIEST_SALT_LEN) {
            (EARLIEST_SALT_LEN, EARLIEST_ITERATIONS)
        } else {
            return Err(too_short());
        };
        let (salt, rest) = rest.split_at(salt_len);
        let (iv, ciphertext) = rest.split_at(LEGACY_IV_LEN);
        let locked = Locked::Legacy {
            salt: salt.to_vec(),
            iterations,
            iv: iv.try_into().map_err(|_| too_short())?,
            ciphertext: ciphertext.to_vec(),
        };
        return Ok(Imported::NeedsPassword(Encrypted::from(locked)));
    }
    read_plain(bytes).map(Imported::Ready)
}

impl Locked {
    /// Whether this is the legacy encryption, which cannot tell a wrong password from damage.
    pub(super) fn is_legacy(&self) -> bool {
        matches!(self, Locked::Legacy { .. })
    }

    pub(super) fn decrypt(&self, password: &str) -> Result<ImportResult, ImportError> {
        match self {
            Locked::Strong { salt, nonce, sealed } => {
                let key = crypto::argon2id(password.as_bytes(), salt, ARGON2_PASSES, ARGON2_MEMORY_KIB, ARGON2_LANES)
                    .ok_or_else(|| ImportError::corrupt(FORMAT, "its key cannot be derived"))?;
                // GCM has one check for key and content: a damaged file also reads as a wrong password.
                let plaintext = crypto::open(&key, nonce, sealed).ok_or(ImportError::WrongPassword)?;
                read_plain(&plaintext)
            }
            Locked::Legacy { salt, iterations, iv, ciphertext } => {
                let key = crypto::pbkdf2_sha1(password.as_bytes(), salt, *iterations);
                let plaintext = crypto::aes256_cbc_decrypt(&key, iv, ciphertext).ok_or(ImportError::WrongPassword)?;
                // No integrity check: a wrong key passes the padding once in 256 tries, and then
                // yields noise, not the backup's JSON object.
                if !std::str::from_utf8(&plaintext).is_ok_and(|t| t.trim_start().starts_with('{')) {
                    return Err(ImportError::WrongPassword);
                }
                read_plain(&plaintext)
            }
        }
    }
}

fn read_plain(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let json = json::parse(FORMAT, bytes)?;
    let root = json::root_object(FORMAT, &json)?;
    let items = json::entries(FORMAT, root.get("Authenticators").unwrap_or(&Value::Null), "authenticators")?;
    let categories = categories(root);
    let mut result = ImportResult::new(FORMAT);
    for (index, value) in items.iter().enumerate() {
        let Some(item) = value.as_object() else {
            entry::push(&mut result, index, "an unnamed account".into(), Err("the entry is not an object".into()));
            continue;
        };
        let name = entry::display_name(text_field(item, "Issuer"), str_field(item, "Username").unwrap_or(""));
        entry::push(&mut result, index, name, read_item(item, &categories));
    }
    Ok(result)
}

/// Category names by the secret of each authenticator filed under them, in file order.
fn categories(root: &Map<String, Value>) -> HashMap<String, Vec<String>> {
    let array = |key: &str| root.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    let names: HashMap<&str, &str> = array("Categories")
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|c| Some((str_field(c, "Id")?, text_field(c, "Name")?)))
        .collect();
    let mut by_secret: HashMap<String, Vec<String>> = HashMap::new();
    for binding in array("AuthenticatorCategories").iter().filter_map(Value::as_object) {
        let (Some(id), Some(secret)) = (str_field(binding, "CategoryId"), str_field(binding, "AuthenticatorSecret")) else {
            continue;
        };
        if let Some(name) = names.get(id) {
            let groups = by_secret.entry(secret.to_owned()).or_default();
            if !groups.iter().any(|g| g == name) {
                groups.push((*name).to_owned());
            }
        }
    }
    by_secret
}

fn read_item(item: &Map<String, Value>, categories: &HashMap<String, Vec<String>>) -> Result<ImportedAccount, String> {
    let kind = match int_field(item, "Type")? {
        Some(1) => OtpKind::Hotp,
        Some(2) | None => OtpKind::Totp,
        Some(4) => OtpKind::Steam,
        Some(3) => return Err(entry::needs_pin("mOTP")),
        Some(5) => return Err(entry::needs_pin("Yandex")),
        Some(other) => return Err(format!("its type {other} is not one Authenticator Pro writes")),
    };
    let text = str_field(item, "Secret").ok_or("it has no secret")?;
    let (secret, warning) = entry::base32_secret(text)?;
    let mut params = Params::new(kind);
    params.algorithm = match int_field(item, "Algorithm")? {
        None | Some(0) => None,
        Some(1) => Some(Algorithm::Sha256),
        Some(2) => Some(Algorithm::Sha512),
        Some(other) => return Err(format!("its algorithm number {other} is not one Authenticator Pro writes")),
    };
    params.digits = int_field(item, "Digits")?;
    params.period = int_field(item, "Period")?;
    params.counter = Some(int_field(item, "Counter")?.unwrap_or(0));
    let otp = entry::make_otp(secret, &params)?;
    let account = entry::account(text_field(item, "Issuer"), str_field(item, "Username").unwrap_or(""), otp);
    let mut imported = ImportedAccount::new(account).warned(warning);
    imported.groups = categories.get(text).cloned().unwrap_or_default();
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_algorithms_and_categories() {
        let text = br#"{"Authenticators":[
            {"Type":2,"Issuer":"A","Username":"a","Secret":"JBSWY3DPEHPK3PXP","Algorithm":1,"Digits":8,"Period":60,"Counter":0},
            {"Type":1,"Issuer":"H","Username":null,"Secret":"JBSWY3DPEHPK3PXP","Algorithm":0,"Digits":6,"Period":30,"Counter":5},
            {"Type":3,"Issuer":"M","Username":"m","Secret":"0123456789abcdef","Pin":"1234","Algorithm":0,"Digits":6,"Period":10,"Counter":0},
            {"Type":4,"Issuer":"Steam","Username":"s","Secret":"JBSWY3DPEHPK3PXP","Algorithm":0,"Digits":5,"Period":30,"Counter":0},
            {"Type":9,"Issuer":"X","Username":"x","Secret":"JBSWY3DPEHPK3PXP"}
        ],"Categories":[{"Id":"c1","Name":"Work","Ranking":0}],
        "AuthenticatorCategories":[{"CategoryId":"c1","AuthenticatorSecret":"JBSWY3DPEHPK3PXP","Ranking":0}]}"#;
        let Imported::Ready(result) = read(text).unwrap() else { panic!("not encrypted") };
        let got: Vec<_> = result.accounts.iter().map(|a| (a.account.issuer.as_deref(), a.account.otp.kind())).collect();
        assert_eq!(got, [(Some("A"), OtpKind::Totp), (Some("H"), OtpKind::Hotp), (Some("Steam"), OtpKind::Steam)]);
        assert_eq!(result.accounts[0].account.otp.algorithm(), Algorithm::Sha256);
        assert_eq!(result.accounts[1].account.otp.counter(), Some(5));
        assert_eq!(result.accounts[0].groups, ["Work"]);
        assert_eq!(result.errors.iter().map(|e| e.index).collect::<Vec<_>>(), [2, 4]);
        assert!(result.errors[0].message.contains("PIN"), "{}", result.errors[0].message);
    }

    #[test]
    fn cut_and_legacy_encrypted_files_are_named() {
        let mut cut = MAGIC.to_vec();
        cut.extend([0u8; 20]);
        assert!(matches!(read(&cut), Err(ImportError::Truncated { .. })));
        let mut legacy = LEGACY_MAGIC.to_vec();
        legacy.extend([0u8; LEGACY_SALT_LEN + LEGACY_IV_LEN + 32]);
        let Ok(Imported::NeedsPassword(locked)) = read(&legacy) else { panic!("the legacy file needs a password") };
        assert!(matches!(locked.decrypt("x"), Err(ImportError::WrongPassword)));
        legacy.truncate(LEGACY_MAGIC.len() + LEGACY_SALT_LEN + LEGACY_IV_LEN + 8);
        assert!(matches!(read(&legacy), Err(ImportError::Truncated { .. })));
        // The earliest layout (8-byte salt) by its length.
        legacy.resize(LEGACY_MAGIC.len() + EARLIEST_SALT_LEN + LEGACY_IV_LEN + 32, 0);
        let Ok(Imported::NeedsPassword(Encrypted { locked: super::super::Locked::AuthenticatorPro(locked) })) = read(&legacy)
        else {
            panic!("the earliest layout needs a password")
        };
        assert!(matches!(locked, Locked::Legacy { ref salt, iterations: EARLIEST_ITERATIONS, .. } if salt.len() == 8));
        legacy.truncate(LEGACY_MAGIC.len() + EARLIEST_SALT_LEN + LEGACY_IV_LEN);
        assert!(matches!(read(&legacy), Err(ImportError::Truncated { .. })));
    }
}
