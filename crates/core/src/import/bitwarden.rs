//! Bitwarden's unencrypted JSON export.
//!
//! Layout confirmed from Bitwarden's export types (`bitwarden/clients`,
//! `BitwardenUnEncryptedIndividualJsonExport`: `encrypted`, `folders`,
//! `items`) and Aegis' `BitwardenImporter.java`:
//!
//! ```text
//! { "encrypted": false, "folders": [{ "id", "name" }],
//!   "items": [{ "type": 1 (login), "name", "notes", "favorite", "folderId",
//!               "login": { "username", "password", "uris", "totp" } }, …] }
//! ```
//!
//! `login.totp` is whatever the person stored, in one of three forms:
//! - an `otpauth://` URI, read by [`crate::uri::parse_tolerant`]; when it names no
//!   issuer the item's name is the issuer, and when its label is empty the
//!   username is the label;
//! - `steam://SECRET` (base32), a Steam Guard code, named like the others
//!   (the item's name and username). Aegis names every such item "Steam" /
//!   "Steam account" instead; Twofold keeps the names so that two Steam
//!   accounts stay apart;
//! - a bare base32 secret: TOTP with SHA-1, 6 digits and 30 s, as Bitwarden
//!   makes it; the item's name is the issuer and the username the label.
//!
//! Items without a code (logins without TOTP, notes, cards, identities) are
//! not errors: they are listed in [`ImportResult::skipped`]. The folder
//! becomes a group, `notes` the note and `favorite` the favourite mark.
//!
//! Encrypted exports are refused with advice: the account-encrypted kind can
//! only be opened by Bitwarden, and the password-protected kind is not
//! supported yet. The CSV export is refused too: it is named so the person
//! knows to export JSON instead.
//!
//! # What the format loses or Twofold cannot express
//! Nothing Bitwarden stores: every code is a link or a secret. What
//! Bitwarden itself loses is its own business: it only makes TOTP and Steam
//! codes, so HOTP links stored there never advanced. Passwords, website
//! addresses and custom fields are not imported (Twofold keeps codes only).

use std::collections::HashMap;

use serde_json::Value;

use super::detect::starts_with_ignore_case;
use super::entry::{self, Params};
use super::json::{self, bool_field, str_field, text_field};
use super::{EntryError, Format, ImportError, ImportResult, ImportedAccount, SkipReason, Skipped};
use crate::otp::{Otp, OtpKind};

const FORMAT: Format = Format::Bitwarden;

pub(super) fn read(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if !body.trim_ascii_start().starts_with(b"{") {
        return Err(ImportError::Unsupported {
            format: FORMAT,
            what: "Bitwarden's CSV export cannot be read: in Bitwarden, export the vault as \u{201c}.json\u{201d} (not encrypted) instead",
        });
    }
    let json = json::parse(FORMAT, bytes)?;
    let root = json::root_object(FORMAT, &json)?;
    if bool_field(root, "encrypted") {
        let what = if bool_field(root, "passwordProtected") {
            "password-protected Bitwarden exports cannot be read yet: in Bitwarden, export the vault as \u{201c}.json\u{201d} without encryption instead"
        } else {
            "this Bitwarden export is encrypted with the account's own key, which only Bitwarden can open: export the vault as \u{201c}.json\u{201d} without encryption instead"
        };
        return Err(ImportError::Unsupported { format: FORMAT, what });
    }
    let folders: HashMap<&str, &str> = match root.get("folders").and_then(Value::as_array) {
        Some(folders) => folders
            .iter()
            .filter_map(Value::as_object)
            .filter_map(|f| Some((str_field(f, "id")?, text_field(f, "name")?)))
            .collect(),
        None => HashMap::new(),
    };
    let items = json::entries(FORMAT, root.get("items").unwrap_or(&Value::Null), "items")?;
    let mut result = ImportResult::new(FORMAT);
    for (index, value) in items.iter().enumerate() {
        let Some(item) = value.as_object() else {
            entry::push(&mut result, index, "an unnamed item".into(), Err("the item is not an object".into()));
            continue;
        };
        let login = item.get("login").and_then(Value::as_object);
        let Some(totp) = login.and_then(|l| text_field(l, "totp")) else {
            let name = text_field(item, "name").map_or_else(|| "an unnamed item".to_owned(), entry::shorten);
            result.skipped.push(Skipped { index, name, reason: SkipReason::NoCode });
            continue;
        };
        let item_name = text_field(item, "name");
        let username = login.and_then(|l| text_field(l, "username")).unwrap_or("");
        match read_totp(totp, item_name, username) {
            Ok((account, warning)) => {
                let mut imported = ImportedAccount::new(account).warned(warning);
                imported.note = entry::non_blank(str_field(item, "notes"));
                imported.favourite = bool_field(item, "favorite");
                imported.groups = str_field(item, "folderId")
                    .and_then(|id| folders.get(id))
                    .map(|n| (*n).to_owned())
                    .into_iter()
                    .collect();
                result.accounts.push(imported);
            }
            Err(message) => {
                let name = entry::display_name(item_name, username);
                result.errors.push(EntryError { index, name, message });
            }
        }
    }
    Ok(result)
}

