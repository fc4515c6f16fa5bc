//! Proton Pass exports: a zip archive holding `Proton Pass/data.json`.
//!
//! Layout confirmed from Proton's code (`protonpass/proton-pass-common`,
//! `proton-authenticator/src/parser/pass/mod.rs`, Proton Authenticator's own
//! reader of these files, and its test export `PassExport.zip`):
//!
//! ```text
//! { "version": "1.x", "userId", "encrypted": false,
//!   "vaults": { "<share id>": { "name", "description", "display",
//!     "items": [{ "itemId", "shareId", "state": 1 active | 2 trashed, "pinned",
//!                 "data": { "type": "login" | "note" | "alias" | "creditCard" | …,
//!                           "metadata": { "name", "note", "itemUuid" },
//!                           "content": { "itemEmail", "itemUsername", "urls", "totpUri", … },
//!                           "extraFields": [{ "fieldName", "type": "totp" | "text" | …,
//!                                             "data": { "totpUri" } }] } }] } } }
//! ```
//!
//! A login's `content.totpUri` and every extra field of type `totp` is one
//! account. The URI may be a bare base32 secret (the app accepts one); Proton
//! Pass writes `Proton Pass` as the label of links it made itself, which is
//! replaced by the login's username or email. A link without a label takes
//! the item's name. When the export holds several vaults, the vault's name is
//! the account's group (one vault, Proton's default "Personal", says
//! nothing); the item's note and pin come along. Trashed items and items without a code are
//! [skipped](super::Skipped), each said.
//!
//! Proton Pass' encrypted export is a PGP message (`.pgp`), refused with
//! advice to export unencrypted (see [`super::detect`]).
//!
//! # What the format loses or Twofold cannot express
//! Nothing a link carries; a code's own icon is not kept.

use serde_json::Value;

use super::archive;
use super::entry;
use super::json::{self, bool_field, int_field, str_field, text_field};
use super::{Format, ImportError, ImportResult, ImportedAccount, SkipReason, Skipped, MAX_ENTRIES};
use crate::otp::OtpKind;

const FORMAT: Format = Format::ProtonPass;
/// The entry holding the vaults.
pub(super) const ENTRY: &str = "Proton Pass/data.json";
/// The label Proton Pass writes in the links it makes.
const PLACEHOLDER_LABEL: &str = "Proton Pass";

pub(super) fn read(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let mut zip = archive::open(FORMAT, bytes)?;
    let index = zip
        .entries
        .iter()
        .find(|e| e.name == ENTRY)
        .ok_or_else(|| ImportError::corrupt(FORMAT, "it holds no Proton Pass/data.json"))?
        .index;
    let data = zip.read(FORMAT, index, None)?;
    read_json(&data)
}

fn read_json(data: &[u8]) -> Result<ImportResult, ImportError> {
    let json = json::parse(FORMAT, data)?;
    let root = json::root_object(FORMAT, &json)?;
    if bool_field(root, "encrypted") {
        return Err(ImportError::Unsupported {
            format: FORMAT,
            what: "this Proton Pass export is encrypted: in Proton Pass, export again without encryption",
        });
    }
    let vaults = root
        .get("vaults")
        .and_then(Value::as_object)
        .ok_or_else(|| ImportError::corrupt(FORMAT, "it has no vaults"))?;
    let mut result = ImportResult::new(FORMAT);
    let mut position = 0usize;
    // One vault is every account's: its name says nothing, so it is a group only among several.
    let several = vaults.len() > 1;
    for vault in vaults.values() {
        let Some(vault) = vault.as_object() else { continue };
        let group = entry::non_blank(str_field(vault, "name")).filter(|_| several);
        let items = json::entries(FORMAT, vault.get("items").unwrap_or(&Value::Null), "items")?;
        if position + items.len() > MAX_ENTRIES {
            return Err(ImportError::TooManyEntries { count: position + items.len(), max: MAX_ENTRIES });
        }
        for item in items {
            read_item(&mut result, position, item, group.as_deref());
            position += 1;
        }
    }
    Ok(result)
}

