//! Authy's own token store, copied off a rooted phone (Authy has no export).
//!
//! Layout confirmed from Aegis' `AuthyImporter.java` (and its test files
//! `authy_plain.xml`, `authy_encrypted.xml`), which reads the same two
//! Android preference files of `com.authy.authy`:
//!
//! ```text
//! shared_prefs/com.authy.storage.tokens.authenticator.xml   (codes of other sites)
//!   <string name="com.authy.storage.tokens.authenticator.key">[ JSON array ]</string>
//!   { "accountType": "authenticator" | "google" | …, "digits": 6,
//!     "decryptedSecret": base32                       (before backups were turned on)
//!     | "encryptedSecret": base64, "salt": text,      (with Authy's backup password)
//!     "originalIssuer", "originalName": "Issuer:label", "name": "Issuer: label", "logo", "id", … }
//! shared_prefs/com.authy.storage.tokens.authy.xml           (Authy's own tokens: Twilio, …)
//!   <string name="com.authy.storage.tokens.authy.key">[ JSON array ]</string>
//!   { "secretSeed": hex, "digits": 7, "name": "Twilio", … }
//! encryptedSecret = AES-256-CBC(PBKDF2-HMAC-SHA1(backup password, salt as UTF-8, 1000, 256 bits),
//!                               IV = 16 zero bytes, PKCS#7) of the base32 secret
//! ```
//!
//! - Authenticator tokens make SHA-1, 30-second codes of `digits` digits.
//!   Authy's own tokens make SHA-1 codes of `digits` digits (7) every 10
//!   seconds, from the bytes of `secretSeed`, as Aegis reads them.
//! - The issuer is `originalIssuer`, else the part of `originalName` before
//!   `:`, else the part of `name` before ` - `, else the `accountType`
//!   capitalised (nothing for the generic `authenticator`); the label is
//!   `name` without that issuer and separator in front (and a `: ` after it),
//!   as Aegis does. An Authy token is named by its `name` alone.
//! - Encrypted secrets need the backup password (the one Authy asks for when
//!   backups are turned on). Each token has its own salt; CBC has no tag, so
//!   the password is right when some secret opens with valid padding into
//!   base32 text, and a token that then does not open is damaged (an entry
//!   error, the others still import).
//!
//! # What the format loses or Twofold cannot express
//! Nothing of the code. Logos and Authy's order are not kept.

use serde_json::{Map, Value};

use super::entry::{self, Params};
use super::json::{self, int_field, str_field, text_field, Json};
use super::{crypto, shared_prefs, Encrypted, Format, ImportError, ImportResult, Imported, ImportedAccount};
use crate::otp::OtpKind;
use crate::secret::Secret;

const FORMAT: Format = Format::Authy;
/// The preference holding the tokens of other sites.
pub(super) const AUTHENTICATOR_KEY: &str = "com.authy.storage.tokens.authenticator.key";
/// The preference holding Authy's own tokens.
pub(super) const AUTHY_KEY: &str = "com.authy.storage.tokens.authy.key";
/// Authy's PBKDF2 iterations for backup-password secrets (a constant of the app).
const ITERATIONS: u32 = 1000;
/// The period of Authy's own tokens.
const AUTHY_PERIOD: i128 = 10;

/// A token file whose secrets need the backup password.
pub(super) struct Locked {
    tokens: Json,
}

pub(super) fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    let entries = shared_prefs::read_file(FORMAT, bytes)?;
    let (_, value) = entries.iter().find(|(key, _)| key == AUTHENTICATOR_KEY || key == AUTHY_KEY).ok_or_else(|| {
        ImportError::corrupt(FORMAT, format!("it holds no list of tokens (no {AUTHENTICATOR_KEY} entry)"))
    })?;
    let tokens = json::parse(FORMAT, value.as_bytes())
        .map_err(|_| ImportError::corrupt(FORMAT, "its list of tokens is not valid JSON"))?;
    let items = json::entries(FORMAT, tokens.value(), "tokens")?;
    let locked = items.iter().filter_map(Value::as_object).any(|t| {
        !t.contains_key("decryptedSecret") && !t.contains_key("secretSeed") && t.contains_key("encryptedSecret")
    });
    if locked {
        return Ok(Imported::NeedsPassword(Encrypted::from(Locked { tokens })));
    }
    Ok(Imported::Ready(convert(items, None)))
}

impl Locked {
    pub(super) fn decrypt(&self, password: &str) -> Result<ImportResult, ImportError> {
        let items = json::entries(FORMAT, self.tokens.value(), "tokens")?;
        let mut opened = Vec::with_capacity(items.len());
        let mut any = false;
        for item in items {
            let secret = item.as_object().and_then(|t| sealed(t).map(|s| open(password, s)));
            any |= matches!(secret, Some(Some(_)));
            opened.push(secret);
        }
        if !any {
            return Err(ImportError::WrongPassword);
        }
        Ok(convert(items, Some(&opened)))
    }
}

/// An encrypted secret and its salt, when the token has one and no plain secret.
fn sealed(token: &Map<String, Value>) -> Option<(&str, &str)> {
    if token.contains_key("decryptedSecret") || token.contains_key("secretSeed") {
        return None;
    }
    Some((str_field(token, "encryptedSecret")?, str_field(token, "salt").unwrap_or("")))
}

/// One encrypted secret, opened: the secret and the warning its base32 text deserves.
type Opened = (Secret, Option<String>);

