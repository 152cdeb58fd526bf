//! Readers: the seeds folder, BASIL, and bad inputs of every kind.

mod common;

use framelens::corpus::{read_corpus, stream_jsonl, Format, ReadOptions, NO_EVENT};
use std::path::{Path, PathBuf};

const STRICT: ReadOptions = ReadOptions {
    lenient: false,
    allow_outside_files: false,
    filter: framelens::corpus::Filter::NONE,
};
const LENIENT: ReadOptions = ReadOptions {
    lenient: true,
    allow_outside_files: false,
    filter: framelens::corpus::Filter::NONE,
};

/// Write `bytes` to `name` in a fresh temporary folder.
fn file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn err(path: &Path, opts: ReadOptions) -> String {
    read_corpus(path, &opts).unwrap_err().to_string()
}

#[test]
fn seeds_folder_reads_five_documents_of_one_event() {
    let c = read_corpus(&common::seeds(), &STRICT).unwrap();
    assert_eq!(c.documents.len(), 5);
    assert_eq!(c.outlets(), vec!["ani", "dach", "rt", "tva", "yahoo-uk"]);
    assert_eq!(c.events(), vec!["biden-putin-killer-2021-03"]);
    let ids: Vec<&str> = c.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, vec!["000", "001", "002", "003", "004"]);
    let rt = &c.documents[3];
    assert_eq!(rt.outlet_label(), "RT");
    assert_eq!(rt.date.as_deref(), Some("2021-03-18"));
    assert_eq!(rt.language.as_deref(), Some("en"));
    assert!(rt.text.starts_with("icon bookmark-bicon"));
    assert!(rt.source.ends_with("003_b87d375cfe670550.txt"));
    // Each manifest title is a line of its text.
    for d in &c.documents {
        let title = d.title.as_deref().unwrap();
        assert!(d.text.lines().any(|l| l.trim() == title), "{}", d.id);
    }
    // Text is exactly the file (seeds have no BOM and no CR).
    let raw = std::fs::read_to_string(common::seeds().join("004_7b60fd7bffcfc5ec.txt")).unwrap();
    assert_eq!(c.documents[4].text, raw);
}

#[test]
fn basil_reads_300_documents_100_events_3_outlets() {
    let Some(path) = common::data_file("basil/basil.jsonl") else {
        return;
    };
    let c = read_corpus(&path, &STRICT).unwrap();
    assert_eq!(c.documents.len(), 300);
    assert_eq!(c.events().len(), 100);
    assert_eq!(c.outlets(), vec!["fox", "hpo", "nyt"]);
    let names = c.outlet_names();
    assert_eq!(names["nyt"], "New York Times");
    let first = &c.documents[0];
    assert_eq!(first.id, "basil:1");
    assert!(first.labels.contains_key("spans"), "labels object lifted");
    assert!(first.labels.contains_key("meta"));
    assert_eq!(first.source, format!("{}:1", path.display()));
    assert!(c.by_event().values().all(|docs| docs.len() == 3));
}

#[test]
fn abp_null_events_are_one_ungrouped_event() {
    let Some(path) = common::data_file("abp/abp_sample_3000.jsonl") else {
        return;
    };
    let c = read_corpus(&path, &STRICT).unwrap();
    assert_eq!(c.documents.len(), 3000);
    assert_eq!(c.events(), vec![NO_EVENT.to_string()]);
    assert!(c.documents[0].labels.contains_key("bias"));
    assert!(c.outlets().len() > 3);
}

#[test]
fn streaming_jsonl_yields_the_same_documents() {
    let Some(path) = common::data_file("basil/basil.jsonl") else {
        return;
    };
    let streamed: Vec<_> = stream_jsonl(&path, &STRICT)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let read = read_corpus(&path, &STRICT).unwrap().documents;
    assert_eq!(streamed, read);
}

#[test]
fn format_is_chosen_by_path() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(Format::of(dir.path()).unwrap(), Format::Folder);
    let j = file(&dir, "a.ndjson", b"");
    assert_eq!(Format::of(&j).unwrap(), Format::Jsonl);
    let m = file(&dir, "manifest.csv", b"");
    assert_eq!(Format::of(&m).unwrap(), Format::Folder);
    let t = file(&dir, "a.txt", b"x");
    assert!(err(&t, STRICT).contains("unknown input format"));
    let missing = dir.path().join("nope.jsonl");
    assert!(err(&missing, STRICT).contains("nope.jsonl"));
}