fn read_item(result: &mut ImportResult, index: usize, item: &Value, group: Option<&str>) {
    let item = item.as_object();
    let data = item.and_then(|i| i.get("data")).and_then(Value::as_object);
    let metadata = data.and_then(|d| d.get("metadata")).and_then(Value::as_object);
    let title = metadata.and_then(|m| text_field(m, "name")).unwrap_or("");
    let name = if title.is_empty() { "an unnamed item".to_owned() } else { entry::shorten(title) };
    let (Some(item), Some(data)) = (item, data) else {
        result.errors.push(super::EntryError { index, name, message: "the item has no data".to_owned() });
        return;
    };
    if int_field(item, "state") == Ok(Some(2)) {
        result.skipped.push(Skipped { index, name, reason: SkipReason::Trashed });
        return;
    }
    let content = data.get("content").and_then(Value::as_object);
    let username = content
        .and_then(|c| text_field(c, "itemUsername").or_else(|| text_field(c, "itemEmail")))
        .or_else(|| content.and_then(|c| text_field(c, "username")))
        .unwrap_or("");
    // (URI, label fallback) of every code the item holds.
    let mut codes: Vec<(&str, String)> = Vec::new();
    if str_field(data, "type") == Some("login") {
        if let Some(uri) = content.and_then(|c| str_field(c, "totpUri")).filter(|u| !u.trim().is_empty()) {
            codes.push((uri, title.to_owned()));
        }
    }
    for field in data.get("extraFields").and_then(Value::as_array).into_iter().flatten() {
        let Some(field) = field.as_object() else { continue };
        if str_field(field, "type") != Some("totp") {
            continue;
        }
        let uri = field.get("data").and_then(Value::as_object).and_then(|d| str_field(d, "totpUri"));
        if let Some(uri) = uri.filter(|u| !u.trim().is_empty()) {
            let fallback = match text_field(field, "fieldName") {
                Some(f) if !title.is_empty() => format!("{title} - {f}"),
                Some(f) => f.to_owned(),
                None => title.to_owned(),
            };
            codes.push((uri, fallback));
        }
    }
    if codes.is_empty() {
        result.skipped.push(Skipped { index, name, reason: SkipReason::NoCode });
        return;
    }
    let note = metadata.and_then(|m| entry::non_blank(str_field(m, "note")));
    for (uri, fallback) in codes {
        let read = read_code(uri, username, &fallback).map(|mut account| {
            account.groups = group.map(str::to_owned).into_iter().collect();
            account.note.clone_from(&note);
            account.favourite = bool_field(item, "pinned");
            account
        });
        entry::push(result, index, name.clone(), read);
    }
}

fn read_code(uri: &str, username: &str, fallback: &str) -> Result<ImportedAccount, String> {
    let uri = uri.trim();
    if !uri.contains("://") {
        // A bare secret, as Proton Pass accepts one.
        let (secret, warning) = entry::base32_secret(uri)?;
        let otp = entry::make_otp(secret, &entry::Params::new(OtpKind::Totp))?;
        let label = if username.is_empty() { fallback } else { username };
        return Ok(ImportedAccount::new(entry::account(None, label, otp)).warned(warning));
    }
    let (mut account, warning) = entry::link(uri).map_err(|e| e.to_string())?;
    if account.label == PLACEHOLDER_LABEL {
        account.label = username.to_owned();
    }
    if account.label.is_empty() && Some(fallback) != account.issuer.as_deref() {
        account.label = fallback.to_owned();
    }
    Ok(ImportedAccount::new(account).warned(warning))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_fields_trash_and_placeholders() {
        let json = br#"{"version":"1.21.2","encrypted":false,"vaults":{"s1":{"name":"Personal","items":[
            {"state":1,"pinned":true,"data":{"type":"login","metadata":{"name":"GitHub","note":"n"},
              "content":{"itemEmail":"","itemUsername":"octo","totpUri":"otpauth://totp/GitHub:Proton%20Pass?issuer=GitHub&secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30"},
              "extraFields":[{"fieldName":"Backup","type":"totp","data":{"totpUri":"JBSWY3DPEHPK3PXQ"}},
                             {"fieldName":"Bad","type":"totp","data":{"totpUri":"otpauth://totp/x"}}]}},
            {"state":2,"data":{"type":"login","metadata":{"name":"Old"},"content":{"totpUri":"JBSWY3DPEHPK3PXP"}}},
            {"state":1,"data":{"type":"note","metadata":{"name":"A note"},"content":{}}}
        ]},"s2":{"name":"Work","items":[]}}}"#;
        let result = read_json(json).unwrap();
        assert_eq!(result.accounts.len(), 2);
        let a = &result.accounts[0];
        assert_eq!((a.account.issuer.as_deref(), a.account.label.as_str()), (Some("GitHub"), "octo"));
        assert_eq!((a.groups.as_slice(), a.note.as_deref(), a.favourite), (&["Personal".to_owned()][..], Some("n"), true));
        assert_eq!(result.accounts[1].account.label, "octo");
        assert_eq!(result.errors.len(), 1);
        let reasons: Vec<_> = result.skipped.iter().map(|s| s.reason).collect();
        assert_eq!(reasons, [SkipReason::Trashed, SkipReason::NoCode]);
        let encrypted = br#"{"version":"1","encrypted":true,"vaults":{}}"#;
        assert!(matches!(read_json(encrypted), Err(ImportError::Unsupported { .. })));
    }
}
