//! `framelens dtm`: Matrix Market and long CSV output, deterministic, in
//! the orders documented, with its name files.

mod common;

use common::*;
use std::path::Path;

fn run(args: &[&str]) -> std::process::Output {
    framelens_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// (rows, cols, cells) of a Matrix Market file.
fn read_mtx(text: &str) -> (usize, usize, Vec<(usize, usize, u64)>) {
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("%%MatrixMarket matrix coordinate integer general")
    );
    let mut lines = lines.skip_while(|l| l.starts_with('%'));
    let size: Vec<usize> = lines
        .next()
        .unwrap()
        .split(' ')
        .map(|x| x.parse().unwrap())
        .collect();
    let cells: Vec<(usize, usize, u64)> = lines
        .map(|l| {
            let v: Vec<&str> = l.split(' ').collect();
            (
                v[0].parse().unwrap(),
                v[1].parse().unwrap(),
                v[2].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(cells.len(), size[2]);
    (size[0], size[1], cells)
}

#[test]
fn mtx_and_csv_agree_and_follow_the_documented_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dtm");
    let seeds = seeds().display().to_string();
    let o = run(&["dtm", &seeds, "--out", out.to_str().unwrap()]);
    let err = assert_ok(&o);
    assert!(err.contains("5 rows x"), "{err}");
    let (rows, cols, cells) = read_mtx(&std::fs::read_to_string(out.join("dtm.mtx")).unwrap());
    assert_eq!(rows, 5);
    let terms: Vec<String> = std::fs::read_to_string(out.join("terms.tsv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    assert_eq!(terms.len(), cols);
    let mut sorted = terms.clone();
    sorted.sort();
    assert_eq!(terms, sorted, "terms in code point order");
    let row_file = std::fs::read_to_string(out.join("rows.tsv")).unwrap();
    let ids: Vec<&str> = row_file
        .lines()
        .skip(1)
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["000", "001", "002", "003", "004"],
        "rows in input order"
    );
    assert!(row_file.starts_with("id\toutlet\tevent\tdate\n"));
    // row-major, columns ascending within a row
    assert!(cells
        .windows(2)
        .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
    // The long CSV has the same cells.
    let o = run(&["dtm", &seeds, "--format", "csv"]);
    assert_ok(&o);
    let csv_text = stdout(&o);
    assert!(csv_text.starts_with("row,term,count\n"));
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let long: Vec<(usize, usize, u64)> = r
        .records()
        .map(|x| {
            let x = x.unwrap();
            let row = ids.iter().position(|i| *i == &x[0]).unwrap() + 1;
            let col = terms.iter().position(|t| t == &x[1]).unwrap() + 1;
            (row, col, x[2].parse().unwrap())
        })
        .collect();
    assert_eq!(long, cells);
    // Deterministic for any number of threads.
    let again = run(&["dtm", &seeds, "--format", "csv", "--jobs", "1"]);
    assert_eq!(stdout(&again), csv_text);
}

#[test]
fn by_outlet_sums_and_stop_words_drop() {
    let seeds = seeds().display().to_string();
    let o = run(&["dtm", &seeds, "--format", "csv", "--by", "outlet"]);
    assert_ok(&o);
    let by = stdout(&o);
    let o = run(&["dtm", &seeds, "--format", "csv"]);
    let docs = stdout(&o);
    let total = |t: &str| -> u64 {
        t.lines()
            .skip(1)
            .map(|l| l.rsplit(',').next().unwrap().parse::<u64>().unwrap())
            .sum()
    };
    assert_eq!(total(&by), total(&docs));
    assert!(by.lines().skip(1).all(|l| !l.starts_with("000,")));
    let o = run(&["dtm", &seeds, "--format", "csv", "--stop-words", "english"]);
    assert_ok(&o);
    let no_stop = stdout(&o);
    assert!(docs.contains(",the,") && !no_stop.contains(",the,"));
    let o = run(&[
        "dtm",
        &seeds,
        "--format",
        "csv",
        "--tokens",
        "framelens",
        "--voice",
        "quoted",
    ]);
    assert_ok(&o);
    assert!(total(&stdout(&o)) < total(&docs));
}

#[test]
fn dtm_errors_are_one_line() {
    let seeds = seeds().display().to_string();
    let o = run(&["dtm", &seeds]);
    assert_error_naming(&o, "--out DIR");
    let o = run(&["dtm", &seeds, "--format", "csv", "--voice", "own"]);
    assert_error_naming(&o, "--tokens framelens");
    let o = run(&["dtm", &seeds, "--format", "csv", "--by", "lean"]);
    assert_error_naming(&o, "no document has a field \"lean\"");
    let o = run(&["dtm", &seeds, "--format", "csv", "--min-df", "99"]);
    assert_error_naming(&o, "min_df");
    let o = run(&["dtm", &seeds, "--format", "csv", "--stop-words", "klingon"]);
    assert_error_naming(&o, "--stop-words");
}
