//! Bytes to one grey image: format by magic bytes, size checked before decoding.

use std::io::Cursor;

use image::{DynamicImage, GrayImage, ImageFormat, ImageReader};

use super::limits::{decoder_limits, size_ok, MAX_FILE_BYTES, MAX_PIXELS, MAX_SIDE};
use super::QrError;

/// The formats screenshots and saved QR codes come in.
const READ_FORMATS: [ImageFormat; 5] =
    [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::WebP, ImageFormat::Bmp, ImageFormat::Gif];

/// A decoded picture in grey, plus whether it had see-through pixels.
pub(crate) struct Loaded {
    /// Luma, with transparent pixels laid over white.
    pub luma: GrayImage,
    /// The same laid over black, when the image has transparency: a light
    /// code with a transparent background (made for dark pages) vanishes on white.
    pub on_black: Option<GrayImage>,
}

/// Whether these bytes start like a picture (by magic bytes, not by file name).
///
/// True for any image format the `image` crate knows by its magic bytes, also
/// those Twofold does not decode (TIFF, ...): decoding those answers
/// [`QrError::UnsupportedFormat`], which is more helpful than "not text".
/// The first 32 bytes of a file are enough.
pub fn is_image(bytes: &[u8]) -> bool {
    image::guess_format(bytes).is_ok()
}

/// Decodes the first frame of a PNG, JPEG, WebP, BMP or GIF into grey.
pub(crate) fn load(bytes: &[u8]) -> Result<Loaded, QrError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(QrError::FileTooLarge { size: bytes.len() as u64, max: MAX_FILE_BYTES });
    }
    let format = match image::guess_format(bytes) {
        Ok(f) => f,
        Err(_) if looks_like_svg(bytes) => return Err(QrError::UnsupportedFormat { format: "SVG".into() }),
        Err(_) => return Err(QrError::NotAnImage),
    };
    if !READ_FORMATS.contains(&format) {
        return Err(QrError::UnsupportedFormat { format: format_name(format) });
    }
    // Only the header is read here: a bomb is refused before a single pixel is decoded.
    let (width, height) =
        ImageReader::with_format(Cursor::new(bytes), format).into_dimensions().map_err(|e| map_error(e, format, 0, 0))?;
    if !size_ok(width, height) {
        return Err(too_large(width, height));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(decoder_limits());
    let image = reader.decode().map_err(|e| map_error(e, format, width, height))?;
    Ok(to_grey(&image))
}

/// Grey from any decoded image, with a fast path for the 8-bit RGB(A) screenshots are.
pub(crate) fn to_grey(image: &DynamicImage) -> Loaded {
    match image {
        DynamicImage::ImageLuma8(g) => Loaded { luma: g.clone(), on_black: None },
        DynamicImage::ImageRgb8(rgb) => {
            let mut luma = GrayImage::new(rgb.width(), rgb.height());
            for (dst, px) in luma.iter_mut().zip(rgb.pixels()) {
                *dst = grey(px.0[0], px.0[1], px.0[2]);
            }
            Loaded { luma, on_black: None }
        }
        DynamicImage::ImageRgba8(rgba) => rgba_to_grey(rgba),
        other => rgba_to_grey(&other.to_rgba8()),
    }
}

/// Grey over white, and over black too when any pixel is see-through.
pub(crate) fn rgba_to_grey(rgba: &image::RgbaImage) -> Loaded {
    let (w, h) = rgba.dimensions();
    let mut luma = GrayImage::new(w, h);
    let mut transparent = false;
    for (dst, px) in luma.iter_mut().zip(rgba.pixels()) {
        let [r, g, b, a] = px.0;
        let y = grey(r, g, b);
        transparent |= a < 250;
        // Over white: y*a + 255*(1-a).
        *dst = ((u32::from(y) * u32::from(a) + 255 * (255 - u32::from(a)) + 127) / 255) as u8;
    }
    let on_black = transparent.then(|| {
        let mut black = GrayImage::new(w, h);
        for (dst, px) in black.iter_mut().zip(rgba.pixels()) {
            let [r, g, b, a] = px.0;
            *dst = ((u32::from(grey(r, g, b)) * u32::from(a) + 127) / 255) as u8;
        }
        black
    });
    Loaded { luma, on_black }
}

/// Rec. 601 luma in integers (what ZXing uses; the weights matter little for QR).
fn grey(r: u8, g: u8, b: u8) -> u8 {
    ((306 * u32::from(r) + 601 * u32::from(g) + 117 * u32::from(b) + 512) >> 10) as u8
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    text.contains("<svg") || (text.trim_start().starts_with("<?xml") && text.contains("svg"))
}

fn too_large(width: u32, height: u32) -> QrError {
    QrError::TooLarge { width, height, max: MAX_PIXELS, max_side: MAX_SIDE }
}

fn map_error(e: image::ImageError, format: ImageFormat, width: u32, height: u32) -> QrError {
    use image::ImageError;
    match e {
        ImageError::Limits(_) => too_large(width, height),
        // A variant of the format the decoder does not handle (an unusual PNG colour type, ...).
        ImageError::Unsupported(_) => QrError::UnsupportedFormat { format: format!("this kind of {}", format_name(format)) },
        other => QrError::Corrupt { reason: other.to_string() },
    }
}

/// `PNG`, `JPEG`, `TIFF`: how people name the format.
fn format_name(format: ImageFormat) -> String {
    format.extensions_str().first().map_or_else(|| format!("{format:?}"), |e| e.to_uppercase())
}
