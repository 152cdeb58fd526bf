//! Raw document-term counts of a corpus, made by the library as
//! `framelens dtm` makes them; the matrix crosses as CSR buffers.

use crate::corpus::Corpus;
use crate::errors::{json, to_py};
use crate::tfidf::df_limit;
use framelens::pipeline::dtm::{document_term_matrix, DtmOptions, DtmRows, DtmTokens, StopWords};
use framelens::pipeline::PrepareOptions;
use framelens::stats::dtm::DtmParams;
use framelens::text::Voice;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};

/// `(data, indices, indptr, shape)`: int64 counts, int32 columns, int64
/// row pointers, in native byte order.
type Csr<'py> = (
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    (usize, usize),
);

/// `stop_words` as scikit-learn takes it: `None`, a built-in list's name
/// (`"english"`), or the words themselves.
fn stop_words(value: Option<&Bound<'_, PyAny>>) -> PyResult<StopWords> {
    let Some(v) = value else {
        return Ok(StopWords::None);
    };
    if v.is_none() {
        return Ok(StopWords::None);
    }
    if let Ok(s) = v.downcast::<PyString>() {
        return StopWords::builtin(&s.to_cow()?).map_err(to_py);
    }
    let words: Vec<String> = v.extract()?;
    Ok(StopWords::Words(words.into_iter().collect()))
}

/// The document-term counts of `corpus`: the CSR buffers, the row names,
/// the terms, and the rows' table (JSON records) and the terms' document
/// frequencies.
#[pyfunction]
#[pyo3(signature = (corpus, by, ngram_range, min_df, max_df, lowercase, stop_words, tokens, voice, no_clean))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn dtm<'py>(
    py: Python<'py>,
    corpus: &Corpus,
    by: Option<String>,
    ngram_range: (usize, usize),
    min_df: &Bound<'py, PyAny>,
    max_df: &Bound<'py, PyAny>,
    lowercase: bool,
    stop_words: Option<&Bound<'py, PyAny>>,
    tokens: &str,
    voice: Option<&str>,
    no_clean: bool,
) -> PyResult<(
    Csr<'py>,
    Bound<'py, PyList>,
    Bound<'py, PyList>,
    String,
    Vec<u64>,
)> {
    let tokens = match (tokens, voice) {
        ("sklearn", None) => DtmTokens::Sklearn { lowercase },
        ("sklearn", Some(_)) => {
            return Err(crate::errors::message(
                "voice needs tokens=\"framelens\" (scikit-learn's tokens do not know quotes)",
            ))
        }
        ("framelens", v) => DtmTokens::Framelens {
            voice: v.unwrap_or("all").parse::<Voice>().map_err(to_py)?,
        },
        (other, _) => {
            return Err(crate::errors::message(format!(
                "tokens must be \"sklearn\" or \"framelens\", not {other:?}"
            )))
        }
    };
    let opts = DtmOptions {
        params: DtmParams {
            ngram_range,
            min_df: df_limit("min_df", min_df)?,
            max_df: df_limit("max_df", max_df)?,
        },
        tokens,
        stop_words: self::stop_words(stop_words)?,
        by: by.filter(|b| b != "document"),
        prepare: PrepareOptions { no_clean },
    };
    let docs = corpus.docs();
    let origin = corpus
        .path()
        .map_or_else(|| "DataFrame".to_string(), |p| p.display().to_string());
    let run = py
        .allow_threads(|| document_term_matrix(docs, &opts, &origin))
        .map_err(to_py)?;
    let m = &run.dtm;
    let data: Vec<u8> = m
        .counts
        .iter()
        .flat_map(|&c| i64::from(c).to_ne_bytes())
        .collect();
    let indices: Vec<u8> = m
        .indices
        .iter()
        .flat_map(|&j| (j as i32).to_ne_bytes())
        .collect();
    let indptr: Vec<u8> = m
        .indptr
        .iter()
        .flat_map(|&p| (p as i64).to_ne_bytes())
        .collect();
    let csr = (
        PyBytes::new(py, &data),
        PyBytes::new(py, &indices),
        PyBytes::new(py, &indptr),
        (m.n_rows(), m.terms.len()),
    );
    let names = PyList::new(py, run.rows.names())?;
    let terms = PyList::new(py, m.terms.iter().map(|t| &**t))?;
    let rows = match &run.rows {
        DtmRows::Documents(d) => json(d)?,
        DtmRows::Groups { rows, .. } => json(rows)?,
    };
    Ok((csr, names, terms, rows, m.df.clone()))
}
