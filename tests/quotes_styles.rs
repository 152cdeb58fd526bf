//! Quotes in every common quoting style, on real-looking news text: the
//! quotation is found, its speaker named, and an unbalanced mark never
//! takes the rest of the article into quoted speech.

mod common;

use framelens::compare::quotes::{quote_coverage, QuoteParams};
use framelens::text::{analyze, AnalyzedDoc, QuoteKind};

fn quotes(doc: &AnalyzedDoc) -> Vec<(String, QuoteKind, Option<String>)> {
    doc.quotes
        .iter()
        .map(|q| {
            (
                doc.quote_text(q).to_string(),
                q.kind,
                q.speaker.as_ref().map(|s| s.name.clone()),
            )
        })
        .collect()
}

fn one(text: &str) -> (String, QuoteKind, Option<String>) {
    let doc = analyze(text, None);
    let q = quotes(&doc);
    assert_eq!(q.len(), 1, "{text:?}: {q:?}");
    q.into_iter().next().unwrap_or_else(|| unreachable!())
}

#[test]
fn straight_quotes_with_inner_spaces_as_detokenised_text_has() {
    let t = "Tillerson spoke on Tuesday . \" We are ready to talk anytime North Korea would like to talk , \" Tillerson said at the Atlantic Council .";
    let (text, kind, speaker) = one(t);
    assert_eq!(
        text,
        "We are ready to talk anytime North Korea would like to talk ,"
    );
    assert_eq!(kind, QuoteKind::Quotation);
    assert_eq!(speaker.as_deref(), Some("Tillerson"));
    // Two words of a speaker's, punctuated inside the marks.
    let (text, kind, speaker) = one("\" I'm optimistic , \" Johnson told reporters .");
    assert_eq!(text, "I'm optimistic ,");
    assert_eq!(kind, QuoteKind::Quotation);
    assert_eq!(speaker.as_deref(), Some("Johnson"));
}

#[test]
fn curly_quotes_with_inner_spaces() {
    let (text, kind, speaker) =
        one("“ We will not back down from this fight , ” Pelosi said on Thursday.");
    assert_eq!(text, "We will not back down from this fight ,");
    assert_eq!(kind, QuoteKind::Quotation);
    assert_eq!(speaker.as_deref(), Some("Pelosi"));
}

#[test]
fn ptb_quotes() {
    let (text, kind, speaker) = one(
        "`` We are ready to have the first meeting without preconditions , '' Tillerson said .",
    );
    assert_eq!(
        text,
        "We are ready to have the first meeting without preconditions ,"
    );
    assert_eq!(kind, QuoteKind::Quotation);
    assert_eq!(speaker.as_deref(), Some("Tillerson"));
}

#[test]
fn single_quotes_apart_from_apostrophes_and_possessives() {
    let (text, _, speaker) = one(
        "The senators' letter, Trump's aides said, was 'a total disaster for the country', Sanders said.",
    );
    assert_eq!(text, "a total disaster for the country");
    assert_eq!(speaker.as_deref(), Some("Sanders"));
    // Detokenised clitics and possessives are not quotes.
    let doc = analyze(
        "Trump 's campaign said the Democrats ' plan is n't serious and they 're wrong .",
        None,
    );
    assert!(doc.quotes.is_empty(), "{:?}", quotes(&doc));
}

#[test]
fn guillemets_and_german_quotes() {
    assert_eq!(
        one("« Nous sommes prêts à discuter », a déclaré le ministre.").0,
        "Nous sommes prêts à discuter"
    );
    assert_eq!(
        one("„Wir sind zu Gesprächen bereit“, sagte der Minister am Montag.").0,
        "Wir sind zu Gesprächen bereit"
    );
    assert_eq!(
        one("»Wir sind zu Gesprächen bereit«, sagte der Minister am Montag.").0,
        "Wir sind zu Gesprächen bereit"
    );
}

#[test]
fn quotation_over_several_paragraphs() {
    let t = "Biden spoke at length.\n\n“We will fight for every job in this country.\n\n“And we will win this fight together,” Biden said.";
    let doc = analyze(t, None);
    let q = quotes(&doc);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].0, "We will fight for every job in this country.");
    assert_eq!(q[1].0, "And we will win this fight together,");
    assert_eq!(q[1].2.as_deref(), Some("Biden"));
    // The same in straight quotes.
    let t = t.replace(['“', '”'], "\"");
    assert_eq!(quotes(&analyze(&t, None)).len(), 2);
}

#[test]
fn nested_quotes() {
    let doc = analyze(
        "“He told me ‘never again, not on my watch’ and then he left,” Smith said.",
        None,
    );
    let q = quotes(&doc);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(
        q[0].0,
        "He told me ‘never again, not on my watch’ and then he left,"
    );
    assert_eq!(q[0].2.as_deref(), Some("Smith"));
    assert_eq!(q[1].0, "never again, not on my watch");
}

