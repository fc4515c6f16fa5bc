//! A printable page of every account: a self-contained HTML document, one
//! card per account with its issuer, label, secret (for typing in by hand)
//! and a QR code of its `otpauth://` URI, under a warning banner.
//!
//! Self-contained: the QR codes are inline `data:` PNG images and the style
//! is inline; the page names no URL at all, so opening or printing it
//! fetches nothing.
//!
//! # What the format loses
//! Tags, favourites and icons. Notes are printed. It is unencrypted: paper
//! (or the file) gives anyone who sees it every code.

use data_encoding::BASE64;
use zeroize::Zeroizing;

use super::ExportError;
use crate::qr;
use crate::uri;
use crate::vault::Entry;

/// Pixels per QR module: about 250 pixels for a typical URI.
const SCALE: u32 = 4;

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Twofold accounts</title>
<style>
body { font-family: sans-serif; margin: 1.5em; color: #000; background: #fff; }
.warning { border: 3px solid #b00; padding: 0.8em; margin-bottom: 1.5em; font-weight: bold; }
.cards { display: flex; flex-wrap: wrap; gap: 1em; }
.card { border: 1px solid #444; padding: 0.8em; width: 16em; break-inside: avoid; page-break-inside: avoid; }
.card img { width: 12em; height: 12em; image-rendering: pixelated; display: block; margin: 0.5em auto; }
.issuer { font-size: 1.2em; font-weight: bold; }
.secret { font-family: monospace; word-break: break-all; }
.meta, .note { font-size: 0.85em; }
</style>
</head>
<body>
<div class="warning">Keep this page secret. Anyone who sees it can make your one-time codes: store it like cash, and shred it when it is no longer needed.</div>
<div class="cards">
"#;

const TAIL: &str = "</div>\n</body>\n</html>\n";

/// The page for `entries`.
pub fn printable_page(entries: &[Entry]) -> Result<Zeroizing<String>, ExportError> {
    let mut cards = Vec::with_capacity(entries.len());
    for entry in entries {
        cards.push(card(entry)?);
    }
    let mut out = Zeroizing::new(String::with_capacity(
        HEAD.len() + TAIL.len() + cards.iter().map(|c| c.len()).sum::<usize>(),
    ));
    out.push_str(HEAD);
    for c in &cards {
        out.push_str(c);
    }
    out.push_str(TAIL);
    Ok(out)
}

fn card(entry: &Entry) -> Result<Zeroizing<String>, ExportError> {
    let otp = &entry.otp;
    let link = uri::to_uri(&entry.account());
    let png = Zeroizing::new(qr::encode_png(&link, SCALE)?);
    let image = Zeroizing::new(BASE64.encode(&png));
    let secret = otp.secret().to_base32();
    let timing = match (otp.period(), otp.counter()) {
        (_, Some(counter)) => format!("counter {counter}"),
        (Some(period), None) => format!("{period} s"),
        (None, None) => String::new(),
    };
    let meta = format!(
        "{} · {} · {} digits · {timing}",
        otp.kind().as_str().to_uppercase(),
        otp.hash_name(),
        otp.digits()
    );
    let issuer = escape(entry.issuer.as_deref().unwrap_or("(no issuer)"));
    let label = escape(&entry.label);
    let note = if entry.note.trim().is_empty() {
        String::new()
    } else {
        format!("<div class=\"note\">{}</div>\n", escape(entry.note.trim()))
    };
    // mOTP and Yandex: the PIN, needed with the secret to type the account in again.
    let pin = otp.pin().map(|p| Zeroizing::new(escape(p.as_str())));
    let fixed = 256 + issuer.len() + label.len() + meta.len() + note.len() + pin.as_ref().map_or(0, |p| p.len() + 48);
    // Secret grouped by four, e.g. `JBSW Y3DP EHPK 3PXP`: at most 5/4 the length.
    let mut out = Zeroizing::new(String::with_capacity(fixed + image.len() + secret.len() * 5 / 4 + 4));
    out.push_str("<div class=\"card\">\n<div class=\"issuer\">");
    out.push_str(&issuer);
    out.push_str("</div>\n<div class=\"label\">");
    out.push_str(&label);
    out.push_str("</div>\n<img alt=\"QR code\" src=\"data:image/png;base64,");
    out.push_str(&image);
    out.push_str("\">\n<div class=\"secret\">");
    for (i, c) in secret.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    if let Some(pin) = &pin {
        out.push_str("</div>\n<div class=\"secret\">PIN ");
        out.push_str(pin);
    }
    out.push_str("</div>\n<div class=\"meta\">");
    out.push_str(&escape(&meta));
    out.push_str("</div>\n");
    out.push_str(&note);
    out.push_str("</div>\n");
    Ok(out)
}

/// Text safe inside HTML elements and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
