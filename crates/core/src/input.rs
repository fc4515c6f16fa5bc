//! Reading accounts from what people paste and save: single URIs and text
//! files of URIs, one per line, with an error per bad line.
//!
//! Accepted lines are `otpauth://` URIs and Google Authenticator
//! `otpauth-migration://` exports; blank lines and `#` comments are skipped;
//! CRLF line ends and a UTF-8 byte-order mark are tolerated. The QR codes of
//! a multi-part Google export may come in any order, from any of the inputs;
//! parts still missing at the end are reported.
//!
//! [`Collector::add_file`] takes any file a person offers: an image of QR
//! codes, a text of links, or another authenticator's export (see
//! [`crate::import`]); the CLI's `inspect`/`import` and the app's "Import from
//! another app…" both read files through it.

use std::collections::HashMap;
use std::fmt;

use crate::import::{self, Encrypted, Format, ImportResult, Imported, ImportedAccount, Skipped};
use crate::qr;
use crate::migration::{self, BatchAssembler};
use crate::uri;

/// One input that could not be read, located as precisely as possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file name or URI the problem is in (as the user gave it).
    pub source: String,
    /// 1-based line in that file, when the input is a file.
    pub line: Option<usize>,
    /// What is wrong, in a sentence; never contains a secret.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.source, line, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

/// Everything read: the good accounts and the errors, side by side.
#[derive(Debug, Default)]
pub struct Found {
    /// Single-URI accounts and other apps' exports in input order, then
    /// those of Google exports; with what the other app knew of each.
    pub accounts: Vec<ImportedAccount>,
    /// One per bad line, bad export entry or missing export part.
    pub errors: Vec<InputError>,
    /// How many items other apps' exports hold that are no account, left out
    /// on purpose (Bitwarden items without a code, Ente's trash): the length
    /// of [`skipped_items`](Self::skipped_items).
    pub skipped: usize,
    /// Those items, each with its file and why it was left out.
    pub skipped_items: Vec<SkippedItem>,
}

/// One item of an export left out on purpose, and the file it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedItem {
    /// The file name as the user gave it.
    pub source: String,
    /// The item and why.
    pub item: Skipped,
}

impl fmt::Display for SkippedItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.item)
    }
}

/// What kind of input [`Collector::add_file`] found.
#[derive(Debug)]
pub enum FileKind {
    /// An image; its QR codes were read.
    Image,
    /// Text of links, or an export in this format; its accounts were read.
    /// (A file of Steam Desktop Authenticator's encrypted folder is kept until
    /// [`Collector::take_encrypted`]: its accounts need the folder's passkey.)
    Read(Format),
    /// No format Twofold reads (empty, unknown JSON or XML, other binary):
    /// one error says so for the whole file.
    Unreadable,
    /// An encrypted export: call [`Encrypted::decrypt`] with its password,
    /// then [`Collector::add_import`].
    NeedsPassword(Encrypted),
}

/// Gathers accounts from several inputs; call [`finish`](Self::finish) at the end.
#[derive(Debug, Default)]
pub struct Collector {
    found: Found,
    exports: BatchAssembler,
    /// Where each export (by `batch_id` and `batch_size`) was first seen, to locate "part missing" errors.
    export_sources: HashMap<(i32, usize), String>,
    /// Steam Desktop Authenticator's folder, its files given together (see [`Collector::take_encrypted`]).
    sda: SdaFolder,
}

/// The files of Steam Desktop Authenticator's `maFiles` folder given so far.
#[derive(Debug, Default)]
struct SdaFolder {
    /// Where `manifest.json` came from, and what it says.
    manifest: Option<(String, import::sda::Manifest)>,
    /// Encrypted `.maFile`s: as given, their file name, their content.
    sealed: Vec<(String, String, Vec<u8>)>,
    /// Unencrypted `.maFile`s read.
    plain: usize,
}

