//! The user's files are safe from `compare --out`.
//!
//! `--out` is replaced only when it does not exist, is empty, or holds
//! framelens' own marker and nothing else; `--force` is needed for anything
//! else, and even `--force` never replaces a folder that holds the input,
//! the current folder, the home folder or `/`. No staging folder survives
//! a failed run, SIGINT or SIGTERM. Folder names are safe and unique, and
//! files get the modes the umask asks for. Every case runs the release
//! binary in temporary folders.

mod common;

use common::{assert_ok, assert_one_line_error, bin, framelens_in, stderr};

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
}

/// Every path under `dir` (relative, folders with a trailing `/`) and the
/// bytes of every file: what "untouched" means.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.is_dir() {
                out.push((format!("{rel}/"), Vec::new()));
                walk(root, &p, out);
            } else if meta.file_type().is_symlink() {
                out.push((
                    rel,
                    std::fs::read_link(&p)
                        .unwrap()
                        .into_os_string()
                        .into_encoded_bytes(),
                ));
            } else {
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Names in `dir` that look like framelens' staging or temporary folders.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".framelens-") || n.contains(".old-"))
        .collect()
}

/// Two outlets on one event, enough text for a report.
const GOOD: &str = concat!(
    r#"{"id":"a","text":"The minister said the plan was sound. Critics called it \"reckless\".","outlet":"x","event":"e1"}"#,
    "\n",
    r#"{"id":"b","text":"The regime's minister claimed the reckless plan was sound, critics slammed it.","outlet":"y","event":"e1"}"#,
    "\n"
);

fn seeds() -> String {
    common::seeds().to_string_lossy().into_owned()
}

// ---- which --out may be replaced --------------------------------------

#[test]
fn a_foreign_folder_is_refused_and_kept_whole() {
    let d = tempfile::tempdir().unwrap();
    let danger = d.path().join("danger");
    write(&danger.join("thesis.docx"), "four years of work");
    write(&danger.join("sub/notes.txt"), "more");
    let before = snapshot(d.path());
    let o = framelens_in(d.path(), &["-q", "compare", &seeds(), "--out", "danger"]);
    let err = assert_one_line_error(&o);
    assert!(err.contains("--force"), "says how to proceed: {err}");
    assert!(err.contains("danger"), "names the folder: {err}");
    assert_eq!(
        snapshot(d.path()),
        before,
        "nothing changed, nothing left behind"
    );
}

#[test]
fn force_replaces_a_foreign_folder() {
    let d = tempfile::tempdir().unwrap();
    let danger = d.path().join("danger");
    write(&danger.join("thesis.docx"), "old");
    let o = framelens_in(
        d.path(),
        &["-q", "compare", &seeds(), "--out", "danger", "--force"],
    );
    assert_ok(&o);
    assert!(!danger.join("thesis.docx").exists());
    assert!(danger.join("index.html").exists());
    assert!(danger.join(".framelens-output.json").exists());
    assert!(leftovers(d.path()).is_empty(), "{:?}", leftovers(d.path()));
}

#[test]
fn an_empty_folder_and_an_earlier_output_are_replaced_without_force() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("out")).unwrap();
    for _ in 0..2 {
        let o = framelens_in(d.path(), &["-q", "compare", &seeds(), "--out", "out"]);
        assert_ok(&o);
    }
    assert!(d.path().join("out/index.html").exists());
    assert!(leftovers(d.path()).is_empty(), "{:?}", leftovers(d.path()));
}

