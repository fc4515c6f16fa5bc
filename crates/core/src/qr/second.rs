//! The second opinion: rqrr (a port of quirc), run on candidate regions.
//!
//! It finds fewer codes than the ZXing-class detector on whole screenshots,
//! but its own threshold and grid fitting read some that ZXing misses:
//! low-contrast grey codes and upscaled crops of very small modules.

use std::panic::{catch_unwind, AssertUnwindSafe};

use super::geom::{Hit, Rect, View};

/// All codes rqrr reads in a grey buffer; `view` maps its pixels to the original image.
pub(crate) fn scan(luma: &[u8], width: u32, height: u32, view: View) -> Vec<Hit> {
    let (w, h) = (width as usize, height as usize);
    if w < 21 || h < 21 || luma.len() != w * h {
        return Vec::new();
    }
    // rqrr asserts and indexes freely inside; a panic on a strange image must stay a miss.
    catch_unwind(AssertUnwindSafe(|| {
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| luma[y * w + x]);
        let mut hits = Vec::new();
        for grid in prepared.detect_grids() {
            if let Ok((_, text)) = grid.decode() {
                let corners = grid.bounds.map(|p| view.to_orig((p.x as f32, p.y as f32)));
                if let Some(at) = Rect::around(corners) {
                    hits.push(Hit { text, at });
                }
            }
        }
        hits
    }))
    .unwrap_or_default()
}
