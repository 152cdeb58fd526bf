//! The pipeline drives every run: read -> clean -> analyse ([`prepare`]),
//! then the per-event comparison with its corpus summary ([`full`]) or the
//! bounded-memory summary of a streamed input ([`stream`]).
//!
//! It returns results and [`Warning`]s as values and reports progress
//! through a [`Progress`]; writing reports is `report`'s job, printing and
//! drawing progress bars the binary's.

pub mod chunked;
pub mod counts;
pub mod dtm;
pub mod full;
pub mod measures;
pub mod prepare;
pub mod progress;
pub mod stream;
pub mod warning;

pub use chunked::{cleaned_chunks, for_each_cleaned, for_each_prepared, learn_stream, Learning};
pub use full::{compare_corpus, compare_events, FullOptions, FullRun};
pub use measures::{field_value, outlet_keyness, term_frequencies, FreqRow, KeynessCounter};
pub use prepare::{
    analyzer_for, clean, prepare, prepare_learned, read_cleaned, read_prepared, PrepareOptions,
    Prepared, PreparedCorpus,
};
pub use progress::{NoProgress, Progress, Stage};
pub use stream::{summarise_stream, StreamOptions, StreamRun, CHUNK_DOCS};
pub use warning::Warning;

use crate::error::TooFew;
use crate::{Error, Result};
use std::path::Path;

/// A comparison needs documents from two outlets at least.
fn need_two_outlets(input: &Path, outlets: &[String]) -> Result<()> {
    if outlets.len() < 2 {
        return Err(Error::TooFewOutlets {
            context: input.display().to_string(),
            shortage: TooFew::Input {
                outlet: outlets.first().cloned(),
            },
        });
    }
    Ok(())
}
