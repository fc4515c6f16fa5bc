//! Google Authenticator's own database, `databases` (SQLite), as a rooted
//! phone keeps it in `/data/data/com.google.android.apps.authenticator2/databases/`.
//!
//! Layout confirmed from Aegis' `GoogleAuthImporter.java` (and its test
//! database `google_authenticator.sqlite`):
//!
//! ```text
//! accounts(_id, email TEXT NOT NULL, secret TEXT NOT NULL, counter INTEGER DEFAULT 0,
//!          type INTEGER (0 TOTP, 1 HOTP), provider, issuer TEXT, original_name TEXT
//!          [, isencrypted INTEGER])
//! ```
//!
//! `email` is the name, written `Issuer:name` by the app when it had an
//! issuer; the `issuer` column wins when it is set, the prefix otherwise.
//! Secrets are base32 as typed. Rows marked `isencrypted` (app versions that
//! sealed secrets with the phone's keystore) cannot be read off the phone.
//! The database is opened as [`super::sqlite`] says.
//!
//! # What the format loses or Twofold cannot express
//! The app makes SHA-1, 6-digit, 30-second codes only, and keeps no groups,
//! notes or icons.

use super::entry::{self, Params};
use super::sqlite;
use super::{Format, ImportError, ImportResult, ImportedAccount};
use crate::otp::OtpKind;

const FORMAT: Format = Format::GoogleAuthenticatorDb;
const COLUMNS: [&str; 6] = ["email", "secret", "counter", "type", "issuer", "isencrypted"];

/// Whether an opened database is Google Authenticator's.
pub(super) fn is_google(conn: &rusqlite::Connection) -> bool {
    sqlite::columns(conn, "accounts")
        .is_some_and(|c| ["email", "secret", "type"].iter().all(|w| c.iter().any(|h| h == w)))
}

pub(super) fn read(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let conn = sqlite::open(bytes).ok_or_else(|| ImportError::corrupt(FORMAT, "SQLite cannot open it"))?;
    let rows = sqlite::rows(FORMAT, &conn, "accounts", &COLUMNS)?;
    let mut result = ImportResult::new(FORMAT);
    for (index, row) in rows.iter().enumerate() {
        let email = row.text("email").unwrap_or_default();
        let (issuer, label) = split_name(&email, row.text("issuer").as_deref());
        let name = entry::display_name(issuer.as_deref(), &label);
        entry::push(&mut result, index, name, read_row(row, issuer.as_deref(), &label));
    }
    Ok(result)
}

/// The issuer and name: the `issuer` column, or else the `Issuer:` prefix of `email`.
fn split_name(email: &str, issuer: Option<&str>) -> (Option<String>, String) {
    let issuer = entry::non_blank(issuer);
    match email.split_once(':') {
        Some((prefix, rest)) if !rest.contains(':') => {
            (issuer.or_else(|| entry::non_blank(Some(prefix))), rest.trim().to_owned())
        }
        _ => (issuer, email.trim().to_owned()),
    }
}

fn read_row(row: &sqlite::Row, issuer: Option<&str>, label: &str) -> Result<ImportedAccount, String> {
    if row.int("isencrypted").unwrap_or(0) > 0 {
        return Err("its secret is sealed by the phone's keystore and cannot be read from a copy of the database: \
            use Google Authenticator's \"Transfer accounts\" export instead"
            .to_owned());
    }
    let text = row.text("secret").ok_or("it has no secret")?;
    let (secret, warning) = entry::base32_secret(&text)?;
    let params = match row.int("type") {
        Some(0) | None => Params::new(OtpKind::Totp),
        Some(1) => Params { counter: Some(i128::from(row.int("counter").unwrap_or(0))), ..Params::new(OtpKind::Hotp) },
        Some(other) => return Err(format!("its code type {other} is not one Google Authenticator makes (0 TOTP, 1 HOTP)")),
    };
    let otp = entry::make_otp(secret, &params)?;
    Ok(ImportedAccount::new(entry::account(issuer, label, otp)).warned(warning))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(split_name("Deno:Mason", Some("Deno")), (Some("Deno".to_owned()), "Mason".to_owned()));
        assert_eq!(split_name("Old:dave", Some("New")), (Some("New".to_owned()), "dave".to_owned()));
        assert_eq!(split_name("ACME:bob", None), (Some("ACME".to_owned()), "bob".to_owned()));
        assert_eq!(split_name("bob", Some("")), (None, "bob".to_owned()));
        assert_eq!(split_name("a:b:c", None), (None, "a:b:c".to_owned()));
    }

    #[test]
    fn sealed_and_unknown_rows_are_reported() {
        let bytes = sqlite::db(
            "CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL, \
               counter INTEGER DEFAULT 0, type INTEGER, issuer TEXT, isencrypted INTEGER);
             INSERT INTO accounts (email, secret, counter, type, issuer, isencrypted) VALUES
               ('ACME:a', 'JBSWY3DPEHPK3PXP', 0, 0, NULL, 0),
               ('b', 'JBSWY3DPEHPK3PXP', 12, 1, 'Bank', 0),
               ('c', 'AbCdEf', 0, 0, NULL, 1),
               ('d', 'JBSWY3DPEHPK3PXP', 0, 9, NULL, 0);",
        );
        let result = read(&bytes).unwrap();
        assert_eq!(result.accounts.len(), 2);
        assert_eq!(result.accounts[0].account.issuer.as_deref(), Some("ACME"));
        assert_eq!(result.accounts[1].account.otp.counter(), Some(12));
        let errors: Vec<_> = result.errors.iter().map(|e| (e.index, e.message.contains("keystore"))).collect();
        assert_eq!(errors, [(2, true), (3, false)]);
    }
}
