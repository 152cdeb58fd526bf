//! Text measurement with the embedded Noto Sans font.
//!
//! plotters' SVG backend has no font when its `ttf` feature is off: it
//! guesses every glyph as 0.7 em wide, which is far too wide for "i" and too
//! narrow for "W". The charts lay out labels themselves (margins, truncation,
//! label placement), so they measure text with the advance widths of the
//! very font resvg later draws it with. Only the `cmap`, `hmtx`, `hhea` and
//! `head` tables are read; kerning is ignored (a pixel or two per label).

use std::sync::OnceLock;

/// The font every chart is drawn and measured with.
pub(crate) const FONT_DATA: &[u8] = ttf_noto_sans::REGULAR;

/// The family name the embedded font registers under in fontdb.
pub(crate) const FONT_FAMILY: &str = "Noto Sans";

/// Advance widths of the embedded font, read once.
struct Metrics {
    data: &'static [u8],
    units_per_em: f64,
    num_hmetrics: usize,
    hmtx: usize,
    cmap: Cmap,
    /// Advance used for characters the font lacks (the width of "0").
    fallback: u16,
}

enum Cmap {
    /// Offset of a format 12 subtable (full Unicode).
    Format12(usize),
    /// Offset of a format 4 subtable (Basic Multilingual Plane).
    Format4(usize),
    None,
}

