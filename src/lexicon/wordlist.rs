//! Plain word lists and VADER's tab format, read as lexicons.

use super::model::{parse_entry, Category, Entry, Lexicon, Loaded, Term};
use super::normalize_word;
use super::vader::VaderLexicon;
use crate::Result;
use std::path::Path;

fn stem_name(origin: &Path, fallback: &str) -> String {
    origin
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| fallback.to_string())
}

/// One entry per line (phrases and `*` globs allowed); `#` starts a
/// comment; blank lines are skipped. One category named after the file.
pub fn parse_wordlist(text: &str, origin: &Path) -> Result<Lexicon> {
    let name = stem_name(origin, "words");
    let entries = text
        .split(['\n', '\r'])
        .map(|l| l.split('#').next().unwrap_or(""))
        .filter_map(|l| parse_entry(l, false, 1.0))
        .collect();
    Ok(Lexicon {
        name: name.clone(),
        description: format!("word list {}", origin.display()),
        origin: origin.display().to_string(),
        categories: vec![Category {
            name,
            parent: None,
            provenance: format!("from {}", origin.display()),
            entries,
            loaded: Loaded::No,
        }],
        concepts: Vec::new(),
        loaded_from_grade: None,
    })
}

/// VADER's `word<TAB>mean<TAB>std<TAB>[ratings]` as two categories,
/// `positive` and `negative`, weighted by the mean rating. (For VADER's own
/// sentence scores use [`super::vader::VaderScorer`].)
pub fn parse_vader(text: &str, origin: &Path) -> Result<Lexicon> {
    let words = VaderLexicon::parse_words(text, origin)?;
    let mut sorted: Vec<_> = words.into_iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut pos = Vec::new();
    let mut neg = Vec::new();
    for (w, v) in sorted {
        // Emoticons such as ":*" are exact tokens in VADER, never globs.
        let terms: Vec<Term> = w
            .split_whitespace()
            .map(|t| Term::Exact(normalize_word(t)))
            .collect();
        if terms.is_empty() {
            continue;
        }
        let e = Entry {
            source: w,
            terms,
            weight: v,
        };
        if v > 0.0 {
            pos.push(e);
        } else if v < 0.0 {
            neg.push(e);
        }
    }
    let prov = "Hutto & Gilbert 2014 (VADER), mean human valence rating as weight".to_string();
    Ok(Lexicon {
        name: stem_name(origin, "vader"),
        description: format!("VADER lexicon {}", origin.display()),
        origin: origin.display().to_string(),
        categories: vec![
            Category {
                name: "positive".into(),
                parent: None,
                provenance: prov.clone(),
                entries: pos,
                loaded: Loaded::No,
            },
            Category {
                name: "negative".into(),
                parent: None,
                provenance: prov,
                entries: neg,
                loaded: Loaded::No,
            },
        ],
        concepts: Vec::new(),
        loaded_from_grade: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordlist_comments_and_blank_lines() {
        let lex = parse_wordlist(
            "# loaded\nthug\n\nregime # label\r\nhit back\n",
            Path::new("l.txt"),
        )
        .unwrap();
        assert_eq!(lex.name, "l");
        let src: Vec<_> = lex.categories[0]
            .entries
            .iter()
            .map(|e| e.source.as_str())
            .collect();
        assert_eq!(src, ["thug", "regime", "hit back"]);
    }

    #[test]
    fn vader_format_splits_by_sign() {
        let lex = parse_vader(
            "good\t1.9\t0.9\t[2, 2]\r\nbad\t-2.5\t0.6\t[-2]\r\n",
            Path::new("v.txt"),
        )
        .unwrap();
        assert_eq!(lex.categories[0].entries[0].weight, 1.9);
        assert_eq!(lex.categories[1].entries[0].weight, -2.5);
    }
}
