//! Comparing the outlets' versions of one event.
//!
//! Every function here takes the analysed documents of **one event** as
//! `&[(outlet_id, &AnalyzedDoc)]` and compares them with each other only,
//! so the cost grows with the size of an event, never with the corpus:
//!
//! - [`align`]: which sentences of different outlets report the same thing,
//!   and groups of such sentences across outlets;
//! - [`substitutions`]: the words that differ inside aligned sentences where
//!   the rest agrees ("killer" against "murderer");
//! - [`quotes`]: quotations grouped across outlets (translations included),
//!   who carried each and who left it out;
//! - [`attribution`]: the attribution verbs each outlet used per speaker;
//! - [`entities`]: the speakers of the event, every name and description
//!   the outlets used for each, resolved to one entity;
//! - [`actor_labels`]: the words each outlet uses to name or describe the
//!   event's main actors ("North Korean dictator" against "Mr. Kim").
//!
//! Results are plain serde structs in a deterministic order: outlets in the
//! order given, ties broken by stable keys (outlet order, sentence index,
//! text), so two runs produce byte-identical reports.

pub mod actor_labels;
pub mod align;
pub mod annotation;
pub mod attribution;
pub mod closeness;
pub mod corpus;
pub mod corpus_findings;
pub mod corpus_schema;
pub mod entities;
pub mod event;
pub mod event_rows;
pub mod event_texts;
pub mod findings;
pub mod learned;
pub mod ordinal;
pub mod quotes;
pub mod substitutions;

use crate::text::{AnalyzedDoc, Token};
use crate::{Error, Result};

/// The analysed documents of one event, one per outlet.
pub type EventDocs<'a> = [(&'a str, &'a AnalyzedDoc)];

/// Whether a token carries meaning for matching: a word with letters that
/// is not a stop word. Stop words and numbers agree between any two
/// sentences and would make unrelated sentences look alike.
pub(crate) fn is_content(token: &Token) -> bool {
    token.is_alpha && !token.is_stop
}

/// Reject an event whose outlet ids repeat: results are keyed by outlet, so
/// a repeated id would silently merge two documents.
pub(crate) fn check_outlets(docs: &EventDocs<'_>) -> Result<()> {
    for (i, (a, _)) in docs.iter().enumerate() {
        if docs[..i].iter().any(|(b, _)| b == a) {
            return Err(Error::input(
                format!("outlet {a}"),
                "appears twice in one event; give each document its own outlet id",
            ));
        }
    }
    Ok(())
}

/// For each token of a document, whether it looks like a proper name:
/// written in capitals ("US"), capitalised inside a sentence, or
/// capitalised at a sentence start while the same word is capitalised
/// inside a sentence elsewhere in the document and never written in lower
/// case ("Kremlin spokesperson …"). Differences between names ("Poutine" /
/// "Putin", "Kremlin" / "Moscow") are spelling or reference noise, not
/// word choice, and every sentence of an event shares them.
pub(crate) fn name_mask(doc: &AnalyzedDoc) -> Vec<bool> {
    let first: std::collections::HashSet<usize> =
        doc.sentences.iter().map(|s| s.token_start).collect();
    let shape = |i: usize| -> (bool, bool) {
        let t = &doc.tokens[i];
        let written = doc.slice(t.start, t.end);
        let mut letters = written.chars().filter(|c| c.is_alphabetic());
        let upper_initial = written.chars().next().is_some_and(char::is_uppercase);
        let n_letters = written.chars().filter(|c| c.is_alphabetic()).count();
        let all_caps = n_letters >= 2 && letters.all(char::is_uppercase);
        (upper_initial, all_caps)
    };
    let mut capital_inside: std::collections::HashSet<&str> = Default::default();
    let mut lower: std::collections::HashSet<&str> = Default::default();
    for (i, t) in doc.tokens.iter().enumerate() {
        let (upper, _) = shape(i);
        if !upper {
            lower.insert(t.norm.as_str());
        } else if !first.contains(&i) {
            capital_inside.insert(t.norm.as_str());
        }
    }
    (0..doc.tokens.len())
        .map(|i| {
            let (upper, all_caps) = shape(i);
            let norm = doc.tokens[i].norm.as_str();
            all_caps
                || (upper && !first.contains(&i))
                || (upper && capital_inside.contains(norm) && !lower.contains(norm))
        })
        .collect()
}

