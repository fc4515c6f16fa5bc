//! Steam Desktop Authenticator's encrypted folder: its `manifest.json` and
//! the `.maFile`s it lists, given together (the person selects every file of
//! SDA's `maFiles` folder, or drops them at once).
//!
//! Layout confirmed from SDA's code (`Jessecar96/SteamDesktopAuthenticator`:
//! `Manifest.cs`, `FileEncryptor.cs`) and read the same way by steamguard-cli's
//! SDA import:
//!
//! ```text
//! manifest.json  { "encrypted": true, "entries": [{ "encryption_iv": base64 (16 bytes),
//!                  "encryption_salt": base64 (8 bytes), "filename": "<steamid>.maFile",
//!                  "steamid": n }], "first_run", "periodic_checking", … }
//! <steamid>.maFile  base64 of AES-256-CBC (PKCS#7) of the maFile's JSON (see `steam.rs`)
//! key = PBKDF2-HMAC-SHA1(passkey as UTF-8, salt, 50 000 iterations, 32 bytes), one per file
//! ```
//!
//! steamguard-cli (`dyc3/steamguard-cli`, the Linux command line many desktop
//! users keep their Steam Guard in) writes the same folder with its own
//! manifest, read too (`accountmanager/manifest.rs`, `encryption/*.rs`):
//!
//! ```text
//! manifest.json  { "version": 1, "entries": [{ "filename", "steam_id", "account_name",
//!                  "encryption": null | { "scheme": "LegacySdaCompatible" | "Argon2idAes256",
//!                                         "iv": base64 (16 bytes), "salt": base64 } }] }
//! LegacySdaCompatible: SDA's key, above
//! Argon2idAes256:      key = Argon2id v1.3 (passkey, salt, 12 MiB, 3 passes, 12 lanes, 32 bytes);
//!                      the file is base64 of AES-256-CBC (PKCS#7), as SDA's
//! ```
//!
//! (steamguard-cli can keep the passkey in the OS keyring, `keyring_id`; the
//! person then gives the same passkey they set.) A scheme Twofold does not
//! know is that file's error.
//!
//! A wrong passkey is told by the padding and the JSON of the first file (CBC
//! has no tag). A file the manifest lists but that was not given, or one given
//! that it does not list, is named; the others still come in. An unencrypted
//! folder needs no manifest: its `.maFile`s are read one by one.

use serde_json::Value;
use zeroize::Zeroizing;

use super::json::{self, bool_field, str_field};
use super::{crypto, steam, EntryError, Format, ImportError, ImportResult};

const FORMAT: Format = Format::SteamGuard;
/// SDA's fixed cost ("50k to make program not unbearably slow").
const ITERATIONS: u32 = 50_000;

/// What `manifest.json` says of the folder.
#[derive(Debug)]
pub struct Manifest {
    /// SDA encrypts the `.maFile`s (it asked for a passkey).
    pub encrypted: bool,
    entries: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    file: String,
    salt: Zeroizing<Vec<u8>>,
    iv: Zeroizing<Vec<u8>>,
    kdf: Kdf,
}

/// How a file's key is made from the passkey.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kdf {
    /// SDA's, and steamguard-cli's `LegacySdaCompatible`: PBKDF2-HMAC-SHA1, 50 000 iterations.
    Pbkdf2,
    /// steamguard-cli's default since 0.10, `Argon2idAes256`.
    Argon2id,
    /// A steamguard-cli scheme Twofold does not know.
    Unknown,
}

/// steamguard-cli's `Argon2idAes256`: 12 MiB, 3 passes, 12 lanes.
const ARGON2_MEMORY_KIB: u32 = 12 * 1024;
const ARGON2_PASSES: u32 = 3;
const ARGON2_LANES: u32 = 12;

/// Whether `bytes` are SDA's `manifest.json` (which holds no codes).
pub fn is_manifest(bytes: &[u8]) -> bool {
    super::detect::is_sda_manifest(bytes)
}

