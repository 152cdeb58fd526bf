//! TF-IDF parity with scikit-learn 1.9's `TfidfVectorizer`: same vocabulary
//! and every weight within 1e-9, for several option sets, on the seeds,
//! on BASIL and on a corpus of awkward text. Expected values come from
//! running scikit-learn (tests/reference/sklearn_tfidf.py).

mod common;

use framelens::stats::{DfLimit, Norm, SklearnDocs, TfidfParams};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

fn limit_json(l: DfLimit) -> Value {
    match l {
        DfLimit::Count(n) => json!({ "int": n }),
        DfLimit::Fraction(f) => json!({ "float": f }),
    }
}

fn option_json(p: &TfidfParams) -> Value {
    json!({
        "smooth_idf": p.smooth_idf,
        "sublinear_tf": p.sublinear_tf,
        "norm": match p.norm { Norm::L1 => "l1", Norm::L2 => "l2", Norm::None => "none" },
        "min_df": limit_json(p.min_df),
        "max_df": limit_json(p.max_df),
        "ngram_range": [p.ngram_range.0, p.ngram_range.1],
        "lowercase": p.lowercase,
    })
}

/// The option sets checked: defaults, each switch, each norm, df cuts
/// given as counts and as fractions, bigrams.
fn option_sets() -> Vec<(&'static str, TfidfParams)> {
    let d = TfidfParams::default();
    vec![
        ("default", d.clone()),
        (
            "no_smooth_l1",
            TfidfParams {
                smooth_idf: false,
                norm: Norm::L1,
                ..d.clone()
            },
        ),
        (
            "sublinear_none",
            TfidfParams {
                sublinear_tf: true,
                norm: Norm::None,
                ..d.clone()
            },
        ),
        (
            "df_int_bigrams",
            TfidfParams {
                min_df: DfLimit::Count(2),
                max_df: DfLimit::Count(4),
                ngram_range: (1, 2),
                ..d.clone()
            },
        ),
        (
            "df_float_sublinear_nosmooth",
            TfidfParams {
                min_df: DfLimit::Fraction(0.2),
                max_df: DfLimit::Fraction(0.8),
                sublinear_tf: true,
                smooth_idf: false,
                ..d.clone()
            },
        ),
        (
            "bigrams_only_l1",
            TfidfParams {
                ngram_range: (2, 2),
                norm: Norm::L1,
                ..d.clone()
            },
        ),
        (
            "trigrams_no_lowercase",
            TfidfParams {
                ngram_range: (1, 3),
                lowercase: false,
                ..d
            },
        ),
    ]
}

fn run_sklearn(python: &Path, docs: &[String], sets: &[(&str, TfidfParams)]) -> Vec<Value> {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("input.json");
    let spec = json!({
        "docs": docs,
        "options": sets.iter().map(|(_, p)| option_json(p)).collect::<Vec<_>>(),
    });
    std::fs::write(&input, serde_json::to_vec(&spec).expect("json")).expect("write input");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference/sklearn_tfidf.py");
    let out = Command::new(python)
        .arg(&script)
        .arg(&input)
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "sklearn_tfidf.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&out.stdout).expect("reference JSON")
}

/// Compares framelens with scikit-learn on `docs` for every option set.
fn check_corpus(name: &str, docs: &[String]) {
    let Some(python) = common::python() else {
        return;
    };
    let sets = option_sets();
    let expected = run_sklearn(&python, docs, &sets);
    for ((label, params), exp) in sets.iter().zip(&expected) {
        let ours = params.fit_transform(&SklearnDocs::new(docs, params.lowercase));
        if let Some(err) = exp.get("error") {
            assert!(
                ours.is_err(),
                "{name}/{label}: sklearn failed ({err}) but framelens did not"
            );
            continue;
        }
        let (model, x) = ours.unwrap_or_else(|e| panic!("{name}/{label}: {e}"));
        let vocab: Vec<&str> = exp["vocabulary"]
            .as_array()
            .expect("vocabulary")
            .iter()
            .map(|v| v.as_str().expect("term"))
            .collect();
        let ours_vocab: Vec<&str> = model.vocabulary().iter().map(|s| &**s).collect();
        if ours_vocab != vocab {
            let a: std::collections::BTreeSet<_> = ours_vocab.iter().collect();
            let b: std::collections::BTreeSet<_> = vocab.iter().collect();
            panic!(
                "{name}/{label}: vocabulary differs; only framelens: {:?}; only sklearn: {:?}",
                a.difference(&b).take(20).collect::<Vec<_>>(),
                b.difference(&a).take(20).collect::<Vec<_>>()
            );
        }
        let rows = exp["rows"].as_array().expect("rows");
        assert_eq!(rows.len(), x.n_rows, "{name}/{label}: row count");
        let mut cells = 0;
        for (i, row) in rows.iter().enumerate() {
            let (idx, val) = x.row(i);
            let row = row.as_array().expect("row");
            assert_eq!(idx.len(), row.len(), "{name}/{label}: nnz of row {i}");
            for ((&j, &w), cell) in idx.iter().zip(val).zip(row) {
                let ej = cell[0].as_u64().expect("col") as u32;
                let ew = cell[1].as_f64().expect("weight");
                assert_eq!(j, ej, "{name}/{label}: column in row {i}");
                assert!(
                    (w - ew).abs() <= 1e-9,
                    "{name}/{label}: row {i} term {:?}: framelens {w} sklearn {ew}",
                    vocab[j as usize]
                );
                cells += 1;
            }
        }
        eprintln!("{name}/{label}: {} terms, {cells} cells equal", vocab.len());
    }
}

fn jsonl_texts(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("read jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("json line");
            v["text"].as_str().unwrap_or("").to_string()
        })
        .collect()
}

#[test]
fn parity_awkward_corpus() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/awkward.jsonl");
    check_corpus("awkward", &jsonl_texts(&path));
}

#[test]
fn parity_seeds() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(common::seeds())
        .expect("seeds folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "expected the five seed articles");
    let docs: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed text"))
        .collect();
    check_corpus("seeds", &docs);
}

#[test]
fn parity_basil() {
    let Some(path) = common::data_file("basil/basil.jsonl") else {
        return;
    };
    check_corpus("basil", &jsonl_texts(&path));
}
