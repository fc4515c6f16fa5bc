//! 2FAS Authenticator backups (`.2fas`), plain and encrypted, schema versions 1 to 4.
//!
//! Layout confirmed from the 2FAS Android app (`twofas/2fas-android`):
//! `data/services/domain/BackupContent.kt` (schema 4, the `reference` text),
//! `BackupService.kt`, `BackupGroup.kt`, `mapper/ServiceMapper.kt`,
//! `otp/ServiceParser.kt`, `BackupRepositoryImpl.kt`, and `core/cipher`
//! (`BackupCipherImpl.kt`, `BackupKeyGeneratorPbkdf.kt`, `CipherAes.kt`,
//! `DataEncrypted.kt`); cross-checked with Aegis' `TwoFASImporter.java`.
//!
//! ```text
//! { "services": [service…], "groups": [{ "id", "name", … }], "schemaVersion": 1..4,
//!   "appOrigin", …, "servicesEncrypted": "…", "reference": "…" }
//! service: { "name", "secret": base32, "otp": { "account", "label", "issuer", "digits",
//!            "period", "algorithm", "counter", "tokenType": "TOTP" | "HOTP" | "STEAM" },
//!            "groupId", "icon", "order", … }
//! encrypted part: base64(ciphertext ‖ tag) ":" base64(salt) ":" base64(iv)
//!   key = PBKDF2-HMAC-SHA256(password, salt, 10,000 iterations, 256 bits)
//!   AES-256-GCM with the 12-byte IV; the plaintext is the JSON list of services
//! ```
//!
//! `reference` is a fixed text encrypted under the same key: when it opens
//! the password is right, so services that then fail their check are a
//! damaged file, not a wrong password. The iteration count is fixed by the
//! app, not read from the file, so no bound is needed.
//!
//! Names: `name` is what 2FAS shows (the issuer, or a name the person gave);
//! it is the issuer. When a QR code had no issuer, 2FAS files the account
//! under the placeholder name `Unknown`; that reads back as no issuer.
//! Defaults, as in the app: SHA-1, 6 digits, 30 seconds, TOTP.
//!
//! # What the format loses or Twofold cannot express
//! - HOTP counters above 2,147,483,647: the Android app keeps them in a 32-bit
//!   `Int`. A HOTP entry without a counter is read at 0, as Aegis does.
//! - SHA-224 and SHA-384, which 2FAS accepts, make codes Twofold cannot (entry errors).
//! - Service names over 30 characters are cut by 2FAS itself.
//! - Icons (references into 2FAS' own icon pack), badge colours and order are not kept.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::crypto;
use super::entry::{self, Params};
use super::json::{self, int_field, str_field, text_field};
use super::{Encrypted, Format, ImportError, ImportResult, Imported, ImportedAccount};
use crate::otp::OtpKind;

const FORMAT: Format = Format::TwoFas;
const MAX_SCHEMA: i128 = 4;
/// Fixed by the app (`BackupKeyGeneratorPbkdf.ITERATIONS`).
const ITERATIONS: u32 = 10_000;
/// The placeholder 2FAS names a service with when its QR code had no issuer.
const NO_NAME: &str = "Unknown";

/// An encrypted backup waiting for its password.
pub(super) struct Locked {
    services: Sealed,
    reference: Option<Sealed>,
    groups: HashMap<String, String>,
}

/// One `data:salt:iv` part.
struct Sealed {
    data: Zeroizing<Vec<u8>>,
    salt: Zeroizing<Vec<u8>>,
    iv: Zeroizing<Vec<u8>>,
}

pub(super) fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    let json = json::parse(FORMAT, bytes)?;
    let root = json::root_object(FORMAT, &json)?;
    match int_field(root, "schemaVersion") {
        Ok(Some(v)) if (1..=MAX_SCHEMA).contains(&v) => {}
        Ok(Some(v)) => {
            return Err(ImportError::UnsupportedVersion { format: FORMAT, found: v.to_string(), supported: "1 to 4" })
        }
        _ => return Err(ImportError::corrupt(FORMAT, "its schema version is missing")),
    }
    let groups = groups(root);
    match text_field(root, "servicesEncrypted") {
        Some(encrypted) => {
            let services = sealed(encrypted)
                .ok_or_else(|| ImportError::corrupt(FORMAT, "its encrypted services are not valid"))?;
            let reference = text_field(root, "reference").and_then(sealed);
            Ok(Imported::NeedsPassword(Encrypted::from(Locked { services, reference, groups })))
        }
        None => {
            let services = json::entries(FORMAT, root.get("services").unwrap_or(&Value::Null), "services")?;
            Ok(Imported::Ready(read_services(services, &groups)))
        }
    }
}

