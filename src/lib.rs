//! framelens: how different news outlets word the same event.
//!
//! Data flows one way, one module per stage:
//! `corpus` (read) -> `clean` -> `text` (analyse) -> `stats` (count, score)
//! -> `lexicon` (categories) -> `compare` (events, corpus) -> `report` / `plot`.
//! Every import points down this flow. Small things several stages share sit
//! at the ground floor, below `corpus`, and import nothing above it: `error`,
//! `escape`, `hash` (the fast word hasher), `output` (atomic writes) and
//! `schema` (the report schema version).
//!
//! Every text measure can be taken on the outlet's own voice, on quoted
//! speech, or on both: [`text::Voice`] selects which tokens count.

pub mod clean;
pub mod compare;
pub mod corpus;
pub mod error;
pub mod escape;
pub mod hash;
pub mod lexicon;
pub mod names;
pub mod output;
pub mod params;
pub mod pipeline;
pub mod plot;
pub mod report;
pub mod schema;
pub mod stats;
pub mod text;

pub use error::{Error, Result};
