//! Drawing helpers shared by the charts: pixel-level text, boxes, lines,
//! titles, legends and colour bars on a plotters SVG drawing area.
//!
//! Font sizes here are the sizes that end up in the SVG: plotters divides
//! the size it is given by 1.24 when it writes `font-size`, so [`font`]
//! multiplies by the same factor.

use super::font::{text_width, truncate};
use super::{raster, ChartOptions, Rendered};
use crate::error::{Error, Result};
use crate::params::Valid;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// Size of the chart title.
pub(crate) const TITLE_PX: f64 = 18.0;
/// Size of the line under the title.
pub(crate) const SUB_PX: f64 = 12.5;
/// Size of axis and row labels.
pub(crate) const LABEL_PX: f64 = 12.5;
/// Size of tick labels and cell values.
pub(crate) const SMALL_PX: f64 = 11.5;
/// Outer margin.
pub(crate) const MARGIN: i32 = 16;

pub(crate) const INK: RGBColor = RGBColor(33, 33, 33);
pub(crate) const MUTED: RGBColor = RGBColor(100, 100, 100);
pub(crate) const GRID: RGBColor = RGBColor(225, 225, 225);
pub(crate) const FRAME: RGBColor = RGBColor(170, 170, 170);

/// Turn a plotters drawing error into the library error.
pub(crate) fn de<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> Error {
    super::raster::chart_error(crate::error::ChartStep::Draw, e)
}

/// Font at `px` pixels as written in the SVG.
pub(crate) fn font(px: f64) -> FontDesc<'static> {
    ("sans-serif", px * 1.24).into_font()
}

/// Draw `s` at (x, y) anchored by `h`/`v`.
pub(crate) fn text(
    area: &Area,
    s: &str,
    (x, y): (i32, i32),
    px: f64,
    color: RGBColor,
    h: HPos,
    v: VPos,
) -> Result<()> {
    if s.is_empty() {
        return Ok(());
    }
    let style = font(px).color(&color).pos(Pos::new(h, v));
    area.draw(&Text::new(s.to_string(), (x, y), style))
        .map_err(de)
}

/// Draw `s` turned to read bottom to top, centred on (x, y).
pub(crate) fn text_up(
    area: &Area,
    s: &str,
    (x, y): (i32, i32),
    px: f64,
    color: RGBColor,
) -> Result<()> {
    let style = font(px)
        .transform(FontTransform::Rotate270)
        .color(&color)
        .pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(s.to_string(), (x, y), style))
        .map_err(de)
}

/// A rectangle, filled and/or outlined.
pub(crate) fn rect(
    area: &Area,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    fill: Option<RGBColor>,
    stroke: Option<RGBColor>,
) -> Result<()> {
    if let Some(f) = fill {
        area.draw(&Rectangle::new([(x0, y0), (x1, y1)], f.filled()))
            .map_err(de)?;
    }
    if let Some(s) = stroke {
        area.draw(&Rectangle::new([(x0, y0), (x1, y1)], s.stroke_width(1)))
            .map_err(de)?;
    }
    Ok(())
}

/// A polyline.
pub(crate) fn line(area: &Area, pts: Vec<(i32, i32)>, color: RGBColor, width: u32) -> Result<()> {
    area.draw(&PathElement::new(pts, color.stroke_width(width)))
        .map_err(de)
}

/// A filled circle with a thin white rim (so overlapping dots stay apart).
pub(crate) fn dot(area: &Area, (x, y): (i32, i32), r: i32, color: RGBColor) -> Result<()> {
    area.draw(&Circle::new((x, y), r, color.filled()))
        .map_err(de)?;
    area.draw(&Circle::new((x, y), r, WHITE.stroke_width(1)))
        .map_err(de)
}

/// Height [`draw_title`] takes (where the content starts), for sizing a
/// chart before drawing it.
pub(crate) fn title_height(subtitle: bool) -> i32 {
    MARGIN + TITLE_PX as i32 + 8 + if subtitle { SUB_PX as i32 + 8 } else { 0 } + 6
}

/// Legend row height (one row).
pub(crate) const LEGEND_H: i32 = 20;

/// Title and optional subtitle at the top; returns the y where content starts.
pub(crate) fn draw_title(area: &Area, title: &str, subtitle: &str, width: i32) -> Result<i32> {
    let max = f64::from(width - 2 * MARGIN);
    let t = truncate(title, TITLE_PX, max);
    text(
        area,
        &t,
        (MARGIN, MARGIN),
        TITLE_PX,
        INK,
        HPos::Left,
        VPos::Top,
    )?;
    let y = MARGIN + TITLE_PX as i32 + 8;
    if !subtitle.is_empty() {
        let s = truncate(subtitle, SUB_PX, max);
        text(area, &s, (MARGIN, y), SUB_PX, MUTED, HPos::Left, VPos::Top)?;
    }
    Ok(title_height(!subtitle.is_empty()))
}

