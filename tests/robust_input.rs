//! Input that used to be read wrongly without a word: an unterminated CSV
//! quote, numeric ids past 2^64, manifests that name files outside their
//! folder, folders and FIFOs named as text files, JSON records that give a
//! key twice. Each case is either a one-line error naming file and line,
//! or a warning and a correct result. Inputs are generated in temporary
//! folders; every test runs the release binary.

mod common;

use common::{assert_error, assert_ok, framelens_in, tmp, write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Documents printed by `clean --format jsonl`, and stderr.
fn clean_docs(dir: &Path, args: &[&str]) -> (Vec<serde_json::Value>, String) {
    let mut all = vec!["clean"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "jsonl"]);
    let o = framelens_in(dir, &all);
    let err = assert_ok(&o);
    let docs = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (docs, err)
}

fn field<'a>(docs: &'a [serde_json::Value], name: &str) -> Vec<&'a str> {
    docs.iter().map(|d| d[name].as_str().unwrap()).collect()
}

// ---- defect 9: an unterminated CSV quote -----------------------------------

/// Row 3 opens a quote that is never closed: the csv crate reads rows 3
/// to 5 as one cell.
const OPEN_QUOTE_CSV: &str = "id,outlet,event,text\n\
    a,x,e,The minister said the plan was sound.\n\
    b,y,e,\"The regime claimed the plan was reckless.\n\
    c,z,e,Critics slammed the plan.\n\
    d,w,e,Officials defended it.\n";

#[test]
fn csv_quote_open_to_the_end_is_an_error_at_its_line() {
    let d = tmp();
    write(d.path(), "q.csv", OPEN_QUOTE_CSV);
    let o = framelens_in(d.path(), &["clean", "q.csv"]);
    let err = assert_error(&o, "q.csv", Some(3));
    assert!(err.contains("unterminated quote"), "{err}");
    assert!(err.contains("end of the file (line 5)"), "{err}");
    // The streamed TF-IDF summary reads CSV through the same reader.
    let o = framelens_in(
        d.path(),
        &[
            "tfidf",
            "q.csv",
            "--no-clean",
            "--tokens",
            "sklearn",
            "--format",
            "summary",
        ],
    );
    assert!(assert_error(&o, "q.csv", Some(3)).contains("unterminated quote"));
}

#[test]
fn csv_quote_open_to_the_end_is_skipped_with_a_warning_when_lenient() {
    let d = tmp();
    write(d.path(), "q.csv", OPEN_QUOTE_CSV);
    let (docs, err) = clean_docs(d.path(), &["q.csv", "--lenient"]);
    // Only the row of the open quote is lost: reading resumes after it.
    assert_eq!(field(&docs, "id"), ["a", "c", "d"]);
    assert_eq!(docs[2]["source"], "q.csv:5");
    assert!(
        err.starts_with("warning: skipped 1 bad record: q.csv:3: unterminated quote"),
        "{err}"
    );
}

#[test]
fn csv_quote_closed_by_a_later_rows_quote_is_an_error() {
    // The quote of row 3 is "closed" by the opening quote of row 4's
    // cell: the csv crate would read rows 3 and 4 as one row of 4 cells,
    // and every quote after it the wrong way round.
    let d = tmp();
    write(
        d.path(),
        "q.csv",
        "id,outlet,event,text\r\n\
         a,x,e,The minister said the plan was sound.\r\n\
         b,y,e,\"The regime claimed the plan was reckless.\r\n\
         c,z,e,\"Critics slammed the plan.\"\r\n\
         d,w,e,\"Officials defended it, \"\"firmly\"\".\"\r\n\
         f,v,e,\"Others, too.\"\r\n",
    );
    let o = framelens_in(d.path(), &["score", "q.csv"]);
    let err = assert_error(&o, "q.csv", Some(3));
    assert!(err.contains("unterminated quote"), "{err}");
    assert!(err.contains("ends on line 4"), "{err}");
    let (docs, err) = clean_docs(d.path(), &["q.csv", "--lenient", "--no-clean"]);
    assert_eq!(field(&docs, "id"), ["a", "c", "d", "f"]);
    assert_eq!(
        field(&docs, "text")[2],
        "Officials defended it, \"firmly\"."
    );
    assert_eq!(field(&docs, "source")[3], "q.csv:6");
    assert!(
        err.starts_with("warning: skipped 1 bad record: q.csv:3: unterminated quote"),
        "{err}"
    );
}

