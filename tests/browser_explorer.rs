//! The explorer pages in a real browser: `tests/browser` (pytest with
//! selenium and headless Chromium) opens the seeds' report.html and
//! index.html from `file://`, searches, clicks terms and bars, switches the
//! scatter's outlet and checks the console stays free of errors.
//!
//! `.ci/run` installs Chromium, its driver and selenium; without them the
//! test skips with a message, and under `CI=true` fails. Screenshots go to
//! a temporary folder (or `FRAMELENS_SCREENSHOTS`), named in the output.

mod common;

use std::path::PathBuf;
use std::process::Command;

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
        .unwrap_or(false)
}

#[test]
fn explorer_works_in_chromium() {
    let Some(python) = common::python() else {
        return;
    };
    let selenium = Command::new(&python)
        .args(["-c", "import selenium, pytest"])
        .output()
        .expect("run python");
    if !selenium.status.success() {
        common::missing(&format!("selenium and pytest in {}", python.display()));
        return;
    }
    if !on_path("chromium") || !on_path("chromedriver") {
        common::missing("chromium and chromedriver (apt-get install chromium chromium-driver)");
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shots = std::env::var_os("FRAMELENS_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("framelens-screenshots"));
    let out = Command::new(&python)
        .current_dir(&root)
        .args([
            "-m",
            "pytest",
            "-q",
            "-s",
            "-p",
            "no:cacheprovider",
            "tests/browser",
        ])
        .env("FRAMELENS_BIN", common::bin())
        .env("FRAMELENS_SCREENSHOTS", &shots)
        .output()
        .expect("run pytest");
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Timings and screenshot paths, for the reader of the test log.
    for line in report
        .lines()
        .filter(|l| l.starts_with("timing:") || l.starts_with("screenshot:"))
    {
        println!("{line}");
    }
    assert!(out.status.success(), "browser tests failed:\n{report}");
    if common::on_ci() {
        assert!(
            !report.contains(" skipped"),
            "CI=true but browser tests skipped:\n{report}"
        );
    }
}
