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
//! Ente's encrypted export (`auth/lib/models/export/ente.dart`,
//! `ui/settings/data/export_widget.dart` and `import/encrypted_ente_import.dart`;
//! `docs/auth/…/export.md` in the same repository; read the same way by Proton
//! Authenticator's Ente importer) wraps the same plain text:
//!
//! ```text
//! { "version": 1,
//!   "kdfParams": { "memLimit": bytes, "opsLimit": passes, "salt": base64 (16 bytes) },
//!   "encryptedData": base64, "encryptionNonce": base64 (the 24-byte secretstream header) }
//! key = crypto_pwhash Argon2id(password, salt, opsLimit passes, memLimit / 1024 KiB, 1 lane)
//! plain text = crypto_secretstream_xchacha20poly1305 pull of the one message in encryptedData
//! ```
//!
//! The Argon2 cost is the file's, bounded before any work
//! ([`ImportError::KdfTooExpensive`]). The Poly1305 tag tells a wrong password
//! (or a damaged file; the two look the same) from the right one.
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
use super::{crypto, entry, uri_list, Encrypted, EntryError, Format, ImportError, ImportResult, Imported, ImportedAccount, SkipReason, Skipped};
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

/// An encrypted export waiting for its password.
pub(super) struct Locked {
    salt: Vec<u8>,
    memory_kib: u32,
    passes: u32,
    header: [u8; crypto::SECRETSTREAM_HEADER_LEN],
    sealed: Vec<u8>,
}

/// libsodium's `crypto_pwhash_SALTBYTES`.
const SALT_LEN: usize = 16;

pub(super) fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    let text = uri_list::text(bytes, FORMAT)?;
    if text.trim_start().starts_with('{') {
        return read_json(bytes);
    }
    read_text(text).map(Imported::Ready)
}

impl Locked {
    pub(super) fn decrypt(&self, password: &str) -> Result<ImportResult, ImportError> {
        let key = crypto::argon2id(password.as_bytes(), &self.salt, self.passes, self.memory_kib, 1)
            .ok_or_else(|| ImportError::corrupt(FORMAT, "its key cannot be derived"))?;
        let (plain, _tag) =
            crypto::secretstream_open_one(&key, &self.header, &self.sealed).ok_or(ImportError::WrongPassword)?;
        let text = std::str::from_utf8(&plain)
            .map_err(|_| ImportError::corrupt(FORMAT, "what its encryption holds is not text"))?;
        // The plain text export, as Ente itself reads it after decrypting; never another encrypted one.
        if text.trim_start().starts_with('{') {
            return match read_json(text.as_bytes())? {
                Imported::Ready(result) => Ok(result),
                Imported::NeedsPassword(_) => Err(ImportError::corrupt(FORMAT, "it holds another encrypted export")),
            };
        }
        read_text(text)
    }
}

/// The encrypted export's fields, checked (and its Argon2 cost bounded) before any work.
fn locked(root: &Map<String, Value>) -> Result<Locked, ImportError> {
    match json::int_field(root, "version") {
        Ok(None | Some(1)) => {}
        Ok(Some(v)) => {
            return Err(ImportError::UnsupportedVersion { format: FORMAT, found: v.to_string(), supported: "1" })
        }
        Err(_) => return Err(ImportError::corrupt(FORMAT, "its version is not a number")),
    }
    let damaged = |detail: &str| ImportError::corrupt(FORMAT, detail);
    let params = root.get("kdfParams").and_then(Value::as_object).ok_or_else(|| damaged("its kdfParams are missing"))?;
    let number = |key: &str| match json::int_field(params, key) {
        Ok(Some(n)) if n >= 0 => Ok(u64::try_from(n).unwrap_or(u64::MAX)),
        _ => Err(damaged("its key derivation parameters are not numbers")),
    };
    let (mem_limit, ops_limit) = (number("memLimit")?, number("opsLimit")?);
    let (memory_kib, passes, _) = crypto::argon2_params(FORMAT, mem_limit / 1024, ops_limit, 1)?;
    let field = |key: &str| str_field(root, key).and_then(crypto::base64);
    let salt = str_field(params, "salt").and_then(crypto::base64).ok_or_else(|| damaged("its salt is not base64"))?;
    if salt.len() != SALT_LEN {
        return Err(damaged("its salt is not 16 bytes long"));
    }
    let header = field("encryptionNonce").ok_or_else(|| damaged("its encryptionNonce is missing or not base64"))?;
    let header = header.as_slice().try_into().map_err(|_| damaged("its encryptionNonce is not 24 bytes long"))?;
    let sealed = field("encryptedData").ok_or_else(|| damaged("its encryptedData is missing or not base64"))?;
    if sealed.len() < crypto::SECRETSTREAM_ABYTES {
        return Err(ImportError::Truncated { format: FORMAT });
    }
    Ok(Locked { salt: salt.to_vec(), memory_kib, passes, header, sealed: sealed.to_vec() })
}

