//! `framelens compare` on the seeds, through the command line: the charts of
//! `plots/` regenerate in both formats and are real pictures, the reports
//! exist and say what the seeds show.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

const EVENT: &str = "biden-putin-killer-2021-03";
const CHARTS: [&str; 9] = [
    "lexicon_rates",
    "similarity",
    "keyness",
    "outlet_map",
    "word_choice",
    "quote_coverage",
    "attribution",
    "term_scatter",
    "actor_labels",
];
const OUTLETS: [&str; 5] = ["tva", "dach", "ani", "rt", "yahoo-uk"];

fn run_compare(out: &Path, extra: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .arg("compare")
        .arg(common::seeds())
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(extra)
        .output()
        .expect("framelens runs");
    assert!(
        status.status.success(),
        "compare failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// Pixel variance of the PNG's luminance: a failed render is one flat colour.
fn luminance_variance(png: &[u8]) -> f64 {
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(png).expect("PNG decodes");
    let px: Vec<f64> = pixmap
        .pixels()
        .iter()
        .map(|p| {
            let c = p.demultiply();
            0.299 * f64::from(c.red()) + 0.587 * f64::from(c.green()) + 0.114 * f64::from(c.blue())
        })
        .collect();
    let mean = px.iter().sum::<f64>() / px.len() as f64;
    px.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / px.len() as f64
}

/// Every `<text>` content of an SVG, joined.
fn svg_text(svg: &str) -> String {
    let mut out = String::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text") {
        rest = &rest[i..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let Some(close) = rest.find("</text>") else {
            break;
        };
        if open_end < close {
            out.push_str(&rest[open_end + 1..close]);
            out.push(' ');
        }
        rest = &rest[close + 7..];
    }
    out
}

/// By default each chart is a PNG file and an SVG inside report.html, not
/// also an SVG file beside it (that copy was 15 MB of BASIL's output).
#[test]
fn by_default_charts_are_png_files_and_svg_in_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plots");
    run_compare(&out, &[]);
    let dir = out.join(EVENT);
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    for chart in CHARTS {
        assert!(
            dir.join(format!("{chart}.png")).exists(),
            "{chart}.png missing"
        );
        assert!(
            !dir.join(format!("{chart}.svg")).exists(),
            "{chart}.svg written"
        );
    }
    assert!(
        html.matches("<svg").count() >= CHARTS.len(),
        "report.html embeds every chart"
    );
    let json = std::fs::read_to_string(dir.join("report.json")).unwrap();
    assert_eq!(json.lines().count(), 1, "report.json is compact");
    serde_json::from_str::<serde_json::Value>(&json).expect("report.json parses");
}

#[test]
fn plots_regenerate_with_every_chart_in_both_formats() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plots");
    run_compare(&out, &["--format", "both"]);
    let dir = out.join(EVENT);
    for chart in CHARTS {
        let png = std::fs::read(dir.join(format!("{chart}.png")))
            .unwrap_or_else(|_| panic!("{chart}.png missing"));
        let var = luminance_variance(&png);
        assert!(var > 50.0, "{chart}.png looks blank (variance {var:.1})");
        let svg = std::fs::read_to_string(dir.join(format!("{chart}.svg")))
            .unwrap_or_else(|_| panic!("{chart}.svg missing"));
        framelens::plot::raster::parse_svg(&svg)
            .unwrap_or_else(|e| panic!("{chart}.svg does not parse: {e}"));
        let text = svg_text(&svg);
        assert!(!text.trim().is_empty(), "{chart}.svg has no text");
        if !["term_scatter"].contains(&chart) {
            for o in OUTLETS {
                assert!(text.contains(o), "{chart}.svg does not name outlet {o}");
            }
        }
    }
    for f in [
        "report.json",
        "report.md",
        "report.html",
        "substitutions.csv",
        "quotes.csv",
        "concepts.csv",
    ] {
        assert!(dir.join(f).exists(), "{f} missing");
    }
    assert!(out.join("index.html").exists());
    // No staging folders or temporary files are left beside the output.
    let leftovers: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "plots")
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn report_json_says_what_the_seeds_show() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    run_compare(&out, &["--format", "svg"]);
    let dir = out.join(EVENT);
    assert!(
        !dir.join("keyness.png").exists(),
        "--format svg writes no PNG"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["schema_version"], framelens::report::SCHEMA_VERSION);
    let pairs = report["substitutions"]["pairs"].as_array().unwrap();
    let words: BTreeSet<(String, String)> = pairs
        .iter()
        .map(|p| {
            (
                p["a"]["words"].as_str().unwrap().to_lowercase(),
                p["b"]["words"].as_str().unwrap().to_lowercase(),
            )
        })
        .collect();
    assert!(
        words.contains(&("killer".into(), "murderer".into())),
        "killer/murderer substitution missing: {words:?}"
    );
    // Neutral reporting-verb pairs (added/said) and paraphrased quotations
    // are no word choice and no longer listed; the outlets' own choices are.
    for (a, b) in [
        ("claimed", "reaffirmed"),
        ("advantageous", "benefit"),
        ("conflicting", "confrontational"),
        ("comments", "remarks"),
    ] {
        assert!(
            words.contains(&(a.into(), b.into())),
            "{a}/{b} substitution missing: {words:?}"
        );
    }
    // A light verb against another verb ("establish a relationship" /
    // "get the relationship back on track", two translations of one
    // remark) is a sentence built another way and no longer listed.
    assert!(pairs.len() >= 7, "only {} substitution pairs", pairs.len());
    let killer_row = pairs
        .iter()
        .find(|p| p["a"]["words"] == "killer" && p["b"]["words"] == "murderer")
        .unwrap();
    assert_eq!(killer_row["b"]["outlets"], serde_json::json!(["dach"]));
    let findings: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    // dach alone wrote "murderer" where ANI and RT, reporting the same
    // sentence, wrote "killer". It is not "the only outlet to write
    // murderer; the others wrote killer": the British paper's "killer"
    // sentences report Putin's reply, not Biden's word, and align with none
    // of dach's "murderer" sentences.
    assert!(
        findings.iter().any(|f| f.contains(
            "ANI and RT wrote “killer” where German-language outlet (translated) wrote “murderer”"
        )),
        "{findings:?}"
    );
    // Each finding's text is the `text` of its detail, in the same order.
    let detail = report["findings_detail"].as_array().unwrap();
    assert_eq!(detail.len(), findings.len());
    for (d, f) in detail.iter().zip(&findings) {
        assert_eq!(d["text"].as_str(), Some(*f));
        assert!(!d["rows"].as_array().unwrap().is_empty(), "{d}");
    }
    // Concept table: dach wrote murderer, the others killer.
    let concepts = report["concepts"].as_array().unwrap();
    let kill = concepts
        .iter()
        .find(|c| c["concept"] == "one-who-kills")
        .expect("one-who-kills concept");
    for choice in kill["choices"].as_array().unwrap() {
        let expected = if choice["outlet"] == "dach" {
            "murderer"
        } else {
            "killer"
        };
        assert_eq!(choice["variants"][0], expected);
    }
    // Every part of the report is there.
    for key in [
        "outlets",
        "profiles",
        "keyness",
        "similarity",
        "map",
        "alignment",
        "quotes",
        "attribution",
        "matches",
    ] {
        assert!(!report[key].is_null(), "{key} missing");
    }
    let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(md.starts_with("# How the outlets worded"));
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(
        !html.contains("src=\"http"),
        "report.html must not load anything from the network"
    );
}

#[test]
fn compare_help_shows_an_example() {
    for sub in ["compare", "clean", "tfidf", "keyness", "score", "lexicons"] {
        let out = Command::new(env!("CARGO_BIN_EXE_framelens"))
            .args([sub, "--help"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("framelens "), "{sub} --help has no example");
        assert!(
            help.to_lowercase().contains("example"),
            "{sub} --help has no example"
        );
    }
}
