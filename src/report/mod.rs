//! Reports: serde report types written as JSON (with a `schema_version`),
//! CSV tables, Markdown and self-contained HTML.

pub mod event;
pub mod page;
pub mod run;
pub mod summary;
pub mod tables;

/// Version of the JSON report schema documented in `docs/report-schema.md`.
/// Bumped whenever a field changes meaning or is removed.
pub const SCHEMA_VERSION: &str = "1.0";
