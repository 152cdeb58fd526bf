//! Hostile names and lexicon files through the release binary: every id,
//! outlet and title ends up in SVG, HTML, Markdown and CSV, and each of
//! those formats must hold it as text, never as markup or a formula; a
//! lexicon file must be a bounded regular file of finite, unique entries.
//!
//! Inputs are generated in temporary folders, never committed.

mod common;

use common::{assert_error_naming, assert_ok, framelens_in};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const FORMULA: &str = "=HYPERLINK(\"http://x\",\"y\")";
const MD_EVENT: &str = "# x <img src=x onerror=alert(1)>\n## injected";

/// A JSONL corpus of three outlets for each of `events`, with `outlets[1]`
/// as the second outlet's name (and in its title and id).
fn corpus(dir: &Path, events: &[&str], odd_outlet: &str) -> PathBuf {
    let texts = [
        "Putin is a killer, said the official. The deal was done in Geneva.",
        "Putin is a murderer, claimed Peskov. The “deal” was slammed in Geneva.",
        "The president met the leader. Talks were held in Geneva on the deal.",
    ];
    let mut out = String::new();
    for (e, event) in events.iter().enumerate() {
        for (i, (outlet, text)) in ["A", odd_outlet, "C"].iter().zip(texts).enumerate() {
            let rec = serde_json::json!({
                "id": format!("{outlet}-{e}-{i}"),
                "event_id": event,
                "outlet": outlet,
                "title": format!("{outlet} on {event}"),
                "text": text,
            });
            out.push_str(&rec.to_string());
            out.push('\n');
        }
    }
    let p = dir.join("corpus.jsonl");
    std::fs::write(&p, out).unwrap();
    p
}

fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().and_then(|x| x.to_str()) == Some(ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A cell a spreadsheet would run: starts with = + - @ tab or CR and is
/// not a plain number.
fn is_formula(cell: &str) -> bool {
    let dangerous = matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    dangerous && cell.parse::<f64>().is_err()
}

/// Every cell of the CSV text; none may be a formula.
#[track_caller]
fn assert_no_formula(what: &str, csv_text: &[u8]) -> usize {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text);
    let mut cells = 0;
    for rec in r.records() {
        for cell in rec.unwrap().iter() {
            assert!(!is_formula(cell), "{what}: formula cell {cell:?}");
            cells += 1;
        }
    }
    cells
}

#[test]
fn control_characters_in_ids_give_valid_charts() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), &["a\u{1}b", "plain"], "B\u{FFFE}\u{7}");
    let o = framelens_in(
        dir.path(),
        &[
            "compare",
            "corpus.jsonl",
            "--out",
            "out",
            "--format",
            "both",
        ],
    );
    assert_ok(&o);
    assert!(input.exists());
    let svgs = files_with_ext(&dir.path().join("out"), "svg");
    assert!(svgs.len() >= 8, "charts written: {svgs:?}");
    let mut replaced = false;
    for p in &svgs {
        let svg = std::fs::read_to_string(p).unwrap();
        let opt = resvg::usvg::Options::default();
        resvg::usvg::Tree::from_str(&svg, &opt)
            .unwrap_or_else(|e| panic!("{} is not valid SVG: {e}", p.display()));
        assert!(!svg.contains('\u{1}') && !svg.contains('\u{FFFE}'));
        replaced |= svg.contains("B\u{FFFD}\u{FFFD}");
    }
    assert!(
        replaced,
        "the outlet name is shown, with U+FFFD for what XML cannot hold"
    );
    for p in files_with_ext(&dir.path().join("out"), "html") {
        let html = std::fs::read_to_string(&p).unwrap();
        assert!(
            !html.contains('\u{1}') && !html.contains('\u{7}') && !html.contains('\u{FFFE}'),
            "{} holds a character HTML cannot",
            p.display()
        );
    }
}

#[test]
fn formula_names_are_neutralised_in_every_csv() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), &["e1", "@e2"], FORMULA);
    let o = framelens_in(dir.path(), &["compare", "corpus.jsonl", "--out", "out"]);
    assert_ok(&o);
    let csvs = files_with_ext(&dir.path().join("out"), "csv");
    assert!(csvs.len() >= 8, "tables written: {csvs:?}");
    let mut seen = false;
    for p in &csvs {
        let bytes = std::fs::read(p).unwrap();
        assert_no_formula(&p.display().to_string(), &bytes);
        seen |= String::from_utf8_lossy(&bytes).contains("'=HYPERLINK(");
    }
    assert!(seen, "the outlet name is kept, behind a leading quote");

    let runs: [&[&str]; 3] = [
        &["tfidf", "corpus.jsonl", "--by", "outlet"],
        &["score", "corpus.jsonl", "--lexicon", "attribution"],
        &["keyness", "corpus.jsonl", "--target", FORMULA],
    ];
    for args in runs {
        let o = framelens_in(dir.path(), args);
        assert_ok(&o);
        let cells = assert_no_formula(args[0], &o.stdout);
        assert!(
            cells > 3,
            "{}: {}",
            args[0],
            String::from_utf8_lossy(&o.stdout)
        );
    }
    let o = framelens_in(dir.path(), &["tfidf", "corpus.jsonl", "--by", "outlet"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("\"'=HYPERLINK("));
}

