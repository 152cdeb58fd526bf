//! The version of the JSON report schema, at the ground floor: `compare`
//! stamps it into the report types it builds and `report` documents and
//! writes them, so neither has to import the other's stage to read it.

/// Version of the JSON report schema documented in `docs/report-schema.md`.
/// Bumped whenever a field changes meaning or is removed.
pub const SCHEMA_VERSION: &str = "1.0";
