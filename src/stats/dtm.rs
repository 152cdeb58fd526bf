//! Raw document-term counts: scikit-learn's `CountVectorizer` semantics,
//! counted by the same code as TF-IDF.
//!
//! Tokens come from any [`TokenSource`] (scikit-learn's tokens or
//! framelens' own), stop words are dropped before n-grams are formed (as
//! scikit-learn does, so a bigram may join the words around a stop word),
//! n-grams are counted by [`count_docs`], and the vocabulary is sorted by
//! code point and cut by `min_df` / `max_df` by [`DfAccumulator`], exactly
//! as for TF-IDF. The result is a sparse matrix of integer counts with its
//! terms and their document frequencies.

use super::count::{count_docs, TermCounts};
use super::tfidf::{DfAccumulator, DfLimit, TfidfParams};
use super::tokens::TokenSource;
use crate::params::Check;
use crate::{Error, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Options of a document-term matrix, with scikit-learn's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DtmParams {
    /// Inclusive range of n-gram lengths, as `(min_n, max_n)`.
    pub ngram_range: (usize, usize),
    /// Drop terms in fewer documents (a count, or a proportion).
    pub min_df: DfLimit,
    /// Drop terms in more documents (a count, or a proportion).
    pub max_df: DfLimit,
}

impl Default for DtmParams {
    fn default() -> Self {
        DtmParams {
            ngram_range: (1, 1),
            min_df: DfLimit::Count(1),
            max_df: DfLimit::Fraction(1.0),
        }
    }
}

impl DtmParams {
    /// The TF-IDF parameters whose vocabulary rules these are (the
    /// weighting options are unused).
    fn vocabulary_params(&self) -> TfidfParams {
        TfidfParams {
            ngram_range: self.ngram_range,
            min_df: self.min_df,
            max_df: self.max_df,
            ..TfidfParams::default()
        }
    }
}

impl Check for DtmParams {
    /// The limits TF-IDF checks for the same options.
    fn check_ref(&self) -> Result<()> {
        self.vocabulary_params().check_ref()
    }
}

/// The tokens of another source without its stop words, taken out before
/// n-grams are formed (scikit-learn's order).
pub struct WithoutStopWords<'a, T> {
    pub inner: &'a T,
    pub is_stop: &'a (dyn Fn(&str) -> bool + Sync),
}

impl<T: TokenSource> TokenSource for WithoutStopWords<'_, T> {
    fn n_docs(&self) -> usize {
        self.inner.n_docs()
    }

    fn tokens<'s>(&'s self, i: usize, buf: &'s mut String, out: &mut Vec<&'s str>) {
        let start = out.len();
        self.inner.tokens(i, buf, out);
        let mut k = start;
        for j in start..out.len() {
            if !(self.is_stop)(out[j]) {
                out[k] = out[j];
                k += 1;
            }
        }
        out.truncate(k);
    }
}

/// A document-term matrix of counts: row `r` holds the columns
/// `indices[indptr[r]..indptr[r+1]]` (ascending) with their `counts`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dtm {
    /// Column names, sorted by code point (Python's `str` order).
    pub terms: Vec<Box<str>>,
    /// Documents each term occurs in (before any grouping of rows).
    pub df: Vec<u64>,
    pub indptr: Vec<usize>,
    pub indices: Vec<u32>,
    pub counts: Vec<u32>,
}

impl Dtm {
    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.indptr.len().saturating_sub(1)
    }

    /// Number of non-zero cells.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Columns and counts of row `r`.
    pub fn row(&self, r: usize) -> (&[u32], &[u32]) {
        if r + 1 >= self.indptr.len() {
            return (&[], &[]);
        }
        let (a, b) = (self.indptr[r], self.indptr[r + 1]);
        (&self.indices[a..b], &self.counts[a..b])
    }

    /// Total count of each term over all rows.
    pub fn totals(&self) -> Vec<u64> {
        let mut t = vec![0u64; self.terms.len()];
        for (&j, &c) in self.indices.iter().zip(&self.counts) {
            t[j as usize] += u64::from(c);
        }
        t
    }

    /// Rows added up by group: row `g` is the sum of the rows `r` with
    /// `groups[r] == Some(g)`; rows in no group are left out. Terms and
    /// document frequencies stay those of the documents.
    pub fn grouped(&self, groups: &[Option<usize>], n_groups: usize) -> Dtm {
        let as_counts = TermCounts {
            terms: Vec::new(),
            indptr: self.indptr.clone(),
            ids: self.indices.clone(),
            counts: self.counts.clone(),
        };
        let flat: Vec<usize> = groups.iter().map(|g| g.unwrap_or(usize::MAX)).collect();
        // `grouped` sorts each row's ids: columns stay ascending.
        let g = as_counts.grouped(&flat, n_groups);
        Dtm {
            terms: self.terms.clone(),
            df: self.df.clone(),
            indptr: g.indptr,
            indices: g.ids,
            counts: g.counts,
        }
    }
}