fn u16_at(d: &[u8], off: usize) -> Option<u16> {
    d.get(off..off + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
}

fn u32_at(d: &[u8], off: usize) -> Option<u32> {
    d.get(off..off + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn table(d: &[u8], tag: &[u8; 4]) -> Option<usize> {
    let n = u16_at(d, 4)? as usize;
    (0..n).find_map(|i| {
        let rec = 12 + 16 * i;
        (d.get(rec..rec + 4)? == tag)
            .then(|| u32_at(d, rec + 8).map(|o| o as usize))
            .flatten()
    })
}

impl Metrics {
    fn parse(data: &'static [u8]) -> Option<Metrics> {
        let head = table(data, b"head")?;
        let hhea = table(data, b"hhea")?;
        let hmtx = table(data, b"hmtx")?;
        let cmap_t = table(data, b"cmap")?;
        let units_per_em = f64::from(u16_at(data, head + 18)?);
        let num_hmetrics = usize::from(u16_at(data, hhea + 34)?);
        let mut cmap = Cmap::None;
        let n_sub = u16_at(data, cmap_t + 2)? as usize;
        for i in 0..n_sub {
            let rec = cmap_t + 4 + 8 * i;
            let (platform, encoding) = (u16_at(data, rec)?, u16_at(data, rec + 2)?);
            let off = cmap_t + u32_at(data, rec + 4)? as usize;
            let format = u16_at(data, off)?;
            match (platform, encoding, format) {
                (3, 10, 12) | (0, 4, 12) => cmap = Cmap::Format12(off),
                (3, 1, 4) | (0, 3, 4) if !matches!(cmap, Cmap::Format12(_)) => {
                    cmap = Cmap::Format4(off)
                }
                _ => {}
            }
        }
        let mut m = Metrics {
            data,
            units_per_em,
            num_hmetrics,
            hmtx,
            cmap,
            fallback: 0,
        };
        m.fallback = m.glyph('0').map(|g| m.advance(g)).unwrap_or(600);
        Some(m)
    }

    fn glyph(&self, c: char) -> Option<u16> {
        let d = self.data;
        let cp = c as u32;
        match self.cmap {
            Cmap::Format12(off) => {
                let n = u32_at(d, off + 12)? as usize;
                // Groups are sorted by start code: binary search.
                let (mut lo, mut hi) = (0usize, n);
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    let g = off + 16 + 12 * mid;
                    let (start, end) = (u32_at(d, g)?, u32_at(d, g + 4)?);
                    if cp < start {
                        hi = mid;
                    } else if cp > end {
                        lo = mid + 1;
                    } else {
                        let gid = u32_at(d, g + 8)? + (cp - start);
                        return u16::try_from(gid).ok().filter(|&g| g != 0);
                    }
                }
                None
            }
            Cmap::Format4(off) => {
                let cp = u16::try_from(cp).ok()?;
                let seg_x2 = u16_at(d, off + 6)? as usize;
                let ends = off + 14;
                let starts = ends + seg_x2 + 2;
                let deltas = starts + seg_x2;
                let ranges = deltas + seg_x2;
                for s in 0..seg_x2 / 2 {
                    let end = u16_at(d, ends + 2 * s)?;
                    if cp > end {
                        continue;
                    }
                    let start = u16_at(d, starts + 2 * s)?;
                    if cp < start {
                        return None;
                    }
                    let delta = u16_at(d, deltas + 2 * s)?;
                    let ro = u16_at(d, ranges + 2 * s)? as usize;
                    let gid = if ro == 0 {
                        cp.wrapping_add(delta)
                    } else {
                        let at = ranges + 2 * s + ro + 2 * usize::from(cp - start);
                        let g = u16_at(d, at)?;
                        if g == 0 {
                            return None;
                        }
                        g.wrapping_add(delta)
                    };
                    return (gid != 0).then_some(gid);
                }
                None
            }
            Cmap::None => None,
        }
    }

    fn advance(&self, glyph: u16) -> u16 {
        let i = usize::from(glyph).min(self.num_hmetrics.saturating_sub(1));
        u16_at(self.data, self.hmtx + 4 * i).unwrap_or(self.fallback)
    }

    fn char_units(&self, c: char) -> u16 {
        self.glyph(c)
            .map(|g| self.advance(g))
            .unwrap_or(self.fallback)
    }
}

fn metrics() -> Option<&'static Metrics> {
    static M: OnceLock<Option<Metrics>> = OnceLock::new();
    M.get_or_init(|| Metrics::parse(FONT_DATA)).as_ref()
}

/// Width in pixels of `text` set in the embedded font at `px` pixels, as
/// drawn: a character XML cannot hold is measured as the U+FFFD that
/// replaces it in the SVG.
pub fn text_width(text: &str, px: f64) -> f64 {
    use crate::escape::{is_xml_char, REPLACEMENT};
    match metrics() {
        Some(m) => {
            let units: f64 = text
                .chars()
                .map(|c| if is_xml_char(c) { c } else { REPLACEMENT })
                .map(|c| f64::from(m.char_units(c)))
                .sum();
            units / m.units_per_em * px
        }
        // Unreachable with the embedded font; a generous guess keeps layout sane.
        None => text.chars().count() as f64 * 0.6 * px,
    }
}

/// `text` shortened with "…" so that it is at most `max_width` pixels wide
/// at `px` pixels. Text that fits is returned unchanged.
pub fn truncate(text: &str, px: f64, max_width: f64) -> String {
    if text_width(text, px) <= max_width {
        return text.to_string();
    }
    let ell = text_width("…", px);
    let mut out = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        let cw = text_width(c.encode_utf8(&mut [0; 4]), px);
        if w + cw + ell > max_width {
            break;
        }
        out.push(c);
        w += cw;
    }
    let trimmed = out.trim_end();
    format!("{trimmed}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_font() {
        // Noto Sans: "i" is narrow, "W" is wide; the advance of digits is 572/1000 em.
        assert!(text_width("W", 10.0) > 2.5 * text_width("i", 10.0));
        let zero = text_width("0", 100.0);
        assert!((zero - 57.2).abs() < 0.5, "width of 0 at 100px: {zero}");
        assert!((text_width("ab", 12.0) - 2.0 * text_width("a", 12.0) * 1.0).abs() < 3.0);
        assert!(text_width("Москва", 12.0) > 30.0, "Cyrillic is measured");
    }

    #[test]
    fn truncation_adds_ellipsis_and_fits() {
        let long = "Putin: we always see our own characteristics in another person";
        let t = truncate(long, 12.0, 120.0);
        assert!(t.ends_with('…'));
        assert!(text_width(&t, 12.0) <= 120.0);
        assert_eq!(truncate("tva", 12.0, 120.0), "tva");
    }
}
