//! Export URI -> payload bytes -> accounts and per-entry errors.

use data_encoding::BASE64_NOPAD;
use percent_encoding::percent_decode_str;
use prost::Message;
use zeroize::Zeroizing;

use super::proto::{self, OtpParameters};
use super::{BatchInfo, EntryError, MigrationBatch, MigrationError};
use crate::account::display_name;
use super::{HOST, MAX_BATCHES, MAX_DATA_LEN, MAX_ENTRIES, MAX_PAYLOAD_LEN, PERIOD, SCHEME};
use crate::account::Account;
use crate::otp::{Algorithm, Otp};
use crate::secret::Secret;

/// Room for the scheme, host and other parameters around `data`, and for
/// the whitespace of a URI pasted across lines.
const URI_OVERHEAD: usize = 4 * 1024;

pub(super) fn decode_uri(uri: &str) -> Result<MigrationBatch, MigrationError> {
    // Bounded before the copy below, so a huge paste costs nothing.
    let max = MAX_DATA_LEN + URI_OVERHEAD;
    if uri.len() > max {
        return Err(MigrationError::TooLarge { len: uri.len(), max });
    }
    let compact = without_whitespace(uri);
    let query = migration_query(&compact)?;
    let data = data_parameter(query)?;
    let bytes = base64_data(data)?;
    decode_payload(&bytes)
}

/// URIs never contain whitespace; any found was added by wrapping or pasting.
fn without_whitespace(text: &str) -> Zeroizing<String> {
    // Sized up front so no reallocation leaves a copy of the data behind.
    let mut compact = Zeroizing::new(String::with_capacity(text.len()));
    compact.extend(text.chars().filter(|c| !c.is_whitespace()));
    compact
}

/// The query of an `otpauth-migration://offline[/]?...` URI.
fn migration_query(uri: &str) -> Result<&str, MigrationError> {
    let (scheme, rest) = uri.split_once(':').ok_or(MigrationError::NotMigrationUri)?;
    let rest = rest.strip_prefix("//").filter(|_| scheme.eq_ignore_ascii_case(SCHEME));
    let rest = rest.ok_or(MigrationError::NotMigrationUri)?;
    let (host, query) = rest.split_once('?').unwrap_or((rest, ""));
    let host = host.strip_suffix('/').unwrap_or(host);
    if !host.eq_ignore_ascii_case(HOST) {
        return Err(MigrationError::NotMigrationUri);
    }
    // Base64 has no '#', so a fragment can only be an addition.
    Ok(query.split_once('#').map_or(query, |(query, _)| query))
}

/// The one non-empty `data` value, still percent-encoded.
fn data_parameter(query: &str) -> Result<&str, MigrationError> {
    let mut values = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(key, _)| key.eq_ignore_ascii_case("data"))
        .map(|(_, value)| value);
    let data = values.next().filter(|v| !v.is_empty()).ok_or(MigrationError::MissingData)?;
    if values.next().is_some() {
        return Err(MigrationError::DuplicateData);
    }
    if data.len() > MAX_DATA_LEN {
        return Err(MigrationError::TooLarge { len: data.len(), max: MAX_DATA_LEN });
    }
    Ok(data)
}

/// Base64 as it really arrives: percent-encoded or raw, padded or not,
/// standard or URL-safe. A `+` stays a `+`: this is base64, not a form.
fn base64_data(value: &str) -> Result<Zeroizing<Vec<u8>>, MigrationError> {
    // Percent-decoding only shrinks, so this never reallocates.
    let mut text = Zeroizing::new(Vec::with_capacity(value.len()));
    text.extend(percent_decode_str(value));
    text.retain(|b| !b.is_ascii_whitespace()); // `%0A` from a wrapped URI re-encoded
    for byte in text.iter_mut() {
        *byte = match *byte {
            b'-' => b'+',
            b'_' => b'/',
            other => other,
        };
    }
    while text.last() == Some(&b'=') {
        text.pop();
    }
    let bytes = BASE64_NOPAD.decode(&text).map_err(|_| MigrationError::InvalidBase64)?;
    Ok(Zeroizing::new(bytes))
}

pub(super) fn decode_payload(bytes: &[u8]) -> Result<MigrationBatch, MigrationError> {
    if bytes.len() > MAX_PAYLOAD_LEN {
        return Err(MigrationError::TooLarge { len: bytes.len(), max: MAX_PAYLOAD_LEN });
    }
    let count = count_entries(bytes);
    if count > MAX_ENTRIES {
        return Err(MigrationError::TooManyEntries { count, max: MAX_ENTRIES });
    }
    let payload = proto::MigrationPayload::decode(bytes)
        .map_err(|e| MigrationError::InvalidPayload { detail: e.to_string() })?;
    let info = batch_info(&payload)?;
    if payload.otp_parameters.is_empty() {
        return Err(MigrationError::NoAccounts);
    }
    let mut batch = MigrationBatch { accounts: Vec::new(), errors: Vec::new(), info };
    for (index, entry) in payload.otp_parameters.iter().enumerate() {
        let (issuer, label) = names(entry);
        match entry_otp(entry) {
            Ok(otp) => batch.accounts.push(Account { issuer, label, otp }),
            Err(error) => {
                let name = display_name(issuer.as_deref(), &label);
                batch.errors.push(EntryError { index, name, error });
            }
        }
    }
    Ok(batch)
}

