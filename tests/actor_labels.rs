//! Actor labels through the command line, on news-like text: each kind of
//! label, quoted copulas with their speaker, labels kept off the wrong
//! name, the CSV rows, the findings, and the seeds keeping theirs.

mod common;

use serde_json::Value;
use std::path::Path;

/// Write `docs` (event, outlet, text) as JSONL, run `compare`, and return
/// the report folder.
fn compare(dir: &Path, docs: &[(&str, &str, &str)]) -> std::path::PathBuf {
    let mut lines = String::new();
    for (i, (event, outlet, text)) in docs.iter().enumerate() {
        let row = serde_json::json!({
            "id": format!("d{i}"),
            "event_id": event,
            "outlet": outlet,
            "title": format!("{outlet} on {event}"),
            "text": text,
        });
        lines.push_str(&row.to_string());
        lines.push('\n');
    }
    let input = dir.join("in.jsonl");
    std::fs::write(&input, lines).unwrap();
    let out = dir.join("out");
    let o = common::framelens_in(
        dir,
        &[
            "compare",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "svg",
            "--quiet",
        ],
    );
    assert!(
        o.status.success(),
        "compare failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

fn report(out: &Path, event: &str) -> Value {
    serde_json::from_slice(&std::fs::read(out.join(event).join("report.json")).unwrap()).unwrap()
}

/// (actor, outlet, label, kind, voice, speaker, count, loaded) of every row.
type Row = (String, String, String, String, String, String, u64, bool);

fn rows(r: &Value) -> Vec<Row> {
    r["actor_labels"]["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["actor"].as_str().unwrap().to_string(),
                l["outlet"].as_str().unwrap().to_string(),
                l["label"].as_str().unwrap().to_string(),
                l["kind"].as_str().unwrap().to_string(),
                l["voice"].as_str().unwrap().to_string(),
                l["speaker"].as_str().unwrap_or("").to_string(),
                l["count"].as_u64().unwrap(),
                l["loaded"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn has(rows: &[Row], outlet: &str, label: &str, kind: &str) -> Option<Row> {
    rows.iter()
        .find(|r| r.1 == outlet && r.2 == label && r.3 == kind)
        .cloned()
}

const KIM: &[(&str, &str, &str)] = &[
    (
        "missile",
        "fox",
        "North Korean dictator Kim Jong Un launched another missile on Tuesday, defying the United Nations. Kim, the reclusive leader, did not comment on the launch. Critics in Seoul said Kim is a dangerous man. Kim is a ruthless man. President Trump said he would respond. The dictator Kim Jong Un has ignored every warning.",
    ),
    (
        "missile",
        "nyt",
        "Mr. Kim launched another missile on Tuesday, officials in Seoul said. Mr. Kim, who has defied sanctions for years, did not comment on the launch. President Trump said he would respond. Mr. Trump spoke from the White House on Tuesday evening.",
    ),
    (
        "missile",
        "hpo",
        "North Korean leader Kim Jong Un launched another missile on Tuesday. The North Korean leader did not comment on the launch. Trump said he would respond. Kim has ignored warnings from Washington.",
    ),
];

#[test]
fn each_kind_of_label_is_found_and_graded() {
    let tmp = tempfile::tempdir().unwrap();
    let out = compare(tmp.path(), KIM);
    let r = report(&out, "missile");
    let rows = rows(&r);
    let premod = has(&rows, "fox", "North Korean dictator", "premodifier")
        .unwrap_or_else(|| panic!("premodifier missing: {rows:#?}"));
    assert!(premod.7, "dictator is loaded: {premod:?}");
    assert_eq!(premod.4, "own");
    let graded = r["actor_labels"]["labels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["label"] == "North Korean dictator")
        .unwrap();
    assert!(
        graded["grade"]
            .as_str()
            .unwrap()
            .contains("loaded/person_labels (dictator)"),
        "{graded}"
    );
    assert!(
        has(&rows, "fox", "reclusive leader", "apposition").is_some(),
        "{rows:#?}"
    );
    assert!(
        has(&rows, "fox", "ruthless man", "copula").is_some(),
        "{rows:#?}"
    );
    // "Critics said Kim is a dangerous man": the critics' claim, reported
    // in the outlet's words, is not a label the outlet gives Kim.
    assert!(
        has(&rows, "fox", "dangerous man", "copula").is_none(),
        "{rows:#?}"
    );
    let mr = has(&rows, "nyt", "Mr. Kim", "title").unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(mr.6, 2, "{mr:?}");
    assert!(!mr.7, "an honorific is not loaded");
    assert!(
        has(&rows, "nyt", "President Trump", "title").is_some(),
        "{rows:#?}"
    );
    assert!(
        has(&rows, "hpo", "North Korean leader", "premodifier").is_some(),
        "{rows:#?}"
    );
    // "the North Korean leader" standing alone is the description the
    // entity table ties to Kim (from "North Korean leader Kim Jong Un").
    let d = has(&rows, "hpo", "North Korean leader", "description")
        .unwrap_or_else(|| panic!("{rows:#?}"));
    // Kim's mentions as "Kim Jong Un" and "Mr. Kim" are one actor.
    let actors = r["actor_labels"]["actors"].as_array().unwrap();
    let kim = actors
        .iter()
        .find(|a| a["id"] == d.0.as_str())
        .expect("the actor of the description");
    assert!(kim["name"].as_str().unwrap().starts_with("Kim"), "{kim}");
    assert_eq!(
        rows.iter()
            .filter(|r| r.2 == "Mr. Kim" || r.2 == "North Korean dictator")
            .map(|r| r.0.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        1,
        "one actor: {rows:#?}"
    );
    // Every sentence id resolves to a sentence in report.json.
    let sentences = r["actor_labels"]["sentences"].as_array().unwrap();
    for l in r["actor_labels"]["labels"].as_array().unwrap() {
        for s in l["sentences"].as_array().unwrap() {
            let found = sentences
                .iter()
                .find(|x| x["outlet"] == l["outlet"] && x["sentence"] == *s)
                .unwrap_or_else(|| panic!("sentence {s} of {l} missing"));
            let text = found["text"].as_str().unwrap();
            let first = l["label"].as_str().unwrap().split(' ').next_back().unwrap();
            assert!(
                text.to_lowercase().contains(&first.to_lowercase()),
                "{l} not in “{text}”"
            );
        }
    }
}

#[test]
fn the_finding_says_who_calls_the_actor_what() {
    let tmp = tempfile::tempdir().unwrap();
    let out = compare(tmp.path(), KIM);
    let r = report(&out, "missile");
    let found: Vec<&Value> = r["findings_detail"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["detail"].get("actor_labels").is_some())
        .collect();
    assert!(!found.is_empty(), "{:#?}", r["findings"]);
    let kim = found
        .iter()
        .find(|f| f["text"].as_str().unwrap().contains("dictator"))
        .unwrap_or_else(|| panic!("{:#?}", r["findings"]));
    let text = kim["text"].as_str().unwrap();
    assert!(
        text.contains("fox calls Kim Jong Un “North Korean dictator” (once)"),
        "{text}"
    );
    assert!(text.contains("nyt writes “Mr. Kim” (2 times)"), "{text}");
    // Every row it rests on is an actor label of the report.
    let labels = r["actor_labels"]["labels"].as_array().unwrap();
    for row in kim["rows"].as_array().unwrap() {
        assert_eq!(row["table"], "actor_labels.labels");
        let i: usize = row["key"].as_str().unwrap().parse().unwrap();
        assert!(i < labels.len());
    }
    assert!(kim["evidence"].as_u64().unwrap() >= 3, "{kim}");
}

#[test]
fn a_quoted_copula_is_marked_quoted_with_its_speaker() {
    let tmp = tempfile::tempdir().unwrap();
    let out = compare(
        tmp.path(),
        &[
            (
                "killer",
                "abc",
                "President Joe Biden spoke to reporters on Wednesday. “Putin is a killer, and he will pay a price,” Biden said. Russian President Vladimir Putin rejected the remarks.",
            ),
            (
                "killer",
                "rt",
                "Vladimir Putin, the Russian president, rejected the remarks on Thursday. Biden had called Putin a killer in an interview. Putin is a patient man, his spokesman said.",
            ),
        ],
    );
    let r = report(&out, "killer");
    let rows = rows(&r);
    let q = has(&rows, "abc", "killer", "copula").unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(q.4, "quoted", "{q:?}");
    assert_eq!(q.5, "Biden", "{q:?}");
    // "called Putin a killer": a labelling verb, in the outlet's voice.
    let c = has(&rows, "rt", "killer", "copula").unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(c.4, "own", "{c:?}");
    assert!(
        has(&rows, "rt", "patient man", "copula").is_some(),
        "{rows:#?}"
    );
    assert!(
        has(&rows, "rt", "Russian president", "apposition").is_some(),
        "{rows:#?}"
    );
    assert!(
        has(&rows, "abc", "Russian president", "premodifier").is_some(),
        "{rows:#?}"
    );
    // The quoted "killer" is Biden's word: no finding says abc calls
    // Putin a killer.
    for f in r["findings"].as_array().unwrap() {
        assert!(
            !f.as_str()
                .unwrap()
                .contains("abc calls Vladimir Putin “killer”"),
            "{f}"
        );
    }
}

#[test]
fn labels_attach_to_their_own_name_only() {
    let tmp = tempfile::tempdir().unwrap();
    let out = compare(
        tmp.path(),
        &[
            (
                "senate",
                "cnn",
                "“We will not back down,” said Cruz on Monday. Democrats criticized Cruz for the remarks. On Tuesday, Republican senator Ted Cruz met Sen. Bernie Sanders. An aide to Cruz is a lawyer from Houston. Trump adviser Kellyanne Conway praised Cruz.",
            ),
            (
                "senate",
                "npr",
                "Ted Cruz met Bernie Sanders on Tuesday. Sanders, a Vermont independent, said little. Cruz did not comment. Conway praised Cruz on Wednesday.",
            ),
        ],
    );
    let r = report(&out, "senate");
    let rows = rows(&r);
    let of = |actor: &str| -> Vec<(String, String)> {
        rows.iter()
            .filter(|r| r.0 == actor)
            .map(|r| (r.2.clone(), r.3.clone()))
            .collect()
    };
    let cruz = of("Cruz");
    assert!(
        cruz.contains(&("Republican senator".into(), "premodifier".into())),
        "{rows:#?}"
    );
    // Verbs, and a copula whose subject is someone else, are no label of
    // Cruz: "said Cruz", "criticized Cruz", "an aide to Cruz is a lawyer".
    for (label, _) in &cruz {
        assert!(
            !["said", "criticized", "lawyer", "democrats criticized"].contains(&label.as_str()),
            "{label} attached to Cruz: {cruz:?}"
        );
    }
    assert_eq!(cruz.len(), 1, "{cruz:?}");
    assert!(
        of("Sanders").contains(&("Senator Sanders".into(), "title".into())),
        "{rows:#?}"
    );
    assert!(
        of("Sanders").contains(&("Vermont independent".into(), "apposition".into())),
        "{rows:#?}"
    );
    // "Trump adviser" labels Conway, not Trump.
    assert!(
        of("Conway").contains(&("Trump adviser".into(), "premodifier".into())),
        "{rows:#?}"
    );
    assert!(of("Trump").is_empty(), "{rows:#?}");
}

#[test]
fn the_csv_has_a_row_per_label_with_its_sentences() {
    let tmp = tempfile::tempdir().unwrap();
    let out = compare(tmp.path(), KIM);
    let bytes = std::fs::read(out.join("missile").join("actor_labels.csv")).unwrap();
    let mut rd = csv::Reader::from_reader(bytes.as_slice());
    let head: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        head,
        [
            "event",
            "actor",
            "outlet",
            "label",
            "kind",
            "voice",
            "speaker",
            "count",
            "loaded",
            "grade",
            "sentences"
        ]
    );
    let r = report(&out, "missile");
    let labels = r["actor_labels"]["labels"].as_array().unwrap();
    let recs: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(recs.len(), labels.len());
    for (rec, l) in recs.iter().zip(labels) {
        assert_eq!(&rec[0], "missile");
        assert_eq!(&rec[3], l["label"].as_str().unwrap());
        let ids: Vec<u64> = rec[10].split('|').map(|s| s.parse().unwrap()).collect();
        let want: Vec<u64> = l["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_u64().unwrap())
            .collect();
        assert_eq!(ids, want);
        assert_eq!(&rec[8], if l["loaded"] == true { "true" } else { "false" });
    }
    // The chart is written with the others.
    let svg = std::fs::read_to_string(out.join("missile").join("actor_labels.svg")).unwrap();
    assert!(svg.contains("dictator"), "the chart shows the labels");
}

#[test]
fn the_seeds_keep_their_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = common::seeds();
    let start = std::time::Instant::now();
    let o = common::framelens_in(
        tmp.path(),
        &[
            "compare",
            seeds.to_str().unwrap(),
            "--out",
            "out",
            "--format",
            "svg",
            "--quiet",
        ],
    );
    let took = start.elapsed();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = report(&tmp.path().join("out"), "biden-putin-killer-2021-03");
    let findings: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    for want in [
        "Reporting the same sentence, ANI and RT wrote “killer” where German-language outlet (translated) wrote “murderer”.",
        "RT uses doubting attribution verbs in its own voice: “alleged”, “argued”, “claimed”, “claiming”, “insisting”.",
        "British paper via Yahoo News uses hostile attribution verbs in its own voice: “accused”, “hit back”, “mocked”, “rounded on”.",
    ] {
        assert!(findings.contains(&want), "{want} lost: {findings:#?}");
    }
    // The seeds' quoted "killer" is a quoted label, never the outlet's own.
    let rows = rows(&r);
    assert!(
        rows.iter()
            .any(|r| r.2 == "killer" && r.4 == "quoted" && r.0 == "Putin"),
        "{rows:#?}"
    );
    // Generous for a loaded machine (it takes a fraction of a second).
    assert!(took.as_secs_f64() < 5.0, "{took:?}");
}

fn label_findings(r: &Value) -> Vec<String> {
    r["findings_detail"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["detail"].get("actor_labels").is_some())
        .map(|f| f["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn verbs_org_nouns_plurals_and_feelings_are_no_labels() {
    let tmp = tempfile::tempdir().unwrap();
    let out = compare(
        tmp.path(),
        &[
            (
                "tax",
                "fox",
                "Hillary Clinton accused Mr. Trump of lying about his taxes on Monday. Team Trump rejected the charge within the hour. Donald Trump was furious. Mr. Trump spoke in Ohio later that day.",
            ),
            (
                "tax",
                "nyt",
                "Mr. Trump denied the charge on Monday in Ohio. Clinton accused President Trump of lying about his taxes. Donald Trump was furious. He met his friends Bob Smith and Ann Jones.",
            ),
        ],
    );
    let r = report(&out, "tax");
    let rows = rows(&r);
    // "Hillary Clinton accused Mr. Trump": a name and a verb, no
    // premodifier; the title stays.
    for row in &rows {
        assert!(
            !row.2.contains("accused") && row.2 != "team" && row.2 != "friends",
            "{row:?} in {rows:#?}"
        );
    }
    assert!(
        has(&rows, "fox", "Mr. Trump", "title").is_some(),
        "{rows:#?}"
    );
    assert!(
        has(&rows, "nyt", "President Trump", "title").is_some(),
        "{rows:#?}"
    );
    // "was furious" is how he felt: kept as a row, not a loaded label.
    if let Some(row) = has(&rows, "fox", "furious", "copula") {
        assert!(!row.7, "{row:?}");
    }
    for f in label_findings(&r) {
        assert!(!f.contains("furious"), "{f}");
    }
}

#[test]
fn a_finding_names_the_outlets_that_mention_the_actor_most() {
    let tmp = tempfile::tempdir().unwrap();
    let outlets: Vec<String> = (1..=8).map(|i| format!("o{i}")).collect();
    let texts: Vec<String> = outlets
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let t = if i < 4 { "President" } else { "Mr." };
            let mut s = format!(
                "{t} Trump spoke in Ohio on Monday about the economy. {t} Trump later visited a factory in Toledo. The crowd cheered."
            );
            if i == 7 {
                s.push_str(&format!(
                    " {t} Trump then flew to Detroit. {t} Trump met workers there."
                ));
            }
            s
        })
        .collect();
    let docs: Vec<(&str, &str, &str)> = outlets
        .iter()
        .zip(&texts)
        .map(|(o, t)| ("rally", o.as_str(), t.as_str()))
        .collect();
    let out = compare(tmp.path(), &docs);
    let r = report(&out, "rally");
    let found = label_findings(&r);
    let f = found
        .iter()
        .find(|f| f.contains("Trump"))
        .unwrap_or_else(|| panic!("{:#?}", r["findings"]));
    assert!(
        f.ends_with("; and 2 other outlets (see actor_labels.csv)."),
        "{f}"
    );
    assert_eq!(f.matches(" writes “").count(), 6, "{f}");
    // The outlet with the most mentions is named, with its count.
    assert!(f.contains("o8 writes “Mr. Trump” (4 times)"), "{f}");
    // The CSV keeps every outlet's row.
    let csv = std::fs::read_to_string(out.join("rally").join("actor_labels.csv")).unwrap();
    for o in &outlets {
        assert!(csv.contains(&format!(",{o},")), "{o}: {csv}");
    }
}
