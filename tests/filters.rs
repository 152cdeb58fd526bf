//! `--where`, `--since` / `--until` and `--events` on every command family
//! that reads a corpus, their errors, and what they report.

mod common;

use common::*;
use std::path::Path;

fn seeds_arg() -> String {
    seeds().display().to_string()
}

fn run(args: &[&str]) -> std::process::Output {
    framelens_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Column `col` of a CSV output, every row.
fn column(csv_text: &str, col: &str) -> Vec<String> {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let i = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == col)
        .unwrap_or_else(|| panic!("no column {col} in {csv_text:.200}"));
    r.records().map(|x| x.unwrap()[i].to_string()).collect()
}

#[test]
fn freq_kwic_score_dtm_keep_only_the_outlet_asked_for() {
    let s = seeds_arg();
    let cases: [(&[&str], &str); 4] = [
        (&["freq", &s, "--by", "outlet"], "group"),
        (&["kwic", &s, "killer"], "outlet"),
        (&["score", &s, "--unit", "document"], "outlet"),
        (&["dtm", &s, "--format", "csv", "--by", "outlet"], "row"),
    ];
    for (args, col) in cases {
        let all = run(args);
        assert_ok(&all);
        let mut with = args.to_vec();
        with.extend(["--where", "outlet=rt"]);
        let o = run(&with);
        let err = assert_ok(&o);
        let values = column(&stdout(&o), col);
        assert!(!values.is_empty(), "{args:?}");
        assert!(values.iter().all(|v| v == "rt"), "{args:?}: {values:?}");
        assert!(
            column(&stdout(&all), col).iter().any(|v| v != "rt"),
            "{args:?}: the unfiltered run has other outlets"
        );
        assert!(err.contains("kept 1 of 5 documents"), "{args:?}: {err}");
    }
}

#[test]
fn keyness_tfidf_clean_see_only_the_kept_documents() {
    let s = seeds_arg();
    // keyness against one reference outlet left by `!=`
    let o = run(&[
        "keyness",
        &s,
        "--target",
        "rt",
        "--where",
        "outlet!=tva",
        "--where",
        "outlet!=dach",
        "--where",
        "outlet!=ani",
    ]);
    let err = assert_ok(&o);
    assert!(err.contains("kept 2 of 5"), "{err}");
    let two = stdout(&o);
    let o = run(&["keyness", &s, "--target", "rt", "--reference", "yahoo-uk"]);
    assert_eq!(stdout(&o), two, "keyness over rt and yahoo-uk only");
    // tfidf: rows are the kept documents
    let o = run(&["tfidf", &s, "--where", "outlet=rt", "--where", "outlet=ani"]);
    assert_ok(&o);
    let mut docs = column(&stdout(&o), "doc");
    docs.dedup();
    assert_eq!(docs, ["002", "003"]);
    // clean prints the kept documents only
    let o = run(&["clean", &s, "--where", "id=003"]);
    assert_ok(&o);
    let text = stdout(&o);
    assert_eq!(text.matches("=== ").count(), 1, "{text:.300}");
    assert!(text.starts_with("=== 003 |"), "{text:.100}");
}

