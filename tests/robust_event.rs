//! Degenerate and over-large events in `compare`: every event gets a
//! report, and the parts whose cost grows with the square of an event stay
//! bounded by `--event-limit` (documents) and by `--sentence-limit` and
//! `--sentence-tokens` (the size of one document), with a note saying so.
//!
//! Checks are on counts (pairs, documents, chart pixels), never on wall
//! time. Inputs are generated in temporary folders.

mod common;

use common::{assert_ok, write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn framelens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(args)
        .output()
        .expect("run framelens")
}

fn jsonl(rows: &[(&str, &str, &str)]) -> String {
    rows.iter()
        .map(|(event, outlet, text)| {
            serde_json::json!({"event_id": event, "outlet": outlet, "text": text}).to_string()
                + "\n"
        })
        .collect()
}

/// Runs `compare INPUT --out DIR --format svg EXTRA…` and returns DIR.
#[track_caller]
fn compare(dir: &Path, input: &Path, extra: &[&str]) -> PathBuf {
    let out = dir.join(format!("out{}", extra.join("_").replace(['-', ' '], "")));
    let mut args = vec![
        "--quiet",
        "compare",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "svg",
    ];
    args.extend_from_slice(extra);
    assert_ok(&framelens(&args));
    out
}

fn report(out: &Path, event: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(out.join(event).join("report.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn two_identical_outlets_get_a_report_with_a_degenerate_map() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "wire.jsonl",
        jsonl(&[
            ("e", "A", "Putin is a killer."),
            ("e", "B", "Putin is a killer."),
        ]),
    );
    let out = compare(dir.path(), &input, &[]);
    let r = report(&out, "e");
    assert_eq!(r["map"]["points"].as_array().unwrap().len(), 2);
    let note = r["map"]["note"].as_str().unwrap();
    assert!(note.contains("same word vector"), "{note}");
    let md = std::fs::read_to_string(out.join("e/report.md")).unwrap();
    assert!(
        md.contains("## Notes") && md.contains("same word vector"),
        "{md}"
    );
    assert!(out.join("e/outlet_map.svg").exists());
}

#[test]
fn three_outlets_two_identical_get_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "wire.jsonl",
        jsonl(&[
            ("e", "A", "Putin is a killer."),
            ("e", "B", "Putin is a killer."),
            ("e", "C", "Biden said the economy was strong today."),
        ]),
    );
    let out = compare(dir.path(), &input, &[]);
    let r = report(&out, "e");
    let points = r["map"]["points"].as_array().unwrap();
    assert_eq!(points.len(), 3);
    assert_eq!(
        points[0]["x"], points[1]["x"],
        "identical outlets at one point"
    );
    assert_eq!(points[0]["cluster"], points[1]["cluster"]);
    assert!(r["map"]["note"].as_str().unwrap().contains("dimension"));
    // Four identical outlets of five: k-means asked for 2 clusters of 2
    // distinct points.
    let input = write(
        dir.path(),
        "five.jsonl",
        jsonl(&[
            ("e", "A", "Putin is a killer."),
            ("e", "B", "Putin is a killer."),
            ("e", "C", "Putin is a killer."),
            ("e", "D", "Putin is a killer."),
            ("e", "E", "Biden said the economy was strong today."),
        ]),
    );
    let out = compare(dir.path(), &input, &["--seed", "7"]);
    assert_eq!(
        report(&out, "e")["map"]["points"].as_array().unwrap().len(),
        5
    );
}

#[test]
fn a_manifest_naming_one_file_twice_gets_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let text = std::fs::read_to_string(seeds.join("000_7aaa2d74777ee5f3.txt")).unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    write(&corpus, "a.txt", &text);
    write(
        &corpus,
        "manifest.toml",
        "[[document]]\nfile = \"a.txt\"\nid = \"1\"\noutlet = \"x\"\nevent = \"e\"\n\n\
         [[document]]\nfile = \"a.txt\"\nid = \"2\"\noutlet = \"y\"\nevent = \"e\"\n",
    );
    let out = compare(dir.path(), &corpus, &[]);
    let r = report(&out, "e");
    assert_eq!(r["outlets"].as_array().unwrap().len(), 2);
    assert!(r["map"]["note"].is_string());
}

