//! Actor-label matrix: for each actor of an event (rows), the labels each
//! outlet (columns) used most for it, shaded where a label is loaded.

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

/// One label in a cell: as written, how often, whether a lexicon counts
/// it as loaded, and whether it stood in quote marks (someone else's
/// words).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorLabelText {
    pub label: String,
    pub count: u32,
    pub loaded: bool,
    pub quoted: bool,
}

/// One actor; `cells[i]` holds the labels `outlets[i]` of the data used
/// for it, most frequent first (empty: none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorLabelRow {
    pub actor: String,
    pub cells: Vec<Vec<ActorLabelText>>,
}

/// Data for [`actor_labels_matrix`]: at most `per_cell` labels are drawn
/// in a cell.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActorLabelsData {
    pub context: String,
    pub outlets: Vec<String>,
    pub per_cell: usize,
    pub rows: Vec<ActorLabelRow>,
}

/// One line per label as drawn: the table has a row per label, kind
/// (title, premodifier, apposition, ...) and speaker of a quote, and a cell
/// shows only the words and whether they were quoted, so rows that differ
/// in kind or speaker alone ("President Biden" quoted from Psaki and from
/// Putin) would show the same line twice. Their counts are summed and the
/// line is loaded when any of them is; lines are then ordered by the summed
/// count, ties in their first order.
fn merge_cell(cell: &[ActorLabelText]) -> Vec<ActorLabelText> {
    let mut out: Vec<ActorLabelText> = Vec::with_capacity(cell.len());
    for l in cell {
        match out
            .iter_mut()
            .find(|m| m.label == l.label && m.quoted == l.quoted)
        {
            Some(m) => {
                m.count = m.count.saturating_add(l.count);
                m.loaded |= l.loaded;
            }
            None => out.push(l.clone()),
        }
    }
    // A stable sort keeps the first order among equal counts.
    out.sort_by_key(|l| std::cmp::Reverse(l.count));
    out
}

const LINE_H: i32 = 17;
const MAX_CELL_TEXT: f64 = 190.0;
const MAX_ACTOR: f64 = 180.0;

