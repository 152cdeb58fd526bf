//! The same input gives the same bytes: across runs and thread counts,
//! for every file `compare` writes (JSON, CSV, Markdown, HTML, SVG, PNG)
//! and for the JSON of `score` and `tfidf`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn framelens(args: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(args)
        .output()
        .expect("run framelens");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    o
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Every file under `dir`, relative path -> bytes, sorted by path.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_path_buf();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[track_caller]
fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    let names = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&ta), names(&tb), "same files");
    for ((name, x), (_, y)) in ta.iter().zip(&tb) {
        assert!(x == y, "{} differs between runs", name.display());
    }
    let kinds: Vec<String> = ta
        .iter()
        .filter_map(|(n, _)| n.extension().map(|e| e.to_string_lossy().into_owned()))
        .collect();
    for ext in ["json", "csv", "md", "html", "svg", "png"] {
        assert!(kinds.iter().any(|k| k == ext), "no .{ext} file compared");
    }
}

/// Three events, three outlets, written in different words.
fn multi_event_corpus(dir: &Path) -> PathBuf {
    let outlets = [
        ("x", "said", "protesters", "the government"),
        ("y", "claimed", "rioters", "the regime"),
        ("z", "slammed", "demonstrators", "officials"),
    ];
    let mut s = String::new();
    for ev in ["flood", "summit", "strike"] {
        for (o, verb, crowd, power) in outlets {
            let text = format!(
                "The {ev} drew {crowd} to the capital on Monday. \"We will not be silenced,\" \
                 one organiser {verb}. {power} {verb} the {crowd} were paid. \
                 Police {verb} that order was restored after the {ev}, and {power} \
                 promised an inquiry into the {ev} and the {crowd}."
            );
            let rec = serde_json::json!({"text": text, "outlet": o, "event": ev});
            s.push_str(&rec.to_string());
            s.push('\n');
        }
    }
    let p = dir.join("events.jsonl");
    std::fs::write(&p, s).unwrap();
    p
}

#[test]
fn compare_output_is_byte_identical_across_runs_and_threads() {
    let d = tempfile::tempdir().unwrap();
    let events = multi_event_corpus(d.path());
    for input in [seeds(), events] {
        let a = d.path().join("a");
        let b = d.path().join("b");
        let c = d.path().join("c");
        let input = input.to_str().unwrap();
        framelens(&[
            "--jobs",
            "1",
            "compare",
            input,
            "--out",
            a.to_str().unwrap(),
            "--resamples",
            "200",
            "--format",
            "both",
        ]);
        framelens(&[
            "--jobs",
            "2",
            "compare",
            input,
            "--out",
            b.to_str().unwrap(),
            "--resamples",
            "200",
            "--format",
            "both",
        ]);
        framelens(&[
            "--jobs",
            "2",
            "compare",
            input,
            "--out",
            c.to_str().unwrap(),
            "--resamples",
            "200",
            "--format",
            "both",
        ]);
        assert_same_tree(&a, &b);
        assert_same_tree(&b, &c);
        for p in [a, b, c] {
            std::fs::remove_dir_all(p).unwrap();
        }
    }
}

#[test]
fn score_and_tfidf_json_are_byte_identical_across_runs_and_threads() {
    let d = tempfile::tempdir().unwrap();
    let events = multi_event_corpus(d.path());
    for input in [seeds(), events] {
        let input = input.to_str().unwrap();
        for cmd in [
            &["score", input, "--format", "json"][..],
            &[
                "score",
                input,
                "--format",
                "json",
                "--unit",
                "sentence",
                "--resamples",
                "100",
            ][..],
            &["score", input, "--format", "json", "--matches"][..],
            &["tfidf", input, "--format", "json"][..],
            &[
                "tfidf",
                input,
                "--format",
                "json",
                "--by",
                "outlet",
                "--tokens",
                "framelens",
                "--ngram-range",
                "1,2",
            ][..],
        ] {
            let run = |jobs: &str| {
                let mut args = vec!["--jobs", jobs];
                args.extend_from_slice(cmd);
                framelens(&args).stdout
            };
            let one = run("1");
            assert!(
                serde_json::from_slice::<serde_json::Value>(&one).is_ok(),
                "{cmd:?}"
            );
            assert!(one == run("2"), "{cmd:?}: --jobs 1 and 2 differ");
            assert!(one == run("2"), "{cmd:?}: two runs differ");
        }
    }
}
