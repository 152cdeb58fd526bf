//! Text analysis: normalisation, tokens with byte offsets, sentences,
//! stems, stop words, n-grams and quotes with their speakers.
//!
//! The [`AnalyzedDoc`] produced here is what every later measure reads.
//! Each token knows whether it stands inside a quote, so every measure can
//! be taken on the outlet's own voice, on quoted speech, or on both.
//!
//! Pipeline, one module each: [`tokenize`] (word spans) -> [`normalize`]
//! (norm) -> [`stem`] (cached Snowball stem) -> [`sentence`] (paragraphs,
//! sentences) -> [`quotes`] (quoted spans) -> [`speaker`] (who said it).
//!
//! Quote kinds: a quote of one to three words is [`QuoteKind::Scare`]
//! (“killer”, “very bad.”), unless it is a full sentence of two or three
//! words (starts with a capital and ends with `.`, `!` or `?`: “Mhmm. I
//! do.”); anything longer is a [`QuoteKind::Quotation`]. Quotes with no word
//! at all are dropped.

mod actor_mentions;
mod fxhash;
mod lists;
mod ngram;
mod normalize;
mod prepared;
mod quotes;
mod sentence;
mod speaker;
mod stem;
mod tokenize;
mod types;

pub use actor_mentions::{
    actor_labels_in, full_names_opening, titled_form, ActorNames, FoundLabel, LabelKind,
};
pub use ngram::{content_norms, content_stems, ngrams};
pub use normalize::normalize;
pub use prepared::Prepared;
pub use speaker::{
    canonical_speaker, description_key, name_forms, named_people, organisation_forms,
    organisation_head, organisation_parts, same_place, NameForm,
};
pub use stem::{algorithm_for, StemCache};
pub use types::*;

use fxhash::FxHashSet as HashSet;
use std::sync::OnceLock;

/// Analyses texts of one language. Cheap to share: it is `Send + Sync`,
/// and its stem cache is shared by every thread that uses it.
#[derive(Debug)]
pub struct Analyzer {
    language: String,
    stems: StemCache,
    stopwords: &'static HashSet<&'static str>,
    /// Words that, with a final period, do not end a sentence.
    abbreviations: &'static HashSet<&'static str>,
}

static EMPTY: OnceLock<HashSet<&'static str>> = OnceLock::new();

/// Stop words and sentence abbreviations of a Snowball language, from the
/// lists in `data/`. Stop words ship for English, German and French; other
/// languages get none (every `is_stop` false), so that no English word is
/// dropped from, say, a Spanish text. Their sentences are split with the
/// English abbreviations (titles and Latin forms such as "Dr." and "etc."
/// are shared widely) and no stop words.
fn language_lists(
    algorithm: rust_stemmers::Algorithm,
) -> (
    &'static HashSet<&'static str>,
    &'static HashSet<&'static str>,
) {
    use rust_stemmers::Algorithm;
    match algorithm {
        Algorithm::English => (lists::stopwords_en(), lists::abbreviations_en()),
        Algorithm::German => (lists::stopwords_de(), lists::abbreviations_de()),
        Algorithm::French => (lists::stopwords_fr(), lists::abbreviations_fr()),
        _ => (
            EMPTY.get_or_init(HashSet::default),
            lists::abbreviations_en(),
        ),
    }
}

impl Analyzer {
    /// An analyzer for `language` (ISO code or English name). Returns a
    /// parameter error for a language Snowball has no stemmer for.
    ///
    /// Stemmer, stop words and sentence abbreviations are the language's
    /// (see [`language_lists`] for which languages have lists); quote rules
    /// are shared by every language.
    pub fn new(language: &str) -> crate::Result<Self> {
        let algorithm = algorithm_for(language).ok_or_else(|| {
            crate::Error::param(
                "language",
                format!("no Snowball stemmer for language {language:?}"),
            )
        })?;
        let (stopwords, abbreviations) = language_lists(algorithm);
        Ok(Self {
            language: language.to_string(),
            stems: StemCache::new(algorithm),
            stopwords,
            abbreviations,
        })
    }

    /// The English analyzer.
    pub fn english() -> Self {
        Self {
            language: "en".to_string(),
            stems: StemCache::new(rust_stemmers::Algorithm::English),
            stopwords: lists::stopwords_en(),
            abbreviations: lists::abbreviations_en(),
        }
    }

    /// The language this analyzer was made for.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The shared stem cache.
    pub fn stems(&self) -> &StemCache {
        &self.stems
    }

    /// Whether a normalised word is a stop word for this language.
    pub fn is_stop(&self, norm: &str) -> bool {
        self.stopwords.contains(norm)
    }

    /// Analyse one text. Offsets in the result refer to `text` as given.
    pub fn analyze(&self, text: &str) -> AnalyzedDoc {
        self.analyze_with(text, true)
    }

    /// [`Analyzer::analyze`] without naming the speakers of quotes (every
    /// quote's `speaker` is None and no scare quote is promoted to a
    /// quotation): tokens, sentences, quotes and each token's voice are
    /// the same. Speaker attribution is a large part of the analysis and
    /// counts by voice do not need it; [`Analyzer::attribute_speakers`]
    /// completes the analysis of a document that turns out to need it.
    pub fn analyze_unattributed(&self, text: &str) -> AnalyzedDoc {
        self.analyze_with(text, false)
    }

    /// Name the speakers of a document analysed by
    /// [`Analyzer::analyze_unattributed`]: the result equals
    /// [`Analyzer::analyze`] of its text. Call it once per document.
    pub fn attribute_speakers(&self, doc: &mut AnalyzedDoc) {
        let paragraphs = sentence::paragraphs(&doc.text);
        speaker::attribute(doc, &paragraphs);
    }

