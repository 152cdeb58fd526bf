//! framelens' own TOML lexicon format (documented in docs/lexicon-format.md).

use super::model::{parse_entry, Category, ConceptGroup, Entry, Lexicon, Loaded, Variant};
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
    /// Concept variants of at least this grade count as loaded language.
    #[serde(default)]
    loaded_from_grade: Option<u32>,
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
    /// Every match of this category counts as loaded language.
    #[serde(default)]
    loaded: bool,
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

/// Line of the `n`-th (0-based) occurrence of `needle` (a quoted name) in
/// `text`, else of its first: toml keeps no spans after deserialising, so
/// lines are found by searching the text.
fn nth_line(text: &str, needle: &str, n: usize) -> Option<usize> {
    text.match_indices(needle)
        .nth(n)
        .or_else(|| text.match_indices(needle).next())
        .map(|(off, _)| line_of(text, off))
}

/// Category names are what scores are reported under, so two categories
/// of one name would be merged or shadowed silently; a `parent` must name
/// a category of the same file, and parents must not form a loop.
fn check_categories(categories: &[Category], origin: &Path, text: &str) -> Result<()> {
    let index: std::collections::HashMap<&str, usize> = categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.as_str(), i))
        .collect();
    for (i, c) in categories.iter().enumerate() {
        if categories[..i].iter().any(|d| d.name == c.name) {
            return Err(Error::parse(
                origin,
                nth_line(text, &format!("{:?}", c.name), 1),
                format!("category {:?} is defined twice", c.name),
            ));
        }
    }
    for c in categories {
        let Some(parent) = &c.parent else { continue };
        if !index.contains_key(parent.as_str()) {
            return Err(Error::parse(
                origin,
                nth_line(text, &format!("{parent:?}"), 0),
                format!(
                    "parent {parent:?} of category {:?} is not a category of this file",
                    c.name
                ),
            ));
        }
        // Walk up at most as many steps as there are categories.
        let mut at = parent.as_str();
        for _ in 0..categories.len() {
            if at == c.name {
                return Err(Error::parse(
                    origin,
                    nth_line(text, &format!("{:?}", c.name), 0),
                    format!("category {:?} is its own ancestor (parent loop)", c.name),
                ));
            }
            match index.get(at).and_then(|&j| categories[j].parent.as_deref()) {
                Some(p) => at = p,
                None => break,
            }
        }
    }
    Ok(())
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
            loaded: if c.loaded { Loaded::All } else { Loaded::No },
        });
    }
    check_categories(&categories, origin, text)?;
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
        if concepts.iter().any(|c: &ConceptGroup| c.name == g.name) {
            return Err(Error::parse(
                origin,
                nth_line(text, &format!("{:?}", g.name), 1),
                format!("concept {:?} is defined twice", g.name),
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
        loaded_from_grade: file.loaded_from_grade,
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
    fn duplicate_categories_and_concepts_are_refused() {
        let cat = |name: &str, parent: &str| {
            format!("[[categories]]\nname = \"{name}\"\nprovenance = \"p\"\n{parent}entries = [\"w\"]\n")
        };
        let dup = format!("name = \"x\"\n{}{}", cat("a", ""), cat("a", ""));
        let err = parse_toml(&dup, Path::new("d.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("d.toml:7: ") && err.contains("defined twice"),
            "{err}"
        );
        let concept = "[[concepts]]\nname = \"k\"\nprovenance = \"p\"\nvariants = [{ term = \"a\", grade = 1 }, { term = \"b\", grade = 2 }]\n";
        let dup = format!("name = \"x\"\n{concept}{concept}");
        let err = parse_toml(&dup, Path::new("d.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("concept \"k\" is defined twice"), "{err}");
    }

    #[test]
    fn parents_must_exist_and_not_loop() {
        let cat = |name: &str, parent: &str| {
            format!("[[categories]]\nname = \"{name}\"\nprovenance = \"p\"\nparent = \"{parent}\"\nentries = [\"w\"]\n")
        };
        let missing = format!("name = \"x\"\n{}", cat("a", "nope"));
        let err = parse_toml(&missing, Path::new("m.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("m.toml:5: ") && err.contains("\"nope\""),
            "{err}"
        );
        let looped = format!("name = \"x\"\n{}{}", cat("a", "b"), cat("b", "a"));
        let err = parse_toml(&looped, Path::new("l.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("parent loop"), "{err}");
        let own = format!("name = \"x\"\n{}", cat("a", "a"));
        assert!(parse_toml(&own, Path::new("o.toml")).is_err());
        let ok = format!(
            "name = \"x\"\n{}[[categories]]\nname = \"top\"\nprovenance = \"p\"\nentries = [\"v\"]\n",
            cat("a", "top")
        );
        let lex = parse_toml(&ok, Path::new("ok.toml")).unwrap();
        assert_eq!(lex.categories[0].parent.as_deref(), Some("top"));
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
