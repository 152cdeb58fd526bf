//! The entity table of an event: the names and descriptions outlets use
//! for one speaker resolve to one entity, on the seeds and on BASIL.

mod common;

use std::collections::BTreeSet;

use framelens::compare::entities::resolve_speakers;
use framelens::text::{analyze, AnalyzedDoc};

fn seed_docs() -> Vec<(String, AnalyzedDoc)> {
    let dir = common::seeds();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{e}"));
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            (name[..3].to_string(), analyze(&text, None))
        })
        .collect()
}

#[test]
fn seeds_the_russian_president_is_putin() {
    let mut docs = seed_docs();
    let before: usize = docs
        .iter()
        .flat_map(|(_, d)| &d.quotes)
        .filter(|q| {
            q.speaker
                .as_ref()
                .is_some_and(|s| s.name == "the Russian president")
        })
        .count();
    assert!(before > 0, "the seeds quote \"the Russian president\"");
    let mut pairs: Vec<(&str, &mut AnalyzedDoc)> =
        docs.iter_mut().map(|(o, d)| (o.as_str(), d)).collect();
    let table = resolve_speakers(&mut pairs);
    let after: BTreeSet<String> = docs
        .iter()
        .flat_map(|(_, d)| &d.quotes)
        .filter_map(|q| q.speaker.as_ref().map(|s| s.name.clone()))
        .collect();
    assert!(!after.contains("the Russian president"), "{after:?}");
    assert!(!after.contains("Russian"), "{after:?}");
    let putin = table
        .entities
        .iter()
        .find(|e| e.id == "Putin")
        .unwrap_or_else(|| panic!("no Putin in {:?}", table.entities));
    assert_eq!(putin.name, "Vladimir Putin");
    assert!(putin
        .descriptions
        .contains(&"russian president".to_string()));
    let forms: BTreeSet<&str> = putin.forms.iter().map(|f| f.form.as_str()).collect();
    for f in [
        "Putin",
        "Mr. Putin",
        "President Putin",
        "the Russian president",
    ] {
        assert!(forms.contains(f), "{f} not in {forms:?}");
    }
    let peskov = table.entities.iter().find(|e| e.id == "Peskov");
    assert!(
        peskov.is_some_and(|e| e.name == "Dmitry Peskov"),
        "{peskov:?}"
    );
    assert!(table.entities[0].id == "Putin");
}

/// On BASIL, no speaker is a cut-off title, a name suffix or a document.
#[test]
fn basil_speakers_are_people_or_organisations() {
    let Some(dir) = common::data_dir() else {
        return;
    };
    let path = dir.join("basil/basil.jsonl");
    if !path.exists() {
        common::missing(&path.display().to_string());
        return;
    }
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut bad = Vec::new();
    let mut named = 0;
    for line in text.lines().take(120) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}"));
        let body = v["text"].as_str().unwrap_or_default();
        let doc = analyze(body, None);
        for q in &doc.quotes {
            if let Some(s) = &q.speaker {
                named += 1;
                if matches!(
                    s.name.as_str(),
                    "Rep"
                        | "Sen"
                        | "Jr"
                        | "the statement"
                        | "the letter"
                        | "the indictment"
                        | "Russian"
                ) {
                    bad.push(s.name.clone());
                }
            }
        }
    }
    assert!(named > 300, "{named} quotes with a speaker");
    assert!(bad.is_empty(), "{bad:?}");
}