#[test]
fn the_marker_records_version_and_command() {
    let d = tempfile::tempdir().unwrap();
    let o = framelens_in(
        d.path(),
        &["-q", "compare", &seeds(), "--out", "out", "--top", "7"],
    );
    assert_ok(&o);
    let text = std::fs::read_to_string(d.path().join("out/.framelens-output.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["written_by"], "framelens");
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    let cmd = v["command"].as_str().unwrap();
    assert!(cmd.starts_with("framelens compare "), "{cmd}");
    assert!(cmd.contains("--top 7"), "{cmd}");
}

#[test]
fn a_file_added_to_an_earlier_output_makes_it_foreign() {
    let d = tempfile::tempdir().unwrap();
    assert_ok(&framelens_in(
        d.path(),
        &["-q", "compare", &seeds(), "--out", "out"],
    ));
    write(&d.path().join("out/my-notes.txt"), "mine");
    let before = snapshot(d.path());
    let err = assert_one_line_error(&framelens_in(
        d.path(),
        &["-q", "compare", &seeds(), "--out", "out"],
    ));
    assert!(err.contains("my-notes.txt"), "names the stranger: {err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(snapshot(d.path()), before);
}

#[test]
fn a_marker_copied_into_a_foreign_folder_does_not_open_it() {
    let d = tempfile::tempdir().unwrap();
    assert_ok(&framelens_in(
        d.path(),
        &["-q", "compare", &seeds(), "--out", "out"],
    ));
    let marker = std::fs::read(d.path().join("out/.framelens-output.json")).unwrap();
    write(&d.path().join("mine/.framelens-output.json"), marker);
    write(&d.path().join("mine/thesis.docx"), "mine");
    let before = snapshot(d.path());
    assert_one_line_error(&framelens_in(
        d.path(),
        &["-q", "compare", &seeds(), "--out", "mine"],
    ));
    assert_eq!(snapshot(d.path()), before);
}

// ---- defect 3: the input, the current folder, home, / -----------------

/// `anc/data/corpus.csv` and `anc/thesis.txt`, plus a copy of the seeds in `anc2/seeds`.
fn ancestors_case(d: &Path) {
    write(
        &d.join("anc/data/corpus.csv"),
        "id,text,outlet,event\n1,The minister said the plan was sound.,x,e\n2,The regime claimed the plan was sound.,y,e\n",
    );
    write(&d.join("anc/thesis.txt"), "mine");
    let seeds = common::seeds();
    for e in std::fs::read_dir(&seeds).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            let dest = d.join("anc2/seeds").join(p.file_name().unwrap());
            write(&dest, std::fs::read(&p).unwrap());
        }
    }
    write(&d.join("anc2/thesis.txt"), "mine");
    let sd = d.join("seedcopy");
    for e in std::fs::read_dir(&seeds).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            write(&sd.join(p.file_name().unwrap()), std::fs::read(&p).unwrap());
        }
    }
}

#[test]
fn an_out_that_holds_the_input_is_refused_even_with_force() {
    let d = tempfile::tempdir().unwrap();
    ancestors_case(d.path());
    std::os::unix::fs::symlink("anc", d.path().join("link")).unwrap();
    let before = snapshot(d.path());
    for (input, out) in [
        ("anc/data/corpus.csv", "anc"),
        ("anc2/seeds", "anc2"),
        ("seedcopy/manifest.toml", "seedcopy"),
        ("anc/data/corpus.csv", "anc/data"),
        ("anc/data/corpus.csv", "anc/data/corpus.csv"),
        ("anc/data/corpus.csv", "link"),
        ("link/data/corpus.csv", "anc"),
        ("anc/data/corpus.csv", "anc/data/../../anc"),
        ("anc/data/corpus.csv", "nothere/../anc"),
    ] {
        for force in [false, true] {
            let mut args = vec!["-q", "compare", input, "--out", out];
            if force {
                args.push("--force");
            }
            let err = assert_one_line_error(&framelens_in(d.path(), &args));
            assert!(err.contains("input"), "{args:?}: says why: {err}");
            assert_eq!(snapshot(d.path()), before, "{args:?} changed something");
        }
    }
}

#[test]
fn the_current_folder_its_parents_home_and_root_are_refused_even_with_force() {
    let d = tempfile::tempdir().unwrap();
    let work = d.path().join("work");
    let home = d.path().join("home");
    write(&work.join("mine.txt"), "mine");
    write(&home.join("mine.txt"), "mine");
    // The input lives elsewhere so that only the folder rules can refuse.
    let input = d.path().join("in/in.jsonl");
    write(&input, GOOD);
    let input = input.to_string_lossy().into_owned();
    let before = snapshot(d.path());
    for out in [".", "./", "..", "../work", "../home", "../home/.", "/"] {
        for force in [false, true] {
            let mut args = vec!["-q", "compare", input.as_str(), "--out", out];
            if force {
                args.push("--force");
            }
            let o = Command::new(bin())
                .current_dir(&work)
                .env("HOME", &home)
                .args(&args)
                .output()
                .unwrap();
            let err = assert_one_line_error(&o);
            assert!(err.contains("--out"), "{out}: {err}");
            assert_eq!(snapshot(d.path()), before, "{args:?} changed something");
        }
    }
    // A literal "~" (no shell expanded it) is a new folder in the current one.
    let o = Command::new(bin())
        .current_dir(&work)
        .env("HOME", &home)
        .args(["-q", "compare", input.as_str(), "--out", "~"])
        .output()
        .unwrap();
    assert_ok(&o);
    assert!(work.join("~/index.html").exists());
}

