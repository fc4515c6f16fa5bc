//! The first detector: rxing's port of ZXing-C++'s QR reader.
//!
//! Called through its parts (binarise, find finder patterns, group them,
//! sample, decode) rather than through `QrReader`, so that finder-pattern
//! triples that fail to decode are not thrown away: they are the cheapest and
//! best candidate regions for the ladder's second looks.

use std::panic::{catch_unwind, AssertUnwindSafe};

use rxing::common::cpp_essentials::ConcentricPattern;
use rxing::common::{BitMatrix, DetectorRXingResult, GlobalHistogramBinarizer, HybridBinarizer};
use rxing::qrcode::cpp_port::decoder::Decode;
use rxing::qrcode::cpp_port::detector::{FindFinderPatterns, GenerateFinderPatternSets, SampleQR};
use rxing::{Binarizer, BinaryBitmap, Luma8Source, RXingResult};

use super::geom::{Hit, Rect, View};

/// How grey becomes black and white before the finder pattern search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Threshold {
    /// ZXing's local (8x8 block) threshold: the default; handles shadows and gradients.
    Local,
    /// One threshold for the whole image: better for blurred, low-contrast codes.
    Global,
}

/// What one run found: codes, and finder-pattern groups that did not decode.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub hits: Vec<Hit>,
    /// Regions (original pixels) where three finder patterns line up but no
    /// code was read, with the module size (original pixels) they suggest.
    pub near_misses: Vec<(Rect, f32)>,
    /// Lone finder patterns not part of any decoded code, as (centre, size) in original pixels.
    pub loose_patterns: Vec<((f32, f32), f32)>,
}

/// Runs the detector on a grey buffer; `view` maps its pixels to the original image.
pub(crate) fn scan(luma: &[u8], width: u32, height: u32, threshold: Threshold, invert: bool, view: View) -> Scan {
    if width < 21 || height < 21 || luma.len() != width as usize * height as usize {
        return Scan::default();
    }
    // rxing is a port with `unwrap`s inside; a panic on a strange image must not take the app down.
    catch_unwind(AssertUnwindSafe(|| {
        let Ok(source) = Luma8Source::new_with_slice(luma, width, height) else {
            return Scan::default();
        };
        match threshold {
            Threshold::Local => run(BinaryBitmap::new(HybridBinarizer::new(source)), invert, view),
            Threshold::Global => run(BinaryBitmap::new(GlobalHistogramBinarizer::new(source)), invert, view),
        }
    }))
    .unwrap_or_default()
}

fn run<B: Binarizer>(mut bitmap: BinaryBitmap<B>, invert: bool, view: View) -> Scan {
    if invert {
        bitmap.invert();
    }
    let matrix = bitmap.get_black_matrix();
    scan_matrix(matrix, view)
}

fn scan_matrix(matrix: &BitMatrix, view: View) -> Scan {
    let mut scan = Scan::default();
    // Try harder: look on every row, so small codes on a big screen are not skipped.
    let mut patterns = FindFinderPatterns(matrix, true, 0);
    let all_patterns = patterns.clone();
    let sets = GenerateFinderPatternSets(&mut patterns);
    let mut used: Vec<ConcentricPattern> = Vec::new();
    for set in sets {
        if used.contains(&set.bl) || used.contains(&set.tl) || used.contains(&set.tr) {
            continue;
        }
        let corners = [set.bl, set.tl, set.tr].map(|p| view.to_orig((p.p.x, p.p.y)));
        let Some(area) = Rect::around(corners) else { continue };
        let decoded = SampleQR(matrix, &set).ok().and_then(|det| {
            let points = det.getPoints().to_vec();
            let result = Decode(det.getBits()).ok().filter(|r| r.isValid())?;
            Some((result, points))
        });
        match decoded {
            Some((result, points)) => {
                used.extend([set.bl, set.tl, set.tr]);
                let at = Rect::around(points.iter().map(|p| view.to_orig((p.x, p.y)))).unwrap_or(area);
                let result = RXingResult::with_decoder_result(result, &points, rxing::BarcodeFormat::QR_CODE);
                scan.hits.push(Hit { text: result.getText().to_owned(), at });
            }
            None => {
                // The three patterns' centres; the code reaches 3.5 modules past them.
                let module = (set.tl.size as f32 / 7.0 / view.scale).max(1.0);
                let grown = Rect {
                    x0: area.x0 - 8.0 * module,
                    y0: area.y0 - 8.0 * module,
                    x1: area.x1 + 8.0 * module,
                    y1: area.y1 + 8.0 * module,
                };
                if !scan.near_misses.iter().any(|(r, _)| r.overlap(&grown) > 0.8) {
                    scan.near_misses.push((grown, module));
                }
            }
        }
    }
    for p in all_patterns {
        if !used.contains(&p) {
            scan.loose_patterns.push((view.to_orig((p.p.x, p.p.y)), p.size as f32 / view.scale));
        }
    }
    scan
}