/// A tiny analyser for unit tests with hand-built inputs: sentences end at
/// `.`, `!` or `?`; quotes are `“…”` (one to three words: scare quotes);
/// the stem is the word without a final "s"; a handful of stop words.
/// A quote directly followed by `, NAME VERB` gets that speaker.
#[cfg(test)]
pub(crate) mod testdoc {
    use crate::text::{AnalyzedDoc, Quote, QuoteKind, Sentence, Speaker, SpeakerCue, Token};

    const STOP: &[&str] = &[
        "a", "an", "the", "of", "to", "in", "on", "and", "is", "was", "he", "she", "it", "that",
        "his", "him", "as", "for", "with", "by", "has", "had", "be", "been", "this", "we", "our",
    ];

    pub fn doc(text: &str) -> AnalyzedDoc {
        let mut d = AnalyzedDoc {
            text: text.to_string(),
            ..Default::default()
        };
        // Quotes first, so tokens can point at them.
        let mut open: Option<(usize, usize)> = None;
        for (i, c) in text.char_indices() {
            if c == '\u{201c}' {
                open = Some((i, i + c.len_utf8()));
            } else if c == '\u{201d}' {
                if let Some((s, is)) = open.take() {
                    d.quotes.push(Quote {
                        start: s,
                        end: i + c.len_utf8(),
                        inner_start: is,
                        inner_end: i,
                        kind: QuoteKind::Quotation,
                        n_words: 0,
                        sentence: 0,
                        speaker: None,
                    });
                }
            }
        }
        let mut sent_start_byte = 0;
        let mut sent_tok = 0;
        let mut word: Option<usize> = None;
        let bytes: Vec<(usize, char)> = text.char_indices().chain([(text.len(), ' ')]).collect();
        for &(i, c) in &bytes {
            let is_word = c.is_alphanumeric() || c == '\'' || c == '-';
            match (word, is_word) {
                (None, true) => word = Some(i),
                (Some(s), false) => {
                    let w = &text[s..i];
                    let norm = w.to_lowercase();
                    let stem = norm.strip_suffix('s').unwrap_or(&norm).to_string();
                    let quote = d
                        .quotes
                        .iter()
                        .position(|q| q.inner_start <= s && i <= q.inner_end);
                    d.tokens.push(Token {
                        start: s,
                        end: i,
                        is_stop: STOP.contains(&norm.as_str()),
                        is_alpha: norm.chars().any(char::is_alphabetic),
                        norm,
                        stem,
                        sentence: d.sentences.len(),
                        quote,
                    });
                    word = None;
                }
                _ => {}
            }
            if matches!(c, '.' | '!' | '?') || i == text.len() {
                if d.tokens.len() > sent_tok {
                    d.sentences.push(Sentence {
                        start: sent_start_byte,
                        end: (i + 1).min(text.len()),
                        token_start: sent_tok,
                        token_end: d.tokens.len(),
                    });
                }
                sent_tok = d.tokens.len();
                sent_start_byte = (i + 1).min(text.len());
            }
        }
        for qi in 0..d.quotes.len() {
            let toks: Vec<usize> = (0..d.tokens.len())
                .filter(|&t| d.tokens[t].quote == Some(qi))
                .collect();
            let q = &mut d.quotes[qi];
            q.n_words = toks.len();
            q.kind = if toks.len() <= 3 {
                QuoteKind::Scare
            } else {
                QuoteKind::Quotation
            };
            if let Some(&t) = toks.first() {
                q.sentence = d.tokens[t].sentence;
            }
            let rest = &text[q.end..];
            let after: Vec<&str> = rest
                .trim_start_matches([',', ' '])
                .split([' ', '.', ','])
                .take(2)
                .collect();
            if rest.starts_with(',')
                && after.len() == 2
                && after[0].chars().next().is_some_and(char::is_uppercase)
            {
                let verb_start = q.end + rest.find(after[1]).unwrap_or(0);
                q.speaker = Some(Speaker {
                    name: after[0].to_string(),
                    mention: after[0].to_string(),
                    verb: Some(after[1].to_string()),
                    verb_span: Some((verb_start, verb_start + after[1].len())),
                    cue: SpeakerCue::NameVerb,
                });
            }
        }
        d
    }
}
