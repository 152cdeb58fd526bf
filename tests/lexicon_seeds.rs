//! Built-in lexicons on the seed articles: RT's own-voice attribution
//! verbs, and "killer" / "murderer" counted as quoted speech where quoted.

mod common;

use framelens::corpus::{read_corpus, ReadOptions};
use framelens::lexicon::score::{score, ScoreInput, ScoreOptions};
use framelens::lexicon::{builtin, Matcher};
use framelens::text::{analyze, Voice};

#[test]
fn seeds_attribution_and_quoted_labels() {
    let corpus = read_corpus(&common::seeds(), &ReadOptions::default()).expect("read seeds");
    let docs: Vec<_> = corpus
        .documents
        .iter()
        .map(|d| analyze(&d.text, None))
        .collect();
    let lexicons = vec![builtin("attribution").unwrap(), builtin("loaded").unwrap()];
    let matcher = Matcher::new(&lexicons);
    let inputs: Vec<_> = corpus
        .documents
        .iter()
        .zip(&docs)
        .map(|(d, a)| ScoreInput {
            id: &d.id,
            outlet: &d.outlet,
            doc: a,
        })
        .collect();
    let scores = score(
        &inputs,
        &matcher,
        &ScoreOptions {
            resamples: 200,
            ..Default::default()
        },
    )
    .unwrap();

    let rt = corpus
        .documents
        .iter()
        .position(|d| d.id.starts_with("003"))
        .expect("003 present");
    let own_rt: Vec<(String, String)> = scores
        .matches
        .iter()
        .filter(|m| m.doc == rt && m.voice == Voice::Own && m.lexicon == "attribution")
        .map(|m| (m.text.to_lowercase(), m.category.clone()))
        .collect();
    for (word, cat) in [
        ("claimed", "doubting"),
        ("alleged", "doubting"),
        ("blasted", "hostile"),
        ("insisting", "doubting"),
    ] {
        assert!(
            own_rt.contains(&(word.to_string(), cat.to_string())),
            "003 own voice lacks {word} ({cat}): {own_rt:?}"
        );
    }

    // Every "killer"/"murderer" inside quotation marks counts as quoted speech.
    for m in scores
        .matches
        .iter()
        .filter(|m| matches!(m.text.to_lowercase().as_str(), "killer" | "murderer"))
    {
        let tok = &docs[m.doc].tokens[m.token_start];
        assert_eq!(m.voice == Voice::Quoted, tok.quote.is_some(), "{m:?}");
    }
    // Each seed has the label in quotes: 001 says "murderer", the others "killer".
    for (i, d) in corpus.documents.iter().enumerate() {
        let word = if d.id.starts_with("001") {
            "murderer"
        } else {
            "killer"
        };
        let quoted = scores
            .matches
            .iter()
            .filter(|m| m.doc == i && m.voice == Voice::Quoted && m.text.to_lowercase() == word)
            .count();
        assert!(quoted >= 1, "{}: no quoted {word}", d.id);
    }

    // RT's own-voice rate of doubting verbs is positive with an interval around it.
    let row = scores
        .rows
        .iter()
        .find(|r| {
            r.level == "document"
                && r.doc == corpus.documents[rt].id
                && r.category == "doubting"
                && r.voice == Voice::Own
        })
        .unwrap();
    let rate = row.rate.unwrap();
    assert!(row.matches >= 5 && rate > 0.0, "{row:?}");
    assert!(
        row.ci_low.unwrap() <= rate && rate <= row.ci_high.unwrap(),
        "{row:?}"
    );
}
