//! Label placement without overlaps.
//!
//! Greedy placement: labels are placed in priority order; each tries
//! positions around its point on rings of growing distance and takes the
//! first that overlaps no placed label, no data point and stays inside the
//! plot. A label that cannot be placed is left out (the caller decides
//! whether that is acceptable), so labels never overlap.

/// An axis-aligned box in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn around((x, y): (f64, f64), r: f64) -> Rect {
        Rect {
            x0: x - r,
            y0: y - r,
            x1: x + r,
            y1: y + r,
        }
    }

    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn inside(&self, b: &Rect) -> bool {
        self.x0 >= b.x0 && self.x1 <= b.x1 && self.y0 >= b.y0 && self.y1 <= b.y1
    }

    /// The point of the box nearest to `p` (where a leader line ends).
    pub fn nearest(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (x.clamp(self.x0, self.x1), y.clamp(self.y0, self.y1))
    }
}

/// A placed label: its box and whether it sits far enough from its point
/// to need a leader line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placed {
    pub rect: Rect,
    pub leader: bool,
}

/// Place labels of `sizes` (width, height) next to `anchors`, in the order
/// given (most important first). `obstacles` are boxes labels must avoid
/// (typically every data point); `bounds` is where labels may go.
pub(crate) fn place(
    anchors: &[(f64, f64)],
    sizes: &[(f64, f64)],
    obstacles: &[Rect],
    bounds: Rect,
    rings: usize,
) -> Vec<Option<Placed>> {
    let mut placed: Vec<Rect> = Vec::new();
    let mut out = Vec::with_capacity(anchors.len());
    for (&(ax, ay), &(w, h)) in anchors.iter().zip(sizes) {
        let mut found = None;
        'rings: for ring in 0..rings.max(1) {
            let d = 5.0 + 9.0 * ring as f64;
            // Right, left, above, below first: they read best.
            let dirs: &[(f64, f64)] = &[
                (1.0, 0.0),
                (-1.0, 0.0),
                (0.0, -1.0),
                (0.0, 1.0),
                (1.0, -1.0),
                (1.0, 1.0),
                (-1.0, -1.0),
                (-1.0, 1.0),
            ];
            for &(dx, dy) in dirs {
                let cx = ax + dx * d;
                let cy = ay + dy * d;
                let x0 = if dx > 0.0 {
                    cx
                } else if dx < 0.0 {
                    cx - w
                } else {
                    cx - w / 2.0
                };
                let y0 = if dy > 0.0 {
                    cy
                } else if dy < 0.0 {
                    cy - h
                } else {
                    cy - h / 2.0
                };
                let r = Rect {
                    x0,
                    y0,
                    x1: x0 + w,
                    y1: y0 + h,
                };
                if r.inside(&bounds)
                    && !placed.iter().any(|p| p.overlaps(&r))
                    && !obstacles.iter().any(|o| o.overlaps(&r))
                {
                    found = Some(Placed {
                        rect: r,
                        leader: ring > 1,
                    });
                    break 'rings;
                }
            }
        }
        if let Some(p) = found {
            placed.push(p.rect);
        }
        out.push(found);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crowded_labels_do_not_overlap() {
        // Ten points on top of each other: every placed label is clear of the others.
        let anchors = vec![(200.0, 200.0); 10];
        let sizes = vec![(60.0, 14.0); 10];
        let obstacles: Vec<Rect> = anchors.iter().map(|&a| Rect::around(a, 4.0)).collect();
        let bounds = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 400.0,
            y1: 400.0,
        };
        let placed: Vec<Rect> = place(&anchors, &sizes, &obstacles, bounds, 12)
            .into_iter()
            .flatten()
            .map(|p| p.rect)
            .collect();
        assert_eq!(placed.len(), 10, "all ten fit in a 400px square");
        for (i, a) in placed.iter().enumerate() {
            assert!(a.inside(&bounds));
            for b in &placed[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
        }
    }
}
