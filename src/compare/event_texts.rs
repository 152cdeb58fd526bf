//! The text of an event as its explorer page needs it: each outlet's
//! sentences with their word tokens and quoted spans (kind and speaker), in
//! a compact form a browser can search.
//!
//! The analysed documents are gone once an event is compared (only the
//! report is kept for writing), so the page's copy of the text is taken
//! here, bounded: an event of thousands of documents must not put its
//! whole corpus into one HTML page, nor keep it in memory until the run
//! writes. What was left out is counted, so the page can say so.
//!
//! Offsets are in UTF-16 code units from the start of the sentence,
//! because that is how a browser indexes a string; the report's own
//! offsets (bytes of the whole text) stay in report.json and matches.csv.

use super::event::OutletText;
use crate::text::{AnalyzedDoc, QuoteKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Most bytes of sentence text kept for one event's page, shared among its
/// outlets (see [`EventTexts::from_outlets`]). With its tokens this makes
/// at most about 1.2 MB of JSON; a BASIL event holds a tenth of it.
pub const PAGE_TEXT_BYTES: usize = 400_000;

/// One event's sentences for its page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EventTexts {
    /// One entry per outlet, in the report's outlet order.
    pub outlets: Vec<OutletSentences>,
    /// The word forms (normalised, lowercase) the kept tokens refer to.
    pub vocab: Vec<String>,
    /// The Snowball stem of each of `vocab`.
    pub stems: Vec<String>,
    /// 1 where the form of `vocab` is a content word (counted by keyness),
    /// 0 for stop words and numbers.
    pub content: Vec<u8>,
    /// The bound on sentence text, in bytes, the event was cut to.
    pub budget: usize,
}

/// The kept sentences of one outlet.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OutletSentences {
    pub outlet: String,
    /// Sentences in the outlet's text; `sentences` holds the first of them
    /// up to the outlet's share of [`PAGE_TEXT_BYTES`].
    pub total_sentences: usize,
    pub sentences: Vec<SentenceText>,
}

/// One sentence: its index in the outlet's text (the `sentence` of
/// alignment.csv, substitutions and matches.csv), text, tokens and quotes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SentenceText {
    pub i: usize,
    pub t: String,
    /// Tokens, flat: start, end (UTF-16 units in `t`) and index into
    /// [`EventTexts::vocab`], three numbers per token.
    pub k: Vec<u32>,
    /// Quoted spans inside this sentence (clipped to it).
    pub q: Vec<QuoteSpan>,
}

/// A quoted span of a sentence: `[start, end, kind, speaker]`, with kind 0
/// for a quotation, 1 for a scare quote, and the speaker's canonical name
/// when the text names one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QuoteSpan(pub u32, pub u32, pub u8, pub Option<String>);

impl EventTexts {
    /// The sentences of every outlet of an event, cut to [`PAGE_TEXT_BYTES`]:
    /// each outlet keeps its first sentences up to an equal share, and the
    /// share a short outlet does not use goes to the longer ones, so a
    /// small event is kept whole.
    pub fn from_outlets(texts: &[OutletText]) -> EventTexts {
        Self::bounded(
            texts.iter().map(|t| (t.info.id.as_str(), &t.doc)),
            PAGE_TEXT_BYTES,
        )
    }

    /// [`Self::from_outlets`] with the bound `budget`.
    pub fn bounded<'a>(
        outlets: impl IntoIterator<Item = (&'a str, &'a AnalyzedDoc)>,
        budget: usize,
    ) -> EventTexts {
        let outlets: Vec<(&str, &AnalyzedDoc)> = outlets.into_iter().collect();
        let shares = shares(
            &outlets
                .iter()
                .map(|(_, d)| sentence_bytes(d))
                .collect::<Vec<_>>(),
            budget,
        );
        let mut vocab: BTreeMap<&str, (u32, &str, bool)> = BTreeMap::new();
        // First pass: which sentences are kept, and the vocabulary they use.
        let kept: Vec<usize> = outlets
            .iter()
            .zip(&shares)
            .map(|((_, doc), &share)| {
                let mut used = 0usize;
                doc.sentences
                    .iter()
                    .take_while(|s| {
                        used += s.end.saturating_sub(s.start);
                        used <= share
                    })
                    .count()
            })
            .collect();
        for ((_, doc), &n) in outlets.iter().zip(&kept) {
            let end = doc
                .sentences
                .get(n.wrapping_sub(1))
                .map_or(0, |s| s.token_end);
            for t in doc.tokens.get(..end).unwrap_or_default() {
                vocab
                    .entry(t.norm.as_str())
                    .or_insert((0, t.stem.as_str(), super::is_content(t)));
            }
        }
        for (i, v) in vocab.values_mut().enumerate() {
            v.0 = i as u32;
        }
        let out_outlets = outlets
            .iter()
            .zip(&kept)
            .map(|((id, doc), &n)| OutletSentences {
                outlet: id.to_string(),
                total_sentences: doc.sentences.len(),
                sentences: (0..n).map(|i| sentence_text(doc, i, &vocab)).collect(),
            })
            .collect();
        EventTexts {
            outlets: out_outlets,
            stems: vocab.values().map(|v| v.1.to_string()).collect(),
            content: vocab.values().map(|v| u8::from(v.2)).collect(),
            vocab: vocab.keys().map(|k| k.to_string()).collect(),
            budget,
        }
    }

    /// Sentences left out of the page, per outlet id (only outlets that
    /// lost some).
    pub fn cut(&self) -> Vec<(&str, usize, usize)> {
        self.outlets
            .iter()
            .filter(|o| o.sentences.len() < o.total_sentences)
            .map(|o| (o.outlet.as_str(), o.sentences.len(), o.total_sentences))
            .collect()
    }
}

