//! Lexicon rates by outlet with 95% intervals, own voice against quoted
//! speech, one panel per lexicon category.

use super::dotwhisker::{render_dot_whisker, DotWhisker, Facet};
use super::{first_seen, RateInterval};
use crate::error::Result;
use crate::params::{Checked, Valid};
use crate::plot::draw::no_data;
use crate::plot::{ChartOptions, Rendered};
use serde::{Deserialize, Serialize};

/// One outlet's rate for one category, in its own voice and in the
/// speech it quotes (either may be missing, e.g. an outlet with no quotes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LexiconRateRow {
    pub outlet: String,
    pub category: String,
    pub own: Option<RateInterval>,
    pub quoted: Option<RateInterval>,
}

/// Data for [`lexicon_rates`]. `context` names what was compared (for
/// example the event id) and goes into the title.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LexiconRatesData {
    pub context: String,
    pub rows: Vec<LexiconRateRow>,
}

/// Dot-and-whisker panels: per category, each outlet's rate per 1,000
/// tokens in its own voice and in quoted speech, with 95% intervals.
pub fn lexicon_rates(
    data: &LexiconRatesData,
    opts: &impl Checked<ChartOptions>,
) -> Result<Rendered> {
    let opts = opts.checked()?;
    let opts: &Valid<ChartOptions> = &opts;
    let title = with_context(
        "Loaded-language rates by outlet: own voice vs quoted speech",
        &data.context,
    );
    if data.rows.is_empty() {
        return no_data(&title, "no lexicon matches were scored", opts);
    }
    let categories = first_seen(data.rows.iter().map(|r| r.category.as_str()));
    let outlets = first_seen(data.rows.iter().map(|r| r.outlet.as_str()));
    let facets = categories
        .iter()
        .map(|c| Facet {
            title: c.clone(),
            rows: outlets
                .iter()
                .map(|o| {
                    let r = data
                        .rows
                        .iter()
                        .find(|r| &r.category == c && &r.outlet == o);
                    (
                        o.clone(),
                        vec![r.and_then(|r| r.own), r.and_then(|r| r.quoted)],
                    )
                })
                .collect(),
        })
        .collect();
    render_dot_whisker(
        &DotWhisker {
            title: &title,
            subtitle: "Dot: matches per 1,000 tokens; whiskers: 95% bootstrap interval; no dot: the outlet has no text of that kind.",
            x_label: "matches per 1,000 tokens",
            series: vec!["own voice".into(), "quoted speech".into()],
            facets,
        },
        opts,
    )
}

/// "`title` — `context`", or just the title when there is no context.
pub(crate) fn with_context(title: &str, context: &str) -> String {
    if context.trim().is_empty() {
        title.to_string()
    } else {
        format!("{title} — {}", context.trim())
    }
}
