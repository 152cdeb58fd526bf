//! TF-IDF with scikit-learn's `TfidfVectorizer` semantics (1.9).
//!
//! * idf = ln((1 + n) / (1 + df)) + 1 with `smooth_idf`, else ln(n / df) + 1;
//! * tf = raw count, or 1 + ln(count) with `sublinear_tf`;
//! * each row divided by its l2 or l1 norm (`norm`), rows of zeros left alone;
//! * vocabulary sorted by code point, then cut by `max_df` and `min_df`
//!   (an integer is a document count, a fraction a proportion of documents);
//! * idf is learned by [`TfidfParams::fit`] and reused by
//!   [`TfidfModel::transform`] on new documents, whose unknown terms are
//!   ignored.

use super::count::{count_docs, for_each_ngram, TermCounts, CHUNK_DOCS};
use super::hash::FxHashMap;
use super::sparse::{MatrixSummary, SparseMatrix};
use super::tokens::TokenSource;
use crate::error::Allowed;
use crate::params::{checked_on_entry, Check, Checked};
use crate::{Error, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// A document-frequency limit, read as scikit-learn reads `min_df`/`max_df`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum DfLimit {
    /// An absolute number of documents (Python `int`).
    Count(usize),
    /// A proportion of documents in [0, 1] (Python `float`).
    Fraction(f64),
}

impl DfLimit {
    /// The limit in documents for a corpus of `n_docs` (fractions are not
    /// rounded, as in scikit-learn).
    pub fn doc_count(self, n_docs: usize) -> f64 {
        match self {
            DfLimit::Count(c) => c as f64,
            DfLimit::Fraction(f) => f * n_docs as f64,
        }
    }

    /// [`DF_COUNTS`] for a count, [`DF_FRACTIONS`] for a fraction.
    fn check(self, name: &'static str) -> Result<()> {
        match self {
            DfLimit::Count(c) => DF_COUNTS.check_count(name, c),
            DfLimit::Fraction(f) => DF_FRACTIONS.check(name, f),
        }
    }
}

/// The counts a [`DfLimit::Count`] allows: 0 documents is no limit, which
/// scikit-learn spells as the fraction 0.0.
pub const DF_COUNTS: Allowed = Allowed::CountFrom {
    min: 1,
    otherwise: "use a fraction such as 0.0 for none",
};

/// The proportions a [`DfLimit::Fraction`] allows.
pub const DF_FRACTIONS: Allowed = Allowed::Fraction;

/// Least n-gram length of [`TfidfParams::ngram_range`].
pub const MIN_NGRAM: usize = 1;

impl std::str::FromStr for DfLimit {
    type Err = Error;

    /// `"5"` is a count, `"0.5"`, `"1.0"` or `"1e-3"` a fraction, like
    /// Python's `int` and `float` literals.
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        if s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty() {
            s.parse::<usize>()
                .map(DfLimit::Count)
                .map_err(|e| Error::param("df limit", format!("{s:?}: {e}")))
        } else {
            s.parse::<f64>()
                .map(DfLimit::Fraction)
                .map_err(|e| Error::param("df limit", format!("{s:?}: {e}")))
        }
    }
}

/// Row normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Norm {
    L1,
    #[default]
    L2,
    None,
}

/// Options of TF-IDF, with scikit-learn's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TfidfParams {
    pub smooth_idf: bool,
    pub sublinear_tf: bool,
    pub norm: Norm,
    pub min_df: DfLimit,
    pub max_df: DfLimit,
    /// Inclusive range of n-gram lengths, as `(min_n, max_n)`.
    pub ngram_range: (usize, usize),
    /// Lowercase raw text before tokenising (the `sklearn` token mode only;
    /// pre-tokenised input is used as given).
    pub lowercase: bool,
}

impl Default for TfidfParams {
    fn default() -> Self {
        TfidfParams {
            smooth_idf: true,
            sublinear_tf: false,
            norm: Norm::L2,
            min_df: DfLimit::Count(1),
            max_df: DfLimit::Fraction(1.0),
            ngram_range: (1, 1),
            lowercase: true,
        }
    }
}

impl Check for TfidfParams {
    /// Every option, as scikit-learn's parameter validation checks them.
    fn check_ref(&self) -> Result<()> {
        self.min_df.check("min_df")?;
        self.max_df.check("max_df")?;
        let (a, b) = self.ngram_range;
        if a < MIN_NGRAM || a > b {
            // Two bounds and their order: said as one pair, as given.
            return Err(Error::param(
                "ngram_range",
                format!("need {MIN_NGRAM} <= min <= max, got ({a}, {b})"),
            ));
        }
        Ok(())
    }
}

checked_on_entry!(TfidfParams);

