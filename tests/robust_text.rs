//! Pathological text through the release binary: a sentence of many
//! clauses for the speaker search, unclosed quote marks, and one huge
//! line. Each case ran for minutes (or never ended) or wrote hundreds of
//! megabytes before; now each must finish under a generous guard and
//! write output of modest size. Wall times are not asserted: the guard
//! only stops a run that would hang the test harness.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest a single run may take before it counts as hanging. The old
/// code needed minutes (40 clauses: never finished) where the fixed one
/// needs about a second; the guard is far above either noise or a slow
/// CI machine.
const GUARD: Duration = Duration::from_secs(240);

struct Run {
    status: std::process::ExitStatus,
    stdout_bytes: u64,
    stderr: String,
}

/// Run the binary in `dir`, killing it past [`GUARD`]; stdout goes to a
/// file so that its size can be measured without holding it in memory.
fn run(dir: &Path, args: &[&str]) -> Run {
    let out_path = dir.join("stdout.bin");
    let err_path = dir.join("stderr.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("run framelens");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > GUARD {
            let _ = child.kill();
            let _ = child.wait();
            panic!("framelens {args:?} still running after {GUARD:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Run {
        status,
        stdout_bytes: std::fs::metadata(&out_path).map(|m| m.len()).unwrap_or(0),
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
    }
}

#[track_caller]
fn assert_ok(r: &Run) {
    assert!(r.status.success(), "failed: {}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

/// Bytes under `p`, recursively.
fn tree_bytes(p: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(p) else {
        return 0;
    };
    if meta.is_dir() {
        std::fs::read_dir(p)
            .unwrap()
            .map(|e| tree_bytes(&e.unwrap().path()))
            .sum()
    } else {
        meta.len()
    }
}

/// The largest file under `p` and its size, for messages.
fn largest(p: &Path) -> (u64, PathBuf) {
    let mut best = (0, p.to_path_buf());
    if let Ok(rd) = std::fs::read_dir(p) {
        for e in rd {
            let path = e.unwrap().path();
            let found = if path.is_dir() {
                largest(&path)
            } else {
                (std::fs::metadata(&path).unwrap().len(), path)
            };
            if found.0 > best.0 {
                best = found;
            }
        }
    }
    best
}

/// A JSONL corpus of one event with outlets A and B, whose texts start
/// with a different sentence of content words (so `compare` has two
/// distinct outlets) and go on with `body(outlet)`.
fn corpus(dir: &Path, body: impl Fn(&str) -> String) -> PathBuf {
    let mut s = String::new();
    for outlet in ["A", "B"] {
        let text = format!(
            "Officials of outlet {outlet} reported talks on the trade deal. {}",
            body(outlet)
        );
        let rec = serde_json::json!({"event_id": "e", "outlet": outlet, "text": text});
        s.push_str(&rec.to_string());
        s.push('\n');
    }
    let p = dir.join("corpus.jsonl");
    std::fs::write(&p, s).unwrap();
    p
}

/// `score` and `compare` on the corpus; returns the bytes `compare`
/// wrote and the bytes `score --matches` printed.
fn score_and_compare(dir: &Path, input: &Path) -> (u64, u64) {
    let input = input.to_str().unwrap();
    let r = run(dir, &["-q", "score", input, "--resamples", "0"]);
    assert_ok(&r);
    let m = run(
        dir,
        &["-q", "score", input, "--matches", "--format", "jsonl"],
    );
    assert_ok(&m);
    let r = run(dir, &["-q", "compare", input, "--out", "out"]);
    assert_ok(&r);
    let out = dir.join("out");
    let written = tree_bytes(&out);
    let (big, path) = largest(&out);
    eprintln!(
        "compare wrote {written} bytes (largest {big}: {}); score --matches printed {}",
        path.display(),
        m.stdout_bytes
    );
    (written, m.stdout_bytes)
}

/// Output of `compare` on a small, ordinary corpus of the same shape: what
/// any run writes (charts, reports) whatever the text.
fn baseline(dir: &Path) -> u64 {
    let input = corpus(dir, |o| {
        format!("The minister of {o} said “we will sign it soon”.")
    });
    let (written, _) = score_and_compare(dir, &input);
    std::fs::remove_dir_all(dir.join("out")).unwrap();
    written
}

#[test]
fn many_clauses_in_one_sentence_finish() {
    // Exponential before: 28 clauses took 23 s, 40 never finished.
    for n in [40usize, 4000] {
        let dir = tempfile::tempdir().unwrap();
        let input = corpus(dir.path(), |o| {
            (0..n)
                .map(|i| format!("the “deal” said official {o}{i}; "))
                .collect()
        });
        score_and_compare(dir.path(), &input);
    }
}

#[test]
fn unclosed_straight_quotes_write_modest_output() {
    // `x "a "a …` × 8,000 (16 KB of marks): 0.9 GB and 502 MB written before.
    let dir = tempfile::tempdir().unwrap();
    let base = baseline(dir.path());
    let input = corpus(dir.path(), |_| format!("x {}", "\"a ".repeat(8_000)));
    let in_bytes = std::fs::metadata(&input).unwrap().len();
    let (written, matches) = score_and_compare(dir.path(), &input);
    assert!(
        written <= base + 20 * in_bytes,
        "compare wrote {written} bytes for {in_bytes} bytes of input (baseline {base})"
    );
    assert!(
        matches <= 20 * in_bytes,
        "score --matches printed {matches} bytes"
    );
}

#[test]
fn unclosed_curly_quotes_write_modest_output() {
    // `“a ` × 12,000: 2.85 GB and 1.4 GB written before.
    let dir = tempfile::tempdir().unwrap();
    let base = baseline(dir.path());
    let input = corpus(dir.path(), |_| "“a ".repeat(12_000));
    let in_bytes = std::fs::metadata(&input).unwrap().len();
    let (written, matches) = score_and_compare(dir.path(), &input);
    assert!(
        written <= base + 20 * in_bytes,
        "compare wrote {written} bytes for {in_bytes} bytes of input (baseline {base})"
    );
    assert!(
        matches <= 20 * in_bytes,
        "score --matches printed {matches} bytes"
    );
}

/// Real news text (BASIL) joined into one line of about `bytes` bytes,
/// each outlet from a different half of the corpus.
fn huge_line(basil: &Path, outlet: &str, bytes: usize) -> String {
    let raw = std::fs::read_to_string(basil).unwrap();
    let lines: Vec<&str> = raw.lines().collect();
    let mut i = if outlet == "A" { 0 } else { lines.len() / 2 };
    let mut out = String::new();
    while out.len() < bytes {
        let v: serde_json::Value = serde_json::from_str(lines[i % lines.len()]).unwrap();
        let text = v["text"].as_str().unwrap_or("");
        out.extend(text.split_whitespace().flat_map(|w| [w, " "]));
        i += 1;
    }
    out
}

#[test]
fn one_huge_line_of_real_text_writes_modest_quote_output() {
    // A 250 KB line of BASIL text per outlet (one paragraph): a stray mark
    // ran to the end of the line and every later one nested inside it, so
    // `compare` wrote a 61 MB quotes.csv for 0.5 MB of input before.
    // (Charts and the alignment of such an event are bounded by the event
    // size rules, not here: only the quote and match output is checked.)
    let Some(basil) = common::data_file("basil/basil.jsonl") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), |o| huge_line(&basil, o, 250_000));
    let in_bytes = std::fs::metadata(&input).unwrap().len();
    let (_, matches) = score_and_compare(dir.path(), &input);
    let quotes_csv = std::fs::metadata(dir.path().join("out/e/quotes.csv"))
        .unwrap()
        .len();
    assert!(
        quotes_csv <= 2 * in_bytes,
        "quotes.csv has {quotes_csv} bytes for {in_bytes} bytes of input"
    );
    assert!(
        matches <= 20 * in_bytes,
        "score --matches printed {matches} bytes"
    );
}
