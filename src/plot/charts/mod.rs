//! One file per chart. Shared pieces: [`RateInterval`] and the faceted
//! dot-and-whisker layout used by the lexicon and aggregate charts.

pub mod actor_labels;
pub mod aggregates;
pub mod attribution;
pub(crate) mod dotwhisker;
pub mod keyness;
pub mod lexicon;
pub mod outlet_map;
pub mod quote_coverage;
pub mod similarity;
pub mod term_scatter;
pub mod word_choice;

use serde::{Deserialize, Serialize};

/// A rate (per 1,000 tokens) with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RateInterval {
    pub rate: f64,
    pub low: f64,
    pub high: f64,
}

impl RateInterval {
    /// True when all three numbers can be drawn.
    pub(crate) fn is_finite(&self) -> bool {
        self.rate.is_finite() && self.low.is_finite() && self.high.is_finite()
    }
}

/// Items in order of first appearance, without repeats.
pub(crate) fn first_seen<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.iter().any(|o| o == i) {
            out.push(i.to_string());
        }
    }
    out
}
