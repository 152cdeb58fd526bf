//! Bad input on the command line: every reader, loader and subcommand.
//!
//! Each case gives either a one-line `error: FILE[:LINE]: ...` and a
//! non-zero exit, or a documented warning and a correct result. Nothing
//! panics, and a failed `compare` leaves no output (nor staging folder)
//! behind. Inputs are generated in temporary folders, never committed.

mod common;

use common::{assert_error, assert_ok, framelens_in, stdout, tmp, write};
use std::path::{Path, PathBuf};
use std::process::Output;

/// Names in `dir`, sorted, to check nothing was added or left behind.
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Documents printed by `clean --format jsonl`.
fn clean_docs(dir: &Path, input: &str, extra: &[&str]) -> (Vec<serde_json::Value>, String) {
    let mut args = vec!["clean", input, "--format", "jsonl"];
    args.extend_from_slice(extra);
    let o = framelens_in(dir, &args);
    let err = assert_ok(&o);
    let docs = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (docs, err)
}

/// Two outlets on one event, clean enough for every subcommand.
const GOOD: &str = concat!(
    r#"{"id":"a","text":"The minister said the plan was sound. Critics called it \"reckless\".","outlet":"x","event":"e1"}"#,
    "\n",
    r#"{"id":"b","text":"The regime's minister claimed the reckless plan was sound, critics slammed it.","outlet":"y","event":"e1"}"#,
    "\n"
);

// ---- empty, whitespace, binary, encodings -------------------------------

#[test]
fn empty_jsonl_is_an_error_naming_the_file() {
    let d = tmp();
    write(d.path(), "empty.jsonl", "");
    let o = framelens_in(d.path(), &["clean", "empty.jsonl"]);
    assert!(assert_error(&o, "empty.jsonl", None).contains("no documents"));
}

#[test]
fn whitespace_only_jsonl_is_an_error_for_tfidf() {
    let d = tmp();
    write(d.path(), "ws.jsonl", " \n\t\n\r\n  ");
    let o = framelens_in(d.path(), &["tfidf", "ws.jsonl"]);
    assert_error(&o, "ws.jsonl", None);
}

#[test]
fn empty_csv_is_an_error_for_score() {
    let d = tmp();
    write(d.path(), "empty.csv", "");
    let o = framelens_in(d.path(), &["score", "empty.csv"]);
    assert_error(&o, "empty.csv", None);
}

#[test]
fn binary_jsonl_is_an_error_on_line_one() {
    let d = tmp();
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    write(d.path(), "bin.jsonl", bytes);
    let o = framelens_in(d.path(), &["clean", "bin.jsonl"]);
    assert_error(&o, "bin.jsonl", Some(1));
}

#[test]
fn invalid_utf8_in_jsonl_names_the_line() {
    let d = tmp();
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.extend_from_slice(b"{\"text\":\"caf\xe9\",\"outlet\":\"z\"}\n");
    write(d.path(), "bad.jsonl", bytes);
    let o = framelens_in(d.path(), &["tfidf", "bad.jsonl"]);
    assert!(assert_error(&o, "bad.jsonl", Some(3)).contains("UTF-8"));
}

#[test]
fn invalid_utf8_in_csv_names_the_line() {
    let d = tmp();
    write(
        d.path(),
        "bad.csv",
        b"id,text,outlet\n1,fine,x\n2,\"a\xffb\",y\n",
    );
    let o = framelens_in(d.path(), &["score", "bad.csv"]);
    assert!(assert_error(&o, "bad.csv", Some(3)).contains("UTF-8"));
}

#[test]
fn invalid_utf8_in_a_text_file_of_a_folder_names_that_file() {
    let d = tmp();
    write(d.path(), "in/a.txt", "Fine text.");
    write(d.path(), "in/b.txt", b"Not \xff fine.");
    write(
        d.path(),
        "in/manifest.toml",
        "[[document]]\nfile = \"a.txt\"\noutlet = \"x\"\n[[document]]\nfile = \"b.txt\"\noutlet = \"y\"\n",
    );
    let o = framelens_in(d.path(), &["clean", "in"]);
    assert_error(&o, "b.txt", Some(1));
}

