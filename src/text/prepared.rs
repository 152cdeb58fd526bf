//! A document as every measure receives it: read, cleaned and analysed.
//! Defined here, below `compare`, so that the measures can take it while
//! the pipeline (which makes it) sits above them.

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
