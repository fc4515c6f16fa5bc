//! Microsoft Authenticator's own database, `PhoneFactor` (SQLite), as a
//! rooted phone keeps it in `/data/data/com.azure.authenticator/databases/`.
//!
//! Layout confirmed from Aegis' `MicrosoftAuthImporter.java` (and its test
//! database `microsoft_authenticator.sqlite`, a Room database):
//!
//! ```text
//! accounts(_id, name TEXT (the issuer), username TEXT, oath_secret_key TEXT,
//!          account_type INTEGER, encrypted_oath_secret_key TEXT, …)
//! ```
//!
//! `account_type` 0 is a third-party TOTP account (base32 secret, SHA-1, 6
//! digits, 30 s); 1 is a personal Microsoft account, whose code is TOTP of 8
//! digits from a base64 secret (as Aegis reads it); 2 is a work or school
//! account (Microsoft Entra ID), approved by notifications rather than a
//! standard code, and is reported, not imported. A row whose secret the app
//! sealed with the phone's keystore (`oath_secret_key` empty,
//! `encrypted_oath_secret_key` set) cannot be read off the phone.
//!
//! # What the format loses or Twofold cannot express
//! No HOTP, no other hashes, digits or periods; no groups, notes or icons.

use data_encoding::BASE64;

use super::entry::{self, Params};
use super::sqlite;
use super::{Format, ImportError, ImportResult, ImportedAccount};
use crate::otp::OtpKind;
use crate::secret::Secret;

const FORMAT: Format = Format::MicrosoftAuthenticator;
const COLUMNS: [&str; 5] = ["name", "username", "oath_secret_key", "account_type", "encrypted_oath_secret_key"];

/// Whether an opened database is Microsoft Authenticator's.
pub(super) fn is_microsoft(conn: &rusqlite::Connection) -> bool {
    sqlite::columns(conn, "accounts")
        .is_some_and(|c| ["oath_secret_key", "account_type"].iter().all(|w| c.iter().any(|h| h == w)))
}

pub(super) fn read(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let conn = sqlite::open(bytes).ok_or_else(|| ImportError::corrupt(FORMAT, "SQLite cannot open it"))?;
    let rows = sqlite::rows(FORMAT, &conn, "accounts", &COLUMNS)?;
    let mut result = ImportResult::new(FORMAT);
    for (index, row) in rows.iter().enumerate() {
        let issuer = row.text("name");
        let label = row.text("username").unwrap_or_default();
        let name = entry::display_name(issuer.as_deref(), &label);
        entry::push(&mut result, index, name, read_row(row, issuer.as_deref(), &label));
    }
    Ok(result)
}

fn read_row(row: &sqlite::Row, issuer: Option<&str>, label: &str) -> Result<ImportedAccount, String> {
    let text = row.text("oath_secret_key").unwrap_or_default();
    if text.trim().is_empty() {
        return Err(if row.text("encrypted_oath_secret_key").is_some_and(|t| !t.trim().is_empty()) {
            "its secret is sealed by the phone's keystore and cannot be read from a copy of the database"
        } else {
            "it has no secret"
        }
        .to_owned());
    }
    let (secret, warning, digits) = match row.int("account_type") {
        Some(0) => {
            let (secret, warning) = entry::base32_secret(&text)?;
            (secret, warning, 6)
        }
        Some(1) => {
            let bytes = BASE64
                .decode(text.trim().as_bytes())
                .map_err(|_| "its secret (a personal Microsoft account's) is not base64".to_owned())?;
            (Secret::from_bytes(bytes), None, 8)
        }
        Some(2) => {
            return Err("it is a work or school account (Microsoft Entra ID), which Microsoft Authenticator \
                approves with notifications, not a standard code: set up a code for it again from the \
                organisation's security info page"
                .to_owned())
        }
        other => {
            return Err(format!("its account type {} is not one Twofold knows", other.map_or("?".to_owned(), |t| t.to_string())))
        }
    };
    let otp = entry::make_otp(secret, &Params { digits: Some(digits), ..Params::new(OtpKind::Totp) })?;
    Ok(ImportedAccount::new(entry::account(issuer, label, otp)).warned(warning))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_types() {
        let bytes = sqlite::db(
            "CREATE TABLE accounts (_id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, username TEXT NOT NULL, \
               oath_secret_key TEXT NOT NULL, account_type INTEGER NOT NULL, encrypted_oath_secret_key TEXT NOT NULL);
             INSERT INTO accounts (name, username, oath_secret_key, account_type, encrypted_oath_secret_key) VALUES
               ('GitHub', 'octo', 'JBSWY3DPEHPK3PXP', 0, ''),
               ('Microsoft', 'me@outlook.com', 'AAECAwQFBgcICQoLDA0ODxAREhM=', 1, ''),
               ('Contoso', 'me@contoso.com', 'JBSWY3DPEHPK3PXP', 2, ''),
               ('Sealed', 's', '', 0, 'AbCd'),
               ('Odd', 'o', 'JBSWY3DPEHPK3PXP', 7, '');",
        );
        assert_eq!(super::super::detect(&bytes), Some(FORMAT));
        let result = read(&bytes).unwrap();
        assert_eq!(result.accounts.len(), 2);
        let msa = &result.accounts[1].account;
        assert_eq!((msa.otp.digits(), msa.otp.secret().as_bytes().len()), (8, 20));
        let errors: Vec<_> = result.errors.iter().map(|e| (e.index, e.message.as_str())).collect();
        assert!(errors[0].0 == 2 && errors[0].1.contains("work or school"), "{errors:?}");
        assert!(errors[1].0 == 3 && errors[1].1.contains("keystore"), "{errors:?}");
        assert_eq!(errors[2].0, 4);
    }
}