#[test]
fn utf8_bom_is_removed() {
    let d = tmp();
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(GOOD.as_bytes());
    write(d.path(), "bom.jsonl", bytes);
    let (docs, _) = clean_docs(d.path(), "bom.jsonl", &["--no-clean"]);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["id"], "a");
    assert!(docs[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("The minister"));
}

#[test]
fn utf16_le_bom_jsonl_is_decoded() {
    let d = tmp();
    let mut bytes = vec![0xff, 0xfe];
    for u in GOOD.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    write(d.path(), "u16.jsonl", bytes);
    let (docs, _) = clean_docs(d.path(), "u16.jsonl", &["--no-clean"]);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1]["outlet"], "y");
}

#[test]
fn utf16_be_bom_csv_with_cr_line_ends_is_decoded() {
    let d = tmp();
    let mut bytes = vec![0xfe, 0xff];
    for u in "id,text,outlet\r1,Caf\u{e9} opens,x\r2,It closes,y\r".encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    write(d.path(), "u16.csv", bytes);
    let (docs, _) = clean_docs(d.path(), "u16.csv", &["--no-clean"]);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["text"], "Caf\u{e9} opens");
}

#[test]
fn crlf_jsonl_reads_without_carriage_returns() {
    let d = tmp();
    write(d.path(), "crlf.jsonl", GOOD.replace('\n', "\r\n"));
    let (docs, _) = clean_docs(d.path(), "crlf.jsonl", &["--no-clean"]);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1]["source"], "crlf.jsonl:2");
}

#[test]
fn cr_only_jsonl_reads_line_by_line() {
    let d = tmp();
    write(d.path(), "cr.jsonl", GOOD.replace('\n', "\r"));
    let (docs, _) = clean_docs(d.path(), "cr.jsonl", &["--no-clean"]);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1]["source"], "cr.jsonl:2");
}

#[test]
fn cr_only_and_crlf_text_files_become_newlines() {
    let d = tmp();
    write(d.path(), "in/a.txt", "Line one.\rLine two.\r");
    write(d.path(), "in/b.txt", "\u{feff}First.\r\nSecond.");
    write(
        d.path(),
        "in/manifest.toml",
        "[[document]]\nfile = \"a.txt\"\noutlet = \"x\"\n[[document]]\nfile = \"b.txt\"\noutlet = \"y\"\n",
    );
    let (docs, _) = clean_docs(d.path(), "in", &["--no-clean"]);
    assert_eq!(docs[0]["text"], "Line one.\nLine two.\n");
    assert_eq!(docs[1]["text"], "First.\nSecond.");
}

#[test]
fn fifty_megabyte_single_line_is_read_and_counted() {
    let d = tmp();
    let words = ["alpha ", "beta ", "gamma ", "delta "];
    let mut text = String::with_capacity(50 << 20);
    let mut i = 0;
    while text.len() < 50 << 20 {
        text.push_str(words[i % 4]);
        i += 1;
    }
    let line = format!("{{\"text\":\"{}\",\"outlet\":\"x\"}}\n", text.trim_end());
    write(d.path(), "big.jsonl", line);
    let o = framelens_in(
        d.path(),
        &["tfidf", "big.jsonl", "--no-clean", "--format", "summary"],
    );
    assert_ok(&o);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["n_docs"], 1);
    assert_eq!(v["n_terms"], 4);
    // One row of four equal weights under l2: each is 1/2, sum 2, sumsq 1.
    assert!((v["sumsq"].as_f64().unwrap() - 1.0).abs() < 1e-9, "{v}");
}