/// Reads SDA's or steamguard-cli's `manifest.json`.
pub fn manifest(bytes: &[u8]) -> Result<Manifest, ImportError> {
    let json = json::parse(FORMAT, bytes)?;
    let root = json::root_object(FORMAT, &json)?;
    let mut encrypted = bool_field(root, "encrypted");
    let list = json::entries(FORMAT, root.get("entries").unwrap_or(&Value::Null), "entries")?;
    let mut entries = Vec::with_capacity(list.len());
    for item in list {
        let Some(item) = item.as_object() else { continue };
        let Some(file) = str_field(item, "filename").filter(|f| !f.is_empty()) else { continue };
        // An unencrypted folder's entries may have empty salts: only the name is needed then.
        let decoded = |object: &serde_json::Map<String, Value>, key: &str| {
            str_field(object, key).and_then(crypto::base64).unwrap_or_default()
        };
        let entry = match item.get("encryption") {
            // steamguard-cli: each file says how it is sealed (null: not at all).
            Some(Value::Object(sealed)) => {
                encrypted = true;
                let kdf = match str_field(sealed, "scheme") {
                    Some("LegacySdaCompatible") => Kdf::Pbkdf2,
                    Some("Argon2idAes256") => Kdf::Argon2id,
                    _ => Kdf::Unknown,
                };
                Entry { file: file.to_owned(), salt: decoded(sealed, "salt"), iv: decoded(sealed, "iv"), kdf }
            }
            _ => Entry {
                file: file.to_owned(),
                salt: decoded(item, "encryption_salt"),
                iv: decoded(item, "encryption_iv"),
                kdf: Kdf::Pbkdf2,
            },
        };
        entries.push(entry);
    }
    Ok(Manifest { encrypted, entries })
}

impl Manifest {
    /// The names of the `.maFile`s it lists.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.file.as_str())
    }

    /// The folder's encrypted files, paired with their salt and IV by name, ready for
    /// the passkey. `given` are the `.maFile`s given (file name, content); those the
    /// manifest does not list are handed back.
    pub fn seal(self, given: Vec<(String, Vec<u8>)>) -> (Locked, Vec<String>) {
        let mut given = given;
        let mut files = Vec::new();
        let mut missing = Vec::new();
        for entry in self.entries {
            match given.iter().position(|(name, _)| name.eq_ignore_ascii_case(&entry.file)) {
                Some(i) => files.push((entry, Zeroizing::new(given.remove(i).1))),
                None => missing.push(entry.file),
            }
        }
        let unlisted = given.into_iter().map(|(name, _)| name).collect();
        (Locked { files, missing }, unlisted)
    }
}

/// The `.maFile`s of an encrypted folder, waiting for SDA's passkey.
pub struct Locked {
    files: Vec<(Entry, Zeroizing<Vec<u8>>)>,
    /// Listed in the manifest, not given.
    missing: Vec<String>,
}

impl Locked {
    pub(super) fn decrypt(&self, passkey: &str) -> Result<ImportResult, ImportError> {
        let mut result = ImportResult::new(FORMAT);
        let mut opened_one = false;
        for (index, (entry, sealed)) in self.files.iter().enumerate() {
            if entry.kdf == Kdf::Unknown {
                result.errors.push(EntryError {
                    index,
                    name: entry.file.clone(),
                    message: "its manifest entry names an encryption scheme Twofold does not know \
                              (steamguard-cli: run `steamguard decrypt`, then import the folder)"
                        .into(),
                });
                continue;
            }
            match open(entry, sealed, passkey) {
                Some(plain) => {
                    opened_one = true;
                    let read = steam::read(&plain)?;
                    result.accounts.extend(read.accounts);
                    result.errors.extend(read.errors.into_iter().map(|e| EntryError { index, name: entry.file.clone(), ..e }));
                }
                // One passkey seals every file: the first that will not open says it is wrong.
                None if !opened_one => return Err(ImportError::WrongPassword),
                None => result.errors.push(EntryError {
                    index,
                    name: entry.file.clone(),
                    message: "it does not open with the passkey the others open with (damaged?)".into(),
                }),
            }
        }
        for (i, file) in self.missing.iter().enumerate() {
            result.errors.push(EntryError {
                index: self.files.len() + i,
                name: file.clone(),
                message: "the manifest lists it, but it was not among the files given: import it together with the others".into(),
            });
        }
        Ok(result)
    }
}

