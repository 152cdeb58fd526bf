//! A document as the first three stages leave it: read, cleaned, analysed.
//!
//! Defined here, at the analysis stage, so that `compare` (which reads it)
//! and the `pipeline` driver (which makes it and calls `compare`) both
//! import it downwards; `pipeline::Prepared` re-exports it.

use super::AnalyzedDoc;
use crate::clean::Cleaned;
use crate::corpus::Document;

/// A document with its cleaning audit and its text analysis.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub doc: Document,
    pub cleaned: Cleaned,
    pub analyzed: AnalyzedDoc,
}
