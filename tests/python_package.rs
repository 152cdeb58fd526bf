//! The Python package's own tests (`python/tests`, pytest), run from the
//! README's test command so that one command tests both front ends.
//!
//! They need the package installed in the reference environment
//! (`pip install ./python`, as `.ci/run` does) with pytest; without it the
//! test skips with a message, and under `CI=true` fails.

mod common;

use std::path::PathBuf;
use std::process::Command;

#[test]
fn python_package_tests_pass() {
    let Some(python) = common::python() else {
        return;
    };
    let importable = Command::new(&python)
        .args(["-c", "import framelens, pytest, pandas, sklearn"])
        .output()
        .expect("run python");
    if !importable.status.success() {
        common::missing(&format!(
            "the framelens Python package with pytest in {} (pip install ./python pytest)",
            python.display()
        ));
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut cmd = Command::new(&python);
    cmd.current_dir(&root)
        .args([
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "python/tests",
        ])
        .env("FRAMELENS_BIN", common::bin());
    if let Some(data) = common::data_dir() {
        cmd.env("FRAMELENS_DATA", data);
    }
    let out = cmd.output().expect("run pytest");
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "pytest failed:\n{report}");
    if common::on_ci() {
        assert!(
            !report.contains(" skipped"),
            "CI=true but Python tests skipped:\n{report}"
        );
    }
}
