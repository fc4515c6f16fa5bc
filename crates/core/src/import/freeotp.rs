//! FreeOTP 2's encrypted backup, `externalBackup.xml` ("Backup" in FreeOTP's menu).
//!
//! Layout confirmed from FreeOTP's code (`freeotp/freeotp-android`):
//! `TokenPersistence.java` (`copyBackupToExternal` writes the backup
//! preferences with `ObjectOutputStream.writeObject(map)`; `save` and
//! `restore` say what the map holds), `encryptor/MasterKey.java`,
//! `encryptor/EncryptedKey.java` and `Token.java`; cross-checked with Aegis'
//! `FreeOtpImporter.java`. The map is read by [`java_map`](super::java_map).
//!
//! ```text
//! "masterKey":    { "mAlgorithm": "PBKDF2withHmacSHA512" | "PBKDF2withHmacSHA1",
//!                   "mIterations": 100000, "mSalt": [32 signed bytes],
//!                   "mEncryptedKey": EncryptedKey }
//! "<uuid>":       { "key": "<EncryptedKey as a JSON string>" }
//! "<uuid>-token": the token's JSON (Gson of `Token`: issuerExt, label, type, algo, …)
//! EncryptedKey:   { "mCipher": "AES/GCM/NoPadding", "mCipherText": [bytes, tag appended],
//!                   "mParameters": DER of GCMParameters { OCTET STRING nonce, INTEGER tag length },
//!                   "mToken": the key's algorithm name, authenticated as associated data }
//! password key = PBKDF2(mAlgorithm, password, mSalt, mIterations, 256 bits)
//! master key   = AES-GCM-open(password key, mEncryptedKey), token "AES"
//! each secret  = AES-GCM-open(master key, the entry's EncryptedKey), token "HmacSHA1", …
//! ```
//!
//! The master key's GCM tag tells a wrong password from a damaged file: once
//! it opens, a token that fails its own check is an entry error ("damaged"),
//! and the other tokens still import. The iteration count comes from the
//! file and is bounded before any work ([`crypto::pbkdf2_iterations`]).
//!
//! The tokens are read as FreeOTP+ reads the same `Token` JSON (see
//! [`freeotp_plus`](super::freeotp_plus) for names and Steam), except that
//! FreeOTP 2 stores the counter of the next code, not the last one.
//!
//! FreeOTP 1.x's internal `tokens.xml` (rooted phones) is read too, as
//! [`Format::FreeOtp`] unencrypted: see `read_v1`. FreeOTP+'s internal
//! `tokens.xml` is the same file (FreeOTP+ kept FreeOTP's legacy `Token`,
//! `token-data/…/legacy/Token.java`, counter included; Aegis reads both with
//! one reader), so it is read, and named, as FreeOTP's.
//!
//! # What the format loses or Twofold cannot express
//! Nothing of the code. FreeOTP has no groups, notes or favourites; its
//! images and colours are not kept. Entries are read in the map's order,
//! which is a hash order, not FreeOTP's (`tokenOrder` is not in the backup).

use std::collections::HashMap;

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::freeotp_plus;
use super::java_map::{self, MapError};
use super::json::{self, as_int, str_field, text_field};
use super::shared_prefs;
use super::{crypto, entry, Encrypted, Format, ImportError, ImportResult, Imported, MAX_ENTRIES};
use crate::secret::Secret;

const FORMAT: Format = Format::FreeOtp;
const MASTER: &str = "masterKey";
const TOKEN_SUFFIX: &str = "-token";
const CIPHER: &str = "AES/GCM/NoPadding";

/// A backup waiting for its password: the map, and the master key's parameters.
pub(super) struct Locked {
    entries: HashMap<String, Zeroizing<String>>,
    /// The uuids of the tokens, in the file's order.
    order: Vec<String>,
    kdf: Kdf,
    iterations: u32,
    salt: Zeroizing<Vec<u8>>,
    master: Sealed,
}

#[derive(Clone, Copy)]
enum Kdf {
    Sha1,
    Sha512,
}

/// One `EncryptedKey`.
struct Sealed {
    sealed: Zeroizing<Vec<u8>>,
    nonce: Vec<u8>,
    token: String,
}

