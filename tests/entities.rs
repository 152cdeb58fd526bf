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

fn table_of(texts: &[&str]) -> framelens::compare::entities::EntityTable {
    let mut docs: Vec<AnalyzedDoc> = texts.iter().map(|t| analyze(t, None)).collect();
    let names: Vec<String> = (0..docs.len()).map(|i| format!("o{i}")).collect();
    let mut pairs: Vec<(&str, &mut AnalyzedDoc)> = names
        .iter()
        .map(String::as_str)
        .zip(docs.iter_mut())
        .collect();
    resolve_speakers(&mut pairs)
}

#[test]
fn one_foreign_ministry_is_one_entity_and_two_stay_apart() {
    let table = table_of(&[
        "MOSCOW (Reuters) - Russia's Foreign Ministry summoned the U.S. ambassador on Tuesday.\n\n\
         “Such steps will not go unanswered,” the Foreign Ministry said in a statement.",
        "The Russian Foreign Ministry said the sanctions were illegal.\n\n\
         “We will respond,” the Russian Foreign Ministry said.",
    ]);
    let ministries: Vec<&framelens::compare::entities::Entity> = table
        .entities
        .iter()
        .filter(|e| e.id.contains("Ministry"))
        .collect();
    assert_eq!(ministries.len(), 1, "{:?}", table.entities);
    let m = ministries[0];
    assert_eq!(m.quotes, 2, "{m:?}");
    let forms: BTreeSet<(&str, &str)> = m
        .forms
        .iter()
        .map(|f| (f.outlet.as_str(), f.form.as_str()))
        .collect();
    for want in [
        ("o0", "Russia's Foreign Ministry"),
        ("o0", "the Foreign Ministry"),
        ("o1", "The Russian Foreign Ministry"),
        ("o1", "the Russian Foreign Ministry"),
    ] {
        assert!(forms.contains(&want), "{want:?}: {forms:?}");
    }
    // Two foreign ministries: each keeps its own, the bare name is neither.
    let table = table_of(&[
        "Russia's Foreign Ministry and Ukraine's Foreign Ministry traded accusations.\n\n\
         “This is a provocation,” the Foreign Ministry said.",
    ]);
    let ids: BTreeSet<&str> = table.entities.iter().map(|e| e.id.as_str()).collect();
    for want in [
        "Russia's Foreign Ministry",
        "Ukraine's Foreign Ministry",
        "Foreign Ministry",
    ] {
        assert!(ids.contains(want), "{want}: {ids:?}");
    }
    let bare = table.entities.iter().find(|e| e.id == "Foreign Ministry");
    assert_eq!(bare.map(|e| e.quotes), Some(1));
}
