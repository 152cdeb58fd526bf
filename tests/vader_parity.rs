//! framelens' VADER port against vaderSentiment 3.3.2 itself: the same
//! strings go to both, and all four scores must agree within 1e-4.
//!
//! Strings: VADER's own demo sentences, edge cases written for the port,
//! every line and naive sentence of the seeds and their whole texts, and
//! every sentence (BASIL's `sentences` field) and whole text of BASIL.

mod common;

use framelens::lexicon::vader::{VaderLexicon, VaderScorer};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn reference(python: &PathBuf, strings: &[String]) -> Vec<[f64; 4]> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference/vader_scores.py");
    let mut child = Command::new(python)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run vader_scores.py");
    let input = serde_json::to_vec(strings).expect("serialise strings");
    {
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(&input).expect("write strings");
    }
    let out = child.wait_with_output().expect("vader_scores.py output");
    assert!(out.status.success(), "vader_scores.py failed");
    serde_json::from_slice(&out.stdout).expect("parse reference JSON")
}

fn lexicon_path(python: &PathBuf) -> PathBuf {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference/vader_scores.py");
    let out = Command::new(python)
        .arg(&script)
        .arg("--lexicon-path")
        .output()
        .expect("run vader_scores.py --lexicon-path");
    assert!(out.status.success(), "vaderSentiment is not installed");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// Split text into rough sentences: any fixed list of strings will do, as
/// both implementations receive the same ones.
fn naive_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut cur = String::new();
        let chars: Vec<char> = line.chars().collect();
        for (k, &c) in chars.iter().enumerate() {
            cur.push(c);
            if matches!(c, '.' | '!' | '?') && chars.get(k + 1).is_some_and(|n| *n == ' ') {
                out.push(std::mem::take(&mut cur));
            }
        }
        out.push(cur);
    }
    out.retain(|s| !s.trim().is_empty());
    out
}

