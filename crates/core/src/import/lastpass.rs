//! LastPass Authenticator's JSON export ("Export accounts to file").
//!
//! Layout confirmed from the readers of two peers: 2FAS for iOS
//! (`twofas/2fas-ios`, `MainRepository/DataTypes/LastPassData.swift`, version 3)
//! and Bitwarden Authenticator (`bitwarden/authenticator-android`,
//! `LastPassJsonExport.kt` and its parser):
//!
//! ```text
//! { "deviceId", "deviceSecret", "localDeviceId", "deviceName", "version": 3,
//!   "accounts": [{ "accountID", "issuerName", "originalIssuerName", "userName",
//!                  "originalUserName", "pushNotification", "secret": base32,
//!                  "timeStep", "digits", "creationTimestamp", "isFavorite",
//!                  "algorithm": "SHA1", "folderData": { "folderId", "position" } }],
//!   "folders": [{ "id", "name", "isOpened" }] }
//! ```
//!
//! Names: `issuerName` and `userName` are what LastPass shows (the person may
//! have renamed them); the `original…` fields, what the QR code said, are
//! used only when those are blank. LastPass makes TOTP codes only. The folder
//! becomes a group and `isFavorite` the favourite mark.
//!
//! # What the format loses or Twofold cannot express
//! Nothing of the code. Push-notification accounts (LastPass' own login
//! approval) have no secret that makes codes elsewhere: they are entry errors.
//! The device fields are LastPass' own and are not kept.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::entry::{self, Params};
use super::json::{self, as_int, bool_field, int_field, str_field, text_field};
use super::{Format, ImportError, ImportResult, ImportedAccount};
use crate::otp::OtpKind;

const FORMAT: Format = Format::LastPass;

pub(super) fn read(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let json = json::parse(FORMAT, bytes)?;
    let root = json::root_object(FORMAT, &json)?;
    let accounts = json::entries(FORMAT, root.get("accounts").unwrap_or(&Value::Null), "accounts")?;
    let folders: HashMap<i128, &str> = root
        .get("folders")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|f| Some((as_int(f.get("id")?)?, text_field(f, "name")?)))
        .collect();
    let mut result = ImportResult::new(FORMAT);
    for (index, value) in accounts.iter().enumerate() {
        let Some(account) = value.as_object() else {
            entry::push(&mut result, index, "an unnamed account".into(), Err("the entry is not an object".into()));
            continue;
        };
        let (issuer, label) = names(account);
        let name = entry::display_name(issuer, label);
        entry::push(&mut result, index, name, read_account(account, &folders));
    }
    Ok(result)
}

/// What LastPass shows, else what the QR code said.
fn names(account: &Map<String, Value>) -> (Option<&str>, &str) {
    let issuer = text_field(account, "issuerName").or_else(|| text_field(account, "originalIssuerName"));
    let label = text_field(account, "userName").or_else(|| text_field(account, "originalUserName")).unwrap_or("");
    (issuer, label)
}

fn read_account(account: &Map<String, Value>, folders: &HashMap<i128, &str>) -> Result<ImportedAccount, String> {
    let text = text_field(account, "secret").ok_or(if bool_field(account, "pushNotification") {
        "it is a LastPass push-notification account, which has no code to bring along"
    } else {
        "it has no secret"
    })?;
    let (secret, warning) = entry::base32_secret(text)?;
    let mut params = Params::new(OtpKind::Totp);
    if let Some(name) = str_field(account, "algorithm") {
        params.algorithm = Some(entry::algorithm(name)?);
    }
    params.digits = int_field(account, "digits")?;
    params.period = int_field(account, "timeStep")?;
    let otp = entry::make_otp(secret, &params)?;
    let (issuer, label) = names(account);
    let mut imported = ImportedAccount::new(entry::account(issuer, label, otp)).warned(warning);
    imported.favourite = bool_field(account, "isFavorite");
    let folder = account.get("folderData").and_then(Value::as_object).and_then(|f| as_int(f.get("folderId")?));
    imported.groups = folder.and_then(|id| folders.get(&id)).map(|n| (*n).to_owned()).into_iter().collect();
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_folders_and_bad_entries() {
        let text = br#"{"version":3,"deviceName":"phone","accounts":[
            {"issuerName":"Renamed","originalIssuerName":"Orig","userName":"","originalUserName":"me","secret":"JBSWY3DPEHPK3PXP","timeStep":30,"digits":6,"algorithm":"SHA1","isFavorite":true,"folderData":{"folderId":1,"position":0}},
            {"issuerName":"","originalIssuerName":"Orig2","userName":"you","secret":"JBSWY3DPEHPK3PXP","timeStep":60,"digits":8,"algorithm":"SHA256"},
            {"issuerName":"LastPass","userName":"push","secret":"","pushNotification":true},
            {"issuerName":"Bad","userName":"x","secret":"JBSWY3DPEHPK3PXP","algorithm":"MD5"}
        ],"folders":[{"id":1,"name":"Work","isOpened":true}]}"#;
        let result = read(text).unwrap();
        let names: Vec<_> =
            result.accounts.iter().map(|a| (a.account.issuer.as_deref(), a.account.label.as_str())).collect();
        assert_eq!(names, [(Some("Renamed"), "me"), (Some("Orig2"), "you")]);
        assert!(result.accounts[0].favourite && !result.accounts[1].favourite);
        assert_eq!(result.accounts[0].groups, ["Work"]);
        assert_eq!(result.accounts[1].account.otp.period(), Some(60));
        assert_eq!(result.errors.iter().map(|e| e.index).collect::<Vec<_>>(), [2, 3]);
        assert!(result.errors[0].message.contains("push-notification"), "{}", result.errors[0].message);
    }

    #[test]
    fn a_file_without_its_accounts_is_a_damaged_lastpass_export() {
        // As Bitwarden's importer tests have it: the device keys, no accounts.
        let text = br#"{"deviceId":"d-1","deviceSecret":"s","localDeviceId":"local-789","deviceName":"My Device","version":1,"folders":[]}"#;
        assert_eq!(crate::import::detect(text), Some(FORMAT));
        let err = crate::import::read(text).map(|_| ()).unwrap_err().to_string();
        assert!(err.contains("LastPass") && err.contains("accounts"), "{err}");
    }
}
