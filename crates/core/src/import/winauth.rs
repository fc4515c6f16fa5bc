//! WinAuth exports saved as a zip archive: one text file of `otpauth://`
//! links, the archive protected by a password or not.
//!
//! Layout confirmed from WinAuth's code (`winauth/winauth`,
//! `WinAuthHelper.ExportAuthenticators`: SharpZipLib's `ZipOutputStream` with
//! `Password` set and no AES key size, so ZipCrypto; one deflated entry named
//! after the file, `.txt`; no Zip64) and `WinAuthAuthenticator.ToUrl` (links
//! `otpauth://totp/Issuer:label?secret=…&digits=…&issuer=…`, plus WinAuth's
//! own `icon`, `serial` and Steam `deviceid`/`data` parameters, ignored).
//! Stratum's `WinAuthBackupConverter` reads the same: the first file of the
//! archive, with the password. WinAuth's unzipped text export is a plain
//! [`OtpauthList`](Format::OtpauthList); its PGP-encrypted one is refused
//! with advice.
//!
//! # What the format loses or Twofold cannot express
//! What a link carries (see [`super::uri_list`]).

use super::archive::{self, Entry};
use super::{Format, ImportError, Imported};

const FORMAT: Format = Format::WinAuth;

/// The text file of a WinAuth archive: its only file, named `*.txt`.
pub(super) fn text_entry(entries: &[Entry]) -> Option<&Entry> {
    match entries {
        [only] if only.name.to_ascii_lowercase().ends_with(".txt") => Some(only),
        _ => None,
    }
}

pub(super) fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    let zip = archive::open(FORMAT, bytes)?;
    let entry =
        text_entry(&zip.entries).ok_or_else(|| ImportError::corrupt(FORMAT, "it does not hold one .txt file"))?;
    let (index, encrypted) = (entry.index, entry.encrypted);
    archive::read_links(FORMAT, bytes, zip, index, encrypted)
}
