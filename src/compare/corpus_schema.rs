//! The corpus summary's schema (`summary/report.json`): plain serde types,
//! written by `report` and documented in docs/report-schema.md. Kept apart
//! from the tallies and statistics of [`super::corpus`] that fill them, so
//! the schema can be read in one place.

use super::findings::Finding;
use crate::stats::keyness::KeynessRow;
use crate::text::Voice;
use serde::{Deserialize, Serialize};

/// Summary of a set of per-event values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    pub n: usize,
    pub mean: f64,
    /// 95% interval of the mean from resampling events (None for n < 2).
    pub mean_ci: Option<(f64, f64)>,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

/// The corpus summary (`summary/report.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorpusSummary {
    pub schema_version: String,
    pub documents: usize,
    pub events: usize,
    /// Events compared as a whole (similarity, substitutions).
    pub events_compared: usize,
    pub resamples: usize,
    pub permutations: usize,
    pub seed: u64,
    /// `outlet` first, then `label:<name>` for each label that groups documents.
    pub groupings: Vec<GroupingSummary>,
    pub similarity: Vec<PairSimilarity>,
    pub substitutions: Vec<RecurringSubstitution>,
    /// Loaded-language score against annotated sentences, when the input
    /// carries sentence-level bias annotations (BASIL's `spans`).
    pub sentence_auc: Option<SentenceAuc>,
    /// The minimum-evidence rule a category must meet to be tested (see
    /// docs/statistics.md); rows below it are in each grouping's
    /// `too_little_evidence`.
    #[serde(default)]
    pub evidence_rule: String,
    /// How events were handled (limits applied, events left out of parts).
    pub notes: Vec<String>,
    /// What `--where`, `--since`/`--until` and `--events` kept of the
    /// input; absent when the run read the whole input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<crate::corpus::FilterReport>,
    /// Plain-language findings, each with its evidence and the keys of the
    /// rows it rests on (see [`super::corpus_findings`]).
    #[serde(default)]
    pub findings: Vec<Finding>,
}

/// Aggregates for one grouping of the documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupingSummary {
    /// `outlet`, `label:<name>`, or, for columns that map one to one onto
    /// each other, all of them: `outlet = lean`, `label:bias = bias_num`.
    pub grouping: String,
    /// The columns merged into this grouping (`outlet`, `label:<name>`),
    /// the one that names the groups first.
    #[serde(default)]
    pub columns: Vec<String>,
    /// The groups, in order: along the scale for an ordinal grouping
    /// (`order`), else alphabetical.
    pub groups: Vec<String>,
    /// Per group (same order), its value in each of `columns`.
    #[serde(default)]
    pub values: Vec<Vec<String>>,
    /// How `groups` are ordered: `scale:<name>` (a known ordinal scale,
    /// data/ordinal_scales.txt), `numeric`, or `alphabetical`.
    #[serde(default)]
    pub order: String,
    pub rates: Vec<GroupRate>,
    pub tests: Vec<GroupTest>,
    /// Comparisons not tested because they fall below the evidence rule.
    #[serde(default)]
    pub too_little_evidence: Vec<UntestedComparison>,
    pub keyness: Vec<GroupKeyness>,
}

/// A group's rate for one category and voice, pooled over events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRate {
    pub group: String,
    pub lexicon: String,
    pub category: String,
    pub voice: Voice,
    pub events: usize,
    pub matches: u64,
    pub tokens: u64,
    pub rate: Option<f64>,
    /// 95% percentile interval from resampling events (None for < 2 events).
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

/// A permutation test of a category between groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupTest {
    /// `omnibus` (any group differs) or `pair` (`group_a` against `group_b`).
    pub kind: String,
    pub group_a: String,
    pub group_b: String,
    pub comparison: String,
    pub lexicon: String,
    pub category: String,
    pub voice: Voice,
    /// Events that entered the test (with at least two groups / both groups).
    pub events: usize,
    /// Omnibus: chi-square-like spread; pair: rate a minus rate b per 1,000 tokens.
    pub statistic: f64,
    pub p: f64,
    /// Benjamini–Hochberg q across the tested categories of this
    /// comparison and voice.
    pub q: f64,
    /// Effect size per 1,000 tokens: pair, rate a minus rate b; omnibus,
    /// highest group rate minus lowest.
    #[serde(default)]
    pub effect: f64,
    /// 95% interval of the effect from resampling events (None for < 2 events).
    #[serde(default)]
    pub effect_ci_low: Option<f64>,
    #[serde(default)]
    pub effect_ci_high: Option<f64>,
    /// Matches of the category in the groups compared, over `events`.
    #[serde(default)]
    pub matches: u64,
    /// Events in which the difference appears (pair: in the direction of
    /// the overall difference; omnibus: the groups' rates differ).
    #[serde(default)]
    pub events_with_difference: usize,
}