impl Collector {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads one URI given on its own (`line` is its place in a file, if any).
    pub fn add_uri(&mut self, source: &str, line: Option<usize>, text: &str) {
        let text = text.trim();
        let error = |message: String| InputError { source: source.to_owned(), line, message };
        if is_migration(text) {
            match migration::decode_uri(text) {
                Ok(mut batch) => {
                    for e in std::mem::take(&mut batch.errors) {
                        let message = format!("account {} ({}): {}", e.index + 1, e.name, e.error);
                        self.found.errors.push(error(message));
                    }
                    self.export_sources.entry((batch.info.batch_id, batch.info.batch_size)).or_insert_with(|| source.to_owned());
                    self.exports.add(batch);
                }
                Err(e) => self.found.errors.push(error(e.to_string())),
            }
        } else {
            // Links come from QR codes and exports, machine-written: their
            // secrets are read as apps read them, with a warning (see
            // `uri::parse_tolerant`); only a secret typed by hand is strict.
            match uri::parse_tolerant(text) {
                Ok((mut account, tolerated)) => {
                    // Stray spaces around names (`issuer=Code%202%20`) are no part of them.
                    account.issuer = account.issuer.map(|i| i.trim().to_owned()).filter(|i| !i.is_empty());
                    account.label = account.label.trim().to_owned();
                    self.found.accounts.push(ImportedAccount::from(account).warned(tolerated.warning()))
                }
                Err(e) => self.found.errors.push(error(e.to_string())),
            }
        }
    }

    /// Reads a text of URIs, one per line (or the links of a web page: see [`link_lines`]).
    pub fn add_text(&mut self, source: &str, text: &str) {
        let page = links_of_page(text);
        let text = page.as_ref().map_or(text, |p| p.as_str());
        for (line, link) in link_lines(text) {
            self.add_uri(source, Some(line), link);
        }
    }

    /// Reads a file: QR codes from an image, links from text, accounts from
    /// another app's export. What is wrong with it becomes an error of
    /// `source`; an encrypted export is handed back for its password.
    pub fn add_file(&mut self, source: &str, bytes: &[u8]) -> FileKind {
        if qr::is_image(bytes) {
            self.add_image(source, bytes);
            return FileKind::Image;
        }
        let error = |message: String| InputError { source: source.to_owned(), line: None, message };
        if import::sda::is_manifest(bytes) {
            match import::sda::manifest(bytes) {
                Ok(manifest) => self.sda.manifest = Some((source.to_owned(), manifest)),
                Err(e) => self.push_error(error(e.to_string())),
            }
            return FileKind::Read(Format::SteamGuard);
        }
        match import::detect(bytes) {
            // One error for the whole file, not one per line as if it were links.
            None => {
                self.push_error(error(import::unreadable(bytes).to_string()));
                FileKind::Unreadable
            }
            // Lines of links: read here, with line numbers. (Ente exports are
            // links too, but carry metadata its importer reads.)
            Some(found @ (Format::OtpauthList | Format::GoogleMigration)) => {
                match std::str::from_utf8(bytes) {
                    Ok(text) => self.add_text(source, text),
                    Err(_) => self.push_error(error("not an image, a text of links or a known export (it is not UTF-8 text)".into())),
                }
                FileKind::Read(found)
            }
            // Base64 text is all a TOTP Authenticator backup is, and all an encrypted SDA
            // .maFile is too: the name tells them apart, and SDA keeps the salt and IV in its
            // manifest, so the file waits for it.
            Some(Format::TotpAuthenticator) if is_sda_file_name(source) => {
                let name = source.rsplit(['/', '\\']).next().unwrap_or(source).to_owned();
                self.sda.sealed.push((source.to_owned(), name, bytes.to_vec()));
                FileKind::Read(Format::SteamGuard)
            }
            Some(format) => {
                self.sda.plain += usize::from(format == Format::SteamGuard);
                match import::read_as(format, bytes) {
                    Ok(Imported::Ready(result)) => self.add_import(source, result),
                    Ok(Imported::NeedsPassword(encrypted)) => return FileKind::NeedsPassword(encrypted),
                    Err(e) => self.push_error(error(e.to_string())),
                }
                FileKind::Read(format)
            }
        }
    }

    /// Adds what an export held: its accounts, with their groups and notes,
    /// and an error per entry that could not be read.
    pub fn add_import(&mut self, source: &str, result: ImportResult) {
        for e in result.errors {
            let message = format!("entry {} ({}): {}", e.index + 1, e.name, e.message);
            self.push_error(InputError { source: source.to_owned(), line: None, message });
        }
        self.found.skipped += result.skipped.len();
        let source = source.to_owned();
        self.found.skipped_items.extend(result.skipped.into_iter().map(|item| SkippedItem { source: source.clone(), item }));
        self.found.accounts.extend(result.accounts);
    }

