//! The count tables of a corpus cut into parts (`framelens.counts`): what a
//! Spark job, or any pool of workers, needs to compute the summary of
//! `framelens compare --summary-only` without one process reading the
//! whole corpus.
//!
//! Everything crosses as bytes (the library's versioned serialisations),
//! so a worker's result can be shipped, stored or merged elsewhere:
//! pass 1 learns each part's boilerplate lines ([`learn_part`]), the
//! learners merge (whole, or bucket by bucket after [`Learner::split`])
//! and finish into learned bytes; pass 2 builds each part's tables from
//! its documents with those bytes ([`build_tables`]); tables merge in any
//! order and the summary is computed and written from the merged tables.
//! The documents of a part arrive as a JSON array of records, each read
//! like one line of a JSONL file.

use crate::errors::{message, to_py};
use crate::options::Sampling;
use framelens::clean::{Learned as RsLearned, Learner as RsLearner};
use framelens::corpus::{documents_from_records, Document};
use framelens::output::{check_out_folder_of, Staging};
use framelens::params::Check;
use framelens::pipeline::counts::{
    self, learned_from_bytes, learned_to_bytes, learner_from_bytes, learner_to_bytes, CountOptions,
    RunMeasures, Tables as RsTables,
};
use framelens::pipeline::PrepareOptions;
use framelens::report::run::{CompareOptions, SUMMARY_DIR};
use framelens::report::summary::write_summary;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use std::path::PathBuf;

/// The documents of one part from its records (`origin` names them in
/// messages, `DataFrame part 3:12` for the twelfth row of part 3).
pub(crate) fn documents(records_json: &str, origin: &str) -> framelens::Result<Vec<Document>> {
    let records: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(records_json).map_err(|e| {
            framelens::Error::input(origin, format!("records are not JSON objects: {e}"))
        })?;
    documents_from_records(origin, records)
}

/// The summary's options: the command line's defaults, with `--no-clean`
/// and `--event-limit` as given.
fn count_options(no_clean: bool, event_limit: Option<usize>) -> CountOptions {
    let compare = CompareOptions::default();
    CountOptions {
        prepare: PrepareOptions { no_clean },
        event: compare.event.clone(),
        corpus: compare.corpus.clone(),
        event_limit: event_limit.unwrap_or(compare.event_limit),
    }
}

/// [`count_options`] with `--resamples`, `--permutations` and `--seed` as
/// given.
fn summary_options(no_clean: bool, event_limit: usize, sampling: Sampling) -> CountOptions {
    let mut o = count_options(no_clean, Some(event_limit));
    sampling.apply(&mut o.event, &mut o.corpus);
    o
}

/// One part's (or several parts' merged) boilerplate line counts.
#[pyclass(module = "framelens._native")]
pub struct Learner {
    inner: RsLearner,
}

#[pymethods]
impl Learner {
    /// Read a learner from `Learner.to_bytes`.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &Bound<'_, PyBytes>) -> PyResult<Learner> {
        let bytes = data.as_bytes().to_vec();
        let inner = py
            .allow_threads(|| learner_from_bytes(&bytes, "learner bytes"))
            .map_err(to_py)?;
        Ok(Learner { inner })
    }

    /// The learner as bytes (`FLCL`, version, zlib JSON).
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let inner = &self.inner;
        let bytes = py
            .allow_threads(|| learner_to_bytes(inner))
            .map_err(to_py)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Fold in the counts of `other` (other documents of the same corpus).
    fn merge(&mut self, py: Python<'_>, other: &Learner) -> PyResult<()> {
        if other.inner.options() != self.inner.options() {
            return Err(message(
                "the learners were made with different boilerplate thresholds",
            ));
        }
        let theirs = other.inner.clone();
        let mine = &mut self.inner;
        py.allow_threads(|| mine.merge(theirs));
        Ok(())
    }

    /// The learner cut into `buckets` learners by line hash (bucket `k` at
    /// index `k`); see `framelens.counts.Learner.split`.
    fn split(&self, py: Python<'_>, buckets: u64) -> PyResult<Vec<Learner>> {
        if buckets == 0 {
            return Err(message("buckets must be at least 1"));
        }
        let inner = self.inner.clone();
        let parts = py.allow_threads(|| inner.split(buckets));
        Ok(parts.into_iter().map(|inner| Learner { inner }).collect())
    }

    /// Apply the thresholds: the lines learned as boilerplate.
    fn finish(&self, py: Python<'_>) -> Learned {
        let inner = self.inner.clone();
        Learned {
            inner: py.allow_threads(|| inner.finish()),
        }
    }
}

