//! Criterion benchmark of text analysis on the five seed articles
//! (throughput in bytes of raw text).
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use framelens::text::{analyze, Analyzer};
use std::path::PathBuf;

fn seeds() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .filter_map(|p| {
                    let name = p.file_name()?.to_string_lossy().into_owned();
                    Some((name, std::fs::read_to_string(&p).ok()?))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn bench_analyze(c: &mut Criterion) {
    let seeds = seeds();
    let total: usize = seeds.iter().map(|(_, t)| t.len()).sum();
    let mut group = c.benchmark_group("text_analyze");
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("all_seeds_shared_english", |b| {
        b.iter(|| {
            for (_, t) in &seeds {
                black_box(analyze(black_box(t), None));
            }
        })
    });
    // A fresh analyzer each time: the cost of a cold stem cache.
    group.bench_function("all_seeds_cold_cache", |b| {
        b.iter(|| {
            let a = Analyzer::english();
            for (_, t) in &seeds {
                black_box(a.analyze(black_box(t)));
            }
        })
    });
    group.finish();
    let mut group = c.benchmark_group("text_analyze_seed");
    for (name, t) in &seeds {
        group.throughput(Throughput::Bytes(t.len() as u64));
        group.bench_function(name.as_str(), |b| {
            b.iter(|| black_box(analyze(black_box(t), None)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_analyze);
criterion_main!(benches);