    fn analyze_with(&self, text: &str, speakers: bool) -> AnalyzedDoc {
        let spans = tokenize::tokenize(text);
        let paragraphs = sentence::paragraphs(text);
        let sentence_spans = sentence::sentences(
            text,
            &paragraphs,
            &spans,
            self.abbreviations,
            self.stopwords,
        );

        let mut buf = String::new();
        let mut tokens = Vec::with_capacity(spans.len());
        let mut sent = 0usize;
        for s in &spans {
            while sent + 1 < sentence_spans.len() && sentence_spans[sent + 1].0 <= s.start {
                sent += 1;
            }
            let form = &text[s.start..s.end];
            normalize::normalize_into(form, &mut buf);
            let stem = self.stems.stem(&buf);
            tokens.push(Token {
                start: s.start,
                end: s.end,
                norm: buf.clone(),
                stem,
                sentence: sent,
                quote: None,
                is_stop: self.stopwords.contains(buf.as_str()),
                is_alpha: form.chars().any(char::is_alphabetic),
            });
        }

        let mut sentences = Vec::with_capacity(sentence_spans.len());
        for (i, &(start, end)) in sentence_spans.iter().enumerate() {
            let token_start = tokens.partition_point(|t| t.sentence < i);
            let token_end = tokens.partition_point(|t| t.sentence <= i);
            sentences.push(Sentence {
                start,
                end,
                token_start,
                token_end,
            });
        }

        let mut doc = AnalyzedDoc {
            text: text.to_string(),
            tokens,
            sentences,
            quotes: Vec::new(),
        };
        doc.quotes = build_quotes(&doc, &quotes::find_quotes(text, &paragraphs));
        assign_token_quotes(&mut doc);
        if speakers {
            speaker::attribute(&mut doc, &paragraphs);
        }
        doc
    }
}

/// Turn raw spans into typed quotes: word count, kind, sentence.
fn build_quotes(doc: &AnalyzedDoc, raw: &[quotes::RawQuote]) -> Vec<Quote> {
    let mut out = Vec::with_capacity(raw.len());
    for q in raw {
        let first = doc.tokens.partition_point(|t| t.start < q.inner_start);
        let last = doc.tokens.partition_point(|t| t.end <= q.inner_end);
        let n_words = last.saturating_sub(first);
        if n_words == 0 {
            continue;
        }
        let inner = doc.slice(q.inner_start, q.inner_end);
        let kind = if n_words >= 4 || (n_words >= 2 && is_full_sentence(inner)) {
            QuoteKind::Quotation
        } else {
            QuoteKind::Scare
        };
        let sentence = doc
            .sentences
            .partition_point(|s| s.start <= q.start)
            .saturating_sub(1);
        out.push(Quote {
            start: q.start,
            end: q.end,
            inner_start: q.inner_start,
            inner_end: q.inner_end,
            kind,
            n_words,
            sentence,
            speaker: None,
        });
    }
    out
}

/// Starts with a capital and ends with sentence-final punctuation.
fn is_full_sentence(inner: &str) -> bool {
    let starts = inner.chars().next().is_some_and(char::is_uppercase);
    let last = inner
        .trim_end_matches(|c: char| c.is_whitespace() || "\"'’”)".contains(c))
        .chars()
        .next_back();
    starts && matches!(last, Some('.' | '!' | '?'))
}

/// Give each token the index of the innermost quote holding it.
fn assign_token_quotes(doc: &mut AnalyzedDoc) {
    let mut order: Vec<usize> = (0..doc.quotes.len()).collect();
    // Outer (longer) quotes first, so inner ones overwrite them.
    order.sort_by_key(|&i| std::cmp::Reverse(doc.quotes[i].inner_end - doc.quotes[i].inner_start));
    for qi in order {
        let q = &doc.quotes[qi];
        let (a, b) = (q.inner_start, q.inner_end);
        let first = doc.tokens.partition_point(|t| t.start < a);
        for t in doc.tokens[first..].iter_mut() {
            if t.end > b {
                break;
            }
            t.quote = Some(qi);
        }
    }
}

/// Analyse `text` with the analyzer for `language` (English when `None`
/// or when no stemmer exists for the language): stemmer, stop words and
/// sentence rules of that language. Analyzers are made once
/// per language and shared, so this is cheap to call from many threads.
pub fn analyze(text: &str, language: Option<&str>) -> AnalyzedDoc {
    shared_analyzer(language).analyze(text)
}

/// The shared analyzer for a language (English by default).
pub fn shared_analyzer(language: Option<&str>) -> &'static Analyzer {
    static ENGLISH: OnceLock<Analyzer> = OnceLock::new();
    static OTHERS: OnceLock<std::sync::RwLock<Vec<&'static Analyzer>>> = OnceLock::new();
    let english = || ENGLISH.get_or_init(Analyzer::english);
    let Some(lang) = language else {
        return english();
    };
    match algorithm_for(lang) {
        None | Some(rust_stemmers::Algorithm::English) => english(),
        Some(alg) => {
            let others = OTHERS.get_or_init(Default::default);
            let found = others
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .iter()
                .copied()
                .find(|a| algorithm_for(&a.language) == Some(alg));
            if let Some(a) = found {
                return a;
            }
            let mut w = others.write().unwrap_or_else(|e| e.into_inner());
            if let Some(a) = w
                .iter()
                .copied()
                .find(|a| algorithm_for(&a.language) == Some(alg))
            {
                return a;
            }
            // One analyzer per Snowball language, at most 18: leaking them
            // gives the `'static` lifetime callers need.
            let made: &'static Analyzer = match Analyzer::new(lang) {
                Ok(a) => Box::leak(Box::new(a)),
                Err(_) => return english(),
            };
            w.push(made);
            made
        }
    }
}

#[cfg(test)]
mod tests;
