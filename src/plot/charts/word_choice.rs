//! Word-choice matrix: for each concept (rows), the variant each outlet
//! (columns) used, coloured by how loaded that variant is.

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

/// The variant of a concept an outlet used, its loadedness grade
/// (0 = neutral) and how often it was used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordChoiceCell {
    pub variant: String,
    pub grade: u32,
    pub count: u32,
}

/// One concept; `cells[i]` belongs to `outlets[i]` of the data (None: the
/// outlet used no variant of it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordChoiceRow {
    pub concept: String,
    pub cells: Vec<Option<WordChoiceCell>>,
}

/// Data for [`word_choice_matrix`]. `max_grade` is the top of the
/// loadedness scale (grades above it are drawn as it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WordChoiceData {
    pub context: String,
    pub outlets: Vec<String>,
    pub max_grade: u32,
    pub rows: Vec<WordChoiceRow>,
}

const ROW_H: i32 = 30;
const MAX_CELL_TEXT: f64 = 150.0;
const MAX_CONCEPT: f64 = 200.0;

/// Concept × outlet table; cell text is the word used, colour its grade.
pub fn word_choice_matrix(
    data: &WordChoiceData,
    opts: &impl Checked<ChartOptions>,
) -> Result<Rendered> {
    let opts = opts.checked()?;
    let opts: &Valid<ChartOptions> = &opts;
    let title = with_context(
        "Which word each outlet chose for the same thing",
        &data.context,
    );
    let rows: Vec<&WordChoiceRow> = data
        .rows
        .iter()
        .filter(|r| r.cells.iter().any(|c| c.is_some()))
        .collect();
    if data.outlets.is_empty() || rows.is_empty() {
        return no_data(&title, "no concept group matched in any outlet", opts);
    }
    let max_grade = data
        .max_grade
        .max(
            rows.iter()
                .flat_map(|r| r.cells.iter().flatten())
                .map(|c| c.grade)
                .max()
                .unwrap_or(0),
        )
        .max(1);
    let cell_text = |c: &WordChoiceCell| {
        let v = truncate(&c.variant, LABEL_PX, MAX_CELL_TEXT);
        if c.count > 1 {
            format!("{v} ×{}", c.count)
        } else {
            v
        }
    };
    let concepts: Vec<String> = rows
        .iter()
        .map(|r| truncate(&r.concept, LABEL_PX, MAX_CONCEPT))
        .collect();
    let outlets: Vec<String> = data
        .outlets
        .iter()
        .map(|o| truncate(o, LABEL_PX, MAX_CELL_TEXT))
        .collect();
    let concept_w = widest(&concepts, LABEL_PX) + 14;
    let cell_w = widest(
        rows.iter()
            .flat_map(|r| r.cells.iter().flatten())
            .map(cell_text),
        LABEL_PX,
    )
    .max(widest(&outlets, LABEL_PX))
    .max(56)
        + 16;
    let n = outlets.len() as i32;
    let width = (2 * MARGIN + concept_w + n * cell_w).max(opts.width as i32);
    let height =
        (title_height(true) + LEGEND_H + 4 + 26 + rows.len() as i32 * ROW_H + MARGIN).max(220);
    let pal = &opts.palette;
    let grade_colour = |g: u32| -> RGBColor {
        // Neutral words get a faint tint, the most loaded the deep end.
        pal.div(0.12 + 0.88 * f64::from(g.min(max_grade)) / f64::from(max_grade))
    };
    render(width as u32, height as u32, opts, |area| {
        let mut y = draw_title(area, &title, "Cell: the variant the outlet used (×n: times used); colour: loadedness grade; empty: not used.", width)?;
        let items: Vec<(String, RGBColor)> = (0..=max_grade)
            .map(|g| {
                let name = match g {
                    0 => "0 neutral".to_string(),
                    g if g == max_grade => format!("{g} most loaded"),
                    g => g.to_string(),
                };
                (name, grade_colour(g))
            })
            .collect();
        text(
            area,
            "loadedness:",
            (MARGIN, y + 8),
            LABEL_PX,
            INK,
            HPos::Left,
            VPos::Center,
        )?;
        let lx = MARGIN + text_width("loadedness:", LABEL_PX).ceil() as i32 + 10;
        y += legend(area, &items, (lx, y), width - MARGIN)? + 4;
        let x0 = MARGIN + concept_w;
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
        let y0 = y + 26;
        for (i, (row, concept)) in rows.iter().zip(&concepts).enumerate() {
            let ry = y0 + i as i32 * ROW_H;
            text(
                area,
                concept,
                (x0 - 10, ry + ROW_H / 2),
                LABEL_PX,
                INK,
                HPos::Right,
                VPos::Center,
            )?;
            for j in 0..n as usize {
                let cx = x0 + j as i32 * cell_w;
                let cell = row.cells.get(j).and_then(|c| c.as_ref());
                match cell {
                    Some(c) => {
                        let bg = grade_colour(c.grade);
                        rect(
                            area,
                            (cx + 1, ry + 1),
                            (cx + cell_w - 1, ry + ROW_H - 1),
                            Some(bg),
                            None,
                        )?;
                        text(
                            area,
                            &cell_text(c),
                            (cx + cell_w / 2, ry + ROW_H / 2),
                            LABEL_PX,
                            text_on(bg),
                            HPos::Center,
                            VPos::Center,
                        )?;
                    }
                    None => rect(
                        area,
                        (cx + 1, ry + 1),
                        (cx + cell_w - 1, ry + ROW_H - 1),
                        None,
                        Some(GRID),
                    )?,
                }
            }
        }
        Ok(())
    })
}