/// Boilerplate lines learned over a corpus (or over one bucket of its
/// lines).
#[pyclass(module = "framelens._native")]
pub struct Learned {
    pub(crate) inner: RsLearned,
}

#[pymethods]
impl Learned {
    /// Nothing learned (for `--no-clean`, or to start a union of buckets).
    #[new]
    fn new() -> Learned {
        Learned {
            inner: RsLearned::default(),
        }
    }

    /// Read learned boilerplate from `Learned.to_bytes`.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &Bound<'_, PyBytes>) -> PyResult<Learned> {
        let bytes = data.as_bytes().to_vec();
        let inner = py
            .allow_threads(|| learned_from_bytes(&bytes, "learned bytes"))
            .map_err(to_py)?;
        Ok(Learned { inner })
    }

    /// The learned lines as bytes (`FLCB`, version, zlib JSON).
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let inner = &self.inner;
        let bytes = py
            .allow_threads(|| learned_to_bytes(inner))
            .map_err(to_py)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Add the lines of another bucket.
    fn merge(&mut self, other: &Learned) {
        self.inner.merge(other.inner.clone());
    }

    /// Lines learned, over all outlets.
    fn __len__(&self) -> usize {
        self.inner.len()
    }
}

/// Count the lines of one part's documents for boilerplate learning.
#[pyfunction]
#[pyo3(signature = (records_json, origin, no_clean = false))]
pub fn learn_part(
    py: Python<'_>,
    records_json: &str,
    origin: &str,
    no_clean: bool,
) -> PyResult<Learner> {
    let inner = py
        .allow_threads(|| {
            let docs = documents(records_json, origin)?;
            Ok::<_, framelens::Error>(counts::learn_part(PrepareOptions { no_clean }, &docs))
        })
        .map_err(to_py)?;
    Ok(Learner { inner })
}

/// Clean, analyse and count one part's documents (in corpus order) with
/// the boilerplate learned over the whole corpus.
#[pyfunction]
#[pyo3(signature = (part, records_json, origin, learned, no_clean = false, event_limit = None))]
pub fn build_tables(
    py: Python<'_>,
    part: u64,
    records_json: &str,
    origin: &str,
    learned: &Learned,
    no_clean: bool,
    event_limit: Option<usize>,
) -> PyResult<Tables> {
    let opts = count_options(no_clean, event_limit);
    let learned = &learned.inner;
    let inner = py
        .allow_threads(|| {
            let docs = documents(records_json, origin)?;
            counts::build_tables(part, docs, learned, &opts)
        })
        .map_err(to_py)?;
    Ok(Tables { inner })
}

/// Merge serialised tables (`.flc` bytes) into one, as bytes: the step of
/// a tree reduction, where only bytes travel.
#[pyfunction]
pub fn merge_table_bytes<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyBytes>,
    b: &Bound<'py, PyBytes>,
) -> PyResult<Bound<'py, PyBytes>> {
    let (a, b) = (a.as_bytes().to_vec(), b.as_bytes().to_vec());
    let merged = py
        .allow_threads(|| {
            let mut t = RsTables::from_bytes(&a, "count tables")?;
            t.merge(RsTables::from_bytes(&b, "count tables")?)?;
            t.to_bytes()
        })
        .map_err(to_py)?;
    Ok(PyBytes::new(py, &merged))
}

