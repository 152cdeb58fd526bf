//! Term scatter: each term's rate in the target outlet against its rate in
//! the other outlets, on log scales, coloured by its keyness z-score; the
//! most distinctive terms are labelled without overlapping.

use super::lexicon::with_context;
use crate::error::Result;
use crate::params::{Checked, Valid};
use crate::plot::draw::*;
use crate::plot::font::{text_width, truncate};
use crate::plot::labels::{place, Rect};
use crate::plot::{ChartOptions, Rendered};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::{Deserialize, Serialize};

/// One term: rates per 1,000 tokens in the target and in the rest, and its
/// signed z-score (positive: more in the target).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScatterTerm {
    pub term: String,
    pub rate_target: f64,
    pub rate_rest: f64,
    pub z: f64,
}

/// Data for [`term_scatter`]. `label_top` terms with the largest |z| are
/// labelled (0 means 15).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TermScatterData {
    pub context: String,
    pub target: String,
    pub reference: String,
    pub label_top: usize,
    pub terms: Vec<ScatterTerm>,
}

/// Points drawn at most (the strongest by |z|), to keep SVGs small.
const MAX_POINTS: usize = 4000;

/// Log–log scatter with a diagonal of equal use and a z colour bar.
pub fn term_scatter(data: &TermScatterData, opts: &impl Checked<ChartOptions>) -> Result<Rendered> {
    let opts = opts.checked()?;
    let opts: &Valid<ChartOptions> = &opts;
    let target = truncate(&data.target, LABEL_PX, 160.0);
    let reference = if data.reference.is_empty() {
        "the other outlets".to_string()
    } else {
        truncate(&data.reference, LABEL_PX, 200.0)
    };
    let title = with_context(
        &format!("Terms {target} uses more or less than {reference}"),
        &data.context,
    );
    let mut terms: Vec<&ScatterTerm> = data
        .terms
        .iter()
        .filter(|t| t.rate_target.is_finite() && t.rate_rest.is_finite() && t.z.is_finite())
        .filter(|t| t.rate_target > 0.0 || t.rate_rest > 0.0)
        .collect();
    if terms.is_empty() {
        return no_data(&title, "no term has a rate in either corpus", opts);
    }
    // Strongest last so they are drawn on top; ties by term for stable output.
    terms.sort_by(|a, b| {
        a.z.abs()
            .total_cmp(&b.z.abs())
            .then_with(|| b.term.cmp(&a.term))
    });
    if terms.len() > MAX_POINTS {
        terms.drain(..terms.len() - MAX_POINTS);
    }
    let positive = terms
        .iter()
        .flat_map(|t| [t.rate_target, t.rate_rest])
        .filter(|v| *v > 0.0);
    let min_pos = positive.clone().fold(f64::INFINITY, f64::min);
    let max_v = positive.fold(0.0f64, f64::max);
    // A zero rate cannot sit on a log axis: it is drawn at half the smallest rate.
    let floor = min_pos / 2.0;
    let (lo, hi) = (floor / 1.5, max_v * 1.6);
    let zmax = terms.iter().map(|t| t.z.abs()).fold(1.96f64, f64::max);
    let pal = &opts.palette;
    let label_top = if data.label_top == 0 {
        15
    } else {
        data.label_top
    };
    let (w, h) = (opts.width, opts.height);
    let bar_space = 100;
    render(w, h, opts, |root| {
        let top = draw_title(root, &title, &format!("Each dot is a term (rate per 1,000 tokens, log scale); zero rates sit at {}; colour: z-score; diagonal: equal use.", short_num(floor)), w as i32)?;
        let area = root.margin(top as u32, 0, 0, bar_space);
        let mut chart = ChartBuilder::on(&area)
            .margin(MARGIN as u32)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d((lo..hi).log_scale(), (lo..hi).log_scale())
            .map_err(de)?;
        let fmt = |v: &f64| log_tick(*v);
        chart
            .configure_mesh()
            .x_desc(format!("rate per 1,000 tokens in {reference}"))
            .y_desc(format!("rate per 1,000 tokens in {target}"))
            .label_style(font(SMALL_PX).color(&MUTED))
            .axis_desc_style(font(LABEL_PX).color(&INK))
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(FRAME)
            .x_label_formatter(&fmt)
            .y_label_formatter(&fmt)
            .draw()
            .map_err(de)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(lo, lo), (hi, hi)],
                FRAME.stroke_width(1),
            )))
            .map_err(de)?;
        let at = |t: &ScatterTerm| (t.rate_rest.max(floor), t.rate_target.max(floor));
        let anchors: Vec<(f64, f64)> = terms
            .iter()
            .map(|t| {
                let (x, y) = chart.backend_coord(&at(t));
                (f64::from(x), f64::from(y))
            })
            .collect();
        for (t, a) in terms.iter().zip(&anchors) {
            let c = pal.div(t.z / zmax);
            root.draw(&Circle::new((a.0 as i32, a.1 as i32), 4, c.filled()))
                .map_err(de)?;
            root.draw(&Circle::new(
                (a.0 as i32, a.1 as i32),
                4,
                RGBColor(90, 90, 90).stroke_width(1),
            ))
            .map_err(de)?;
        }
        // Labels: strongest first, so they get the best spots.
        // Terms drawn on the same spot share one label ("tantrum, powerlessness").
        let mut groups: Vec<((f64, f64), Vec<&str>)> = Vec::new();
        for i in (0..terms.len()).rev().take(label_top) {
            let a = anchors[i];
            match groups
                .iter_mut()
                .find(|g| (g.0 .0 - a.0).abs() < 2.0 && (g.0 .1 - a.1).abs() < 2.0)
            {
                Some(g) => g.1.push(&terms[i].term),
                None => groups.push((a, vec![&terms[i].term])),
            }
        }
        let labels: Vec<String> = groups
            .iter()
            .map(|g| truncate(&g.1.join(", "), SMALL_PX, 200.0))
            .collect();
        let sizes: Vec<(f64, f64)> = labels
            .iter()
            .map(|l| (text_width(l, SMALL_PX) + 2.0, SMALL_PX + 3.0))
            .collect();
        let label_anchors: Vec<(f64, f64)> = groups.iter().map(|g| g.0).collect();
        let obstacles: Vec<Rect> = anchors.iter().map(|&a| Rect::around(a, 4.5)).collect();
        let (xr, yr) = chart.plotting_area().get_pixel_range();
        let bounds = Rect {
            x0: f64::from(xr.start) + 2.0,
            y0: f64::from(yr.start) + 2.0,
            x1: f64::from(xr.end) - 2.0,
            y1: f64::from(yr.end) - 2.0,
        };
        for ((l, a), pl) in labels.iter().zip(&label_anchors).zip(place(
            &label_anchors,
            &sizes,
            &obstacles,
            bounds,
            14,
        )) {
            let Some(pl) = pl else { continue };
            if pl.leader {
                let e = pl.rect.nearest(*a);
                line(
                    root,
                    vec![(a.0 as i32, a.1 as i32), (e.0 as i32, e.1 as i32)],
                    MUTED,
                    1,
                )?;
            }
            let cy = ((pl.rect.y0 + pl.rect.y1) / 2.0).round() as i32;
            text(
                root,
                l,
                (pl.rect.x0.round() as i32 + 1, cy),
                SMALL_PX,
                INK,
                HPos::Left,
                VPos::Center,
            )?;
        }
        let bx = w as i32 - bar_space + 10;
        let by = top + 80;
        text(
            root,
            &truncate(
                &format!("more in {target}"),
                SMALL_PX,
                f64::from(bar_space - 16),
            ),
            (bx, by - 62),
            SMALL_PX,
            MUTED,
            HPos::Left,
            VPos::Center,
        )?;
        colour_bar(
            root,
            (bx, by),
            (14, 200),
            (-zmax, zmax),
            "z-score",
            &|v| pal.div(v / zmax),
            &|v| format!("{v:+.1}"),
        )?;
        text(
            root,
            "more in rest",
            (bx, by + 222),
            SMALL_PX,
            MUTED,
            HPos::Left,
            VPos::Center,
        )
    })
}

/// Tick label on a log axis: "0.1", "1", "10", "0.05".
fn log_tick(v: f64) -> String {
    if v >= 1.0 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}
