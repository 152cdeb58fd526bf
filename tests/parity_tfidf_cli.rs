//! `framelens tfidf` on the command line equals scikit-learn: the CSV cells
//! of the awkward corpus (with --no-clean --tokens sklearn) against
//! tests/reference/sklearn_tfidf.py run on the same texts, and the summary
//! (`--format summary`, read in parallel blocks) of a corpus of several
//! blocks, for several option sets and thread counts.

mod common;

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

#[test]
fn cli_csv_matches_sklearn() {
    let Some(python) = common::python() else {
        return;
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let input = root.join("tests/fixtures/awkward.jsonl");
    let lines: Vec<Value> = std::fs::read_to_string(&input)
        .expect("fixture")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let docs: Vec<&str> = lines
        .iter()
        .map(|v| v["text"].as_str().unwrap_or(""))
        .collect();
    let ids: Vec<&str> = lines
        .iter()
        .map(|v| v["id"].as_str().unwrap_or(""))
        .collect();

    let out = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args([
            "tfidf",
            "--no-clean",
            "--tokens",
            "sklearn",
            "--sublinear-tf",
            "--ngram-range",
            "1,2",
        ])
        .arg(&input)
        .output()
        .expect("run framelens");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut ours: BTreeMap<(String, String), f64> = BTreeMap::new();
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    for rec in rdr.records() {
        let rec = rec.expect("csv row");
        ours.insert(
            (rec[0].to_string(), rec[1].to_string()),
            rec[2].parse().expect("weight"),
        );
    }

    let exp = sklearn(
        &python,
        &docs,
        &[json!({
            "smooth_idf": true, "sublinear_tf": true, "norm": "l2",
            "min_df": {"int": 1}, "max_df": {"float": 1.0}, "ngram_range": [1, 2], "lowercase": true
        })],
    );
    let vocab = exp[0]["vocabulary"].as_array().expect("vocabulary");
    let mut theirs: BTreeMap<(String, String), f64> = BTreeMap::new();
    for (i, row) in exp[0]["rows"].as_array().expect("rows").iter().enumerate() {
        for cell in row.as_array().expect("row") {
            let term = vocab[cell[0].as_u64().expect("col") as usize]
                .as_str()
                .expect("term");
            theirs.insert(
                (ids[i].to_string(), term.to_string()),
                cell[1].as_f64().expect("w"),
            );
        }
    }
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        theirs.keys().collect::<Vec<_>>(),
        "cells differ"
    );
    for (k, w) in &theirs {
        assert!(
            (ours[k] - w).abs() <= 1e-9,
            "{k:?}: framelens {} sklearn {w}",
            ours[k]
        );
    }
    assert!(theirs.len() > 100);
}

/// Runs the reference on `docs` with each option set; one result each.
fn sklearn(
    python: &std::path::Path,
    docs: &[impl serde::Serialize],
    options: &[Value],
) -> Vec<Value> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let spec_path = dir.path().join("spec.json");
    let spec = json!({"docs": docs, "options": options});
    std::fs::write(&spec_path, spec.to_string()).expect("write spec");
    let res = Command::new(python)
        .arg(root.join("tests/reference/sklearn_tfidf.py"))
        .arg(&spec_path)
        .output()
        .expect("python");
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    serde_json::from_slice(&res.stdout).expect("reference")
}

#[test]
fn cli_summary_matches_sklearn_for_any_thread_count() {
    let Some(python) = common::python() else {
        return;
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let awkward =
        std::fs::read_to_string(root.join("tests/fixtures/awkward.jsonl")).expect("fixture");
    // Several megabytes: the awkward records again and again, each time
    // with a new id and a word of its own, some written with \u escapes.
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("many.jsonl");
    let mut body = String::new();
    let mut docs = Vec::new();
    for rep in 0..6000 {
        for line in awkward.lines() {
            let mut v: Value = serde_json::from_str(line).expect("json");
            let text = format!("{} w{}", v["text"].as_str().unwrap_or(""), rep % 700);
            v["id"] = json!(format!("r{rep}-{}", docs.len()));
            v["text"] = json!(text);
            let mut l = v.to_string();
            if rep % 2 == 1 {
                // As Python's json.dumps writes it: \u escapes (UTF-16).
                l = l
                    .chars()
                    .map(|c| {
                        if c.is_ascii() {
                            c.to_string()
                        } else {
                            c.encode_utf16(&mut [0; 2])
                                .iter()
                                .map(|u| format!("\\u{u:04x}"))
                                .collect()
                        }
                    })
                    .collect();
            }
            body.push_str(&l);
            body.push('\n');
            docs.push(text);
        }
    }
    assert!(body.len() > 8 << 20, "several blocks");
    std::fs::write(&input, body).expect("write corpus");
    let cases: [(&[&str], Value); 3] = [
        (
            &[],
            json!({"smooth_idf": true, "sublinear_tf": false, "norm": "l2",
            "min_df": {"int": 1}, "max_df": {"float": 1.0}, "ngram_range": [1, 1], "lowercase": true}),
        ),
        (
            &["--sublinear-tf", "--ngram-range", "1,2", "--norm", "l1"],
            json!({"smooth_idf": true, "sublinear_tf": true, "norm": "l1",
            "min_df": {"int": 1}, "max_df": {"float": 1.0}, "ngram_range": [1, 2], "lowercase": true}),
        ),
        (
            &["--no-smooth-idf", "--min-df", "3", "--max-df", "0.5"],
            json!({"smooth_idf": false, "sublinear_tf": false, "norm": "l2",
            "min_df": {"int": 3}, "max_df": {"float": 0.5}, "ngram_range": [1, 1], "lowercase": true}),
        ),
    ];
    let options: Vec<Value> = cases.iter().map(|c| c.1.clone()).collect();
    let exp = sklearn(&python, &docs, &options);
    for ((args, _), exp) in cases.iter().zip(&exp) {
        let run = |jobs: &str| {
            let out = Command::new(env!("CARGO_BIN_EXE_framelens"))
                .args([
                    "--jobs",
                    jobs,
                    "tfidf",
                    "--no-clean",
                    "--tokens",
                    "sklearn",
                    "--format",
                    "summary",
                ])
                .args(*args)
                .arg(&input)
                .output()
                .expect("run framelens");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        };
        let one = run("1");
        assert_eq!(one, run("2"), "{args:?}: --jobs 1 and 2 differ");
        assert_eq!(one, run("3"), "{args:?}: --jobs 1 and 3 differ");
        let ours: Value = serde_json::from_slice(&one).expect("summary");
        let rows = exp["rows"].as_array().expect("rows");
        let cells = rows.iter().flat_map(|r| r.as_array().expect("row"));
        let (mut nnz, mut sum, mut sumsq) = (0u64, 0.0f64, 0.0f64);
        for c in cells {
            let w = c[1].as_f64().expect("w");
            nnz += 1;
            sum += w;
            sumsq += w * w;
        }
        assert_eq!(ours["n_docs"], json!(docs.len()), "{args:?}");
        assert_eq!(
            ours["n_terms"],
            json!(exp["vocabulary"].as_array().expect("vocabulary").len()),
            "{args:?}"
        );
        assert_eq!(ours["nnz"], json!(nnz), "{args:?}");
        for (k, want) in [("sum", sum), ("sumsq", sumsq)] {
            let got = ours[k].as_f64().expect("number");
            assert!(
                (got - want).abs() <= 1e-9 * want.abs().max(1.0),
                "{args:?} {k}: {got} vs {want}"
            );
        }
    }
}
