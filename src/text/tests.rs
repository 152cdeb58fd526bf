//! Unit tests of the whole analysis on small texts.

use super::*;

fn sents(text: &str) -> Vec<String> {
    let d = analyze(text, None);
    (0..d.sentences.len())
        .map(|i| d.sentence_text(i).to_string())
        .collect()
}

#[test]
fn analyzer_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Analyzer>();
}

#[test]
fn tokens_have_norm_stem_stop_alpha() {
    let d = analyze("Biden’s 78-year-old killers said 2021", None);
    let norms: Vec<&str> = d.tokens.iter().map(|t| t.norm.as_str()).collect();
    assert_eq!(norms, ["biden's", "78-year-old", "killers", "said", "2021"]);
    assert_eq!(d.tokens[0].stem, "biden");
    assert_eq!(d.tokens[2].stem, "killer");
    assert_eq!(&d.text[d.tokens[0].start..d.tokens[0].end], "Biden’s");
    assert!(!d.tokens[0].is_stop);
    assert!(analyze("the", None).tokens[0].is_stop);
    assert!(!d.tokens[4].is_alpha);
    assert!(d.tokens[1].is_alpha);
}

#[test]
fn sentence_titles_and_abbreviations() {
    assert_eq!(
        sents("Mr. Putin met Dr. Smith and Mrs. Jones. Gen. Lee came in Sept. 2020."),
        [
            "Mr. Putin met Dr. Smith and Mrs. Jones.",
            "Gen. Lee came in Sept. 2020."
        ]
    );
}

#[test]
fn sentence_dotted_abbreviations() {
    assert_eq!(
        sents("The U.S. Senate and U.K. officials met. They left the U.S. The end."),
        [
            "The U.S. Senate and U.K. officials met.",
            "They left the U.S.",
            "The end."
        ]
    );
}

#[test]
fn sentence_initials_and_decimals() {
    assert_eq!(
        sents("George W. Bush paid 3.5 million. Mr Putin agreed."),
        ["George W. Bush paid 3.5 million.", "Mr Putin agreed."]
    );
}

#[test]
fn sentence_ends_after_said() {
    assert_eq!(
        sents("It was bad, Dmitry Peskov said. Then he left."),
        ["It was bad, Dmitry Peskov said.", "Then he left."]
    );
}

#[test]
fn sentence_quote_ending_sentence() {
    assert_eq!(
        sents("They were “very bad.” Next came talks."),
        ["They were “very bad.”", "Next came talks."]
    );
    assert_eq!(
        sents("He called it \"very bad,\" adding: \"No.\""),
        ["He called it \"very bad,\" adding: \"No.\""]
    );
    assert_eq!(
        sents("as “very bad.” “Of course, never,” he said."),
        ["as “very bad.”", "“Of course, never,” he said."]
    );
}

#[test]
fn sentence_paragraph_and_headline_breaks() {
    assert_eq!(
        sents("Putin mocks Biden\nHe said so.\n\nAnother paragraph"),
        ["Putin mocks Biden", "He said so.", "Another paragraph"]
    );
    // A hard-wrapped line continues its sentence.
    assert_eq!(
        sents("The Kremlin said the remarks\nwere bad. Next."),
        ["The Kremlin said the remarks\nwere bad.", "Next."]
    );
}

#[test]
fn sentence_apostrophes_are_not_quotes() {
    let d = analyze(
        "Biden's and Russia's and Putin’s aides say they've left.",
        None,
    );
    assert!(d.quotes.is_empty());
    assert_eq!(d.sentences.len(), 1);
    let norms: Vec<&str> = d.tokens.iter().map(|t| t.norm.as_str()).collect();
    assert_eq!(
        norms,
        ["biden's", "and", "russia's", "and", "putin's", "aides", "say", "they've", "left"]
    );
}

#[test]
fn quote_kinds_and_token_membership() {
    let d = analyze(
        "Biden called him a “killer” and said: “I know him relatively well.”",
        None,
    );
    assert_eq!(d.quotes.len(), 2);
    assert_eq!(d.quotes[0].kind, QuoteKind::Scare);
    assert_eq!(d.quotes[0].n_words, 1);
    assert_eq!(d.quote_text(&d.quotes[0]), "killer");
    assert_eq!(d.quotes[1].kind, QuoteKind::Quotation);
    assert_eq!(d.quotes[1].n_words, 5);
    let killer = d
        .tokens
        .iter()
        .find(|t| t.norm == "killer")
        .map(|t| t.quote);
    assert_eq!(killer, Some(Some(0)));
    assert_eq!(d.tokens[0].quote, None);
    assert_eq!(d.tokens_in(Voice::Quoted).count(), 6);
}