#[test]
fn an_event_without_content_words_does_not_fail_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "mixed.jsonl",
        jsonl(&[
            ("nums", "A", "2020 2021 1999."),
            ("nums", "B", "42 17."),
            ("words", "A", "Putin is a killer."),
            ("words", "B", "Putin is a murderer."),
        ]),
    );
    let out = compare(dir.path(), &input, &[]);
    let r = report(&out, "nums");
    assert!(r["similarity"]["cosine"].as_array().unwrap().is_empty());
    assert!(r["map"]["note"].as_str().unwrap().contains("content word"));
    assert!(out.join("nums/similarity.csv").exists());
    assert_eq!(
        report(&out, "words")["outlets"].as_array().unwrap().len(),
        2
    );
}

/// Two outlets reporting `n` statements each, statement i worded alike by
/// both: every document of A aligns with one of B.
fn two_outlets(n: usize) -> String {
    let mut rows = Vec::new();
    for i in 0..n {
        let a =
            format!("The minister{i} said the talks on pipeline{i} were a failure for envoy{i}.");
        let b = format!(
            "The minister{i} claimed the talks on pipeline{i} were a disaster for envoy{i}."
        );
        rows.push(
            serde_json::json!({"event_id": "big", "outlet": "A", "id": format!("a{i}"), "text": a})
                .to_string(),
        );
        rows.push(
            serde_json::json!({"event_id": "big", "outlet": "B", "id": format!("b{i}"), "text": b})
                .to_string(),
        );
    }
    rows.join("\n") + "\n"
}

#[test]
fn an_event_above_the_bound_gets_a_bounded_report_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "big.jsonl", two_outlets(30));
    // Unbounded: all 30 statements align.
    let full = compare(dir.path(), &input, &["--event-limit", "1000"]);
    let r = report(&full, "big");
    assert!(r.get("bounded").is_none());
    let all_pairs = r["alignment"]["pairs"].as_array().unwrap().len();
    assert_eq!(all_pairs, 30, "one pair per statement");

    // Bound 10: the quadratic parts see 10 documents, 5 per outlet.
    let out = compare(dir.path(), &input, &["--event-limit", "10"]);
    let r = report(&out, "big");
    let b = &r["bounded"];
    assert_eq!(b["event_limit"], 10);
    assert_eq!(b["documents"], 60);
    assert_eq!(b["aligned_documents"].as_array().unwrap().len(), 10);
    let note = b["note"].as_str().unwrap();
    assert!(
        note.contains("--event-limit") && note.contains("10 documents"),
        "{note}"
    );
    let pairs = r["alignment"]["pairs"].as_array().unwrap().len();
    assert!(
        pairs <= 5,
        "at most one pair per aligned statement: {pairs}"
    );
    let csv = std::fs::read_to_string(out.join("big/alignment.csv")).unwrap();
    assert_eq!(csv.lines().count(), pairs + 1);
    // Everything linear still covers every document.
    let outlets = r["outlets"].as_array().unwrap();
    assert_eq!(outlets[0]["documents"].as_array().unwrap().len(), 30);
    for page in ["report.md", "report.html"] {
        let text = std::fs::read_to_string(out.join("big").join(page)).unwrap();
        assert!(text.contains("--event-limit"), "{page} has the note");
    }
    // The same input gives the same subset.
    let again = compare(dir.path(), &input, &["--event-limit", "10", "--seed", "42"]);
    assert_eq!(report(&again, "big")["bounded"], r["bounded"]);
}

/// `n` outlets of one document each, in one event.
fn many_outlets(n: usize) -> String {
    (0..n)
        .map(|i| {
            let text = format!(
                "Officials{i} said the summit on pipeline{} was a failure. “It is a disaster,” envoy{i} said.",
                i % 7
            );
            serde_json::json!({"event_id": "many", "outlet": format!("o{i:04}"), "text": text})
                .to_string()
                + "\n"
        })
        .collect()
}

/// `width` and `height` of an SVG file's root element.
fn svg_size(path: &Path) -> (u64, u64) {
    let text = std::fs::read_to_string(path).unwrap();
    let head = &text[..text.find('>').unwrap()];
    let attr = |name: &str| -> u64 {
        let key = format!(" {name}=\"");
        let at = head.find(&key).unwrap() + key.len();
        head[at..].split('"').next().unwrap().parse().unwrap()
    };
    (attr("width"), attr("height"))
}

