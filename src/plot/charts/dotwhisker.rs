//! Faceted dot-and-whisker layout: one panel per category, one row per
//! outlet, one dot with its interval per series (own voice, quoted, ...).
//! Each panel has its own x scale because categories differ in size.

use super::RateInterval;
use crate::error::Result;
use crate::params::Valid;
use crate::plot::draw::*;
use crate::plot::font::truncate;
use crate::plot::{ChartOptions, Rendered};
use plotters::style::text_anchor::{HPos, VPos};

/// One panel: its title and, per row, one optional interval per series.
pub(crate) struct Facet {
    pub title: String,
    pub rows: Vec<(String, Vec<Option<RateInterval>>)>,
}

/// Everything the layout needs.
pub(crate) struct DotWhisker<'a> {
    pub title: &'a str,
    pub subtitle: &'a str,
    pub x_label: &'a str,
    pub series: Vec<String>,
    pub facets: Vec<Facet>,
}

const MAX_ROW_LABEL: f64 = 150.0;

pub(crate) fn render_dot_whisker(d: &DotWhisker, opts: &Valid<ChartOptions>) -> Result<Rendered> {
    let w = opts.width as i32;
    let nf = d.facets.len().max(1);
    let cols = if w >= 1100 {
        4
    } else if w >= 800 {
        3
    } else {
        2
    }
    .min(nf);
    let grid_rows = nf.div_ceil(cols);
    let nser = d.series.len().max(1) as i32;
    let n_rows = d
        .facets
        .iter()
        .map(|f| f.rows.len())
        .max()
        .unwrap_or(1)
        .max(1) as i32;

    // Vertical budget: title, legend, per panel header 24 + rows + axis 22 + gap 18, axis title.
    let min_row_h = 10 * nser + 10;
    let top = title_height(true) + if d.series.len() > 1 { LEGEND_H + 8 } else { 4 };
    let fixed = top + grid_rows as i32 * (24 + 22 + 18) + 14 + MARGIN;
    let avail = opts.height as i32 - fixed;
    let row_h = (avail / (grid_rows as i32 * n_rows)).clamp(min_row_h, min_row_h * 8 / 5);
    let panel_h = 24 + row_h * n_rows + 22;
    let height = (fixed + grid_rows as i32 * (row_h * n_rows)).max(200) as u32;

    let label_w = widest(
        d.facets.iter().flat_map(|f| {
            f.rows
                .iter()
                .map(|r| truncate(&r.0, LABEL_PX, MAX_ROW_LABEL))
        }),
        LABEL_PX,
    ) + 8;
    let gap = 24;
    let panel_w = (w - 2 * MARGIN - (cols as i32 - 1) * gap) / cols as i32;
    let colors: Vec<_> = (0..d.series.len())
        .map(|i| opts.palette.category(i))
        .collect();

    render(opts.width, height, opts, |area| {
        let mut y = draw_title(area, d.title, d.subtitle, w)?;
        if d.series.len() > 1 {
            let items: Vec<_> = d
                .series
                .iter()
                .cloned()
                .zip(colors.iter().copied())
                .collect();
            y += legend(area, &items, (MARGIN, y), w - MARGIN)? + 8;
        } else {
            y += 4;
        }
        for (fi, facet) in d.facets.iter().enumerate() {
            let (gc, gr) = ((fi % cols) as i32, (fi / cols) as i32);
            let px0 = MARGIN + gc * (panel_w + gap);
            let py0 = y + gr * (panel_h + 18);
            let head = truncate(&facet.title, LABEL_PX + 1.0, f64::from(panel_w));
            text(
                area,
                &head,
                (px0, py0 + 4),
                LABEL_PX + 1.0,
                INK,
                HPos::Left,
                VPos::Top,
            )?;
            let top = py0 + 24;
            let bottom = top + row_h * n_rows;
            let x0 = px0 + label_w;
            let x1 = px0 + panel_w - 12;
            let hi = facet
                .rows
                .iter()
                .flat_map(|r| r.1.iter().flatten())
                .filter(|i| i.is_finite())
                .map(|i| i.high.max(i.rate))
                .fold(0.0f64, f64::max);
            let hi = if hi > 0.0 { hi * 1.08 } else { 1.0 };
            let axis = LinAxis {
                lo: 0.0,
                hi,
                x0,
                x1,
            };
            rect(
                area,
                (x0, top),
                (x1, bottom),
                Some(plotters::style::RGBColor(250, 250, 250)),
                None,
            )?;
            axis.draw_grid(area, top, bottom, ((x1 - x0) / 45).max(3) as usize, true)?;
            line(area, vec![(x0, top), (x0, bottom)], FRAME, 1)?;
            for (ri, (label, values)) in facet.rows.iter().enumerate() {
                let ry = top + ri as i32 * row_h;
                let cy = ry + row_h / 2;
                let lab = truncate(label, LABEL_PX, MAX_ROW_LABEL);
                text(
                    area,
                    &lab,
                    (x0 - 8, cy),
                    LABEL_PX,
                    INK,
                    HPos::Right,
                    VPos::Center,
                )?;
                let k = values.len() as i32;
                for (si, v) in values.iter().enumerate() {
                    let Some(v) = v.filter(|v| v.is_finite()) else {
                        continue;
                    };
                    // Series stacked within the row, 10px apart, centred.
                    let sy = cy + (si as i32 * 2 - (k - 1)) * 5;
                    let c = colors.get(si).copied().unwrap_or(INK);
                    let (a, b) = (axis.px(v.low.min(v.rate)), axis.px(v.high.max(v.rate)));
                    line(area, vec![(a, sy), (b, sy)], c, 2)?;
                    line(area, vec![(a, sy - 3), (a, sy + 3)], c, 1)?;
                    line(area, vec![(b, sy - 3), (b, sy + 3)], c, 1)?;
                    dot(area, (axis.px(v.rate), sy), 4, c)?;
                }
            }
        }
        let by = y + grid_rows as i32 * (panel_h + 18) - 4;
        text(
            area,
            d.x_label,
            (w / 2, by),
            LABEL_PX,
            INK,
            HPos::Center,
            VPos::Top,
        )
    })
}
