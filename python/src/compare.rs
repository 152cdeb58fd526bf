//! The full comparison of a corpus, held on the Rust side: its tables cross
//! as the CSV tables' rows in JSON, its reports as `report.json`'s
//! content, and `write` writes what `framelens compare` writes.

use crate::corpus::Corpus;
use crate::errors::{json, to_py};
use framelens::params::Check;
use framelens::pipeline::{compare_corpus, FullRun, NoProgress, Warning};
use framelens::report::event::{event_tables, JsonTables};
use framelens::report::run::{write_full_run, CompareOptions, OutputOptions};
use pyo3::prelude::*;
use std::path::PathBuf;

/// What `framelens.compare` found: one report per event, the corpus
/// summary when there are two events or more, and the run's warnings.
#[pyclass(module = "framelens._native", frozen)]
pub struct Report {
    run: FullRun,
    warnings: Vec<Warning>,
    opts: CompareOptions,
    /// The path the corpus was read from (`None`: built in memory), which
    /// `write` may not replace.
    input: Option<PathBuf>,
}

/// Compare every event of `corpus` with the command line's defaults
/// (`no_clean`, `event_limit` as `--no-clean`, `--event-limit`).
#[pyfunction]
#[pyo3(signature = (corpus, no_clean, event_limit))]
pub fn compare(
    py: Python<'_>,
    corpus: &Corpus,
    no_clean: bool,
    event_limit: Option<usize>,
) -> PyResult<Report> {
    let mut opts = CompareOptions {
        no_clean,
        quiet: true,
        ..CompareOptions::default()
    };
    if let Some(limit) = event_limit {
        opts.event_limit = limit;
    }
    let full = opts.full_options();
    let mut warnings = Vec::new();
    let run = py
        .allow_threads(|| compare_corpus(corpus.as_corpus(), &full, &NoProgress, &mut warnings))
        .map_err(to_py)?;
    Ok(Report {
        run,
        warnings,
        opts,
        input: corpus.path(),
    })
}

#[pymethods]
impl Report {
    /// The compared events' ids, in report order.
    fn events(&self) -> Vec<String> {
        self.run.reports.iter().map(|r| r.event.clone()).collect()
    }

    /// Event `i`'s tables: `(csv file name, JSON array of rows)`, the rows
    /// of the report folder's CSV files.
    fn tables(&self, i: usize) -> PyResult<Vec<(String, String)>> {
        let Some(report) = self.run.reports.get(i) else {
            return Err(crate::errors::message(format!("no event {i}")));
        };
        let mut sink = JsonTables::default();
        event_tables(report, &mut sink).map_err(to_py)?;
        Ok(sink.0)
    }

    /// Event `i`'s `report.json` content.
    fn event_json(&self, i: usize) -> PyResult<String> {
        match self.run.reports.get(i) {
            Some(r) => json(r),
            None => Err(crate::errors::message(format!("no event {i}"))),
        }
    }

    /// The corpus summary's `report.json` content (two events or more).
    fn summary_json(&self) -> PyResult<Option<String>> {
        self.run.summary.as_ref().map(json).transpose()
    }

    /// The run's warnings, one line each.
    fn warnings(&self) -> Vec<String> {
        self.warnings.iter().map(|w| w.to_string()).collect()
    }

    /// Write the reports to `out` as `framelens compare --out` does: whole
    /// or not at all, refusing a folder that an earlier run did not write
    /// unless `force`. Returns the command line's closing paragraph.
    #[pyo3(signature = (out, force = false))]
    fn write(&self, py: Python<'_>, out: PathBuf, force: bool) -> PyResult<String> {
        let opts = CompareOptions {
            output: OutputOptions {
                force,
                command: "framelens.compare (Python)".to_string(),
            },
            ..self.opts.clone()
        };
        let outcome = py
            .allow_threads(|| {
                let write = opts.write.clone().check()?;
                write_full_run(
                    &self.run,
                    self.input.as_deref(),
                    &out,
                    &opts,
                    &write,
                    &NoProgress,
                    &self.warnings,
                )
            })
            .map_err(to_py)?;
        Ok(outcome.to_string())
    }
}
