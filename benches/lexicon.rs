//! Throughput of lexicon matching (tokens per second) on BASIL's 300
//! articles (or the seeds when the shared data is absent), with every
//! built-in lexicon compiled into one matcher. Text analysis is done once,
//! outside the timed loop: this measures the lexicon engine alone.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use framelens::lexicon::{builtins, vader, Matcher};
use framelens::text::{analyze, AnalyzedDoc};
use std::path::PathBuf;

fn texts() -> Vec<String> {
    let data = std::env::var_os("FRAMELENS_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    if let Ok(t) = std::fs::read_to_string(data.join("basil/basil.jsonl")) {
        return t
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_string))
            .collect();
    }
    eprintln!("BASIL not found: benchmarking on the seeds");
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut out = Vec::new();
    for e in std::fs::read_dir(seeds).into_iter().flatten().flatten() {
        if e.path().extension().is_some_and(|x| x == "txt") {
            out.extend(std::fs::read_to_string(e.path()));
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let texts = texts();
    let docs: Vec<AnalyzedDoc> = texts.iter().map(|t| analyze(t, None)).collect();
    let n_tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let matcher = Matcher::new(builtins());
    let mut g = c.benchmark_group("lexicon");
    g.throughput(Throughput::Elements(n_tokens as u64));
    g.bench_function("match_builtins", |b| {
        b.iter(|| {
            docs.iter()
                .enumerate()
                .map(|(i, d)| matcher.find(i, d).len())
                .sum::<usize>()
        })
    });
    // VADER with a small inline lexicon: the rules' cost, not the lexicon size.
    let mut words = std::collections::HashMap::new();
    for (w, v) in [
        ("good", 1.9),
        ("bad", -2.5),
        ("killer", -3.3),
        ("support", 1.7),
    ] {
        words.insert(w.to_string(), v);
    }
    let scorer = vader::VaderScorer::new(vader::VaderLexicon {
        words,
        emojis: Default::default(),
    });
    g.bench_function("vader_documents", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| scorer.polarity_scores(t).compound)
                .sum::<f64>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
