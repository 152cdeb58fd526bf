//! Every CSV table framelens writes (per event, in the corpus summary, and
//! on a subcommand's standard output) has exactly the columns that
//! `docs/report-schema.md` documents for it, per-event tables start with
//! `event`, and list cells split back into their items.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const EVENT: &str = "biden-putin-killer-2021-03";

/// Table key (the backticked heading, e.g. `<event>/keyness.csv`) ->
/// documented column names, in order.
fn documented() -> BTreeMap<String, Vec<String>> {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report-schema.md"),
    )
    .unwrap();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        if let Some(h) = line.strip_prefix("### `") {
            let key = h.split('`').next().unwrap().to_string();
            assert!(!out.contains_key(&key), "{key} documented twice");
            out.insert(key.clone(), Vec::new());
            current = Some(key);
        } else if line.starts_with('#') {
            current = None;
        } else if let (Some(key), Some(cell)) = (&current, line.strip_prefix("| `")) {
            let name = cell.split('`').next().unwrap().to_string();
            out.get_mut(key).unwrap().push(name);
        }
    }
    out
}

fn header(csv_text: &[u8]) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text);
    r.records()
        .next()
        .expect("a header row")
        .unwrap()
        .iter()
        .map(String::from)
        .collect()
}

#[track_caller]
fn assert_columns(docs: &BTreeMap<String, Vec<String>>, key: &str, csv_text: &[u8]) {
    let want = docs
        .get(key)
        .unwrap_or_else(|| panic!("{key} is not documented in docs/report-schema.md"));
    assert_eq!(&header(csv_text), want, "{key}: columns against the docs");
}

fn framelens(dir: &Path, args: &[&str]) -> Vec<u8> {
    let o = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .current_dir(dir)
        .args(args)
        .arg("--quiet")
        .output()
        .expect("framelens runs");
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o.stdout
}

#[test]
fn event_tables_have_the_documented_columns_and_an_event_column() {
    let docs = documented();
    let tmp = tempfile::tempdir().unwrap();
    let seeds = common::seeds();
    framelens(
        tmp.path(),
        &[
            "compare",
            seeds.to_str().unwrap(),
            "--out",
            "out",
            "--format",
            "svg",
        ],
    );
    let dir = tmp.path().join("out").join(EVENT);
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&p).unwrap();
        assert_columns(&docs, &format!("<event>/{name}"), &bytes);
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(&r.headers().unwrap()[0], "event", "{name}");
        for rec in r.records() {
            assert_eq!(&rec.unwrap()[0], EVENT, "{name}: event column");
        }
        seen += 1;
    }
    assert_eq!(seen, 12, "every event table was checked");
    // Every documented event table is written.
    for key in docs.keys().filter(|k| k.starts_with("<event>/")) {
        let file = key.trim_start_matches("<event>/");
        assert!(dir.join(file).exists(), "{file} documented but not written");
    }
}

#[test]
fn summary_tables_have_the_documented_columns_and_lists_split_back() {
    let docs = documented();
    let tmp = tempfile::tempdir().unwrap();
    // Two events, three outlets; one outlet id holds the list separator
    // and one a space, as user ids may.
    let text = |w: &str| {
        format!(
            "The minister {w} the plan on Monday. Critics said the plan was a disaster for the \
             region. The minister said the plan would create jobs."
        )
    };
    let mut lines = String::new();
    for (event, words) in [
        ("e1", ["announced", "unveiled", "touted"]),
        ("e2", ["defended", "pushed", "touted"]),
    ] {
        for (outlet, w) in ["Fox News", "a|b", "nyt"].iter().zip(words) {
            lines.push_str(
                &serde_json::json!({"event_id": event, "outlet": outlet, "text": text(w)})
                    .to_string(),
            );
            lines.push('\n');
        }
    }
    std::fs::write(tmp.path().join("c.jsonl"), lines).unwrap();
    framelens(
        tmp.path(),
        &["compare", "c.jsonl", "--out", "out", "--format", "svg"],
    );
    let summary = tmp.path().join("out/summary");
    for name in [
        "rates.csv",
        "tests.csv",
        "keyness.csv",
        "similarity.csv",
        "substitutions.csv",
    ] {
        let bytes = std::fs::read(summary.join(name)).unwrap();
        assert_columns(&docs, &format!("summary/{name}"), &bytes);
    }
    // A list cell of outlet ids splits back into the ids.
    let subs = std::fs::read(tmp.path().join("out/e1/substitutions.csv")).unwrap();
    let mut r = csv::Reader::from_reader(subs.as_slice());
    let mut outlets = Vec::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        for cell in [&rec[2], &rec[4]] {
            outlets.extend(framelens::report::tables::split_list(cell));
        }
    }
    assert!(!outlets.is_empty(), "the event has substitutions");
    for o in &outlets {
        assert!(["Fox News", "a|b", "nyt"].contains(&o.as_str()), "{o:?}");
    }
    assert!(
        outlets.iter().any(|o| o == "a|b"),
        "the id with the separator is an item: {outlets:?}"
    );
    // It is escaped in the list cell, and only there.
    let text = String::from_utf8(subs).unwrap();
    assert!(text.contains("a\\|b"), "{text}");
}

#[test]
fn subcommand_tables_have_the_documented_columns() {
    let docs = documented();
    let tmp = tempfile::tempdir().unwrap();
    let seeds = common::seeds();
    let seeds = seeds.to_str().unwrap();
    for (key, args) in [
        ("framelens score", vec!["score", seeds, "--resamples", "0"]),
        (
            "framelens score --matches",
            vec!["score", seeds, "--matches", "--lexicon", "loaded"],
        ),
        (
            "framelens score --lexicon vader",
            vec!["score", seeds, "--lexicon", "vader"],
        ),
        (
            "framelens keyness",
            vec!["keyness", seeds, "--target", "rt", "--top", "5"],
        ),
        ("framelens tfidf --format csv", vec!["tfidf", seeds]),
        (
            "framelens kwic",
            vec!["kwic", seeds, "killer", "stem:murder", "--window", "4"],
        ),
        (
            "framelens freq",
            vec!["freq", seeds, "--by", "outlet", "--top", "3"],
        ),
    ] {
        let out = framelens(tmp.path(), &args);
        assert_columns(&docs, key, &out);
    }
    // JSON tables carry the same names as keys.
    let out = framelens(tmp.path(), &["clean", seeds, "--format", "jsonl"]);
    let first: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(out.split(|&b| b == b'\n').next().unwrap()).unwrap();
    let keys: Vec<String> = first.keys().cloned().collect();
    let mut want = docs["framelens clean --format json"].clone();
    want.sort();
    let mut keys_sorted = keys;
    keys_sorted.sort();
    assert_eq!(keys_sorted, want);
    let out = framelens(
        tmp.path(),
        &["keyness", seeds, "--target", "rt", "--format", "json"],
    );
    let rows: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(&out).unwrap();
    let keys: Vec<String> = rows[0].keys().cloned().collect();
    let mut want = docs["framelens keyness"].clone();
    want.sort();
    let mut keys = keys;
    keys.sort();
    assert_eq!(keys, want);
}

#[test]
fn a_format_a_subcommand_does_not_have_is_refused_with_the_list() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = common::seeds();
    let o = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args([
            "keyness",
            seeds.to_str().unwrap(),
            "--target",
            "rt",
            "--format",
            "jsonl",
        ])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("invalid value 'jsonl'") && err.contains("[possible values: csv, json]"),
        "{err}"
    );
}
