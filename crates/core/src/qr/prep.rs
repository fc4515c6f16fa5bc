//! Cheap image operations for the ladder's second looks: crop, stretch, scale, invert, threshold.

use image::imageops::{self, FilterType};
use image::GrayImage;

use super::geom::{Rect, View};

/// The part of `img` inside `r` (clamped to the image), and how it maps back.
pub(crate) fn crop(img: &GrayImage, r: &Rect) -> Option<(GrayImage, View)> {
    let (w, h) = img.dimensions();
    let x0 = r.x0.max(0.0).floor() as u32;
    let y0 = r.y0.max(0.0).floor() as u32;
    let x1 = (r.x1.ceil().max(0.0) as u32).min(w);
    let y1 = (r.y1.ceil().max(0.0) as u32).min(h);
    if x1 <= x0 + 20 || y1 <= y0 + 20 {
        return None;
    }
    let part = imageops::crop_imm(img, x0, y0, x1 - x0, y1 - y0).to_image();
    Some((part, View { scale: 1.0, dx: x0 as f32, dy: y0 as f32 }))
}

/// Stretches the grey levels so the darkest 1% is black and the lightest 1% white:
/// a low-contrast code (grey on grey, soft dark mode) gets the contrast the
/// detectors' minimum dynamic range asks for.
pub(crate) fn stretch(img: &mut GrayImage) {
    let mut hist = [0u32; 256];
    for p in img.iter() {
        hist[*p as usize] += 1;
    }
    let n = img.len() as u32;
    let cut = n / 100;
    let (mut lo, mut hi) = (0usize, 255usize);
    let mut acc = 0;
    for (i, c) in hist.iter().enumerate() {
        acc += c;
        if acc > cut {
            lo = i;
            break;
        }
    }
    acc = 0;
    for (i, c) in hist.iter().enumerate().rev() {
        acc += c;
        if acc > cut {
            hi = i;
            break;
        }
    }
    if hi <= lo + 2 {
        return;
    }
    let span = (hi - lo) as u32;
    let lut: Vec<u8> = (0..256u32).map(|v| (v.saturating_sub(lo as u32) * 255 / span).min(255) as u8).collect();
    for p in img.iter_mut() {
        *p = lut[*p as usize];
    }
}

/// Scaled by `factor` with a smooth filter; bilinear keeps module centres where they were.
pub(crate) fn scale(img: &GrayImage, factor: f32, view: View) -> (GrayImage, View) {
    let (w, h) = img.dimensions();
    let nw = ((w as f32 * factor).round() as u32).max(1);
    let nh = ((h as f32 * factor).round() as u32).max(1);
    let out = imageops::resize(img, nw, nh, FilterType::Triangle);
    (out, View { scale: view.scale * factor, ..view })
}

/// Half size, averaging 2x2 blocks (fast; smooths JPEG noise and HiDPI blur).
pub(crate) fn half(img: &GrayImage, view: View) -> (GrayImage, View) {
    let (w, h) = (img.width() / 2, img.height() / 2);
    let mut out = GrayImage::new(w.max(1), h.max(1));
    let src = img.as_raw();
    let stride = img.width() as usize;
    for y in 0..h as usize {
        let r0 = &src[2 * y * stride..];
        let r1 = &src[(2 * y + 1) * stride..];
        for x in 0..w as usize {
            let s = u32::from(r0[2 * x]) + u32::from(r0[2 * x + 1]) + u32::from(r1[2 * x]) + u32::from(r1[2 * x + 1]);
            out.as_mut()[y * w as usize + x] = ((s + 2) / 4) as u8;
        }
    }
    (out, View { scale: view.scale * 0.5, ..view })
}

/// Otsu's global threshold, as black (0) and white (255).
pub(crate) fn otsu(img: &GrayImage) -> GrayImage {
    let mut hist = [0u64; 256];
    for p in img.iter() {
        hist[*p as usize] += 1;
    }
    let total = img.len() as f64;
    let sum: f64 = hist.iter().enumerate().map(|(i, c)| i as f64 * *c as f64).sum();
    let (mut w_b, mut sum_b, mut best, mut t) = (0.0, 0.0, 0.0, 128u8);
    for (i, c) in hist.iter().enumerate() {
        w_b += *c as f64;
        if w_b == 0.0 {
            continue;
        }
        let w_f = total - w_b;
        if w_f == 0.0 {
            break;
        }
        sum_b += i as f64 * *c as f64;
        let (m_b, m_f) = (sum_b / w_b, (sum - sum_b) / w_f);
        let between = w_b * w_f * (m_b - m_f) * (m_b - m_f);
        if between > best {
            best = between;
            t = i as u8;
        }
    }
    let mut out = img.clone();
    for p in out.iter_mut() {
        *p = if *p <= t { 0 } else { 255 };
    }
    out
}

/// Light for dark and dark for light.
pub(crate) fn invert(img: &GrayImage) -> GrayImage {
    let mut out = img.clone();
    for p in out.iter_mut() {
        *p = 255 - *p;
    }
    out
}