#[test]
fn an_out_that_is_a_file_is_refused() {
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("in.jsonl"), GOOD);
    write(&d.path().join("report"), "mine");
    let before = snapshot(d.path());
    for force in [false, true] {
        let mut args = vec!["-q", "compare", "in.jsonl", "--out", "report"];
        if force {
            args.push("--force");
        }
        assert_one_line_error(&framelens_in(d.path(), &args));
        assert_eq!(snapshot(d.path()), before);
    }
}

// ---- staging folders ----------------------------------------------------

#[test]
fn a_failed_run_leaves_no_staging_folder() {
    // The run works one level down, so `--out ..` names a folder of this
    // test's own: the shared temporary folder may hold other runs' staging.
    let outer = tempfile::tempdir().unwrap();
    let d = outer.path().join("work");
    std::fs::create_dir(&d).unwrap();
    write(
        &d.as_path().join("one.jsonl"),
        r#"{"text":"only one outlet here","outlet":"x"}"#,
    );
    write(&d.as_path().join("danger/thesis.docx"), "mine");
    for args in [
        &["-q", "compare", "one.jsonl", "--out", "out"][..],
        &["-q", "compare", &seeds(), "--out", "."][..],
        &["-q", "compare", &seeds(), "--out", ".."][..],
        &["-q", "compare", &seeds(), "--out", "danger"][..],
    ] {
        let o = framelens_in(d.as_path(), args);
        assert!(!o.status.success(), "{args:?}");
        assert!(
            leftovers(d.as_path()).is_empty(),
            "{args:?}: {:?}",
            leftovers(d.as_path())
        );
        assert!(
            !leftovers(outer.path())
                .iter()
                .any(|n| n.starts_with(".framelens-out-")),
            "{args:?}: staging left in the parent"
        );
    }
    assert!(!d.as_path().join("out").exists());
}

