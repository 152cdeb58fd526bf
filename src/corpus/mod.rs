//! Reading documents: a folder of `.txt` files with a manifest, JSONL, CSV.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One article as read from the input, before cleaning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Document {
    /// Unique id within the corpus (file stem, `id` field, or line number).
    pub id: String,
    /// Short outlet id used in tables and charts (for example `rt`).
    pub outlet: String,
    /// Human-readable outlet name, when the input gives one.
    pub outlet_name: Option<String>,
    /// Event (story) id; documents of one event are compared together.
    pub event: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub language: Option<String>,
    /// Body text, exactly as read (after BOM removal and line-end normalisation).
    pub text: String,
    pub url: Option<String>,
    /// Every other field of the input record, kept as given.
    pub labels: BTreeMap<String, serde_json::Value>,
    /// Where the document came from (file, and line for JSONL/CSV), for messages.
    pub source: String,
}

impl Document {
    /// The outlet's display name, falling back to its id.
    pub fn outlet_label(&self) -> &str {
        self.outlet_name.as_deref().unwrap_or(&self.outlet)
    }
}
