//! Outlet aggregates across events: per category, each outlet's rate with
//! its interval from resampling events.

use super::dotwhisker::{render_dot_whisker, DotWhisker, Facet};
use super::lexicon::with_context;
use super::{first_seen, RateInterval};
use crate::error::Result;
use crate::params::{Checked, Valid};
use crate::plot::draw::no_data;
use crate::plot::{ChartOptions, Rendered};
use serde::{Deserialize, Serialize};

/// One outlet's aggregate rate for one category over `n_events` events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AggregateRow {
    pub outlet: String,
    pub category: String,
    pub rate: RateInterval,
    pub n_events: usize,
}

/// Data for [`outlet_aggregates`]. `voice` says which tokens were counted
/// ("own voice", "quoted speech", "all text").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AggregatesData {
    pub context: String,
    pub voice: String,
    pub rows: Vec<AggregateRow>,
}

/// Dot-and-whisker panels, one per category: each outlet's rate across
/// events with a 95% interval; row labels give the number of events.
pub fn outlet_aggregates(
    data: &AggregatesData,
    opts: &impl Checked<ChartOptions>,
) -> Result<Rendered> {
    let opts = opts.checked()?;
    let opts: &Valid<ChartOptions> = &opts;
    let title = with_context("Outlet rates across events, by category", &data.context);
    if data.rows.is_empty() {
        return no_data(&title, "no outlet appears in any event", opts);
    }
    let categories = first_seen(data.rows.iter().map(|r| r.category.as_str()));
    let outlets = first_seen(data.rows.iter().map(|r| r.outlet.as_str()));
    let n_events = |o: &str| {
        data.rows
            .iter()
            .filter(|r| r.outlet == o)
            .map(|r| r.n_events)
            .max()
            .unwrap_or(0)
    };
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
                    (format!("{o} (n={})", n_events(o)), vec![r.map(|r| r.rate)])
                })
                .collect(),
        })
        .collect();
    let voice = if data.voice.is_empty() {
        "all text"
    } else {
        data.voice.as_str()
    };
    let subtitle = format!(
        "Dot: mean rate per 1,000 tokens ({voice}); whiskers: 95% interval from resampling events; n = events."
    );
    render_dot_whisker(
        &DotWhisker {
            title: &title,
            subtitle: &subtitle,
            x_label: "matches per 1,000 tokens",
            series: vec![voice.to_string()],
            facets,
        },
        opts,
    )
}