#[test]
fn charts_and_similarity_of_many_outlets_stay_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let small = write(dir.path(), "m40.jsonl", many_outlets(40));
    let large = write(dir.path(), "m80.jsonl", many_outlets(80));
    let a = compare(dir.path(), &small, &["--event-limit", "50"]);
    let b = compare(dir.path(), &large, &["--event-limit", "50"]);
    for chart in [
        "keyness",
        "similarity",
        "lexicon_rates",
        "attribution",
        "word_choice",
        "quote_coverage",
    ] {
        let (sa, sb) = (
            svg_size(&a.join(format!("many/{chart}.svg"))),
            svg_size(&b.join(format!("many/{chart}.svg"))),
        );
        assert_eq!(sa, sb, "{chart}: same size at 40 and 80 outlets");
        assert!(sa.0 <= 8000 && sa.1 <= 8000, "{chart}: {sa:?}");
    }
    // CSV and JSON keep every outlet; similarity covers the bound.
    let r = report(&b, "many");
    assert_eq!(r["outlets"].as_array().unwrap().len(), 80);
    assert_eq!(r["similarity"]["outlets"].as_array().unwrap().len(), 50);
    assert_eq!(r["map"]["points"].as_array().unwrap().len(), 50);
    assert_eq!(r["bounded"]["similarity_outlets"], 50);
    let outlets_csv = std::fs::read_to_string(b.join("many/outlets.csv")).unwrap();
    assert_eq!(outlets_csv.lines().count(), 81);
    let md = std::fs::read_to_string(b.join("many/report.md")).unwrap();
    assert!(
        md.contains("the 30 outlets with the most words of 80"),
        "caption says so"
    );
}

/// Runs `compare` like [`compare`], but kills it after a generous guard so
/// that a quadratic regression fails instead of hanging the suite.
#[track_caller]
fn compare_guarded(dir: &Path, input: &Path, extra: &[&str]) -> PathBuf {
    let out = dir.join(format!("out{}", extra.join("_").replace(['-', ' '], "")));
    let mut child = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(["--quiet", "compare", input.to_str().unwrap(), "--out"])
        .arg(&out)
        .args(["--format", "svg"])
        .args(extra)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run framelens");
    let guard = std::time::Duration::from_secs(120);
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > guard {
            let _ = child.kill();
            let _ = child.wait();
            panic!("compare did not finish within {guard:?}: a stage grows too fast");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_ok(&child.wait_with_output().expect("output"));
    out
}

/// Two outlets, each one document of `n` sentences.
fn one_long_document(n: usize) -> String {
    let a: Vec<String> = (0..n)
        .map(|i| format!("The minister{i} said the talks on pipeline{i} were a failure."))
        .collect();
    let b: Vec<String> = (0..n)
        .map(|i| format!("The minister{i} claimed the talks on pipeline{i} were a disaster."))
        .collect();
    jsonl(&[("long", "A", &a.join(" ")), ("long", "B", &b.join(" "))])
}

#[test]
fn one_document_of_20000_sentences_is_aligned_up_to_the_sentence_bound() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "long.jsonl", one_long_document(20_000));
    let out = compare_guarded(dir.path(), &input, &["--sentence-limit", "500"]);
    let r = report(&out, "long");
    // Linear parts cover the whole text.
    assert_eq!(r["outlets"][0]["sentences"], 20_000);
    let b = &r["document_bound"];
    assert_eq!(b["sentence_limit"], 500);
    assert_eq!(b["cut_outlets"].as_array().unwrap().len(), 2);
    assert_eq!(b["cut_outlets"][0]["sentences"], 20_000);
    let pairs = r["alignment"]["pairs"].as_array().unwrap();
    assert!(
        !pairs.is_empty() && pairs.len() <= 500 + 500,
        "{}",
        pairs.len()
    );
    for p in pairs {
        assert!(p["sentence_a"].as_u64().unwrap() < 500);
        assert!(p["sentence_b"].as_u64().unwrap() < 500);
    }
    let note = b["note"].as_str().unwrap();
    assert!(
        note.contains("--sentence-limit") && note.contains("500"),
        "{note}"
    );
    for page in ["report.md", "report.html"] {
        let text = std::fs::read_to_string(out.join("long").join(page)).unwrap();
        assert!(text.contains("--sentence-limit"), "{page} has the note");
    }
    // The default bound applies too, and the marker records the flags.
    let out = compare_guarded(dir.path(), &input, &[]);
    let r = report(&out, "long");
    assert_eq!(r["document_bound"]["sentence_limit"], 2000);
    assert!(r["alignment"]["pairs"].as_array().unwrap().len() <= 4000);
    let marker = std::fs::read_to_string(out.join(".framelens-output.json")).unwrap();
    assert!(
        marker.contains("--sentence-limit 2000") && marker.contains("--sentence-tokens 200"),
        "{marker}"
    );
}

