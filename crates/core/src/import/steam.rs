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
//! An encrypted maFile (SDA's "encryption passkey") is base64 text, not
//! JSON: it is not recognised, and SDA can remove the encryption first.
//!
//! # What the format loses or Twofold cannot express
//! Nothing of the code. The revocation code is not kept (it is in the file
//! for the person to write down).

use data_encoding::BASE64;

use super::json::{self, str_field, text_field};
use super::{entry, Format, ImportError, ImportResult, ImportedAccount};
use crate::otp::Otp;
use crate::secret::Secret;

const FORMAT: Format = Format::SteamGuard;

pub(super) fn read(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let json = json::parse(FORMAT, bytes)?;
    let root = json::root_object(FORMAT, &json)?;
    let mut result = ImportResult::new(FORMAT);
    let label = text_field(root, "account_name").unwrap_or("");
    let name = entry::display_name(Some("Steam"), label);
    let account = (|| {
        let text = str_field(root, "shared_secret").ok_or("it has no shared_secret")?;
        let bytes = BASE64
            .decode(text.trim().as_bytes())
            .map_err(|_| "its shared_secret is not base64".to_owned())?;
        let otp = Otp::steam(Secret::from_bytes(bytes)).map_err(|e| e.to_string())?;
        Ok(ImportedAccount::new(entry::account(Some("Steam"), label, otp)))
    })();
    entry::push(&mut result, 0, name, account);
    Ok(result)
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
}