#[test]
fn truncated_jsonl_line_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = file(
        &dir,
        "c.jsonl",
        b"{\"text\": \"a\", \"outlet\": \"x\"}\n\n{\"text\": \"b\", \"outl",
    );
    let e = err(&p, STRICT);
    assert!(
        e.starts_with(&format!("{}:3: invalid JSON at column", p.display())),
        "{e}"
    );
}

#[test]
fn jsonl_bad_records_each_name_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[u8], &str)] = &[
        (b"[1, 2]", ":1: expected a JSON object, found an array"),
        (
            b"{\"outlet\": \"a\"}",
            ":1: missing field `text` (or `content`)",
        ),
        (
            b"{\"text\": \"a\", \"outlet\": 5}",
            ":1: field `outlet` must be a string, found a number",
        ),
        (
            b"{\"text\": \"a\", \"id\": \"x\", \"outlet\": \"o\"}\n{\"text\": \"b\", \"id\": \"x\", \"outlet\": \"o\"}",
            ":2: duplicate id `x` (first on line 1)",
        ),
        (
            b"{\"text\": \"a\", \"outlet\": \"o\"}\n{\"text\": \"\xff\"}",
            ":2: invalid UTF-8",
        ),
        (
            b"{\"text\": \"a\"}",
            ":1: missing field `outlet` (or `source`, `outlet_code`)",
        ),
        (b"{\"text\": \"a\", \"outlet\": \"o\"}\n\x00\x01\x02", ":2: binary data"),
    ];
    for (i, (bytes, want)) in cases.iter().enumerate() {
        let p = file(&dir, &format!("c{i}.jsonl"), bytes);
        let e = err(&p, STRICT);
        assert!(e.contains(want), "case {i}: {e}");
        assert!(e.starts_with(&p.display().to_string()), "case {i}: {e}");
    }
}

#[test]
fn empty_and_blank_inputs_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("e.jsonl", &b""[..]),
        ("w.jsonl", b"  \n\n\t\n"),
        ("e.csv", b""),
        ("h.csv", b"id,text\n"),
    ] {
        let p = file(&dir, name, bytes);
        let e = err(&p, STRICT);
        assert!(e.starts_with(&p.display().to_string()), "{e}");
        assert!(e.contains("no documents"), "{e}");
    }
}

#[test]
fn boms_and_line_ends_are_handled() {
    let dir = tempfile::tempdir().unwrap();
    let p = file(
        &dir,
        "bom.jsonl",
        b"\xEF\xBB\xBF{\"text\": \"a\\r\\nb\\rc\", \"outlet\": \"o\"}\r\n{\"text\": \"d\", \"source\": \"s\"}\r\n",
    );
    let c = read_corpus(&p, &STRICT).unwrap();
    assert_eq!(c.documents.len(), 2);
    assert_eq!(c.documents[0].text, "a\nb\nc");
    assert_eq!(c.documents[1].outlet, "s");

    let utf16: Vec<u8> = b"\xFF\xFE"
        .iter()
        .copied()
        .chain(
            "{\"text\": \"\u{e9}t\u{e9}\", \"outlet\": \"o\"}\n"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        )
        .collect();
    let p = file(&dir, "u16.jsonl", &utf16);
    assert_eq!(
        read_corpus(&p, &STRICT).unwrap().documents[0].text,
        "\u{e9}t\u{e9}"
    );

    let csv = file(
        &dir,
        "bom.csv",
        b"\xEF\xBB\xBFid,outlet,text\r\n1,o,\"two\r\nlines\"\r\n2,o,x\r\n",
    );
    let c = read_corpus(&csv, &STRICT).unwrap();
    assert_eq!(c.documents[0].id, "1");
    assert_eq!(c.documents[0].text, "two\nlines");
    assert_eq!(c.documents[1].source, format!("{}:4", csv.display()));
}

