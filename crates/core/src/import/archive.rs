//! Zip archives (Authenticator Plus, WinAuth, Proton Pass): opened in memory,
//! with every size bounded before it is trusted.
//!
//! - The end-of-central-directory record is read first: an archive saying it
//!   holds more than [`MAX_ZIP_ENTRIES`] entries, or a central directory
//!   larger than those entries need, is refused before the zip crate lists it.
//! - An entry whose declared size is over [`MAX_ENTRY_LEN`] is refused before
//!   it is inflated, and inflating stops one byte past the bound whatever the
//!   header said (a zip bomb lies about its size): [`ImportError::Corrupt`]
//!   naming the format and saying why.
//! - Only stored and deflated entries are read, unencrypted, with ZipCrypto
//!   ("traditional PKWARE") or with WinZip AES (AE-1, AE-2; APPNOTE 7.2), as
//!   the apps write them; other methods are refused with advice.
//!
//! A wrong ZipCrypto password is caught by the check byte 255 times in 256;
//! otherwise inflating or the CRC-32 fails, and that too is a wrong password
//! (the two cannot be told apart, as for andOTP). A wrong AES password fails
//! its two-byte verifier, or else the HMAC at the end of the entry.

use std::io::{Cursor, Read};

use zeroize::Zeroizing;
use zip::result::ZipError;
use zip::{CompressionMethod, ZipArchive};

use super::{Format, ImportError, ImportResult, Imported, MAX_INPUT_LEN};

/// Most entries in an archive. The apps' exports hold one to a few; a Proton
/// Pass export may add its attached files.
pub(super) const MAX_ZIP_ENTRIES: usize = 10_000;
/// Largest entry, inflated: what Twofold reads as a file of its own.
pub(super) const MAX_ENTRY_LEN: usize = MAX_INPUT_LEN;
/// The longest central directory record a real entry has (46 bytes, a name
/// and extra fields), on average.
const MAX_RECORD_LEN: usize = 1024;

/// The zip local-file-header magic.
pub(super) const MAGIC: &[u8] = b"PK\x03\x04";
/// An empty archive is only its end record.
const EMPTY_MAGIC: &[u8] = b"PK\x05\x06";

/// Whether the bytes start like a zip archive.
pub(super) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC) || bytes.starts_with(EMPTY_MAGIC)
}

/// One file of an archive, as its central directory lists it.
pub(super) struct Entry {
    pub index: usize,
    pub name: String,
    pub encrypted: bool,
    method: CompressionMethod,
}

/// An archive opened in memory.
pub(super) struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    pub entries: Vec<Entry>,
}

/// Opens `bytes` as a zip, listing its files (folders left out).
/// `format` names the file in errors.
pub(super) fn open(format: Format, bytes: &[u8]) -> Result<Archive<'_>, ImportError> {
    check_end_record(format, bytes)?;
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| open_error(format, e))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(ImportError::TooManyEntries { count: zip.len(), max: MAX_ZIP_ENTRIES });
    }
    let mut entries = Vec::new();
    for index in 0..zip.len() {
        let file = zip.by_index_raw(index).map_err(|e| open_error(format, e))?;
        if file.is_dir() {
            continue;
        }
        let name = file.name().map(|n| n.into_owned()).unwrap_or_default();
        entries.push(Entry { index, name, encrypted: file.encrypted(), method: file.compression() });
    }
    Ok(Archive { zip, entries })
}

/// The first entry whose name (or, inside a folder, its last part) is `name`.
pub(super) fn find<'e>(entries: &'e [Entry], name: &str) -> Option<&'e Entry> {
    entries.iter().find(|e| e.name == name || e.name.rsplit('/').next() == Some(name))
}

impl Archive<'_> {
    /// Refuses entry `index` when its method (as the directory names it) is not one
    /// Twofold reads: before a password is asked for, or a key or inflater set up.
    pub(super) fn check_method(&self, format: Format, index: usize) -> Result<(), ImportError> {
        match self.entries.iter().find(|e| e.index == index).map(|e| e.method) {
            // The zip crate puts the real method of an AES entry in its place; 99 left means
            // the AES extra field that names it is missing.
            Some(CompressionMethod::AES) => Err(ImportError::corrupt(format, "a file inside the zip archive is damaged")),
            Some(CompressionMethod::Stored | CompressionMethod::Deflated) | None => Ok(()),
            Some(_) => Err(ImportError::Unsupported { format, what: METHOD_ADVICE }),
        }
    }

    /// The inflated bytes of entry `index`, decrypted with `password` when given.
    pub(super) fn read(
        &mut self,
        format: Format,
        index: usize,
        password: Option<&str>,
    ) -> Result<Zeroizing<Vec<u8>>, ImportError> {
        self.check_method(format, index)?;
        let file = match password {
            Some(password) => self.zip.by_index_decrypt(index, password.as_bytes()),
            None => self.zip.by_index(index),
        };
        let file = file.map_err(|e| match e {
            ZipError::InvalidPassword => ImportError::WrongPassword,
            ZipError::UnsupportedArchive(_) | ZipError::CompressionMethodNotSupported(_) => {
                ImportError::Unsupported { format, what: METHOD_ADVICE }
            }
            other => open_error(format, other),
        })?;
        let declared = usize::try_from(file.size()).unwrap_or(usize::MAX);
        if declared > MAX_ENTRY_LEN {
            return Err(too_large(format));
        }
        let mut out = Zeroizing::new(Vec::with_capacity(declared.min(1 << 20)));
        let read = file.take(MAX_ENTRY_LEN as u64 + 1).read_to_end(&mut out);
        match read {
            _ if out.len() > MAX_ENTRY_LEN => Err(too_large(format)),
            Ok(_) => Ok(out),
            // Garbage from a password that passed the check byte by chance fails to inflate or its CRC.
            Err(_) if password.is_some() => Err(ImportError::WrongPassword),
            Err(_) => Err(ImportError::corrupt(format, "a file inside the zip archive is damaged")),
        }
    }
}

