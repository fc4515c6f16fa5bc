//! The decoder: a fast detector on the whole image, then a bounded ladder of
//! second looks, cheapest first, until something is read or time is up.
//!
//! 1. ZXing-class detector (rxing) on the whole image, local threshold. Nearly
//!    every screenshot ends here, in a few milliseconds.
//! 2. The same on the inverted image (a light code on a dark page).
//! 3. The same at half size (blurred, noisy or HiDPI-enlarged codes), and
//!    with a global threshold (a grey code on a white page, where the local
//!    threshold turns the grey quiet zone black).
//! 4. Candidate regions: finder-pattern triples that did not decode, square
//!    patches dense with edges, lone finder patterns. Each is cropped, its
//!    contrast stretched, scaled so modules are about 4–6 px (bilinear, so a
//!    module centre keeps its grey value), and read by rxing (local
//!    threshold, then Otsu's), then by rqrr (the second opinion), each
//!    straight and inverted.
//! 5. rqrr on the whole image, straight and inverted.
//!
//! Every rung checks the time budget first, so an image with no code costs
//! a bounded time.

use std::time::{Duration, Instant};

use image::GrayImage;

use super::geom::{Hit, Rect, View};
use super::zxing::{self, Threshold};
use super::{prep, region, second, Strategy};

/// A code found, with the rung that found it (for benchmarks and tracing).
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub hit: Hit,
    pub rung: &'static str,
}

struct Ladder<'a> {
    img: &'a GrayImage,
    deadline: Instant,
    found: Vec<Found>,
    /// Finder-pattern triples that did not decode, with their module size.
    near_misses: Vec<(Rect, f32)>,
    /// Lone finder patterns: centre and size.
    loose: Vec<((f32, f32), f32)>,
    /// Regions already read closely, not to be read twice.
    tried: Vec<Rect>,
}

impl Ladder<'_> {
    fn out_of_time(&self) -> bool {
        Instant::now() >= self.deadline
    }

    /// With `TWOFOLD_QR_TRACE` set, says on stderr what each rung did and when (for tuning).
    fn trace(&self, what: std::fmt::Arguments<'_>) {
        if std::env::var_os("TWOFOLD_QR_TRACE").is_some() {
            let left = self.deadline.saturating_duration_since(Instant::now());
            eprintln!("qr-trace\t{what}\tfound={}\tleft_ms={}", self.found.len(), left.as_millis());
        }
    }

    fn add(&mut self, hits: Vec<Hit>, rung: &'static str) -> bool {
        let mut any = false;
        for hit in hits {
            if !self.found.iter().any(|f| f.hit.text == hit.text) {
                self.found.push(Found { hit, rung });
                any = true;
            }
        }
        any
    }

    /// One rxing run; keeps its near misses and lone patterns for the region rung.
    fn zxing(&mut self, img: &GrayImage, threshold: Threshold, invert: bool, view: View, rung: &'static str) -> bool {
        let scan = zxing::scan(img.as_raw(), img.width(), img.height(), threshold, invert, view);
        self.trace(format_args!(
            "{rung} {threshold:?} invert={invert} {}x{} hits={} near={} loose={}",
            img.width(),
            img.height(),
            scan.hits.len(),
            scan.near_misses.len(),
            scan.loose_patterns.len()
        ));
        self.near_misses.extend(scan.near_misses);
        self.loose.extend(scan.loose_patterns);
        self.add(scan.hits, rung)
    }

    /// Whether a region is already read (inside a code found) or already tried.
    fn done(&self, r: &Rect) -> bool {
        self.found.iter().any(|f| f.hit.at.grown(0.1).overlap(r) > 0.5) || self.tried.iter().any(|t| t.overlap(r) > 0.7)
    }

    /// Crop, stretch, rescale and read one candidate region with both detectors.
    fn region(&mut self, r: &Rect, module: Option<f32>, rung: &'static str) -> bool {
        if self.done(r) || self.out_of_time() {
            return false;
        }
        self.tried.push(*r);
        let Some((mut crop, view)) = prep::crop(self.img, &r.grown(0.08)) else { return false };
        self.trace(format_args!("region {rung} {r:?} module={module:?}"));
        prep::stretch(&mut crop);
        // Aim for modules of about 4–6 px; when the size is unknown, the
        // region's size bounds it (a code is at least 21 modules across).
        let module = module.unwrap_or_else(|| (crop.width().min(crop.height()) as f32 / 33.0).max(1.0));
        let mut factors: Vec<f32> = if module < 2.5 {
            vec![3.0, 2.0]
        } else if module < 4.0 {
            vec![2.0, 1.0]
        } else {
            vec![1.0]
        };
        // Never blow a crop up past ~4 megapixels.
        let area = crop.width() as f32 * crop.height() as f32;
        factors.retain(|f| area * f * f <= 4.0e6);
        for factor in factors {
            if self.out_of_time() {
                return false;
            }
            let (scaled, v) = if factor == 1.0 { (crop.clone(), view) } else { prep::scale(&crop, factor, view) };
            for invert in [false, true] {
                if self.zxing(&scaled, Threshold::Local, invert, v, rung) {
                    return true;
                }
            }
            // Otsu's threshold on the crop alone: the region's own two grey levels.
            let otsu = prep::otsu(&scaled);
            for invert in [false, true] {
                if self.zxing(&otsu, Threshold::Local, invert, v, rung) {
                    return true;
                }
            }
            if self.out_of_time() {
                return false;
            }
            let inverted = prep::invert(&scaled);
            for img in [&scaled, &inverted] {
                if self.add(second::scan(img.as_raw(), img.width(), img.height(), v), "rqrr-region") {
                    return true;
                }
            }
        }
        false
    }
}

