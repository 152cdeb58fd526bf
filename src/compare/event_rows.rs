//! The rows of an event's report that its parts fill in: outlets, keyness,
//! word choice in concept groups, lexicon evidence. Apart from
//! [`super::event`] (which assembles the report) so that
//! [`super::findings`] can read them without importing the assembler.

use crate::lexicon::matcher::Match;
use crate::stats::keyness::KeynessRow;
use serde::{Deserialize, Serialize};

/// One outlet in an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletInfo {
    pub id: String,
    pub name: String,
    pub documents: Vec<String>,
    pub titles: Vec<String>,
    pub tokens: usize,
    pub tokens_own: usize,
    pub tokens_quoted: usize,
    pub sentences: usize,
    pub quotations: usize,
    pub scare_quotes: usize,
    /// Lines removed as boilerplate while cleaning.
    pub lines_removed: usize,
}

/// Keyness of one outlet against the other outlets of the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletKeyness {
    pub outlet: String,
    /// Terms the outlet uses more than the others (largest z first).
    pub over: Vec<KeynessRow>,
    /// Terms the outlet uses less than the others (most negative z first).
    pub under: Vec<KeynessRow>,
    /// The terms with the largest |z|, for the term scatter (not in JSON).
    #[serde(skip)]
    pub scatter: Vec<KeynessRow>,
}

/// One outlet's choice within one concept group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConceptChoice {
    pub outlet: String,
    /// Variants used, as matched (lowercased entry), most frequent first.
    pub variants: Vec<String>,
    /// Loadedness grade of each variant in `variants`.
    pub variant_grades: Vec<u32>,
    /// Times each variant in `variants` was used.
    pub variant_counts: Vec<usize>,
    pub count: usize,
    /// Highest loadedness grade used (1 is the most neutral).
    pub max_grade: u32,
    pub own_voice: usize,
    pub quoted: usize,
}

/// A concept group and what each outlet wrote for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConceptRow {
    pub concept: String,
    pub choices: Vec<ConceptChoice>,
    /// True when the outlets chose differently (some outlet used a variant
    /// that another did not use).
    pub differs: bool,
}

/// A lexicon match with its outlet, for the evidence table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceMatch {
    pub outlet: String,
    #[serde(flatten)]
    pub found: Match,
}
