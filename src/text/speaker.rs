//! Who said a quote.

use super::{lists, AnalyzedDoc};

/// Canonical form of a speaker name: titles and role nouns stripped, the
/// last word of a person's name kept ("Mr. Putin" -> "Putin", "Kremlin
/// spokesman Dmitry Peskov" -> "Peskov"), possessive "'s" removed.
pub fn canonical_speaker(name: &str) -> String {
    let titles = lists::speaker_titles_en();
    let words: Vec<&str> = name
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let last = words
        .iter()
        .rev()
        .find(|w| !titles.contains(w.to_lowercase().as_str()))
        .or(words.last());
    match last {
        Some(w) => w.trim_end_matches("'s").trim_end_matches("’s").to_string(),
        None => String::new(),
    }
}

/// Fill [`super::Quote::speaker`] where the text names the speaker.
pub(crate) fn attribute(_doc: &mut AnalyzedDoc, _paragraphs: &[(usize, usize)]) {}