    /// Reads the QR codes of an image, each payload as a URI of its own.
    /// What is not a 2FA code (a web address, no code at all) is an error of that image.
    pub fn add_image(&mut self, source: &str, bytes: &[u8]) {
        self.add_qr_payloads(source, qr::decode_image_bytes(bytes));
    }

    /// Reads QR payloads (from an image file, a screenshot, the clipboard).
    pub fn add_qr_payloads(&mut self, source: &str, payloads: Result<Vec<String>, qr::QrError>) {
        let error = |message: String| InputError { source: source.to_owned(), line: None, message };
        match payloads {
            Ok(payloads) => {
                for payload in payloads {
                    match qr::classify(&payload).refusal() {
                        None => self.add_uri(source, None, &payload),
                        Some(why) => self.push_error(error(why.to_owned())),
                    }
                }
            }
            Err(e) => self.push_error(error(e.to_string())),
        }
    }

    /// Adds an account read some other way (an export file of another app).
    pub fn push_account(&mut self, account: impl Into<ImportedAccount>) {
        self.found.accounts.push(account.into());
    }

    /// Adds an error found some other way.
    pub fn push_error(&mut self, error: InputError) {
        self.found.errors.push(error);
    }

    /// Steam Desktop Authenticator's encrypted `.maFile`s, once every file is added:
    /// paired with the salts of the `manifest.json` given with them, waiting for SDA's
    /// passkey (call [`Encrypted::decrypt`], then [`add_import`](Self::add_import) with
    /// the source returned, the manifest's). `None` when there are none; what is
    /// missing for them (the manifest, the files it lists) is an error instead.
    pub fn take_encrypted(&mut self) -> Option<(String, Encrypted)> {
        let SdaFolder { manifest, sealed, plain } = std::mem::take(&mut self.sda);
        let error = |source: &str, message: String| InputError { source: source.to_owned(), line: None, message };
        let Some((source, manifest)) = manifest else {
            for (given, _, _) in sealed {
                self.push_error(error(&given, import::ImportError::encrypted_sda_file().to_string()));
            }
            return None;
        };
        if sealed.is_empty() {
            if manifest.encrypted || plain == 0 {
                // The manifest alone: it holds no code.
                let listed = manifest.files().count();
                let message = format!(
                    "this maFiles folder's manifest lists {listed} .maFile file(s) but holds no code: import it \
                     together with them (select every file in the folder){}",
                    if manifest.encrypted { "; Twofold then asks for the passkey" } else { "" }
                );
                self.push_error(error(&source, message));
            }
            return None;
        }
        let given = sealed.into_iter().map(|(_, name, bytes)| (name, bytes)).collect();
        let (locked, unlisted) = manifest.seal(given);
        for name in unlisted {
            let message = "this encrypted .maFile is not in the manifest given with it (is the manifest of another folder?)";
            self.push_error(error(&name, message.into()));
        }
        Some((source, Encrypted::from(locked)))
    }

    /// Nothing was read yet: no account, no error, nothing left out.
    pub fn is_empty(&self) -> bool {
        self.found.accounts.is_empty() && self.found.errors.is_empty() && self.found.skipped_items.is_empty()
    }

    /// The accounts and errors, with a report of each export part not given.
    /// Encrypted SDA files not taken with [`take_encrypted`](Self::take_encrypted) are errors.
    pub fn finish(mut self) -> Found {
        if let Some((source, _)) = self.take_encrypted() {
            let message = "Steam Desktop Authenticator's encrypted files need its passkey: import them on their own".into();
            self.push_error(InputError { source, line: None, message });
        }
        let Collector { mut found, exports, export_sources, sda: _ } = self;
        let assembled = exports.finish();
        found.accounts.extend(assembled.accounts.into_iter().map(ImportedAccount::from));
        for missing in assembled.missing {
            let source = export_sources.get(&(missing.batch_id, missing.batch_size)).cloned().unwrap_or_default();
            let message = format!("this Google Authenticator export is incomplete: {missing}");
            found.errors.push(InputError { source, line: None, message });
        }
        found
    }
}