#[test]
fn one_sentence_of_8000_clauses_skips_word_level_work_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let clauses = |verb: &str, end: &str| -> String {
        let v: Vec<String> = (0..8000)
            .map(|i| format!("the envoy{} {verb} the talks were a {end}", i % 50))
            .collect();
        v.join(", ") + "."
    };
    let text_a = clauses("said", "failure");
    let text_b = clauses("claimed", "disaster");
    let input = write(
        dir.path(),
        "clauses.jsonl",
        jsonl(&[("c", "A", &text_a), ("c", "B", &text_b)]),
    );
    let out = compare_guarded(dir.path(), &input, &[]);
    let r = report(&out, "c");
    let b = &r["document_bound"];
    assert_eq!(b["token_limit"], 200);
    assert_eq!(b["long_sentences"], 2);
    assert!(b["cut_outlets"].as_array().unwrap().is_empty());
    // Aligned by shared words, but without a verbatim run or substitutions.
    for p in r["alignment"]["pairs"].as_array().unwrap() {
        assert_eq!(p["shared_run"], 0);
    }
    assert!(r["substitutions"]["instances"]
        .as_array()
        .unwrap()
        .is_empty());
    let note = b["note"].as_str().unwrap();
    assert!(
        note.contains("--sentence-tokens") && note.contains("200 tokens"),
        "{note}"
    );

    // An ordinary text has no document bound.
    let small = write(
        dir.path(),
        "small.jsonl",
        jsonl(&[
            ("s", "A", "The envoy said the talks were a failure."),
            ("s", "B", "The envoy claimed the talks were a disaster."),
        ]),
    );
    let r = report(&compare_guarded(dir.path(), &small, &[]), "s");
    assert!(r.get("document_bound").is_none());
    assert!(r.get("bounded").is_none());
}

#[test]
fn the_streaming_summary_says_when_the_document_bounds_cut_alignment() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "long.jsonl", one_long_document(300));
    let out = compare_guarded(
        dir.path(),
        &input,
        &["--summary-only", "--sentence-limit", "50"],
    );
    let text = std::fs::read_to_string(out.join("summary").join("report.json")).unwrap();
    let summary: serde_json::Value = serde_json::from_str(&text).unwrap();
    let notes: Vec<&str> = summary["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("1 event(s)") && n.contains("more than 50 sentences")),
        "{notes:?}"
    );
    // Within the bounds, no note.
    let out = compare_guarded(dir.path(), &input, &["--summary-only"]);
    let text = std::fs::read_to_string(out.join("summary").join("report.json")).unwrap();
    assert!(!text.contains("--sentence-limit"), "no bound applied");
}

#[test]
fn quote_grouping_takes_the_sentences_within_the_bound() {
    let dir = tempfile::tempdir().unwrap();
    let text = |verb: &str| {
        (0..300)
            .map(|i| format!("\u{201C}The talks on pipeline{i} were a failure for minister{i},\u{201D} Smith {verb}."))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let input = write(
        dir.path(),
        "quotes.jsonl",
        jsonl(&[("q", "A", &text("said")), ("q", "B", &text("claimed"))]),
    );
    let members = |r: &serde_json::Value| -> usize {
        r["quotes"]["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["members"].as_array().unwrap().len())
            .sum()
    };
    let r = report(&compare_guarded(dir.path(), &input, &[]), "q");
    assert_eq!(
        members(&r),
        600,
        "within the default bound every quote is grouped"
    );
    let out = compare_guarded(dir.path(), &input, &["--sentence-limit", "50"]);
    let r = report(&out, "q");
    assert_eq!(members(&r), 100, "the first 50 sentences of each outlet");
    let note = r["document_bound"]["note"].as_str().unwrap();
    assert!(note.contains("quote grouping"), "{note}");
}