pub(super) fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    if !java_map::is_serialized(bytes) {
        return read_v1(bytes).map(Imported::Ready);
    }
    // Keys and values: at most two per token, and the master key.
    let map = java_map::read(bytes, 2 * MAX_ENTRIES + 1).map_err(|e| match e {
        MapError::Truncated => ImportError::Truncated { format: FORMAT },
        MapError::Invalid(what) => ImportError::corrupt(FORMAT, what),
    })?;
    let mut order = Vec::new();
    let mut entries = HashMap::with_capacity(map.len());
    for (key, value) in map {
        let key = key.as_str().to_owned();
        if key != MASTER && !key.ends_with(TOKEN_SUFFIX) {
            order.push(key.clone());
        }
        entries.insert(key, value);
    }
    let master = entries.get(MASTER).ok_or_else(|| {
        ImportError::corrupt(FORMAT, "it has no master key (was it made by FreeOTP 2 with a backup password?)")
    })?;
    let json = json::parse(FORMAT, master.as_bytes())?;
    let master = json::root_object(FORMAT, &json)?;
    let kdf = match str_field(master, "mAlgorithm") {
        Some(a) if a.eq_ignore_ascii_case("PBKDF2withHmacSHA512") => Kdf::Sha512,
        Some(a) if a.eq_ignore_ascii_case("PBKDF2withHmacSHA1") => Kdf::Sha1,
        _ => return Err(ImportError::corrupt(FORMAT, "its master key uses a key derivation Twofold does not know")),
    };
    let iterations = master.get("mIterations").and_then(as_int).and_then(|i| u64::try_from(i).ok());
    let iterations = crypto::pbkdf2_iterations(FORMAT, iterations.ok_or_else(|| ImportError::corrupt(FORMAT, "its master key has no iteration count"))?)?;
    let salt = master.get("mSalt").and_then(bytes_of).ok_or_else(|| ImportError::corrupt(FORMAT, "its master key has no salt"))?;
    let sealed = master.get("mEncryptedKey").and_then(Value::as_object).ok_or_else(|| ImportError::corrupt(FORMAT, "its master key is missing"))?;
    let master = sealed_key(sealed).map_err(|what| ImportError::corrupt(FORMAT, format!("its master key {what}")))?;
    Ok(Imported::NeedsPassword(Encrypted::from(Locked { entries, order, kdf, iterations, salt, master })))
}

/// FreeOTP 1.x's own `shared_prefs/tokens.xml` (from a rooted phone, as Aegis
/// reads it): each entry but `tokenOrder` is a token's JSON with its secret
/// as a byte list, unencrypted. The counter is the next one, as in FreeOTP 2
/// (`Token.generateCodes` uses `counter++`), and as Aegis reads it.
fn read_v1(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::corrupt(FORMAT, "it is not UTF-8 text"))?;
    let entries = shared_prefs::read(text).map_err(|what| {
        if text.trim_end().ends_with("</map>") {
            ImportError::corrupt(FORMAT, what)
        } else {
            ImportError::Truncated { format: FORMAT }
        }
    })?;
    if entries.len() > MAX_ENTRIES {
        return Err(ImportError::TooManyEntries { count: entries.len(), max: MAX_ENTRIES });
    }
    let mut result = ImportResult::new(FORMAT);
    for (index, (_, value)) in entries.iter().filter(|(key, _)| key != "tokenOrder").enumerate() {
        push_token(&mut result, index, Some(value), |token| {
            token.get("secret").ok_or_else(|| "it has no secret".to_owned()).and_then(freeotp_plus::byte_secret)
        });
    }
    Ok(result)
}

impl Locked {
    pub(super) fn decrypt(&self, password: &str) -> Result<ImportResult, ImportError> {
        let password = password.as_bytes();
        let key = match self.kdf {
            Kdf::Sha1 => crypto::pbkdf2_sha1(password, &self.salt, self.iterations),
            Kdf::Sha512 => crypto::pbkdf2_sha512(password, &self.salt, self.iterations),
        };
        let master = open(&key, &self.master).ok_or(ImportError::WrongPassword)?;
        let master: Zeroizing<[u8; crypto::KEY_LEN]> = Zeroizing::new(
            master.as_slice().try_into().map_err(|_| ImportError::corrupt(FORMAT, "its master key is not an AES-256 key"))?,
        );
        let mut result = ImportResult::new(FORMAT);
        for (index, uuid) in self.order.iter().enumerate() {
            let details = self.entries.get(&format!("{uuid}{TOKEN_SUFFIX}"));
            push_token(&mut result, index, details.map(|d| d.as_str()), |_| self.secret(&master, uuid));
        }
        Ok(result)
    }

    /// The code secret of the token `uuid`, opened with the master key.
    fn secret(&self, master: &[u8; crypto::KEY_LEN], uuid: &str) -> Result<Secret, String> {
        let wrapper = self.entries.get(uuid).ok_or("its secret is missing")?;
        let wrapper = json::parse(FORMAT, wrapper.as_bytes()).map_err(|_| "its secret is not valid JSON")?;
        let inner = wrapper.value().as_object().and_then(|w| str_field(w, "key")).ok_or("its secret is missing")?;
        let inner = json::parse(FORMAT, inner.as_bytes()).map_err(|_| "its secret is not valid JSON")?;
        let sealed = inner.value().as_object().ok_or("its secret is missing")?;
        let sealed = sealed_key(sealed).map_err(|what| format!("its secret {what}"))?;
        let bytes = open(master, &sealed)
            .ok_or("its secret fails its check although the password is right: the backup is damaged")?;
        if bytes.is_empty() {
            return Err("its secret is empty".into());
        }
        Ok(Secret::from_bytes(bytes.to_vec()))
    }
}