impl Archive<'_> {
    /// At most `limit` bytes from the start of unencrypted entry `index`; `None` when
    /// it cannot be read. For telling archives apart without inflating all of one.
    pub(super) fn peek(&mut self, index: usize, limit: usize) -> Option<Zeroizing<Vec<u8>>> {
        let file = self.zip.by_index(index).ok()?;
        let mut out = Zeroizing::new(Vec::new());
        let _ = file.take(limit as u64).read_to_end(&mut out);
        (!out.is_empty()).then_some(out)
    }
}

const METHOD_ADVICE: &str = "this zip archive is compressed in a way Twofold does not read: \
    unpack it with a zip tool and import the export file inside";

fn too_large(format: Format) -> ImportError {
    ImportError::corrupt(
        format,
        format!(
            "a file inside the zip archive unpacks to more than {} MiB, more than any export \
             (a damaged archive, or one made to fill the memory)",
            MAX_ENTRY_LEN >> 20
        ),
    )
}

fn open_error(format: Format, e: ZipError) -> ImportError {
    match e {
        ZipError::Io(ref io) if io.kind() == std::io::ErrorKind::UnexpectedEof => ImportError::Truncated { format },
        _ => ImportError::corrupt(format, "its zip archive cannot be opened (its list of files is missing or damaged)"),
    }
}

/// Reads the end-of-central-directory record: the entry count and directory
/// size it declares are bounded before anything is allocated for them.
fn check_end_record(format: Format, bytes: &[u8]) -> Result<(), ImportError> {
    const END: &[u8] = b"PK\x05\x06";
    const END_LEN: usize = 22;
    let search_from = bytes.len().saturating_sub(END_LEN + usize::from(u16::MAX));
    let Some(at) = bytes[search_from..].windows(4).rposition(|w| w == END).map(|p| p + search_from) else {
        return Err(ImportError::Truncated { format });
    };
    let record = &bytes[at..];
    if record.len() < END_LEN {
        return Err(ImportError::Truncated { format });
    }
    let count = usize::from(u16::from_le_bytes([record[10], record[11]]));
    let directory = u32::from_le_bytes([record[12], record[13], record[14], record[15]]) as usize;
    // 0xFFFF and 0xFFFFFFFF defer to a Zip64 record, bounded by the directory's real size below.
    if count != usize::from(u16::MAX) && count > MAX_ZIP_ENTRIES {
        return Err(ImportError::TooManyEntries { count, max: MAX_ZIP_ENTRIES });
    }
    if directory != u32::MAX as usize && directory > MAX_ZIP_ENTRIES * MAX_RECORD_LEN {
        return Err(ImportError::TooManyEntries { count: directory / 46, max: MAX_ZIP_ENTRIES });
    }
    Ok(())
}

/// A password-protected archive holding a text of otpauth links (Authenticator
/// Plus' `Accounts.txt`, WinAuth's export), waiting for its password.
pub(crate) struct Locked {
    pub(super) format: Format,
    bytes: Vec<u8>,
    index: usize,
}

impl Locked {
    pub(super) fn decrypt(&self, password: &str) -> Result<ImportResult, ImportError> {
        let mut archive = open(self.format, &self.bytes)?;
        let text = archive.read(self.format, self.index, Some(password))?;
        links(self.format, &text)
    }
}

/// The entry at `index` of `zip` (opened from `bytes`), a text of otpauth links (Authenticator
/// Plus' `Accounts.txt`, WinAuth's export): its accounts, or, when it is `encrypted`, the
/// archive waiting for its password.
pub(super) fn read_links(
    format: Format,
    bytes: &[u8],
    mut zip: Archive<'_>,
    index: usize,
    encrypted: bool,
) -> Result<Imported, ImportError> {
    zip.check_method(format, index)?;
    if encrypted {
        return Ok(Imported::NeedsPassword(Locked { format, bytes: bytes.to_vec(), index }.into()));
    }
    let text = zip.read(format, index, None)?;
    links(format, &text).map(Imported::Ready)
}