#[test]
fn csv_rows_map_fields_and_keep_labels() {
    let dir = tempfile::tempdir().unwrap();
    let p = file(
        &dir,
        "c.csv",
        b"event,source,title,content,bias\ne1,rt,T,body,right\ne1,bbc,,b2,left\n",
    );
    let c = read_corpus(&p, &STRICT).unwrap();
    let d = &c.documents[0];
    assert_eq!((d.id.as_str(), d.outlet.as_str()), ("c:2", "rt"));
    assert_eq!(d.title.as_deref(), Some("T"));
    assert_eq!(d.labels["bias"], serde_json::json!("right"));
    assert_eq!(c.documents[1].title, None);
}

#[test]
fn csv_ragged_rows_and_missing_text_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = file(&dir, "r.csv", b"outlet,text\na,x\nb,y,extra\nc,z\n");
    let e = err(&p, STRICT);
    assert!(e.ends_with(":3: row has 3 cells, the header has 2"), "{e}");
    let c = read_corpus(&p, &LENIENT).unwrap();
    assert_eq!(c.documents.len(), 2);
    assert_eq!(c.skipped_count, 1);
    assert_eq!(c.skipped[0].location.line, Some(3));

    // Line numbers count line breaks inside quoted cells and CR-only ends.
    let p = file(&dir, "q.csv", b"outlet,text\ra,\"x\ry\"\r\rb,y,extra\r");
    assert!(err(&p, STRICT).contains("q.csv:5: row has 3 cells"));

    let p = file(&dir, "n.csv", b"outlet,body\na,x\n");
    assert!(err(&p, LENIENT).ends_with(":1: the header has no `text` (or `content`) column"));
}

#[test]
fn lenient_mode_skips_bad_jsonl_records_and_reports_them() {
    let dir = tempfile::tempdir().unwrap();
    let p = file(
        &dir,
        "l.jsonl",
        b"{\"text\": \"a\", \"outlet\": \"o\"}\n{\"text\": \nnot json\n{\"text\": \"b\", \"outlet\": \"o\"}\n[]\n",
    );
    let c = read_corpus(&p, &LENIENT).unwrap();
    assert_eq!(c.documents.len(), 2);
    assert_eq!(c.skipped_count, 3);
    let lines: Vec<_> = c.skipped.iter().map(|s| s.location.line).collect();
    assert_eq!(lines, vec![Some(2), Some(3), Some(5)]);
    let summary = c.skipped_summary().unwrap();
    assert!(summary.starts_with("skipped 3 bad records: "), "{summary}");
    assert!(summary.contains("l.jsonl:2: invalid JSON"), "{summary}");

    let all_bad = file(&dir, "b.jsonl", b"x\ny\n");
    let e = err(&all_bad, LENIENT);
    assert!(e.contains("no documents (skipped 2 bad records"), "{e}");
}

/// A folder with a manifest and text files.
fn folder(manifest_name: &str, manifest: &str, files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(manifest_name), manifest).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

#[test]
fn manifest_text_files_are_decoded_and_normalised() {
    let m = "[[document]]\nfile = \"a.txt\"\noutlet = \"x\"\ndate = 2021-03-18\n\n\
             [[document]]\nfile = \"b.txt\"\noutlet = \"y\"\nevent = \"e\"\n";
    let dir = folder(
        "manifest.toml",
        m,
        &[
            ("a.txt", b"\xEF\xBB\xBFone\rtwo\r"),
            ("b.txt", b"three\r\nfour"),
        ],
    );
    let c = read_corpus(dir.path(), &STRICT).unwrap();
    assert_eq!(c.documents[0].text, "one\ntwo\n");
    assert_eq!(c.documents[0].id, "a");
    assert_eq!(c.documents[0].date.as_deref(), Some("2021-03-18"));
    assert_eq!(c.documents[0].event, NO_EVENT);
    assert_eq!(c.documents[1].text, "three\nfour");
    // The manifest file itself is accepted as the input too.
    let again = read_corpus(&dir.path().join("manifest.toml"), &STRICT).unwrap();
    assert_eq!(again.documents, c.documents);
}

