//! QR codes: images in, payloads out; payloads in, QR images out.
//!
//! - [`decode_image_bytes`] / [`decode_image_file`]: every QR code in a PNG,
//!   JPEG, WebP, BMP or GIF (first frame), as screenshots really are: light
//!   and dark pages, HiDPI and downscaled, blurred, JPEG-damaged, rotated a
//!   little, styled, with a logo over the centre, several per image.
//! - [`decode_luma`] / [`decode_rgba`]: the same from pixels already in
//!   memory (a screen capture, a clipboard image).
//! - [`classify`]: whether a payload is a 2FA setup code at all.
//! - [`encode_png`] / [`encode_modules`]: a payload as a QR code.
//!
//! # How codes are found
//! A ZXing-class detector (rxing, a port of ZXing-C++) reads the whole image
//! first: nearly every screenshot is read there, in milliseconds. When it
//! reads nothing, a bounded ladder of second looks follows (the inverted
//! image, half size, a global threshold, then crops of candidate regions,
//! contrast-stretched and scaled up, read by rxing and by rqrr as a second
//! opinion), within a time budget ([`DEFAULT_BUDGET`]), so an image with no
//! code answers quickly. See `bench/qr/` for the numbers behind this design.
//!
//! # Limits
//! Images are untrusted: a file over [`MAX_FILE_BYTES`] or an image over
//! [`MAX_PIXELS`] (or [`MAX_SIDE`] on a side) is refused from its header,
//! before any pixel is decoded. Each failure has its own [`QrError`].
//!
//! ```
//! use twofold_core::qr;
//!
//! let png = qr::encode_png("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP", 4)?;
//! let payloads = qr::decode_image_bytes(&png)?;
//! assert_eq!(payloads, ["otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP"]);
//! assert_eq!(qr::classify(&payloads[0]), qr::PayloadKind::Otpauth);
//! # Ok::<(), qr::QrError>(())
//! ```

mod classify;
mod encode;
mod error;
mod geom;
mod ladder;
mod limits;
mod load;
mod prep;
mod region;
mod second;
mod zxing;

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use image::{GrayImage, RgbaImage};

pub use classify::{classify, PayloadKind};
pub use encode::{encode_modules, encode_png, EcLevel, Modules};
pub use error::QrError;
pub use limits::{MAX_FILE_BYTES, MAX_PIXELS, MAX_SIDE};
pub use load::is_image;

/// How long the ladder of second looks may take after the first pass, per image.
///
/// A screenshot with a code is nearly always read by the first pass (a few
/// milliseconds); this bounds what an image without one costs.
pub const DEFAULT_BUDGET: Duration = Duration::from_millis(350);

/// Which detectors to run: the full design, or one part alone (to measure it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Strategy {
    /// The fast detector, then the ladder of second looks (the default).
    #[default]
    Full,
    /// The fast detector on the whole image, once: no ladder.
    FastOnly,
    /// rqrr alone on the whole image, once.
    RqrrOnly,
}

/// How to search an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Time for the whole search; the ladder stops climbing when it is spent.
    pub budget: Duration,
    /// Which detectors run.
    pub strategy: Strategy,
}

impl Default for Options {
    fn default() -> Self {
        Options { budget: DEFAULT_BUDGET, strategy: Strategy::Full }
    }
}

impl Options {
    /// The default options with another time budget.
    pub fn with_budget(budget: Duration) -> Self {
        Options { budget, ..Self::default() }
    }

    /// The default options with another strategy.
    pub fn with_strategy(strategy: Strategy) -> Self {
        Options { strategy, ..Self::default() }
    }
}

/// One QR code read from an image.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// The text the code holds.
    pub payload: String,
    /// Its bounding box in the image's pixels: left, top, right, bottom.
    pub bounds: [f32; 4],
    /// Which step of the search read it (`"zxing"`, `"zxing-region"`, `"rqrr"`, ...).
    pub found_by: &'static str,
}

/// Everything one search found, and what it cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The codes, de-duplicated by payload, in reading order (rows top to bottom, then left to right).
    pub codes: Vec<Code>,
    /// Time spent decoding the image file into pixels (zero for pixels given directly).
    pub load_time: Duration,
    /// Time spent looking for codes.
    pub search_time: Duration,
}

