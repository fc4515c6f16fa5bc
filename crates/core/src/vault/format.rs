//! The file layout (see `FORMAT.md` beside this file):
//!
//! ```text
//! MAGIC "TWOFOLD\0" (8) | version u16 LE | header length u32 LE | header JSON | ciphertext | tag (16)
//! ```
//!
//! Everything before the ciphertext is the associated data of the payload,
//! so any change to the header (slots, revision, nonce) fails
//! authentication. Parsing here is total: every input, including every
//! truncation and every flipped byte, gives a value or a [`VaultError`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::crypto::{NONCE_LEN, TAG_LEN};
use super::hex::Hex;
use super::ids::VaultId;
use super::slots::Slot;
use super::{VaultError, VaultKind};

/// The first eight bytes of every vault.
pub const MAGIC: [u8; 8] = *b"TWOFOLD\0";
/// The format version this Twofold writes (and the newest it reads).
pub const FORMAT_VERSION: u16 = 1;
/// Largest header accepted.
pub const MAX_HEADER_LEN: usize = 64 * 1024;
/// Largest vault file accepted (a vault of 10,000 accounts is about 3 MB).
pub const MAX_FILE_LEN: u64 = 256 * 1024 * 1024;
/// Most slots in one vault.
pub const MAX_SLOTS: usize = 64;
/// Bytes before the header: magic, version, header length.
pub(crate) const PREFIX_LEN: usize = 8 + 2 + 4;

/// The header JSON.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Header {
    pub kind: String,
    pub vault_id: VaultId,
    pub revision: u64,
    /// Unix seconds.
    pub saved_at: u64,
    pub nonce: Hex<NONCE_LEN>,
    /// Bytes of ciphertext and tag after the header.
    pub payload_length: u64,
    pub slots: Vec<Slot>,
    /// Fields from a newer writer, kept as they are.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl Header {
    /// The header of a vault about to be written for the first time
    /// (nonce and payload length are filled in when it is sealed).
    pub(crate) fn first(kind: VaultKind, vault_id: VaultId, slots: Vec<Slot>) -> Self {
        Header {
            kind: kind.as_str().into(),
            vault_id,
            revision: 1,
            saved_at: 0,
            nonce: Hex([0; NONCE_LEN]),
            payload_length: 0,
            slots,
            extra: BTreeMap::new(),
        }
    }

    pub(crate) fn kind(&self) -> Option<VaultKind> {
        VaultKind::parse(&self.kind)
    }
}

/// A vault file split into its parts, the header parsed and checked.
#[derive(Debug)]
pub(crate) struct Parsed<'a> {
    pub header: Header,
    /// Magic, version, length and header: the payload's associated data.
    pub aad: &'a [u8],
    pub ciphertext: &'a [u8],
    pub tag: [u8; TAG_LEN],
}

/// Splits and checks a vault file, without any key.
pub(crate) fn parse(bytes: &[u8]) -> Result<Parsed<'_>, VaultError> {
    if bytes.len() < MAGIC.len() {
        // An empty file, or a prefix of the magic, is a vault cut short.
        return Err(if MAGIC.starts_with(bytes) {
            VaultError::Truncated
        } else {
            VaultError::NotAVault
        });
    }
    if bytes[..MAGIC.len()] != MAGIC {
        return Err(VaultError::NotAVault);
    }
    let Some(prefix) = bytes.get(..PREFIX_LEN) else {
        return Err(VaultError::Truncated);
    };
    let version = u16::from_le_bytes([prefix[8], prefix[9]]);
    if version > FORMAT_VERSION {
        return Err(VaultError::NewerFormat { version });
    }
    if version == 0 {
        return Err(VaultError::corrupt("format version 0"));
    }
    let header_len = u32::from_le_bytes([prefix[10], prefix[11], prefix[12], prefix[13]]) as usize;
    if header_len > MAX_HEADER_LEN {
        return Err(VaultError::corrupt(format!(
            "a header of {header_len} bytes (at most {MAX_HEADER_LEN})"
        )));
    }
    let header_end = PREFIX_LEN + header_len;
    let Some(header_bytes) = bytes.get(PREFIX_LEN..header_end) else {
        return Err(VaultError::Truncated);
    };
    let header: Header =
        serde_json::from_slice(header_bytes).map_err(|e| VaultError::corrupt(format!("unreadable header: {e}")))?;
    check_header(&header)?;
    let payload = &bytes[header_end..];
    let expected = header.payload_length;
    if (payload.len() as u64) < expected {
        return Err(VaultError::Truncated);
    }
    if payload.len() as u64 > expected {
        return Err(VaultError::corrupt(format!(
            "{} unexpected bytes after the payload",
            payload.len() as u64 - expected
        )));
    }
    let (ciphertext, tag) = payload.split_at(payload.len() - TAG_LEN);
    let mut tag_bytes = [0u8; TAG_LEN];
    tag_bytes.copy_from_slice(tag);
    Ok(Parsed {
        header,
        aad: &bytes[..header_end],
        ciphertext,
        tag: tag_bytes,
    })
}

fn check_header(header: &Header) -> Result<(), VaultError> {
    if header.payload_length < TAG_LEN as u64 || header.payload_length > MAX_FILE_LEN {
        return Err(VaultError::corrupt(format!(
            "a payload length of {}",
            header.payload_length
        )));
    }
    if header.slots.is_empty() {
        return Err(VaultError::corrupt("no slots, so nothing can open it"));
    }
    if header.slots.len() > MAX_SLOTS {
        return Err(VaultError::corrupt(format!(
            "{} slots (at most {MAX_SLOTS})",
            header.slots.len()
        )));
    }
    for (i, slot) in header.slots.iter().enumerate() {
        if header.slots[..i].iter().any(|s| s.id() == slot.id()) {
            return Err(VaultError::corrupt(format!("two slots with id {}", slot.id())));
        }
        slot.check()?;
    }
    Ok(())
}

/// Magic, version and header: the bytes before the ciphertext.
pub(crate) fn encode_prefix(header: &Header) -> Result<Vec<u8>, VaultError> {
    let json =
        serde_json::to_vec(header).map_err(|e| VaultError::corrupt(format!("could not write the header: {e}")))?;
    if json.len() > MAX_HEADER_LEN {
        return Err(VaultError::corrupt(format!(
            "a header of {} bytes (at most {MAX_HEADER_LEN}): too many slots",
            json.len()
        )));
    }
    let mut out = Vec::with_capacity(PREFIX_LEN + json.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&json);
    Ok(out)
}