#[test]
fn manifest_errors_name_the_manifest_line() {
    let cases: &[(&str, &str)] = &[
        (
            "[[document]]\nfile = \"a.txt\"\noutlet = \"x\"\n\n[[document]]\nfile = \"gone.txt\"\noutlet = \"y\"\n",
            ":5: file `gone.txt` not found",
        ),
        (
            "[[document]]\nfile = \"a.txt\"\noutlet = \"x\"\nid = \"d\"\n[[document]]\nfile = \"b.txt\"\noutlet = \"x\"\nid = \"d\"\n",
            ":5: duplicate id `d` (first on line 1)",
        ),
        (
            "[[document]]\nfile = \"a.txt\"\noutlet = \"x\"\noutlt = \"typo\"\n",
            ":4: unknown field `outlt`",
        ),
        ("[[document]]\nfile = \"a.txt\"\n", "missing field `outlet`"),
        ("", "manifest names no documents"),
    ];
    for (i, (m, want)) in cases.iter().enumerate() {
        let dir = folder("manifest.toml", m, &[("a.txt", b"A"), ("b.txt", b"B")]);
        let e = err(dir.path(), STRICT);
        assert!(e.contains("manifest.toml"), "case {i}: {e}");
        assert!(e.contains(want), "case {i}: {e}");
    }
}

#[test]
fn folder_without_manifest_and_bad_text_files() {
    let dir = tempfile::tempdir().unwrap();
    assert!(err(dir.path(), STRICT).contains("no manifest.toml or manifest.csv"));

    let m = "[[document]]\nfile = \"a.txt\"\noutlet = \"x\"\n[[document]]\nfile = \"b.txt\"\noutlet = \"y\"\n";
    let dir = folder(
        "manifest.toml",
        m,
        &[("a.txt", b"ok\nbad \xC0\n"), ("b.txt", b"fine")],
    );
    let e = err(dir.path(), STRICT);
    assert!(e.contains("a.txt:2: invalid UTF-8"), "{e}");
    let c = read_corpus(dir.path(), &LENIENT).unwrap();
    assert_eq!(c.documents.len(), 1);
    assert_eq!(c.skipped_count, 1);
}

#[test]
fn csv_manifest_with_labels() {
    let m = "file,id,outlet,outlet_name,event,label.lean\na.txt,1,x,X Daily,e,left\nb.txt,2,y,,e,right\n";
    let dir = folder("manifest.csv", m, &[("a.txt", b"A"), ("b.txt", b"B")]);
    let c = read_corpus(dir.path(), &STRICT).unwrap();
    assert_eq!(c.documents[0].outlet_label(), "X Daily");
    assert_eq!(c.documents[1].outlet_label(), "y");
    assert_eq!(c.documents[1].labels["lean"], serde_json::json!("right"));

    let bad = folder(
        "manifest.csv",
        "file,outlet,colour\na.txt,x,red\n",
        &[("a.txt", b"A")],
    );
    assert!(err(bad.path(), STRICT).contains(":1: unknown column `colour`"));
}

/// Peak resident memory of this process, in bytes (Linux).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// A 250 MB JSONL (ABP replicated) streams in little memory and reads
/// into documents held once. Slow to set up: `cargo test -- --ignored`.
#[test]
#[ignore]
fn big_jsonl_streams_and_reads_with_one_copy() {
    let Some(abp) = common::data_file("abp/abp_sample_3000.jsonl") else {
        return;
    };
    let sample = std::fs::read(&abp).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.jsonl");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        let mut written = 0;
        while written < 250_000_000 {
            f.write_all(&sample).unwrap();
            written += sample.len();
        }
    }
    let size = std::fs::metadata(&big).unwrap().len();
    drop(sample);
    let before = peak_rss().unwrap_or(0);
    let mut n = 0;
    let mut bytes = 0;
    for doc in stream_jsonl(&big, &STRICT).unwrap() {
        let doc = doc.unwrap();
        n += 1;
        bytes += doc.text.len();
    }
    let streamed_peak = peak_rss().unwrap_or(0);
    eprintln!(
        "{size} bytes, {n} docs, {bytes} text bytes; peak RSS before {before}, after streaming {streamed_peak}"
    );
    assert!(
        streamed_peak < before + 64_000_000,
        "streaming must not grow with the file"
    );
    let corpus = read_corpus(&big, &STRICT).unwrap();
    assert_eq!(corpus.documents.len(), n);
    let read_peak = peak_rss().unwrap_or(0);
    eprintln!("peak RSS after read_corpus {read_peak}");
    assert!(
        read_peak < before + size + size / 4,
        "documents held once, not twice"
    );
}
