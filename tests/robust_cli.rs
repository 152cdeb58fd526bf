//! The process as a whole: threads the system refuses, and a reader that
//! closes the pipe. Neither may panic; a closed pipe ends quietly with 0.

use std::io::Read;
use std::process::{Command, Stdio};

mod common;

use common::bin;

/// A corpus large enough that every subcommand's output overflows a pipe
/// buffer (64 KiB), so the writer meets the closed pipe.
fn big_corpus(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("big.jsonl");
    let mut s = String::new();
    for i in 0..400 {
        for outlet in ["A", "B"] {
            s.push_str(&format!(
                "{{\"id\":\"{outlet}{i}\",\"event_id\":\"e{}\",\"outlet\":\"{outlet}\",\"text\":\"Word{i} and term{i} said the {outlet} minister{i}. \\\"A killer{i} indeed,\\\" said Smith{i}. Rare{i}x words{i}y follow{i}z here.\"}}\n",
                i % 4
            ));
        }
    }
    std::fs::write(&path, s).unwrap();
    path
}

/// Run `args`, read a few bytes of stdout, close it, and wait.
fn read_a_little_then_close(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(bin())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut buf = [0u8; 16];
    let _ = out.read(&mut buf);
    drop(out);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    (status.code(), err)
}

#[test]
fn closed_pipe_ends_quietly_with_zero_for_every_printing_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = big_corpus(dir.path());
    let c = corpus.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["tfidf", c],
        vec!["tfidf", c, "--format", "json"],
        vec!["score", c],
        vec!["score", c, "--format", "json"],
        vec!["score", c, "--unit", "sentence"],
        vec!["keyness", c, "--target", "A", "--top", "100000"],
        vec![
            "keyness", c, "--target", "A", "--top", "100000", "--format", "json",
        ],
        vec!["clean", c],
        vec!["clean", c, "--format", "json"],
    ];
    for args in cases {
        let (code, err) = read_a_little_then_close(&args);
        assert_eq!(code, Some(0), "{args:?}: exit {code:?}, stderr {err:?}");
        assert!(err.is_empty(), "{args:?}: nothing on stderr, got {err:?}");
    }
}

#[test]
fn jobs_out_of_range_is_a_one_line_error() {
    for jobs in ["0", "100000"] {
        let o = Command::new(bin())
            .args(["--jobs", jobs, "lexicons"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{jobs}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("error: invalid parameter --jobs"), "{err}");
    }
}

/// Under a virtual-memory cap that cannot hold a thousand 8 MiB stacks the
/// run goes on with fewer workers and the same output (it panicked before).
#[test]
fn refused_threads_fall_back_to_fewer_with_the_same_output() {
    let seeds = common::seeds();
    let run = |prefix: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(format!(
                "{prefix} exec \"$0\" --jobs 1000 score \"$1\" --format json",
            ))
            .arg(bin())
            .arg(&seeds)
            .output()
            .unwrap()
    };
    let capped = run("ulimit -v 2000000;");
    let err = String::from_utf8_lossy(&capped.stderr);
    assert_eq!(capped.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("warning:"),
        "says it runs fewer threads: {err}"
    );
    let one = Command::new(bin())
        .args(["--jobs", "1", "score"])
        .arg(&seeds)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(capped.stdout, one.stdout, "same output as one thread");
}

/// Warnings of a run that then fails still reach the user, before the
/// error they explain (they were collected and dropped with the run).
#[test]
fn warnings_of_a_failed_compare_are_printed_before_its_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("c.jsonl");
    std::fs::write(
        &input,
        "{\"event_id\":\"e\",\"outlet\":\"A\",\"text\":\"Putin met Biden in Geneva.\"}\n\
         {\"event_id\":\"e\",\"outlet\":\"B\",\"text\":\"!!! ... ???\"}\n\
         {\"event_id\":\"e\",\"outlet\":\"B\",\"text\":broken}\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = Command::new(bin())
        .args(["--lenient", "compare"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("warning: ") && l.contains("skipped 1 bad record")),
        "the skipped record is said: {err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("warning: ") && l.contains("no words")),
        "the empty document is said: {err}"
    );
    assert!(lines.last().unwrap().starts_with("error: "), "{err}");
    assert_eq!(lines.iter().filter(|l| l.starts_with("error: ")).count(), 1);
    assert!(!out.exists());
}
