//! Colour-blind-safe colours.
//!
//! Categories use Okabe & Ito's eight colours (distinguishable with every
//! common form of colour blindness). Continuous values use viridis, which
//! is perceptually uniform and readable in grey; signed values (z-scores,
//! keyness) use a blue–white–orange scale, the diverging pair that stays
//! apart for red–green colour blindness.

use plotters::style::RGBColor;
use serde::{Deserialize, Serialize};

/// An RGB colour as three bytes (serialisable, unlike plotters' type).
pub type Rgb = (u8, u8, u8);

/// The colours every chart draws with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Palette {
    /// Colours for categories, used in order and repeated when exhausted.
    pub categorical: Vec<Rgb>,
    /// Stops of the sequential scale, low to high.
    pub sequential: Vec<Rgb>,
    /// Stops of the diverging scale, most negative to most positive.
    pub diverging: Vec<Rgb>,
}

impl Default for Palette {
    fn default() -> Self {
        Palette::okabe_ito()
    }
}

impl Palette {
    /// Okabe–Ito categories, viridis, blue–orange: the default.
    pub fn okabe_ito() -> Self {
        Palette {
            // Okabe–Ito without black (kept for text and axes).
            categorical: vec![
                (0, 114, 178),   // blue
                (230, 159, 0),   // orange
                (0, 158, 115),   // bluish green
                (213, 94, 0),    // vermillion
                (86, 180, 233),  // sky blue
                (204, 121, 167), // reddish purple
                (240, 228, 66),  // yellow
                (100, 100, 100), // grey
            ],
            // viridis, nine stops.
            sequential: vec![
                (68, 1, 84),
                (71, 44, 122),
                (59, 81, 139),
                (44, 113, 142),
                (33, 144, 141),
                (39, 173, 129),
                (92, 200, 99),
                (170, 220, 50),
                (253, 231, 37),
            ],
            // blue – white – orange (ColorBrewer PuOr-like, blue end).
            diverging: vec![
                (33, 102, 172),
                (103, 169, 207),
                (209, 229, 240),
                (247, 247, 247),
                (253, 219, 199),
                (244, 165, 130),
                (214, 96, 77),
            ],
        }
    }

    /// The `i`-th categorical colour (cycling).
    pub fn category(&self, i: usize) -> RGBColor {
        if self.categorical.is_empty() {
            return RGBColor(80, 80, 80);
        }
        let (r, g, b) = self.categorical[i % self.categorical.len()];
        RGBColor(r, g, b)
    }

    /// Sequential colour for `t` in 0..=1 (clamped).
    pub fn seq(&self, t: f64) -> RGBColor {
        interpolate(&self.sequential, t)
    }

    /// Diverging colour for `t` in -1..=1 (clamped); 0 is the neutral middle.
    pub fn div(&self, t: f64) -> RGBColor {
        interpolate(&self.diverging, (t + 1.0) / 2.0)
    }
}

fn interpolate(stops: &[Rgb], t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.5
    };
    match stops.len() {
        0 => RGBColor(128, 128, 128),
        1 => RGBColor(stops[0].0, stops[0].1, stops[0].2),
        n => {
            let x = t * (n - 1) as f64;
            let i = (x.floor() as usize).min(n - 2);
            let f = x - i as f64;
            let mix =
                |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
            let (a, b) = (stops[i], stops[i + 1]);
            RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
        }
    }
}

/// Black or white, whichever reads better on `bg` (WCAG relative luminance).
pub fn text_on(bg: RGBColor) -> RGBColor {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(bg.0) + 0.7152 * lin(bg.1) + 0.0722 * lin(bg.2);
    // Contrast with black (l+0.05)/0.05 against white 1.05/(l+0.05).
    if (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) {
        RGBColor(20, 20, 20)
    } else {
        RGBColor(255, 255, 255)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_hit_their_ends_and_middle() {
        let p = Palette::default();
        assert_eq!(p.seq(0.0), RGBColor(68, 1, 84));
        assert_eq!(p.seq(1.0), RGBColor(253, 231, 37));
        assert_eq!(p.div(0.0), RGBColor(247, 247, 247));
        assert_eq!(p.div(-5.0), RGBColor(33, 102, 172));
        assert_eq!(p.category(8), p.category(0));
        assert_eq!(text_on(RGBColor(68, 1, 84)), RGBColor(255, 255, 255));
        assert_eq!(text_on(RGBColor(253, 231, 37)), RGBColor(20, 20, 20));
    }
}