#[test]
fn short_full_sentence_is_a_quotation() {
    let d = analyze("Biden responded: \"Mhmm. I do.\"", None);
    assert_eq!(d.quotes[0].kind, QuoteKind::Quotation);
}

#[test]
fn nested_quote_innermost_index() {
    let d = analyze("“I said, ‘I know you,’ to him,” Biden said.", None);
    assert_eq!(d.quotes.len(), 2);
    let know = d
        .tokens
        .iter()
        .find(|t| t.norm == "know")
        .and_then(|t| t.quote);
    assert_eq!(know, Some(1));
    let him = d
        .tokens
        .iter()
        .find(|t| t.norm == "him")
        .and_then(|t| t.quote);
    assert_eq!(him, Some(0));
}

#[test]
fn other_language_stems() {
    let d = analyze("Die Mörder kamen", Some("de"));
    assert_eq!(d.tokens[1].norm, "mörder");
    assert!(Analyzer::new("klingon").is_err());
    // Unknown languages fall back to English.
    assert_eq!(analyze("killers", Some("xx")).tokens[0].stem, "killer");
}

#[test]
fn canonical_speaker_strips_titles() {
    assert_eq!(canonical_speaker("Dmitry Peskov"), "Peskov");
    assert_eq!(canonical_speaker("Mr. Putin"), "Putin");
    assert_eq!(canonical_speaker("Mr Putin"), "Putin");
    assert_eq!(
        canonical_speaker("Kremlin spokesman Dmitry Peskov"),
        "Peskov"
    );
    assert_eq!(canonical_speaker("President Biden"), "Biden");
}

fn speaker_of(text: &str, quote_start: &str) -> Option<(String, Option<String>, SpeakerCue)> {
    let d = analyze(text, None);
    let q = d
        .quotes
        .iter()
        .find(|q| d.quote_text(q).starts_with(quote_start))?;
    q.speaker
        .as_ref()
        .map(|s| (s.name.clone(), s.verb.clone(), s.cue))
}

fn sp(
    name: &str,
    verb: Option<&str>,
    cue: SpeakerCue,
) -> Option<(String, Option<String>, SpeakerCue)> {
    Some((name.to_string(), verb.map(str::to_string), cue))
}

#[test]
fn speaker_name_verb_and_verb_name() {
    assert_eq!(
        speaker_of("“This is very bad for us,” Peskov said.", "This"),
        sp("Peskov", Some("said"), SpeakerCue::NameVerb)
    );
    assert_eq!(
        speaker_of("“This is very bad for us,” said Vladimir Putin.", "This"),
        sp("Putin", Some("said"), SpeakerCue::VerbName)
    );
    assert_eq!(
        speaker_of(
            "“This is very bad for us,” Kremlin spokesman Dmitry Peskov told reporters.",
            "This"
        ),
        sp("Peskov", Some("told"), SpeakerCue::NameVerb)
    );
    assert_eq!(
        speaker_of("Psaki said: “The President gave a direct answer.”", "The"),
        sp("Psaki", Some("said"), SpeakerCue::NameVerb)
    );
    assert_eq!(
        speaker_of(
            "“It is a tantrum of powerlessness,” Mr. Volodin hit back.",
            "It"
        ),
        sp("Volodin", Some("hit back"), SpeakerCue::NameVerb)
    );
}

#[test]
fn speaker_relative_clause_and_according_to() {
    assert_eq!(
        speaker_of(
            "Mr Putin, who also said “good health to him, no irony,” left.",
            "good"
        ),
        sp("Putin", Some("said"), SpeakerCue::NameVerb)
    );
    assert_eq!(
        speaker_of(
            "“Ties are in a deep crisis now,” according to the embassy.",
            "Ties"
        ),
        sp("the embassy", None, SpeakerCue::AccordingTo)
    );
}

#[test]
fn speaker_pronoun_and_continuation() {
    let text = "White House Press Secretary Jen Psaki said Biden had no regrets.\n\
                “Nope, none at all today,” she said. “We will keep talking to them.”";
    assert_eq!(
        speaker_of(text, "Nope"),
        sp("Psaki", Some("said"), SpeakerCue::Pronoun)
    );
    assert_eq!(
        speaker_of(text, "We will"),
        sp("Psaki", None, SpeakerCue::Continuation)
    );
}

#[test]
fn scare_quote_as_label_has_no_speaker() {
    assert_eq!(
        speaker_of(
            "After Biden called Putin a “killer,” the Kremlin chief said nothing.",
            "killer"
        ),
        None
    );
    assert_eq!(
        speaker_of(
            "Russian diplomacy said it had “invited” its ambassador.",
            "invited"
        ),
        sp("Russian diplomacy", Some("said"), SpeakerCue::NameVerb)
    );
}
