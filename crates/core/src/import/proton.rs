//! Proton Authenticator's JSON export.
//!
//! Layout confirmed from Proton's code (`protonpass/proton-pass-common`):
//! `proton-authenticator/src/entry/exporter.rs` (`AuthenticatorEntriesExport`
//! version 1, its entries and the password-protected variant's `salt` and
//! `content`), `proton-pass-totp/src/totp.rs` (`to_uri`: the label alone in
//! the path, then `secret`, `issuer`, `algorithm`, `digits`, `period`) and
//! `proton-authenticator/src/steam.rs` (`steam://SECRET`); and Aegis'
//! `ProtonAuthenticatorImporter.java`.
//!
//! ```text
//! { "version": 1,
//!   "entries": [{ "id", "content": { "uri", "entry_type": "Totp" | "Steam", "name" },
//!                 "note": text | null }] }
//! ```
//!
//! TOTP links are read by [`crate::uri::parse_tolerant`]; when a link has no label,
//! `name` is the label. Steam entries are `steam://` and a secret in base32
//! (or, for secrets Proton took from Steam's own files, unpadded base64);
//! their issuer is `Steam` and their label `name`.
//!
//! The password-protected export (`proton-authenticator/src/entry/password_exporter.rs`,
//! `crypto.rs`'s `EncryptionTag::PasswordExport`; read the same way by andcli and
//! other peers) wraps the same JSON:
//!
//! ```text
//! { "version": 1, "salt": base64 (16 bytes), "content": base64(nonce (12) ‖ AES-256-GCM(JSON) ‖ tag (16)) }
//! key = Argon2id(password, salt, 2 passes, 19 MiB, 1 lane, 32 bytes); associated data
//!       "proton.authenticator.export.v1"
//! ```
//!
//! The Argon2 parameters are the app's constants, not read from the file.
//!
//! # What the format loses or Twofold cannot express
//! Proton Authenticator has no HOTP: counter-based accounts cannot be in its
//! export. It has no groups, favourites or icons; notes are kept.

use data_encoding::BASE64_NOPAD;
use serde_json::{Map, Value};

use super::detect::starts_with_ignore_case;
use super::entry;
use super::json::{self, int_field, str_field, text_field};
use super::{crypto, Encrypted, Format, ImportError, ImportResult, Imported, ImportedAccount};
use crate::otp::Otp;
use crate::secret::Secret;

const FORMAT: Format = Format::Proton;
const SALT_LEN: usize = 16;
/// Argon2id as the app derives the key (`derive_password_key`: 19 MiB, 2 passes, 1 lane).
const ARGON2_MEMORY_KIB: u32 = 19 * 1024;
const ARGON2_PASSES: u32 = 2;
/// The associated data of `EncryptionTag::PasswordExport`.
const AAD: &[u8] = b"proton.authenticator.export.v1";

/// A password-protected export waiting for its password.
pub(super) struct Locked {
    salt: [u8; SALT_LEN],
    nonce: [u8; crypto::NONCE_LEN],
    sealed: Vec<u8>,
}

pub(super) fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    let json = json::parse(FORMAT, bytes)?;
    let root = json::root_object(FORMAT, &json)?;
    if root.contains_key("salt") && root.contains_key("content") && !root.contains_key("entries") {
        return locked(root).map(|l| Imported::NeedsPassword(Encrypted::from(l)));
    }
    read_plain(root).map(Imported::Ready)
}

fn version(root: &Map<String, Value>) -> Result<(), ImportError> {
    match int_field(root, "version") {
        Ok(Some(1)) => Ok(()),
        Ok(Some(v)) => Err(ImportError::UnsupportedVersion { format: FORMAT, found: v.to_string(), supported: "1" }),
        _ => Err(ImportError::corrupt(FORMAT, "its version is missing")),
    }
}

fn locked(root: &Map<String, Value>) -> Result<Locked, ImportError> {
    version(root)?;
    let damaged = |detail: &str| ImportError::corrupt(FORMAT, detail);
    let salt = str_field(root, "salt").and_then(crypto::base64).ok_or_else(|| damaged("its salt is not base64"))?;
    let salt = salt.as_slice().try_into().map_err(|_| damaged("its salt is not 16 bytes long"))?;
    let content =
        str_field(root, "content").and_then(crypto::base64).ok_or_else(|| damaged("its content is not base64"))?;
    if content.len() < crypto::NONCE_LEN + crypto::TAG_LEN {
        return Err(ImportError::Truncated { format: FORMAT });
    }
    let (nonce, sealed) = content.split_at(crypto::NONCE_LEN);
    let nonce = nonce.try_into().map_err(|_| ImportError::Truncated { format: FORMAT })?;
    Ok(Locked { salt, nonce, sealed: sealed.to_vec() })
}

impl Locked {
    pub(super) fn decrypt(&self, password: &str) -> Result<ImportResult, ImportError> {
        let key = crypto::argon2id(password.as_bytes(), &self.salt, ARGON2_PASSES, ARGON2_MEMORY_KIB, 1)
            .ok_or_else(|| ImportError::corrupt(FORMAT, "its key cannot be derived"))?;
        // GCM has one check for key and content: a damaged file also reads as a wrong password.
        let plain = crypto::open_with_aad(&key, &self.nonce, &self.sealed, AAD).ok_or(ImportError::WrongPassword)?;
        let json = json::parse(FORMAT, &plain)?;
        let root = json::root_object(FORMAT, &json)?;
        if !root.contains_key("entries") {
            return Err(ImportError::corrupt(FORMAT, "what its encryption holds has no entries"));
        }
        read_plain(root)
    }
}

