//! framelens: how different news outlets word the same event.
//!
//! Data flows one way, one module per stage:
//! `corpus` (read) -> `clean` -> `text` (analyse) -> `stats` (count, score)
//! -> `lexicon` (categories) -> `compare` (events, corpus) -> `report` / `plot`.
//!
//! Every text measure can be taken on the outlet's own voice, on quoted
//! speech, or on both: [`text::Voice`] selects which tokens count.

pub mod clean;
pub mod compare;
pub mod corpus;
pub mod error;
pub mod escape;
pub mod lexicon;
pub mod output;
pub mod params;
pub mod pipeline;
pub mod plot;
pub mod report;
pub mod stats;
pub mod text;

pub use error::{Error, Result};
