//! Where TF-IDF and keyness get their tokens from. A [`TokenSource`] hands
//! out the tokens of document `i`; counting is written once over it.

use super::pytext::{for_each_sklearn_token, py_lower_into};
use crate::text::{AnalyzedDoc, Voice};

/// A collection of documents that yields each document's tokens in order.
/// `Sync` so documents can be tokenised in parallel.
pub trait TokenSource: Sync {
    /// Number of documents.
    fn n_docs(&self) -> usize;
    /// Appends the tokens of document `i` to `out`. They may borrow from
    /// `self` or from `buf`, a scratch string the caller reuses.
    fn tokens<'s>(&'s self, i: usize, buf: &'s mut String, out: &mut Vec<&'s str>);
}

/// Raw texts tokenised like scikit-learn's default analyzer: Python
/// `str.lower()` (when `lowercase`) then `(?u)\b\w\w+\b`.
#[derive(Debug, Clone, Copy)]
pub struct SklearnDocs<'a, S> {
    pub docs: &'a [S],
    pub lowercase: bool,
}

impl<'a, S: AsRef<str> + Sync> SklearnDocs<'a, S> {
    pub fn new(docs: &'a [S], lowercase: bool) -> Self {
        SklearnDocs { docs, lowercase }
    }
}

impl<S: AsRef<str> + Sync> TokenSource for SklearnDocs<'_, S> {
    fn n_docs(&self) -> usize {
        self.docs.len()
    }

    fn tokens<'s>(&'s self, i: usize, buf: &'s mut String, out: &mut Vec<&'s str>) {
        let Some(doc) = self.docs.get(i) else { return };
        if self.lowercase {
            py_lower_into(doc.as_ref(), buf);
            for_each_sklearn_token(buf.as_str(), |t| out.push(t));
        } else {
            for_each_sklearn_token(doc.as_ref(), |t| out.push(t));
        }
    }
}

/// Documents already split into tokens (used as given).
#[derive(Debug, Clone, Copy)]
pub struct PreTokenized<'a, S> {
    pub docs: &'a [Vec<S>],
}

impl<S: AsRef<str> + Sync> TokenSource for PreTokenized<'_, S> {
    fn n_docs(&self) -> usize {
        self.docs.len()
    }

    fn tokens<'s>(&'s self, i: usize, _buf: &'s mut String, out: &mut Vec<&'s str>) {
        if let Some(doc) = self.docs.get(i) {
            out.extend(doc.iter().map(|t| t.as_ref()));
        }
    }
}

/// framelens token mode: the normalised forms (`Token::norm`) of analysed
/// documents, restricted to a voice (own words, quoted speech, or all).
#[derive(Debug, Clone, Copy)]
pub struct AnalyzedDocs<'a> {
    pub docs: &'a [AnalyzedDoc],
    pub voice: Voice,
}

impl TokenSource for AnalyzedDocs<'_> {
    fn n_docs(&self) -> usize {
        self.docs.len()
    }

    fn tokens<'s>(&'s self, i: usize, _buf: &'s mut String, out: &mut Vec<&'s str>) {
        if let Some(doc) = self.docs.get(i) {
            out.extend(doc.tokens_in(self.voice).map(|t| t.norm.as_str()));
        }
    }
}