fn compare(scorer: &VaderScorer, python: &PathBuf, strings: &[String]) {
    let expected = reference(python, strings);
    assert_eq!(expected.len(), strings.len());
    let mut bad = Vec::new();
    let mut exact_diff = 0usize;
    for (s, e) in strings.iter().zip(&expected) {
        let p = scorer.polarity_scores(s);
        let got = [p.neg, p.neu, p.pos, p.compound];
        if got != *e {
            exact_diff += 1;
        }
        if got.iter().zip(e).any(|(a, b)| (a - b).abs() > 1e-4) {
            bad.push(format!("{s:?}: framelens {got:?} vader {e:?}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} strings differ, first: {:#?}",
        bad.len(),
        strings.len(),
        &bad[..bad.len().min(5)]
    );
    eprintln!(
        "{} strings agree with vaderSentiment within 1e-4; {exact_diff} not bit for bit",
        strings.len()
    );
}

fn edge_cases() -> Vec<String> {
    [
        "VADER is smart, handsome, and funny.",
        "VADER is smart, handsome, and funny!",
        "VADER is very smart, handsome, and funny.",
        "VADER is VERY SMART, handsome, and FUNNY.",
        "VADER is VERY SMART, handsome, and FUNNY!!!",
        "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
        "VADER is not smart, handsome, nor funny.",
        "The book was good.",
        "At least it isn't a horrible book.",
        "The book was only kind of good.",
        "The plot was good, but the characters are uncompelling and the dialog is not great.",
        "Today SUX!",
        "Today only kinda sux! But I'll get by, lol",
        "Make sure you :) or :D today!",
        "Catch utf-8 emoji such as 💘 and 💋 and 😁",
        "Not bad at all",
        "Sentiment analysis has never been good.",
        "Sentiment analysis has never been this good!",
        "Most automated sentiment analysis tools are shit.",
        "With VADER, sentiment analysis is the shit!",
        "Other sentiment analysis tools can be quite bad.",
        "On the other hand, VADER is quite bad ass",
        "VADER is such a badass!",
        "Without a doubt, excellent idea.",
        "Roger Dodger is one of the most compelling variations on this theme.",
        "Roger Dodger is at least compelling as a variation on the theme.",
        "Roger Dodger is one of the least compelling variations on this theme.",
        "Not such a badass after all.",
        "Without a doubt, an excellent idea.",
        "good good but bad bad good",
        "no good, no bad or evil",
        "no problem",
        "It was the kiss of death for the plan??",
        "Is this good???? Really?",
        "kind of bad but sort of good",
        "least bad, very least bad, at least bad",
        "\u{1c}good\u{1f}bad\u{a0}nice\u{2003}ok",
        "ALL CAPS GOOD",
        "ǅemal is good",
        "It's a 'killer' deal... NOT!",
        "",
        "   ",
        "😀😀 great",
        "x😀y",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn vader_matches_reference_on_edge_cases_and_seeds() {
    let Some(python) = common::python() else {
        return;
    };
    let scorer = VaderScorer::from_path(&lexicon_path(&python)).expect("load VADER lexicon");
    let mut strings = edge_cases();
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(common::seeds())
        .expect("seeds folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5);
    for p in seeds {
        let text = std::fs::read_to_string(&p).expect("read seed");
        strings.push(text.clone());
        strings.extend(text.lines().map(str::to_string));
        strings.extend(naive_sentences(&text));
    }
    compare(&scorer, &python, &strings);
}

#[test]
fn builtin_lexicons_equal_the_installed_vadersentiment() {
    let Some(python) = common::python() else {
        return;
    };
    let installed = VaderLexicon::from_path(&lexicon_path(&python)).expect("load VADER lexicon");
    let builtin = VaderLexicon::builtin();
    assert_eq!(builtin.words.len(), installed.words.len());
    assert_eq!(builtin.words, installed.words);
    assert_eq!(builtin.emojis, installed.emojis);
    assert!(builtin.words.len() > 7000 && builtin.emojis.len() > 1000);
}

#[test]
fn vader_matches_reference_on_basil_sentences_and_documents() {
    let Some(python) = common::python() else {
        return;
    };
    let Some(basil) = common::data_file("basil/basil.jsonl") else {
        return;
    };
    let scorer = VaderScorer::from_path(&lexicon_path(&python)).expect("load VADER lexicon");
    let mut strings = Vec::new();
    let text = std::fs::read_to_string(&basil).expect("read BASIL");
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("BASIL JSON line");
        if let Some(t) = v["text"].as_str() {
            strings.push(t.to_string());
        }
        if let Some(ss) = v["sentences"].as_array() {
            strings.extend(ss.iter().filter_map(|s| s.as_str().map(str::to_string)));
        }
    }
    assert!(strings.len() > 5000, "BASIL gave {} strings", strings.len());
    compare(&scorer, &python, &strings);
}

/// `framelens score --no-clean --unit document --lexicon vader=PATH`: each
/// document's scores equal `polarity_scores` of its whole text.
#[test]
fn vader_cli_document_scores_equal_whole_text() {
    let Some(python) = common::python() else {
        return;
    };
    let lex = lexicon_path(&python);
    let corpus =
        framelens::corpus::read_corpus(&common::seeds(), &Default::default()).expect("read seeds");
    let texts: Vec<String> = corpus.documents.iter().map(|d| d.text.clone()).collect();
    let expected = reference(&python, &texts);
    let out = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(["--no-clean", "score"])
        .arg(common::seeds())
        .args(["--unit", "document", "--format", "json", "--lexicon"])
        .arg(format!("vader={}", lex.display()))
        .output()
        .expect("run framelens");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON rows");
    assert_eq!(rows.len(), texts.len());
    for (row, e) in rows.iter().zip(&expected) {
        let got = ["neg", "neu", "pos", "compound"].map(|k| row[k].as_f64().unwrap());
        for (g, x) in got.iter().zip(e) {
            assert!((g - x).abs() <= 1e-4, "{}: {got:?} vs {e:?}", row["doc"]);
        }
        assert!(row["mean_sentence_compound"].is_number());
    }
}
