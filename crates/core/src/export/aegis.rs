//! Aegis vault JSON (file version 1, content version 3), plain and encrypted,
//! as Aegis itself writes it and as [`crate::import`]'s Aegis reader reads it.
//!
//! Layout from Aegis' `docs/vault.md` and `VaultEntry.java`:
//!
//! ```text
//! plain:     {"version":1,"header":{"slots":null,"params":null},"db":{content}}
//! encrypted: {"version":1,"header":{"slots":[password slot],"params":{"nonce":hex,"tag":hex}},
//!             "db":"base64 (padded) of AES-256-GCM(master key, content)"}
//! password slot: {"type":1,"uuid","key":hex(wrapped master key),"key_params":{"nonce","tag"},
//!                 "n":32768,"r":8,"p":1,"salt":hex(32 bytes),"repaired":true,"is_backup":false}
//! content: {"version":3,"entries":[entry…],"groups":[{"uuid","name"}…]}
//! ```
//!
//! The slot key is scrypt(UTF-8 password, salt) with Aegis' parameters
//! (N = 2^15, r = 8, p = 1); `repaired: true` tells Aegis the key came from
//! the UTF-8 bytes (its issue #95). Nonces are 12 random bytes, tags 16.
//!
//! # What the format loses
//! Nothing of the codes. Tags become Aegis groups (one group per distinct
//! tag). An icon is kept only when it is a `data:` image of a type Aegis
//! shows (PNG, JPEG, SVG, WebP); icon names are dropped. Creation times, the
//! order beyond the list order, and the vault's settings are lost.

use aes_gcm::aead::AeadInOut;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use data_encoding::{BASE64, BASE64_NOPAD, HEXLOWER};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::{random, ExportError};
use crate::otp::OtpKind;
use crate::vault::Entry;

/// scrypt cost as Aegis writes it: N = 2^15.
const SCRYPT_LOG_N: u8 = 15;
const SCRYPT_R: u32 = 8;
const SCRYPT_P: u32 = 1;

