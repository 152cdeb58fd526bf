//! The full comparison with its events compared apart (`framelens.spark`):
//! a worker compares and renders one event's documents ([`render_event`],
//! bytes out), the driver writes the events as they arrive and finishes
//! the output folder ([`RunWriter`]), which is `framelens compare`'s.

use crate::counts::{documents, Learned, Tables};
use crate::errors::{message, to_py};
use crate::options::Sampling;
use framelens::report::run::{
    render_event as rs_render_event, CompareOptions, OutputOptions, RenderedEvent, RenderedRun,
};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::path::PathBuf;

/// The options of `framelens compare` with `--no-clean`, `--event-limit`
/// and the sampling options as given.
fn compare_options(
    no_clean: bool,
    event_limit: Option<usize>,
    sampling: Sampling,
) -> CompareOptions {
    let mut o = CompareOptions {
        no_clean,
        quiet: true,
        ..CompareOptions::default()
    };
    if let Some(limit) = event_limit {
        o.event_limit = limit;
    }
    sampling.apply(&mut o.event, &mut o.corpus);
    o
}

/// Compare one event's documents (records in corpus order, `places` their
/// places in the corpus) cleaned with the boilerplate `learned` over the
/// whole corpus, and render its report folder: the event's bytes for
/// [`RunWriter::add`].
#[pyfunction]
#[pyo3(signature = (records_json, places, origin, learned, no_clean = false, event_limit = None, resamples = None, permutations = None, seed = None))]
#[allow(clippy::too_many_arguments)]
pub fn render_event<'py>(
    py: Python<'py>,
    records_json: &str,
    places: Vec<u64>,
    origin: &str,
    learned: &Learned,
    no_clean: bool,
    event_limit: Option<usize>,
    resamples: Option<usize>,
    permutations: Option<usize>,
    seed: Option<u64>,
) -> PyResult<Bound<'py, PyBytes>> {
    let sampling = Sampling {
        resamples,
        permutations,
        seed,
    };
    let opts = compare_options(no_clean, event_limit, sampling);
    let learned = &learned.inner;
    let bytes = py
        .allow_threads(|| {
            let docs = documents(records_json, origin)?;
            if docs.len() != places.len() {
                return Err(framelens::Error::input(
                    origin,
                    format!("{} documents but {} places", docs.len(), places.len()),
                ));
            }
            let docs = places.into_iter().zip(docs).collect();
            rs_render_event(docs, learned, &opts)?.to_bytes()
        })
        .map_err(to_py)?;
    Ok(PyBytes::new(py, &bytes))
}

/// The output folder of a full comparison, written on the driver as the
/// rendered events arrive; `finish` completes it.
#[pyclass(module = "framelens._native")]
pub struct RunWriter {
    /// `None` once finished.
    inner: Option<RenderedRun>,
}

#[pymethods]
impl RunWriter {
    /// Start writing to `out` (replaced only when an earlier run wrote it,
    /// or with `force`); the options are the command line's.
    #[new]
    #[pyo3(signature = (out, no_clean = false, event_limit = None, resamples = None, permutations = None, seed = None, force = false))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        out: PathBuf,
        no_clean: bool,
        event_limit: Option<usize>,
        resamples: Option<usize>,
        permutations: Option<usize>,
        seed: Option<u64>,
        force: bool,
    ) -> PyResult<RunWriter> {
        let opts = CompareOptions {
            output: OutputOptions {
                force,
                command: "framelens.spark.compare (Python)".to_string(),
            },
            ..compare_options(
                no_clean,
                event_limit,
                Sampling {
                    resamples,
                    permutations,
                    seed,
                },
            )
        };
        let inner = py
            .allow_threads(|| RenderedRun::new(&out, &opts))
            .map_err(to_py)?;
        Ok(RunWriter { inner: Some(inner) })
    }

    /// Write one event (bytes of `render_event`) into the run.
    fn add(&mut self, py: Python<'_>, data: &Bound<'_, PyBytes>) -> PyResult<()> {
        let bytes = data.as_bytes().to_vec();
        let Some(run) = self.inner.as_mut() else {
            return Err(message("the run is already finished"));
        };
        py.allow_threads(|| {
            let e = RenderedEvent::from_bytes(&bytes, "rendered event")?;
            run.add(e)
        })
        .map_err(to_py)
    }

    /// Write the corpus summary (from `tables`, the merged count tables
    /// of the whole corpus, needed with two events or more) and the index,
    /// and put the folder in place. Returns the command line's closing
    /// paragraph.
    #[pyo3(signature = (tables = None))]
    fn finish(&mut self, py: Python<'_>, tables: Option<&Tables>) -> PyResult<String> {
        let Some(run) = self.inner.take() else {
            return Err(message("the run is already finished"));
        };
        let tables = tables.map(|t| &t.inner);
        let outcome = py.allow_threads(|| run.finish(tables)).map_err(to_py)?;
        Ok(outcome.to_string())
    }
}
