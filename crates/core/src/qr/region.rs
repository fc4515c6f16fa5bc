//! Cheap candidate regions where no finder pattern was seen: square patches
//! dense with edges in both directions, as QR modules make them.
//!
//! Used when the detector found nothing at all (modules too small for its
//! finder-pattern scan, or styled finder patterns); costs a few milliseconds
//! on a 4K screenshot.

use image::GrayImage;

use super::geom::Rect;

/// Cell side in pixels: small enough for a code of 21 modules at 1.3 px (27 px).
const CELL: usize = 6;
/// A grey step this large between neighbours is an edge.
const EDGE: i16 = 28;

/// Up to `max` regions (original pixels), the most code-like first.
pub(crate) fn candidates(img: &GrayImage, max: usize) -> Vec<Rect> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let (cw, ch) = (w / CELL, h / CELL);
    if cw < 4 || ch < 4 {
        return Vec::new();
    }
    let px = img.as_raw();
    // Per cell: horizontal and vertical edge counts.
    let mut hz = vec![0u16; cw * ch];
    let mut vt = vec![0u16; cw * ch];
    for y in 0..ch * CELL {
        let row = &px[y * w..(y + 1) * w];
        let below = (y + 1 < h).then(|| &px[(y + 1) * w..(y + 2) * w]);
        let cy = y / CELL;
        for x in 0..cw * CELL {
            let c = cy * cw + x / CELL;
            if x + 1 < w && (i16::from(row[x + 1]) - i16::from(row[x])).abs() > EDGE {
                hz[c] += 1;
            }
            if let Some(b) = below {
                if (i16::from(b[x]) - i16::from(row[x])).abs() > EDGE {
                    vt[c] += 1;
                }
            }
        }
    }
    // Summed over 3x3 cells, so the solid finder patterns of bigger modules
    // do not break a code into pieces. Modules make edges both ways; a rule
    // or the border of a box makes them one way only.
    let mut busy = vec![false; cw * ch];
    for cy in 0..ch {
        for cx in 0..cw {
            let (mut sh, mut sv) = (0u32, 0u32);
            for y in cy.saturating_sub(1)..(cy + 2).min(ch) {
                for x in cx.saturating_sub(1)..(cx + 2).min(cw) {
                    sh += u32::from(hz[y * cw + x]);
                    sv += u32::from(vt[y * cw + x]);
                }
            }
            busy[cy * cw + cx] = sh >= 24 && sv >= 24;
        }
    }
    let mut regions = components(&busy, cw, ch);
    regions.retain(|c| {
        let (bw, bh) = ((c.x1 - c.x0 + 1) as f32, (c.y1 - c.y0 + 1) as f32);
        let aspect = bw.min(bh) / bw.max(bh);
        let fill = c.cells as f32 / (bw * bh);
        bw >= 5.0 && bh >= 5.0 && aspect > 0.6 && fill > 0.55
    });
    regions.sort_by(|a, b| b.score().total_cmp(&a.score()));
    regions
        .into_iter()
        .take(max)
        .map(|c| Rect {
            x0: (c.x0 * CELL) as f32,
            y0: (c.y0 * CELL) as f32,
            x1: ((c.x1 + 1) * CELL) as f32,
            y1: ((c.y1 + 1) * CELL) as f32,
        })
        .collect()
}

struct Component {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
    cells: usize,
}

impl Component {
    /// Square, filled and large is most code-like.
    fn score(&self) -> f32 {
        let (bw, bh) = ((self.x1 - self.x0 + 1) as f32, (self.y1 - self.y0 + 1) as f32);
        let aspect = bw.min(bh) / bw.max(bh);
        let fill = self.cells as f32 / (bw * bh);
        aspect * fill * (self.cells as f32).sqrt()
    }
}

/// 4-connected groups of busy cells, with a flood fill on an explicit stack.
fn components(busy: &[bool], cw: usize, ch: usize) -> Vec<Component> {
    let mut seen = vec![false; busy.len()];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..busy.len() {
        if !busy[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let mut c = Component { x0: usize::MAX, y0: usize::MAX, x1: 0, y1: 0, cells: 0 };
        while let Some(i) = stack.pop() {
            let (x, y) = (i % cw, i / cw);
            c.x0 = c.x0.min(x);
            c.y0 = c.y0.min(y);
            c.x1 = c.x1.max(x);
            c.y1 = c.y1.max(y);
            c.cells += 1;
            let mut visit = |j: usize| {
                if busy[j] && !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            };
            if x > 0 {
                visit(i - 1);
            }
            if x + 1 < cw {
                visit(i + 1);
            }
            if y > 0 {
                visit(i - cw);
            }
            if y + 1 < ch {
                visit(i + cw);
            }
        }
        out.push(c);
    }
    out
}