/// The count tables of one part of a corpus, or of several merged.
#[pyclass(module = "framelens._native")]
pub struct Tables {
    pub(crate) inner: RsTables,
}

/// A column of the Parquet rows, by name, into `dict`.
fn put<'py, T: IntoPyObject<'py>>(dict: &Bound<'py, PyDict>, name: &str, v: T) -> PyResult<()> {
    dict.set_item(name, v)
}

#[pymethods]
impl Tables {
    /// Read tables from `Tables.to_bytes` (an `.flc` file's bytes).
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &Bound<'_, PyBytes>) -> PyResult<Tables> {
        let bytes = data.as_bytes().to_vec();
        let inner = py
            .allow_threads(|| RsTables::from_bytes(&bytes, "count tables"))
            .map_err(to_py)?;
        Ok(Tables { inner })
    }

    /// The tables as `.flc` bytes.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let inner = &self.inner;
        let bytes = py.allow_threads(|| inner.to_bytes()).map_err(to_py)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Fold in `other` (tables of other parts of the same corpus).
    fn merge(&mut self, py: Python<'_>, other: &Tables) -> PyResult<()> {
        let theirs = other.inner.clone();
        let mine = &mut self.inner;
        py.allow_threads(|| mine.merge(theirs)).map_err(to_py)
    }

    /// Documents with words counted.
    #[getter]
    fn documents(&self) -> usize {
        self.inner.documents()
    }

    /// Documents left out with no words after cleaning.
    #[getter]
    fn empty(&self) -> usize {
        self.inner.empty
    }

    /// The parts folded in, sorted.
    #[getter]
    fn parts(&self) -> Vec<u64> {
        self.inner.parts.iter().copied().collect()
    }

    /// The outlets of every document read, sorted.
    #[getter]
    fn outlets(&self) -> Vec<String> {
        self.inner.outlets.iter().cloned().collect()
    }

    /// The event limit the runs were measured under.
    #[getter]
    fn event_limit(&self) -> usize {
        self.inner.event_limit
    }

    /// `(lexicon, category)` of each category index.
    #[getter]
    fn categories(&self) -> Vec<(String, String)> {
        self.inner.categories.clone()
    }

    /// The grouping columns whose values were too many to count terms by.
    #[getter]
    fn dropped_columns(&self) -> Vec<String> {
        self.inner
            .terms
            .iter()
            .filter(|(_, c)| c.dropped)
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// The corpus summary (`summary/report.json`'s content, as JSON text)
    /// of these tables, which must hold every part of the corpus;
    /// `resamples`, `permutations`, `seed` as the command line's options.
    #[pyo3(signature = (no_clean = false, resamples = None, permutations = None, seed = None))]
    fn summary_json(
        &self,
        py: Python<'_>,
        no_clean: bool,
        resamples: Option<usize>,
        permutations: Option<usize>,
        seed: Option<u64>,
    ) -> PyResult<String> {
        let sampling = Sampling {
            resamples,
            permutations,
            seed,
        };
        let opts = summary_options(no_clean, self.inner.event_limit, sampling);
        let inner = &self.inner;
        let s = py
            .allow_threads(|| counts::summarise(inner, &opts))
            .map_err(to_py)?;
        crate::errors::json(&s.summary)
    }

    /// Compute the summary and write `out/summary/` as `framelens compare
    /// --summary-only --out out` does (report.json, .md, .html, the CSV
    /// tables, the charts), whole or not at all; an existing `out` is
    /// replaced only when an earlier run wrote it, or with `force`.
    /// Returns the summary's notes.
    #[pyo3(signature = (out, no_clean = false, force = false, resamples = None, permutations = None, seed = None))]
    #[allow(clippy::too_many_arguments)]
    fn write_summary(
        &self,
        py: Python<'_>,
        out: PathBuf,
        no_clean: bool,
        force: bool,
        resamples: Option<usize>,
        permutations: Option<usize>,
        seed: Option<u64>,
    ) -> PyResult<Vec<String>> {
        let sampling = Sampling {
            resamples,
            permutations,
            seed,
        };
        let opts = summary_options(no_clean, self.inner.event_limit, sampling);
        let inner = &self.inner;
        py.allow_threads(|| {
            let write = CompareOptions::default().write.check()?;
            check_out_folder_of(None, &out, force)?;
            let s = counts::summarise(inner, &opts)?;
            let staging = Staging::beside(&out)?;
            write_summary(
                &s.summary,
                &staging.path().join(SUMMARY_DIR),
                &write.chart(),
                write.top,
            )?;
            check_out_folder_of(None, &out, force)?;
            staging.finish(&out, "framelens.counts (Python)")?;
            Ok::<_, framelens::Error>(s.summary.notes)
        })
        .map_err(to_py)
    }

    /// The document rows as columns (for Parquet): `part`, `index`,
    /// `event`, `outlet`, `tokens_own`, `tokens_quoted`, `tokens_all`,
    /// `label_names` / `label_values` (lists), `sentence_annotated` /
    /// `sentence_tokens` / `sentence_loaded` (lists).
    fn document_columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let mut docs: Vec<_> = self.inner.docs.iter().collect();
        docs.sort_unstable_by_key(|d| d.key);
        let d = PyDict::new(py);
        put(&d, "part", docs.iter().map(|r| r.key.0).collect::<Vec<_>>())?;
        put(
            &d,
            "index",
            docs.iter().map(|r| r.key.1).collect::<Vec<_>>(),
        )?;
        put(
            &d,
            "event",
            docs.iter().map(|r| r.event.as_str()).collect::<Vec<_>>(),
        )?;
        put(
            &d,
            "outlet",
            docs.iter().map(|r| r.outlet.as_str()).collect::<Vec<_>>(),
        )?;
        for (i, name) in ["tokens_own", "tokens_quoted", "tokens_all"]
            .iter()
            .enumerate()
        {
            put(
                &d,
                name,
                docs.iter().map(|r| r.tokens[i]).collect::<Vec<_>>(),
            )?;
        }
        let names: Vec<Vec<&str>> = docs
            .iter()
            .map(|r| r.labels.iter().map(|(k, _)| k.as_str()).collect())
            .collect();
        let values: Vec<Vec<&str>> = docs
            .iter()
            .map(|r| r.labels.iter().map(|(_, v)| v.as_str()).collect())
            .collect();
        put(&d, "label_names", names)?;
        put(&d, "label_values", values)?;
        let annotated: Vec<Vec<bool>> = docs
            .iter()
            .map(|r| r.sentences.iter().map(|s| s.0).collect())
            .collect();
        let tokens: Vec<Vec<usize>> = docs
            .iter()
            .map(|r| r.sentences.iter().map(|s| s.1).collect())
            .collect();
        let loaded: Vec<Vec<usize>> = docs
            .iter()
            .map(|r| r.sentences.iter().map(|s| s.2).collect())
            .collect();
        put(&d, "sentence_annotated", annotated)?;
        put(&d, "sentence_tokens", tokens)?;
        put(&d, "sentence_loaded", loaded)?;
        Ok(d)
    }

    /// The non-zero lexicon-category counts of each document, long form:
    /// `part`, `index`, `lexicon`, `category`, `own`, `quoted`, `all`.
    fn category_columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let mut docs: Vec<_> = self.inner.docs.iter().collect();
        docs.sort_unstable_by_key(|d| d.key);
        let cats = &self.inner.categories;
        let (mut part, mut index, mut lexicon, mut category) = (vec![], vec![], vec![], vec![]);
        let (mut own, mut quoted, mut all) = (vec![], vec![], vec![]);
        for r in docs {
            for &(k, c) in &r.counts {
                let Some((lex, cat)) = cats.get(k as usize) else {
                    return Err(message(format!(
                        "damaged count tables (category {k} of {})",
                        cats.len()
                    )));
                };
                part.push(r.key.0);
                index.push(r.key.1);
                lexicon.push(lex.as_str());
                category.push(cat.as_str());
                own.push(c[0]);
                quoted.push(c[1]);
                all.push(c[2]);
            }
        }
        let d = PyDict::new(py);
        put(&d, "part", part)?;
        put(&d, "index", index)?;
        put(&d, "lexicon", lexicon)?;
        put(&d, "category", category)?;
        put(&d, "own", own)?;
        put(&d, "quoted", quoted)?;
        put(&d, "all", all)?;
        Ok(d)
    }

    /// Content-term counts per grouping column and value, long form,
    /// sorted: `column` (`outlet` or `label:NAME`), `value`, `term`,
    /// `count`. Columns with too many values are left out (see
    /// `dropped_columns`).
    fn term_columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let vocab = &self.inner.vocab;
        let (mut column, mut value, mut term, mut count) = (vec![], vec![], vec![], vec![]);
        for (col, terms) in &self.inner.terms {
            if terms.dropped {
                continue;
            }
            for (v, counts) in &terms.values {
                let mut rows: Vec<(&str, u64)> = counts
                    .iter()
                    .filter_map(|(&id, &n)| vocab.get(id as usize).map(|t| (t.as_str(), n)))
                    .collect();
                rows.sort_unstable();
                for (t, n) in rows {
                    column.push(col.as_str());
                    value.push(v.as_str());
                    term.push(t);
                    count.push(n);
                }
            }
        }
        let d = PyDict::new(py);
        put(&d, "column", column)?;
        put(&d, "value", value)?;
        put(&d, "term", term)?;
        put(&d, "count", count)?;
        Ok(d)
    }

    /// The runs (consecutive documents of one event), in corpus order:
    /// `event`, `first_part`, `first_index`, `last_part`, `last_index`,
    /// `documents`, `status` (`open`, `too_large`, `one_outlet`,
    /// `measured`), `bounded`, `substitution_pairs`, `kept_documents`.
    fn run_columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let mut runs: Vec<_> = self.inner.runs.iter().collect();
        runs.sort_unstable_by_key(|r| r.first);
        let d = PyDict::new(py);
        put(
            &d,
            "event",
            runs.iter().map(|r| r.event.as_str()).collect::<Vec<_>>(),
        )?;
        put(
            &d,
            "first_part",
            runs.iter().map(|r| r.first.0).collect::<Vec<_>>(),
        )?;
        put(
            &d,
            "first_index",
            runs.iter().map(|r| r.first.1).collect::<Vec<_>>(),
        )?;
        put(
            &d,
            "last_part",
            runs.iter().map(|r| r.last.0).collect::<Vec<_>>(),
        )?;
        put(
            &d,
            "last_index",
            runs.iter().map(|r| r.last.1).collect::<Vec<_>>(),
        )?;
        put(
            &d,
            "documents",
            runs.iter().map(|r| r.documents).collect::<Vec<_>>(),
        )?;
        let status = |m: &RunMeasures| match m {
            RunMeasures::Open(_) => "open",
            RunMeasures::TooLarge => "too_large",
            RunMeasures::OneOutlet => "one_outlet",
            RunMeasures::Measured { .. } => "measured",
        };
        put(
            &d,
            "status",
            runs.iter().map(|r| status(&r.measures)).collect::<Vec<_>>(),
        )?;
        put(
            &d,
            "bounded",
            runs.iter()
                .map(|r| matches!(r.measures, RunMeasures::Measured { bounded: true, .. }))
                .collect::<Vec<_>>(),
        )?;
        put(
            &d,
            "substitution_pairs",
            runs.iter()
                .map(|r| match &r.measures {
                    RunMeasures::Measured { substitutions, .. } => substitutions.len(),
                    _ => 0,
                })
                .collect::<Vec<_>>(),
        )?;
        put(
            &d,
            "kept_documents",
            runs.iter()
                .map(|r| match &r.measures {
                    RunMeasures::Open(docs) => docs.len(),
                    _ => 0,
                })
                .collect::<Vec<_>>(),
        )?;
        Ok(d)
    }
}