impl TfidfParams {
    /// Learns vocabulary and idf from `src`.
    pub fn fit<T: TokenSource>(&self, src: &T) -> Result<TfidfModel> {
        let params = self.clone().check()?;
        let mut acc = DfAccumulator::default();
        acc.add(&count_docs(src, self.ngram_range));
        acc.finish(&params)
    }

    /// Learns vocabulary and idf from `src` and weights the same documents
    /// (one tokenisation pass).
    pub fn fit_transform<T: TokenSource>(&self, src: &T) -> Result<(TfidfModel, SparseMatrix)> {
        self.check_ref()?;
        let counts = count_docs(src, self.ngram_range);
        self.fit_transform_counts(&counts)
    }

    /// Fit and transform on rows of counts already made (for example
    /// grouped by outlet with [`TermCounts::grouped`]).
    pub fn fit_transform_counts(&self, counts: &TermCounts) -> Result<(TfidfModel, SparseMatrix)> {
        let params = self.clone().check()?;
        let mut acc = DfAccumulator::default();
        acc.add(counts);
        let model = acc.finish(&params)?;
        let m = model.transform_counts(counts);
        Ok((model, m))
    }
}

/// Document frequencies gathered over one or more batches of documents,
/// so a corpus larger than memory can be fitted batch by batch.
#[derive(Debug, Default)]
pub struct DfAccumulator {
    map: FxHashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
    df: Vec<u64>,
    n_docs: usize,
}

impl DfAccumulator {
    /// Adds the document frequencies of a batch.
    pub fn add(&mut self, counts: &TermCounts) {
        let mut df = vec![0u64; counts.terms.len()];
        for &id in &counts.ids {
            df[id as usize] += 1;
        }
        for (t, &d) in counts.terms.iter().zip(&df) {
            self.add_term(t, d);
        }
        self.add_docs(counts.n_docs());
    }

    /// Adds `df` documents to the frequency of `term`; returns the term's
    /// id in this accumulator (see [`DfAccumulator::finish_with_columns`]).
    pub fn add_term(&mut self, term: &str, df: u64) -> u32 {
        let id = match self.map.get(term) {
            Some(&id) => id,
            None => {
                let id = self.terms.len() as u32;
                self.terms.push(Box::from(term));
                self.map.insert(Box::from(term), id);
                self.df.push(0);
                id
            }
        };
        self.df[id as usize] += df;
        id
    }

    /// Counts `n` more documents (their terms are given by
    /// [`DfAccumulator::add_term`]).
    pub fn add_docs(&mut self, n: usize) {
        self.n_docs += n;
    }

    /// Sorts the vocabulary, applies `max_df` and `min_df` and computes idf.
    pub fn finish(self, params: &impl Checked<TfidfParams>) -> Result<TfidfModel> {
        self.finish_with_columns(params).map(|(m, _)| m)
    }

    /// As [`DfAccumulator::finish`], also returning the model column of
    /// each accumulator term id (`u32::MAX` when cut by min_df/max_df).
    pub fn finish_with_columns(
        self,
        params: &impl Checked<TfidfParams>,
    ) -> Result<(TfidfModel, Vec<u32>)> {
        let params = params.checked()?;
        if self.terms.is_empty() {
            return Err(Error::input(
                "tfidf",
                "empty vocabulary; perhaps the documents only contain stop words",
            ));
        }
        let n = self.n_docs;
        let high = params.max_df.doc_count(n);
        let low = params.min_df.doc_count(n);
        if high < low {
            return Err(Error::param(
                "max_df",
                "max_df corresponds to < documents than min_df",
            ));
        }
        let n_terms = self.terms.len();
        let mut kept: Vec<(Box<str>, u64, u32)> = self
            .terms
            .into_iter()
            .zip(self.df)
            .enumerate()
            .filter(|&(_, (_, df))| (df as f64) <= high && (df as f64) >= low)
            .map(|(i, (t, df))| (t, df, i as u32))
            .collect();
        if kept.is_empty() {
            return Err(Error::input(
                "tfidf",
                "after pruning, no terms remain; try a lower min_df or a higher max_df",
            ));
        }
        // UTF-8 byte order is code point order, which is Python's str order.
        kept.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let smooth = f64::from(u8::from(params.smooth_idf));
        let n_samples = n as f64 + smooth;
        let idf = kept
            .iter()
            .map(|&(_, df, _)| (n_samples / (df as f64 + smooth)).ln() + 1.0)
            .collect();
        let df = kept.iter().map(|&(_, df, _)| df).collect();
        let mut col_of = vec![u32::MAX; n_terms];
        for (col, k) in kept.iter().enumerate() {
            col_of[k.2 as usize] = col as u32;
        }
        let vocabulary: Vec<Box<str>> = kept.into_iter().map(|(t, _, _)| t).collect();
        let index = vocabulary
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        let model = TfidfModel {
            params: TfidfParams::clone(&params),
            vocabulary,
            index,
            idf,
            df,
            n_docs: n,
        };
        Ok((model, col_of))
    }
}

