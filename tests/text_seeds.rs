//! Text analysis on the five raw seed articles: scare quotes, speakers,
//! sentences. The seeds are read as scraped (boilerplate included).

mod common;

use framelens::text::{analyze, AnalyzedDoc, Quote, QuoteKind, SpeakerCue, Voice};

fn seed(prefix: &str) -> AnalyzedDoc {
    let dir = common::seeds();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        })
        .collect();
    entries.sort();
    let path = entries
        .first()
        .unwrap_or_else(|| panic!("no seed {prefix}"));
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    analyze(&text, None)
}

fn quote<'a>(doc: &'a AnalyzedDoc, starts: &str) -> &'a Quote {
    doc.quotes
        .iter()
        .find(|q| doc.quote_text(q).starts_with(starts))
        .unwrap_or_else(|| panic!("no quote starting {starts:?}"))
}

fn scare_words(doc: &AnalyzedDoc) -> Vec<String> {
    doc.quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Scare)
        .map(|q| doc.quote_text(q).to_lowercase())
        .collect()
}

fn assert_speaker(
    doc: &AnalyzedDoc,
    starts: &str,
    name: &str,
    verb: Option<&str>,
    cue: SpeakerCue,
) {
    let q = quote(doc, starts);
    let s = q
        .speaker
        .as_ref()
        .unwrap_or_else(|| panic!("quote {starts:?} has no speaker"));
    assert_eq!(s.name, name, "speaker of {starts:?}");
    assert_eq!(s.verb.as_deref(), verb, "verb of {starts:?}");
    assert_eq!(s.cue, cue, "cue of {starts:?}");
    if let (Some(v), Some((a, b))) = (verb, s.verb_span) {
        assert_eq!(doc.slice(a, b), v);
    }
}

#[test]
fn killer_is_a_scare_quote_in_000_002_003_004() {
    for prefix in ["000", "002", "003", "004"] {
        let doc = seed(prefix);
        let scares = scare_words(&doc);
        assert!(
            scares.iter().any(|w| w.contains("killer")),
            "{prefix}: scare quotes {scares:?}"
        );
        // The word counts as quoted speech, not as the outlet's own voice,
        // wherever it stands in quotes.
        let quoted = doc
            .tokens_in(Voice::Quoted)
            .filter(|t| t.norm == "killer")
            .count();
        assert!(quoted >= 1, "{prefix}");
    }
}

#[test]
fn murderer_is_a_scare_quote_in_001() {
    let doc = seed("001");
    let scares = scare_words(&doc);
    assert_eq!(
        scares.iter().filter(|w| w.contains("murderer")).count(),
        2,
        "{scares:?}"
    );
    assert!(doc.tokens_in(Voice::Own).all(|t| t.norm != "murderer"));
}

#[test]
fn seed_000_putin_said() {
    let doc = seed("000");
    assert_speaker(
        &doc,
        "It is the one who says it",
        "Putin",
        Some("said"),
        SpeakerCue::VerbName,
    );
    assert_speaker(
        &doc,
        "It’s not just a childish",
        "Putin",
        Some("said"),
        SpeakerCue::Pronoun,
    );
    assert_speaker(
        &doc,
        "We will defend our own",
        "Putin",
        Some("added"),
        SpeakerCue::Pronoun,
    );
    assert_speaker(
        &doc,
        "During meetings",
        "the Russian embassy",
        Some("wrote"),
        SpeakerCue::VerbName,
    );
    // `in the other, ”he said`: the misplaced closing mark closes the quote.
    assert!(doc
        .quote_text(quote(&doc, "It’s not just"))
        .ends_with("in the other,"));
}

#[test]
fn seed_001_psaki_putin_peskov() {
    let doc = seed("001");
    assert_speaker(
        &doc,
        "given a direct answer",
        "Psaki",
        Some("said"),
        SpeakerCue::NameVerb,
    );
    assert_speaker(
        &doc,
        "That was the direct extermination",
        "Putin",
        Some("said"),
        SpeakerCue::NameVerb,
    );
    assert_speaker(
        &doc,
        "Of course, there has never",
        "Peskov",
        Some("said"),
        SpeakerCue::NameVerb,
    );
    assert_speaker(
        &doc,
        "We understand each other",
        "Putin",
        Some("replied"),
        SpeakerCue::NameVerb,
    );
    assert_speaker(
        &doc,
        "Unfortunately, there is a long list",
        "Borrell",
        Some("said"),
        SpeakerCue::VerbName,
    );
    // `psychological. “` at a paragraph end closes the quote there and does
    // not swallow the next paragraph.
    let q = quote(&doc, "It is not just a childish");
    assert!(doc.quote_text(q).ends_with("deep and psychological."));
    let wished = doc
        .tokens
        .iter()
        .find(|t| t.norm == "wished")
        .map(|t| t.quote);
    assert_eq!(wished, Some(None));
}

