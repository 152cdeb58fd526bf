//! A small event in two languages: every command analyses each document in
//! its own language (stemmer, stop words, sentence rules), and the event
//! report says which measures do not compare across languages.

use std::path::{Path, PathBuf};
use std::process::Command;

const CORPUS: &str = r#"{"id": "de1", "outlet": "zeit", "event_id": "reform", "language": "de", "text": "Die Regierung traf sich mit Vertretern der Länder bzw. Kommunen in Berlin. Die Regierungen der Länder kritisierten die Regierung scharf."}
{"id": "de2", "outlet": "spiegel", "event_id": "reform", "language": "de", "text": "Die Regierung hat die Reform beschlossen. Die Regierungen der Länder sind dagegen und die Opposition auch."}
{"id": "en1", "outlet": "bbc", "event_id": "reform", "language": "en", "text": "The government passed the reform. The governments of the states criticised the government sharply."}
"#;

fn fixture(name: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "framelens-language-mix-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("mixed.jsonl");
    std::fs::write(&input, CORPUS).unwrap();
    (dir, input)
}

fn framelens(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn compare_analyses_each_document_in_its_language_and_says_so() {
    let (dir, input) = fixture("compare");
    let out = dir.join("out");
    framelens(&[
        "-q",
        "compare",
        path(&input),
        "--out",
        path(&out),
        "--format",
        "svg",
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("reform/report.json")).unwrap())
            .unwrap();
    let langs = &json["languages"]["outlets"];
    assert_eq!(langs["de"], serde_json::json!(["spiegel", "zeit"]));
    assert_eq!(langs["en"], serde_json::json!(["bbc"]));
    let note = json["languages"]["note"].as_str().unwrap();
    assert!(note.contains("similarity"), "{note}");
    let md = std::fs::read_to_string(out.join("reform/report.md")).unwrap();
    assert!(md.contains(note), "the note is rendered in report.md");
    // Keyness is taken on content words: German "die" is a stop word.
    let keyness = json["keyness"].to_string();
    assert!(!keyness.contains("\"die\""), "{keyness}");
    assert!(keyness.contains("regierung"), "{keyness}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn score_splits_sentences_with_the_documents_language() {
    let (dir, input) = fixture("score");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&framelens(&[
        "score",
        path(&input),
        "--lexicon",
        "vader",
        "--unit",
        "sentence",
        "--format",
        "json",
    ]))
    .unwrap();
    let of = |id: &str| rows.iter().filter(|r| r["doc"] == id).count();
    // "bzw." is a German abbreviation: it does not end the sentence.
    assert_eq!(of("de1"), 2);
    assert_eq!(of("en1"), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn keyness_and_tfidf_count_the_prepared_documents() {
    let (dir, input) = fixture("counts");
    // keyness and tfidf count word forms (every token's norm, as quanteda
    // and scikit-learn do): the same documents compare prepares.
    let rows: Vec<serde_json::Value> = serde_json::from_str(&framelens(&[
        "keyness",
        path(&input),
        "--target",
        "zeit",
        "--format",
        "json",
    ]))
    .unwrap();
    let term = |t: &str| rows.iter().any(|r| r["term"] == t);
    assert!(term("regierung") && term("regierungen") && term("bzw"));
    let csv = framelens(&["tfidf", path(&input), "--tokens", "framelens"]);
    assert!(csv.lines().any(|l| l.starts_with("de1,regierungen,")));
    let _ = std::fs::remove_dir_all(&dir);
}
