//! The event comparisons over BASIL's 100 events (three outlets each):
//! every event runs, results are sane, and the whole takes seconds.
//! Skips off CI when the shared data is absent.

mod common;

use std::collections::BTreeMap;

use framelens::compare::align::{align_sentences, AlignParams};
use framelens::compare::quotes::{quote_coverage, QuoteParams};
use framelens::compare::substitutions::{find_substitutions, SubstitutionParams};
use framelens::text::{analyze, AnalyzedDoc};

#[test]
fn basil_all_events_compare_in_seconds() {
    let Some(path) = common::data_file("basil/basil.jsonl") else {
        return;
    };
    let raw = std::fs::read_to_string(&path).unwrap();
    // event -> [(outlet, doc)], in file order.
    let mut events: BTreeMap<String, Vec<(String, AnalyzedDoc)>> = BTreeMap::new();
    for line in raw.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let event = v["event_id"].as_str().unwrap().to_string();
        let outlet = v["outlet_code"].as_str().unwrap().to_string();
        let text = v["text"].as_str().unwrap();
        events
            .entry(event)
            .or_default()
            .push((outlet, analyze(text, Some("en"))));
    }
    assert_eq!(events.len(), 100);
    let start = std::time::Instant::now();
    let (mut n_pairs, mut n_subs, mut n_groups) = (0, 0, 0);
    for docs in events.values() {
        let event: Vec<(&str, &AnalyzedDoc)> = docs.iter().map(|(o, d)| (o.as_str(), d)).collect();
        let al = align_sentences(&event, &AlignParams::default()).unwrap();
        let subs = find_substitutions(&event, &al, &SubstitutionParams::default()).unwrap();
        let quotes = quote_coverage(&event, &QuoteParams::default()).unwrap();
        for p in &al.pairs {
            assert!(p.score >= 0.3 && p.score <= 1.0);
        }
        for g in &quotes.groups {
            assert_eq!(
                g.outlets_carrying.len() + g.outlets_missing.len(),
                event.len()
            );
        }
        if std::env::var_os("FRAMELENS_SHOW").is_some() {
            for p in subs.pairs.iter().take(6) {
                let i = &subs.instances[p.examples[0]];
                eprintln!(
                    "{:?} {} / {:?} {}\n    {}: {}\n    {}: {}",
                    p.a.outlets,
                    p.a.words,
                    p.b.outlets,
                    p.b.words,
                    i.outlet_a,
                    i.text_a,
                    i.outlet_b,
                    i.text_b
                );
            }
            eprintln!("----");
        }
        n_pairs += al.pairs.len();
        n_subs += subs.pairs.len();
        n_groups += quotes.groups.len();
    }
    let took = start.elapsed();
    eprintln!(
        "BASIL: 100 events, {n_pairs} aligned pairs, {n_subs} substitution pairs, \
         {n_groups} quote groups in {took:?}"
    );
    assert!(n_pairs > 1000 && n_subs > 100, "{n_pairs} {n_subs}");
    assert!(took.as_secs_f64() < 10.0, "{took:?}");
}
