//! KeePassXC's CSV export (Database → Export → CSV File), for the entries
//! that have a TOTP.
//!
//! Layout confirmed from KeePassXC's code (`keepassxreboot/keepassxc`):
//! `src/format/CsvExporter.cpp` writes every field in double quotes, the
//! header `"Group","Title","Username","Password","URL","Notes","TOTP","Icon",
//! "Last Modified","Created"`, one row per entry, the group as its path from
//! the root (`Root/Work`); `Entry::totpSettingsString` →
//! `Totp::writeSettings(…, forceOtp = true)` puts the TOTP as a link whatever
//! the entry stores:
//!
//! ```text
//! otpauth://totp/<title or KeePassXC>:<username or none>?secret=…&period=…&digits=…&issuer=<title>
//!     [&encoder=steam] [&algorithm=SHA256|SHA512]
//! ```
//!
//! - The code comes from the link; the issuer is the entry's title and the
//!   label its username (not the link's `KeePassXC` and `none`, which stand
//!   in for empty ones).
//! - The group, without the root's name, becomes a tag (`Work/Dev`).
//! - Entries without a TOTP (most of a password database) are left out and
//!   counted; so are those in the recycle bin (`Root/Recycle Bin`, in
//!   English: its name follows the language of the database's creator).
//!
//! # What the format loses or Twofold cannot express
//! Nothing of the code (KeePassXC has TOTP and Steam only). The password, URL
//! and notes are not kept: Twofold is no password manager, and a password
//! database's notes often hold other secrets.

use zeroize::Zeroizing;

use super::detect::starts_with_ignore_case;
use super::{csv, entry, EntryError, Format, ImportError, ImportResult, ImportedAccount, SkipReason, Skipped};

const FORMAT: Format = Format::KeePassXc;
/// The start of KeePassXC's header, as it writes it.
pub(super) const HEADER: &str = r#""Group","Title","Username","Password","URL","Notes","TOTP""#;
const RECYCLE_BIN: &str = "Recycle Bin";

pub(super) fn read(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::corrupt(FORMAT, "it is not UTF-8 text"))?;
    let (header, rows) = csv::table(FORMAT, text)?;
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(totp_at), Some(title_at)) = (column("TOTP"), column("Title")) else {
        return Err(ImportError::corrupt(FORMAT, "it has no TOTP or Title column"));
    };
    let (group_at, user_at) = (column("Group"), column("Username"));
    let cell = csv::cell;
    let mut result = ImportResult::new(FORMAT);
    for (index, row) in rows.iter().enumerate() {
        if row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let title = cell(row, Some(title_at));
        let username = cell(row, user_at).unwrap_or_default();
        let name = title.as_deref().map_or_else(|| "an untitled entry".to_owned(), entry::shorten);
        let group = cell(row, group_at).unwrap_or_default();
        // The path from the root: its first part is the root group's own name.
        let group = group.split_once('/').map_or("", |(_, rest)| rest);
        if group == RECYCLE_BIN || group.starts_with("Recycle Bin/") {
            result.skipped.push(Skipped { index, name, reason: SkipReason::Trashed });
            continue;
        }
        let Some(totp) = row.get(totp_at).map(|t| Zeroizing::new(t.trim().to_owned())).filter(|t| !t.is_empty()) else {
            result.skipped.push(Skipped { index, name, reason: SkipReason::NoCode });
            continue;
        };
        if !starts_with_ignore_case(&totp, "otpauth:") {
            let message = "its TOTP is not an otpauth:// link (KeePassXC writes one: export again from KeePassXC 2.7 or later)";
            result.errors.push(EntryError { index, name, message: message.into() });
            continue;
        }
        match entry::link(&totp) {
            Ok((account, warning)) => {
                let account = entry::account(title.as_deref(), &username, account.otp);
                let mut imported = ImportedAccount::new(account).warned(warning);
                imported.groups = Some(group.to_owned()).filter(|g| !g.is_empty()).into_iter().collect();
                result.accounts.push(imported);
            }
            Err(e) => result.errors.push(EntryError { index, name: entry::display_name(title.as_deref(), &username), message: e.to_string() }),
        }
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otp::OtpKind;

    #[test]
    fn entries_with_a_totp_their_groups_and_what_is_left_out() {
        let text = format!(
            "{HEADER},\"Icon\",\"Last Modified\",\"Created\"\n\
             \"Root/Work/Dev\",\"GitHub\",\"octo\",\"pw\",\"https://github.com\",\"\",\"otpauth://totp/GitHub:octo?secret=JBSWY3DPEHPK3PXP&period=30&digits=6&issuer=GitHub\",\"0\",\"2024-01-01T00:00:00Z\",\"2024-01-01T00:00:00Z\"\n\
             \"Root\",\"\",\"\",\"\",\"\",\"\",\"otpauth://totp/KeePassXC:none?secret=JBSWY3DPEHPK3PXP&period=60&digits=8&issuer=KeePassXC&algorithm=SHA256\",\"0\",\"\",\"\"\n\
             \"Root\",\"Steam\",\"gaben\",\"\",\"\",\"\",\"otpauth://totp/Steam:gaben?secret=JBSWY3DPEHPK3PXP&period=30&digits=5&issuer=Steam&encoder=steam\",\"0\",\"\",\"\"\n\
             \"Root\",\"Mail\",\"me\",\"pw\",\"\",\"multi\nline, \"\"quoted\"\" note\",\"\",\"0\",\"\",\"\"\n\
             \"Root/Recycle Bin\",\"Old\",\"x\",\"\",\"\",\"\",\"otpauth://totp/Old:x?secret=JBSWY3DPEHPK3PXP&period=30&digits=6&issuer=Old\",\"0\",\"\",\"\"\n\
             \"Root\",\"Broken\",\"b\",\"\",\"\",\"\",\"key=JBSWY3DPEHPK3PXP&size=6&step=30\",\"0\",\"\",\"\"\n"
        );
        assert_eq!(super::super::detect(text.as_bytes()), Some(FORMAT));
        let result = read(text.as_bytes()).unwrap();
        let got: Vec<_> = result
            .accounts
            .iter()
            .map(|a| (a.account.issuer.as_deref(), a.account.label.as_str(), a.account.otp.kind(), a.groups.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("GitHub"), "octo", OtpKind::Totp, vec!["Work/Dev".to_owned()]),
                (None, "", OtpKind::Totp, vec![]),
                (Some("Steam"), "gaben", OtpKind::Steam, vec![]),
            ]
        );
        assert_eq!(result.accounts[1].account.otp.digits(), 8);
        let skipped: Vec<_> = result.skipped.iter().map(|s| (s.name.as_str(), s.reason)).collect();
        assert_eq!(skipped, [("Mail", SkipReason::NoCode), ("Old", SkipReason::Trashed)]);
        assert_eq!(result.errors.len(), 1);
        assert!(result.errors[0].message.contains("not an otpauth:// link"), "{:?}", result.errors);
    }
}