fn read_text(text: &str) -> Result<ImportResult, ImportError> {
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

/// The `{"items": [{"rawData", "display"}]}` form, and the encrypted export.
fn read_json(bytes: &[u8]) -> Result<Imported, ImportError> {
    let json = json::parse(FORMAT, bytes)?;
    let root = json::root_object(FORMAT, &json)?;
    if root.contains_key("kdfParams") || root.contains_key("encryptedData") {
        return Ok(Imported::NeedsPassword(Encrypted::from(locked(root)?)));
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
    Ok(Imported::Ready(result))
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
    let (bare, no_counter) = counter_or_zero(bare);
    match entry::link(&bare) {
        Ok((account, warning)) => result.accounts.push(ImportedAccount {
            groups: display.tags,
            note: display.note,
            favourite: display.pinned,
            ..ImportedAccount::new(account)
                .warned(warning)
                .warned(no_counter.then(|| "the export gives no counter; Ente counts from 0, and so does Twofold".to_owned()))
        }),
        Err(e) => result.errors.push(EntryError { index, name, message: e.to_string() }),
    }
}

/// An HOTP link with no `counter` (older Ente versions wrote none) with `counter=0`, as Ente
/// reads it (`Code._getCounter`); `true` when it was added.
fn counter_or_zero(link: Zeroizing<String>) -> (Zeroizing<String>, bool) {
    let (head, query) = link.split_once('?').unwrap_or((link.as_str(), ""));
    let query = query.split('#').next().unwrap_or_default();
    let hotp = head.get(..14).is_some_and(|h| h.eq_ignore_ascii_case("otpauth://hotp"));
    if !hotp || query.split('&').any(|p| p.get(..8).is_some_and(|k| k.eq_ignore_ascii_case("counter="))) {
        return (link, false);
    }
    let mut with = Zeroizing::new(String::with_capacity(link.len() + 10));
    let (before, fragment) = link.split_once('#').map_or((link.as_str(), None), |(b, f)| (b, Some(f)));
    with.push_str(before);
    with.push_str(if before.contains('?') { "&counter=0" } else { "?counter=0" });
    if let Some(fragment) = fragment {
        with.push('#');
        with.push_str(fragment);
    }
    (with, true)
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
    fn an_hotp_link_without_a_counter_counts_from_zero_as_in_ente() {
        // As an older Ente wrote it (Proton's test export holds one): no counter parameter.
        let text = "otpauth://hotp/hotpitem:account1?algorithm=SHA1&digits=6&issuer=hotpitem&period=30&secret=JBSWY3DPEHPK3PXP&codeDisplay=%7B%22note%22%3A%22n%22%7D\n\
                    otpauth://hotp/B:b?secret=JBSWY3DPEHPK3PXP&counter=7&issuer=B\n";
        let Imported::Ready(result) = read(text.as_bytes()).unwrap() else { panic!("not encrypted") };
        assert!(result.errors.is_empty(), "{:?}", result.errors);
        let [first, second] = &result.accounts[..] else { panic!("two accounts") };
        assert_eq!(first.account.otp.counter(), Some(0));
        assert_eq!(first.note.as_deref(), Some("n"));
        assert!(first.warnings.iter().any(|w| w.contains("no counter")), "{:?}", first.warnings);
        assert_eq!(second.account.otp.counter(), Some(7));
        assert!(second.warnings.is_empty(), "{:?}", second.warnings);
        let (kept, added) = counter_or_zero(Zeroizing::new("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP".into()));
        assert_eq!((kept.as_str(), added), ("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP", false));
    }

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
        let result = read_text(text).unwrap();
        let issuers: Vec<_> = result.accounts.iter().map(|a| a.account.issuer.clone().unwrap_or_default()).collect();
        assert_eq!(issuers, ["A", "B", "C", "E"]);
        let skipped: Vec<_> = result.skipped.iter().map(|s| (s.index, s.name.as_str(), s.reason)).collect();
        assert_eq!(skipped, [(2, "D: d", SkipReason::Trashed)]);
        assert_eq!(result.errors.iter().map(|e| e.index).collect::<Vec<_>>(), [4, 5]);
    }

    #[test]
    fn encrypted_export_fields_are_checked_before_any_work() {
        let export = |mem: &str, ops: &str, salt: &str, nonce: &str, data: &str| {
            format!(r#"{{"version":1,"kdfParams":{{"memLimit":{mem},"opsLimit":{ops},"salt":"{salt}"}},"encryptedData":"{data}","encryptionNonce":"{nonce}"}}"#)
        };
        let salt = "AAAAAAAAAAAAAAAAAAAAAA==";
        let nonce = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        let data = "AAAAAAAAAAAAAAAAAAAAAAAA";
        let code = |text: String| match read(text.as_bytes()) {
            Ok(Imported::NeedsPassword(_)) => "locked",
            Ok(Imported::Ready(_)) => "ready",
            Err(e) => e.code(),
        };
        assert_eq!(code(export("67108864", "2", salt, nonce, data)), "locked");
        // 2 GiB, 1 GiB with 5 passes, 100 passes, a negative limit: refused before deriving.
        assert_eq!(code(export("2147483648", "2", salt, nonce, data)), "kdf_too_expensive");
        assert_eq!(code(export("1073741824", "5", salt, nonce, data)), "kdf_too_expensive");
        assert_eq!(code(export("67108864", "100", salt, nonce, data)), "kdf_too_expensive");
        assert_eq!(code(export("-1", "2", salt, nonce, data)), "corrupt");
        assert_eq!(code(export("67108864", "0", salt, nonce, data)), "corrupt");
        assert_eq!(code(export("67108864", "2", "AAAA", nonce, data)), "corrupt");
        assert_eq!(code(export("67108864", "2", salt, "AAAA", data)), "corrupt");
        assert_eq!(code(export("67108864", "2", salt, nonce, "AAAA")), "truncated");
        assert_eq!(code(export("67108864", "2", salt, nonce, "*")), "corrupt");
    }
}