/// One token, FreeOTP 1.x's or 2's: its JSON `details` (`None` when the
/// backup lacks them) name the entry and say how codes are made; `secret`
/// finds its key (in the details for 1.x, sealed beside them for 2).
fn push_token(
    result: &mut ImportResult,
    index: usize,
    details: Option<&str>,
    secret: impl FnOnce(&Map<String, Value>) -> Result<Secret, String>,
) {
    let unnamed = |result: &mut ImportResult, what: &str| entry::push(result, index, "an unnamed account".into(), Err(what.into()));
    let parsed = match details.map(|d| json::parse(FORMAT, d.as_bytes())) {
        Some(Ok(parsed)) => parsed,
        Some(Err(_)) => return unnamed(result, "its details are not valid JSON"),
        None => return unnamed(result, "its details are missing from the backup"),
    };
    let Some(token) = parsed.value().as_object() else {
        return unnamed(result, "its details are not an object");
    };
    let (issuer, label) = freeotp_plus::names(token);
    let name = entry::display_name(issuer, label);
    let read = secret(token).and_then(|secret| freeotp_plus::read_token(token, secret));
    entry::push(result, index, name, read);
}

fn open(key: &[u8; crypto::KEY_LEN], sealed: &Sealed) -> Option<Zeroizing<Vec<u8>>> {
    crypto::open_with_aad(key, &sealed.nonce, &sealed.sealed, sealed.token.as_bytes())
}

/// An `EncryptedKey` object, or what is wrong with it (a phrase after "its … key").
fn sealed_key(object: &Map<String, Value>) -> Result<Sealed, &'static str> {
    if !str_field(object, "mCipher").is_some_and(|c| c.eq_ignore_ascii_case(CIPHER)) {
        return Err("uses a cipher other than AES-GCM");
    }
    let sealed = object.get("mCipherText").and_then(bytes_of).ok_or("has no ciphertext")?;
    if sealed.len() < crypto::TAG_LEN {
        return Err("is cut short");
    }
    let parameters = object.get("mParameters").and_then(bytes_of).ok_or("has no parameters")?;
    let nonce = gcm_nonce(&parameters).ok_or("has parameters that are not AES-GCM's")?;
    let token = text_field(object, "mToken").ok_or("does not say what it is")?.to_owned();
    Ok(Sealed { sealed, nonce, token })
}

/// The nonce of DER `GCMParameters ::= SEQUENCE { OCTET STRING nonce, INTEGER tagLength }`
/// (RFC 5084), whose tag must be the 16 bytes AES-GCM here checks; a bare OCTET STRING
/// is read too, as Aegis does.
fn gcm_nonce(der: &[u8]) -> Option<Vec<u8>> {
    // Short-form lengths only: every part here is under 128 bytes.
    let (tag, len, rest) = (*der.first()?, usize::from(*der.get(1)?), der.get(2..)?);
    match tag {
        0x04 => Some(rest.get(..len).filter(|_| rest.len() == len)?.to_vec()),
        0x30 if rest.len() == len && len < 0x80 => {
            let (0x04, n) = (*rest.first()?, usize::from(*rest.get(1)?)) else { return None };
            let nonce = rest.get(2..2 + n)?;
            match rest.get(2 + n..)? {
                [] | [0x02, 0x01, 16] => Some(nonce.to_vec()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Java's `byte[]` as Gson writes it, -128 to 127 (0 to 255 read too).
fn bytes_of(value: &Value) -> Option<Zeroizing<Vec<u8>>> {
    let items = value.as_array()?;
    let mut out = Zeroizing::new(Vec::with_capacity(items.len()));
    for item in items {
        let b = as_int(item).filter(|b| (-128..=255).contains(b))?;
        out.push((b & 0xFF) as u8);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcm_parameters() {
        let nonce = [7u8; 12];
        let mut der = vec![0x30, 17, 0x04, 12];
        der.extend(nonce);
        der.extend([0x02, 0x01, 16]);
        assert_eq!(gcm_nonce(&der).as_deref(), Some(&nonce[..]));
        let mut bare = vec![0x04, 12];
        bare.extend(nonce);
        assert_eq!(gcm_nonce(&bare).as_deref(), Some(&nonce[..]));
        // A 12-byte tag (which AES-GCM here does not check), a wrong length, garbage.
        let mut short_tag = der.clone();
        *short_tag.last_mut().unwrap() = 12;
        assert_eq!(gcm_nonce(&short_tag), None);
        assert_eq!(gcm_nonce(&der[..der.len() - 1]), None);
        assert_eq!(gcm_nonce(&[0x30]), None);
        assert_eq!(gcm_nonce(&[]), None);
    }

    #[test]
    fn not_a_backup() {
        assert!(matches!(read(b"\xAC\xED\x00\x05\x73"), Err(ImportError::Truncated { .. })));
        assert!(matches!(read(b"\xAC\xED\x00\x05\x75\x72"), Err(ImportError::Corrupt { .. })));
    }
}
