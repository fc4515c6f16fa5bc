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
//! The password-protected export (Argon2id and AES-256-GCM) is refused with
//! advice to export without a password.
//!
//! # What the format loses or Twofold cannot express
//! Proton Authenticator has no HOTP: counter-based accounts cannot be in its
//! export. It has no groups, favourites or icons; notes are kept.

use data_encoding::BASE64_NOPAD;
use serde_json::{Map, Value};

use super::detect::starts_with_ignore_case;
use super::entry;
use super::json::{self, int_field, str_field, text_field};
use super::{Format, ImportError, ImportResult, ImportedAccount};
use crate::otp::Otp;
use crate::secret::Secret;


const FORMAT: Format = Format::Proton;

pub(super) fn read(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let json = json::parse(FORMAT, bytes)?;
    let root = json::root_object(FORMAT, &json)?;
    if root.contains_key("salt") && root.contains_key("content") && !root.contains_key("entries") {
        return Err(ImportError::Unsupported {
            format: FORMAT,
            what: "password-protected Proton Authenticator exports cannot be read yet: in Proton Authenticator, export without a password instead",
        });
    }
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
        let result = read(text).unwrap();
        assert_eq!(result.accounts.len(), 4);
        assert_eq!(result.accounts[0].account.label, "me");
        assert_eq!(result.accounts[0].note.as_deref(), Some("hi"));
        assert_eq!(result.accounts[1].account.issuer.as_deref(), Some("Steam"));
        assert_eq!(result.accounts[2].account.otp.secret().as_bytes(), b"steam+secret");
        // A HOTP link in a Proton file is odd but readable; only the entry without content fails.
        assert_eq!(result.errors.iter().map(|e| e.index).collect::<Vec<_>>(), [4]);
        let protected = br#"{"version":1,"salt":"abc","content":"def"}"#;
        assert!(matches!(read(protected), Err(ImportError::Unsupported { .. })));
        assert!(matches!(read(br#"{"version":2,"entries":[]}"#), Err(ImportError::UnsupportedVersion { .. })));
    }
}