fn groups(root: &Map<String, Value>) -> HashMap<String, String> {
    let Some(groups) = root.get("groups").and_then(Value::as_array) else {
        return HashMap::new();
    };
    groups
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|g| Some((str_field(g, "id")?.to_owned(), text_field(g, "name")?.to_owned())))
        .collect()
}

/// `base64:base64:base64`; further parts are ignored, as the app ignores them.
fn sealed(text: &str) -> Option<Sealed> {
    let mut parts = text.split(':');
    let data = crypto::base64(parts.next()?)?;
    let salt = crypto::base64(parts.next()?)?;
    let iv = crypto::base64(parts.next()?)?;
    (data.len() >= crypto::TAG_LEN && iv.len() == crypto::NONCE_LEN).then_some(Sealed { data, salt, iv })
}

impl Locked {
    pub(super) fn decrypt(&self, password: &str) -> Result<ImportResult, ImportError> {
        let password = Zeroizing::new(password.as_bytes().to_vec());
        let key = crypto::pbkdf2_sha256(&password, &self.services.salt, ITERATIONS);
        let confirmed = match &self.reference {
            Some(reference) => {
                let same_salt = reference.salt.as_slice() == self.services.salt.as_slice();
                let ref_key =
                    if same_salt { key.clone() } else { crypto::pbkdf2_sha256(&password, &reference.salt, ITERATIONS) };
                crypto::open(&ref_key, &reference.iv, &reference.data).ok_or(ImportError::WrongPassword)?;
                true
            }
            None => false,
        };
        let Some(plaintext) = crypto::open(&key, &self.services.iv, &self.services.data) else {
            return Err(if confirmed {
                ImportError::corrupt(FORMAT, "the password is right, but the encrypted services fail their check: they were changed or cut short")
            } else {
                ImportError::WrongPassword
            });
        };
        let json = json::parse(FORMAT, &plaintext)?;
        let services = json::entries(FORMAT, json.value(), "services")?;
        Ok(read_services(services, &self.groups))
    }
}

fn read_services(services: &[Value], groups: &HashMap<String, String>) -> ImportResult {
    let mut result = ImportResult::new(FORMAT);
    for (index, value) in services.iter().enumerate() {
        let Some(service) = value.as_object() else {
            entry::push(&mut result, index, "an unnamed account".into(), Err("the entry is not an object".into()));
            continue;
        };
        let (issuer, label) = names(service);
        let name = entry::display_name(issuer, &label);
        entry::push(&mut result, index, name, read_service(service, groups));
    }
    result
}

/// Issuer and account name: the service's name (unless it is the placeholder
/// for "no issuer"), else the URI's issuer; the account, else the label, else
/// the account name of `otp.link` (the QR code 2FAS scanned), which older
/// exports and some iOS ones carry alone.
///
/// The service's name wins over `otp.issuer` because it is what 2FAS shows
/// and what the person may have renamed; Aegis' and 2FAS' own importers
/// choose the same.
fn names(service: &Map<String, Value>) -> (Option<&str>, Cow<'_, str>) {
    let otp = service.get("otp").and_then(Value::as_object);
    let otp_issuer = otp.and_then(|o| text_field(o, "issuer"));
    let name = text_field(service, "name").filter(|n| !(*n == NO_NAME && otp_issuer.is_none()));
    let issuer = name.or(otp_issuer);
    let label = match otp.and_then(|o| text_field(o, "account")) {
        Some(account) => account,
        // The label may still be the QR code's whole `Issuer:account`.
        None => match otp.and_then(|o| text_field(o, "label")) {
            Some(label) => [issuer, otp_issuer]
                .into_iter()
                .flatten()
                .find_map(|i| label.strip_prefix(i).and_then(|rest| rest.strip_prefix(':')))
                .map_or(label, str::trim),
            None => {
                let link = otp.and_then(|o| str_field(o, "link")).and_then(|l| crate::uri::parse_tolerant(l).ok());
                return (issuer, Cow::Owned(link.map(|(account, _)| account.label).unwrap_or_default()));
            }
        },
    };
    (issuer, Cow::Borrowed(label))
}