/// Why a file offered for reading was not read.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The path is a folder.
    #[error("is a folder, not a file")]
    Folder,
    /// Larger than any export or screenshot can be; refused before reading.
    #[error("the file is too large ({len} bytes; at most {max})")]
    TooLarge {
        /// Its size in bytes.
        len: u64,
        /// The largest accepted, [`import::MAX_INPUT_LEN`].
        max: u64,
    },
    /// The system could not read it.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
}

/// Reads a file offered to [`Collector::add_file`] (a path given to the CLI,
/// a file dropped on the window), refusing folders and files larger than an
/// export can be before reading them.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>, FileError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(FileError::Folder);
    }
    let max = import::MAX_INPUT_LEN as u64;
    if meta.len() > max {
        return Err(FileError::TooLarge { len: meta.len(), max });
    }
    Ok(std::fs::read(path)?)
}

/// Reads one text of URIs (see [`Collector::add_text`]).
pub fn read_text(source: &str, text: &str) -> Found {
    let mut c = Collector::new();
    c.add_text(source, text);
    c.finish()
}

/// A name for a URI given on its own, fit for messages: everything before the
/// query (where the secret is), at most 80 characters.
pub fn describe_uri(uri: &str) -> String {
    let head = uri.trim().split(['?', '#']).next().unwrap_or_default();
    let mut name: String = head.chars().take(80).collect();
    if name.len() < head.len() {
        name.push('…');
    }
    name
}

/// The lines of a text of links that hold one, numbered from 1: blank lines and `#`
/// comments are skipped, a byte-order mark and CRLF are fine, and the `QR-Code:` that
/// `zbarimg` prints before each code it reads is taken off.
pub(crate) fn link_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines().enumerate().filter_map(|(i, line)| {
        let line = without_scanner_prefix(line.trim());
        (!line.is_empty() && !line.starts_with('#')).then_some((i + 1, line))
    })
}

/// A line as a QR scanner printed it, without the scanner's own prefix (`zbarimg`'s `QR-Code:`).
pub(crate) fn without_scanner_prefix(line: &str) -> &str {
    const ZBAR: &str = "QR-Code:";
    match line.get(..ZBAR.len()) {
        Some(head) if head.eq_ignore_ascii_case(ZBAR) => line[ZBAR.len()..].trim_start(),
        _ => line,
    }
}

