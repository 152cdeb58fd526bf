//! Matching compiled lexicons against an analysed document.
//!
//! Entries are indexed by their first word: exact forms and stems in hash
//! maps, globs in a map keyed by prefix (probed once per distinct prefix
//! length), so a token costs a few hash lookups whatever the lexicon size.
//! Within a category, matches are taken left to right, longest phrase first,
//! and no token is counted twice; different categories may share a token
//! ("claimed" is both a doubting verb and a variant of the concept "saying").

use super::builtin::{builtin, modifiers};
use super::model::{Lexicon, Loaded, Term};
use crate::text::{AnalyzedDoc, QuoteKind, Token, Voice};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// One occurrence of a lexicon entry, with the evidence a reader needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    /// Index of the document in the caller's list.
    pub doc: usize,
    pub sentence: usize,
    /// Token range `[token_start, token_end)`.
    pub token_start: usize,
    pub token_end: usize,
    /// Byte offsets of the words as written.
    pub start: usize,
    pub end: usize,
    /// The words as written in the text.
    pub text: String,
    pub lexicon: String,
    pub category: String,
    /// Global category index in the matcher (see [`Matcher::categories`]).
    pub category_id: usize,
    /// The entry as written in the lexicon.
    pub entry: String,
    pub weight: f64,
    /// A negation cue stands within the window before the match.
    pub negated: bool,
    /// The intensifier just before the match, as written ("very", "deeply").
    pub intensifier: Option<String>,
    /// `Own` outside quotes, `Quoted` inside.
    pub voice: Voice,
    pub quote: Option<usize>,
    pub quote_kind: Option<QuoteKind>,
    /// Canonical name of the quoted speaker, when the text names one.
    pub speaker: Option<String>,
}

/// A category as the matcher knows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryInfo {
    pub lexicon: String,
    pub name: String,
    /// Which of its matches count as loaded language (from the lexicon data).
    #[serde(skip)]
    pub loaded: Loaded,
}

#[derive(Debug, Clone)]
struct Compiled {
    category: usize,
    source: String,
    terms: Vec<Term>,
    weight: f64,
}

/// Lexicons compiled for fast matching.
#[derive(Debug, Clone)]
pub struct Matcher {
    categories: Vec<CategoryInfo>,
    entries: Vec<Compiled>,
    by_norm: HashMap<String, Vec<usize>>,
    by_stem: HashMap<String, Vec<usize>>,
    by_prefix: HashMap<String, Vec<usize>>,
    prefix_lens: Vec<usize>,
    negators: HashSet<String>,
    window: usize,
    intensifiers: HashSet<String>,
}

fn term_matches(term: &Term, tok: &Token) -> bool {
    match term {
        Term::Exact(w) => tok.norm == *w,
        Term::Stem(s) => tok.stem == *s,
        Term::Prefix(p) => tok.norm.starts_with(p.as_str()),
    }
}

impl Matcher {
    /// Compile lexicons (their categories and concept groups).
    pub fn new(lexicons: &[Lexicon]) -> Matcher {
        let mut m = Matcher {
            categories: Vec::new(),
            entries: Vec::new(),
            by_norm: HashMap::new(),
            by_stem: HashMap::new(),
            by_prefix: HashMap::new(),
            prefix_lens: Vec::new(),
            negators: modifiers().negators.iter().cloned().collect(),
            window: modifiers().window,
            intensifiers: HashSet::new(),
        };
        if let Some(int) = builtin("intensifiers") {
            for c in &int.categories {
                for e in &c.entries {
                    if let [Term::Exact(w)] = e.terms.as_slice() {
                        m.intensifiers.insert(w.clone());
                    }
                }
            }
        }
        for lex in lexicons {
            for cat in lex.match_categories() {
                let cid = m.categories.len();
                m.categories.push(CategoryInfo {
                    lexicon: lex.name.clone(),
                    name: cat.name.clone(),
                    loaded: cat.loaded,
                });
                for e in cat.entries {
                    let eid = m.entries.len();
                    let map = match &e.terms[0] {
                        Term::Exact(w) => m.by_norm.entry(w.clone()),
                        Term::Stem(s) => m.by_stem.entry(s.clone()),
                        Term::Prefix(p) => {
                            if !m.prefix_lens.contains(&p.len()) {
                                m.prefix_lens.push(p.len());
                            }
                            m.by_prefix.entry(p.clone())
                        }
                    };
                    map.or_default().push(eid);
                    m.entries.push(Compiled {
                        category: cid,
                        source: e.source,
                        terms: e.terms,
                        weight: e.weight,
                    });
                }
            }
        }
        m.prefix_lens.sort_unstable();
        m
    }

    /// The categories, indexed by [`Match::category_id`].
    pub fn categories(&self) -> &[CategoryInfo] {
        &self.categories
    }