#[test]
fn csv_multiline_quoted_cells_still_read() {
    let d = tmp();
    write(
        d.path(),
        "ok.csv",
        "id,outlet,text\r\na,x,\"One line,\r\nand \"\"another\"\".\"\r\nb,y,\"plain\"\r\n",
    );
    let (docs, err) = clean_docs(d.path(), &["ok.csv", "--no-clean"]);
    assert_eq!(err, "");
    assert_eq!(
        field(&docs, "text"),
        ["One line,\nand \"another\".", "plain"]
    );
}

// ---- defect 14: numbers as ids keep their source text --------------------------

#[test]
fn event_ids_past_u64_stay_apart() {
    let d = tmp();
    write(
        d.path(),
        "big.jsonl",
        concat!(
            r#"{"id":"a","outlet":"x","event_id":18446744073709551616,"text":"one"}"#,
            "\n",
            r#"{"id":"b","outlet":"y","event_id":18446744073709551617,"text":"two"}"#,
            "\n",
            r#"{"id":"c","outlet":"y","event_id":1.0,"text":"three"}"#,
            "\n",
            r#"{"id":"d","outlet":"y","event_id":1,"text":"four"}"#,
            "\n",
        ),
    );
    let (docs, _) = clean_docs(d.path(), &["big.jsonl"]);
    assert_eq!(
        field(&docs, "event"),
        ["18446744073709551616", "18446744073709551617", "1.0", "1"]
    );
}

#[test]
fn numeric_ids_are_unique_by_their_text() {
    let d = tmp();
    write(
        d.path(),
        "ids.jsonl",
        concat!(
            r#"{"id":18446744073709551616,"outlet":"x","text":"one word"}"#,
            "\n",
            r#"{"id":18446744073709551617,"outlet":"y","text":"two words"}"#,
            "\n",
            r#"{"id":1.0,"outlet":"x","text":"three words"}"#,
            "\n",
            r#"{"id":1.00,"outlet":"y","text":"four words"}"#,
            "\n",
        ),
    );
    let (docs, _) = clean_docs(d.path(), &["ids.jsonl"]);
    assert_eq!(
        field(&docs, "id"),
        [
            "18446744073709551616",
            "18446744073709551617",
            "1.0",
            "1.00"
        ]
    );
    // The parallel reader (fast scanner and full reader) agrees.
    let o = framelens_in(
        d.path(),
        &[
            "tfidf",
            "ids.jsonl",
            "--no-clean",
            "--tokens",
            "sklearn",
            "--format",
            "summary",
        ],
    );
    assert_ok(&o);
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(summary["n_docs"], 4, "{summary}");
    // And the same id twice is still refused.
    write(
        d.path(),
        "dup.jsonl",
        concat!(
            r#"{"id":18446744073709551617,"outlet":"x","text":"one"}"#,
            "\n",
            r#"{"id":18446744073709551617,"outlet":"y","text":"two"}"#,
            "\n",
        ),
    );
    let o = framelens_in(
        d.path(),
        &["tfidf", "dup.jsonl", "--no-clean", "--format", "summary"],
    );
    assert!(assert_error(&o, "dup.jsonl", Some(2)).contains("duplicate id"));
}

// ---- defect 15: manifests naming files outside their folder ----------------------

/// `d/secret.txt` outside, `d/in/` with one good text and a manifest
/// naming `file` as its second document.
fn folder_naming(d: &Path, file: &str) -> PathBuf {
    write(d, "secret.txt", "The password is swordfish.");
    write(d, "in/a.txt", "The minister said the plan was sound.");
    write(
        d,
        "in/manifest.toml",
        format!(
            "[[document]]\nfile = \"a.txt\"\noutlet = \"x\"\n\n[[document]]\nfile = {}\noutlet = \"y\"\n",
            serde_json::Value::String(file.to_string())
        ),
    )
}

#[test]
fn manifest_files_outside_the_folder_are_refused() {
    let d = tmp();
    let secret = d.path().join("secret.txt");
    let absolute = secret.display().to_string();
    for name in ["../secret.txt", absolute.as_str(), "sub/../../secret.txt"] {
        folder_naming(d.path(), name);
        std::fs::create_dir_all(d.path().join("in/sub")).unwrap();
        let o = framelens_in(d.path(), &["clean", "in"]);
        let err = assert_error(&o, "manifest.toml", Some(5));
        assert!(err.contains("outside the manifest's folder"), "{err}");
        assert!(err.contains("--allow-outside-files"), "{err}");
        assert!(!String::from_utf8_lossy(&o.stdout).contains("swordfish"));
    }
}

