//! VADER scores of documents and sentences: what `framelens score
//! --lexicon vader` prints.
//!
//! VADER was made for short texts; over a long news article its compound
//! score saturates. So a document row also carries the mean compound of
//! its sentences and the shares of positive and negative sentences
//! (compound >= 0.05 / <= -0.05), which are what to read for news text
//! (see docs/vader.md).

use super::score::Unit;
use super::vader::{Polarity, VaderScorer};
use crate::text::AnalyzedDoc;
use serde::Serialize;

/// Compound at or above which a sentence counts as positive (VADER's own
/// threshold).
const POSITIVE: f64 = 0.05;
/// Compound at or below which a sentence counts as negative.
const NEGATIVE: f64 = -0.05;

/// VADER scores of one unit (a document, or one of its sentences).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VaderRow {
    pub doc: String,
    pub outlet: String,
    /// The sentence index; `None` on a document row.
    pub sentence: Option<usize>,
    pub neg: f64,
    pub neu: f64,
    pub pos: f64,
    pub compound: f64,
    /// Document rows: number of sentences.
    pub sentences: Option<usize>,
    /// Document rows with sentences: mean compound of the sentences.
    pub mean_sentence_compound: Option<f64>,
    /// Document rows with sentences: share of positive sentences.
    pub share_positive: Option<f64>,
    /// Document rows with sentences: share of negative sentences.
    pub share_negative: Option<f64>,
}

/// The VADER rows of one analysed document: one per sentence, or one for
/// the whole document with its sentence aggregates.
pub fn vader_rows(
    scorer: &VaderScorer,
    id: &str,
    outlet: &str,
    doc: &AnalyzedDoc,
    unit: Unit,
) -> Vec<VaderRow> {
    let sent: Vec<Polarity> = (0..doc.sentences.len())
        .map(|i| scorer.polarity_scores(doc.sentence_text(i)))
        .collect();
    let row = |p: Polarity, sentence| VaderRow {
        doc: id.to_string(),
        outlet: outlet.to_string(),
        sentence,
        neg: p.neg,
        neu: p.neu,
        pos: p.pos,
        compound: p.compound,
        sentences: None,
        mean_sentence_compound: None,
        share_positive: None,
        share_negative: None,
    };
    match unit {
        Unit::Sentence => sent
            .iter()
            .enumerate()
            .map(|(i, p)| row(*p, Some(i)))
            .collect(),
        Unit::Document => {
            let mut r = row(scorer.polarity_scores(&doc.text), None);
            let n = sent.len();
            if n > 0 {
                let nf = n as f64;
                r.sentences = Some(n);
                r.mean_sentence_compound = Some(sent.iter().map(|p| p.compound).sum::<f64>() / nf);
                r.share_positive =
                    Some(sent.iter().filter(|p| p.compound >= POSITIVE).count() as f64 / nf);
                r.share_negative =
                    Some(sent.iter().filter(|p| p.compound <= NEGATIVE).count() as f64 / nf);
            } else {
                r.sentences = Some(0);
            }
            vec![r]
        }
    }
}