/// Every code in a grey image, in the order found.
pub(crate) fn run(img: &GrayImage, budget: Duration, strategy: Strategy) -> Vec<Found> {
    let mut l = Ladder {
        img,
        deadline: Instant::now() + budget,
        found: Vec::new(),
        near_misses: Vec::new(),
        loose: Vec::new(),
        tried: Vec::new(),
    };
    let id = View::IDENTITY;
    match strategy {
        Strategy::RqrrOnly => {
            let hits = second::scan(img.as_raw(), img.width(), img.height(), id);
            l.add(hits, "rqrr");
            return l.found;
        }
        Strategy::FastOnly => {
            l.zxing(img, Threshold::Local, false, id, "zxing");
            return l.found;
        }
        Strategy::Full => {}
    }

    // 1–2: the whole image, straight then inverted.
    if !l.zxing(img, Threshold::Local, false, id, "zxing") {
        l.zxing(img, Threshold::Local, true, id, "zxing-inverted");
    }
    // 3: half size, then a global threshold.
    if l.found.is_empty() && img.width().min(img.height()) >= 200 {
        let (small, v) = prep::half(img, id);
        for invert in [false, true] {
            if l.out_of_time() || l.zxing(&small, Threshold::Local, invert, v, "zxing-half") {
                break;
            }
        }
    }
    if l.found.is_empty() {
        for invert in [false, true] {
            if l.out_of_time() || l.zxing(img, Threshold::Global, invert, id, "zxing-global") {
                break;
            }
        }
    }
    // 4: candidate regions. Near misses also beside codes already read (a second code).
    let near: Vec<(Rect, f32)> = l.near_misses.clone();
    for (r, module) in near.into_iter().take(6) {
        l.region(&r, Some(module), "zxing-region");
    }
    if l.found.is_empty() {
        let patches = region::candidates(img, 5);
        l.trace(format_args!("patches {patches:?}"));
        for r in patches {
            l.region(&r, None, "zxing-patch");
        }
        // A lone finder pattern: a code of up to ~40 modules beside it.
        let loose = l.loose.clone();
        for ((x, y), size) in loose.into_iter().take(6) {
            let module = size / 7.0;
            let reach = module * 45.0;
            let r = Rect { x0: x - reach, y0: y - reach, x1: x + reach, y1: y + reach };
            l.region(&r, Some(module), "zxing-pattern");
        }
    }
    // 5: the second opinion on the whole image.
    if l.found.is_empty() && !l.out_of_time() {
        let hits = second::scan(img.as_raw(), img.width(), img.height(), id);
        if !l.add(hits, "rqrr") && !l.out_of_time() {
            let inv = prep::invert(img);
            let hits = second::scan(inv.as_raw(), inv.width(), inv.height(), id);
            l.add(hits, "rqrr-inverted");
        }
    }
    l.found
}

/// Sorts codes into reading order: rows from top to bottom, left to right in a row.
pub(crate) fn reading_order(mut found: Vec<Found>) -> Vec<Found> {
    found.sort_by(|a, b| a.hit.at.y0.total_cmp(&b.hit.at.y0));
    // Codes whose tops are within half a code of the row's first top share the row.
    let mut rows: Vec<Vec<Found>> = Vec::new();
    for f in found {
        match rows.last_mut() {
            Some(row) if (f.hit.at.y0 - row[0].hit.at.y0) < row[0].hit.at.height().max(1.0) / 2.0 => row.push(f),
            _ => rows.push(vec![f]),
        }
    }
    rows.into_iter()
        .flat_map(|mut row| {
            row.sort_by(|a, b| a.hit.at.x0.total_cmp(&b.hit.at.x0));
            row
        })
        .collect()
}
