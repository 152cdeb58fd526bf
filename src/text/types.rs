//! Types produced by text analysis. Offsets are byte offsets into
//! [`AnalyzedDoc::text`].

use serde::{Deserialize, Serialize};

/// Which part of a document a measure is taken on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Voice {
    /// Words outside any quotation: what the outlet says itself.
    Own,
    /// Words inside quotation marks: what the outlet reports others said.
    Quoted,
    /// Every word.
    #[default]
    All,
}

impl Voice {
    /// Whether a token with this quote membership counts for this voice.
    pub fn includes(self, in_quote: bool) -> bool {
        match self {
            Voice::Own => !in_quote,
            Voice::Quoted => in_quote,
            Voice::All => true,
        }
    }
}

/// A word token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Token {
    /// Byte offsets of the word as written.
    pub start: usize,
    pub end: usize,
    /// Lowercased, NFKC-normalised form, curly apostrophes made straight.
    pub norm: String,
    /// Snowball stem of `norm` (language of the document, English default).
    pub stem: String,
    /// Index of the sentence holding the token.
    pub sentence: usize,
    /// Index into [`AnalyzedDoc::quotes`] of the innermost quote holding
    /// the token, if any.
    pub quote: Option<usize>,
    pub is_stop: bool,
    /// True when the token has at least one letter (not a pure number).
    pub is_alpha: bool,
}

/// A sentence span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Range of token indices `[token_start, token_end)` in this sentence.
    pub token_start: usize,
    pub token_end: usize,
}

/// How a quoted span is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Reported speech (four words or more, or a full clause).
    Quotation,
    /// One to three words set in quotes to distance the outlet from them
    /// (a "scare quote": “killer”).
    Scare,
}

/// How the speaker of a quote was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerCue {
    /// "..., Peskov said" / "Peskov said: ..."
    NameVerb,
    /// "..., said Peskov"
    VerbName,
    /// "according to the embassy"
    AccordingTo,
    /// "he added" resolved to the person named just before.
    Pronoun,
    /// A quote continuing the previous quote's speaker in the same paragraph.
    Continuation,
}

/// Who said a quote, as the text names them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// Canonical name: the last name of a person ("Peskov"), or the noun
    /// phrase of an institution ("the embassy").
    pub name: String,
    /// The speaker mention as written in the text.
    pub mention: String,
    /// The attribution verb as written ("said", "claimed"), when there is one.
    pub verb: Option<String>,
    /// Byte offsets of the attribution verb, when there is one.
    pub verb_span: Option<(usize, usize)>,
    pub cue: SpeakerCue,
}

/// A quoted span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Byte offsets including the quotation marks.
    pub start: usize,
    pub end: usize,
    /// Byte offsets of the content between the marks.
    pub inner_start: usize,
    pub inner_end: usize,
    pub kind: QuoteKind,
    /// Number of word tokens inside.
    pub n_words: usize,
    /// Sentence holding the opening mark.
    pub sentence: usize,
    pub speaker: Option<Speaker>,
}

/// A document after text analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AnalyzedDoc {
    /// The (cleaned) text the offsets refer to.
    pub text: String,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub quotes: Vec<Quote>,
}

impl AnalyzedDoc {
    /// Text of a span.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        self.text.get(start..end).unwrap_or("")
    }

    /// The inner text of a quote.
    pub fn quote_text(&self, quote: &Quote) -> &str {
        self.slice(quote.inner_start, quote.inner_end)
    }

    /// Indices of the tokens inside a quote's marks (those of nested
    /// quotes too), found by binary search: a caller that wants the tokens
    /// of each quote must not walk every token once per quote, which is
    /// quadratic in a long document.
    pub fn quote_token_range(&self, quote: &Quote) -> std::ops::Range<usize> {
        let a = self.tokens.partition_point(|t| t.start < quote.inner_start);
        let b = self.tokens.partition_point(|t| t.end <= quote.inner_end);
        a..b.max(a)
    }

    /// Text of a sentence.
    pub fn sentence_text(&self, index: usize) -> &str {
        self.sentences
            .get(index)
            .map(|s| self.slice(s.start, s.end))
            .unwrap_or("")
    }

    /// Tokens counted for a voice.
    pub fn tokens_in(&self, voice: Voice) -> impl Iterator<Item = &Token> {
        self.tokens
            .iter()
            .filter(move |t| voice.includes(t.quote.is_some()))
    }
}
