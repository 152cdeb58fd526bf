//! The counts and checksums of a TF-IDF matrix ([`MatrixSummary`]) of a
//! corpus too big to hold, counted by several workers at once.
//!
//! Idf is only known once every document is counted, so each document's
//! `(term, count)` pairs are kept, packed ([`TermRows`], four bytes a
//! pair), and weighted at the end. Each worker keeps one vocabulary for
//! all the documents it counts ([`SummaryCounter`], a [`CountingVocab`]),
//! so a term is interned once per worker rather than once per batch; the
//! vocabularies are merged at the end ([`summarize`]): each sorted on
//! its own core, then merged in one pass, which gives the sorted columns
//! and each worker's term-to-column map with no hash table (that merge
//! and its 270,000 allocations were a quarter of a two-job run).
//!
//! The result does not depend on how documents were shared among workers:
//! columns are the sorted terms, document frequencies are integers, a
//! row's pairs stay in the order of the terms' first appearance in the
//! document (so its norm is summed in an order fixed by the text), and
//! rows are summed block by block in input order.

use super::count::for_each_ngram;
use super::counting_vocab::{CountingVocab, Lookahead};
use super::lowered_tokens::for_each_lowered_token;
use super::pytext::{for_each_sklearn_token, py_lower_into};
use super::sparse::MatrixSummary;
use super::term_rows::TermRows;
use super::tfidf::{
    df_bounds, empty_vocabulary, idf_of, nothing_left, weigh_idf_pairs, within, TfidfParams,
};
use crate::Result;
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// One worker's counting state: its vocabulary with the document
/// frequency of each term, and scratch space reused from document to
/// document.
#[derive(Debug, Clone)]
pub struct SummaryCounter {
    ngram_range: (usize, usize),
    lowercase: bool,
    vocab: CountingVocab,
    look: Lookahead,
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
            look: Lookahead::default(),
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
            look,
            scratch,
            lower,
            join,
        } = self;
        if *ngram_range == (1, 1) && *lowercase {
            for_each_lowered_token(text, scratch, |t| look.push(vocab, text, t));
            look.finish(vocab, text);
        } else {
            let src = if *lowercase {
                py_lower_into(text, lower);
                lower.as_str()
            } else {
                text
            };
            let mut toks = Vec::new();
            for_each_sklearn_token(src, |t| toks.push(t));
            for_each_ngram(&toks, *ngram_range, join, |t| look.push(vocab, src, t));
            look.finish(vocab, src);
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
    params.validate()?;
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
    let n_docs: usize = blocks.iter().map(CountedBlock::n_docs).sum();
    let lists: Vec<Vec<(&str, u32)>> = workers.iter().map(|w| w.vocab.terms_with_df()).collect();
    let (df, term_of) = merge_vocabularies(&lists);
    if df.is_empty() {
        return Err(empty_vocabulary());
    }
    let bounds = df_bounds(params, n_docs)?;
    // Terms are in column order already: a kept term's idf, NaN for the
    // others.
    let idf: Vec<f64> = df
        .iter()
        .map(|&d| {
            if within(d, bounds) {
                idf_of(params, n_docs, d)
            } else {
                f64::NAN
            }
        })
        .collect();
    let n_terms = idf.iter().filter(|v| !v.is_nan()).count();
    if n_terms == 0 {
        return Err(nothing_left());
    }
    // Worker term id -> idf of its column (NaN when not kept): one lookup
    // per pair.
    let idf_of_id: Vec<Vec<f64>> = term_of
        .into_iter()
        .map(|g| {
            g.into_iter()
                .map(|i| idf.get(i as usize).copied().unwrap_or(f64::NAN))
                .collect()
        })
        .collect();
    let parts: Vec<MatrixSummary> = blocks
        .par_iter()
        .map(|b| {
            let mut s = MatrixSummary::default();
            let Some(idf) = idf_of_id.get(b.worker) else {
                return s;
            };
            let mut w = Vec::new();
            for (_, row) in b.rows.iter().enumerate().filter(|(i, _)| b.kept(*i)) {
                let pairs = row.filter_map(|(id, c)| {
                    let v = *idf.get(id as usize)?;
                    (!v.is_nan()).then_some((v, c))
                });
                weigh_idf_pairs(params, pairs, &mut w);
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
        n_terms,
        ..Default::default()
    };
    for p in &parts {
        s.merge(p);
    }
    Ok(s)
}

/// The union of the workers' vocabularies (`(term, df)` in id order each),
/// terms in code point order (scikit-learn's column order): each term's
/// total document frequency, and for each worker the index of each of its
/// ids in that order (`u32::MAX` for a term in none of its documents).
fn merge_vocabularies(lists: &[Vec<(&str, u32)>]) -> (Vec<u64>, Vec<Vec<u32>>) {
    // Each worker's ids with a document, sorted by term (unique within a
    // worker), one worker per core.
    let orders: Vec<Vec<u32>> = lists
        .par_iter()
        .map(|l| {
            let mut ids: Vec<u32> = (0..l.len() as u32)
                .filter(|&i| l[i as usize].1 > 0)
                .collect();
            ids.par_sort_unstable_by(|&a, &b| l[a as usize].0.cmp(l[b as usize].0));
            ids
        })
        .collect();
    let mut term_of: Vec<Vec<u32>> = lists.iter().map(|l| vec![u32::MAX; l.len()]).collect();
    let mut df: Vec<u64> = Vec::new();
    let head = |w: usize, pos: usize| {
        let id = *orders[w].get(pos)?;
        Some(Reverse((lists[w][id as usize].0, w, pos)))
    };
    let mut heap: BinaryHeap<_> = (0..lists.len()).filter_map(|w| head(w, 0)).collect();
    let mut last: Option<&str> = None;
    while let Some(Reverse((term, w, pos))) = heap.pop() {
        if last != Some(term) {
            df.push(0);
            last = Some(term);
        }
        let id = orders[w][pos] as usize;
        if let Some(d) = df.last_mut() {
            *d += u64::from(lists[w][id].1);
        }
        term_of[w][id] = (df.len() - 1) as u32;
        if let Some(next) = head(w, pos + 1) {
            heap.push(next);
        }
    }
    (df, term_of)
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
