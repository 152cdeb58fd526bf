//! Attribution verbs per outlet, split by who is quoted: stacked bars of
//! neutral, doubting and hostile verbs ("said" / "claimed" / "slammed").

use super::first_seen;
use super::lexicon::with_context;
use crate::error::Result;
use crate::params::{Checked, Valid};
use crate::plot::draw::*;
use crate::plot::font::{text_width, truncate};
use crate::plot::palette::text_on;
use crate::plot::{ChartOptions, Rendered};
use plotters::style::text_anchor::{HPos, VPos};
use serde::{Deserialize, Serialize};

/// Counts of attribution verbs an outlet used for one group of speakers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributionRow {
    pub outlet: String,
    pub speaker_group: String,
    pub neutral: u32,
    pub doubting: u32,
    pub hostile: u32,
}

/// Data for [`attribution_verbs`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AttributionData {
    pub context: String,
    pub rows: Vec<AttributionRow>,
}

const ROW_H: i32 = 24;
const MAX_LABEL: f64 = 140.0;

/// One panel per speaker group, one stacked bar per outlet, one x scale.
pub fn attribution_verbs(
    data: &AttributionData,
    opts: &impl Checked<ChartOptions>,
) -> Result<Rendered> {
    let opts = opts.checked()?;
    let opts: &Valid<ChartOptions> = &opts;
    let title = with_context(
        "How each outlet introduces what people said, by who is speaking",
        &data.context,
    );
    let total = |r: &AttributionRow| r.neutral + r.doubting + r.hostile;
    if data.rows.iter().all(|r| total(r) == 0) {
        return no_data(&title, "no attribution verbs were found", opts);
    }
    let groups = first_seen(data.rows.iter().map(|r| r.speaker_group.as_str()));
    let outlets = first_seen(data.rows.iter().map(|r| r.outlet.as_str()));
    let labels: Vec<String> = outlets
        .iter()
        .map(|o| truncate(o, LABEL_PX, MAX_LABEL))
        .collect();
    let label_w = widest(&labels, LABEL_PX) + 10;
    let max_total = data.rows.iter().map(total).max().unwrap_or(1).max(1);
    let w = opts.width as i32;
    let gap = 28;
    let cols = if w >= 800 && groups.len() > 1 { 2 } else { 1 }.min(groups.len());
    let panel_w = (w - 2 * MARGIN - (cols as i32 - 1) * gap) / cols as i32;
    let grid_rows = groups.len().div_ceil(cols) as i32;
    let panel_h = 24 + outlets.len() as i32 * ROW_H + 24;
    let height =
        (title_height(true) + LEGEND_H + 4 + grid_rows * (panel_h + 14) + 8 + MARGIN).max(240);
    let pal = &opts.palette;
    let kinds = [
        ("neutral (said, told)", pal.category(4)),
        ("doubting (claimed, alleged)", pal.category(1)),
        ("hostile (slammed, blasted)", pal.category(3)),
    ];
    render(opts.width, height as u32, opts, |area| {
        let mut y = draw_title(area, &title, "Bars: number of attribution verbs of each kind the outlet used for quotes of this speaker group.", w)?;
        let items: Vec<_> = kinds.iter().map(|(n, c)| (n.to_string(), *c)).collect();
        y += legend(area, &items, (MARGIN, y), w - MARGIN)? + 4;
        for (gi, g) in groups.iter().enumerate() {
            let (gc, gr) = ((gi % cols) as i32, (gi / cols) as i32);
            let px0 = MARGIN + gc * (panel_w + gap);
            let py0 = y + gr * (panel_h + 14);
            let head = truncate(&format!("quoting {g}"), LABEL_PX + 1.0, f64::from(panel_w));
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
            let bottom = top + outlets.len() as i32 * ROW_H;
            let axis = LinAxis {
                lo: 0.0,
                hi: f64::from(max_total) * 1.05,
                x0: px0 + label_w,
                x1: px0 + panel_w - 8,
            };
            axis.draw_grid(area, top, bottom, 5, true)?;
            for (oi, (o, label)) in outlets.iter().zip(&labels).enumerate() {
                let ry = top + oi as i32 * ROW_H;
                text(
                    area,
                    label,
                    (axis.x0 - 8, ry + ROW_H / 2),
                    LABEL_PX,
                    INK,
                    HPos::Right,
                    VPos::Center,
                )?;
                let Some(r) = data
                    .rows
                    .iter()
                    .find(|r| &r.outlet == o && &r.speaker_group == g)
                else {
                    continue;
                };
                let mut acc = 0u32;
                for (k, count) in [r.neutral, r.doubting, r.hostile].into_iter().enumerate() {
                    if count == 0 {
                        continue;
                    }
                    let (a, b) = (axis.px(f64::from(acc)), axis.px(f64::from(acc + count)));
                    let c = kinds[k].1;
                    rect(
                        area,
                        (a, ry + 3),
                        (b, ry + ROW_H - 3),
                        Some(c),
                        Some(plotters::style::WHITE),
                    )?;
                    let s = count.to_string();
                    if f64::from(b - a) > text_width(&s, SMALL_PX) + 4.0 {
                        text(
                            area,
                            &s,
                            ((a + b) / 2, ry + ROW_H / 2),
                            SMALL_PX,
                            text_on(c),
                            HPos::Center,
                            VPos::Center,
                        )?;
                    }
                    acc += count;
                }
            }
            line(area, vec![(axis.x0, top), (axis.x0, bottom)], FRAME, 1)?;
        }
        text(
            area,
            "number of attribution verbs",
            (w / 2, y + grid_rows * (panel_h + 14) - 8),
            LABEL_PX,
            INK,
            HPos::Center,
            VPos::Top,
        )
    })
}
