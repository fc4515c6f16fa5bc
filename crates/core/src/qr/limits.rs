//! How much image Twofold agrees to decode, and why those numbers.
//!
//! A hostile file can declare a huge canvas in a few bytes (a "decompression
//! bomb"): a PNG header may say 50,000 x 50,000 pixels, which would need
//! gigabytes. The declared size is checked against these limits before any
//! pixel is decoded, and [`image::Limits`] bounds what the decoder allocates.

/// Most pixels in an image accepted for scanning: 40 million.
///
/// Enough for the largest real screenshots: a 5K display is 14.7 million
/// pixels, three 4K monitors side by side 24.9 million. Decoding that many
/// pixels takes about 160 MB of memory at most, briefly.
pub const MAX_PIXELS: u64 = 40_000_000;

/// Longest side accepted, in pixels (a row of monitors stays well under it).
pub const MAX_SIDE: u32 = 16_384;

/// Largest image file accepted, in bytes: 64 MiB.
///
/// A 5K screenshot is 5–15 MB as PNG and about 44 MB as uncompressed BMP.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Most memory the image decoder may allocate (pixels plus its own buffers).
pub(crate) const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// The decoder limits that go with the constants above.
pub(crate) fn decoder_limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

/// Whether a declared size is within [`MAX_PIXELS`] and [`MAX_SIDE`].
pub(crate) fn size_ok(width: u32, height: u32) -> bool {
    width <= MAX_SIDE && height <= MAX_SIDE && u64::from(width) * u64::from(height) <= MAX_PIXELS
}
