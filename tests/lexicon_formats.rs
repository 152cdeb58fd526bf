//! Lexicon files through the command line: every format loads, and a
//! malformed file is reported as `error: FILE:LINE: ...` with a non-zero exit.

use std::process::Command;

fn framelens(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(args)
        .output()
        .expect("run framelens")
}

#[test]
fn each_format_loads_and_malformed_files_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let toml = p("mine.toml", "name = \"mine\"\n[[categories]]\nname = \"labels\"\nprovenance = \"ours\"\nentries = [\"thug\", \"war criminal\", \"stem:claim\", \"assassin*\"]\n");
    let dic = p(
        "liwc.dic",
        "%\r1\tneg\r2 anger 1\r%\rabandon*\t1\rhit back 2\r",
    );
    let words = p("words.txt", "# comment\nthug\nregime\n");
    let vader = p(
        "vader.txt",
        "good\t1.9\t0.9\t[2, 2]\nbad\t-2.5\t0.5\t[-2]\n",
    );
    for spec in [
        format!("toml={toml}"),
        format!("dic={dic}"),
        format!("words={words}"),
        format!("vader={vader}"),
    ] {
        let out = framelens(&["lexicons", "--lexicon", &spec]);
        assert!(
            out.status.success(),
            "{spec}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = framelens(&["lexicons", "--lexicon", &format!("dic={dic}")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("anger < neg: 1 entries"), "{text}");

    let bad_dic = p("bad.dic", "%\n1\tneg\n%\nfine\t1\nworse\t9\n");
    let out = framelens(&["lexicons", "--lexicon", &format!("dic={bad_dic}")]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        format!("error: {bad_dic}:5: category id 9 is not in the header")
    );

    let bad_toml = p(
        "bad.toml",
        "name = \"x\"\n[[categories]]\nname = \"a\"\nentries = [\"x\"]\nprovenance = 5\n",
    );
    let out = framelens(&["lexicons", "--lexicon", &format!("toml={bad_toml}")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with(&format!("error: {bad_toml}:5: ")), "{err}");

    let bad_vader = p("bad_vader.txt", "good\t1.9\nbad\tnope\n");
    let out = framelens(&["lexicons", "--lexicon", &format!("vader={bad_vader}")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with(&format!("error: {bad_vader}:2: ")), "{err}");
}

#[test]
fn builtins_are_listed_with_provenance() {
    let out = framelens(&["lexicons"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "attribution",
        "doubting",
        "hostile",
        "hedges",
        "factive",
        "assertive",
        "concept/one-who-kills",
        "killer=1 killers=1 murderer=2",
        "provenance: ",
    ] {
        assert!(text.contains(needle), "missing {needle}");
    }
}
