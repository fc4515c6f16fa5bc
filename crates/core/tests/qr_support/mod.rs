//! Deterministic test images of QR codes as screenshots show them: every
//! picture is drawn here, from a seed, so no fixture file is needed.
#![allow(dead_code)]

use std::io::Cursor;
use std::time::Duration;

use image::imageops::{self, FilterType};
use image::{ImageFormat, Rgb, RgbImage};
use twofold_core::qr::{self, EcLevel, Modules, Options, QrError};

/// A tiny xorshift generator: the same images on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n.max(1))) as u32
    }
}

/// A setup URI like a site's, different for each `n`.
pub fn uri(n: u32) -> String {
    const B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut rng = Rng::new(u64::from(n) + 7);
    let secret: String = (0..32).map(|_| B32[rng.below(32) as usize] as char).collect();
    format!("otpauth://totp/Example{n}:alice{n}@example.com?secret={secret}&issuer=Example{n}")
}

pub const BLACK: [u8; 3] = [0, 0, 0];
pub const WHITE: [u8; 3] = [255, 255, 255];

/// The code for `payload`, `module` pixels per module (fractional allowed:
/// drawn 8x larger and area-averaged, as a browser rasterises an SVG), with
/// `quiet` modules of margin.
pub fn render(payload: &str, ec: EcLevel, module: f32, quiet: u32, fg: [u8; 3], bg: [u8; 3]) -> RgbImage {
    let m = qr::encode_modules(payload, ec).expect("encodes");
    render_modules(&m, module, quiet, fg, bg)
}

pub fn render_modules(m: &Modules, module: f32, quiet: u32, fg: [u8; 3], bg: [u8; 3]) -> RgbImage {
    let ss = if (module - module.round()).abs() < 1e-3 { 1.0 } else { 8.0 };
    let unit = (module * ss).round().max(1.0) as u32;
    let n = m.size as u32 + 2 * quiet;
    let big = RgbImage::from_fn(n * unit, n * unit, |x, y| {
        let (mx, my) = ((x / unit) as i64 - i64::from(quiet), (y / unit) as i64 - i64::from(quiet));
        let dark = mx >= 0 && my >= 0 && m.is_dark(mx as usize, my as usize);
        Rgb(if dark { fg } else { bg })
    });
    if ss == 1.0 {
        big
    } else {
        let side = (n as f32 * module).round() as u32;
        imageops::resize(&big, side, side, FilterType::Triangle)
    }
}

/// A settings-page-like canvas: a background with lines of "text" (short dark dashes).
pub fn page(w: u32, h: u32, bg: [u8; 3], text: [u8; 3], seed: u64) -> RgbImage {
    let mut img = RgbImage::from_pixel(w, h, Rgb(bg));
    let mut rng = Rng::new(seed);
    let mut y = 20;
    while y + 12 < h {
        let mut x = 20 + rng.below(30);
        let end = w.saturating_sub(20 + rng.below(w / 3 + 1));
        while x + 10 < end {
            let word = 8 + rng.below(40);
            fill(&mut img, x, y, word.min(end - x), 9, text);
            x += word + 6;
        }
        y += 22 + rng.below(10);
    }
    img
}

pub fn fill(img: &mut RgbImage, x: u32, y: u32, w: u32, h: u32, c: [u8; 3]) {
    for yy in y..(y + h).min(img.height()) {
        for xx in x..(x + w).min(img.width()) {
            img.put_pixel(xx, yy, Rgb(c));
        }
    }
}

/// `top` over `base` at (x, y), clipped.
pub fn paste(base: &mut RgbImage, top: &RgbImage, x: u32, y: u32) {
    imageops::replace(base, top, i64::from(x), i64::from(y));
}

/// Scaled by `f` with bilinear filtering (CSS scaling, HiDPI, shrinking a screenshot).
pub fn scale(img: &RgbImage, f: f32) -> RgbImage {
    let w = ((img.width() as f32 * f).round() as u32).max(1);
    let h = ((img.height() as f32 * f).round() as u32).max(1);
    imageops::resize(img, w, h, FilterType::Triangle)
}

/// Rotated by `deg` about the centre (bilinear), corners filled with `bg`.
pub fn rotate(img: &RgbImage, deg: f32, bg: [u8; 3]) -> RgbImage {
    let (w, h) = (img.width() as f32, img.height() as f32);
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w / 2.0, h / 2.0);
    RgbImage::from_fn(img.width(), img.height(), |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        let (sx, sy) = (c * dx + s * dy + cx, -s * dx + c * dy + cy);
        if sx < 0.0 || sy < 0.0 || sx >= w - 1.0 || sy >= h - 1.0 {
            return Rgb(bg);
        }
        let (x0, y0) = (sx.floor() as u32, sy.floor() as u32);
        let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
        let mut out = [0u8; 3];
        for (k, o) in out.iter_mut().enumerate() {
            let p = |xx: u32, yy: u32| f32::from(img.get_pixel(xx, yy).0[k]);
            let top = p(x0, y0) * (1.0 - fx) + p(x0 + 1, y0) * fx;
            let bot = p(x0, y0 + 1) * (1.0 - fx) + p(x0 + 1, y0 + 1) * fx;
            *o = (top * (1.0 - fy) + bot * fy).round() as u8;
        }
        Rgb(out)
    })
}