    /// Whether match `m` (found by this matcher) counts as loaded language,
    /// as its category's lexicon data says ([`Loaded`]).
    pub fn counts_as_loaded(&self, m: &Match) -> bool {
        self.categories
            .get(m.category_id)
            .is_some_and(|c| c.loaded.counts(m.weight))
    }

    /// Entries whose first term matches `tok`.
    fn candidates(&self, tok: &Token, out: &mut Vec<usize>) {
        out.clear();
        if let Some(v) = self.by_norm.get(&tok.norm) {
            out.extend_from_slice(v);
        }
        if let Some(v) = self.by_stem.get(&tok.stem) {
            out.extend_from_slice(v);
        }
        for &len in &self.prefix_lens {
            if len > tok.norm.len() {
                break;
            }
            if let Some(p) = tok.norm.get(..len) {
                if let Some(v) = self.by_prefix.get(p) {
                    out.extend_from_slice(v);
                }
            }
        }
    }

    /// Length in tokens of entry `eid` matched at token `i`, if it matches.
    fn match_len(&self, eid: usize, tokens: &[Token], i: usize) -> Option<usize> {
        let terms = &self.entries[eid].terms;
        let sentence = tokens[i].sentence;
        let span = tokens.get(i..i + terms.len())?;
        let ok = span
            .iter()
            .zip(terms)
            .all(|(t, term)| t.sentence == sentence && term_matches(term, t));
        ok.then_some(terms.len())
    }

    fn is_negator(&self, norm: &str) -> bool {
        self.negators.contains(norm) || norm.ends_with("n't")
    }

    /// Every match in `doc`, in text order. `doc_index` is copied into each
    /// match so matches of many documents can be pooled.
    pub fn find(&self, doc_index: usize, doc: &AnalyzedDoc) -> Vec<Match> {
        let tokens = &doc.tokens;
        let mut covered = vec![0usize; self.categories.len()];
        let mut cands = Vec::new();
        // (category, length, entry) of the best entry per category at i.
        let mut best: Vec<(usize, usize, usize)> = Vec::new();
        let mut out = Vec::new();
        for i in 0..tokens.len() {
            self.candidates(&tokens[i], &mut cands);
            if cands.is_empty() {
                continue;
            }
            best.clear();
            for &eid in &cands {
                let cat = self.entries[eid].category;
                if covered[cat] > i {
                    continue;
                }
                if let Some(len) = self.match_len(eid, tokens, i) {
                    match best.iter_mut().find(|b| b.0 == cat) {
                        Some(b) if b.1 < len => *b = (cat, len, eid),
                        Some(_) => {}
                        None => best.push((cat, len, eid)),
                    }
                }
            }
            for &(cat, len, eid) in &best {
                covered[cat] = i + len;
                out.push(self.make_match(doc_index, doc, i, len, eid));
            }
        }
        out
    }

