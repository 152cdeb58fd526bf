//! Reports: serde report types written as JSON (with a `schema_version`),
//! CSV tables, Markdown and self-contained HTML.

pub mod dtm;
pub mod event;
pub mod explorer;
pub mod page;
pub mod run;
pub mod summary;
pub mod table_stream;
pub mod tables;

/// Version of the JSON report schema (defined in [`crate::schema`], below
/// `compare`, which stamps it; re-exported here where readers look for it).
pub use crate::schema::SCHEMA_VERSION;