#[test]
fn compare_filters_and_records_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&[
        "compare",
        &seeds_arg(),
        "--out",
        out.to_str().unwrap(),
        "--where",
        "outlet!=yahoo-uk",
        "--events",
        "biden-putin-killer-2021-03",
        "--format",
        "svg",
        "--resamples",
        "50",
    ]);
    let err = assert_ok(&o);
    assert!(err.contains("4 document(s), 4 outlet(s)"), "{err}");
    assert!(err.contains("kept 4 of 5 documents"), "{err}");
    let marker = std::fs::read_to_string(out.join(".framelens-output.json")).unwrap();
    assert!(marker.contains("--where outlet!=yahoo-uk"), "{marker}");
    let report =
        std::fs::read_to_string(out.join("biden-putin-killer-2021-03/report.json")).unwrap();
    let mut tables: serde_json::Value = serde_json::from_str(&report).unwrap();
    // Only the filter's own description names it.
    tables.as_object_mut().unwrap().remove("filter");
    assert!(
        !tables.to_string().contains("yahoo-uk"),
        "the left-out outlet is in no table"
    );
    let index = std::fs::read_to_string(out.join("index.md")).unwrap();
    assert!(index.contains("kept 4 of 5 documents"), "{index:.2000}");
    // report.json and the page say what the filter kept.
    let json: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(json["filter"]["documents_read"], 5);
    assert_eq!(json["filter"]["documents_kept"], 4);
    assert_eq!(json["filter"]["left_out_where"], 1);
    let page = std::fs::read_to_string(out.join("biden-putin-killer-2021-03/report.md")).unwrap();
    assert!(
        page.contains("a selection of the input") && page.contains("kept 4 of 5 documents"),
        "{page:.3000}"
    );
}

/// Without a filter report.json has no `filter`; with one, the corpus
/// summary (full run and `--summary-only`) records the counts it kept.
#[test]
fn the_summary_records_what_the_filter_kept() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    assert_ok(&run(&[
        "compare",
        &seeds_arg(),
        "--out",
        plain.to_str().unwrap(),
        "--format",
        "svg",
        "--resamples",
        "50",
    ]));
    let report =
        std::fs::read_to_string(plain.join("biden-putin-killer-2021-03/report.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert!(json.get("filter").is_none(), "no filter, no field");
    let Some(basil) = data_file("basil/basil.jsonl") else {
        return;
    };
    let b = basil.display().to_string();
    for extra in [&[][..], &["--summary-only"][..]] {
        let out = dir.path().join(format!("basil{}", extra.len()));
        let mut args = vec![
            "compare",
            &b,
            "--out",
            out.to_str().unwrap(),
            "--where",
            "source=fox",
            "--where",
            "source=nyt",
            "--format",
            "svg",
            "--resamples",
            "50",
            "--permutations",
            "50",
        ];
        args.extend_from_slice(extra);
        let err = assert_ok(&run(&args));
        assert!(err.contains("kept 200 of 300 documents"), "{err}");
        let s: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out.join("summary/report.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(s["filter"]["documents_read"], 300, "{extra:?}");
        assert_eq!(s["filter"]["documents_kept"], 200, "{extra:?}");
        assert_eq!(s["filter"]["left_out_where"], 100, "{extra:?}");
        assert_eq!(s["documents"], 200, "{extra:?}");
        let page = std::fs::read_to_string(out.join("summary/report.md")).unwrap();
        assert!(
            page.contains("kept 200 of 300 documents"),
            "{extra:?}: {page:.1500}"
        );
        let index = std::fs::read_to_string(out.join("index.md")).unwrap();
        assert!(
            index.contains("kept 200 of 300 documents"),
            "{extra:?}: {index:.1500}"
        );
    }
}

#[test]
fn dates_on_basil_and_the_fast_path() {
    let Some(basil) = data_file("basil/basil.jsonl") else {
        return;
    };
    let b = basil.display().to_string();
    // The reference: dates and outlets of BASIL as written.
    let text = std::fs::read_to_string(&basil).unwrap();
    let mut expect = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let date = v["date"].as_str().unwrap_or("");
        if v["outlet_code"] == "fox" && date >= "2015-01-01" {
            expect += 1;
        }
    }
    assert!(expect > 10 && expect < 100, "{expect}");
    let o = run(&[
        "freq",
        &b,
        "--where",
        "source=fox",
        "--since",
        "2015-01-01",
        "--by",
        "outlet",
    ]);
    let err = assert_ok(&o);
    assert!(
        err.contains(&format!("kept {expect} of 300 documents")),
        "{err}"
    );
    // tfidf's streamed summary reads fields when filtering
    let o = run(&[
        "tfidf",
        &b,
        "--no-clean",
        "--format",
        "summary",
        "--where",
        "source=fox",
        "--since",
        "2015-01-01",
    ]);
    assert_ok(&o);
    let s: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(s["n_docs"], expect);
    let o = run(&[
        "tfidf",
        &b,
        "--no-clean",
        "--format",
        "summary",
        "--until",
        "2009-12-31",
    ]);
    assert_error_naming(&o, "keeps none of the 300 documents");
}

#[test]
fn undated_documents_are_left_out_with_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.jsonl");
    std::fs::write(
        &p,
        concat!(
            r#"{"id":"a","outlet":"x","date":"2020-01-02","text":"one two"}"#,
            "\n",
            r#"{"id":"b","outlet":"y","text":"three four"}"#,
            "\n",
            r#"{"id":"c","outlet":"y","date":"1/2/20","text":"five six"}"#,
            "\n",
            r#"{"id":"d","outlet":"y","date":"2020-03-04T10:00:00Z","text":"seven"}"#,
            "\n",
        ),
    )
    .unwrap();
    let o = run(&[
        "dtm",
        p.to_str().unwrap(),
        "--format",
        "csv",
        "--since",
        "2020-01-01",
    ]);
    let err = assert_ok(&o);
    assert_eq!(column(&stdout(&o), "row"), ["a", "a", "d"]);
    assert!(err.contains("kept 2 of 4"), "{err}");
    assert!(
        err.contains("left out 2 document(s) 1 without a date and 1 with a date not written YYYY-MM-DD, such as \"1/2/20\""),
        "{err}"
    );
}

