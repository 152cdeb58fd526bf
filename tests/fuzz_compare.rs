//! Fuzzing the whole of `compare`, not only the parsers: generated corpora
//! (odd outlet and event names, every quoting style, unbalanced marks,
//! syndicated copies, clause chains, empty and huge texts) run through the
//! release binary under a memory cap and a time guard.
//!
//! Every run must either succeed with a complete output folder or fail with
//! one `error:` line, exit 1 and no output; never panic, abort, hang or
//! leave a staging folder behind. `FRAMELENS_FUZZ_CASES` raises the number
//! of generated corpora (default 24; `.ci/run` keeps the default).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Address space the binary may use (KiB): far above what any generated
/// corpus needs, far below the machine's memory.
const MEMORY_CAP_KIB: u64 = 3_000_000;

/// A run that takes longer than this is a hang (the inputs are a few KB).
const TIME_GUARD: Duration = Duration::from_secs(60);

/// Runs that wrote a report, and runs refused with an error: a fuzz run
/// that only ever meets errors would test nothing of the comparison.
static SUCCEEDED: AtomicUsize = AtomicUsize::new(0);
static REFUSED: AtomicUsize = AtomicUsize::new(0);

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z][a-z]{0,8}",
        1 => Just("index.html".to_string()),
        1 => Just("summary".to_string()),
        1 => Just("CON".to_string()),
        1 => Just("Case".to_string()),
        1 => Just("case".to_string()),
        1 => Just("=HYPERLINK(\"http://x\",\"y\")".to_string()),
        1 => Just("a\u{1}b\u{fffe}".to_string()),
        1 => Just("# x <img src=x onerror=alert(1)>\nnext".to_string()),
        1 => Just("新闻".repeat(43)),
        1 => Just("18446744073709551617".to_string()),
        1 => Just("..".to_string()),
        1 => Just(" ".to_string()),
    ]
}

/// Pieces of news text, the awkward ones included.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Z][a-z]{2,8}( [a-z]{1,9}){2,12}\\.",
        2 => "\u{201c}[A-Za-z ,]{1,40}\u{201d} said (Putin|Mr\\. Smith|the ministry|officials)\\.",
        2 => "\" ?[A-Za-z ,']{1,40} ?,? \" (Smith|Jones) said\\.",
        1 => "``[a-z ]{1,30}'' said Peskov\\.",
        1 => "«[a-z ]{1,30}» a dit Macron\\.",
        1 => "„[a-z ]{1,30}\u{201c} sagte Scholz\\.",
        1 => "He called it a \u{201c}(killer|deal|regime)\u{201d}\\.",
        1 => "\u{201c}[a-z ]{1,60}",
        1 => "x \"a( \"a){1,300}",
        1 => "(the \u{201c}deal\u{201d} said official [A-Z]; ){5,40}",
        1 => "(Smith\\.The ){1,50}",
        1 => "[\\PC]{1,80}",
        1 => "[\u{0}-\u{1f}\u{7f}\u{fffd}\u{feff}\u{200b}]{1,10}",
        1 => Just(String::new()),
        1 => Just("\n\n".to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..12).prop_map(|parts| parts.join(" "))
}

#[derive(Debug, Clone)]
struct Doc {
    event: String,
    outlet: String,
    text: String,
}

/// A corpus: a few events and outlets; some documents copied word for word
/// under another outlet (syndicated wire copy).
fn corpus() -> impl Strategy<Value = Vec<Doc>> {
    (
        prop::collection::vec(name(), 1..4),
        prop::collection::vec(name(), 1..7),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                text(),
            ),
            2..20,
        ),
        prop::collection::vec(any::<prop::sample::Index>(), 0..4),
    )
        .prop_map(|(events, outlets, raw, copies)| {
            let mut docs: Vec<Doc> = raw
                .into_iter()
                .map(|(e, o, text)| Doc {
                    event: e.get(&events).clone(),
                    outlet: o.get(&outlets).clone(),
                    text,
                })
                .collect();
            for (k, c) in copies.iter().enumerate() {
                let mut d = c.get(&docs).clone();
                d.outlet = outlets[k % outlets.len()].clone();
                docs.push(d);
            }
            docs
        })
}

fn write_jsonl(path: &Path, docs: &[Doc]) {
    let mut s = String::new();
    for (i, d) in docs.iter().enumerate() {
        let v = serde_json::json!({
            "id": format!("d{i}"),
            "event_id": d.event,
            "outlet": d.outlet,
            "text": d.text,
        });
        s.push_str(&v.to_string());
        s.push('\n');
    }
    std::fs::write(path, s).unwrap();
}

fn write_csv(path: &Path, docs: &[Doc]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(["id", "event_id", "outlet", "text"])
        .unwrap();
    for (i, d) in docs.iter().enumerate() {
        w.write_record([format!("d{i}").as_str(), &d.event, &d.outlet, &d.text])
            .unwrap();
    }
    w.flush().unwrap();
}

/// Run the binary under the memory cap; kill it past the time guard.
fn run_capped(input: &Path, out: &Path) -> Result<(Option<i32>, String), TestCaseError> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_CAP_KIB}; exec \"$0\" compare \"$1\" --out \"$2\" --quiet --format svg --resamples 20 --permutations 20"
        ))
        .arg(env!("CARGO_BIN_EXE_framelens"))
        .arg(input)
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| TestCaseError::fail(format!("spawn: {e}")))?;
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIME_GUARD {
            let _ = child.kill();
            let _ = child.wait();
            return Err(TestCaseError::fail(format!(
                "compare did not finish within {TIME_GUARD:?}"
            )));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let err = reader.join().unwrap_or_default();
    Ok((status.code(), err))
}

fn check_case(docs: &[Doc], csv: bool) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let input = if csv {
        let p = dir.path().join("corpus.csv");
        write_csv(&p, docs);
        p
    } else {
        let p = dir.path().join("corpus.jsonl");
        write_jsonl(&p, docs);
        p
    };
    let out = dir.path().join("out");
    let (code, err) = run_capped(&input, &out)?;
    prop_assert!(!err.contains("panicked"), "panic: {err}");
    match code {
        Some(0) => {
            prop_assert!(out.join("index.html").is_file(), "no index.html; {err}");
            SUCCEEDED.fetch_add(1, Ordering::Relaxed);
        }
        Some(1) => {
            let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
            prop_assert_eq!(errors.len(), 1, "one error line: {:?}", err);
            prop_assert!(!out.exists(), "failed run left output behind");
            REFUSED.fetch_add(1, Ordering::Relaxed);
        }
        other => {
            return Err(TestCaseError::fail(format!(
                "exit {other:?} (crash or signal): {err}"
            )))
        }
    }
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".framelens"))
        .collect();
    prop_assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    Ok(())
}

fn cases() -> u32 {
    std::env::var("FRAMELENS_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24)
}

#[test]
fn generated_corpora_never_crash_hang_or_leave_debris() {
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        // Shrinking a corpus means re-running the binary: keep it short.
        max_shrink_iters: 8,
        ..Config::default()
    });
    let result = runner.run(&(corpus(), any::<bool>()), |(docs, csv)| {
        check_case(&docs, csv)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (ok, refused) = (
        SUCCEEDED.load(Ordering::Relaxed),
        REFUSED.load(Ordering::Relaxed),
    );
    eprintln!("fuzz compare: {ok} corpora compared, {refused} refused with an error");
    assert!(
        ok * 3 >= ok + refused,
        "a third of the generated corpora must reach the comparison: {ok} compared, {refused} refused"
    );
}