#[test]
fn an_unbalanced_mark_never_takes_the_rest_of_the_article() {
    let mut t = String::from("The board met on Monday \" and voted on the budget.\n\n");
    for i in 0..40 {
        t.push_str(&format!(
            "Paragraph {i} reports what the board decided about the roads and schools.\n\n"
        ));
    }
    let doc = analyze(&t, None);
    let first_para_end = t.find("\n\n").unwrap_or(t.len());
    assert!(doc.quotes.iter().all(|q| q.end <= first_para_end));
    let quoted_later = doc
        .tokens
        .iter()
        .filter(|tok| tok.start > first_para_end && tok.quote.is_some())
        .count();
    assert_eq!(quoted_later, 0);
}

#[test]
fn partial_quotation_attributed_to_a_speaker() {
    let (text, kind, speaker) =
        one("Netanyahu said Iran had hidden \"half a ton\" of material at the site.");
    assert_eq!(text, "half a ton");
    assert_eq!(kind, QuoteKind::Quotation);
    assert_eq!(speaker.as_deref(), Some("Netanyahu"));
    // A label stays a scare quote.
    let (_, kind, _) = one("Biden called him a “cold-blooded killer” on Wednesday.");
    assert_eq!(kind, QuoteKind::Scare);
}

#[test]
fn speakers_are_never_documents_adjectives_or_cut_off_titles() {
    let doc = analyze(
        "\"This is punishable by prison. This is a felony,\" said Rep. Darrell Issa, R-Calif., on Sunday.\n\n\"The administration broke the law in this case,\" the statement said.\n\n\"Each of the plaintiffs have very different stories,\" said Theodore B. Olson Jr., a lawyer.",
        None,
    );
    let speakers: Vec<Option<String>> = quotes(&doc).into_iter().map(|q| q.2).collect();
    assert_eq!(speakers[0].as_deref(), Some("Issa"));
    assert_eq!(speakers[1], None);
    assert_eq!(speakers[2].as_deref(), Some("Olson"));
}

#[test]
fn marks_with_no_quote_found_give_a_warning() {
    let a = analyze("A closing mark ” stands alone in this text.", None);
    let b = analyze("“We are ready to talk now,” Putin said.", None);
    let cov = quote_coverage(&[("a", &a), ("b", &b)], &QuoteParams::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cov.warnings.len(), 1, "{:?}", cov.warnings);
    assert!(cov.warnings[0].starts_with("a:"));
}

/// The German seed, its curly quotes rewritten as detokenised straight
/// quotes with inner spaces, keeps its quotations and their speakers.
#[test]
fn seed_rewritten_with_spaced_straight_quotes_keeps_its_quotes() {
    let path = common::seeds().join("001_fc8e39a411cd8f5d.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let rewritten = text.replace('“', "\" ").replace('”', " \"");
    let (a, b) = (analyze(&text, None), analyze(&rewritten, None));
    let count = |d: &AnalyzedDoc| {
        d.quotes
            .iter()
            .filter(|q| q.kind == QuoteKind::Quotation)
            .count()
    };
    let spoken = |d: &AnalyzedDoc| d.quotes.iter().filter(|q| q.speaker.is_some()).count();
    assert!(count(&a) > 5, "{}", count(&a));
    assert_eq!(count(&b), count(&a));
    assert!(
        spoken(&b) + 1 >= spoken(&a),
        "{} {}",
        spoken(&b),
        spoken(&a)
    );
}

#[test]
fn the_report_pages_carry_the_unrecognised_quote_warning() {
    let dir = common::tmp();
    let rows = [
        (
            "A",
            "A closing mark \u{201D} stands alone in this text about the talks.",
        ),
        (
            "B",
            "\u{201C}We are ready to talk now,\u{201D} Putin said about the talks.",
        ),
    ];
    let jsonl: String = rows
        .iter()
        .map(|(o, t)| {
            serde_json::json!({"event_id": "e", "outlet": o, "text": t}).to_string() + "\n"
        })
        .collect();
    common::write(dir.path(), "c.jsonl", jsonl);
    let o = common::framelens_in(
        dir.path(),
        &[
            "-q", "compare", "c.jsonl", "--out", "out", "--format", "svg",
        ],
    );
    common::assert_ok(&o);
    for page in ["report.md", "report.html"] {
        let text = std::fs::read_to_string(dir.path().join("out/e").join(page)).unwrap();
        assert!(
            text.contains("no quote recognised"),
            "{page} names the outlet whose quotes went unrecognised"
        );
    }
}
