//! Quote-coverage matrix: which outlet carried which quote. Rows are quote
//! groups (the same statement across outlets, possibly translated
//! differently), labelled with the speaker and a snippet.

use super::first_seen;
use super::lexicon::with_context;
use crate::error::Result;
use crate::params::{Checked, Valid};
use crate::plot::draw::*;
use crate::plot::font::truncate;
use crate::plot::{ChartOptions, Rendered};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;
use serde::{Deserialize, Serialize};

/// One quote group: who said it, a short snippet, the outlets that carried it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteGroupRow {
    pub speaker: String,
    pub snippet: String,
    pub carried_by: Vec<String>,
}

/// Data for [`quote_coverage`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QuoteCoverageData {
    pub context: String,
    pub outlets: Vec<String>,
    pub quotes: Vec<QuoteGroupRow>,
}

const ROW_H: i32 = 26;
const MAX_LABEL: f64 = 420.0;

/// Quote × outlet grid, filled (in the speaker's colour) where carried.
pub fn quote_coverage(
    data: &QuoteCoverageData,
    opts: &impl Checked<ChartOptions>,
) -> Result<Rendered> {
    let opts = opts.checked()?;
    let opts: &Valid<ChartOptions> = &opts;
    let title = with_context("Which outlet carried which quote", &data.context);
    if data.outlets.is_empty() || data.quotes.is_empty() {
        return no_data(&title, "no quotations were found", opts);
    }
    let (speakers, other) = speaker_colours(data, opts);
    let colour = |s: &str| {
        speakers
            .iter()
            .find(|(k, _)| k == s)
            .map_or(other, |(_, c)| *c)
    };
    let w = opts.width as i32;
    let outlets: Vec<String> = data
        .outlets
        .iter()
        .map(|o| truncate(o, LABEL_PX, 110.0))
        .collect();
    let cell_w = (widest(&outlets, LABEL_PX) + 16).max(48);
    let count_w = 48;
    let n = outlets.len() as i32;
    let max_label = f64::from(w - 2 * MARGIN - n * cell_w - count_w - 12).clamp(160.0, MAX_LABEL);
    let labels: Vec<String> = data
        .quotes
        .iter()
        .map(|q| {
            let snippet = q.snippet.split_whitespace().collect::<Vec<_>>().join(" ");
            truncate(
                &format!("{}: “{}”", speaker_name(&q.speaker), snippet),
                LABEL_PX,
                max_label,
            )
        })
        .collect();
    let label_w = widest(&labels, LABEL_PX) + 18;
    let width = (2 * MARGIN + label_w + n * cell_w + count_w).max(w);
    let height =
        (title_height(true) + LEGEND_H + 4 + 26 + data.quotes.len() as i32 * ROW_H + MARGIN)
            .max(220);
    render(width as u32, height as u32, opts, |area| {
        let mut y = draw_title(area, &title, "Filled: the outlet quoted this statement (in any translation); colour: speaker; right: outlets carrying it.", width)?;
        let mut items: Vec<(String, RGBColor)> = speakers.clone();
        let named = |q: &QuoteGroupRow| speakers.iter().any(|(k, _)| k == speaker_name(&q.speaker));
        if data.quotes.iter().any(|q| !named(q)) {
            items.push(("other or unattributed".into(), other));
        }
        y += legend(area, &items, (MARGIN, y), width - MARGIN)? + 4;
        let x0 = MARGIN + label_w;
        for (j, o) in outlets.iter().enumerate() {
            text(
                area,
                o,
                (x0 + j as i32 * cell_w + cell_w / 2, y + 18),
                LABEL_PX,
                INK,
                HPos::Center,
                VPos::Bottom,
            )?;
        }
        text(
            area,
            "carried",
            (x0 + n * cell_w + 8, y + 18),
            SMALL_PX,
            MUTED,
            HPos::Left,
            VPos::Bottom,
        )?;
        let y0 = y + 26;
        for (i, (q, label)) in data.quotes.iter().zip(&labels).enumerate() {
            let ry = y0 + i as i32 * ROW_H;
            let cy = ry + ROW_H / 2;
            if i % 2 == 1 {
                rect(
                    area,
                    (MARGIN, ry),
                    (x0 + n * cell_w + count_w, ry + ROW_H),
                    Some(RGBColor(247, 247, 247)),
                    None,
                )?;
            }
            text(
                area,
                label,
                (MARGIN + 4, cy),
                LABEL_PX,
                INK,
                HPos::Left,
                VPos::Center,
            )?;
            let c = colour(speaker_name(&q.speaker));
            let mut carried = 0;
            for (j, o) in data.outlets.iter().enumerate() {
                let cx = x0 + j as i32 * cell_w;
                if q.carried_by.iter().any(|b| b == o) {
                    carried += 1;
                    rect(
                        area,
                        (cx + 3, ry + 3),
                        (cx + cell_w - 3, ry + ROW_H - 3),
                        Some(c),
                        None,
                    )?;
                } else {
                    rect(
                        area,
                        (cx + 3, ry + 3),
                        (cx + cell_w - 3, ry + ROW_H - 3),
                        None,
                        Some(GRID),
                    )?;
                }
            }
            text(
                area,
                &format!("{carried}/{n}"),
                (x0 + n * cell_w + 8, cy),
                SMALL_PX,
                MUTED,
                HPos::Left,
                VPos::Center,
            )?;
        }
        Ok(())
    })
}

/// Distinct colours for the speakers quoted in the most groups (ties: first
/// seen), as many as the palette has colours besides its last; everyone
/// else, and unattributed quotes, share the last (grey in the default
/// palette). Cycling the palette would give two speakers one colour, and
/// the row label names the speaker anyway.
fn speaker_colours(
    data: &QuoteCoverageData,
    opts: &ChartOptions,
) -> (Vec<(String, RGBColor)>, RGBColor) {
    let seen = first_seen(data.quotes.iter().map(|q| speaker_name(&q.speaker)));
    let groups = |s: &str| {
        data.quotes
            .iter()
            .filter(|q| speaker_name(&q.speaker) == s)
            .count()
    };
    let mut ranked: Vec<&String> = seen.iter().filter(|s| *s != UNATTRIBUTED).collect();
    // Stable: equal counts keep first-seen order.
    ranked.sort_by_key(|s| std::cmp::Reverse(groups(s)));
    let n_colours = opts.palette.categorical.len();
    let distinct = n_colours.saturating_sub(1).max(1);
    let named = ranked
        .into_iter()
        .take(distinct)
        .enumerate()
        .map(|(i, s)| (s.clone(), opts.palette.category(i)))
        .collect();
    (named, opts.palette.category(n_colours.saturating_sub(1)))
}

const UNATTRIBUTED: &str = "unattributed";

fn speaker_name(s: &str) -> &str {
    let s = s.trim();
    if s.is_empty() {
        UNATTRIBUTED
    } else {
        s
    }
}