/// Start `compare` on BASIL into `out` (an earlier output), wait until its
/// staging folder appears, send `signal`, and check the exit status, that
/// no staging folder is left and that `out` is as it was.
fn interrupt_while_writing(signal: &str, want_code: i32) {
    let Some(basil) = common::data_file("basil/basil.jsonl") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    assert_ok(&framelens_in(
        d.path(),
        &["-q", "compare", &seeds(), "--out", "out"],
    ));
    let before = snapshot(&d.path().join("out"));
    let mut child = Command::new(bin())
        .current_dir(d.path())
        .args(["-q", "compare"])
        .arg(&basil)
        .args([
            "--out",
            "out",
            "--resamples",
            "100",
            "--permutations",
            "100",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if leftovers(d.path())
            .iter()
            .any(|n| n.starts_with(".framelens-out-"))
        {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before its staging folder was seen");
        }
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "no staging folder after 600 s"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // Let it write a little into the staging folder.
    std::thread::sleep(Duration::from_millis(300));
    let k = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(k.success());
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(want_code), "{}: {err}", out.status);
    assert!(leftovers(d.path()).is_empty(), "{:?}", leftovers(d.path()));
    assert_eq!(snapshot(&d.path().join("out")), before, "--out untouched");
}

#[test]
fn sigint_while_writing_leaves_no_staging_folder() {
    interrupt_while_writing("-INT", 130);
}

#[test]
fn sigterm_while_writing_leaves_no_staging_folder() {
    interrupt_while_writing("-TERM", 143);
}

#[test]
fn a_file_added_to_out_while_the_run_works_is_kept() {
    let Some(basil) = common::data_file("basil/basil.jsonl") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    assert_ok(&framelens_in(
        d.path(),
        &["-q", "compare", &seeds(), "--out", "out"],
    ));
    let child = Command::new(bin())
        .current_dir(d.path())
        .args(["-q", "compare"])
        .arg(&basil)
        .args([
            "--out",
            "out",
            "--resamples",
            "100",
            "--permutations",
            "100",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Added while the run reads and writes: its check at the start passed.
    write(&d.path().join("out/added-meanwhile.txt"), "mine");
    let before = snapshot(&d.path().join("out"));
    let o = child.wait_with_output().unwrap();
    let err = assert_one_line_error(&o);
    assert!(err.contains("added-meanwhile.txt"), "{err}");
    assert_eq!(snapshot(&d.path().join("out")), before);
    assert!(leftovers(d.path()).is_empty(), "{:?}", leftovers(d.path()));
}

// ---- folder names ---------------------------------------------------------

/// Folder names under `out` linked from the index, in link order.
fn event_folders(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "summary")
        .collect();
    v.sort();
    v
}

#[test]
fn event_ids_become_safe_unique_folder_names() {
    let d = tempfile::tempdir().unwrap();
    let chinese: String = "新闻报道事件".chars().cycle().take(86).collect();
    let long_ascii = "a".repeat(300);
    let ids = [
        "index.html",
        "index.md",
        "INDEX.HTML",
        "summary",
        "Summary",
        ".framelens-output.json",
        chinese.as_str(),
        long_ascii.as_str(),
        "Case",
        "case",
        "CON",
        "nul.txt",
        "com1",
        "trailing.",
        "trailing ",
        "..",
        ".",
        "a/b",
        "a\\b",
    ];
    let mut s = String::new();
    for (i, id) in ids.iter().enumerate() {
        for (o, verb) in [("x", "said"), ("y", "claimed")] {
            // Lines differ between events, or cleaning learns them as boilerplate.
            let rec = serde_json::json!({
                "text": format!("The minister {verb} plan {i} was sound on day {i}. Critics {verb} plan {i} was reckless."),
                "outlet": o,
                "event": id,
            });
            s.push_str(&rec.to_string());
            s.push('\n');
        }
    }
    write(&d.path().join("ids.jsonl"), s);
    let o = framelens_in(
        d.path(),
        &[
            "-q",
            "compare",
            "ids.jsonl",
            "--out",
            "out",
            "--format",
            "svg",
        ],
    );
    assert_ok(&o);
    let out = d.path().join("out");
    let folders = event_folders(&out);
    assert_eq!(
        folders.len(),
        ids.len(),
        "one folder per event: {folders:?}"
    );
    let mut lower = BTreeSet::new();
    for f in &folders {
        assert!(f.len() <= 100, "{f}: {} bytes", f.len());
        assert!(
            lower.insert(f.to_lowercase()),
            "{f} collides case-insensitively"
        );
        assert!(!f.starts_with('.'), "{f}");
        assert!(!f.ends_with('.') && !f.ends_with(' '), "{f:?}");
        let stem = f.split('.').next().unwrap().to_ascii_uppercase();
        assert!(
            !["CON", "PRN", "AUX", "NUL", "COM1", "LPT1"].contains(&stem.as_str()),
            "{f}"
        );
        assert!(out.join(f).join("report.html").exists(), "{f}");
    }
    for top in ["index.html", "index.md"] {
        assert!(out.join(top).is_file(), "{top} is the index");
    }
    assert!(out.join("summary/report.html").exists());
    // Every event folder is linked from the index.
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    for f in &folders {
        let esc = f.replace('&', "&amp;");
        assert!(
            index.contains(&format!("{esc}/report.html")),
            "{f} not linked"
        );
    }
    // The same input gives the same names.
    assert_ok(&framelens_in(
        d.path(),
        &[
            "-q",
            "compare",
            "ids.jsonl",
            "--out",
            "out",
            "--format",
            "svg",
        ],
    ));
    assert_eq!(event_folders(&out), folders);
}

// ---- file modes -------------------------------------------------------------

#[test]
fn files_and_folders_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("in.jsonl"), GOOD);
    for (umask, file_mode, dir_mode) in [("022", 0o644, 0o755), ("027", 0o640, 0o750)] {
        let o = Command::new("sh")
            .current_dir(d.path())
            .arg("-c")
            .arg(format!(
                "umask {umask} && exec \"$0\" -q compare in.jsonl --out out --format svg"
            ))
            .arg(bin())
            .output()
            .unwrap();
        assert_ok(&o);
        let mut stack: Vec<PathBuf> = vec![d.path().join("out")];
        let mut files = 0;
        while let Some(p) = stack.pop() {
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            if p.is_dir() {
                assert_eq!(mode, dir_mode, "umask {umask}: {} is {mode:o}", p.display());
                for e in std::fs::read_dir(&p).unwrap() {
                    stack.push(e.unwrap().path());
                }
            } else {
                files += 1;
                assert_eq!(
                    mode,
                    file_mode,
                    "umask {umask}: {} is {mode:o}",
                    p.display()
                );
            }
        }
        assert!(files > 5);
    }
}
