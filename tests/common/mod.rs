//! Helpers shared by integration tests: where the reference Python and the
//! shared data sets are, and how to skip when they are absent.
//!
//! Off CI a test may skip with a clear message when a reference is missing;
//! under `CI=true` a missing reference is a failure.
#![allow(dead_code)]

use std::path::PathBuf;

/// True when running under CI, where nothing may be skipped.
pub fn on_ci() -> bool {
    std::env::var("CI").map(|v| v == "true").unwrap_or(false)
}

/// Skip (off CI) or fail (on CI) because `what` is missing.
pub fn missing(what: &str) {
    if on_ci() {
        panic!("CI=true but {what} is missing: .ci/run must provide it");
    }
    eprintln!("SKIPPED: {what} is missing (set it up as .ci/run does to run this test)");
}

/// The Python interpreter of the reference virtual environment
/// (`FRAMELENS_PYTHON`, else `.venv/bin/python` at the crate root).
pub fn python() -> Option<PathBuf> {
    let p = std::env::var_os("FRAMELENS_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"));
    if p.exists() {
        Some(p)
    } else {
        missing(&format!("reference Python environment ({})", p.display()));
        None
    }
}

/// The shared data folder (`FRAMELENS_DATA`, else `../shared/data`).
pub fn data_dir() -> Option<PathBuf> {
    let p = std::env::var_os("FRAMELENS_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    if p.exists() {
        Some(p)
    } else {
        missing(&format!("shared data folder ({})", p.display()));
        None
    }
}

/// A file under the shared data folder.
pub fn data_file(rel: &str) -> Option<PathBuf> {
    let dir = data_dir()?;
    let p = dir.join(rel);
    if p.exists() {
        Some(p)
    } else {
        missing(&format!("data file {}", p.display()));
        None
    }
}

/// The seeds folder in the repository.
pub fn seeds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")
}
