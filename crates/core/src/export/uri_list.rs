//! A plain list of `otpauth://` URIs, one per line, read back by
//! [`crate::import::read`] and [`crate::input`] (both skip `#` lines).
//!
//! # What the format loses
//! Tags, notes, favourites and icons. The codes are complete (kind, hash,
//! digits, period or counter, Steam). It is unencrypted, and says so on its
//! first line.

use zeroize::Zeroizing;

use crate::uri;
use crate::vault::Entry;

/// The first line of every list.
pub const UNENCRYPTED_HEADER: &str = "# Unencrypted: anyone who reads this file can make your codes";

/// The entries' URIs, one per line after [`UNENCRYPTED_HEADER`], each line ending in `\n`.
pub fn uri_list(entries: &[Entry]) -> Zeroizing<String> {
    let uris: Vec<Zeroizing<String>> = entries.iter().map(|e| uri::to_uri(&e.account())).collect();
    // Sized up front so the text never reallocates (a copy of a secret would stay behind).
    let len = UNENCRYPTED_HEADER.len() + 1 + uris.iter().map(|u| u.len() + 1).sum::<usize>();
    let mut out = Zeroizing::new(String::with_capacity(len));
    out.push_str(UNENCRYPTED_HEADER);
    out.push('\n');
    for u in &uris {
        out.push_str(u);
        out.push('\n');
    }
    out
}
