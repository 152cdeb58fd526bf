//! The corpus summary from count tables built per shard and merged equals
//! the single-process `compare --summary-only`, byte for byte, however the
//! corpus is cut (uneven shards, one-document shards, shards that split an
//! event), in whatever order the tables are merged, and with any thread
//! count. Runs on BASIL (100 events, event-level measures) and the ABP
//! sample (one event of 3,000 documents, 161 outlets, labels).

mod common;

use framelens::clean::Learner;
use framelens::corpus::{read_corpus, Document, ReadOptions};
use framelens::pipeline::counts::{build_tables, learn_part, summarise, CountOptions, Tables};
use framelens::pipeline::PrepareOptions;
use framelens::report::run::{compare_corpus, CompareOptions};
use framelens::report::summary::write_summary;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn opts() -> CompareOptions {
    let mut o = CompareOptions {
        quiet: true,
        summary_only: true,
        ..CompareOptions::default()
    };
    o.corpus.permutations = 200;
    o.corpus.resamples = 200;
    o.write.chart.formats = framelens::plot::Formats::Svg;
    o
}

fn count_options(o: &CompareOptions) -> CountOptions {
    CountOptions {
        prepare: PrepareOptions {
            no_clean: o.no_clean,
        },
        event: o.event.clone(),
        corpus: o.corpus.clone(),
        event_limit: o.event_limit,
    }
}

/// Every file under `dir`, relative path -> bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

/// The documents cut at `cuts` (ascending indices) into shards.
fn shards(docs: &[Document], cuts: &[usize]) -> Vec<Vec<Document>> {
    let mut out = Vec::new();
    let mut start = 0;
    for &c in cuts.iter().chain(std::iter::once(&docs.len())) {
        out.push(docs[start..c].to_vec());
        start = c;
    }
    out
}

/// Learn, build, serialise and merge the shards' tables in `order`, then
/// write the summary into `dir`.
fn sharded_summary(shards: &[Vec<Document>], order: &[usize], o: &CompareOptions, dir: &Path) {
    let co = count_options(o);
    // Boilerplate learned over the whole corpus, from per-shard learners.
    let mut learners: Vec<Option<Learner>> = shards
        .iter()
        .map(|s| Some(learn_part(co.prepare, s)))
        .collect();
    let mut learner = learners[order[0]].take().unwrap();
    for &i in &order[1..] {
        learner.merge(learners[i].take().unwrap());
    }
    let learned = learner.finish();
    // Tables per shard, through their file format.
    let mut tables: Vec<Option<Tables>> = shards
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let t = build_tables(i as u64, s.clone(), &learned, &co).unwrap();
            let bytes = t.to_bytes().unwrap();
            Some(Tables::from_bytes(&bytes, "shard").unwrap())
        })
        .collect();
    // Merged two by two in the given order (a tree, not a chain).
    let mut level: Vec<Tables> = order.iter().map(|&i| tables[i].take().unwrap()).collect();
    while level.len() > 1 {
        let mut next = Vec::new();
        let mut it = level.into_iter();
        while let Some(mut a) = it.next() {
            if let Some(b) = it.next() {
                a.merge(b).unwrap();
            }
            next.push(a);
        }
        level = next;
    }
    let merged = level.pop().unwrap();
    let s = summarise(&merged, &co).unwrap();
    write_summary(
        &s.summary,
        &dir.join("summary"),
        &o.write.chart,
        o.write.top,
    )
    .unwrap();
}

/// The single-process summary folder of `input`.
fn single(input: &Path, out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    compare_corpus(input, out, &opts()).unwrap();
    files(&out.join("summary"))
}

fn assert_same(want: &BTreeMap<PathBuf, Vec<u8>>, dir: &Path, what: &str) {
    let got = files(&dir.join("summary"));
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>(),
        "{what}: files differ"
    );
    for (k, v) in want {
        assert!(got[k] == *v, "{what}: {} differs", k.display());
    }
}

fn check_corpus(rel: &str, splits: &[(&str, Vec<usize>)]) {
    let Some(input) = common::data_file(rel) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let want = single(&input, &tmp.path().join("single"));
    assert!(want.contains_key(Path::new("report.json")));
    let docs = read_corpus(&input, &ReadOptions::default())
        .unwrap()
        .documents;
    let o = opts();
    for (k, (name, cuts)) in splits.iter().enumerate() {
        let parts = shards(&docs, cuts);
        let n = parts.len();
        // Reversed, then rotated: never the input order of the shards.
        let order: Vec<usize> = if k % 2 == 0 {
            (0..n).rev().collect()
        } else {
            (0..n).map(|i| (i + n / 2 + 1) % n).collect()
        };
        let dir = tmp.path().join(format!("split{k}"));
        sharded_summary(&parts, &order, &o, &dir);
        assert_same(&want, &dir, &format!("{rel}, {name}"));
    }
    // One thread builds and merges; the bytes stay the same.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let dir = tmp.path().join("one-thread");
    let (_, cuts) = &splits[splits.len() - 1];
    let parts = shards(&docs, cuts);
    let order: Vec<usize> = (0..parts.len()).collect();
    pool.install(|| sharded_summary(&parts, &order, &o, &dir));
    assert_same(&want, &dir, &format!("{rel}, one thread"));
}

#[test]
fn basil_shards_merge_to_the_single_process_summary() {
    // BASIL holds three articles per event, grouped by event: a cut at an
    // index not divisible by three splits an event between two shards.
    let sevens: Vec<usize> = (1..43).map(|i| i * 7).collect();
    check_corpus(
        "basil/basil.jsonl",
        &[
            ("one shard", vec![]),
            (
                "uneven, one-document shards, split events",
                vec![1, 2, 3, 4, 11, 100, 101, 161],
            ),
            ("seven-document shards", sevens),
            ("two shards splitting an event", vec![151]),
        ],
    );
}

#[test]
fn abp_sample_shards_merge_to_the_single_process_summary() {
    // One event of 3,000 documents: every cut splits it.
    check_corpus(
        "abp/abp_sample_3000.jsonl",
        &[
            ("uneven with a one-document shard", vec![1, 2, 1000, 2999]),
            ("three shards", vec![997, 2001]),
        ],
    );
}

#[test]
fn tables_refuse_a_repeated_part_and_damaged_bytes() {
    let Some(input) = common::data_file("basil/basil.jsonl") else {
        return;
    };
    let docs = read_corpus(&input, &ReadOptions::default())
        .unwrap()
        .documents;
    let co = CountOptions::default();
    let learned = learn_part(co.prepare, &docs[..9]).finish();
    let mut a = build_tables(0, docs[..6].to_vec(), &learned, &co).unwrap();
    let b = build_tables(0, docs[6..9].to_vec(), &learned, &co).unwrap();
    let err = a.merge(b).unwrap_err().to_string();
    assert!(err.contains("part 0"), "{err}");
    let bytes = a.to_bytes().unwrap();
    assert!(Tables::from_bytes(&bytes[..bytes.len() / 2], "cut.flc").is_err());
    assert!(Tables::from_bytes(b"not tables", "x.flc").is_err());
    let mut other_version = bytes.clone();
    other_version[4] = 9;
    let err = Tables::from_bytes(&other_version, "v9.flc")
        .unwrap_err()
        .to_string();
    assert!(err.contains("version 9"), "{err}");
}