    fn make_match(
        &self,
        doc_index: usize,
        doc: &AnalyzedDoc,
        i: usize,
        len: usize,
        eid: usize,
    ) -> Match {
        let tokens = &doc.tokens;
        let first = &tokens[i];
        let last = &tokens[i + len - 1];
        let entry = &self.entries[eid];
        let info = &self.categories[entry.category];
        let same_sentence_before = (0..i)
            .rev()
            .take_while(|&j| tokens[j].sentence == first.sentence);
        let negated = same_sentence_before
            .clone()
            .take(self.window)
            .any(|j| self.is_negator(&tokens[j].norm));
        let intensifier = same_sentence_before
            .take(1)
            .find(|&j| self.intensifiers.contains(&tokens[j].norm))
            .map(|j| doc.slice(tokens[j].start, tokens[j].end).to_string());
        let quote = first
            .quote
            .and_then(|q| doc.quotes.get(q).map(|qq| (q, qq)));
        Match {
            doc: doc_index,
            sentence: first.sentence,
            token_start: i,
            token_end: i + len,
            start: first.start,
            end: last.end,
            text: doc.slice(first.start, last.end).to_string(),
            lexicon: info.lexicon.clone(),
            category: info.name.clone(),
            category_id: entry.category,
            entry: entry.source.clone(),
            weight: entry.weight,
            negated,
            intensifier,
            voice: if first.quote.is_some() {
                Voice::Quoted
            } else {
                Voice::Own
            },
            quote: quote.map(|(q, _)| q),
            quote_kind: quote.map(|(_, qq)| qq.kind),
            speaker: quote.and_then(|(_, qq)| qq.speaker.as_ref().map(|s| s.name.clone())),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::lexicon::{normalize_word, stem_word, toml_format::parse_toml};
    use crate::text::{Quote, Sentence, Speaker, SpeakerCue};
    use std::path::Path;

    /// A hand-built analysed document: words split on spaces, one sentence
    /// per `.`-terminated word, and quotes between `"` marks given as whole
    /// words (`"killer"`). Stands in for `text::analyze` in unit tests.
    pub fn doc(text: &str) -> AnalyzedDoc {
        let mut d = AnalyzedDoc {
            text: text.to_string(),
            ..Default::default()
        };
        let mut sentence = 0;
        let mut sent_start_tok = 0;
        let mut sent_start = 0;
        let mut in_quote: Option<usize> = None;
        let mut pos = 0;
        for w in text.split(' ') {
            let start = pos;
            pos += w.len() + 1;
            if w.is_empty() {
                continue;
            }
            let opens = w.starts_with('"');
            let mut core = w.trim_start_matches('"');
            let closes = core.trim_end_matches(['.', ',']).ends_with('"');
            let ends_sentence = core.ends_with('.');
            core = core.trim_end_matches(['.', ',', '"']);
            let cstart = start + w.find(core).unwrap_or(0);
            if opens {
                d.quotes.push(Quote {
                    start,
                    end: start,
                    inner_start: start + 1,
                    inner_end: start + 1,
                    kind: QuoteKind::Quotation,
                    n_words: 0,
                    sentence,
                    speaker: None,
                });
                in_quote = Some(d.quotes.len() - 1);
            }
            let norm = normalize_word(core);
            d.tokens.push(Token {
                start: cstart,
                end: cstart + core.len(),
                stem: stem_word(&norm),
                norm,
                sentence,
                quote: in_quote,
                is_stop: false,
                is_alpha: true,
            });
            if let Some(q) = in_quote {
                d.quotes[q].n_words += 1;
                d.quotes[q].end = start + w.len();
                d.quotes[q].kind = if d.quotes[q].n_words <= 3 {
                    QuoteKind::Scare
                } else {
                    QuoteKind::Quotation
                };
            }
            if closes {
                in_quote = None;
            }
            if ends_sentence {
                d.sentences.push(Sentence {
                    start: sent_start,
                    end: start + w.len(),
                    token_start: sent_start_tok,
                    token_end: d.tokens.len(),
                });
                sentence += 1;
                sent_start_tok = d.tokens.len();
                sent_start = pos;
            }
        }
        if sent_start_tok < d.tokens.len() {
            d.sentences.push(Sentence {
                start: sent_start,
                end: text.len(),
                token_start: sent_start_tok,
                token_end: d.tokens.len(),
            });
        }
        d
    }

    fn lexicon() -> Lexicon {
        parse_toml(
            r#"
name = "t"
[[categories]]
name = "labels"
provenance = "test"
entries = ["killer", "war criminal", "war", "stem:murder", "assassin*"]
[[categories]]
name = "hostile"
provenance = "test"
entries = ["hit back", "lashed out", "bad", "troubling"]
"#,
            Path::new("t.toml"),
        )
        .unwrap()
    }

    #[test]
    fn exact_stem_glob_and_longest_phrase() {
        let m = Matcher::new(&[lexicon()]);
        let d = doc("He is a war criminal and a murderer. Assassins came. War began.");
        let found: Vec<_> = m
            .find(0, &d)
            .into_iter()
            .map(|x| (x.text, x.category))
            .collect();
        assert_eq!(
            found,
            vec![
                ("war criminal".to_string(), "labels".to_string()),
                ("murderer".into(), "labels".into()),
                ("Assassins".into(), "labels".into()),
                ("War".into(), "labels".into()),
            ]
        );
    }

    #[test]
    fn phrase_does_not_cross_sentences() {
        let m = Matcher::new(&[lexicon()]);
        let d = doc("They hit. Back then.");
        assert!(m.find(0, &d).is_empty());
    }

    #[test]
    fn negation_and_intensifier() {
        let m = Matcher::new(&[lexicon()]);
        let d = doc("He is not a killer. It was very bad. Deeply troubling.");
        let ms = m.find(0, &d);
        assert_eq!(ms.len(), 3);
        assert!(ms[0].negated);
        assert_eq!(ms[1].intensifier.as_deref(), Some("very"));
        assert!(!ms[1].negated);
        assert_eq!(ms[2].intensifier.as_deref(), Some("Deeply"));
    }

    #[test]
    fn quoted_match_has_voice_and_speaker() {
        let m = Matcher::new(&[lexicon()]);
        let mut d = doc("Biden called him a \"killer\" and Peskov hit back.");
        d.quotes[0].speaker = Some(Speaker {
            name: "Biden".into(),
            mention: "Biden".into(),
            verb: None,
            verb_span: None,
            cue: SpeakerCue::NameVerb,
        });
        let ms = m.find(3, &d);
        assert_eq!(ms.len(), 2);
        assert_eq!(ms[0].voice, Voice::Quoted);
        assert_eq!(ms[0].speaker.as_deref(), Some("Biden"));
        assert_eq!(ms[0].quote_kind, Some(QuoteKind::Scare));
        assert_eq!(&d.text[ms[0].start..ms[0].end], "killer");
        assert_eq!(ms[1].voice, Voice::Own);
        assert_eq!(ms[1].text, "hit back");
        assert_eq!(ms[1].doc, 3);
    }
}
