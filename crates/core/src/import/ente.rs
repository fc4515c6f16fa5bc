//! Ente Auth's plain-text export.
//!
//! Layout confirmed from Ente's code (`ente-io/ente`, `auth/lib`):
//! `ui/settings/data/export_widget.dart` (the export is each code's stored
//! link on its own line), `models/code.dart` (`toOTPAuthUrlFormat`: the link
//! plus a `codeDisplay` query parameter), `models/code_display.dart` (its
//! JSON: `pinned`, `trashed`, `tags`, `note`, …) and
//! `ui/settings/data/import/plain_text_import.dart` (the reader, which also
//! accepts links joined by commas, and a JSON `{"items": [{"rawData", "display"}]}`).
//! Aegis' `EnteAuthImporter.java` reads the same file as a list of links.
//!
//! ```text
//! otpauth://totp/Issuer:account?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30
//!     &codeDisplay=%7B%22pinned%22%3Atrue%2C%22trashed%22%3Afalse%2C%22tags%22%3A%5B…%5D%2C%22note%22%3A…%7D
//! ```
//!
//! Each link is read by [`crate::uri::parse_tolerant`], with `codeDisplay` taken off
//! first: its tags become groups, `note` the note and `pinned` the favourite
//! mark. Codes in Ente's trash (`trashed`) are left out and listed in
//! [`ImportResult::skipped`] as trashed. A `codeDisplay` that is not valid JSON is
//! ignored, as Ente itself ignores it. Lines written as JSON strings
//! (`"otpauth://…"`, as Ente's automatic backups hold them) are unquoted.
//!
//! Ente's encrypted export (Argon2id and XChaCha20-Poly1305 secretstream)
//! is refused with advice to export as plain text.
//!
//! # What the format loses or Twofold cannot express
//! Nothing of the code (Ente has TOTP, HOTP and Steam links). Lost: Ente's
//! icon choice (`iconSrc`/`iconID`, references into its icon pack), the
//! manual order and usage counts.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::detect::starts_with_ignore_case;
use super::json::{self, bool_field, str_field};
use super::{entry, uri_list, EntryError, Format, ImportError, ImportResult, ImportedAccount, SkipReason, Skipped};
use crate::input;


const FORMAT: Format = Format::Ente;
const PARAM: &str = "codeDisplay";

/// What `codeDisplay` says about a code.
#[derive(Default)]
struct Display {
    pinned: bool,
    trashed: bool,
    tags: Vec<String>,
    note: Option<String>,
}

impl Display {
    fn from_object(object: &Map<String, Value>) -> Self {
        Display {
            pinned: bool_field(object, "pinned"),
            trashed: bool_field(object, "trashed"),
            tags: json::string_list(object, "tags"),
            note: entry::non_blank(str_field(object, "note")),
        }
    }
}

pub(super) fn read(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let text = uri_list::text(bytes, FORMAT)?;
    if text.trim_start().starts_with('{') {
        return read_json(bytes);
    }
    let mut result = ImportResult::new(FORMAT);
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line: Cow<'_, str> = if line.starts_with('"') {
            match serde_json::from_str::<String>(line) {
                Ok(unquoted) => Cow::Owned(unquoted),
                Err(_) => {
                    let message = "the line starts with a quote but is not a complete quoted link".to_owned();
                    result.errors.push(EntryError { index, name: input::describe_uri(line), message });
                    continue;
                }
            }
        } else {
            Cow::Borrowed(line)
        };
        let line = Zeroizing::new(line.into_owned());
        for link in split_links(&line) {
            read_link(&mut result, index, link, None);
        }
    }
    Ok(result)
}

/// Older exports joined links with commas; a comma inside a link is `%2C`.
fn split_links(line: &str) -> impl Iterator<Item = &str> {
    let mut starts: Vec<usize> = line.match_indices(",otpauth").map(|(i, _)| i).collect();
    starts.push(line.len());
    let mut from = 0;
    starts.into_iter().map(move |end| {
        let link = &line[from..end];
        from = (end + 1).min(line.len());
        link
    })
}

/// The `{"items": [{"rawData", "display"}]}` form, and the encrypted export's refusal.
fn read_json(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let json = json::parse(FORMAT, bytes)?;
    let root = json::root_object(FORMAT, &json)?;
    if root.contains_key("kdfParams") || root.contains_key("encryptedData") {
        return Err(ImportError::Unsupported {
            format: FORMAT,
            what: "Ente Auth's encrypted export cannot be read yet: in Ente Auth, export as plain text instead",
        });
    }
    let items = json::entries(FORMAT, root.get("items").unwrap_or(&Value::Null), "codes")?;
    let mut result = ImportResult::new(FORMAT);
    for (index, item) in items.iter().enumerate() {
        let object = item.as_object();
        let Some(link) = object.and_then(|o| str_field(o, "rawData")) else {
            result.errors.push(EntryError { index, name: "a code".into(), message: "it has no link (rawData)".into() });
            continue;
        };
        let display = object.and_then(|o| o.get("display")).and_then(Value::as_object).map(Display::from_object);
        read_link(&mut result, index, link, display);
    }
    Ok(result)
}

