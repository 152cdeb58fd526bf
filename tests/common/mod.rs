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

/// The release binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_framelens")
}

/// Run the binary in `dir` with `args`.
pub fn framelens_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(bin())
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run framelens")
}

pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Success without a panic; returns stderr.
#[track_caller]
pub fn assert_ok(o: &std::process::Output) -> String {
    let err = stderr(o);
    assert!(o.status.success(), "expected success, stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// A failure reported as one `error: ` line, without a panic; returns it.
#[track_caller]
pub fn assert_one_line_error(o: &std::process::Output) -> String {
    let err = stderr(o);
    assert!(!o.status.success(), "expected failure, stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(err.starts_with("error: "), "{err}");
    err
}

/// A one-line failure that contains `needle` (a file, file:line, a flag).
#[track_caller]
pub fn assert_error_naming(o: &std::process::Output, needle: &str) -> String {
    let err = assert_one_line_error(o);
    assert!(err.contains(needle), "expected {needle:?} in {err:?}");
    err
}

/// A one-line failure that names `file` (and `:line: ` when given).
#[track_caller]
pub fn assert_error(o: &std::process::Output, file: &str, line: Option<usize>) -> String {
    match line {
        Some(n) => assert_error_naming(o, &format!("{file}:{n}: ")),
        None => assert_error_naming(o, file),
    }
}

/// Write `bytes` to `dir/name`, making parent folders; returns the path.
pub fn write(dir: &std::path::Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

pub fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}
