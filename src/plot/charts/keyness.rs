//! Keyness bars per outlet in both directions: the terms an outlet uses
//! more than the others (bars to the right) and less (bars to the left),
//! one small panel per outlet, all on one shared scale.

use super::lexicon::with_context;
use crate::error::Result;
use crate::params::{Checked, Valid};
use crate::plot::draw::*;
use crate::plot::font::truncate;
use crate::plot::{ChartOptions, Rendered};
use plotters::style::text_anchor::{HPos, VPos};
use serde::{Deserialize, Serialize};

/// One term's keyness for an outlet against the rest. `score` is signed:
/// positive where the outlet uses the term more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyTerm {
    pub term: String,
    pub score: f64,
    pub count_target: u64,
    pub count_rest: u64,
}

/// The scored terms of one outlet (any order; the chart picks the top).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeynessOutlet {
    pub outlet: String,
    pub terms: Vec<KeyTerm>,
}

/// Data for [`keyness_bars`]. `measure` names the score ("log-odds
/// z-score"); `top_n` terms are shown in each direction (0 means 8).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KeynessData {
    pub context: String,
    pub measure: String,
    pub top_n: usize,
    pub outlets: Vec<KeynessOutlet>,
}

const ROW_H: i32 = 17;
const MAX_TERM: f64 = 120.0;

/// Diverging horizontal bars, one panel per outlet.
pub fn keyness_bars(data: &KeynessData, opts: &impl Checked<ChartOptions>) -> Result<Rendered> {
    let opts = opts.checked()?;
    let opts: &Valid<ChartOptions> = &opts;
    let measure = if data.measure.is_empty() {
        "keyness"
    } else {
        &data.measure
    };
    let title = with_context(
        "Words each outlet uses more (right) and less (left) than the others",
        &data.context,
    );
    let top_n = if data.top_n == 0 { 8 } else { data.top_n };
    // Per outlet: the rows to draw, over-used first (largest at the top),
    // then under-used (most negative at the bottom).
    let panels: Vec<(String, Vec<(String, f64)>)> = data
        .outlets
        .iter()
        .map(|o| {
            let mut pos: Vec<&KeyTerm> = o
                .terms
                .iter()
                .filter(|t| t.score.is_finite() && t.score > 0.0)
                .collect();
            let mut neg: Vec<&KeyTerm> = o
                .terms
                .iter()
                .filter(|t| t.score.is_finite() && t.score < 0.0)
                .collect();
            pos.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.term.cmp(&b.term)));
            neg.sort_by(|a, b| a.score.total_cmp(&b.score).then(a.term.cmp(&b.term)));
            pos.truncate(top_n);
            neg.truncate(top_n);
            let rows = pos
                .into_iter()
                .chain(neg.into_iter().rev())
                .map(|t| (truncate(&t.term, SMALL_PX, MAX_TERM), t.score))
                .collect();
            (o.outlet.clone(), rows)
        })
        .filter(|(_, rows): &(String, Vec<_>)| !rows.is_empty())
        .collect();
    if panels.is_empty() {
        return no_data(&title, "no term differs between the outlets", opts);
    }
    let max_abs = panels
        .iter()
        .flat_map(|p| p.1.iter().map(|r| r.1.abs()))
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let term_w = widest(
        panels.iter().flat_map(|p| p.1.iter().map(|r| r.0.as_str())),
        SMALL_PX,
    ) + 6;
    let w = opts.width as i32;
    let gap = 28;
    // A panel needs room for a label and a bar on each side of zero.
    let min_panel = 2 * (term_w + 50);
    let cols = (((w - 2 * MARGIN + gap) / (min_panel + gap)).max(1) as usize).min(panels.len());
    let panel_w = (w - 2 * MARGIN - (cols as i32 - 1) * gap) / cols as i32;
    let grid_rows = panels.len().div_ceil(cols);
    let max_rows = panels.iter().map(|p| p.1.len()).max().unwrap_or(1) as i32;
    let panel_h = 26 + max_rows * ROW_H + 24;
    let top = title_height(true) + LEGEND_H + 4;
    let height = (top + grid_rows as i32 * (panel_h + 16) + 6 + MARGIN).max(240) as u32;
    let (over, under) = (opts.palette.div(0.85), opts.palette.div(-0.85));
    render(opts.width, height, opts, |area| {
        let subtitle = format!("Bars: {measure} of each term for the outlet against all other outlets; top {top_n} in each direction.");
        let mut y = draw_title(area, &title, &subtitle, w)?;
        let items = vec![
            ("used more by the outlet".to_string(), over),
            ("used less by the outlet".to_string(), under),
        ];
        y += legend(area, &items, (MARGIN, y), w - MARGIN)? + 4;
        for (pi, (outlet, rows)) in panels.iter().enumerate() {
            let (gc, gr) = ((pi % cols) as i32, (pi / cols) as i32);
            let px0 = MARGIN + gc * (panel_w + gap);
            let py0 = y + gr * (panel_h + 16);
            let head = truncate(outlet, LABEL_PX + 1.0, f64::from(panel_w));
            text(
                area,
                &head,
                (px0 + panel_w / 2, py0 + 4),
                LABEL_PX + 1.0,
                INK,
                HPos::Center,
                VPos::Top,
            )?;
            let top = py0 + 26;
            let bottom = top + max_rows * ROW_H;
            let axis = LinAxis {
                lo: -max_abs * 1.05,
                hi: max_abs * 1.05,
                x0: px0 + 4,
                x1: px0 + panel_w - 4,
            };
            axis.draw_grid(area, top, bottom, 4, true)?;
            let zero = axis.px(0.0);
            for (ri, (term, score)) in rows.iter().enumerate() {
                let ry = top + ri as i32 * ROW_H;
                let cy = ry + ROW_H / 2;
                let (c, h, lx) = if *score > 0.0 {
                    (over, HPos::Right, zero - 4)
                } else {
                    (under, HPos::Left, zero + 4)
                };
                let bx = axis.px(*score);
                rect(
                    area,
                    (zero.min(bx), ry + 2),
                    (zero.max(bx), ry + ROW_H - 2),
                    Some(c),
                    None,
                )?;
                text(area, term, (lx, cy), SMALL_PX, INK, h, VPos::Center)?;
            }
            line(area, vec![(zero, top), (zero, bottom)], MUTED, 1)?;
        }
        let by = y + grid_rows as i32 * (panel_h + 16) - 10;
        text(
            area,
            measure,
            (w / 2, by),
            LABEL_PX,
            INK,
            HPos::Center,
            VPos::Top,
        )
    })
}
