//! framelens' own TOML lexicon format (documented in docs/lexicon-format.md).

use super::model::{parse_entry, Category, ConceptGroup, Entry, Lexicon, Variant};
use crate::{Error, Result};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    categories: Vec<CategoryFile>,
    #[serde(default)]
    concepts: Vec<ConceptFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    name: String,
    provenance: String,
    #[serde(default)]
    parent: Option<String>,
    /// Default weight of this category's entries.
    #[serde(default = "one")]
    weight: f64,
    /// Match every entry of this category by stem.
    #[serde(default)]
    stem: bool,
    entries: Vec<EntryFile>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum EntryFile {
    Plain(String),
    Full {
        term: String,
        #[serde(default)]
        weight: Option<f64>,
        #[serde(default)]
        stem: Option<bool>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConceptFile {
    name: String,
    provenance: String,
    variants: Vec<VariantFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VariantFile {
    term: String,
    grade: u32,
    #[serde(default)]
    stem: bool,
}

fn one() -> f64 {
    1.0
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Parse a framelens TOML lexicon. `origin` names the file in errors.
pub fn parse_toml(text: &str, origin: &Path) -> Result<Lexicon> {
    let file: File = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        Error::parse(origin, line, e.message().trim().to_string())
    })?;
    // toml keeps no spans after deserialising: find a line by searching text.
    let find_line = |needle: &str| text.find(needle).map(|off| line_of(text, off));
    let mut categories = Vec::new();
    for c in file.categories {
        let mut entries = Vec::new();
        for e in c.entries {
            let (term, weight, stem) = match e {
                EntryFile::Plain(t) => (t, c.weight, c.stem),
                EntryFile::Full { term, weight, stem } => {
                    (term, weight.unwrap_or(c.weight), stem.unwrap_or(c.stem))
                }
            };
            if !weight.is_finite() {
                return Err(Error::parse(
                    origin,
                    find_line(&term),
                    format!("weight of {term:?} is not finite"),
                ));
            }
            let entry: Entry = parse_entry(&term, stem, weight).ok_or_else(|| {
                Error::parse(
                    origin,
                    find_line(&c.name),
                    format!("empty entry in category {:?}", c.name),
                )
            })?;
            entries.push(entry);
        }
        categories.push(Category {
            name: c.name,
            parent: c.parent,
            provenance: c.provenance,
            entries,
        });
    }
    let mut concepts = Vec::new();
    for g in file.concepts {
        let mut variants = Vec::new();
        for v in g.variants {
            let entry = parse_entry(&v.term, v.stem, f64::from(v.grade)).ok_or_else(|| {
                Error::parse(
                    origin,
                    find_line(&g.name),
                    format!("empty variant in concept {:?}", g.name),
                )
            })?;
            variants.push(Variant {
                entry,
                grade: v.grade,
            });
        }
        if variants.len() < 2 {
            return Err(Error::parse(
                origin,
                find_line(&g.name),
                format!("concept {:?} needs at least two variants", g.name),
            ));
        }
        concepts.push(ConceptGroup {
            name: g.name,
            provenance: g.provenance,
            variants,
        });
    }
    Ok(Lexicon {
        name: file.name,
        description: file.description,
        origin: origin.display().to_string(),
        categories,
        concepts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::model::Term;

    const SAMPLE: &str = r#"
name = "sample"
description = "test"

[[categories]]
name = "doubting"
provenance = "Recasens et al. 2013"
entries = ["claimed", "stem:allege", "according to", "insist*", { term = "purported", weight = 2.0 }]

[[concepts]]
name = "killer"
provenance = "ours"
variants = [{ term = "killer", grade = 1 }, { term = "murderer", grade = 2 }]
"#;

    #[test]
    fn parses_entries_of_every_kind() {
        let lex = parse_toml(SAMPLE, Path::new("s.toml")).unwrap();
        let e = &lex.categories[0].entries;
        assert_eq!(e[0].terms, vec![Term::Exact("claimed".into())]);
        assert_eq!(e[1].terms, vec![Term::Stem("alleg".into())]);
        assert_eq!(e[2].terms.len(), 2);
        assert_eq!(e[3].terms, vec![Term::Prefix("insist".into())]);
        assert_eq!(e[4].weight, 2.0);
        assert_eq!(lex.concepts[0].variants[1].grade, 2);
        assert_eq!(lex.match_categories().len(), 2);
    }

    #[test]
    fn malformed_file_names_the_line() {
        let bad = "name = \"x\"\n[[categories]]\nname = \"a\"\nprovenance = 3\nentries = []\n";
        let err = parse_toml(bad, Path::new("bad.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("bad.toml:4: "), "{err}");
    }
}
