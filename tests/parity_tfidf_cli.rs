//! `framelens tfidf` on the command line equals scikit-learn: the CSV cells
//! of the awkward corpus (with --no-clean --tokens sklearn) against
//! tests/reference/sklearn_tfidf.py run on the same texts.

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

    let dir = tempfile::tempdir().expect("tempdir");
    let spec_path = dir.path().join("spec.json");
    let spec = json!({"docs": docs, "options": [{
        "smooth_idf": true, "sublinear_tf": true, "norm": "l2",
        "min_df": {"int": 1}, "max_df": {"float": 1.0}, "ngram_range": [1, 2], "lowercase": true
    }]});
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
    let exp: Vec<Value> = serde_json::from_slice(&res.stdout).expect("reference");
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