#[test]
fn seed_002_psaki_peskov_putin() {
    let doc = seed("002");
    assert_speaker(&doc, "Nope.", "Psaki", Some("said"), SpeakerCue::Pronoun);
    assert_speaker(
        &doc,
        "President Biden has known",
        "Psaki",
        Some("added"),
        SpeakerCue::Pronoun,
    );
    assert_speaker(
        &doc,
        "These are very bad statements",
        "Peskov",
        Some("said"),
        SpeakerCue::NameVerb,
    );
    assert_speaker(
        &doc,
        "there hasn't been anything",
        "Peskov",
        Some("telling"),
        SpeakerCue::NameVerb,
    );
    assert_speaker(
        &doc,
        "It seems to me",
        "Putin",
        Some("added"),
        SpeakerCue::NameVerb,
    );
    assert_speaker(
        &doc,
        "Mhmm. I do.",
        "Biden",
        Some("responded"),
        SpeakerCue::NameVerb,
    );
    assert_eq!(quote(&doc, "Mhmm").kind, QuoteKind::Quotation);
}

#[test]
fn seed_003_peskov_by_pronoun_and_continuation() {
    let doc = seed("003");
    assert_speaker(
        &doc,
        "These are very bad statements",
        "Peskov",
        Some("added"),
        SpeakerCue::Pronoun,
    );
    assert_speaker(
        &doc,
        "He clearly doesn’t want",
        "Peskov",
        None,
        SpeakerCue::Continuation,
    );
    assert_speaker(
        &doc,
        "Mmm hmm, I do",
        "Biden",
        Some("replied"),
        SpeakerCue::Pronoun,
    );
    assert_speaker(
        &doc,
        "He will pay a price",
        "Biden",
        Some("said"),
        SpeakerCue::NameVerb,
    );
    assert_speaker(
        &doc,
        "to analyze what to do",
        "Zakharova",
        Some("said"),
        SpeakerCue::NameVerb,
    );
}

#[test]
fn seed_004_putin_and_peskov() {
    let doc = seed("004");
    assert_speaker(
        &doc,
        "We can defend our interests",
        "Putin",
        Some("said"),
        SpeakerCue::NameVerb,
    );
    assert_speaker(
        &doc,
        "It takes one to know one,",
        "Putin",
        Some("added"),
        SpeakerCue::Pronoun,
    );
    // "..., adding:" at the end of the paragraph before.
    assert_speaker(
        &doc,
        "It is clear that he",
        "Peskov",
        Some("adding"),
        SpeakerCue::NameVerb,
    );
    assert_speaker(
        &doc,
        "Certain ill-considered",
        "the embassy",
        Some("said"),
        SpeakerCue::Pronoun,
    );
    assert_speaker(
        &doc,
        "Such statements are",
        "Kosachev",
        Some("wrote"),
        SpeakerCue::Pronoun,
    );
}

#[test]
fn seed_sentences_keep_titles_and_quotes_together() {
    let doc = seed("000");
    let texts: Vec<&str> = (0..doc.sentences.len())
        .map(|i| doc.sentence_text(i))
        .collect();
    assert!(texts
        .iter()
        .any(|s| s.starts_with("Mr. Putin, who also said") && s.ends_with("its diplomacy.")));
    assert!(texts.contains(&"“Killer”: Putin mocks Biden, promises to defend Russian interests"));
    let doc = seed("003");
    let texts: Vec<&str> = (0..doc.sentences.len())
        .map(|i| doc.sentence_text(i))
        .collect();
    assert!(texts.contains(&"“These are very bad statements by the US president,” he added."));
    // Every token lies inside its sentence.
    for t in &doc.tokens {
        let s = &doc.sentences[t.sentence];
        assert!(s.start <= t.start && t.end <= s.end);
    }
}