/// The `otpauth://` (and `motp:`) links of an HTML page, each on the line it is on in
/// the page (so messages name that line), when `text` is one: Authenticator Pro /
/// Stratum's HTML backup lists each account's link in a table cell. `None` for any
/// other text. A link written twice (a cell and an `href`) is kept once.
pub(crate) fn links_of_page(text: &str) -> Option<zeroize::Zeroizing<String>> {
    if !is_html(text) {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let mut links: Vec<(usize, zeroize::Zeroizing<String>)> = Vec::new();
    let (mut at, mut line, mut counted) = (0, 1, 0);
    while let Some(found) = ["otpauth://", "motp:"].iter().filter_map(|scheme| lower[at..].find(scheme)).min() {
        let begin = at + found;
        line += text.as_bytes()[counted..begin].iter().filter(|b| **b == b'\n').count();
        counted = begin;
        let end = text[begin..].find(['<', '>', '"', '\'', ' ', '\t', '\r', '\n']).map_or(text.len(), |n| begin + n);
        // In HTML an `&` may be written `&amp;`; Stratum writes it bare.
        links.push((line, zeroize::Zeroizing::new(text[begin..end].replace("&amp;", "&"))));
        at = end;
    }
    // The first of equal links is kept (sorted, so a page of many links stays quick).
    let mut order: Vec<usize> = (0..links.len()).collect();
    order.sort_by(|a, b| links[*a].1.cmp(&links[*b].1).then(a.cmp(b)));
    let mut keep = vec![true; links.len()];
    for pair in order.windows(2) {
        if links[pair[0]].1 == links[pair[1]].1 {
            keep[pair[1]] = false;
        }
    }
    let mut out = zeroize::Zeroizing::new(String::new());
    let mut out_line = 1;
    for ((line, link), _) in links.iter().zip(&keep).filter(|(_, keep)| **keep) {
        // Two links on one line of the page: the second goes on the next.
        while out_line < *line {
            out.push('\n');
            out_line += 1;
        }
        out.push_str(link);
        out.push('\n');
        out_line += 1;
    }
    Some(out)
}

/// Text that starts as an HTML page does.
pub(crate) fn is_html(text: &str) -> bool {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    ["<!doctype html", "<html"].iter().any(|tag| start.get(..tag.len()).is_some_and(|h| h.eq_ignore_ascii_case(tag)))
}

fn is_migration(text: &str) -> bool {
    text.get(..migration::SCHEME.len() + 1)
        .is_some_and(|s| s.eq_ignore_ascii_case(&format!("{}:", migration::SCHEME)))
}

/// A Steam Desktop Authenticator file name (`<steamid>.maFile`), in any case.
fn is_sda_file_name(source: &str) -> bool {
    source.rsplit(['/', '\\']).next().is_some_and(|name| name.to_ascii_lowercase().ends_with(".mafile"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_comments_bom_and_crlf() {
        let text = "\u{feff}# accounts\r\n\r\notpauth://totp/A:a%20?secret=JBSWY3DPEHPK3PXP&issuer=A%20\r\n  \r\nnot a uri\r\n";
        let found = read_text("f.txt", text);
        assert_eq!(found.accounts.len(), 1);
        assert_eq!(found.accounts[0].account.issuer.as_deref(), Some("A"));
        assert_eq!(found.accounts[0].account.label, "a");
        assert_eq!(found.errors.len(), 1);
        assert_eq!(found.errors[0].line, Some(5));
        assert!(found.errors[0].to_string().starts_with("f.txt:5: "), "{}", found.errors[0]);
    }

    #[test]
    fn scanner_output_html_pages_and_comments_only() {
        // zbarimg prints "QR-Code:" before each code it reads.
        let mut c = Collector::new();
        let zbar = "QR-Code:otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\nqr-code: otpauth://totp/B:b?secret=JBSWY3DPEHPK3PXP\n";
        assert!(matches!(c.add_file("zbar.txt", zbar.as_bytes()), FileKind::Read(Format::OtpauthList)));
        // Stratum's HTML backup: each link in a table cell, `&` bare or written `&amp;`; a link
        // given twice (a cell and an href) once; a mOTP link too.
        let page = "<!doctype html>\n<html><body><table>\n\
            <tr><td>Long</td><td><code>otpauth://totp/Long%3APeriod?secret=JBSWY3DPEHPK3PXP&issuer=Long&period=60</code></td></tr>\n\
            <tr><td><a href=\"otpauth://hotp/H:h?secret=JBSWY3DPEHPK3PXP&amp;counter=10\">otpauth://hotp/H:h?secret=JBSWY3DPEHPK3PXP&counter=10</a></td></tr>\n\
            <tr><td><code>motp:/M%3Am?secret=0123456789abcdef&pin=GEZDGNA</code></td></tr>\n\
            </table></body></html>\n";
        assert_eq!(import::detect(page.as_bytes()), Some(Format::OtpauthList));
        assert!(matches!(c.add_file("backup.html", page.as_bytes()), FileKind::Read(Format::OtpauthList)));
        // Only comments left: nothing to add, and nothing wrong.
        assert!(matches!(c.add_file("empty-list.txt", b"# my codes\n\n# (none yet)\n"), FileKind::Read(Format::OtpauthList)));
        let found = c.finish();
        assert!(found.errors.is_empty(), "{:?}", found.errors);
        // A bad link in a page is named by the page's own line.
        let mut c2 = Collector::new();
        c2.add_file("backup.html", b"<html>\n<body>\n\n<code>otpauth://totp/X:x?secret=1</code>\n</body></html>\n");
        assert_eq!(c2.finish().errors.iter().map(|e| e.line).collect::<Vec<_>>(), [Some(4)]);
        let names: Vec<_> = found.accounts.iter().map(|a| (a.account.issuer.as_deref(), a.account.otp.counter())).collect();
        assert_eq!(names, [(Some("A"), None), (Some("B"), None), (Some("Long"), None), (Some("H"), Some(10)), (Some("M"), None)]);
        // A page with no link is no list of links.
        assert_eq!(import::detect(b"<!DOCTYPE html><html><body>hello</body></html>"), None);
    }

    #[test]
    fn steam_desktop_authenticator_files_are_named_with_what_to_do() {
        // An encrypted SDA .maFile is base64 text, as a TOTP Authenticator backup is: its name
        // says which. Alone, it needs the manifest that holds its salt.
        let sealed = data_encoding::BASE64.encode(&[0x5a; 96]);
        assert_eq!(import::detect(sealed.as_bytes()), Some(Format::TotpAuthenticator));
        let mut c = Collector::new();
        assert!(matches!(c.add_file("maFiles/76561198000000000.maFile", sealed.as_bytes()), FileKind::Read(Format::SteamGuard)));
        assert!(c.take_encrypted().is_none());
        let found = c.finish();
        assert_eq!(found.errors.len(), 1);
        let message = found.errors[0].to_string();
        assert!(message.starts_with("maFiles/76561198000000000.maFile: "), "{message}");
        assert!(message.contains("an encrypted .maFile (Steam Desktop Authenticator") && message.contains("manifest.json"), "{message}");
        let mut c = Collector::new();
        assert!(matches!(c.add_file("backup.encrypt", sealed.as_bytes()), FileKind::NeedsPassword(_)));
        // SDA's manifest.json (as SDA writes it, compact) lists the files and holds no code.
        let manifest = br#"{"encrypted":true,"first_run":false,"entries":[{"encryption_iv":"AAAAAAAAAAAAAAAAAAAAAA==","encryption_salt":"AAAAAAAAAAA=","filename":"76561198000000000.maFile","steamid":76561198000000000}],"periodic_checking":false,"periodic_checking_interval":5}"#;
        let mut c = Collector::new();
        assert!(matches!(c.add_file("manifest.json", manifest), FileKind::Read(Format::SteamGuard)));
        let message = c.finish().errors[0].to_string();
        assert!(message.contains("manifest lists 1 .maFile file(s) but holds no code") && message.contains("passkey"), "{message}");
        // steamguard-cli's own manifest, unencrypted: known as a manifest too, not an unknown JSON file.
        let v1 = br#"{"version":1,"entries":[{"filename":"1234.maFile","steam_id":1234,"account_name":"example","encryption":null}]}"#;
        let mut c = Collector::new();
        assert!(matches!(c.add_file("manifest.json", v1), FileKind::Read(Format::SteamGuard)));
        let message = c.finish().errors[0].to_string();
        assert!(message.contains("manifest lists 1 .maFile file(s)") && !message.contains("passkey"), "{message}");
        // Together, they wait for the passkey, named by the manifest; a stray file is named.
        let mut c = Collector::new();
        c.add_file("maFiles/manifest.json", manifest);
        c.add_file("maFiles/76561198000000000.maFile", sealed.as_bytes());
        c.add_file("other/76561198000000999.maFile", sealed.as_bytes());
        let (source, encrypted) = c.take_encrypted().expect("the folder waits for its passkey");
        assert_eq!((source.as_str(), encrypted.format()), ("maFiles/manifest.json", Format::SteamGuard));
        assert!(matches!(encrypted.decrypt("wrong"), Err(import::ImportError::WrongPassword)));
        let found = c.finish();
        assert_eq!(found.errors.len(), 1, "{:?}", found.errors);
        assert!(found.errors[0].to_string().starts_with("76561198000000999.maFile: this encrypted .maFile is not in the manifest"));
    }

    #[test]
    fn empty_text_has_nothing_and_no_error() {
        let found = read_text("empty", "\n# nothing\n");
        assert!(found.accounts.is_empty() && found.errors.is_empty());
    }

    #[test]
    fn uri_names_leave_the_secret_out() {
        assert_eq!(describe_uri(" otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP "), "otpauth://totp/A:b");
        assert_eq!(describe_uri("otpauth-migration://offline?data=CjcKFGPV"), "otpauth-migration://offline");
        assert_eq!(describe_uri(&format!("otpauth://totp/{}", "x".repeat(200))).chars().count(), 81);
    }

    #[test]
    fn migration_prefix_is_case_insensitive() {
        assert!(is_migration("OTPAUTH-MIGRATION://offline?data=x"));
        assert!(!is_migration("otpauth://totp/x"));
        assert!(!is_migration("otp"));
        assert!(!is_migration("ötpauth-migration://"));
    }
}
