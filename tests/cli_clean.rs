//! `framelens clean` on the command line.

mod common;

use std::process::{Command, Output};

fn framelens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn text_output_has_a_header_per_document_and_no_junk() {
    let seeds = common::seeds();
    let o = framelens(&["clean", seeds.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let headers: Vec<&str> = out.lines().filter(|l| l.starts_with("=== ")).collect();
    assert_eq!(headers.len(), 5);
    assert_eq!(
        headers[3],
        "=== 003 | RT (rt) | event biden-putin-killer-2021-03 | 5 removals"
    );
    for junk in [
        "[ad_1]",
        "Oops!",
        "Also on rt.com",
        "Photo of author",
        "icon bookmark",
    ] {
        assert!(!out.contains(junk), "{junk}");
    }
    assert!(out.contains("\"It takes one to know one,\" he added."));
}

#[test]
fn json_output_lists_removals_with_rule_and_reason() {
    let seeds = common::seeds();
    let o = framelens(&["clean", seeds.to_str().unwrap(), "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let docs = v.as_array().unwrap();
    assert_eq!(docs.len(), 5);
    let rt = &docs[3];
    assert_eq!(rt["id"], "003");
    assert_eq!(rt["outlet"], "rt");
    let removed = rt["removed"].as_array().unwrap();
    assert_eq!(removed[0]["rule"], "icon-font");
    assert_eq!(removed[0]["line"], 1);
    assert!(removed[0]["reason"].as_str().unwrap().contains("icon-font"));
    assert!(removed.iter().any(|r| r["rule"] == "repeated-title"));
    assert!(rt["text"].as_str().unwrap().contains("Dmitry Peskov said"));
}

#[test]
fn no_clean_prints_text_as_given() {
    let seeds = common::seeds();
    let o = framelens(&[
        "clean",
        seeds.to_str().unwrap(),
        "--no-clean",
        "--format",
        "jsonl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let first: serde_json::Value =
        serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    let raw = std::fs::read_to_string(seeds.join("000_7aaa2d74777ee5f3.txt")).unwrap();
    assert_eq!(first["text"], raw.as_str());
    assert_eq!(first["removed"].as_array().unwrap().len(), 0);
}

#[test]
fn bad_line_is_a_one_line_error_and_lenient_skips_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.jsonl");
    std::fs::write(&p, "{\"text\": \"a\", \"outlet\": \"o\"}\n{\"text\": \"b\n{\"text\": \"c\", \"outlet\": \"o\"}\n").unwrap();
    let o = framelens(&["clean", p.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!("error: {}:2: invalid JSON", p.display())),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    assert!(!err.contains("panicked"));

    let o = framelens(&["clean", p.to_str().unwrap(), "--lenient"]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o).lines().filter(|l| l.starts_with("=== ")).count(),
        2
    );
    let err = stderr(&o);
    assert!(err.starts_with("warning: skipped 1 bad record: "), "{err}");
    assert!(err.contains("c.jsonl:2:"), "{err}");
}

#[test]
fn missing_input_and_bad_rules_are_errors() {
    let o = framelens(&["clean", "/nonexistent/x.jsonl"]);
    assert!(!o.status.success());
    assert!(stderr(&o).starts_with("error: /nonexistent/x.jsonl"));

    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("r.toml");
    std::fs::write(
        &rules,
        "[[rule]]\nid = \"x\"\nkind = \"nope\"\npattern = \"a\"\nreason = \"b\"\n",
    )
    .unwrap();
    let seeds = common::seeds();
    let o = framelens(&[
        "clean",
        seeds.to_str().unwrap(),
        "--rules",
        rules.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).starts_with(&format!("error: {}:3: unknown variant", rules.display())));
}

#[test]
fn help_says_what_it_does_with_an_example() {
    let o = framelens(&["clean", "--help"]);
    let out = stdout(&o);
    assert!(out.contains("boilerplate"));
    assert!(out.contains("framelens clean seeds --format json"));
}