#[cfg(unix)]
#[test]
fn manifest_symlinks_that_point_out_are_refused() {
    let d = tmp();
    folder_naming(d.path(), "link.txt");
    std::os::unix::fs::symlink(d.path().join("secret.txt"), d.path().join("in/link.txt")).unwrap();
    let o = framelens_in(d.path(), &["score", "in"]);
    let err = assert_error(&o, "manifest.toml", Some(5));
    assert!(err.contains("outside the manifest's folder"), "{err}");
    // A link that stays inside is fine.
    std::fs::remove_file(d.path().join("in/link.txt")).unwrap();
    write(
        d.path(),
        "in/b.txt",
        "The regime claimed the plan was reckless.",
    );
    std::os::unix::fs::symlink("b.txt", d.path().join("in/link.txt")).unwrap();
    let (docs, _) = clean_docs(d.path(), &["in"]);
    assert_eq!(docs.len(), 2);
}

#[test]
fn allow_outside_files_reads_them() {
    let d = tmp();
    folder_naming(d.path(), "../secret.txt");
    let (docs, _) = clean_docs(d.path(), &["in", "--allow-outside-files", "--no-clean"]);
    assert_eq!(
        field(&docs, "text"),
        [
            "The minister said the plan was sound.",
            "The password is swordfish."
        ]
    );
}

// ---- defect 19a: folders and FIFOs named as text files ------------------------

#[test]
fn manifest_naming_a_folder_says_so() {
    let d = tmp();
    folder_naming(d.path(), "sub");
    std::fs::create_dir_all(d.path().join("in/sub")).unwrap();
    let o = framelens_in(d.path(), &["clean", "in"]);
    let err = assert_error(&o, "manifest.toml", Some(5));
    assert!(err.contains("is a folder, not a file"), "{err}");
    assert!(!err.contains("not found"), "{err}");
}

#[cfg(unix)]
#[test]
fn manifest_naming_a_fifo_says_so_without_blocking() {
    let d = tmp();
    folder_naming(d.path(), "pipe.txt");
    let made = Command::new("mkfifo")
        .arg(d.path().join("in/pipe.txt"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("SKIPPED: mkfifo is not available");
        return;
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .current_dir(d.path())
        .args(["clean", "in"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("framelens blocked on a FIFO named in a manifest");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let o = child.wait_with_output().unwrap();
    let err = assert_error(&o, "manifest.toml", Some(5));
    assert!(err.contains("is not a regular file"), "{err}");
}

// ---- defect 19c: duplicate JSON keys --------------------------------------------

const DUP_KEYS: &str = concat!(
    r#"{"id":"a","text":"The minister said the plan was sound.","outlet":"x","event":"e1","text":"Critics called the plan \"reckless\"."}"#,
    "\n",
    r#"{"id":"b","text":"The regime's minister claimed the reckless plan was sound, critics slammed it.","outlet":"y","event":"e1"}"#,
    "\n",
    r#"{"id":"c","text":"The minister said it again.","outlet":"y","event":"e1","meta":1,"meta":2}"#,
    "\n",
);

const TEXT_WARNING: &str = "warning: dup.jsonl:1: duplicate key \"text\"; the last value is used";
const META_WARNING: &str = "warning: dup.jsonl:3: duplicate key \"meta\"; the last value is used";

#[test]
fn duplicate_json_keys_warn_and_keep_the_last_value() {
    let d = tmp();
    write(d.path(), "dup.jsonl", DUP_KEYS);
    let (docs, err) = clean_docs(d.path(), &["dup.jsonl", "--no-clean"]);
    assert_eq!(docs[0]["text"], "Critics called the plan \"reckless\".");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines, [TEXT_WARNING, META_WARNING], "{err}");
}

#[test]
fn every_subcommand_that_reads_a_corpus_prints_the_warning() {
    let d = tmp();
    write(d.path(), "dup.jsonl", DUP_KEYS);
    let out = d.path().join("out");
    let out = out.to_str().unwrap();
    let runs: Vec<Vec<&str>> = vec![
        // The streamed summary: fast scanner and full reader in parallel.
        vec![
            "tfidf",
            "dup.jsonl",
            "--no-clean",
            "--tokens",
            "sklearn",
            "--format",
            "summary",
        ],
        vec!["tfidf", "dup.jsonl", "--format", "csv"],
        vec!["score", "dup.jsonl"],
        vec!["keyness", "dup.jsonl", "--target", "x"],
        vec![
            "compare",
            "dup.jsonl",
            "--out",
            out,
            "-q",
            "--format",
            "svg",
        ],
    ];
    for args in runs {
        let o = framelens_in(d.path(), &args);
        let err = assert_ok(&o);
        assert!(err.contains(TEXT_WARNING), "{args:?}: {err}");
        assert!(err.contains(META_WARNING), "{args:?}: {err}");
    }
}