fn read_plain(root: &Map<String, Value>) -> Result<ImportResult, ImportError> {
    match int_field(root, "version") {
        Ok(Some(1)) => {}
        Ok(Some(v)) => {
            return Err(ImportError::UnsupportedVersion { format: FORMAT, found: v.to_string(), supported: "1" })
        }
        _ => return Err(ImportError::corrupt(FORMAT, "its version is missing")),
    }
    let entries = json::entries(FORMAT, root.get("entries").unwrap_or(&Value::Null), "entries")?;
    let mut result = ImportResult::new(FORMAT);
    for (index, value) in entries.iter().enumerate() {
        let content = value.as_object().and_then(|e| e.get("content")).and_then(Value::as_object);
        let name =
            content.and_then(|c| text_field(c, "name")).map_or_else(|| "an unnamed account".to_owned(), entry::shorten);
        let entry = match (value.as_object(), content) {
            (Some(object), Some(content)) => read_entry(object, content),
            _ => Err("the entry has no content".to_owned()),
        };
        entry::push(&mut result, index, name, entry);
    }
    Ok(result)
}

fn read_entry(object: &Map<String, Value>, content: &Map<String, Value>) -> Result<ImportedAccount, String> {
    let link = str_field(content, "uri").ok_or("it has no link")?.trim();
    let name = text_field(content, "name");
    let steam = str_field(content, "entry_type").is_some_and(|t| t.eq_ignore_ascii_case("steam"));
    let (account, warning) = if steam || starts_with_ignore_case(link, "steam://") {
        let text = link
            .get("steam://".len()..)
            .filter(|_| starts_with_ignore_case(link, "steam://"))
            .ok_or("its Steam link is not steam://…")?;
        let (secret, warning) = steam_secret(text)?;
        let otp = Otp::steam(secret).map_err(|e| e.to_string())?;
        (entry::account(Some("Steam"), name.unwrap_or(""), otp), warning)
    } else {
        let (mut account, warning) = entry::link(link).map_err(|e| e.to_string())?;
        if account.label.is_empty() {
            account.label = name.filter(|n| Some(*n) != account.issuer.as_deref()).unwrap_or("").to_owned();
        }
        (account, warning)
    };
    let mut imported = ImportedAccount::new(account).warned(warning);
    imported.note = entry::non_blank(str_field(object, "note"));
    Ok(imported)
}

/// Base32 first, then unpadded base64, as Proton's `SteamTotp::new` tries them.
fn steam_secret(text: &str) -> Result<(Secret, Option<String>), String> {
    entry::base32_secret(text).or_else(|e| {
        let bytes = BASE64_NOPAD.decode(text.trim_end_matches('=').as_bytes()).map_err(|_| e)?;
        Ok((Secret::from_bytes(bytes), None))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totp_steam_and_refusals() {
        let text = br#"{"version":1,"entries":[
            {"id":"1","content":{"uri":"otpauth://totp/?secret=JBSWY3DPEHPK3PXP&issuer=X","entry_type":"Totp","name":"me"},"note":"hi"},
            {"id":"2","content":{"uri":"steam://JBSWY3DPEHPK3PXP","entry_type":"Steam","name":"gaben"},"note":null},
            {"id":"3","content":{"uri":"steam://c3RlYW0rc2VjcmV0","entry_type":"Steam","name":"b64"}},
            {"id":"4","content":{"uri":"otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1","entry_type":"Totp","name":"h"}},
            {"id":"5"}
        ]}"#;
        let Imported::Ready(result) = read(text).unwrap() else { panic!("not encrypted") };
        assert_eq!(result.accounts.len(), 4);
        assert_eq!(result.accounts[0].account.label, "me");
        assert_eq!(result.accounts[0].note.as_deref(), Some("hi"));
        assert_eq!(result.accounts[1].account.issuer.as_deref(), Some("Steam"));
        assert_eq!(result.accounts[2].account.otp.secret().as_bytes(), b"steam+secret");
        // A HOTP link in a Proton file is odd but readable; only the entry without content fails.
        assert_eq!(result.errors.iter().map(|e| e.index).collect::<Vec<_>>(), [4]);
        let protected = br#"{"version":1,"salt":"AAAAAAAAAAAAAAAAAAAAAA==","content":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#;
        assert!(matches!(read(protected), Ok(Imported::NeedsPassword(_))));
        let cut = br#"{"version":1,"salt":"AAAAAAAAAAAAAAAAAAAAAA==","content":"AAAAAAAA"}"#;
        assert!(matches!(read(cut), Err(ImportError::Truncated { .. })));
        let bad_salt = br#"{"version":1,"salt":"abc","content":"def"}"#;
        assert!(matches!(read(bad_salt), Err(ImportError::Corrupt { .. })));
        let newer = br#"{"version":2,"salt":"AAAAAAAAAAAAAAAAAAAAAA==","content":"AAAA"}"#;
        assert!(matches!(read(newer), Err(ImportError::UnsupportedVersion { .. })));
        assert!(matches!(read(br#"{"version":2,"entries":[]}"#), Err(ImportError::UnsupportedVersion { .. })));
    }
}
