//! Steam Guard `.maFile`s, as Steam Desktop Authenticator (and tools that
//! copy it) writes them: one account per file, unencrypted.
//!
//! The two fields read (`shared_secret`, base64, and `account_name`) and the
//! naming (issuer `Steam`) are confirmed from Aegis' `SteamImporter.java`,
//! which reads the same JSON; the other fields are listed as SDA writes
//! them, and are ignored:
//!
//! ```text
//! { "shared_secret": base64 (the key), "serial_number", "revocation_code",
//!   "uri": "otpauth://totp/Steam:NAME?secret=…&issuer=Steam", "server_time",
//!   "account_name", "token_gid", "identity_secret", "secret_1", "status_code",
//!   "device_id", "fully_enrolled", "Session": { … } }
//! ```
//!
//! The code is Steam's (5 characters, SHA-1, 30 s) from `shared_secret`;
//! the issuer is `Steam` and the account name `account_name`. The other
//! secrets (`identity_secret` for trade confirmations, the session) are not
//! kept: Twofold makes codes, it does not confirm trades.
//!
//! The Steam app's own `Steamguard-<steamid>` file (from its data folder, on a
//! rooted phone) is the same JSON; newer versions of the app keep the
//! accounts in a map, `{"accounts": {"<steamid>": {…}}}`, which Aegis'
//! `SteamImporter` reads too. Each account in it is read alike.
//!
//! An encrypted maFile (SDA's "encryption passkey") is base64 text, not
//! JSON, whose salt and IV are in SDA's `manifest.json`: it is read with
//! the manifest, see `sda.rs`.
//!
//! # What the format loses or Twofold cannot express
//! Nothing of the code. The revocation code is not kept (it is in the file
//! for the person to write down).

use data_encoding::BASE64;
use serde_json::{Map, Value};

use super::json::{self, str_field, text_field};
use super::{entry, Format, ImportError, ImportResult, ImportedAccount};
use crate::otp::Otp;
use crate::secret::Secret;

const FORMAT: Format = Format::SteamGuard;

pub(super) fn read(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let json = json::parse(FORMAT, bytes)?;
    let root = json::root_object(FORMAT, &json)?;
    let mut result = ImportResult::new(FORMAT);
    match root.get("accounts").and_then(Value::as_object) {
        Some(accounts) if !root.contains_key("shared_secret") => {
            for (index, account) in accounts.values().enumerate() {
                match account.as_object() {
                    Some(account) => read_account(&mut result, index, account),
                    None => entry::push(&mut result, index, "a Steam account".into(), Err("it is not an object".into())),
                }
            }
        }
        _ => read_account(&mut result, 0, root),
    }
    Ok(result)
}

fn read_account(result: &mut ImportResult, index: usize, fields: &Map<String, Value>) {
    let label = text_field(fields, "account_name").unwrap_or("");
    let name = entry::display_name(Some("Steam"), label);
    let account = (|| {
        let text = str_field(fields, "shared_secret").ok_or("it has no shared_secret")?;
        let bytes = BASE64
            .decode(text.trim().as_bytes())
            .map_err(|_| "its shared_secret is not base64".to_owned())?;
        let otp = Otp::steam(Secret::from_bytes(bytes)).map_err(|e| e.to_string())?;
        Ok(ImportedAccount::new(entry::account(Some("Steam"), label, otp)))
    })();
    entry::push(result, index, name, account);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mafile_and_a_broken_one() {
        let good = br#"{"shared_secret":"SGVsbG8hIN6tvu8=","account_name":"gaben","revocation_code":"R12345","identity_secret":"eA=="}"#;
        let result = read(good).unwrap();
        let account = &result.accounts[0].account;
        assert_eq!((account.issuer.as_deref(), account.label.as_str()), (Some("Steam"), "gaben"));
        assert_eq!(account.otp.kind(), crate::otp::OtpKind::Steam);
        assert_eq!(account.otp.secret().to_base32().as_str(), "JBSWY3DPEEQN5LN654");
        let bad = br#"{"shared_secret":"not base64!","account_name":"gaben"}"#;
        let result = read(bad).unwrap();
        assert!(result.accounts.is_empty());
        assert_eq!(result.errors[0].name, "Steam: gaben");
        assert!(result.errors[0].message.contains("not base64"));
    }

    #[test]
    fn the_steam_apps_map_of_accounts() {
        // As the Steam app keeps them (Aegis' steam.json has one): by Steam id.
        let text = br#"{"accounts":{
            "76561198000000001":{"steamid":"76561198000000001","shared_secret":"SGVsbG8hIN6tvu8=","account_name":"gaben","status":1},
            "76561198000000002":{"steamid":"76561198000000002","account_name":"robin"}}}"#;
        assert_eq!(super::super::detect(text), Some(FORMAT));
        let result = read(text).unwrap();
        let [account] = &result.accounts[..] else { panic!("{:?}", result.errors) };
        assert_eq!((account.account.issuer.as_deref(), account.account.label.as_str()), (Some("Steam"), "gaben"));
        assert_eq!(account.account.otp.secret().to_base32().as_str(), "JBSWY3DPEEQN5LN654");
        assert_eq!((result.errors[0].index, result.errors[0].name.as_str()), (1, "Steam: robin"));
        assert!(result.errors[0].message.contains("no shared_secret"));
    }
}
