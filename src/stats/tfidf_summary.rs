//! The counts and checksums of a TF-IDF matrix ([`MatrixSummary`]) of a
//! corpus too big to hold, counted by several workers at once.
//!
//! Idf is only known once every document is counted, so each document's
//! `(term, count)` pairs are kept, packed ([`TermRows`], four bytes a
//! pair), and weighted at the end. Each worker keeps one vocabulary for
//! all the documents it counts ([`SummaryCounter`], a [`CountingVocab`]),
//! so a term is interned once per worker rather than once per batch; the
//! vocabularies are merged at the end ([`summarize`]).
//!
//! The result does not depend on how documents were shared among workers:
//! columns are the sorted terms, document frequencies are integers, a
//! row's pairs stay in the order of the terms' first appearance in the
//! document (so its norm is summed in an order fixed by the text), and
//! rows are summed block by block in input order.

use super::count::for_each_ngram;
use super::counting_vocab::CountingVocab;
use super::lowered_tokens::for_each_lowered_token;
use super::pytext::{for_each_sklearn_token, py_lower_into};
use super::sparse::MatrixSummary;
use super::term_rows::TermRows;
use super::tfidf::{DfAccumulator, TfidfParams};
use crate::Result;
use rayon::prelude::*;

/// One worker's counting state: its vocabulary with the document
/// frequency of each term, and scratch space reused from document to
/// document.
#[derive(Debug, Clone)]
pub struct SummaryCounter {
    ngram_range: (usize, usize),
    lowercase: bool,
    vocab: CountingVocab,
    scratch: String,
    lower: String,
    join: String,
}

impl SummaryCounter {
    /// A counter for the tokens and n-grams `params` ask for
    /// (scikit-learn's default analyzer).
    pub fn new(params: &TfidfParams) -> Self {
        SummaryCounter {
            ngram_range: params.ngram_range,
            lowercase: params.lowercase,
            vocab: CountingVocab::new(),
            scratch: String::new(),
            lower: String::new(),
            join: String::new(),
        }
    }

    /// Counts the terms of one document and appends its row to `rows`,
    /// with this counter's term ids.
    pub fn add_doc(&mut self, text: &str, rows: &mut TermRows) {
        let SummaryCounter {
            ngram_range,
            lowercase,
            vocab,
            scratch,
            lower,
            join,
        } = self;
        if *ngram_range == (1, 1) && *lowercase {
            for_each_lowered_token(text, scratch, |t| vocab.count(t));
        } else {
            let src = if *lowercase {
                py_lower_into(text, lower);
                lower.as_str()
            } else {
                text
            };
            let mut toks = Vec::new();
            for_each_sklearn_token(src, |t| toks.push(t));
            for_each_ngram(&toks, *ngram_range, join, |t| vocab.count(t));
        }
        rows.push(vocab.end_doc());
    }
}

/// The documents one worker counted into one [`TermRows`], and which of
/// them were dropped afterwards (indices into the rows, ascending; a
/// duplicate id found once the input was read in order, in lenient mode).
#[derive(Debug, Clone, Copy)]
pub struct CountedBlock<'a> {
    /// Index of the [`SummaryCounter`] that counted the block.
    pub worker: usize,
    pub rows: &'a TermRows,
    pub dropped: &'a [usize],
}

impl CountedBlock<'_> {
    fn kept(&self, i: usize) -> bool {
        self.dropped.is_empty() || self.dropped.binary_search(&i).is_err()
    }

    /// Number of documents kept.
    pub fn n_docs(&self) -> usize {
        self.rows.len().saturating_sub(self.dropped.len())
    }
}