#[test]
fn negative_numbers_stay_numbers_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), &["e1"], "B");
    let o = framelens_in(dir.path(), &["keyness", "corpus.jsonl", "--target", "A"]);
    assert_ok(&o);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(!text.contains("'-"), "a number was quoted: {text}");
    assert!(
        text.lines().any(|l| l.contains(",-")),
        "keyness has negative statistics for words A lacks: {text}"
    );
}

#[test]
fn markdown_reports_hold_names_as_text() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), &[MD_EVENT], "B <script>alert(2)</script> | x");
    let o = framelens_in(dir.path(), &["compare", "corpus.jsonl", "--out", "out"]);
    assert_ok(&o);
    let mds = files_with_ext(&dir.path().join("out"), "md");
    assert!(mds.len() >= 2, "{mds:?}");
    for p in &mds {
        let md = std::fs::read_to_string(p).unwrap();
        let name = p.display().to_string();
        // Every '<' is escaped, so no tag reaches a Markdown renderer.
        let raw_lt = md
            .char_indices()
            .filter(|&(i, c)| c == '<' && !md[..i].ends_with('\\'))
            .count();
        assert_eq!(raw_lt, 0, "{name}: raw HTML\n{md}");
        for line in md.lines() {
            assert!(
                !line.starts_with("## injected") && !line.starts_with("# x"),
                "{name}: the id made a heading: {line:?}"
            );
        }
        // Each table keeps its column count: a '|' in a name is escaped.
        let mut columns = None;
        for line in md.lines() {
            if !line.starts_with("| ") {
                columns = None;
                continue;
            }
            let bars = line.matches('|').count() - line.matches("\\|").count();
            assert_eq!(*columns.get_or_insert(bars), bars, "{name}: {line}");
        }
    }
    let index = std::fs::read_to_string(dir.path().join("out/index.md")).unwrap();
    assert!(
        index.contains("\\# x \\<img src=x onerror=alert(1)\\> \\#\\# injected"),
        "{index}"
    );
    for p in files_with_ext(&dir.path().join("out"), "html") {
        let html = std::fs::read_to_string(&p).unwrap();
        assert!(
            !html.contains("<img src=x") && !html.contains("<script>"),
            "{}",
            p.display()
        );
    }
}

#[test]
fn lexicon_from_a_device_is_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), &["e1"], "B");
    let start = Instant::now();
    let o = framelens_in(
        dir.path(),
        &["score", "corpus.jsonl", "--lexicon", "toml=/dev/zero"],
    );
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
    assert_error_naming(&o, "/dev/zero");
    let o = framelens_in(
        dir.path(),
        &["score", "corpus.jsonl", "--lexicon", "vader=/dev/zero"],
    );
    assert_error_naming(&o, "/dev/zero");
    let o = framelens_in(
        dir.path(),
        &["score", "corpus.jsonl", "--lexicon", "words=."],
    );
    assert_error_naming(&o, "regular file");
}

#[test]
fn oversized_lexicon_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), &["e1"], "B");
    let big = dir.path().join("big.txt");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(64 * 1024 * 1024 + 1)
        .unwrap();
    let o = framelens_in(
        dir.path(),
        &["score", "corpus.jsonl", "--lexicon", "words=big.txt"],
    );
    let err = assert_error_naming(&o, "big.txt");
    assert!(err.contains("64 MiB"), "{err}");
}

#[test]
fn vader_lexicon_with_nan_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), &["e1"], "B");
    std::fs::write(
        dir.path().join("v.txt"),
        "killer\t-2.5\t0.5\t[-2, -3]\ndeal\tnan\t0.1\t[1]\n",
    )
    .unwrap();
    let o = framelens_in(
        dir.path(),
        &["score", "corpus.jsonl", "--lexicon", "vader=v.txt"],
    );
    assert_error_naming(&o, "v.txt:2: ");
    std::fs::write(dir.path().join("i.txt"), "deal\tinf\t0.1\t[1]\n").unwrap();
    let o = framelens_in(
        dir.path(),
        &["score", "corpus.jsonl", "--lexicon", "vader=i.txt"],
    );
    assert_error_naming(&o, "i.txt:1: ");
}

#[test]
fn toml_lexicon_duplicates_and_missing_parents_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), &["e1"], "B");
    let cat = |name: &str, parent: &str| {
        format!(
            "[[categories]]\nname = \"{name}\"\nprovenance = \"p\"\n{parent}entries = [\"deal\"]\n"
        )
    };
    let dup = format!("name = \"x\"\n{}{}", cat("labels", ""), cat("labels", ""));
    std::fs::write(dir.path().join("dup.toml"), dup).unwrap();
    let o = framelens_in(
        dir.path(),
        &["score", "corpus.jsonl", "--lexicon", "toml=dup.toml"],
    );
    assert_error_naming(&o, "dup.toml:7: ");
    let orphan = format!("name = \"x\"\n{}", cat("labels", "parent = \"nowhere\"\n"));
    std::fs::write(dir.path().join("orphan.toml"), orphan).unwrap();
    let o = framelens_in(
        dir.path(),
        &["score", "corpus.jsonl", "--lexicon", "toml=orphan.toml"],
    );
    let err = assert_error_naming(&o, "orphan.toml:5: ");
    assert!(err.contains("nowhere"), "{err}");
}
