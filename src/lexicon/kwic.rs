//! Keyword in context (quanteda's `kwic`): every occurrence of some terms
//! with the words around it, and what framelens adds: whether the words
//! are the outlet's own or quoted, and who is quoted.
//!
//! Terms are written as lexicon entries are (`docs/lexicon-format.md`): a
//! word, a phrase of several words, a `*` glob at the end of a word
//! (`migra*`), or `stem:` for every form of a word. Each term is one
//! category of an ad hoc lexicon, so the matcher that finds lexicon words
//! finds these, with the same normalisation.

use super::matcher::Matcher;
use super::model::{parse_entry, Category, Lexicon, Loaded};
use crate::text::{AnalyzedDoc, QuoteKind, Voice};
use crate::{Error, Result};
use serde::Serialize;

/// One occurrence and its context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KwicRow {
    pub doc: String,
    pub outlet: String,
    pub event: String,
    /// Index of the sentence (from 0) in the cleaned text.
    pub sentence: usize,
    /// Byte offsets of the keyword in the cleaned text.
    pub start: usize,
    pub end: usize,
    /// Up to `window` words before the keyword, as written.
    pub pre: String,
    /// The keyword as written.
    pub keyword: String,
    /// Up to `window` words after the keyword, as written.
    pub post: String,
    /// The term (as the caller wrote it) that matched.
    pub pattern: String,
    pub voice: Voice,
    pub quote_kind: Option<QuoteKind>,
    /// The quoted speaker, when the text names one.
    pub speaker: Option<String>,
}

/// A document to search, with the labels its rows carry.
#[derive(Debug, Clone, Copy)]
pub struct KwicDoc<'a> {
    pub id: &'a str,
    pub outlet: &'a str,
    pub event: &'a str,
    pub doc: &'a AnalyzedDoc,
}

/// The matcher for `patterns`, one category per pattern. A pattern that
/// holds no word (empty, punctuation only) is an error naming it.
fn pattern_matcher(patterns: &[String]) -> Result<Matcher> {
    if patterns.is_empty() {
        return Err(Error::param("terms", "give at least one term"));
    }
    let categories = patterns
        .iter()
        .map(|p| {
            let entry = parse_entry(p, false, 1.0)
                .filter(|_| p.chars().any(char::is_alphanumeric))
                .ok_or_else(|| Error::param("terms", format!("{p:?} holds no word")))?;
            Ok(Category {
                name: p.clone(),
                parent: None,
                provenance: "search term".to_string(),
                entries: vec![entry],
                loaded: Loaded::No,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Matcher::new(&[Lexicon {
        name: "kwic".to_string(),
        description: "search terms".to_string(),
        origin: "kwic".to_string(),
        categories,
        concepts: Vec::new(),
        loaded_from_grade: None,
    }]))
}

/// Every occurrence of `patterns` in `docs` with `window` words of context
/// on each side (context runs across sentences, as quanteda's does), in
/// document and text order, restricted to `voice`.
pub fn kwic(
    docs: &[KwicDoc<'_>],
    patterns: &[String],
    window: usize,
    voice: Voice,
) -> Result<Vec<KwicRow>> {
    let matcher = pattern_matcher(patterns)?;
    let mut rows = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let tokens = &d.doc.tokens;
        for m in matcher.find(i, d.doc) {
            if !voice.includes(m.voice == Voice::Quoted) {
                continue;
            }
            let first = m.token_start.saturating_sub(window);
            let last = (m.token_end + window).min(tokens.len());
            let pre = match tokens.get(first) {
                Some(t) if first < m.token_start => d.doc.slice(t.start, m.start),
                _ => "",
            };
            let post = match tokens.get(last.wrapping_sub(1)) {
                Some(t) if last > m.token_end => d.doc.slice(m.end, t.end),
                _ => "",
            };
            rows.push(KwicRow {
                doc: d.id.to_string(),
                outlet: d.outlet.to_string(),
                event: d.event.to_string(),
                sentence: m.sentence,
                start: m.start,
                end: m.end,
                pre: one_line(pre),
                keyword: one_line(&m.text),
                post: one_line(post),
                pattern: m.category.clone(),
                voice: m.voice,
                quote_kind: m.quote_kind,
                speaker: m.speaker.clone(),
            });
        }
    }
    Ok(rows)
}

/// Context on one line, runs of white space as one space: a concordance
/// line is read across, and paragraph breaks would split it.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::shared_analyzer;

    fn search(text: &str, terms: &[&str], window: usize, voice: Voice) -> Vec<KwicRow> {
        let doc = shared_analyzer(None).analyze(text);
        let docs = [KwicDoc {
            id: "d1",
            outlet: "o",
            event: "e",
            doc: &doc,
        }];
        let terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
        kwic(&docs, &terms, window, voice).unwrap()
    }

    #[test]
    fn words_phrases_globs_and_stems_with_context() {
        let text = "Biden said Putin is a killer. The Kremlin called the remark \"unprecedented\". Killers, murderers and a killing spree.";
        let rows = search(text, &["killer"], 3, Voice::All);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].pre, "Putin is a");
        assert_eq!(rows[0].keyword, "killer");
        assert_eq!(rows[0].post, ". The Kremlin called");
        assert_eq!(rows[0].sentence, 0);
        let globbed = search(text, &["kill*"], 1, Voice::All);
        assert_eq!(
            globbed
                .iter()
                .map(|r| r.keyword.as_str())
                .collect::<Vec<_>>(),
            ["killer", "Killers", "killing"]
        );
        let phrase = search(text, &["the remark"], 2, Voice::All);
        assert_eq!(phrase[0].keyword, "the remark");
        assert_eq!(phrase[0].pre, "Kremlin called");
        let stems = search(text, &["stem:murder"], 0, Voice::All);
        assert_eq!(stems[0].keyword, "murderers");
        assert_eq!((stems[0].pre.as_str(), stems[0].post.as_str()), ("", ""));
    }

    #[test]
    fn voice_and_speaker_of_quoted_words() {
        let text =
            "“He is a killer,” Biden said. Reporters asked whether the killer remark was wise.";
        let all = search(text, &["killer"], 2, Voice::All);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].voice, Voice::Quoted);
        assert_eq!(all[0].speaker.as_deref(), Some("Biden"));
        assert_eq!(all[1].voice, Voice::Own);
        let own = search(text, &["killer"], 2, Voice::Own);
        assert_eq!(own.len(), 1);
        assert_eq!(own[0].pre, "whether the");
    }

    #[test]
    fn a_term_without_words_is_refused() {
        let doc = shared_analyzer(None).analyze("text");
        let docs = [KwicDoc {
            id: "d",
            outlet: "o",
            event: "e",
            doc: &doc,
        }];
        let err = kwic(&docs, &["--".to_string()], 3, Voice::All).unwrap_err();
        assert!(err.to_string().contains("\"--\" holds no word"), "{err}");
        assert!(kwic(&docs, &[], 3, Voice::All).is_err());
    }
}
