//! Google Authenticator exports: `otpauth-migration://` links, as text or as
//! the QR code images of the app's "Transfer accounts" screen.
//!
//! The payload is [`crate::migration`]'s (a protobuf `MigrationPayload`,
//! layout from the `dim13/otpauth` and `scito/extract_otp_secrets` projects
//! and Aegis' `GoogleAuthImporter.java`); images are read by [`crate::qr`];
//! the QR codes of one export are gathered by [`crate::input::Collector`],
//! in any order and from any number of inputs, and each one missing is
//! reported ("QR code 2 of 3 is missing") while the others still import.
//!
//! # What the format loses or Twofold cannot express
//! See [`crate::migration`]: the payload has no period (every code is read as
//! 30 s), only 6 or 8 digits, no Steam, and no groups, notes or icons. A name
//! written `Issuer:account` is split when the issuer field is empty.

use super::uri_list;
use super::{EntryError, Format, ImportError, ImportResult};
use crate::input::Collector;
use crate::qr;

const FORMAT: Format = Format::GoogleMigration;

/// One input: an image of QR codes, or text of links.
pub(super) fn read(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    read_many(&[bytes])
}

/// Several inputs, their QR codes gathered into one result.
pub(super) fn read_many(inputs: &[&[u8]]) -> Result<ImportResult, ImportError> {
    let mut collector = Collector::new();
    let mut refused = Vec::new();
    let origin = |n: usize| (inputs.len() > 1).then_some(n);
    for (n, bytes) in inputs.iter().enumerate() {
        if qr::is_image(bytes) {
            let payloads = qr::decode_image_bytes(bytes).map_err(ImportError::Image)?;
            for (position, payload) in payloads.iter().enumerate() {
                let name = uri_list::name(payload, origin(n));
                match qr::classify(payload).refusal() {
                    // Not a 2FA code at all (a web link beside the export): say so, in place.
                    Some(why) => refused.push(EntryError { index: position, name, message: why.to_owned() }),
                    None => collector.add_uri(&name, Some(position + 1), payload),
                }
            }
        } else {
            uri_list::add_text(&mut collector, uri_list::text(bytes, FORMAT)?, origin(n));
        }
    }
    let mut result = uri_list::finish(collector, FORMAT);
    result.errors.extend(refused);
    Ok(result)
}