/// Fits idf on every kept document of `blocks` (in input order) and
/// returns the counts and checksums of their weighted rows.
pub fn summarize(
    params: &TfidfParams,
    mut workers: Vec<SummaryCounter>,
    blocks: &[CountedBlock<'_>],
) -> Result<MatrixSummary> {
    // Dropped documents take their terms back out of the worker's df.
    for b in blocks.iter().filter(|b| !b.dropped.is_empty()) {
        if let Some(w) = workers.get_mut(b.worker) {
            for (_, row) in b.rows.iter().enumerate().filter(|(i, _)| !b.kept(*i)) {
                for (id, _) in row {
                    w.vocab.forget_doc(id);
                }
            }
        }
    }
    let mut acc = DfAccumulator::default();
    acc.add_docs(blocks.iter().map(CountedBlock::n_docs).sum());
    let global: Vec<Vec<u32>> = workers
        .iter()
        .map(|w| {
            w.vocab
                .terms_with_df()
                .into_iter()
                .map(|(t, df)| {
                    if df == 0 {
                        u32::MAX
                    } else {
                        acc.add_term(t, u64::from(df))
                    }
                })
                .collect()
        })
        .collect();
    let (model, col_of) = acc.finish_with_columns(params)?;
    // Worker term id -> model column (u32::MAX when not kept).
    let cols: Vec<Vec<u32>> = global
        .into_iter()
        .map(|g| {
            g.into_iter()
                .map(|i| col_of.get(i as usize).copied().unwrap_or(u32::MAX))
                .collect()
        })
        .collect();
    let parts: Vec<MatrixSummary> = blocks
        .par_iter()
        .map(|b| {
            let mut s = MatrixSummary::default();
            let Some(cols) = cols.get(b.worker) else {
                return s;
            };
            let mut w = Vec::new();
            for (_, row) in b.rows.iter().enumerate().filter(|(i, _)| b.kept(*i)) {
                let pairs = row.filter_map(|(id, c)| {
                    let col = *cols.get(id as usize)?;
                    (col != u32::MAX).then_some((col, c))
                });
                model.weigh_pairs(pairs, &mut w);
                s.n_docs += 1;
                s.nnz += w.len();
                for v in &w {
                    s.sum += v;
                    s.sumsq += v * v;
                }
            }
            s
        })
        .collect();
    let mut s = MatrixSummary {
        n_terms: model.vocabulary().len(),
        ..Default::default()
    };
    for p in &parts {
        s.merge(p);
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{SklearnDocs, TfidfParams};

    /// Splits documents among workers and blocks in several ways: always
    /// the summary of the whole matrix, to the last bit.
    #[test]
    fn any_split_gives_the_full_matrix_summary() {
        let docs = [
            "The cat sat. THE CAT!",
            "",
            "Ölçü ΟΔΟΣ x² don’t stop",
            "a b c",
            "cat dog dog dog",
            "İstanbul cafe\u{301}s",
        ];
        for ngram_range in [(1, 1), (1, 2), (2, 2)] {
            let params = TfidfParams {
                ngram_range,
                sublinear_tf: ngram_range == (1, 2),
                ..Default::default()
            };
            let (_, x) = params
                .fit_transform(&SklearnDocs::new(&docs, true))
                .unwrap();
            let full = x.summary();
            for n_workers in 1..=3 {
                for per_block in 1..=4 {
                    let mut workers = vec![SummaryCounter::new(&params); n_workers];
                    let mut blocks = Vec::new();
                    for (k, chunk) in docs.chunks(per_block).enumerate() {
                        let mut rows = TermRows::default();
                        for d in chunk {
                            workers[k % n_workers].add_doc(d, &mut rows);
                        }
                        blocks.push((k % n_workers, rows));
                    }
                    let blocks: Vec<CountedBlock> = blocks
                        .iter()
                        .map(|(w, rows)| CountedBlock {
                            worker: *w,
                            rows,
                            dropped: &[],
                        })
                        .collect();
                    let s = summarize(&params, workers, &blocks).unwrap();
                    assert_eq!(
                        (s.n_docs, s.n_terms, s.nnz),
                        (full.n_docs, full.n_terms, full.nnz)
                    );
                    assert!((s.sum - full.sum).abs() < 1e-12, "{s:?} {full:?}");
                    assert!((s.sumsq - full.sumsq).abs() < 1e-12);
                }
            }
        }
    }

    #[test]
    fn dropped_documents_leave_no_trace() {
        let params = TfidfParams::default();
        let mut w = SummaryCounter::new(&params);
        let mut rows = TermRows::default();
        for d in ["aa bb", "zz only here", "bb cc"] {
            w.add_doc(d, &mut rows);
        }
        let block = CountedBlock {
            worker: 0,
            rows: &rows,
            dropped: &[1],
        };
        let s = summarize(&params, vec![w], &[block]).unwrap();
        let (_, x) = params
            .fit_transform(&SklearnDocs::new(&["aa bb", "bb cc"], true))
            .unwrap();
        let full = x.summary();
        assert_eq!((s.n_docs, s.n_terms, s.nnz), (2, 3, 4));
        assert_eq!((full.n_docs, full.n_terms, full.nnz), (2, 3, 4));
        assert!((s.sum - full.sum).abs() < 1e-12);
    }
}
