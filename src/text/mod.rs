//! Text analysis: normalisation, tokens with byte offsets, sentences,
//! stems, stop words, n-grams and quotes with their speakers.
//!
//! The [`AnalyzedDoc`] produced here is what every later measure reads.
//! Each token knows whether it stands inside a quote, so every measure can
//! be taken on the outlet's own voice, on quoted speech, or on both.

mod types;
pub use types::*;