#[test]
fn bad_filters_are_one_line_errors_and_write_nothing() {
    let s = seeds_arg();
    let o = run(&["freq", &s, "--where", "lean_x=left"]);
    let err = assert_error_naming(&o, "no document has a field \"lean_x\"");
    assert!(
        err.contains("outlet") && err.contains("wire"),
        "lists the fields: {err}"
    );
    let o = run(&["score", &s, "--since", "2015-13-01"]);
    let err = assert_error_naming(&o, "\"2015-13-01\"");
    assert!(
        err.contains("--since") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
    let o = run(&["kwic", &s, "x", "--until", "yesterday"]);
    assert_error_naming(&o, "--until");
    let o = run(&["freq", &s, "--where", "outlet"]);
    assert_error_naming(&o, "FIELD=VALUE");
    let o = run(&["freq", &s, "--events", "@/nonexistent/events.txt"]);
    assert_error_naming(&o, "/nonexistent/events.txt");
    // A filter that keeps nothing: a clear error, and no output written.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&[
        "compare",
        &s,
        "--out",
        out.to_str().unwrap(),
        "--where",
        "outlet=cnn",
    ]);
    let err = assert_error_naming(&o, "keeps none of the 5 documents");
    assert!(
        err.contains("values of outlet: ani, dach, rt, tva, yahoo-uk"),
        "{err}"
    );
    assert!(!out.exists());
    let o = run(&[
        "dtm",
        &s,
        "--out",
        out.to_str().unwrap(),
        "--events",
        "nope",
    ]);
    assert_error_naming(&o, "keeps none");
    assert!(!out.exists());
    let o = run(&["tfidf", &s, "--since", "2022-01-01"]);
    assert_error_naming(&o, "keeps none");
    assert!(stdout(&o).is_empty());
}

#[test]
fn events_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("events.txt");
    std::fs::write(&f, "# the seed event\nbiden-putin-killer-2021-03\n").unwrap();
    let arg = format!("@{}", f.display());
    let o = run(&[
        "freq",
        &seeds_arg(),
        "--events",
        &arg,
        "--by",
        "event",
        "--top",
        "1",
    ]);
    let err = assert_ok(&o);
    assert!(err.contains("kept 5 of 5"), "{err}");
}
