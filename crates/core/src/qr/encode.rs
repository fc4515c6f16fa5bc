//! Payloads to QR codes: a module grid, and a PNG of it (for showing a code
//! to a phone app, as an export does).

use std::io::Cursor;

use image::{GrayImage, ImageFormat, Luma};
use rxing::qrcode::common::ErrorCorrectionLevel;
use rxing::qrcode::encoder::qrcode_encoder;

use super::QrError;

/// Error correction: how much of a code may be lost and still read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum EcLevel {
    /// About 7%: the densest code, for long payloads such as a Google export.
    L,
    /// About 15%: what most sites use.
    #[default]
    M,
    /// About 25%.
    Q,
    /// About 30%: room for a logo over the centre.
    H,
}

/// A QR code's modules: `size` x `size`, row by row, `true` for dark. No quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modules {
    /// Modules per side (21 for version 1, 4 more per version).
    pub size: usize,
    /// `size * size` modules, row by row.
    pub dark: Vec<bool>,
}

impl Modules {
    /// Whether the module at column `x`, row `y` is dark (`false` outside the code).
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.dark[y * self.size + x]
    }
}

/// The modules of a QR code holding `payload`, at error correction `ec`.
///
/// The encoder picks the smallest version and the best mask. A payload too
/// long for any version is [`QrError::Encode`].
pub fn encode_modules(payload: &str, ec: EcLevel) -> Result<Modules, QrError> {
    let level = match ec {
        EcLevel::L => ErrorCorrectionLevel::L,
        EcLevel::M => ErrorCorrectionLevel::M,
        EcLevel::Q => ErrorCorrectionLevel::Q,
        EcLevel::H => ErrorCorrectionLevel::H,
    };
    let code = qrcode_encoder::encode(payload, level).map_err(|e| QrError::Encode(e.to_string()))?;
    let matrix = code.getMatrix().as_ref().ok_or_else(|| QrError::Encode("the encoder made no matrix".into()))?;
    let size = matrix.getWidth() as usize;
    let mut dark = Vec::with_capacity(size * size);
    for y in 0..size {
        for x in 0..size {
            dark.push(matrix.get(x as u32, y as u32) == 1);
        }
    }
    Ok(Modules { size, dark })
}

/// A black-on-white PNG of the code for `payload`: `scale` pixels per module
/// (1 to 64), with the standard quiet zone of four modules.
pub fn encode_png(payload: &str, scale: u32) -> Result<Vec<u8>, QrError> {
    let scale = scale.clamp(1, 64);
    let modules = encode_modules(payload, EcLevel::M)?;
    let side = (modules.size as u32 + 8) * scale;
    let img = GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = ((x / scale) as usize, (y / scale) as usize);
        let dark = mx >= 4 && my >= 4 && modules.is_dark(mx - 4, my - 4);
        Luma([if dark { 0 } else { 255 }])
    });
    let mut png = Vec::new();
    img.write_to(&mut Cursor::new(&mut png), ImageFormat::Png).map_err(|e| QrError::Encode(e.to_string()))?;
    Ok(png)
}