/// A fitted TF-IDF: vocabulary (sorted) and idf, applied to any documents.
#[derive(Debug, Clone)]
pub struct TfidfModel {
    params: TfidfParams,
    vocabulary: Vec<Box<str>>,
    index: FxHashMap<Box<str>, u32>,
    idf: Vec<f64>,
    df: Vec<u64>,
    n_docs: usize,
}

impl TfidfModel {
    /// The terms, in column order (sorted by code point).
    pub fn vocabulary(&self) -> &[Box<str>] {
        &self.vocabulary
    }

    /// Column of a term.
    pub fn column(&self, term: &str) -> Option<usize> {
        self.index.get(term).map(|&i| i as usize)
    }

    /// Idf per column.
    pub fn idf(&self) -> &[f64] {
        &self.idf
    }

    /// Document frequency per column, as seen at fit.
    pub fn df(&self) -> &[u64] {
        &self.df
    }

    /// Number of documents the model was fitted on.
    pub fn n_fit_docs(&self) -> usize {
        self.n_docs
    }

    pub fn params(&self) -> &TfidfParams {
        &self.params
    }

    /// Weights of one row given its `(column, count)` pairs, written over
    /// `out` (cleared first). The norm is summed in the order given.
    pub(crate) fn weigh_row(&self, cols: &[(u32, u32)], out: &mut Vec<f64>) {
        self.weigh_pairs(cols.iter().copied(), out);
    }

    /// As [`TfidfModel::weigh_row`], the pairs coming from an iterator
    /// (decoded as they are read, with no vector in between).
    pub(crate) fn weigh_pairs(&self, cols: impl Iterator<Item = (u32, u32)>, out: &mut Vec<f64>) {
        out.clear();
        for (j, c) in cols {
            let tf = if self.params.sublinear_tf {
                (c as f64).ln() + 1.0
            } else {
                c as f64
            };
            out.push(tf * self.idf[j as usize]);
        }
        let norm = match self.params.norm {
            Norm::L2 => out.iter().map(|v| v * v).sum::<f64>().sqrt(),
            Norm::L1 => out.iter().map(|v| v.abs()).sum::<f64>(),
            Norm::None => 1.0,
        };
        if norm != 0.0 && norm != 1.0 {
            for v in out.iter_mut() {
                *v /= norm;
            }
        }
    }

    /// Weights documents from `src` with the fitted vocabulary and idf.
    pub fn transform<T: TokenSource>(&self, src: &T) -> SparseMatrix {
        let rows = self.map_chunks(src, |cols, w, m: &mut SparseMatrix| {
            let idx: Vec<u32> = cols.iter().map(|c| c.0).collect();
            m.push_row(&idx, w);
        });
        let mut out = SparseMatrix::new(self.vocabulary.len());
        for part in rows {
            append(&mut out, part);
        }
        out
    }

    /// Counts and checksums of `transform(src)` without keeping the matrix:
    /// memory stays at the vocabulary size.
    pub fn summarize<T: TokenSource>(&self, src: &T) -> MatrixSummary {
        let parts = self.map_chunks(src, |_, w, s: &mut MatrixSummary| {
            s.n_docs += 1;
            s.nnz += w.len();
            for v in w {
                s.sum += v;
                s.sumsq += v * v;
            }
        });
        let mut s = MatrixSummary {
            n_terms: self.vocabulary.len(),
            ..Default::default()
        };
        for p in &parts {
            s.merge(p);
        }
        s
    }

    /// Tokenises fixed chunks of `src` in parallel and folds each row's
    /// `(column, count)` pairs and weights into a per-chunk accumulator.
    fn map_chunks<T, A, F>(&self, src: &T, fold: F) -> Vec<A>
    where
        T: TokenSource,
        A: Default + Send,
        F: Fn(&[(u32, u32)], &[f64], &mut A) + Sync,
    {
        let n = src.n_docs();
        (0..n.div_ceil(CHUNK_DOCS))
            .into_par_iter()
            .map(|c| {
                let mut acc = A::default();
                let mut buf = String::new();
                let mut join = String::new();
                let mut cols: Vec<u32> = Vec::new();
                let mut pairs: Vec<(u32, u32)> = Vec::new();
                let mut w = Vec::new();
                for i in c * CHUNK_DOCS..((c + 1) * CHUNK_DOCS).min(n) {
                    let mut toks = Vec::new();
                    src.tokens(i, &mut buf, &mut toks);
                    cols.clear();
                    for_each_ngram(&toks, self.params.ngram_range, &mut join, |t| {
                        if let Some(&j) = self.index.get(t) {
                            cols.push(j);
                        }
                    });
                    cols.sort_unstable();
                    run_length(&cols, &mut pairs);
                    self.weigh_row(&pairs, &mut w);
                    fold(&pairs, &w, &mut acc);
                }
                acc
            })
            .collect()
    }

