//! Criterion benches of TF-IDF on real text: BASIL texts, or ABP sample
//! (`FRAMELENS_DATA`, default ../shared/data), or a small built-in fallback.
use criterion::{criterion_group, criterion_main, Criterion};
use framelens::stats::{count_docs, keyness, KeynessParams, SklearnDocs, TfidfParams};
use std::path::PathBuf;

fn texts() -> Vec<String> {
    let dir = std::env::var_os("FRAMELENS_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    for rel in ["basil/basil.jsonl", "abp/abp_sample_3000.jsonl"] {
        if let Ok(s) = std::fs::read_to_string(dir.join(rel)) {
            return s
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .map(|v| v["text"].as_str().unwrap_or("").to_string())
                .collect();
        }
    }
    eprintln!("shared data missing: benchmarking the built-in fallback text");
    (0..200)
        .map(|i| format!("Officials said the killer, described as a thug, fled {i} times; the regime denied it."))
        .collect()
}

fn bench(c: &mut Criterion) {
    let docs = texts();
    let src = SklearnDocs::new(&docs, true);
    let p = TfidfParams::default();
    c.bench_function("count_docs", |b| b.iter(|| count_docs(&src, (1, 1))));
    c.bench_function("tfidf_fit_transform", |b| b.iter(|| p.fit_transform(&src)));
    let Ok(model) = p.fit(&src) else { return };
    c.bench_function("tfidf_transform", |b| b.iter(|| model.transform(&src)));
    let counts = count_docs(&src, (1, 1));
    let half = counts.n_docs() / 2;
    let mut t = vec![0u64; counts.terms.len()];
    let mut r = vec![0u64; counts.terms.len()];
    for d in 0..counts.n_docs() {
        let (ids, cs) = counts.row(d);
        let side = if d < half { &mut t } else { &mut r };
        for (&i, &k) in ids.iter().zip(cs) {
            side[i as usize] += u64::from(k);
        }
    }
    c.bench_function("keyness_logodds", |b| {
        let kp = KeynessParams {
            measure: framelens::stats::Measure::LogOdds,
            ..Default::default()
        };
        b.iter(|| keyness(&counts.terms, &t, &r, &kp))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