/// The document-term counts of `src` under `params`: the vocabulary of
/// scikit-learn's `CountVectorizer` (sorted, cut by `max_df` then
/// `min_df`), one row per document in order.
pub fn count_matrix<T: TokenSource>(src: &T, params: &DtmParams) -> Result<Dtm> {
    let vocab = params.vocabulary_params().check().map_err(as_dtm)?;
    let counts = count_docs(src, params.ngram_range);
    let mut acc = DfAccumulator::default();
    // A fresh accumulator numbers the terms as `counts` does.
    acc.add(&counts);
    let (model, col_of) = acc.finish_with_columns(&vocab).map_err(as_dtm)?;
    let n = counts.n_docs();
    let rows: Vec<Vec<(u32, u32)>> = (0..n)
        .into_par_iter()
        .map(|d| {
            let (ids, cs) = counts.row(d);
            let mut row: Vec<(u32, u32)> = ids
                .iter()
                .zip(cs)
                .map(|(&i, &c)| (col_of[i as usize], c))
                .filter(|p| p.0 != u32::MAX)
                .collect();
            row.sort_unstable();
            row
        })
        .collect();
    let mut out = Dtm {
        terms: model.vocabulary().to_vec(),
        df: model.df().to_vec(),
        indptr: Vec::with_capacity(n + 1),
        indices: Vec::new(),
        counts: Vec::new(),
    };
    out.indptr.push(0);
    for row in rows {
        for (j, c) in row {
            out.indices.push(j);
            out.counts.push(c);
        }
        out.indptr.push(out.indices.len());
    }
    Ok(out)
}

/// The vocabulary errors, which TF-IDF's code words as its own, as the
/// document-term matrix's.
fn as_dtm(e: Error) -> Error {
    match e {
        Error::Input { context, message } if context == "tfidf" => Error::Input {
            context: "dtm".to_string(),
            message,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::tokens::SklearnDocs;

    fn cells(m: &Dtm) -> Vec<Vec<(String, u32)>> {
        (0..m.n_rows())
            .map(|r| {
                let (j, c) = m.row(r);
                j.iter()
                    .zip(c)
                    .map(|(&j, &c)| (m.terms[j as usize].to_string(), c))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn counts_like_count_vectorizer() {
        // CountVectorizer().fit_transform(docs) by hand: sorted vocabulary,
        // raw counts, an empty row kept.
        let docs = ["The cat, the CAT.", "a dog", "", "cat dog dog"];
        let m = count_matrix(&SklearnDocs::new(&docs, true), &DtmParams::default()).unwrap();
        assert_eq!(
            m.terms.iter().map(|t| &**t).collect::<Vec<_>>(),
            ["cat", "dog", "the"]
        );
        assert_eq!(m.df, [2, 2, 1]);
        let c = cells(&m);
        assert_eq!(c[0], [("cat".into(), 2), ("the".into(), 2)]);
        assert_eq!(c[1], [("dog".into(), 1)]);
        assert!(c[2].is_empty());
        assert_eq!(c[3], [("cat".into(), 1), ("dog".into(), 2)]);
        assert_eq!(m.totals(), [3, 3, 2]);
    }

    #[test]
    fn stop_words_go_before_ngrams_and_df_cuts() {
        let docs = ["the cat and the dog", "cat dog"];
        let stop = |t: &str| t == "the" || t == "and";
        let src = SklearnDocs::new(&docs, true);
        let p = DtmParams {
            ngram_range: (1, 2),
            ..DtmParams::default()
        };
        let m = count_matrix(
            &WithoutStopWords {
                inner: &src,
                is_stop: &stop,
            },
            &p,
        )
        .unwrap();
        // "cat dog" spans the removed "and the", as in scikit-learn.
        assert_eq!(
            m.terms.iter().map(|t| &**t).collect::<Vec<_>>(),
            ["cat", "cat dog", "dog"]
        );
        assert_eq!(cells(&m)[0], cells(&m)[1]);
        let p = DtmParams {
            min_df: DfLimit::Count(2),
            ..DtmParams::default()
        };
        let m = count_matrix(&src, &p).unwrap();
        assert_eq!(
            m.terms.iter().map(|t| &**t).collect::<Vec<_>>(),
            ["cat", "dog"]
        );
        let p = DtmParams {
            min_df: DfLimit::Count(2),
            ..DtmParams::default()
        };
        let apart = ["aa bb", "cc dd"];
        let e = count_matrix(&SklearnDocs::new(&apart, true), &p)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("dtm: "), "{e}");
    }

    #[test]
    fn grouped_rows_add_up() {
        let docs = ["a1 b2", "b2 b2", "c3"];
        let m = count_matrix(&SklearnDocs::new(&docs, true), &DtmParams::default()).unwrap();
        let g = m.grouped(&[Some(1), Some(1), None], 2);
        assert_eq!(g.n_rows(), 2);
        assert!(cells(&g)[0].is_empty());
        assert_eq!(cells(&g)[1], [("a1".into(), 1), ("b2".into(), 3)]);
        assert_eq!(g.df, m.df);
    }
}