/// A comparison below the evidence rule: described, not tested (no p, no
/// q, and not counted in the multiple-testing family).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UntestedComparison {
    pub kind: String,
    pub group_a: String,
    pub group_b: String,
    pub comparison: String,
    pub lexicon: String,
    pub category: String,
    pub voice: Voice,
    pub events: usize,
    pub matches: u64,
    pub events_with_difference: usize,
    /// Observed effect per 1,000 tokens (as in [`GroupTest::effect`]).
    pub effect: f64,
}

/// Terms most distinctive of a group across the corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupKeyness {
    pub group: String,
    pub over: Vec<KeynessRow>,
    pub under: Vec<KeynessRow>,
}

/// Similarity of an outlet pair over the events where both appear.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairSimilarity {
    pub outlet_a: String,
    pub outlet_b: String,
    pub events: usize,
    pub cosine: Distribution,
    pub jaccard: Distribution,
    /// (event, cosine, jaccard).
    pub per_event: Vec<(String, f64, f64)>,
}

/// A word-choice substitution found in two or more events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecurringSubstitution {
    pub outlet_a: String,
    pub words_a: String,
    pub outlet_b: String,
    pub words_b: String,
    pub events: usize,
    pub count: usize,
    pub example_events: Vec<String>,
}

/// How well a per-sentence loaded-language score separates sentences that
/// annotators marked as lexically biased from the others (BASIL).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceAuc {
    pub annotated: usize,
    pub other: usize,
    /// AUC of the number of loaded-language words in the sentence (the
    /// primary measure: annotators mark a sentence when it holds any such
    /// wording, and a longer sentence has more room for it).
    pub auc_count: f64,
    /// AUC of loaded words per token (discounts length entirely).
    pub auc_rate: f64,
    /// AUC of sentence length in tokens alone: the baseline any count
    /// must be read against, since annotated sentences are longer.
    pub auc_length_only: f64,
    /// AUC of the count within strata of similar length (quintiles of
    /// token counts), pooled with weights n_annotated * n_other: what the
    /// words add beyond length.
    pub auc_count_within_length: f64,
    /// AUC of loaded words per token within the same length strata: the
    /// length-free score, read against `auc_length_within_length`.
    #[serde(default)]
    pub auc_rate_within_length: f64,
    /// AUC of sentence length within the same strata: what length still
    /// explains inside a stratum, the baseline a score within strata must
    /// beat.
    #[serde(default)]
    pub auc_length_within_length: f64,
    /// `auc_rate_within_length - auc_length_within_length`, with its
    /// interval: by how much the words beat length inside the strata.
    #[serde(default)]
    pub rate_gain_within_length: f64,
    /// 95% intervals from resampling documents (sentences of a document
    /// stay together), keyed by the field they belong to (`auc_count`,
    /// `auc_rate`, `auc_length_only`, `auc_count_within_length`,
    /// `auc_rate_within_length`, `auc_length_within_length`,
    /// `rate_gain_within_length`); empty without resamples.
    #[serde(default)]
    pub intervals: std::collections::BTreeMap<String, (f64, f64)>,
    /// The same AUCs in each length stratum.
    #[serde(default)]
    pub by_length: Vec<LengthStratumAuc>,
    pub method: String,
}

/// AUCs of the loaded-language score in one length stratum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LengthStratumAuc {
    /// Shortest and longest sentence of the stratum, in tokens.
    pub min_tokens: usize,
    pub max_tokens: usize,
    pub annotated: usize,
    pub other: usize,
    pub auc_count: f64,
    pub auc_rate: f64,
    pub auc_length: f64,
    /// 95% interval of `auc_rate` from resampling documents.
    pub auc_rate_ci: Option<(f64, f64)>,
}