fn read_service(service: &Map<String, Value>, groups: &HashMap<String, String>) -> Result<ImportedAccount, String> {
    let (secret, warning) = entry::base32_secret(str_field(service, "secret").ok_or("it has no secret")?)?;
    let otp = service.get("otp").and_then(Value::as_object).ok_or("it has no code parameters")?;
    let kind = match str_field(otp, "tokenType") {
        None => OtpKind::Totp,
        Some(t) => entry::kind(t)?,
    };
    let mut params = Params::new(kind);
    if let Some(name) = str_field(otp, "algorithm") {
        params.algorithm = Some(entry::algorithm(name)?);
    }
    params.digits = int_field(otp, "digits")?;
    params.period = int_field(otp, "period")?;
    params.counter = Some(int_field(otp, "counter")?.unwrap_or(0));
    let otp = entry::make_otp(secret, &params)?;
    let (issuer, label) = names(service);
    let mut imported = ImportedAccount::new(entry::account(issuer, &label, otp)).warned(warning);
    imported.groups = str_field(service, "groupId").and_then(|id| groups.get(id)).cloned().into_iter().collect();
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready(text: &str) -> ImportResult {
        match read(text.as_bytes()).unwrap() {
            Imported::Ready(r) => r,
            Imported::NeedsPassword(_) => panic!("not encrypted"),
        }
    }

    #[test]
    fn defaults_placeholders_and_bad_entries() {
        let text = r#"{"services":[
            {"name":"Unknown","secret":"JBSWY3DPEHPK3PXP","otp":{"account":"me@example.com"}},
            {"name":"Label","secret":"JBSWY3DPEHPK3PXP","otp":{"label":"Label:only"}},
            {"name":"Named","secret":"JBSWY3DPEHPK3PXP","otp":{"account":"x","algorithm":"SHA224"}},
            {"name":"Odd","secret":"JBSWY3DPEHPK3PXP","otp":{"tokenType":"MOTP"}},
            {"name":"Hot","secret":"jbswy3dpehpk3pxp","otp":{"tokenType":"HOTP","digits":8}}
        ],"groups":[],"schemaVersion":4}"#;
        let result = ready(text);
        assert_eq!(result.accounts.len(), 3);
        assert_eq!(result.accounts[0].account.issuer, None);
        assert_eq!(result.accounts[0].account.label, "me@example.com");
        assert_eq!(result.accounts[0].account.otp.period(), Some(30));
        assert_eq!(result.accounts[1].account.label, "only");
        assert_eq!(result.accounts[2].account.otp.counter(), Some(0));
        assert_eq!(result.errors.iter().map(|e| e.index).collect::<Vec<_>>(), [2, 3]);
    }

    #[test]
    fn the_account_name_may_be_only_in_the_link() {
        let text = r#"{"services":[
            {"name":"GitHub","secret":"JBSWY3DPEHPK3PXP","otp":{"link":"otpauth://totp/GitHub:octo%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub","tokenType":"TOTP"}},
            {"name":"Bare","secret":"JBSWY3DPEHPK3PXP","otp":{"link":"not a link"}},
            {"name":"Renamed","secret":"JBSWY3DPEHPK3PXP","otp":{"issuer":"Original","account":"me"}}
        ],"schemaVersion":4}"#;
        let result = ready(text);
        let names: Vec<_> =
            result.accounts.iter().map(|a| (a.account.issuer.as_deref(), a.account.label.as_str())).collect();
        assert_eq!(names, [(Some("GitHub"), "octo@example.com"), (Some("Bare"), ""), (Some("Renamed"), "me")]);
    }

    #[test]
    fn newer_schemas_are_refused() {
        let text = r#"{"services":[],"schemaVersion":5}"#;
        assert!(matches!(read(text.as_bytes()), Err(ImportError::UnsupportedVersion { .. })));
    }
}