fn read_totp(
    totp: &str,
    item_name: Option<&str>,
    username: &str,
) -> Result<(crate::Account, Option<String>), String> {
    if starts_with_ignore_case(totp, "otpauth:") || starts_with_ignore_case(totp, "otpauth-migration:") {
        let (mut account, warning) = entry::link(totp).map_err(|e| e.to_string())?;
        if account.issuer.is_none() {
            account.issuer = entry::non_blank(item_name);
        }
        if account.label.is_empty() {
            account.label = username.to_owned();
        }
        return Ok((account, warning));
    }
    let (otp, warning) = if starts_with_ignore_case(totp, "steam://") {
        let (secret, warning) = entry::base32_secret(totp.get("steam://".len()..).unwrap_or(""))?;
        (Otp::steam(secret).map_err(|e| e.to_string())?, warning)
    } else {
        let (secret, warning) = entry::base32_secret(totp)?;
        (entry::make_otp(secret, &Params::new(OtpKind::Totp))?, warning)
    };
    Ok((entry::account(item_name, username, otp), warning))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_the_totp_field() {
        let text = br#"{"encrypted":false,"folders":[],"items":[
            {"type":1,"name":"Site","login":{"username":"me","totp":"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"}},
            {"type":1,"name":"Steam","login":{"username":"gaben","totp":"steam://JBSWY3DPEHPK3PXP"}},
            {"type":1,"name":"Bare","login":{"username":"b","totp":"jbsw y3dp ehpk 3pxp"}},
            {"type":1,"name":"Broken","login":{"username":"c","totp":"otpauth://totp/x?secret=JBSW1"}},
            {"type":1,"name":"Empty","login":{"username":"d","totp":"  "}},
            {"type":2,"name":"Note","secureNote":{"type":0}}
        ]}"#;
        let result = read(text).unwrap();
        let names: Vec<_> =
            result.accounts.iter().map(|a| (a.account.issuer.as_deref(), a.account.label.as_str())).collect();
        assert_eq!(names, [(Some("Site"), "x"), (Some("Steam"), "gaben"), (Some("Bare"), "b")]);
        assert_eq!(result.accounts[1].account.otp.kind(), OtpKind::Steam);
        assert_eq!(result.errors.len(), 1);
        assert_eq!(result.errors[0].name, "Broken: c");
        let skipped: Vec<_> = result.skipped.iter().map(|s| (s.index, s.name.as_str(), s.reason)).collect();
        assert_eq!(skipped, [(4, "Empty", SkipReason::NoCode), (5, "Note", SkipReason::NoCode)]);
    }

    #[test]
    fn encrypted_and_csv_exports_are_refused_with_advice() {
        let protected =
            br#"{"encrypted":true,"passwordProtected":true,"salt":"x","kdfType":0,"kdfIterations":600000,"data":"y"}"#;
        assert!(matches!(read(protected), Err(ImportError::Unsupported { .. })));
        let account = br#"{"encrypted":true,"encKeyValidation_DO_NOT_EDIT":"x","items":[]}"#;
        assert!(matches!(read(account), Err(ImportError::Unsupported { .. })));
        assert!(matches!(read(b"folder,favorite,type,name,notes\n"), Err(ImportError::Unsupported { .. })));
    }
}
