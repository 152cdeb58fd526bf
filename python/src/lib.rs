//! `framelens._native`: the Rust library seen from Python.
//!
//! Every measure is computed by the `framelens` crate; this layer only
//! converts between Python values and the library's types. Tables cross
//! as JSON text of the library's own serde row types (the rows the CLI
//! writes), which the Python side turns into DataFrames, so a column has
//! the same name in Python, in the CLI's CSV and in `report.json`. Long
//! calls release the GIL; library errors become `framelens.FramelensError`
//! with the CLI's one-line message.

mod compare;
mod corpus;
mod counts;
mod dtm;
mod errors;
mod measures;
mod options;
mod spark;
mod tfidf;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add(
        "FramelensError",
        m.py().get_type::<errors::FramelensError>(),
    )?;
    m.add_class::<corpus::Corpus>()?;
    m.add_class::<tfidf::Tfidf>()?;
    m.add_class::<compare::Report>()?;
    m.add_function(wrap_pyfunction!(compare::compare, m)?)?;
    m.add_function(wrap_pyfunction!(corpus::read, m)?)?;
    m.add_function(wrap_pyfunction!(measures::keyness, m)?)?;
    m.add_function(wrap_pyfunction!(measures::score, m)?)?;
    m.add_function(wrap_pyfunction!(measures::kwic, m)?)?;
    m.add_function(wrap_pyfunction!(measures::freq, m)?)?;
    m.add_function(wrap_pyfunction!(dtm::dtm, m)?)?;
    m.add_class::<counts::Learner>()?;
    m.add_class::<counts::Learned>()?;
    m.add_class::<counts::Tables>()?;
    m.add_function(wrap_pyfunction!(counts::learn_part, m)?)?;
    m.add_function(wrap_pyfunction!(counts::build_tables, m)?)?;
    m.add_function(wrap_pyfunction!(counts::merge_table_bytes, m)?)?;
    m.add_class::<spark::RunWriter>()?;
    m.add_function(wrap_pyfunction!(spark::render_event, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