/// The base32 text of one encrypted secret; `None` when it does not open.
fn open(password: &str, (sealed, salt): (&str, &str)) -> Option<Opened> {
    let sealed = crypto::base64(sealed)?;
    let key = crypto::pbkdf2_sha1(password.as_bytes(), salt.as_bytes(), ITERATIONS);
    let plain = crypto::aes256_cbc_decrypt(&key, &[0; 16], &sealed)?;
    let text = std::str::from_utf8(&plain).ok()?;
    // Base32 text, as Authy keeps it: a wrong key gives random bytes, never that.
    entry::base32_secret(text).ok()
}

/// The accounts of a token list; `opened[i]` is token i's decrypted secret
/// (`Some(None)`: it did not open), when the list was encrypted.
fn convert(items: &[Value], opened: Option<&[Option<Option<Opened>>]>) -> ImportResult {
    let mut result = ImportResult::new(FORMAT);
    for (index, item) in items.iter().enumerate() {
        let Some(token) = item.as_object() else {
            entry::push(&mut result, index, "an unnamed account".into(), Err("the token is not an object".into()));
            continue;
        };
        let (issuer, label) = names(token);
        let name = entry::display_name(issuer.as_deref(), &label);
        let decrypted = opened.and_then(|o| o.get(index)).and_then(Option::as_ref);
        entry::push(&mut result, index, name, account(token, issuer.as_deref(), &label, decrypted));
    }
    result
}

fn account(
    token: &Map<String, Value>,
    issuer: Option<&str>,
    label: &str,
    decrypted: Option<&Option<Opened>>,
) -> Result<ImportedAccount, String> {
    let mut params = Params::new(OtpKind::Totp);
    params.digits = int_field(token, "digits")?;
    let mut warning = None;
    let secret = if let Some(seed) = token.get("secretSeed") {
        // Authy's own token: hexadecimal bytes, 7 digits, 10 seconds.
        params.period = Some(AUTHY_PERIOD);
        params.digits = params.digits.or(Some(7));
        let seed = seed.as_str().ok_or("its secretSeed is not text")?;
        let bytes = crypto::hex(seed).ok_or("its secretSeed is not hexadecimal")?;
        if bytes.is_empty() {
            return Err("its secretSeed is empty".into());
        }
        Secret::from_bytes(bytes)
    } else if let Some(text) = token.get("decryptedSecret") {
        let text = text.as_str().ok_or("its decryptedSecret is not text")?;
        let (secret, tolerated) = entry::base32_secret(text)?;
        warning = tolerated;
        secret
    } else {
        match decrypted {
            Some(Some((secret, tolerated))) => {
                warning = tolerated.clone();
                secret.clone()
            }
            Some(None) => {
                return Err("its secret does not open with the password that opens the others: the token is damaged"
                    .into())
            }
            None => return Err("it has no secret".into()),
        }
    };
    let otp = entry::make_otp(secret, &params)?;
    Ok(ImportedAccount::new(entry::account(issuer, label, otp)).warned(warning))
}

/// Issuer and label as Aegis derives them (see the module docs).
fn names(token: &Map<String, Value>) -> (Option<String>, String) {
    let name = str_field(token, "name").unwrap_or("").trim();
    if token.contains_key("secretSeed") {
        return (entry::non_blank(Some(name)), String::new());
    }
    let (issuer, separator) = if let Some(issuer) = text_field(token, "originalIssuer") {
        (Some(issuer.to_owned()), "")
    } else if let Some((issuer, _)) = str_field(token, "originalName").and_then(|n| n.split_once(':')) {
        (entry::non_blank(Some(issuer)), ":")
    } else if let Some((issuer, _)) = name.split_once(" - ") {
        (entry::non_blank(Some(issuer)), " - ")
    } else {
        let kind = text_field(token, "accountType").filter(|t| !t.eq_ignore_ascii_case("authenticator"));
        (kind.map(capitalised), "")
    };
    let mut label = name;
    if let Some(issuer) = issuer.as_deref() {
        label = label.strip_prefix(issuer).map_or(label, |rest| rest.strip_prefix(separator).unwrap_or(rest));
    }
    let label = label.strip_prefix(": ").unwrap_or(label);
    (issuer, label.trim().to_owned())
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(json: &str) -> (Option<String>, String) {
        let value: Value = serde_json::from_str(json).unwrap();
        names(value.as_object().unwrap())
    }

    #[test]
    fn names_as_aegis_derives_them() {
        let n = |i: Option<&str>, l: &str| (i.map(str::to_owned), l.to_owned());
        assert_eq!(named(r#"{"originalIssuer":"Deno","originalName":"Deno:Mason","name":"Deno: Mason"}"#), n(Some("Deno"), "Mason"));
        assert_eq!(named(r#"{"originalName":"ACME:bob","name":"ACME:bob"}"#), n(Some("ACME"), "bob"));
        assert_eq!(named(r#"{"name":"Shop - carol","accountType":"authenticator"}"#), n(Some("Shop"), "carol"));
        assert_eq!(named(r#"{"name":"dave@example.com","accountType":"google"}"#), n(Some("Google"), "dave@example.com"));
        assert_eq!(named(r#"{"name":"erin","accountType":"authenticator"}"#), n(None, "erin"));
        assert_eq!(named(r#"{"name":"Twilio","secretSeed":"00"}"#), n(Some("Twilio"), ""));
    }
}