/// A JSONL file of several megabytes (read in several blocks by the
/// summary), where line `dup_at` repeats the id of line 2 and line
/// `bad_at` is broken.
fn big_jsonl_with(dir: &Path, dup_at: usize, bad_at: usize) -> PathBuf {
    let mut s = String::new();
    for line in 1..=40_000 {
        if line == dup_at {
            s.push_str(r#"{"id":"d2","text":"only here: zebra","outlet":"x"}"#);
        } else if line == bad_at {
            s.push_str(r#"{"id":"bad","text":"cut"#);
        } else {
            s.push_str(&format!(
                r#"{{"id":"d{line}","outlet":"o{}","text":"The minister said {line} times that the plan was sound. \u201cReckless\u201d, critics said; naïve, others wrote."}}"#,
                line % 3
            ));
        }
        s.push('\n');
    }
    write(dir, "big.jsonl", s)
}

#[test]
fn summary_of_a_big_jsonl_names_the_first_bad_line_in_any_block() {
    let d = tmp();
    big_jsonl_with(d.path(), 39_000, 30_000);
    let args = ["tfidf", "big.jsonl", "--no-clean", "--format", "summary"];
    // The broken line comes first; the repeated id later.
    assert!(
        assert_error(&framelens_in(d.path(), &args), "big.jsonl", Some(30_000))
            .contains("invalid JSON")
    );
    big_jsonl_with(d.path(), 30_000, 39_000);
    let err = assert_error(&framelens_in(d.path(), &args), "big.jsonl", Some(30_000));
    assert!(err.contains("duplicate id `d2` (first on line 2)"), "{err}");
}

#[test]
fn lenient_summary_of_a_big_jsonl_leaves_out_what_it_skips() {
    let d = tmp();
    let args = |jobs| {
        [
            "--jobs",
            jobs,
            "tfidf",
            "big.jsonl",
            "--no-clean",
            "--format",
            "summary",
            "--lenient",
        ]
    };
    big_jsonl_with(d.path(), 39_000, 30_000);
    let o = framelens_in(d.path(), &args("2"));
    let err = assert_ok(&o);
    assert!(
        err.contains("skipped 2 bad records: big.jsonl:30000: ")
            && err.contains("big.jsonl:39000: duplicate id `d2` (first on line 2)"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["n_docs"], 39_998);
    assert_eq!(
        o.stdout,
        framelens_in(d.path(), &args("1")).stdout,
        "--jobs 1 and 2 agree"
    );
    // The repeated record's words are not counted ("zebra", "here", "only").
    let clean = big_jsonl_with(d.path(), 0, 0);
    let lines: Vec<String> = std::fs::read_to_string(&clean)
        .unwrap()
        .lines()
        .enumerate()
        .filter(|(i, _)| ![29_999, 38_999].contains(i))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    write(d.path(), "clean.jsonl", lines.concat());
    let o2 = framelens_in(
        d.path(),
        &["tfidf", "clean.jsonl", "--no-clean", "--format", "summary"],
    );
    assert_ok(&o2);
    assert_eq!(o.stdout, o2.stdout, "same as without the skipped lines");
}

// ---- JSONL records ---------------------------------------------------------

#[test]
fn jsonl_truncated_last_line() {
    let d = tmp();
    write(
        d.path(),
        "t.jsonl",
        format!("{GOOD}{{\"text\":\"cut off in the mi"),
    );
    let o = framelens_in(d.path(), &["score", "t.jsonl"]);
    assert_error(&o, "t.jsonl", Some(3));
}

#[test]
fn jsonl_non_object_line() {
    let d = tmp();
    write(d.path(), "n.jsonl", format!("[1, 2]\n{GOOD}"));
    let o = framelens_in(d.path(), &["clean", "n.jsonl"]);
    assert!(assert_error(&o, "n.jsonl", Some(1)).contains("object"));
}

#[test]
fn jsonl_wrong_typed_field() {
    let d = tmp();
    write(
        d.path(),
        "w.jsonl",
        format!("{GOOD}{{\"text\":\"ok\",\"outlet\":[\"x\"]}}\n"),
    );
    let o = framelens_in(d.path(), &["tfidf", "w.jsonl"]);
    assert!(assert_error(&o, "w.jsonl", Some(3)).contains("outlet"));
}

#[test]
fn jsonl_missing_text() {
    let d = tmp();
    write(d.path(), "m.jsonl", format!("{{\"outlet\":\"x\"}}\n{GOOD}"));
    let o = framelens_in(d.path(), &["compare", "m.jsonl", "--out", "out"]);
    assert!(assert_error(&o, "m.jsonl", Some(1)).contains("text"));
    assert_eq!(listing(d.path()), ["m.jsonl"]);
}

// ---- CSV ---------------------------------------------------------------------

#[test]
fn csv_ragged_row() {
    let d = tmp();
    write(d.path(), "r.csv", "id,text,outlet\n1,hello,x\n2,world\n");
    let o = framelens_in(d.path(), &["clean", "r.csv"]);
    assert!(assert_error(&o, "r.csv", Some(3)).contains("cells"));
}

#[test]
fn csv_embedded_newlines_keep_text_and_line_numbers() {
    let d = tmp();
    write(
        d.path(),
        "e.csv",
        "id,text,outlet\n1,\"first line\nsecond line\",x\n2,other,y\n3,\"bad\n",
    );
    // The record after the embedded newline starts on line 4: a later error says so.
    let o = framelens_in(d.path(), &["clean", "e.csv"]);
    assert_error(&o, "e.csv", Some(5));
    let (docs, warn) = clean_docs(d.path(), "e.csv", &["--no-clean", "--lenient"]);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["text"], "first line\nsecond line");
    assert_eq!(docs[1]["source"], "e.csv:4");
    assert!(warn.contains("skipped 1 bad record: e.csv:5"), "{warn}");
}

#[test]
fn csv_without_text_column() {
    let d = tmp();
    write(d.path(), "h.csv", "id,body,outlet\n1,hello,x\n");
    let o = framelens_in(d.path(), &["score", "h.csv"]);
    assert_error(&o, "h.csv", Some(1));
}

// ---- manifests -----------------------------------------------------------------

fn folder(d: &Path, manifest: &str) {
    write(d, "in/a.txt", "The minister said the plan was sound.");
    write(d, "in/b.txt", "The regime claimed the plan was reckless.");
    write(d, "in/manifest.toml", manifest);
}

#[test]
fn manifest_naming_a_missing_file() {
    let d = tmp();
    folder(
        d.path(),
        "[[document]]\nfile = \"a.txt\"\noutlet = \"x\"\n\n[[document]]\nfile = \"gone.txt\"\noutlet = \"y\"\n",
    );
    let o = framelens_in(d.path(), &["clean", "in"]);
    assert!(assert_error(&o, "manifest.toml", Some(5)).contains("gone.txt"));
}

#[test]
fn manifest_duplicate_id() {
    let d = tmp();
    folder(
        d.path(),
        "[[document]]\nfile = \"a.txt\"\nid = \"1\"\noutlet = \"x\"\n[[document]]\nfile = \"b.txt\"\nid = \"1\"\noutlet = \"y\"\n",
    );
    let o = framelens_in(d.path(), &["tfidf", "in"]);
    assert!(assert_error(&o, "manifest.toml", Some(5)).contains("duplicate id"));
}

#[test]
fn manifest_unknown_field() {
    let d = tmp();
    folder(
        d.path(),
        "[[document]]\nfile = \"a.txt\"\noutlet = \"x\"\ncolour = \"red\"\n",
    );
    let o = framelens_in(d.path(), &["score", "in"]);
    assert!(assert_error(&o, "manifest.toml", Some(4)).contains("colour"));
}

#[test]
fn folder_without_manifest() {
    let d = tmp();
    write(d.path(), "in/a.txt", "text");
    let o = framelens_in(d.path(), &["clean", "in"]);
    assert!(assert_error(&o, "in", None).contains("manifest"));
}

#[test]
fn missing_input_and_unknown_extension() {
    let d = tmp();
    let o = framelens_in(d.path(), &["clean", "nothere.jsonl"]);
    let err = assert_error(&o, "nothere.jsonl", None);
    assert_eq!(err.matches("no such file").count(), 1, "said once: {err}");
    write(d.path(), "notes.docx", "x");
    let o = framelens_in(d.path(), &["tfidf", "notes.docx"]);
    assert_error(&o, "notes.docx", None);
}

// ---- compare: outlets, events, tokens ----------------------------------------

#[test]
fn compare_with_one_outlet_only_fails_and_writes_nothing() {
    let d = tmp();
    write(d.path(), "one.jsonl", GOOD.replace("\"y\"", "\"x\""));
    let o = framelens_in(d.path(), &["compare", "one.jsonl", "--out", "out"]);
    assert!(assert_error(&o, "one.jsonl", None).contains("one outlet"));
    assert_eq!(listing(d.path()), ["one.jsonl"]);
}

#[test]
fn compare_event_with_one_document_is_left_out_with_a_warning() {
    let d = tmp();
    let extra = r#"{"id":"c","text":"A lone story about something else entirely.","outlet":"x","event":"e2"}"#;
    write(d.path(), "c.jsonl", format!("{GOOD}{extra}\n"));
    let o = framelens_in(d.path(), &["compare", "c.jsonl", "--out", "out"]);
    let err = assert_ok(&o);
    assert!(
        err.contains("warning: event \"e2\" has only one outlet"),
        "{err}"
    );
    assert!(d.path().join("out/index.html").is_file());
    let events: Vec<String> = listing(&d.path().join("out"))
        .into_iter()
        .filter(|n| d.path().join("out").join(n).is_dir())
        .collect();
    // e2 gets no event folder; the corpus summary covers both events.
    assert_eq!(events, ["e1", "summary"]);
}

#[test]
fn compare_document_with_zero_tokens_after_cleaning_is_left_out() {
    let d = tmp();
    let junk = r#"{"id":"j","text":"[ad_1]\n...\n","outlet":"z","event":"e1"}"#;
    write(d.path(), "z.jsonl", format!("{GOOD}{junk}\n"));
    let o = framelens_in(d.path(), &["compare", "z.jsonl", "--out", "out"]);
    let err = assert_ok(&o);
    assert!(
        err.contains("document j has no words after cleaning"),
        "{err}"
    );
    let report = std::fs::read_to_string(d.path().join("out/e1/report.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&report).unwrap();
    let text = v.to_string();
    assert!(text.contains("\"x\"") && text.contains("\"y\""));
    assert!(!text.contains("\"z\""), "outlet z had no words");
}

#[test]
fn text_with_only_quotes_scores_as_quoted_speech() {
    let d = tmp();
    let q = concat!(
        r#"{"id":"q","text":"\u201cThe regime slammed us.\u201d \u201cKiller.\u201d","outlet":"x"}"#,
        "\n",
        r#"{"id":"r","text":"\"They claimed it.\"","outlet":"y"}"#,
        "\n"
    );
    write(d.path(), "q.jsonl", q);
    let o = framelens_in(
        d.path(),
        &["score", "q.jsonl", "--format", "json", "--resamples", "0"],
    );
    assert_ok(&o);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let own: Vec<_> = rows
        .iter()
        .filter(|r| r["level"] == "document" && r["voice"] == "own")
        .collect();
    assert!(!own.is_empty());
    for r in own {
        assert_eq!(r["tokens"], 0, "no own-voice tokens: {r}");
    }
    assert!(rows
        .iter()
        .any(|r| r["voice"] == "quoted" && r["tokens"].as_u64().unwrap_or(0) > 0));
    // compare runs on it too.
    let o = framelens_in(d.path(), &["compare", "q.jsonl", "--out", "out"]);
    assert_ok(&o);
}

// ---- lexicons -----------------------------------------------------------------------

fn score_with(d: &Path, spec: &str) -> Output {
    write(d, "s.jsonl", GOOD);
    framelens_in(d, &["score", "s.jsonl", "--lexicon", spec])
}

#[test]
fn malformed_toml_lexicon() {
    let d = tmp();
    write(d.path(), "bad.toml", "[lexicon\nname = \"x\"\n");
    let o = score_with(d.path(), "toml=bad.toml");
    assert_error(&o, "bad.toml", Some(1));
}

#[test]
fn malformed_dic_lexicon() {
    let d = tmp();
    write(d.path(), "bad.dic", "%\n1\tloaded\n%\nkiller\t7\n");
    let o = score_with(d.path(), "dic=bad.dic");
    assert!(assert_error(&o, "bad.dic", Some(4)).contains('7'));
}

#[test]
fn malformed_vader_lexicon() {
    let d = tmp();
    write(
        d.path(),
        "bad.txt",
        "good\t1.9\t0.9\t[1]\nbad\tnotanumber\n",
    );
    let o = score_with(d.path(), "vader=bad.txt");
    assert_error(&o, "bad.txt", Some(2));
}

#[test]
fn malformed_word_lists() {
    let d = tmp();
    write(d.path(), "latin1.txt", b"caf\xe9\n");
    assert!(assert_error(
        &score_with(d.path(), "words=latin1.txt"),
        "latin1.txt",
        None
    )
    .contains("UTF-8"));
    write(d.path(), "bin.txt", [0u8, 1, 2, 3, 0]);
    assert!(
        assert_error(&score_with(d.path(), "words=bin.txt"), "bin.txt", None).contains("binary")
    );
    write(d.path(), "empty.txt", "# only a comment\n\n");
    assert!(
        assert_error(&score_with(d.path(), "words=empty.txt"), "empty.txt", None)
            .contains("no entries")
    );
}

#[test]
fn lexicon_errors_in_the_lexicons_subcommand() {
    let d = tmp();
    write(d.path(), "bad.dic", "no header here\n");
    let o = framelens_in(d.path(), &["lexicons", "--lexicon", "dic=bad.dic"]);
    assert_error(&o, "bad.dic", None);
    let o = framelens_in(d.path(), &["lexicons", "--lexicon", "yaml=x.yaml"]);
    assert_error(&o, "--lexicon", None);
}

#[test]
fn malformed_clean_rules() {
    let d = tmp();
    write(d.path(), "s.jsonl", GOOD);
    write(d.path(), "rules.toml", "[[rule]]\nfoo = 1\n");
    let o = framelens_in(d.path(), &["clean", "s.jsonl", "--rules", "rules.toml"]);
    assert_error(&o, "rules.toml", Some(2));
}

// ---- output locations ------------------------------------------------------------

#[test]
fn output_path_that_is_a_file_is_refused_and_kept() {
    let d = tmp();
    write(d.path(), "s.jsonl", GOOD);
    write(d.path(), "afile", "keep me");
    let o = framelens_in(d.path(), &["compare", "s.jsonl", "--out", "afile"]);
    assert_error(&o, "afile", None);
    assert_eq!(std::fs::read(d.path().join("afile")).unwrap(), b"keep me");
    assert_eq!(listing(d.path()), ["afile", "s.jsonl"]);
}

#[test]
fn unwritable_output_under_a_regular_file_is_refused() {
    // Tests run as root, where mode 0o555 does not stop writes: a path
    // under a regular file can never be created, whoever runs it.
    let d = tmp();
    write(d.path(), "s.jsonl", GOOD);
    write(d.path(), "afile", "keep me");
    let o = framelens_in(d.path(), &["compare", "s.jsonl", "--out", "afile/sub"]);
    let err = assert_error(&o, "afile/sub", None);
    assert!(err.contains("not a folder"), "{err}");
    assert_eq!(listing(d.path()), ["afile", "s.jsonl"]);
}

#[test]
fn output_folder_inside_the_input_folder_is_refused() {
    let d = tmp();
    folder(
        d.path(),
        "[[document]]\nfile = \"a.txt\"\noutlet = \"x\"\n[[document]]\nfile = \"b.txt\"\noutlet = \"y\"\n",
    );
    let before = listing(&d.path().join("in"));
    let o = framelens_in(d.path(), &["compare", "in", "--out", "in/plots"]);
    assert!(assert_error(&o, "in/plots", None).contains("inside the input"));
    assert_eq!(listing(&d.path().join("in")), before);
    assert_eq!(listing(d.path()), ["in"]);
}

#[test]
fn output_equal_to_the_input_is_refused() {
    let d = tmp();
    write(d.path(), "s.jsonl", GOOD);
    let o = framelens_in(d.path(), &["compare", "s.jsonl", "--out", "s.jsonl"]);
    assert_error(&o, "s.jsonl", None);
    assert_eq!(
        std::fs::read_to_string(d.path().join("s.jsonl")).unwrap(),
        GOOD
    );
}

#[test]
fn failed_compare_keeps_the_previous_output_whole() {
    let d = tmp();
    write(d.path(), "s.jsonl", GOOD);
    let o = framelens_in(d.path(), &["compare", "s.jsonl", "--out", "out"]);
    assert_ok(&o);
    let before = listing(&d.path().join("out"));
    let index = std::fs::read(d.path().join("out/index.html")).unwrap();
    write(d.path(), "bad.jsonl", format!("{GOOD}{{broken\n"));
    let o = framelens_in(d.path(), &["compare", "bad.jsonl", "--out", "out"]);
    assert_error(&o, "bad.jsonl", Some(3));
    assert_eq!(listing(&d.path().join("out")), before);
    assert_eq!(
        std::fs::read(d.path().join("out/index.html")).unwrap(),
        index
    );
    assert_eq!(listing(d.path()), ["bad.jsonl", "out", "s.jsonl"]);
}

// ---- lenient mode, every subcommand that reads a corpus ---------------------------

/// GOOD with four bad records between and after.
fn lenient_input(d: &Path) {
    let bad = format!(
        "{{\"text\":5,\"outlet\":\"x\"}}\n{}\n[1]\n{}\n{{\"outlet\":\"y\"}}\n{{trunc",
        GOOD.lines().next().unwrap(),
        GOOD.lines().nth(1).unwrap()
    );
    write(d, "l.jsonl", bad);
}

#[track_caller]
fn assert_lenient_warning(err: &str) {
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("skipped")).collect();
    assert_eq!(warnings.len(), 1, "said once: {err}");
    let w = warnings[0];
    assert!(
        w.starts_with("warning: skipped 4 bad records: l.jsonl:1: "),
        "{w}"
    );
    assert!(
        w.contains("l.jsonl:3: ") && w.contains("l.jsonl:5: "),
        "{w}"
    );
    assert!(err.trim_end().ends_with(w), "the summary comes last: {err}");
}

#[test]
fn lenient_clean() {
    let d = tmp();
    lenient_input(d.path());
    let o = framelens_in(d.path(), &["clean", "l.jsonl"]);
    assert_error(&o, "l.jsonl", Some(1));
    let (docs, err) = clean_docs(d.path(), "l.jsonl", &["--lenient"]);
    assert_eq!(docs.len(), 2);
    assert_lenient_warning(&err);
}

#[test]
fn lenient_tfidf_every_format() {
    let d = tmp();
    lenient_input(d.path());
    for extra in [
        &["--format", "csv"][..],
        &["--format", "json"][..],
        &["--format", "summary", "--no-clean"][..],
        &["--format", "summary"][..],
    ] {
        let mut args = vec!["tfidf", "l.jsonl", "--lenient"];
        args.extend_from_slice(extra);
        let o = framelens_in(d.path(), &args);
        assert_lenient_warning(&assert_ok(&o));
        if extra.contains(&"summary") {
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(v["n_docs"], 2, "{extra:?}");
        }
    }
}

#[test]
fn lenient_score() {
    let d = tmp();
    lenient_input(d.path());
    let o = framelens_in(
        d.path(),
        &["score", "l.jsonl", "--lenient", "--format", "json"],
    );
    assert_lenient_warning(&assert_ok(&o));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let docs: std::collections::BTreeSet<&str> =
        rows.iter().filter_map(|r| r["doc"].as_str()).collect();
    assert!(docs.contains("a") && docs.contains("b"), "{docs:?}");
    assert!(docs.iter().all(|d| ["", "a", "b"].contains(d)), "{docs:?}");
}

#[test]
fn lenient_compare_even_when_quiet() {
    let d = tmp();
    lenient_input(d.path());
    let o = framelens_in(
        d.path(),
        &["compare", "l.jsonl", "--lenient", "--out", "out"],
    );
    assert_lenient_warning(&assert_ok(&o));
    let o = framelens_in(
        d.path(),
        &[
            "compare",
            "l.jsonl",
            "--lenient",
            "--quiet",
            "--out",
            "out2",
        ],
    );
    assert_lenient_warning(&assert_ok(&o));
    assert!(d.path().join("out2/e1/report.json").is_file());
}

#[test]
fn lenient_csv_ragged_rows() {
    let d = tmp();
    write(
        d.path(),
        "r.csv",
        "id,text,outlet\n1,hello there,x\n2,short\n3,general words,y\n4,a,b,c,d\n",
    );
    let (docs, err) = clean_docs(d.path(), "r.csv", &["--lenient"]);
    assert_eq!(docs.len(), 2);
    assert!(
        err.contains("warning: skipped 2 bad records: r.csv:3: ") && err.contains("r.csv:5: "),
        "{err}"
    );
}

#[test]
fn lenient_with_nothing_left_is_an_error() {
    let d = tmp();
    write(d.path(), "all_bad.jsonl", "[1]\n{\n");
    let o = framelens_in(d.path(), &["clean", "all_bad.jsonl", "--lenient"]);
    assert!(assert_error(&o, "all_bad.jsonl", None).contains("skipped 2"));
}

// ---- keyness ---------------------------------------------------------------------

#[test]
fn keyness_on_a_broken_line_names_it_and_lenient_skips_it() {
    let d = tmp();
    lenient_input(d.path());
    let o = framelens_in(d.path(), &["keyness", "l.jsonl", "--target", "x"]);
    assert_error(&o, "l.jsonl", Some(1));
    let o = framelens_in(
        d.path(),
        &[
            "keyness",
            "l.jsonl",
            "--target",
            "x",
            "--lenient",
            "--format",
            "csv",
        ],
    );
    let err = assert_ok(&o);
    let out = stdout(&o);
    assert!(out.starts_with("term,"), "{out}");
    assert_lenient_warning(&err);
}

#[test]
fn keyness_unknown_target_or_one_outlet_is_an_error() {
    let d = tmp();
    write(d.path(), "g.jsonl", GOOD);
    let o = framelens_in(d.path(), &["keyness", "g.jsonl", "--target", "nobody"]);
    let err = assert_error(&o, "g.jsonl", None);
    assert!(err.contains("nobody"), "{err}");
    let one = GOOD.lines().next().unwrap();
    write(d.path(), "one.jsonl", format!("{one}\n"));
    let first_outlet: serde_json::Value = serde_json::from_str(one).unwrap();
    let target = first_outlet["outlet"].as_str().unwrap();
    let o = framelens_in(d.path(), &["keyness", "one.jsonl", "--target", target]);
    assert_error(&o, "one.jsonl", None);
}