/// The accounts of a text of links taken out of an archive of `format`.
fn links(format: Format, text: &[u8]) -> Result<ImportResult, ImportError> {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    let text = std::str::from_utf8(text)
        .map_err(|_| ImportError::corrupt(format, "the list of accounts inside is not UTF-8 text"))?;
    if !text.lines().any(|l| super::detect::starts_with_ignore_case(l.trim(), "otpauth")) && !text.trim().is_empty() {
        return Err(ImportError::corrupt(format, "the file inside holds no otpauth:// links"));
    }
    super::uri_list::read(text.as_bytes(), format)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{self, Imported};

    const PLUS: &[u8] = include_bytes!("../../tests/data/import/authenticator_plus.zip");
    const PASS: &[u8] = include_bytes!("../../tests/data/import/proton_pass.zip");
    const WINAUTH: &[u8] = include_bytes!("../../tests/data/import/winauth_plain.zip");

    #[test]
    fn cut_and_damaged_archives_name_their_format() {
        for (bytes, format) in [(PLUS, Format::AuthenticatorPlus), (PASS, Format::ProtonPass)] {
            let cut = &bytes[..bytes.len() * 2 / 3];
            assert_eq!(import::detect(cut), Some(format));
            let err = import::read(cut).unwrap_err();
            assert!(matches!(err, ImportError::Truncated { .. }), "{format}: {err}");
            assert!(err.to_string().contains(format.name()), "{err}");
        }
        // Scribbled over inside the deflated data: damaged, never a partial import.
        let mut damaged = PASS.to_vec();
        let at = damaged.windows(5).position(|w| w == b"data.").unwrap() + 40;
        for b in &mut damaged[at..at + 64] {
            *b ^= 0xA5;
        }
        let err = import::read(&damaged).unwrap_err();
        assert!(matches!(err, ImportError::Corrupt { format: Format::ProtonPass, .. }), "{err}");
        // Only the end record: an empty archive is an unknown zip.
        let empty = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
        assert_eq!(import::detect(empty), None);
        assert!(import::read(empty).unwrap_err().to_string().contains("zip archive"));
    }

    /// A stored (uncompressed) zip of `files`, made by the zip crate's writer.
    pub(crate) fn stored_zip(files: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, data) in files {
            writer.start_file(*name, options).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn zips_of_other_files_are_unknown_zips() {
        let Ok(Imported::Ready(result)) = import::read(WINAUTH) else { panic!("an unencrypted WinAuth zip") };
        assert!(!result.accounts.is_empty() && result.errors.is_empty());
        let notes = stored_zip(&[("notes.txt", b"buy milk\n")]);
        let two = stored_zip(&[("a.txt", b"otpauth://totp/A?secret=JBSWY3DPEHPK3PXP\n"), ("b.txt", b"x")]);
        let links = stored_zip(&[("mine.txt", b"otpauth://totp/A?secret=JBSWY3DPEHPK3PXP\n")]);
        for other in [&notes, &two] {
            assert_eq!(import::detect(other), None);
            assert!(import::read(other).unwrap_err().to_string().contains("a zip archive"));
        }
        assert_eq!(import::detect(&links), Some(Format::WinAuth));
        // Authenticator Plus' entry, unencrypted, is read as it is.
        let plus = stored_zip(&[("backup/Accounts.txt", b"otpauth://totp/A?secret=JBSWY3DPEHPK3PXP\n")]);
        let Ok(Imported::Ready(result)) = import::read(&plus) else { panic!("an unencrypted Authenticator Plus zip") };
        assert_eq!((result.format, result.accounts.len()), (Format::AuthenticatorPlus, 1));
    }

    #[test]
    fn aes_without_its_field_and_other_methods_are_refused() {
        // The stored WinAuth zip with its method rewritten to 99 (AES, APPNOTE 4.4.5, but without the
        // extra field saying how) or 12 (bzip2).
        let links = stored_zip(&[("mine.txt", b"otpauth://totp/A?secret=JBSWY3DPEHPK3PXP\n")]);
        for (method, says) in [(99u16, "damaged"), (12, "compressed in a way")] {
            let mut bytes = links.clone();
            for magic in [&b"PK\x03\x04"[..], b"PK\x01\x02"] {
                let at = bytes.windows(4).position(|w| w == magic).unwrap();
                let flags = if magic[2] == 3 { at + 6 } else { at + 8 };
                bytes[flags] |= 1; // encrypted, as AES entries are
                bytes[flags + 2..flags + 4].copy_from_slice(&method.to_le_bytes());
            }
            assert_eq!(import::detect(&bytes), Some(Format::WinAuth));
            // Refused at once: no password is asked for a file that cannot be read.
            let err = import::read(&bytes).map(|_| ()).unwrap_err();
            assert!(err.to_string().contains(says), "{method}: {err}");
        }
    }

    #[test]
    fn end_record_bounds() {
        let mut fake = b"PK\x03\x04".to_vec();
        fake.extend_from_slice(b"PK\x05\x06\0\0\0\0\xff\xfe\xff\xfe\0\0\0\0\0\0\0\0\0\0");
        assert!(matches!(check_end_record(Format::WinAuth, &fake), Err(ImportError::TooManyEntries { .. })));
        assert!(matches!(check_end_record(Format::WinAuth, b"PK\x03\x04abc"), Err(ImportError::Truncated { .. })));
    }
}
