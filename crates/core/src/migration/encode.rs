//! Accounts -> export URIs, split so each fits a QR code.
//!
//! Each entry is encoded once, as a complete field-1 record. A batch's payload
//! is its records followed by the header fields (2 to 5): exactly the bytes a
//! protobuf encoder writes for the whole message, since it writes fields in
//! number order. That lets the batches be sized on the real bytes.

use data_encoding::BASE64;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use prost::Message;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::proto::{self, OtpParameters};
use super::{Inexpressible, MigrationError};
use crate::account::display_name;
use super::{HOST, MAX_ACCOUNTS_PER_URI, MAX_BATCHES, MAX_URI_LEN, PERIOD, SCHEME};
use crate::account::Account;
use crate::otp::{Algorithm, OtpKind};

/// Payload format version Google Authenticator writes.
const VERSION: i32 = 1;

/// What a batch header can add to a URI sized on its records alone. The
/// header is at most 20 bytes (four fields of at most 1 + 5 bytes, version
/// taking 2); with the at most 2 bytes of the records' last partial base64
/// group it makes at most 32 base64 characters, each at most 3 once
/// percent-encoded.
const HEADER_ALLOWANCE: usize = 32 * 3;

pub(super) fn encode(accounts: &[Account]) -> Result<Vec<Zeroizing<String>>, MigrationError> {
    let records = accounts.iter().map(entry_record).collect::<Result<Vec<_>, _>>()?;
    let sizes = batch_sizes(&records, accounts)?;
    if sizes.len() > MAX_BATCHES {
        let max = MAX_BATCHES * MAX_ACCOUNTS_PER_URI;
        return Err(MigrationError::TooManyEntries { count: accounts.len(), max });
    }
    let batch_size = to_i32(sizes.len());
    let batch_id = batch_id(&records);
    let mut rest = records.as_slice();
    let mut uris = Vec::with_capacity(sizes.len());
    for (index, size) in sizes.into_iter().enumerate() {
        let (batch, after) = rest.split_at(size.min(rest.len()));
        rest = after;
        let header = proto::MigrationPayload {
            otp_parameters: Vec::new(),
            version: VERSION,
            batch_size,
            batch_index: to_i32(index),
            batch_id,
        };
        uris.push(uri(&payload(batch, &header.encode_to_vec())));
    }
    Ok(uris)
}

pub(super) fn check_expressible(account: &Account) -> Result<(), MigrationError> {
    let otp = &account.otp;
    let reason = match otp.kind() {
        OtpKind::Steam => Some(Inexpressible::Steam),
        OtpKind::Motp | OtpKind::Yandex => Some(Inexpressible::NeedsPin(otp.kind().display_name())),
        _ if !matches!(otp.digits(), 6 | 8) => Some(Inexpressible::Digits(otp.digits())),
        _ => match (otp.period(), otp.counter()) {
            (Some(period), _) if u64::from(period) != PERIOD => Some(Inexpressible::Period(period)),
            (_, Some(counter)) if i64::try_from(counter).is_err() => Some(Inexpressible::Counter(counter)),
            _ => None,
        },
    };
    match reason {
        None => Ok(()),
        Some(reason) => Err(MigrationError::Inexpressible { account: name_of(account), reason }),
    }
}

