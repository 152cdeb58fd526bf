//! Outlet × outlet similarity heatmap with the value written in each cell.

use super::lexicon::with_context;
use crate::error::Result;
use crate::params::{Checked, Valid};
use crate::plot::draw::*;
use crate::plot::font::{text_width, truncate};
use crate::plot::palette::text_on;
use crate::plot::{ChartOptions, Rendered};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;
use serde::{Deserialize, Serialize};

/// A square similarity matrix: `values[i][j]` between `outlets[i]` and
/// `outlets[j]`. `measure` names it ("cosine similarity of TF-IDF").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SimilarityData {
    pub context: String,
    pub measure: String,
    pub outlets: Vec<String>,
    pub values: Vec<Vec<f64>>,
}

const MAX_LABEL: f64 = 140.0;

/// Heatmap of pairwise similarity; the diagonal (an outlet with itself) is
/// grey, and the colour scale spans the off-diagonal values so that small
/// differences between outlets stay visible.
pub fn similarity_heatmap(
    data: &SimilarityData,
    opts: &impl Checked<ChartOptions>,
) -> Result<Rendered> {
    let opts = opts.checked()?;
    let opts: &Valid<ChartOptions> = &opts;
    let measure = if data.measure.is_empty() {
        "similarity"
    } else {
        &data.measure
    };
    let title = with_context(
        &format!("How alike the outlets' wording is ({measure})"),
        &data.context,
    );
    let n = data.outlets.len();
    if n == 0 || data.values.len() != n || data.values.iter().any(|r| r.len() != n) {
        return no_data(
            &title,
            "no outlets, or the matrix is not outlets × outlets",
            opts,
        );
    }
    let off: Vec<f64> = (0..n)
        .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
        .map(|(i, j)| data.values[i][j])
        .filter(|v| v.is_finite())
        .collect();
    let (mut lo, mut hi) = off
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    if hi - lo < 1e-9 {
        lo -= 0.05;
        hi += 0.05;
    }
    let labels: Vec<String> = data
        .outlets
        .iter()
        .map(|o| truncate(o, LABEL_PX, MAX_LABEL))
        .collect();
    let label_w = widest(&labels, LABEL_PX) + 10;
    let w = opts.width as i32;
    let bar_w = 110;
    let top_guess = title_height(true);
    let avail_w = w - 2 * MARGIN - label_w - bar_w;
    let cell = (avail_w / n as i32).clamp(34, 84);
    // Column labels: horizontal when they fit a cell, else turned upright.
    let upright = labels
        .iter()
        .any(|l| text_width(l, LABEL_PX) > f64::from(cell - 6));
    let col_h = if upright { label_w } else { 22 };
    let needed_h = top_guess + col_h + cell * n as i32 + MARGIN + 10;
    let height = needed_h.max(300) as u32;
    let width = (MARGIN * 2 + label_w + cell * n as i32 + bar_w).max(w) as u32;
    let pal = &opts.palette;
    let t = |v: f64| (v - lo) / (hi - lo);
    render(width, height, opts, |area| {
        let top = draw_title(area, &title, "Each cell: similarity of the row outlet's text to the column outlet's; diagonal (self) in grey.", width as i32)?;
        let x0 = MARGIN + label_w;
        let y0 = top + col_h;
        for (j, l) in labels.iter().enumerate() {
            let cx = x0 + j as i32 * cell + cell / 2;
            if upright {
                // Turned labels read bottom to top, ending just above the matrix.
                let lw = text_width(l, LABEL_PX).ceil() as i32;
                text_up(area, l, (cx, y0 - 6 - lw / 2), LABEL_PX, INK)?;
            } else {
                text(
                    area,
                    l,
                    (cx, y0 - 6),
                    LABEL_PX,
                    INK,
                    HPos::Center,
                    VPos::Bottom,
                )?;
            }
        }
        for (i, l) in labels.iter().enumerate() {
            let cy = y0 + i as i32 * cell + cell / 2;
            text(
                area,
                l,
                (x0 - 8, cy),
                LABEL_PX,
                INK,
                HPos::Right,
                VPos::Center,
            )?;
            for j in 0..n {
                let v = data.values[i][j];
                let (cx0, cy0) = (x0 + j as i32 * cell, y0 + i as i32 * cell);
                let bg = if i == j || !v.is_finite() {
                    RGBColor(215, 215, 215)
                } else {
                    pal.seq(t(v))
                };
                rect(
                    area,
                    (cx0, cy0),
                    (cx0 + cell, cy0 + cell),
                    Some(bg),
                    Some(plotters::style::WHITE),
                )?;
                let s = if v.is_finite() {
                    format!("{v:.2}")
                } else {
                    "–".into()
                };
                let px = if cell >= 44 {
                    SMALL_PX + 1.0
                } else {
                    SMALL_PX - 1.0
                };
                text(
                    area,
                    &s,
                    (cx0 + cell / 2, cy0 + cell / 2),
                    px,
                    text_on(bg),
                    HPos::Center,
                    VPos::Center,
                )?;
            }
        }
        let bx = x0 + n as i32 * cell + 24;
        let bh = (cell * n as i32).clamp(80, 260);
        colour_bar(
            area,
            (bx, y0 + 16),
            (14, bh - 16),
            (lo, hi),
            measure_short(measure),
            &|v| pal.seq(t(v)),
            &|v| format!("{v:.2}"),
        )
    })
}

/// First word of the measure, for the colour bar caption.
fn measure_short(m: &str) -> &str {
    m.split_whitespace().next().unwrap_or("value")
}