fn sentence_bytes(doc: &AnalyzedDoc) -> usize {
    doc.sentences
        .iter()
        .map(|s| s.end.saturating_sub(s.start))
        .sum()
}

/// Each outlet's share of `budget` bytes: equal shares, with what an outlet
/// needs less than its share handed on to the others (water-filling).
fn shares(sizes: &[usize], budget: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by_key(|&i| sizes[i]);
    let mut out = vec![0; sizes.len()];
    let mut left = budget;
    for (k, &i) in order.iter().enumerate() {
        let fair = left / (sizes.len() - k);
        out[i] = sizes[i].min(fair);
        left -= out[i];
    }
    out
}

/// The UTF-16 offset (as a browser counts) of every byte offset of `text`,
/// built in one pass: looking each token up by re-counting the sentence's
/// prefix made one long sentence (a run-on of thousands of clauses) cost the
/// square of its length. A byte inside a character maps to that
/// character's start; the last entry is the whole length.
fn utf16_offsets(text: &str) -> Vec<u32> {
    let mut out = Vec::with_capacity(text.len() + 1);
    let mut units = 0u32;
    for c in text.chars() {
        out.extend(std::iter::repeat_n(units, c.len_utf8()));
        units += c.len_utf16() as u32;
    }
    out.push(units);
    out
}

fn sentence_text(
    doc: &AnalyzedDoc,
    i: usize,
    vocab: &BTreeMap<&str, (u32, &str, bool)>,
) -> SentenceText {
    let s = &doc.sentences[i];
    let text = doc.slice(s.start, s.end);
    let offsets = utf16_offsets(text);
    // UTF-16 offset of a byte offset of the whole text, within this sentence.
    let at = |byte: usize| {
        let b = byte.clamp(s.start, s.start + text.len()) - s.start;
        offsets[b]
    };
    let mut k = Vec::with_capacity(3 * (s.token_end - s.token_start));
    for t in doc
        .tokens
        .get(s.token_start..s.token_end)
        .unwrap_or_default()
    {
        if let Some(v) = vocab.get(t.norm.as_str()) {
            k.extend([at(t.start), at(t.end), v.0]);
        }
    }
    let q = doc
        .quotes
        .iter()
        .filter(|q| q.inner_start < s.end && q.inner_end > s.start)
        .map(|q| {
            QuoteSpan(
                at(q.inner_start),
                at(q.inner_end),
                u8::from(q.kind == QuoteKind::Scare),
                q.speaker.as_ref().map(|sp| sp.name.clone()),
            )
        })
        .collect();
    SentenceText {
        i,
        t: text.to_string(),
        k,
        q,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    #[test]
    fn offsets_are_utf16_and_quotes_carry_their_speaker() {
        let doc = analyze(
            "Der “Killer” kam. “It was a crime,” said Peskov. Naïve 😀 words.",
            None,
        );
        let t = EventTexts::bounded([("a", &doc)], 10_000);
        let s = &t.outlets[0].sentences;
        assert_eq!(s.len(), 3);
        let word = |sent: &SentenceText, n: usize| {
            let u: Vec<u16> = sent.t.encode_utf16().collect();
            let (a, b) = (sent.k[3 * n] as usize, sent.k[3 * n + 1] as usize);
            (
                String::from_utf16(&u[a..b]).unwrap(),
                t.vocab[sent.k[3 * n + 2] as usize].clone(),
            )
        };
        assert_eq!(word(&s[0], 1), ("Killer".into(), "killer".into()));
        assert_eq!((s[0].q[0].0, s[0].q[0].1, s[0].q[0].2), (5, 11, 1));
        assert_eq!(s[1].q.len(), 1);
        assert_eq!(s[1].q[0].2, 0);
        assert_eq!(s[1].q[0].3.as_deref(), Some("Peskov"));
        // After an emoji (two UTF-16 units) the offsets still find the word.
        let n = (0..s[2].k.len() / 3)
            .find(|&n| word(&s[2], n).1 == "words")
            .unwrap();
        assert_eq!(word(&s[2], n).0, "words");
        let killer = t.vocab.iter().position(|v| v == "killer").unwrap();
        assert_eq!(t.stems[killer], "killer");
        assert_eq!(t.content[killer], 1);
    }

    #[test]
    fn utf16_offsets_count_as_a_browser_does() {
        let text = "aé😀b";
        let offsets = utf16_offsets(text);
        assert_eq!(offsets.len(), text.len() + 1);
        for (byte, _) in text.char_indices() {
            let expected = text[..byte].encode_utf16().count() as u32;
            assert_eq!(offsets[byte], expected, "at byte {byte}");
        }
        // Inside the emoji's four bytes: its start; at the end: the length.
        assert_eq!(&offsets[3..7], &[2, 2, 2, 2]);
        assert_eq!(offsets[text.len()], 5);
    }

    #[test]
    fn the_budget_is_shared_and_what_is_cut_is_counted() {
        let short = analyze("One short line.", None);
        let long_text = "A sentence of some length here. ".repeat(100);
        let long = analyze(&long_text, None);
        let t = EventTexts::bounded([("s", &short), ("l", &long)], 400);
        assert_eq!(t.outlets[0].sentences.len(), 1, "the short text is whole");
        let kept = t.outlets[1].sentences.len();
        assert!(kept > 6 && kept < 100, "{kept}");
        assert_eq!(t.cut(), vec![("l", kept, 100)]);
        assert_eq!(shares(&[10, 1000, 1000], 400), vec![10, 195, 195]);
    }
}
