//! Google Authenticator's "Transfer accounts" QR codes, as PNG images.
//!
//! The links are [`crate::migration::encode`]'s (ten accounts or fewer per
//! QR code, each link short enough to read easily off a screen); each link
//! is drawn by [`crate::qr::encode_png`]. Google Authenticator scans them in
//! order ("1 of 3", …); [`crate::import::read_google_export`] reads them back
//! in any order.
//!
//! # What the format loses
//! See [`crate::migration`]: no Steam accounts, no periods other than 30 s,
//! only 6 or 8 digits, and no tags, notes, favourites or icons. Accounts the
//! format cannot carry are not silently dropped: they are listed in
//! [`GoogleExport::left_out`], with why, for the front end to show.

use zeroize::Zeroizing;

use super::ExportError;
use crate::account::display_name;
use crate::migration;
use crate::qr;
use crate::vault::Entry;

/// Pixels per QR module: a 1,500-byte link makes a code of about 150
/// modules, so about 800 pixels, easy for a phone to read off a screen.
const SCALE: u32 = 5;

/// The QR codes of one export, and the accounts it could not carry.
///
/// `Debug` shows how many codes there are, never the links or images (both
/// carry the secrets).
#[derive(Clone, Default)]
pub struct GoogleExport {
    /// One PNG per QR code, in order (show "1 of N", …).
    pub images: Vec<Vec<u8>>,
    /// The `otpauth-migration://` link in each image, in the same order.
    pub links: Vec<Zeroizing<String>>,
    /// Accounts left out, each with why.
    pub left_out: Vec<LeftOut>,
}

impl std::fmt::Debug for GoogleExport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GoogleExport")
            .field("codes", &self.images.len())
            .field("left_out", &self.left_out)
            .finish_non_exhaustive()
    }
}

/// An account the Google Authenticator format cannot carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// Its position in the entries given, from 0.
    pub index: usize,
    /// `Issuer: label`.
    pub name: String,
    /// Why, in a sentence.
    pub reason: String,
}

/// The export QR codes of every entry the format can carry; the others are
/// listed in [`GoogleExport::left_out`]. No entries (or none that fit) give no images.
pub fn google_qr(entries: &[Entry]) -> Result<GoogleExport, ExportError> {
    let mut accounts = Vec::with_capacity(entries.len());
    let mut left_out = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let account = entry.account();
        match migration::check_expressible(&account) {
            Ok(()) => accounts.push(account),
            Err(e) => left_out.push(LeftOut {
                index,
                name: display_name(entry.issuer.as_deref(), &entry.label),
                reason: e.to_string(),
            }),
        }
    }
    let links = migration::encode(&accounts)?;
    let images = links.iter().map(|link| qr::encode_png(link, SCALE)).collect::<Result<Vec<_>, _>>()?;
    Ok(GoogleExport { images, links, left_out })
}
