//! Concept groups learned from a corpus: word pairs that outlets swapped
//! for each other in aligned sentences of several events.
//!
//! One event's substitution can be chance (one reporter's paraphrase); a
//! pair that recurs in at least [`DEFAULT_MIN_EVENTS`] events, between
//! outlets that wrote only one side each, is a habit of wording worth
//! tracking as a concept group. The rule, for each unordered pair of
//! lowercased words found by [`super::substitutions`]:
//!
//! - it counts in an event when the event's aggregated pair has an outlet
//!   on each side (the substitution module already leaves out outlets
//!   that wrote both words);
//! - it is learned when it counts in at least `min_events` events.
//!
//! Each learned pair becomes one concept group of two variants, both of
//! grade 1: the corpus says the words stand for each other, not which is
//! the loaded one (a researcher grades them by editing the file). Pairs
//! are not chained into larger groups, because "a ~ b" and "b ~ c" from
//! different stories need not make "a ~ c". The result is written in
//! framelens' TOML lexicon format (docs/lexicon-format.md), so that
//! `compare --lexicon toml=learned_concepts.toml` and `score --lexicon
//! toml=learned_concepts.toml` load it like any other lexicon.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::substitutions::Substitutions;
use crate::{Error, Result};

/// Default least number of events a pair must recur in to be learned.
/// Two events of one corpus are often the same story on two days (the same
/// wire copy rewritten), so two is the bar for "recurring" in the corpus
/// summary, but a concept group is meant to carry over to new stories.
pub const DEFAULT_MIN_EVENTS: usize = 3;

/// Name of the file the corpus summary writes.
pub const FILE_NAME: &str = "learned_concepts.toml";

/// A word pair learned over the corpus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LearnedPair {
    /// The lexicographically smaller side.
    pub a: String,
    pub b: String,
    /// Events where it was found, sorted.
    pub events: Vec<String>,
    /// Aligned sentence pairs over those events.
    pub count: usize,
    /// Outlets on either side, over those events, sorted.
    pub outlets: Vec<String>,
}

#[derive(Default)]
struct Tally {
    events: BTreeSet<String>,
    count: usize,
    outlets: BTreeSet<String>,
}

/// Collects the substitutions of each event; see the module documentation.
#[derive(Default)]
pub struct ConceptLearner {
    pairs: BTreeMap<(String, String), Tally>,
}

impl ConceptLearner {
    pub fn new() -> Self {
        Self::default()
    }

    /// Fold the substitutions of one event.
    pub fn add(&mut self, event: &str, substitutions: &Substitutions) {
        for p in &substitutions.pairs {
            if p.a.outlets.is_empty()
                || p.b.outlets.is_empty()
                || !usable(&p.a.words)
                || !usable(&p.b.words)
            {
                continue;
            }
            let t = self
                .pairs
                .entry((p.a.words.clone(), p.b.words.clone()))
                .or_default();
            t.events.insert(event.to_string());
            t.count += p.count;
            t.outlets.extend(p.a.outlets.iter().cloned());
            t.outlets.extend(p.b.outlets.iter().cloned());
        }
    }

    /// The pairs found in at least `min_events` events: most events first,
    /// then most sentence pairs, then by the words.
    pub fn learned(&self, min_events: usize) -> Vec<LearnedPair> {
        let mut out: Vec<LearnedPair> = self
            .pairs
            .iter()
            .filter(|(_, t)| t.events.len() >= min_events.max(1))
            .map(|((a, b), t)| LearnedPair {
                a: a.clone(),
                b: b.clone(),
                events: t.events.iter().cloned().collect(),
                count: t.count,
                outlets: t.outlets.iter().cloned().collect(),
            })
            .collect();
        out.sort_by(|x, y| {
            y.events
                .len()
                .cmp(&x.events.len())
                .then(y.count.cmp(&x.count))
                .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
        });
        out
    }
}

/// Whether a side can be written as a plain lexicon entry: the TOML format
/// reads `*` as a glob and a `stem:` prefix as a stem entry, which a
/// substitution's words never mean.
fn usable(words: &str) -> bool {
    !words.is_empty() && !words.contains('*') && !words.starts_with("stem:")
}

#[derive(Serialize)]
struct File<'a> {
    name: &'a str,
    description: String,
    concepts: Vec<Concept>,
}

#[derive(Serialize)]
struct Concept {
    name: String,
    provenance: String,
    variants: Vec<Variant>,
}

#[derive(Serialize)]
struct Variant {
    term: String,
    grade: u32,
}

/// Name of the learned lexicon (`--lexicon` lists it under this name).
pub const LEXICON_NAME: &str = "learned_concepts";

/// The learned pairs as a framelens TOML lexicon. `source` names the
/// corpus in the description; `min_events` is the rule that was applied.
pub fn learned_toml(pairs: &[LearnedPair], source: &str, min_events: usize) -> Result<String> {
    let file = File {
        name: LEXICON_NAME,
        description: format!(
            "Word pairs that outlets swapped in aligned sentences of at least {min_events} events of {source}, learned by framelens compare. Both variants of each group have grade 1: grade them by hand."
        ),
        concepts: pairs
            .iter()
            .map(|p| Concept {
                name: format!("{} / {}", p.a, p.b),
                provenance: format!(
                    "Learned: substitution in {} events ({} sentence pairs; outlets {}), e.g. {}.",
                    p.events.len(),
                    p.count,
                    p.outlets.join(", "),
                    p.events
                        .iter()
                        .take(3)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                variants: vec![
                    Variant {
                        term: p.a.clone(),
                        grade: 1,
                    },
                    Variant {
                        term: p.b.clone(),
                        grade: 1,
                    },
                ],
            })
            .collect(),
    };
    let body = toml::to_string(&file)
        .map_err(|e| Error::input(FILE_NAME.to_string(), format!("cannot be written: {e}")))?;
    Ok(format!(
        "# Concept groups learned by framelens compare (src/compare/learned.rs).\n\
         # A pair of words is learned when outlets wrote one where others wrote\n\
         # the other, in aligned sentences of at least {min_events} events.\n\
         # Load it with --lexicon toml=PATH in compare or score.\n\n{body}"
    ))
}