/// Counts the top-level entries (field 1) by walking the wire format without
/// decoding anything, so an oversized payload is refused before any entry is
/// allocated. A malformed payload stops the count; the decoder then says why.
fn count_entries(mut bytes: &[u8]) -> usize {
    let mut count = 0;
    while let Some(key) = read_varint(&mut bytes) {
        let skipped = match key & 7 {
            0 => read_varint(&mut bytes).is_some(),
            1 => skip(&mut bytes, 8),
            2 => read_varint(&mut bytes)
                .and_then(|len| usize::try_from(len).ok())
                .is_some_and(|len| skip(&mut bytes, len)),
            5 => skip(&mut bytes, 4),
            _ => false,
        };
        if !skipped {
            break;
        }
        if key == (1 << 3 | 2) {
            count += 1;
        }
    }
    count
}

fn read_varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

fn skip(bytes: &mut &[u8], len: usize) -> bool {
    match bytes.get(len..) {
        Some(rest) => {
            *bytes = rest;
            true
        }
        None => false,
    }
}

/// Checks the QR code numbering; an export that does not say is one QR code.
fn batch_info(payload: &proto::MigrationPayload) -> Result<BatchInfo, MigrationError> {
    let (index, size) = (payload.batch_index, payload.batch_size);
    let invalid = MigrationError::InvalidBatchInfo { index, size };
    let batch_size = match usize::try_from(size) {
        Ok(0) => 1,
        Ok(n) if n <= MAX_BATCHES => n,
        _ => return Err(invalid),
    };
    let batch_index = usize::try_from(index).ok().filter(|i| *i < batch_size).ok_or(invalid)?;
    Ok(BatchInfo { version: payload.version, batch_size, batch_index, batch_id: payload.batch_id })
}

/// Issuer and label, tidied as described on [`super::decode_payload`].
fn names(entry: &OtpParameters) -> (Option<String>, String) {
    let issuer = String::from_utf8_lossy(&entry.issuer);
    let name = String::from_utf8_lossy(&entry.name);
    split_names(issuer.trim(), name.trim())
}

/// Issuer and label from an entry's `issuer` and `name` fields.
///
/// Google writes `name` as the label it scanned, so it often carries an
/// `Issuer:` prefix that repeats `issuer`. Twofold drops that prefix, so the
/// account reads as the original QR code reads (see [`crate::uri`]). Here
/// Twofold differs on purpose from Aegis (`GoogleAuthInfo.parseExportUri`)
/// and extract_otp_secrets, which keep the whole name and so show the issuer
/// twice ("GitHub — GitHub:alice"). A prefix that is not the issuer
/// (`Other:heidi` under `Amazon`) is kept: it may be part of the account
/// name. With no `issuer`, `Issuer:account` is split, as Aegis does.
pub(super) fn split_names(issuer: &str, name: &str) -> (Option<String>, String) {
    if issuer.is_empty() {
        return match name.split_once(':') {
            Some((issuer, label)) if !issuer.trim().is_empty() => {
                (Some(issuer.trim().to_owned()), label.trim().to_owned())
            }
            _ => (None, name.to_owned()),
        };
    }
    let label = strip_issuer_prefix(name, issuer).unwrap_or(name);
    (Some(issuer.to_owned()), label.trim().to_owned())
}

/// `name` without a leading `issuer:` (any ASCII case, spaces around the colon).
fn strip_issuer_prefix<'a>(name: &'a str, issuer: &str) -> Option<&'a str> {
    // `get` rather than slicing: the issuer's length may fall inside a character of `name`.
    let head = name.get(..issuer.len())?;
    if !head.eq_ignore_ascii_case(issuer) {
        return None;
    }
    name.get(issuer.len()..)?.trim_start().strip_prefix(':')
}

fn entry_otp(entry: &OtpParameters) -> Result<Otp, MigrationError> {
    if entry.secret.is_empty() {
        return Err(MigrationError::EmptySecret);
    }
    let algorithm = algorithm(entry.algorithm)?;
    let digits = digits(entry.digits)?;
    let otp = match otp_type(entry.r#type)? {
        proto::OtpType::Hotp => {
            let counter = u64::try_from(entry.counter).map_err(|_| MigrationError::NegativeCounter(entry.counter))?;
            Otp::hotp(Secret::from_bytes(entry.secret.clone()), algorithm, digits, counter)
        }
        _ => Otp::totp(Secret::from_bytes(entry.secret.clone()), algorithm, digits, PERIOD),
    };
    Ok(otp?)
}

fn algorithm(value: i32) -> Result<Algorithm, MigrationError> {
    match proto::Algorithm::try_from(value) {
        Ok(proto::Algorithm::Unspecified | proto::Algorithm::Sha1) => Ok(Algorithm::Sha1),
        Ok(proto::Algorithm::Sha256) => Ok(Algorithm::Sha256),
        Ok(proto::Algorithm::Sha512) => Ok(Algorithm::Sha512),
        Ok(proto::Algorithm::Md5) => Err(MigrationError::UnsupportedAlgorithm),
        Err(_) => Err(MigrationError::UnknownAlgorithm(value)),
    }
}

fn digits(value: i32) -> Result<u32, MigrationError> {
    match proto::DigitCount::try_from(value) {
        Ok(proto::DigitCount::Unspecified | proto::DigitCount::Six) => Ok(6),
        Ok(proto::DigitCount::Eight) => Ok(8),
        Err(_) => Err(MigrationError::UnknownDigits(value)),
    }
}

fn otp_type(value: i32) -> Result<proto::OtpType, MigrationError> {
    proto::OtpType::try_from(value).map_err(|_| MigrationError::UnknownOtpType(value))
}