/// A busy "wallpaper": gradients, blocks of colour and noise.
pub fn busy(w: u32, h: u32, seed: u64) -> RgbImage {
    let mut rng = Rng::new(seed);
    let mut img = RgbImage::from_fn(w, h, |x, y| Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 128]));
    for _ in 0..40 {
        let (x, y) = (rng.below(w), rng.below(h));
        let c = [rng.below(256) as u8, rng.below(256) as u8, rng.below(256) as u8];
        fill(&mut img, x, y, 20 + rng.below(200), 20 + rng.below(200), c);
    }
    for p in img.pixels_mut() {
        let n = rng.below(31) as i16 - 15;
        for v in p.0.iter_mut() {
            *v = (i16::from(*v) + n).clamp(0, 255) as u8;
        }
    }
    img
}

/// A window with a soft shadow, pasted on `base`.
pub fn window_with_shadow(base: &mut RgbImage, win: &RgbImage, x: u32, y: u32) {
    let r = 16;
    for yy in y.saturating_sub(r)..(y + win.height() + 2 * r).min(base.height()) {
        for xx in x.saturating_sub(r)..(x + win.width() + 2 * r).min(base.width()) {
            // Darker the nearer the window, offset down and right.
            let dx = (x as i64 + 4 - xx as i64).max(xx as i64 - (x + win.width()) as i64 - 4).max(0);
            let dy = (y as i64 + 8 - yy as i64).max(yy as i64 - (y + win.height()) as i64 - 8).max(0);
            let d = ((dx * dx + dy * dy) as f32).sqrt();
            let k = (d / r as f32).min(1.0) * 0.5 + 0.5;
            let p = base.get_pixel_mut(xx, yy);
            for v in p.0.iter_mut() {
                *v = (f32::from(*v) * k) as u8;
            }
        }
    }
    paste(base, win, x, y);
}

/// A mouse arrow (black, white outline) with its tip at (x, y), `size` px tall.
pub fn cursor(img: &mut RgbImage, x: u32, y: u32, size: u32) {
    for dy in 0..size {
        let width = dy * 2 / 3;
        for dx in 0..=width {
            let edge = dx == 0 || dx == width || dy + 1 == size;
            let (px, py) = (x + dx, y + dy);
            if px < img.width() && py < img.height() {
                img.put_pixel(px, py, Rgb(if edge { WHITE } else { BLACK }));
            }
        }
    }
}

pub fn blur(img: &RgbImage, sigma: f32) -> RgbImage {
    imageops::blur(img, sigma)
}

pub fn invert(img: &mut RgbImage) {
    imageops::invert(img);
}

/// Encoded in `format`; JPEG at `quality`.
pub fn encode(img: &RgbImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    match format {
        ImageFormat::Gif => {
            let rgba = image::DynamicImage::ImageRgb8(img.clone()).to_rgba8();
            rgba.write_to(&mut Cursor::new(&mut out), format).expect("encodes");
        }
        _ => img.write_to(&mut Cursor::new(&mut out), format).expect("encodes"),
    }
    out
}

pub fn jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    img.write_with_encoder(enc).expect("encodes");
    out
}

pub fn png(img: &RgbImage) -> Vec<u8> {
    encode(img, ImageFormat::Png)
}

/// Decodes with a generous budget: the tests check what can be read, not how
/// fast an unoptimised test build reads it.
pub fn decode(bytes: &[u8]) -> Result<Vec<String>, QrError> {
    let report = qr::search_bytes(bytes, &Options::with_budget(Duration::from_secs(30)))?;
    if report.codes.is_empty() {
        return Err(QrError::NoQrCode);
    }
    Ok(report.payloads())
}

/// A light page with the code pasted at (x, y).
pub fn on_page(code: &RgbImage, w: u32, h: u32, x: u32, y: u32, seed: u64) -> RgbImage {
    let mut img = page(w, h, [246, 247, 249], [90, 96, 104], seed);
    fill(&mut img, x.saturating_sub(10), y.saturating_sub(10), code.width() + 20, code.height() + 20, WHITE);
    paste(&mut img, code, x, y);
    img
}