/// The unencrypted Aegis vault of `entries`.
pub fn aegis_json(entries: &[Entry]) -> Result<Zeroizing<String>, ExportError> {
    let content = content(entries)?;
    let mut out = Zeroizing::new(String::with_capacity(content.len() + 64));
    out.push_str(r#"{"version":1,"header":{"slots":null,"params":null},"db":"#);
    out.push_str(&content);
    out.push('}');
    Ok(out)
}

/// The Aegis vault of `entries`, encrypted under `password` (a fraction of a
/// second of scrypt). Aegis asks for the password when importing it.
pub fn aegis_encrypted(entries: &[Entry], password: &str) -> Result<String, ExportError> {
    if password.is_empty() {
        return Err(ExportError::EmptyPassword);
    }
    let content = content(entries)?;
    let master = Zeroizing::new(random::<32>()?);
    let salt = random::<32>()?;
    let params = scrypt::Params::new(SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P)
        .map_err(|e| ExportError::Json { detail: e.to_string() })?;
    let mut slot_key = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(password.as_bytes(), &salt, &params, slot_key.as_mut())
        .map_err(|e| ExportError::Json { detail: e.to_string() })?;
    let key_nonce = random::<12>()?;
    let mut wrapped = master.to_vec();
    let key_tag = seal(&slot_key, &key_nonce, &mut wrapped)?;
    let db_nonce = random::<12>()?;
    let mut db = Zeroizing::new(content.as_bytes().to_vec());
    let db_tag = seal(&master, &db_nonce, &mut db)?;
    let hex = |b: &[u8]| HEXLOWER.encode(b);
    Ok(format!(
        concat!(
            r#"{{"version":1,"header":{{"slots":[{{"type":1,"uuid":"{uuid}","key":"{key}","#,
            r#""key_params":{{"nonce":"{key_nonce}","tag":"{key_tag}"}},"n":{n},"r":{r},"p":{p},"#,
            r#""salt":"{salt}","repaired":true,"is_backup":false}}],"#,
            r#""params":{{"nonce":"{db_nonce}","tag":"{db_tag}"}}}},"db":"{db}"}}"#
        ),
        uuid = uuid()?,
        key = hex(&wrapped),
        key_nonce = hex(&key_nonce),
        key_tag = hex(&key_tag),
        n = 1u32 << SCRYPT_LOG_N,
        r = SCRYPT_R,
        p = SCRYPT_P,
        salt = hex(&salt),
        db_nonce = hex(&db_nonce),
        db_tag = hex(&db_tag),
        db = BASE64.encode(&db),
    ))
}

/// AES-256-GCM in place; returns the detached tag.
fn seal(key: &[u8; 32], nonce: &[u8; 12], buffer: &mut [u8]) -> Result<[u8; 16], ExportError> {
    let tag = Aes256Gcm::new(key.into())
        .encrypt_inout_detached(&Nonce::from(*nonce), b"", buffer.into())
        .map_err(|_| ExportError::Json { detail: "AES-GCM refused the input".into() })?;
    Ok(tag.into())
}

/// The content object: version 3, entries, groups.
fn content(entries: &[Entry]) -> Result<Zeroizing<String>, ExportError> {
    // One group per distinct tag, in order of first use.
    let mut groups: Vec<(&str, String)> = Vec::new();
    for tag in entries.iter().flat_map(|e| &e.tags) {
        if !groups.iter().any(|(name, _)| name == tag) {
            groups.push((tag, uuid()?));
        }
    }
    let mut parts = Vec::with_capacity(entries.len());
    for entry in entries {
        parts.push(entry_json(entry, &groups)?);
    }
    let group_json: Vec<String> =
        groups.iter().map(|(name, id)| format!(r#"{{"uuid":"{id}","name":{}}}"#, string(name))).collect();
    let len = 64 + parts.iter().map(|p| p.len() + 1).sum::<usize>() + group_json.iter().map(|g| g.len() + 1).sum::<usize>();
    let mut out = Zeroizing::new(String::with_capacity(len));
    out.push_str(r#"{"version":3,"entries":["#);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(p);
    }
    out.push_str(r#"],"groups":["#);
    out.push_str(&group_json.join(","));
    out.push_str("]}");
    Ok(out)
}

fn entry_json(entry: &Entry, groups: &[(&str, String)]) -> Result<Zeroizing<String>, ExportError> {
    let otp = &entry.otp;
    let kind = otp.kind().as_str();
    let timing = match (otp.kind(), otp.counter(), otp.period()) {
        (OtpKind::Hotp, Some(counter), _) => format!(r#""counter":{counter}"#),
        (_, _, period) => format!(r#""period":{}"#, period.unwrap_or(30)),
    };
    let (icon, mime, hash) = match icon(entry.icon.as_deref()) {
        Some((mime, bytes)) => (
            format!(r#""{}""#, BASE64.encode(&bytes)),
            format!(r#""{mime}""#),
            format!(r#""{}""#, HEXLOWER.encode(&Sha256::digest(&bytes))),
        ),
        None => ("null".to_owned(), "null".to_owned(), "null".to_owned()),
    };
    let group_ids: Vec<String> = entry
        .tags
        .iter()
        .filter_map(|t| groups.iter().find(|(name, _)| name == t))
        .map(|(_, id)| format!(r#""{id}""#))
        .collect();
    let head = format!(
        r#"{{"type":"{kind}","uuid":"{}","name":{},"issuer":{},"note":{},"favorite":{},"icon":{icon},"icon_mime":{mime},"icon_hash":{hash},"info":{{"secret":""#,
        uuid()?,
        string(&entry.label),
        string(entry.issuer.as_deref().unwrap_or("")),
        string(&entry.note),
        entry.favourite,
    );
    // mOTP is "MD5" in Aegis (`MotpInfo.ALGORITHM`); its PIN goes in `info.pin` (`MotpInfo` and
    // `YandexInfo.toJson`), written between the secret and the rest, inside the zeroizing string.
    let algo = otp.hash_name();
    let tail = format!(
        r#","algo":"{algo}","digits":{},{timing}}},"groups":[{}]}}"#,
        otp.digits(),
        group_ids.join(","),
    );
    let secret = otp.secret().to_base32();
    // At most six bytes (`\u001f`) per byte of the PIN, and `,"pin":""`.
    let pin_len = otp.pin().map_or(0, |p| 6 * p.as_str().len() + 9);
    let mut out = Zeroizing::new(String::with_capacity(head.len() + secret.len() + 1 + pin_len + tail.len()));
    out.push_str(&head);
    out.push_str(&secret);
    out.push('"');
    if let Some(pin) = otp.pin() {
        out.push_str(r#","pin":""#);
        push_json_text(&mut out, pin.as_str());
        out.push('"');
    }
    out.push_str(&tail);
    Ok(out)
}

/// A `data:` image Aegis can show: its MIME type and bytes.
fn icon(icon: Option<&str>) -> Option<(&str, Vec<u8>)> {
    let rest = icon?.strip_prefix("data:")?;
    let (mime, data) = rest.split_once(";base64,")?;
    if !matches!(mime, "image/png" | "image/jpeg" | "image/svg+xml" | "image/webp") {
        return None;
    }
    let data = data.trim_end_matches('=');
    Some((mime, BASE64_NOPAD.decode(data.as_bytes()).ok()?))
}

/// Appends `text` JSON-escaped (no quotes) straight into `out`, with no other copy (a PIN).
fn push_json_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                out.push_str("\\u00");
                out.push(char::from(b"0123456789abcdef"[(u32::from(c) >> 4) as usize]));
                out.push(char::from(b"0123456789abcdef"[(u32::from(c) & 0xf) as usize]));
            }
            c => out.push(c),
        }
    }
}

/// A JSON string literal (names, notes: never a secret).
fn string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// A random (version 4) UUID, as Aegis gives every entry, group and slot.
fn uuid() -> Result<String, ExportError> {
    let mut b = random::<16>()?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = HEXLOWER.encode(&b);
    Ok(format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..]))
}
