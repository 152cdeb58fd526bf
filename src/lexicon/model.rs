//! What a lexicon is, independent of the file format it came from.

use serde::{Deserialize, Serialize};

/// How one word of an entry is compared with a token.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "text", rename_all = "lowercase")]
pub enum Term {
    /// The token's normalised form equals this (lowercase) word.
    Exact(String),
    /// The token's Snowball stem equals this stem (already stemmed).
    Stem(String),
    /// The token's normalised form starts with this prefix (`abandon*`).
    Prefix(String),
}

/// One entry: a word or a multi-word phrase, with a weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The entry as written in the lexicon file, for listings and evidence.
    pub source: String,
    /// One term per word; phrases have several.
    pub terms: Vec<Term>,
    pub weight: f64,
}

/// Which matches of a category count as loaded language: the per-sentence
/// score that is checked against annotated sentences (BASIL) counts them.
/// Said in the lexicon data (`loaded = true` on a TOML category,
/// `loaded_from_grade` for concept groups) so that no code names lexicons.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub enum Loaded {
    /// No match counts (the default: most categories describe, not judge).
    #[default]
    No,
    /// Every match counts.
    All,
    /// A match counts when its entry's weight is at least this (concept
    /// variants, whose weight is their loadedness grade).
    FromWeight(f64),
}

impl Loaded {
    /// Whether a match of entry weight `weight` counts as loaded.
    pub fn counts(self, weight: f64) -> bool {
        match self {
            Loaded::No => false,
            Loaded::All => true,
            Loaded::FromWeight(w) => weight >= w,
        }
    }
}

/// A category of entries, with where its idea comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub name: String,
    /// Parent category name for nested `.dic` categories.
    pub parent: Option<String>,
    /// Where the idea of the category comes from (paper, tradition).
    pub provenance: String,
    pub entries: Vec<Entry>,
    /// Whether its matches count as loaded language. Not written in
    /// listings (`lexicons --format json`), whose fields stay as they were.
    #[serde(skip)]
    pub loaded: Loaded,
}

/// One interchangeable wording in a concept group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    pub entry: Entry,
    /// Loadedness: 1 is the most neutral; larger is more loaded.
    pub grade: u32,
}

/// Words a writer can use for the same thing, graded by loadedness
/// (killer < murderer < assassin; protesters < rioters).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConceptGroup {
    pub name: String,
    pub provenance: String,
    pub variants: Vec<Variant>,
}

/// A named set of categories and concept groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lexicon {
    pub name: String,
    pub description: String,
    /// `builtin` or the path it was read from.
    pub origin: String,
    pub categories: Vec<Category>,
    pub concepts: Vec<ConceptGroup>,
    /// Concept variants of at least this grade count as loaded language
    /// (see [`Loaded`]); `None`: none do. Not written in listings.
    #[serde(skip)]
    pub loaded_from_grade: Option<u32>,
}

impl Lexicon {
    /// Categories as matched: the plain categories, then one category per
    /// concept group (`concept/NAME`) whose weight is each variant's grade
    /// (loaded from [`Lexicon::loaded_from_grade`] up, when it is set).
    pub fn match_categories(&self) -> Vec<Category> {
        let mut cats = self.categories.clone();
        for c in &self.concepts {
            cats.push(Category {
                name: format!("concept/{}", c.name),
                parent: None,
                provenance: c.provenance.clone(),
                entries: c
                    .variants
                    .iter()
                    .map(|v| Entry {
                        weight: f64::from(v.grade),
                        ..v.entry.clone()
                    })
                    .collect(),
                loaded: self
                    .loaded_from_grade
                    .map_or(Loaded::No, |g| Loaded::FromWeight(f64::from(g))),
            });
        }
        cats
    }

    /// Number of entries over all categories and concept variants.
    pub fn n_entries(&self) -> usize {
        self.categories
            .iter()
            .map(|c| c.entries.len())
            .sum::<usize>()
            + self
                .concepts
                .iter()
                .map(|c| c.variants.len())
                .sum::<usize>()
    }
}

/// Parse an entry as written: words split on whitespace; `*` at the end of
/// a word makes it a prefix glob; `stem` makes every other word a stem
/// match. Returns `None` for an empty entry.
pub fn parse_entry(text: &str, stem: bool, weight: f64) -> Option<Entry> {
    let (body, stem) = match text.trim().strip_prefix("stem:") {
        Some(rest) => (rest, true),
        None => (text.trim(), stem),
    };
    let terms: Vec<Term> = body
        .split_whitespace()
        .map(|w| {
            let w = crate::lexicon::normalize_word(w);
            if let Some(p) = w.strip_suffix('*') {
                Term::Prefix(p.to_string())
            } else if stem {
                Term::Stem(crate::lexicon::stem_word(&w))
            } else {
                Term::Exact(w)
            }
        })
        .collect();
    if terms.is_empty() {
        return None;
    }
    Some(Entry {
        source: text.trim().to_string(),
        terms,
        weight,
    })
}
