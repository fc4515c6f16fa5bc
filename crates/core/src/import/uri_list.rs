//! Plain lists of `otpauth://` links (and `motp:` ones), one per line.
//!
//! The rules are [`crate::input`]'s: blank lines and `#` comments are
//! skipped, CRLF line ends and a byte-order mark are fine, each line is read
//! by [`crate::uri::parse`] (see there for how issuers, `+`, padding and Steam
//! are read). `otpauth-migration://` lines (Google exports) may be mixed in;
//! their QR codes are gathered across lines and a missing one is reported.
//!
//! # What the format loses or Twofold cannot express
//! A link carries the code completely (kind, hash, digits, period, counter,
//! Steam; the PIN of mOTP and Yandex links as Twofold and Aegis write them,
//! see [`crate::uri`]) but nothing else: no groups, notes, favourites or icons. How an
//! issuer that differs between the label and the `issuer` parameter reads is
//! [`crate::uri`]'s rule: the parameter wins.

use super::{EntryError, Format, ImportError, ImportResult};
use crate::input::{self, Collector};

/// Reads a text of links as `format` (a plain list, or a Google export given as links).
pub(super) fn read(bytes: &[u8], format: Format) -> Result<ImportResult, ImportError> {
    let mut collector = Collector::new();
    add_text(&mut collector, text(bytes, format)?, None);
    Ok(finish(collector, format))
}

/// The bytes as UTF-8 text, without a byte-order mark.
pub(super) fn text(bytes: &[u8], format: Format) -> Result<&str, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|_| ImportError::corrupt(format, "it is not UTF-8 text"))
}

/// Adds every link of `text` (the lines [`input::link_lines`] keeps, or the links of a
/// web page); `origin` names the input when there are several.
pub(super) fn add_text(collector: &mut Collector, text: &str, origin: Option<usize>) {
    let page = input::links_of_page(text);
    for (line, link) in input::link_lines(page.as_ref().map_or(text, |p| p.as_str())) {
        collector.add_uri(&name(link, origin), Some(line), link);
    }
}

/// The start of a link (never its secret), with the input's number when there are several.
pub(super) fn name(link: &str, origin: Option<usize>) -> String {
    match origin {
        Some(n) => format!("input {}: {}", n + 1, input::describe_uri(link)),
        None => input::describe_uri(link),
    }
}

/// The accounts and errors the collector gathered, as an import result.
pub(super) fn finish(collector: Collector, format: Format) -> ImportResult {
    let found = collector.finish();
    let mut result = ImportResult::new(format);
    result.accounts = found.accounts;
    result.errors = found
        .errors
        .into_iter()
        .map(|e| EntryError { index: e.line.map_or(0, |l| l.saturating_sub(1)), name: e.source, message: e.message })
        .collect();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_bad_and_comment_lines() {
        let text = b"# mine\r\notpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\r\n\r\notpauth://totp/B:b?secret=JBSW1Y3D\r\nhello\r\n";
        let result = read(text, Format::OtpauthList).unwrap();
        assert_eq!(result.accounts.len(), 1);
        let errors: Vec<_> = result.errors.iter().map(|e| (e.index, e.name.as_str())).collect();
        assert_eq!(errors, [(3, "otpauth://totp/B:b"), (4, "hello")]);
        assert!(matches!(read(b"\xff\xfe", Format::OtpauthList), Err(ImportError::Corrupt { .. })));
    }
}