fn read_link(result: &mut ImportResult, index: usize, link: &str, display: Option<Display>) {
    let link = link.trim();
    let name = input::describe_uri(link);
    if !starts_with_ignore_case(link, "otpauth:") {
        let message = "this is not an otpauth:// link".to_owned();
        result.errors.push(EntryError { index, name, message });
        return;
    }
    let (bare, embedded) = take_code_display(link);
    let display = display.or(embedded).unwrap_or_default();
    if display.trashed {
        // Named as Ente shows it, when the link can say.
        let name = match crate::uri::parse_tolerant(&bare) {
            Ok((account, _)) => entry::display_name(account.issuer.as_deref(), &account.label),
            Err(_) => name,
        };
        result.skipped.push(Skipped { index, name, reason: SkipReason::Trashed });
        return;
    }
    match entry::link(&bare) {
        Ok((account, warning)) => result.accounts.push(ImportedAccount {
            groups: display.tags,
            note: display.note,
            favourite: display.pinned,
            ..ImportedAccount::new(account).warned(warning)
        }),
        Err(e) => result.errors.push(EntryError { index, name, message: e.to_string() }),
    }
}

/// The link without its `codeDisplay` parameter, and what that parameter says.
fn take_code_display(link: &str) -> (Zeroizing<String>, Option<Display>) {
    let Some((head, query)) = link.split_once('?') else {
        return (Zeroizing::new(link.to_owned()), None);
    };
    let (query, fragment) = match query.split_once('#') {
        Some((q, f)) => (q, Some(f)),
        None => (query, None),
    };
    let mut display = None;
    let mut kept = Zeroizing::new(String::with_capacity(link.len()));
    kept.push_str(head);
    let mut first = true;
    for pair in query.split('&') {
        if let Some(value) = pair.strip_prefix(PARAM).and_then(|rest| rest.strip_prefix('=')) {
            display = display.or_else(|| parse_display(value));
            continue;
        }
        kept.push(if first { '?' } else { '&' });
        kept.push_str(pair);
        first = false;
    }
    if let Some(fragment) = fragment {
        kept.push('#');
        kept.push_str(fragment);
    }
    (kept, display)
}

/// Form-decodes and parses `codeDisplay`; `None` when it is not JSON (Ente ignores it then).
fn parse_display(value: &str) -> Option<Display> {
    let spaced = value.replace('+', " ");
    let decoded = percent_decode_str(&spaced).decode_utf8().ok()?;
    let json = json::parse(FORMAT, decoded.as_bytes()).ok()?;
    json.value().as_object().map(Display::from_object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_display_is_read_and_removed() {
        let link = "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP&codeDisplay=%7B%22pinned%22%3Atrue%2C%22tags%22%3A%5B%22x+y%22%5D%7D&issuer=A";
        let (bare, display) = take_code_display(link);
        assert_eq!(bare.as_str(), "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP&issuer=A");
        let display = display.unwrap();
        assert!(display.pinned && !display.trashed);
        assert_eq!(display.tags, ["x y"]);
    }

    #[test]
    fn quoted_comma_joined_trashed_and_bad_lines() {
        let text = concat!(
            "\"otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\"\n",
            "otpauth://totp/B:b?secret=JBSWY3DPEHPK3PXP,otpauth://totp/C:c?secret=JBSWY3DPEHPK3PXP\n",
            "otpauth://totp/D:d?secret=JBSWY3DPEHPK3PXP&codeDisplay=%7B%22trashed%22%3Atrue%7D\n",
            "otpauth://totp/E:e?secret=JBSWY3DPEHPK3PXP&codeDisplay=not-json\n",
            "https://example.com\n",
            "\"otpauth://unterminated\n",
        );
        let result = read(text.as_bytes()).unwrap();
        let issuers: Vec<_> = result.accounts.iter().map(|a| a.account.issuer.clone().unwrap_or_default()).collect();
        assert_eq!(issuers, ["A", "B", "C", "E"]);
        let skipped: Vec<_> = result.skipped.iter().map(|s| (s.index, s.name.as_str(), s.reason)).collect();
        assert_eq!(skipped, [(2, "D: d", SkipReason::Trashed)]);
        assert_eq!(result.errors.iter().map(|e| e.index).collect::<Vec<_>>(), [4, 5]);
    }

    #[test]
    fn encrypted_export_is_refused() {
        let text = br#"{"version":1,"kdfParams":{"memLimit":4096,"opsLimit":3,"salt":"x"},"encryptedData":"y","encryptionNonce":"z"}"#;
        assert!(matches!(read(text), Err(ImportError::Unsupported { .. })));
    }
}
