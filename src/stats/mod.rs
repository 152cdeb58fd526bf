//! Statistics: vocabulary and sparse document-term counts, TF-IDF with
//! scikit-learn's semantics, keyness, similarity, outlet maps, bootstrap
//! and permutation tests, Benjamini–Hochberg FDR.

pub mod count;
pub mod counting_vocab;
pub mod dtm;
pub mod hash;
pub mod lowered_tokens;
pub mod pytext;
pub mod sparse;
pub mod term_rows;
pub mod tfidf;
pub mod tfidf_summary;
pub mod tokens;

pub use count::{count_docs, TermCounts};
pub use sparse::{MatrixSummary, SparseMatrix};
pub use term_rows::TermRows;
pub use tfidf::{DfAccumulator, DfLimit, Norm, TfidfModel, TfidfParams};
pub use tfidf_summary::{summarize, CountedBlock, SummaryCounter};
pub use tokens::{AnalyzedDocs, PreTokenized, SklearnDocs, TokenSource};
pub mod dist;
pub mod fdr;
pub mod keyness;
pub use keyness::{keyness, Correction, KeynessParams, KeynessRow, Measure, Prior};
pub mod keyness_sides;
pub use keyness_sides::{background_counts, Sides};
pub mod bootstrap;
pub mod map;
pub mod similarity;
pub use bootstrap::{percentile, rate_intervals, unit_seed};
pub mod auc;
pub mod permutation;
