//! Where a code or a candidate sits, in the pixels of the original image.

/// An axis-aligned box in original-image pixels (`x0 <= x1`, `y0 <= y1`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    /// The smallest box holding these points.
    pub fn around(points: impl IntoIterator<Item = (f32, f32)>) -> Option<Rect> {
        let mut it = points.into_iter().filter(|(x, y)| x.is_finite() && y.is_finite());
        let (x, y) = it.next()?;
        let mut r = Rect { x0: x, y0: y, x1: x, y1: y };
        for (x, y) in it {
            r.x0 = r.x0.min(x);
            r.y0 = r.y0.min(y);
            r.x1 = r.x1.max(x);
            r.y1 = r.y1.max(y);
        }
        Some(r)
    }

    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    /// Grown by `by` times its size on every side (a quiet zone and some slack).
    pub fn grown(&self, by: f32) -> Rect {
        let (dx, dy) = (self.width().max(self.height()) * by, self.width().max(self.height()) * by);
        Rect { x0: self.x0 - dx, y0: self.y0 - dy, x1: self.x1 + dx, y1: self.y1 + dy }
    }

    /// Fraction of the smaller box covered by the other.
    pub fn overlap(&self, o: &Rect) -> f32 {
        let w = (self.x1.min(o.x1) - self.x0.max(o.x0)).max(0.0);
        let h = (self.y1.min(o.y1) - self.y0.max(o.y0)).max(0.0);
        let smaller = (self.width() * self.height()).min(o.width() * o.height()).max(1.0);
        w * h / smaller
    }
}

/// How a working image maps back to the original: `orig = offset + p / scale`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct View {
    pub scale: f32,
    pub dx: f32,
    pub dy: f32,
}

impl View {
    pub const IDENTITY: View = View { scale: 1.0, dx: 0.0, dy: 0.0 };

    pub fn to_orig(self, (x, y): (f32, f32)) -> (f32, f32) {
        (self.dx + x / self.scale, self.dy + y / self.scale)
    }
}

/// A code found: its text and where it is.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub text: String,
    pub at: Rect,
}