/// Draw a chart of `width` x `height` with `f` and rasterise it if asked.
/// The options were checked once, by the chart's caller.
pub(crate) fn render<F>(
    width: u32,
    height: u32,
    opts: &Valid<ChartOptions>,
    f: F,
) -> Result<Rendered>
where
    F: FnOnce(&Area) -> Result<()>,
{
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(de)?;
        f(&root)?;
        root.present().map_err(de)?;
    }
    // plotters escapes `&<>"'` in text but passes every other character
    // through; ids and names holding a control character or U+FFFE would
    // make the SVG invalid XML (and fail the PNG). The whole document is
    // made valid here, once, so no chart or label can be missed.
    let svg = crate::escape::xml_chars(&tidy_font_sizes(&svg)).into_owned();
    let png = if opts.formats.png() {
        Some(raster::to_png(&svg, opts.png_scale)?)
    } else {
        None
    };
    Ok(Rendered {
        svg,
        png,
        width,
        height,
    })
}

/// plotters writes font sizes as `size / 1.24`, which leaves float noise
/// ("13.499999999999998"); round them to two decimals.
fn tidy_font_sizes(svg: &str) -> String {
    static RE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    let Some(re) = RE.get_or_init(|| regex::Regex::new(r#"font-size="([0-9.]+)""#).ok()) else {
        return svg.to_string();
    };
    re.replace_all(svg, |c: &regex::Captures| {
        let v: f64 = c[1].parse().unwrap_or(12.0);
        let s = format!("{v:.2}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        format!("font-size=\"{s}\"")
    })
    .into_owned()
}

/// A chart that only says there is nothing to show (never an error: a
/// report keeps its layout when one part is empty).
pub(crate) fn no_data(title_text: &str, why: &str, opts: &Valid<ChartOptions>) -> Result<Rendered> {
    let (w, h) = (opts.width, (opts.height / 2).max(200));
    render(w, h, opts, |area| {
        let top = draw_title(area, title_text, "", w as i32)?;
        let cy = (top + h as i32) / 2;
        text(
            area,
            "No data",
            (w as i32 / 2, cy - 12),
            TITLE_PX,
            MUTED,
            HPos::Center,
            VPos::Center,
        )?;
        let why = truncate(why, LABEL_PX, f64::from(w) - 40.0);
        text(
            area,
            &why,
            (w as i32 / 2, cy + 14),
            LABEL_PX,
            MUTED,
            HPos::Center,
            VPos::Center,
        )
    })
}

/// A row of legend entries (swatch + label) starting at (x, y), wrapping
/// before `max_x`; returns the height used.
pub(crate) fn legend(
    area: &Area,
    items: &[(String, RGBColor)],
    (x, y): (i32, i32),
    max_x: i32,
) -> Result<i32> {
    let sw = 12;
    let gap = 18;
    let row_h = LEGEND_H;
    let (mut cx, mut cy) = (x, y);
    for (label, color) in items {
        let w = sw + 6 + text_width(label, LABEL_PX).ceil() as i32;
        if cx > x && cx + w > max_x {
            cx = x;
            cy += row_h;
        }
        rect(
            area,
            (cx, cy + 2),
            (cx + sw, cy + 2 + sw),
            Some(*color),
            None,
        )?;
        text(
            area,
            label,
            (cx + sw + 6, cy + 2 + sw / 2),
            LABEL_PX,
            INK,
            HPos::Left,
            VPos::Center,
        )?;
        cx += w + gap;
    }
    Ok(cy - y + row_h)
}

/// A vertical colour bar from `lo` (bottom) to `hi` (top), with a caption
/// above and tick values at the ends and middle.
#[allow(clippy::too_many_arguments)]
pub(crate) fn colour_bar(
    area: &Area,
    (x, y): (i32, i32),
    (w, h): (i32, i32),
    (lo, hi): (f64, f64),
    caption: &str,
    colour: &dyn Fn(f64) -> RGBColor,
    fmt: &dyn Fn(f64) -> String,
) -> Result<()> {
    text(
        area,
        caption,
        (x, y - 8),
        SMALL_PX,
        INK,
        HPos::Left,
        VPos::Bottom,
    )?;
    let steps = h.max(1);
    for i in 0..steps {
        let t = 1.0 - f64::from(i) / f64::from(steps - 1).max(1.0);
        let v = lo + (hi - lo) * t;
        rect(area, (x, y + i), (x + w, y + i + 1), Some(colour(v)), None)?;
    }
    rect(area, (x, y), (x + w, y + h), None, Some(FRAME))?;
    for (v, yy) in [(hi, y), ((lo + hi) / 2.0, y + h / 2), (lo, y + h)] {
        line(area, vec![(x + w, yy), (x + w + 4, yy)], FRAME, 1)?;
        text(
            area,
            &fmt(v),
            (x + w + 7, yy),
            SMALL_PX,
            INK,
            HPos::Left,
            VPos::Center,
        )?;
    }
    Ok(())
}

/// Widest of `labels` at `px`, in whole pixels.
pub(crate) fn widest(labels: impl IntoIterator<Item = impl AsRef<str>>, px: f64) -> i32 {
    labels
        .into_iter()
        .map(|l| text_width(l.as_ref(), px).ceil() as i32)
        .max()
        .unwrap_or(0)
}

/// Format a number with about two significant digits (at least the
/// integer part), without trailing zeros: 0.05, 0.25, 3.1, 42, 1250.
pub(crate) fn short_num(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 || !a.is_finite() {
        return if a.is_finite() {
            "0".into()
        } else {
            format!("{v}")
        };
    }
    let decimals = (1 - a.log10().floor() as i64).clamp(0, 8) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// "Nice" tick values covering lo..hi, about `n` of them.
pub(crate) fn nice_ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    let raw = (hi - lo) / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let start = (lo / step).ceil() as i64;
    let end = (hi / step + 1e-9).floor() as i64;
    (start..=end).map(|i| i as f64 * step).collect()
}

/// Tick label for a value on an axis whose ticks are `step` apart.
pub(crate) fn tick_label(v: f64, step: f64) -> String {
    // As many decimals as the step needs (2.5 -> 1, 0.25 -> 2, 5 -> 0).
    let decimals = (0..=6usize)
        .find(|&d| {
            let x = step * 10f64.powi(d as i32);
            (x - x.round()).abs() < 1e-6 * x.abs().max(1.0)
        })
        .unwrap_or(6);
    let s = format!("{v:.decimals$}");
    if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_string()
    } else {
        s
    }
}