/// One file's JSON, or `None` when the passkey does not open it.
fn open(entry: &Entry, sealed: &[u8], passkey: &str) -> Option<Zeroizing<Vec<u8>>> {
    let text = std::str::from_utf8(sealed).ok()?;
    let ciphertext = crypto::base64(text.trim())?;
    let key = match entry.kdf {
        Kdf::Pbkdf2 => crypto::pbkdf2_sha1(passkey.as_bytes(), &entry.salt, ITERATIONS),
        Kdf::Argon2id => crypto::argon2id(passkey.as_bytes(), &entry.salt, ARGON2_PASSES, ARGON2_MEMORY_KIB, ARGON2_LANES)?,
        Kdf::Unknown => return None,
    };
    let plain = crypto::aes256_cbc_decrypt(&key, &entry.iv, &ciphertext)?;
    // A wrong key passes the padding check once in 256 tries: the JSON tells.
    serde_json::from_slice::<serde::de::IgnoredAny>(&plain).ok()?;
    Some(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        folder_fixture("sda_encrypted", name)
    }

    fn folder_fixture(folder: &str, name: &str) -> Vec<u8> {
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import").join(folder).join(name)).unwrap()
    }

    #[test]
    fn steamguard_clis_argon2id_key_is_its_own() {
        // steamguard-cli's test_encryption_key: "password", salt GMhL0N2hqXg=.
        let salt = crypto::base64("GMhL0N2hqXg=").unwrap();
        let key = crypto::argon2id(b"password", &salt, ARGON2_PASSES, ARGON2_MEMORY_KIB, ARGON2_LANES).unwrap();
        assert_eq!(key.to_vec(), *crypto::base64("DTm3hc95aKyAGmyVMZdLUPfcPjcXN1i1zYObYJg2GzY=").unwrap());
    }

    #[test]
    fn steamguard_clis_folder_opens_file_by_file_scheme() {
        let read = |name: &str| folder_fixture("steamguard_cli_encrypted", name);
        assert!(is_manifest(&read("manifest.json")));
        let manifest = manifest(&read("manifest.json")).unwrap();
        assert!(manifest.encrypted, "steamguard-cli says so per file, not for the folder");
        let given: Vec<_> = ["alyx.maFile", "eli.maFile", "kleiner.maFile"].iter().map(|f| (f.to_string(), read(f))).collect();
        let (locked, unlisted) = manifest.seal(given);
        assert!(unlisted.is_empty());
        assert!(matches!(locked.decrypt("not the passkey"), Err(ImportError::WrongPassword)));
        let expected: Value = serde_json::from_slice(&read("expected.json")).unwrap();
        let result = locked.decrypt(&String::from_utf8(read("passkey")).unwrap()).unwrap();
        let got: Vec<_> = result.accounts.iter().map(|a| (a.account.label.clone(), a.account.otp.secret().to_base32().to_string())).collect();
        let want: Vec<_> = expected["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["label"].as_str().unwrap().to_owned(), a["secret"].as_str().unwrap().to_owned()))
            .collect();
        assert_eq!(got, want);
        assert_eq!(result.errors.len(), 1);
        assert_eq!(result.errors[0].name, "kleiner.maFile");
        assert!(result.errors[0].message.contains("encryption scheme Twofold does not know"), "{}", result.errors[0].message);
    }

    #[test]
    fn the_folder_opens_with_its_passkey_and_names_what_is_missing() {
        let manifest = manifest(&fixture("manifest.json")).unwrap();
        assert!(manifest.encrypted);
        let given = ["76561198000001000.maFile", "76561198000001001.maFile"].map(|f| (f.to_owned(), fixture(f)));
        let stray = ("notes.maFile".to_owned(), b"x".to_vec());
        let (locked, unlisted) = manifest.seal([given.to_vec(), vec![stray]].concat());
        assert_eq!(unlisted, ["notes.maFile"]);
        assert!(matches!(locked.decrypt("not the passkey"), Err(ImportError::WrongPassword)));
        let passkey = String::from_utf8(fixture("passkey")).unwrap();
        let result = locked.decrypt(&passkey).unwrap();
        let names: Vec<_> = result.accounts.iter().map(|a| a.account.label.as_str()).collect();
        assert_eq!(names, ["gaben", "robin_walker"]);
        assert_eq!(result.errors.len(), 1);
        assert_eq!(result.errors[0].name, "76561198000001002.maFile");
        assert!(result.errors[0].message.contains("not among the files given"));
    }
}
