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
//! The CSV export is read too (see `read_csv`). Encrypted exports are
//! refused with advice: the account-encrypted kind can only be opened by
//! Bitwarden, and the password-protected kind is not supported yet.
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
use zeroize::Zeroizing;

use super::csv;
use super::json::{self, bool_field, str_field, text_field};
use super::{EntryError, Format, ImportError, ImportResult, ImportedAccount, SkipReason, Skipped};
use crate::otp::{Otp, OtpKind};

const FORMAT: Format = Format::Bitwarden;

pub(super) fn read(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if !body.trim_ascii_start().starts_with(b"{") {
        return read_csv(body);
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

/// Bitwarden's CSV export (`folder,favorite,type,name,notes,fields,reprompt,
/// login_uri,login_username,login_password,login_totp`, Bitwarden's
/// `BitwardenCsvIndividualExportType`): the same items as the JSON export,
/// flattened; `favorite` is `1` or empty. Read by the columns' names, so
/// their order does not matter.
fn read_csv(body: &[u8]) -> Result<ImportResult, ImportError> {
    let text = std::str::from_utf8(body).map_err(|_| ImportError::corrupt(FORMAT, "its CSV export is not UTF-8 text"))?;
    let records = csv::records(text, super::MAX_ENTRIES + 1).map_err(|e| match e {
        csv::TooMany::Records => ImportError::TooManyEntries { count: super::MAX_ENTRIES + 1, max: super::MAX_ENTRIES },
        csv::TooMany::Unclosed => ImportError::Truncated { format: FORMAT },
    })?;
    let Some((header, rows)) = records.split_first() else {
        return Err(ImportError::Empty);
    };
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(name_at), Some(totp_at)) = (column("name"), column("login_totp")) else {
        return Err(ImportError::corrupt(FORMAT, "its CSV export has no name or login_totp column"));
    };
    let (folder_at, favourite_at, notes_at, user_at) =
        (column("folder"), column("favorite"), column("notes"), column("login_username"));
    let cell = |row: &[Zeroizing<String>], at: Option<usize>| {
        at.and_then(|i| row.get(i)).map(|f| f.trim()).filter(|f| !f.is_empty()).map(str::to_owned)
    };
    let mut result = ImportResult::new(FORMAT);
    for (index, row) in rows.iter().enumerate() {
        // A blank line (the file's last) is no item.
        if row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let item_name = cell(row, Some(name_at));
        let Some(totp) = row.get(totp_at).map(|t| Zeroizing::new(t.trim().to_owned())).filter(|t| !t.is_empty()) else {
            let name = item_name.as_deref().map_or_else(|| "an unnamed item".to_owned(), entry::shorten);
            result.skipped.push(Skipped { index, name, reason: SkipReason::NoCode });
            continue;
        };
        let username = cell(row, user_at).unwrap_or_default();
        match read_totp(&totp, item_name.as_deref(), &username) {
            Ok((account, warning)) => {
                let mut imported = ImportedAccount::new(account).warned(warning);
                imported.note = cell(row, notes_at);
                imported.favourite = cell(row, favourite_at).as_deref() == Some("1");
                imported.groups = cell(row, folder_at).into_iter().collect();
                result.accounts.push(imported);
            }
            Err(message) => {
                let name = entry::display_name(item_name.as_deref(), &username);
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
    }

    #[test]
    fn the_csv_export() {
        let text = "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n\
            Work,1,login,Site,\"a note, with a comma\",,0,https://example.com,me,hunter2,otpauth://totp/x?secret=JBSWY3DPEHPK3PXP\n\
            ,,login,Steam,,,0,,gaben,pw,steam://JBSWY3DPEHPK3PXP\n\
            ,,login,Forum,,,0,,user,pw,\n\
            ,,note,Wi-Fi,secret,,0,,,,\n\
            ,,login,Broken,,,0,,c,pw,JBSW1\n";
        let result = read(text.as_bytes()).unwrap();
        let names: Vec<_> =
            result.accounts.iter().map(|a| (a.account.issuer.as_deref(), a.account.label.as_str())).collect();
        assert_eq!(names, [(Some("Site"), "x"), (Some("Steam"), "gaben")]);
        let site = &result.accounts[0];
        assert_eq!((site.groups.as_slice(), site.note.as_deref(), site.favourite), (&["Work".to_owned()][..], Some("a note, with a comma"), true));
        assert_eq!(result.accounts[1].account.otp.kind(), OtpKind::Steam);
        assert_eq!(result.skipped.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Forum", "Wi-Fi"]);
        assert_eq!(result.errors.iter().map(|e| (e.index, e.name.as_str())).collect::<Vec<_>>(), [(4, "Broken: c")]);
        assert!(matches!(read(b"folder,favorite,type,name\n,,login,\"cut"), Err(ImportError::Truncated { .. })));
    }
}
