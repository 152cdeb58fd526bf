//! Keyness measures against values computed independently with scipy
//! (tests/reference/keyness_ref.py), including zero counts and tiny corpora.

mod common;

use framelens::stats::{keyness, Correction, KeynessParams, Measure};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;

struct Case {
    target: Vec<u64>,
    reference: Vec<u64>,
    alpha0: Option<f64>,
}

fn cases() -> Vec<Case> {
    // A seeded pseudo-random vocabulary of 300 terms with many zeros.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |m: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % m
    };
    let mut t = Vec::new();
    let mut r = Vec::new();
    for k in 0..300u64 {
        let scale = 1 + 400 / (k + 1);
        t.push(if next(4) == 0 { 0 } else { next(scale + 1) });
        r.push(if next(5) == 0 { 0 } else { next(3 * scale + 1) });
    }
    vec![
        Case {
            target: vec![10, 5, 0, 3],
            reference: vec![1, 50, 7, 0],
            alpha0: None,
        },
        // Tiny corpora: a handful of tokens on each side.
        Case {
            target: vec![1, 1, 0],
            reference: vec![0, 1, 2],
            alpha0: None,
        },
        Case {
            target: vec![2, 0],
            reference: vec![1, 1],
            alpha0: Some(1.0),
        },
        Case {
            target: vec![3, 0, 1, 0, 0],
            reference: vec![0, 2, 1, 5, 0],
            alpha0: Some(10.0),
        },
        Case {
            target: t,
            reference: r,
            alpha0: None,
        },
    ]
}

fn close(ours: f64, theirs: f64) -> bool {
    (ours - theirs).abs() <= 1e-9 * theirs.abs().max(1e-12) || (ours - theirs).abs() < 1e-12
}

#[test]
fn keyness_matches_scipy() {
    let Some(python) = common::python() else {
        return;
    };
    let cases = cases();
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("cases.json");
    let spec = json!({
        "cases": cases.iter().map(|c| json!({
            "target": c.target, "reference": c.reference, "alpha0": c.alpha0
        })).collect::<Vec<_>>()
    });
    std::fs::write(&input, spec.to_string()).expect("write");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference/keyness_ref.py");
    let out = Command::new(python)
        .arg(script)
        .arg(&input)
        .output()
        .expect("python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: Vec<Vec<Value>> = serde_json::from_slice(&out.stdout).expect("json");

    let variants: Vec<(&str, Measure, Correction)> = vec![
        ("chi2_none", Measure::Chi2, Correction::None),
        ("chi2_yates", Measure::Chi2, Correction::Yates),
        ("chi2_default", Measure::Chi2, Correction::Default),
        ("chi2_williams", Measure::Chi2, Correction::Williams),
        ("lr_none", Measure::Lr, Correction::None),
        ("lr_default", Measure::Lr, Correction::Default),
        ("lr_williams", Measure::Lr, Correction::Williams),
        ("pmi", Measure::Pmi, Correction::None),
        ("logratio", Measure::LogRatio, Correction::None),
        ("logodds", Measure::LogOdds, Correction::None),
    ];
    let mut checked = 0;
    for (ci, (case, exp)) in cases.iter().zip(&expected).enumerate() {
        let terms: Vec<String> = (0..case.target.len()).map(|i| format!("t{i:03}")).collect();
        // Expected rows are in input order over terms with a + b > 0.
        let present: Vec<&String> = terms
            .iter()
            .enumerate()
            .filter(|&(i, _)| case.target[i] + case.reference[i] > 0)
            .map(|(_, t)| t)
            .collect();
        for (key, measure, correction) in &variants {
            let params = KeynessParams {
                measure: *measure,
                correction: *correction,
                alpha0: case.alpha0,
                ..Default::default()
            };
            let rows = keyness(&terms, &case.target, &case.reference, &params).expect("keyness");
            assert_eq!(rows.len(), present.len());
            for (term, e) in present.iter().zip(exp) {
                let row = rows.iter().find(|r| &r.term == *term).expect("row");
                for (what, ours, theirs) in [
                    ("stat", row.stat, e[*key].as_f64().expect("stat")),
                    ("p", row.p, e[format!("p_{key}")].as_f64().expect("p")),
                    ("q", row.q, e[format!("q_{key}")].as_f64().expect("q")),
                ] {
                    assert!(
                        close(ours, theirs),
                        "case {ci} {key} {term} {what}: framelens {ours} scipy {theirs} (a={}, b={})",
                        row.n_target,
                        row.n_reference
                    );
                    checked += 1;
                }
            }
        }
    }
    eprintln!("{checked} values equal to scipy");
}
