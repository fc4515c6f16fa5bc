//! Authenticator Plus backups: a zip archive with a password, holding
//! `Accounts.txt`, one `otpauth://` link per line.
//!
//! Layout confirmed from Aegis' `AuthenticatorPlusImporter.java` (zip4j
//! reading the entry named `Accounts.txt`, then its URI list reader) and its
//! test backup `authenticator_plus.zip` (ZipCrypto, deflated, with a data
//! descriptor). The archive is read as [`super::archive`] says.
//!
//! The app's backup database `authplus.db` (SQLCipher 3, as Stratum's
//! `AuthenticatorPlusBackupConverter` opens it) is not read: its bytes look like
//! noise (so detection takes it for an encrypted andOTP backup, whose
//! wrong-password message names it and says to export the zip instead), and
//! reading it would need SQLCipher (OpenSSL's libcrypto) for this file alone.
//!
//! # What the format loses or Twofold cannot express
//! What a link carries (see [`super::uri_list`]); the app's categories are
//! not in the links.

use super::archive;
use super::{Format, ImportError, Imported};

const FORMAT: Format = Format::AuthenticatorPlus;
/// The entry holding the links.
pub(super) const ENTRY: &str = "Accounts.txt";

pub(super) fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    let zip = archive::open(FORMAT, bytes)?;
    let entry = archive::find(&zip.entries, ENTRY)
        .ok_or_else(|| ImportError::corrupt(FORMAT, "it holds no Accounts.txt"))?;
    let (index, encrypted) = (entry.index, entry.encrypted);
    archive::read_links(FORMAT, bytes, zip, index, encrypted)
}