/// Actor × outlet table; each cell lists the outlet's most used labels for
/// the actor, the cell shaded when one of them is loaded.
pub fn actor_labels_matrix(
    data: &ActorLabelsData,
    opts: &impl Checked<ChartOptions>,
) -> Result<Rendered> {
    let opts = opts.checked()?;
    let opts: &Valid<ChartOptions> = &opts;
    let title = with_context("What each outlet calls the actors", &data.context);
    let merged: Vec<ActorLabelRow> = data
        .rows
        .iter()
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
        .map(|r| ActorLabelRow {
            actor: r.actor.clone(),
            cells: r.cells.iter().map(|c| merge_cell(c)).collect(),
        })
        .collect();
    let rows: Vec<&ActorLabelRow> = merged.iter().collect();
    if data.outlets.is_empty() || rows.is_empty() {
        return no_data(&title, "no label found for any actor", opts);
    }
    let per_cell = data.per_cell.max(1);
    let line_text = |l: &ActorLabelText| {
        let written = if l.quoted {
            format!("“{}”", l.label)
        } else {
            l.label.clone()
        };
        let v = truncate(&written, LABEL_PX, MAX_CELL_TEXT);
        if l.count > 1 {
            format!("{v} ×{}", l.count)
        } else {
            v
        }
    };
    let actors: Vec<String> = rows
        .iter()
        .map(|r| truncate(&r.actor, LABEL_PX, MAX_ACTOR))
        .collect();
    let outlets: Vec<String> = data
        .outlets
        .iter()
        .map(|o| truncate(o, LABEL_PX, MAX_CELL_TEXT))
        .collect();
    let actor_w = widest(&actors, LABEL_PX) + 14;
    let cell_w = widest(
        rows.iter()
            .flat_map(|r| r.cells.iter().flat_map(|c| c.iter().take(per_cell)))
            .map(line_text),
        LABEL_PX,
    )
    .max(widest(&outlets, LABEL_PX))
    .max(56)
        + 16;
    // Each row is as tall as its fullest cell.
    let heights: Vec<i32> = rows
        .iter()
        .map(|r| {
            let lines = r
                .cells
                .iter()
                .map(|c| c.len().min(per_cell))
                .max()
                .unwrap_or(1)
                .max(1);
            lines as i32 * LINE_H + 10
        })
        .collect();
    let n = outlets.len() as i32;
    let width = (2 * MARGIN + actor_w + n * cell_w).max(opts.width as i32);
    let height =
        (title_height(true) + LEGEND_H + 4 + 26 + heights.iter().sum::<i32>() + MARGIN).max(220);
    let pal = &opts.palette;
    let plain = pal.div(0.12);
    let loaded = pal.div(0.85);
    render(width as u32, height as u32, opts, |area| {
        let mut y = draw_title(
            area,
            &title,
            "Cell: the labels the outlet used most for the actor (×n: times; “…”: inside quote marks); shaded: a label the lexicons count as loaded.",
            width,
        )?;
        let items = vec![
            ("no loaded label".to_string(), plain),
            ("a loaded label".to_string(), loaded),
        ];
        text(
            area,
            "labels:",
            (MARGIN, y + 8),
            LABEL_PX,
            INK,
            HPos::Left,
            VPos::Center,
        )?;
        let lx = MARGIN + text_width("labels:", LABEL_PX).ceil() as i32 + 10;
        y += legend(area, &items, (lx, y), width - MARGIN)? + 4;
        let x0 = MARGIN + actor_w;
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
        let mut ry = y + 26;
        for ((row, actor), &h) in rows.iter().zip(&actors).zip(&heights) {
            text(
                area,
                actor,
                (x0 - 10, ry + h / 2),
                LABEL_PX,
                INK,
                HPos::Right,
                VPos::Center,
            )?;
            for j in 0..n as usize {
                let cx = x0 + j as i32 * cell_w;
                let cell: &[ActorLabelText] = row.cells.get(j).map_or(&[], Vec::as_slice);
                if cell.is_empty() {
                    rect(
                        area,
                        (cx + 1, ry + 1),
                        (cx + cell_w - 1, ry + h - 1),
                        None,
                        Some(GRID),
                    )?;
                    continue;
                }
                let bg: RGBColor = if cell.iter().take(per_cell).any(|l| l.loaded) {
                    loaded
                } else {
                    plain
                };
                rect(
                    area,
                    (cx + 1, ry + 1),
                    (cx + cell_w - 1, ry + h - 1),
                    Some(bg),
                    None,
                )?;
                for (k, l) in cell.iter().take(per_cell).enumerate() {
                    text(
                        area,
                        &line_text(l),
                        (cx + cell_w / 2, ry + 5 + k as i32 * LINE_H + LINE_H / 2),
                        LABEL_PX,
                        text_on(bg),
                        HPos::Center,
                        VPos::Center,
                    )?;
                }
            }
            ry += h;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(label: &str, count: u32, loaded: bool, quoted: bool) -> ActorLabelText {
        ActorLabelText {
            label: label.into(),
            count,
            loaded,
            quoted,
        }
    }

    #[test]
    fn a_label_shows_once_per_cell() {
        // As the seeds' ANI cell: "President Biden" quoted from two
        // speakers, then two more labels, one of them loaded.
        let cell = vec![
            label("President Biden", 1, false, true),
            label("President Biden", 1, false, true),
            label("US president", 1, false, false),
            label("leader", 1, true, false),
            label("President Biden", 1, false, false),
        ];
        let data = ActorLabelsData {
            context: "event e".into(),
            outlets: vec!["ani".into()],
            per_cell: 3,
            rows: vec![ActorLabelRow {
                actor: "Joe Biden".into(),
                cells: vec![cell],
            }],
        };
        let r = actor_labels_matrix(&data, &ChartOptions::default()).unwrap();
        // Quoted twice, merged into one line; the own-voice "President
        // Biden" is a fourth line, past the three drawn.
        assert_eq!(
            r.svg.matches("“President Biden” ×2").count(),
            1,
            "{}",
            r.svg
        );
        assert_eq!(r.svg.matches("President Biden").count(), 1, "{}", r.svg);
        // The next two lines are the next labels, not a repeat.
        assert!(r.svg.contains("US president"), "{}", r.svg);
        assert!(r.svg.contains(">leader<"), "{}", r.svg);
        let merged = merge_cell(&data.rows[0].cells[0]);
        assert_eq!(
            merged
                .iter()
                .map(|l| (l.label.as_str(), l.count, l.quoted))
                .collect::<Vec<_>>(),
            [
                ("President Biden", 2, true),
                ("US president", 1, false),
                ("leader", 1, false),
                ("President Biden", 1, false),
            ]
        );
        assert!(merged[2].loaded);
    }

    #[test]
    fn merged_line_is_loaded_when_any_row_is() {
        let merged = merge_cell(&[
            label("dictator", 2, false, false),
            label("dictator", 1, true, false),
        ]);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].count, 3);
        assert!(merged[0].loaded);
    }
}