    /// Weights rows of counts made by [`count_docs`] (or grouped).
    pub fn transform_counts(&self, counts: &TermCounts) -> SparseMatrix {
        let col_of: Vec<u32> = counts
            .terms
            .par_iter()
            .map(|t| self.index.get(t).copied().unwrap_or(u32::MAX))
            .collect();
        let n = counts.n_docs();
        let parts: Vec<SparseMatrix> = (0..n.div_ceil(CHUNK_DOCS))
            .into_par_iter()
            .map(|c| {
                let mut m = SparseMatrix::new(self.vocabulary.len());
                let mut pairs = Vec::new();
                let mut w = Vec::new();
                let mut idx = Vec::new();
                for d in c * CHUNK_DOCS..((c + 1) * CHUNK_DOCS).min(n) {
                    let (ids, cs) = counts.row(d);
                    pairs.clear();
                    pairs.extend(
                        ids.iter()
                            .zip(cs)
                            .map(|(&i, &k)| (col_of[i as usize], k))
                            .filter(|p| p.0 != u32::MAX),
                    );
                    pairs.sort_unstable();
                    self.weigh_row(&pairs, &mut w);
                    idx.clear();
                    idx.extend(pairs.iter().map(|p| p.0));
                    m.push_row(&idx, &w);
                }
                m
            })
            .collect();
        let mut out = SparseMatrix::new(self.vocabulary.len());
        for p in parts {
            append(&mut out, p);
        }
        out
    }
}

fn run_length(sorted: &[u32], out: &mut Vec<(u32, u32)>) {
    out.clear();
    for &j in sorted {
        match out.last_mut() {
            Some(last) if last.0 == j => last.1 += 1,
            _ => out.push((j, 1)),
        }
    }
}

fn append(out: &mut SparseMatrix, part: SparseMatrix) {
    let base = out.indices.len();
    out.indptr
        .extend(part.indptr.iter().skip(1).map(|p| p + base));
    out.indices.extend(part.indices);
    out.data.extend(part.data);
    out.n_rows += part.n_rows;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::tokens::SklearnDocs;

    #[test]
    fn smooth_idf_and_l2_by_hand() {
        let docs = ["a bb bb", "bb cc", ""];
        let p = TfidfParams::default();
        let (m, x) = p.fit_transform(&SklearnDocs::new(&docs, true)).unwrap();
        let voc: Vec<&str> = m.vocabulary().iter().map(|s| &**s).collect();
        assert_eq!(voc, vec!["bb", "cc"]);
        // idf(bb) = ln(4/3)+1, idf(cc) = ln(4/2)+1
        let ib = (4.0f64 / 3.0).ln() + 1.0;
        let ic = 2.0f64.ln() + 1.0;
        assert!((m.idf()[0] - ib).abs() < 1e-15);
        assert!((x.get(0, 0) - 1.0).abs() < 1e-15);
        let n = (ib * ib + ic * ic).sqrt();
        assert!((x.get(1, 1) - ic / n).abs() < 1e-15);
        assert_eq!(x.row(2).0.len(), 0);
        // transform reuses idf
        let y = m.transform(&SklearnDocs::new(&["cc zz"], true));
        assert_eq!(y.row(0).0, &[1]);
    }

    #[test]
    fn df_limits_validated() {
        let docs = ["aa bb", "aa", "aa cc"];
        let p = TfidfParams {
            max_df: DfLimit::Count(2),
            min_df: DfLimit::Count(3),
            ..Default::default()
        };
        assert!(p.fit(&SklearnDocs::new(&docs, true)).is_err());
        let p = TfidfParams {
            max_df: DfLimit::Fraction(0.9),
            ..Default::default()
        };
        let m = p.fit(&SklearnDocs::new(&docs, true)).unwrap();
        assert_eq!(m.vocabulary().len(), 2);
        assert!(TfidfParams {
            min_df: DfLimit::Fraction(1.5),
            ..Default::default()
        }
        .check()
        .is_err());
        assert_eq!("2".parse::<DfLimit>().unwrap(), DfLimit::Count(2));
        assert_eq!("1.0".parse::<DfLimit>().unwrap(), DfLimit::Fraction(1.0));
    }
}