impl Report {
    /// The payloads alone, in order.
    pub fn payloads(&self) -> Vec<String> {
        self.codes.iter().map(|c| c.payload.clone()).collect()
    }
}

/// Every QR payload in an image file's bytes (PNG, JPEG, WebP, BMP or GIF),
/// de-duplicated, in reading order. No code at all is [`QrError::NoQrCode`].
///
/// This is the one call importers need: feed each payload to
/// [`crate::input::Collector::add_uri`].
pub fn decode_image_bytes(bytes: &[u8]) -> Result<Vec<String>, QrError> {
    found(search_bytes(bytes, &Options::default())?)
}

/// Same as [`decode_image_bytes`]; the name importers look for.
pub fn payloads_from_image_bytes(bytes: &[u8]) -> Result<Vec<String>, QrError> {
    decode_image_bytes(bytes)
}

/// Every QR payload in an image file; the size is checked before reading it.
pub fn decode_image_file(path: impl AsRef<Path>) -> Result<Vec<String>, QrError> {
    decode_image_bytes(&read_image_file(path)?)
}

/// An image file's bytes, refusing one over [`MAX_FILE_BYTES`] before reading it whole.
pub fn read_image_file(path: impl AsRef<Path>) -> Result<Vec<u8>, QrError> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > MAX_FILE_BYTES {
        return Err(QrError::FileTooLarge { size, max: MAX_FILE_BYTES });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` guards against a file that grows while it is read.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(QrError::FileTooLarge { size: bytes.len() as u64, max: MAX_FILE_BYTES });
    }
    Ok(bytes)
}

/// Every QR payload in a grey image already in memory.
pub fn decode_luma(image: &GrayImage) -> Result<Vec<String>, QrError> {
    found(search_luma(image, &Options::default()))
}

/// Every QR payload in an RGBA image already in memory (a screen capture, a
/// clipboard image); transparent pixels count as white, then as black.
pub fn decode_rgba(image: &RgbaImage) -> Result<Vec<String>, QrError> {
    if !limits::size_ok(image.width(), image.height()) {
        return Err(QrError::TooLarge {
            width: image.width(),
            height: image.height(),
            max: MAX_PIXELS,
            max_side: MAX_SIDE,
        });
    }
    let loaded = load::rgba_to_grey(image);
    found(search_loaded(loaded, &Options::default(), Duration::ZERO))
}

/// Searches an image file's bytes with `options`, reporting where codes are and the time spent.
pub fn search_bytes(bytes: &[u8], options: &Options) -> Result<Report, QrError> {
    let start = Instant::now();
    let loaded = load::load(bytes)?;
    Ok(search_loaded(loaded, options, start.elapsed()))
}

/// Searches a grey image with `options`.
pub fn search_luma(image: &GrayImage, options: &Options) -> Report {
    run(image, None, options, Duration::ZERO)
}

fn search_loaded(loaded: load::Loaded, options: &Options, load_time: Duration) -> Report {
    run(&loaded.luma, loaded.on_black.as_ref(), options, load_time)
}

fn run(luma: &GrayImage, on_black: Option<&GrayImage>, options: &Options, load_time: Duration) -> Report {
    let start = Instant::now();
    let mut found = ladder::run(luma, options.budget, options.strategy);
    if found.is_empty() {
        // A light code on a transparent background (made for a dark page) is
        // invisible over white; the same pixels over black show it.
        if let Some(black) = on_black {
            let left = options.budget.saturating_sub(start.elapsed());
            found = ladder::run(black, left, options.strategy);
        }
    }
    let codes = ladder::reading_order(found)
        .into_iter()
        .map(|f| Code {
            payload: f.hit.text,
            bounds: [f.hit.at.x0, f.hit.at.y0, f.hit.at.x1, f.hit.at.y1],
            found_by: f.rung,
        })
        .collect();
    Report { codes, load_time, search_time: start.elapsed() }
}

fn found(report: Report) -> Result<Vec<String>, QrError> {
    if report.codes.is_empty() {
        Err(QrError::NoQrCode)
    } else {
        Ok(report.payloads())
    }
}