/// A linear horizontal axis mapping `lo..hi` onto pixels `x0..x1`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LinAxis {
    pub lo: f64,
    pub hi: f64,
    pub x0: i32,
    pub x1: i32,
}

impl LinAxis {
    pub fn px(&self, v: f64) -> i32 {
        let span = if self.hi > self.lo {
            self.hi - self.lo
        } else {
            1.0
        };
        let t = ((v - self.lo) / span).clamp(-0.05, 1.05);
        self.x0 + (t * f64::from(self.x1 - self.x0)).round() as i32
    }

    /// Draw vertical grid lines from y0 to y1 and tick labels below y1.
    pub fn draw_grid(&self, area: &Area, y0: i32, y1: i32, n: usize, labels: bool) -> Result<()> {
        let ticks = nice_ticks(self.lo, self.hi, n);
        let step = if ticks.len() > 1 {
            ticks[1] - ticks[0]
        } else {
            1.0
        };
        for t in ticks {
            let x = self.px(t);
            let c = if t == 0.0 { FRAME } else { GRID };
            line(area, vec![(x, y0), (x, y1)], c, 1)?;
            if labels {
                text(
                    area,
                    &tick_label(t, step),
                    (x, y1 + 4),
                    SMALL_PX,
                    MUTED,
                    HPos::Center,
                    VPos::Top,
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Check;

    #[test]
    fn text_xml_cannot_hold_still_gives_a_valid_svg_and_png() {
        let title = "a\u{1}b <&> \"q\" \u{FFFE}\u{FFFF}\u{1b}[31m";
        let r = no_data(title, "why\u{7}", &ChartOptions::default().check().unwrap()).unwrap();
        assert!(r.png.is_some());
        assert!(r.svg.contains("a\u{FFFD}b &lt;&amp;&gt;"), "{}", r.svg);
        assert!(!r.svg.chars().any(|c| !crate::escape::is_xml_char(c)));
        // Layout measures what is drawn.
        assert_eq!(text_width("B\u{7}", 12.0), text_width("B\u{FFFD}", 12.0));
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(
            nice_ticks(0.0, 10.0, 5),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        let t = nice_ticks(-3.2, 4.1, 6);
        assert!(t.contains(&0.0) && t.iter().all(|v| *v >= -3.2 && *v <= 4.1));
        assert_eq!(tick_label(0.5, 0.5), "0.5");
        assert_eq!(tick_label(2.5, 2.5), "2.5");
        assert_eq!(tick_label(0.25, 0.25), "0.25");
        assert_eq!(tick_label(10.0, 5.0), "10");
        assert_eq!(tick_label(-0.0, 0.5), "0.0");
        assert_eq!(tick_label(7.5, 2.5), "7.5");
        assert_eq!(short_num(0.05), "0.05");
        assert_eq!(short_num(0.0123), "0.012");
        assert_eq!(short_num(3.08), "3.1");
        assert_eq!(short_num(42.4), "42");
    }
}