/// One account as a complete `otp_parameters` field (tag, length, message).
fn entry_record(account: &Account) -> Result<Zeroizing<Vec<u8>>, MigrationError> {
    check_expressible(account)?;
    let otp = &account.otp;
    let entry = OtpParameters {
        secret: otp.secret().as_bytes().to_vec(),
        name: account.label.as_bytes().to_vec(),
        issuer: account.issuer.as_deref().unwrap_or("").as_bytes().to_vec(),
        algorithm: match otp.algorithm() {
            Algorithm::Sha1 => proto::Algorithm::Sha1,
            Algorithm::Sha256 => proto::Algorithm::Sha256,
            Algorithm::Sha512 => proto::Algorithm::Sha512,
        } as i32,
        digits: if otp.digits() == 8 { proto::DigitCount::Eight } else { proto::DigitCount::Six } as i32,
        r#type: if otp.kind() == OtpKind::Hotp { proto::OtpType::Hotp } else { proto::OtpType::Totp } as i32,
        // Checked above to fit.
        counter: otp.counter().and_then(|c| i64::try_from(c).ok()).unwrap_or(0),
    };
    // Sized up front so no reallocation leaves a copy of the secret behind.
    let len = entry.encoded_len();
    let mut record = Zeroizing::new(Vec::with_capacity(1 + prost::length_delimiter_len(len) + len));
    record.push(1 << 3 | 2); // field 1, length-delimited
    entry.encode_length_delimited(&mut *record).map_err(|_| MigrationError::AccountTooLarge { account: name_of(account) })?;
    Ok(record)
}

/// How many accounts go in each URI: greedily as many as fit, up to ten.
fn batch_sizes(records: &[Zeroizing<Vec<u8>>], accounts: &[Account]) -> Result<Vec<usize>, MigrationError> {
    let budget = MAX_URI_LEN - HEADER_ALLOWANCE;
    let mut sizes = Vec::new();
    let mut start = 0;
    while start < records.len() {
        let mut size = 0;
        while start + size < records.len()
            && size < MAX_ACCOUNTS_PER_URI
            && uri_len(&records[start..=start + size]) <= budget
        {
            size += 1;
        }
        if size == 0 {
            let account = accounts.get(start).map_or_else(String::new, name_of);
            return Err(MigrationError::AccountTooLarge { account });
        }
        sizes.push(size);
        start += size;
    }
    Ok(sizes)
}

/// Length of the URI for these records with no header.
fn uri_len(records: &[Zeroizing<Vec<u8>>]) -> usize {
    let text = Zeroizing::new(BASE64.encode(&payload(records, &[])));
    let escaped = text.bytes().map(|b| if b.is_ascii_alphanumeric() { 1 } else { 3 }).sum::<usize>();
    prefix().len() + escaped
}

fn payload(records: &[Zeroizing<Vec<u8>>], header: &[u8]) -> Zeroizing<Vec<u8>> {
    let len = records.iter().map(|r| r.len()).sum::<usize>() + header.len();
    let mut bytes = Zeroizing::new(Vec::with_capacity(len));
    for record in records {
        bytes.extend_from_slice(record);
    }
    bytes.extend_from_slice(header);
    bytes
}

/// `otpauth-migration://offline?data=` and percent-encoded base64, as Google writes it.
fn uri(payload: &[u8]) -> Zeroizing<String> {
    let text = Zeroizing::new(BASE64.encode(payload));
    let mut uri = Zeroizing::new(String::with_capacity(prefix().len() + 3 * text.len()));
    uri.push_str(&prefix());
    uri.extend(utf8_percent_encode(&text, NON_ALPHANUMERIC));
    uri
}

fn prefix() -> String {
    format!("{SCHEME}://{HOST}?data=")
}

/// The same accounts always give the same id; different exports almost
/// surely differ. The id travels beside the secrets it is derived from, so
/// hashing them reveals nothing new.
fn batch_id(records: &[Zeroizing<Vec<u8>>]) -> i32 {
    let mut hash = Sha256::new();
    for record in records {
        hash.update(record.as_slice());
    }
    let digest = hash.finalize();
    let mut id = [0u8; 4];
    id.copy_from_slice(&digest[..4]);
    // Non-negative: some tools print the id as unsigned, others as signed.
    (u32::from_be_bytes(id) >> 1) as i32
}

/// Batch counts are bounded by `MAX_BATCHES`, far below `i32::MAX`.
fn to_i32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The account's name for a message, shortened: a huge label must not make a huge message.
fn name_of(account: &Account) -> String {
    const MAX_CHARS: usize = 80;
    let name = display_name(account.issuer.as_deref(), &account.label);
    match name.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &name[..cut]),
        None => name,
    }
}
