//! A corpus held on the Rust side: read from a path with the CLI's
//! readers, or built from records (a DataFrame's rows) with the JSONL
//! reader's field rules, so both give the documents the CLI would.

use crate::errors::{json, message, to_py};
use framelens::corpus::filter::{parse_events, Day};
use framelens::corpus::{
    documents_from_records, read_corpus, Condition, Corpus as Read, Document, Filter, ReadOptions,
};
use framelens::pipeline::prepare::read_warnings;
use pyo3::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// Documents as read, before cleaning; shared, never copied, by every call
/// that measures them.
#[pyclass(module = "framelens._native", frozen)]
pub struct Corpus {
    /// The corpus as read (its path is `DataFrame` when built from
    /// records), with what the read skipped and warned about.
    read: Arc<Read>,
    /// Whether `read.path` is a path on disk that was read.
    from_path: bool,
}

impl Corpus {
    /// The documents, for the measures.
    pub fn docs(&self) -> Vec<Document> {
        self.read.documents.clone()
    }

    /// The corpus as the library's pipeline takes it.
    pub fn as_corpus(&self) -> Read {
        self.read.as_ref().clone()
    }

    /// The path read, if the corpus was read from one.
    pub fn path(&self) -> Option<PathBuf> {
        self.from_path.then(|| self.read.path.clone())
    }

    fn with_documents(&self, documents: Vec<Document>) -> Corpus {
        Corpus {
            read: Arc::new(Read {
                documents,
                ..self.read.as_ref().clone()
            }),
            from_path: self.from_path,
        }
    }
}

/// The library's filter from Python's arguments: `where` as
/// `FIELD=VALUE` / `FIELD!=VALUE` strings, days as `YYYY-MM-DD`, events as
/// ids (or one `@FILE` string); the errors are the CLI's.
fn filter_of(
    conditions: Vec<String>,
    since: Option<&str>,
    until: Option<&str>,
    events: Option<Vec<String>>,
) -> PyResult<Filter> {
    let conditions = conditions
        .iter()
        .map(|c| c.parse::<Condition>())
        .collect::<framelens::Result<Vec<_>>>()
        .map_err(to_py)?;
    let day = |d: Option<&str>| d.map(str::parse::<Day>).transpose().map_err(to_py);
    let events = match events {
        None => None,
        Some(list) => {
            let mut ids = Vec::new();
            for e in &list {
                ids.extend(parse_events(e).map_err(to_py)?);
            }
            Some(ids)
        }
    };
    Ok(Filter::new(conditions, day(since)?, day(until)?, events))
}

/// Read a folder with a manifest, a `.jsonl` (optionally gzipped) or a
/// `.csv` file, as `framelens compare` reads it, keeping the documents the
/// filter arguments select (as `--where`, `--since`, `--until`, `--events`).
#[pyfunction]
#[pyo3(signature = (path, lenient = false, allow_outside_files = false, conditions = Vec::new(), since = None, until = None, events = None))]
#[allow(clippy::too_many_arguments)]
pub fn read(
    py: Python<'_>,
    path: PathBuf,
    lenient: bool,
    allow_outside_files: bool,
    conditions: Vec<String>,
    since: Option<&str>,
    until: Option<&str>,
    events: Option<Vec<String>>,
) -> PyResult<Corpus> {
    let opts = ReadOptions {
        lenient,
        allow_outside_files,
        filter: filter_of(conditions, since, until, events)?,
    };
    let corpus = py
        .allow_threads(|| read_corpus(&path, &opts))
        .map_err(to_py)?;
    Ok(Corpus {
        read: Arc::new(corpus),
        from_path: true,
    })
}

#[pymethods]
impl Corpus {
    /// A corpus from a JSON array of records, each read like one line of a
    /// JSONL file (`text`, `outlet`, `event_id`, `id`, ...; other fields
    /// become labels). `origin` names the records in error messages.
    #[staticmethod]
    #[pyo3(signature = (records_json, origin = "DataFrame"))]
    fn from_records_json(py: Python<'_>, records_json: &str, origin: &str) -> PyResult<Corpus> {
        let documents = py
            .allow_threads(|| {
                let records: Vec<serde_json::Map<String, serde_json::Value>> =
                    serde_json::from_str(records_json).map_err(|e| {
                        framelens::Error::input(
                            origin,
                            format!("records are not JSON objects: {e}"),
                        )
                    })?;
                documents_from_records(origin, records)
            })
            .map_err(to_py)?;
        Ok(Corpus {
            read: Arc::new(Read {
                path: PathBuf::from(origin),
                documents,
                ..Read::default()
            }),
            from_path: false,
        })
    }

    /// The documents as a JSON array of objects: every field of a
    /// document, its labels under `labels`.
    fn records_json(&self) -> PyResult<String> {
        json(&self.read.documents)
    }

    /// Outlet ids, sorted.
    fn outlets(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .read
            .documents
            .iter()
            .map(|d| d.outlet.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Event ids, sorted (`""` for documents without one).
    fn events(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .read
            .documents
            .iter()
            .map(|d| d.event.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// The read's warnings, one line each.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        read_warnings(&self.read)
            .iter()
            .map(|w| w.to_string())
            .collect()
    }

    /// The documents whose index is in `keep` (in that order), for
    /// filters computed on the Python side.
    fn select(&self, keep: Vec<usize>) -> PyResult<Corpus> {
        let n = self.read.documents.len();
        let documents = keep
            .into_iter()
            .map(|i| {
                self.read
                    .documents
                    .get(i)
                    .cloned()
                    .ok_or_else(|| message(format!("document index {i} out of range (0..{n})")))
            })
            .collect::<PyResult<Vec<_>>>()?;
        if documents.is_empty() {
            return Err(message("the selection keeps no document"));
        }
        Ok(self.with_documents(documents))
    }

    /// The documents a filter keeps, with the read's semantics and
    /// errors (an unknown field, nothing kept); the filter's report joins
    /// the warnings.
    #[pyo3(signature = (conditions = Vec::new(), since = None, until = None, events = None))]
    fn filtered(
        &self,
        py: Python<'_>,
        conditions: Vec<String>,
        since: Option<&str>,
        until: Option<&str>,
        events: Option<Vec<String>>,
    ) -> PyResult<Corpus> {
        let filter = filter_of(conditions, since, until, events)?;
        let read = self.read.as_ref();
        let (documents, report) = py
            .allow_threads(|| filter.apply(read.documents.clone(), &read.path))
            .map_err(to_py)?;
        Ok(Corpus {
            read: Arc::new(Read {
                documents,
                filter: Some(report),
                ..read.clone()
            }),
            from_path: self.from_path,
        })
    }

    /// What the read's (or the last) filter kept, as JSON (`null` without one).
    fn filter_report_json(&self) -> PyResult<String> {
        json(&self.read.filter)
    }

    fn __len__(&self) -> usize {
        self.read.documents.len()
    }
}
