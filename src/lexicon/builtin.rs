//! Built-in framing lexicons, compiled into the binary from data/lexicons/.

use super::model::Lexicon;
use super::toml_format::parse_toml;
use std::path::Path;
use std::sync::OnceLock;

/// The built-in lexicon files, in listing order.
const FILES: &[(&str, &str)] = &[
    (
        "loaded.toml",
        include_str!("../../data/lexicons/loaded.toml"),
    ),
    (
        "attribution.toml",
        include_str!("../../data/lexicons/attribution.toml"),
    ),
    (
        "hedges.toml",
        include_str!("../../data/lexicons/hedges.toml"),
    ),
    (
        "intensifiers.toml",
        include_str!("../../data/lexicons/intensifiers.toml"),
    ),
    (
        "epistemic.toml",
        include_str!("../../data/lexicons/epistemic.toml"),
    ),
    (
        "concepts.toml",
        include_str!("../../data/lexicons/concepts.toml"),
    ),
];

/// Every built-in lexicon, parsed once: the TOML files in listing order,
/// then `affect`, derived from VADER's lexicon (see [`super::affect`]).
pub fn builtins() -> &'static [Lexicon] {
    static ALL: OnceLock<Vec<Lexicon>> = OnceLock::new();
    ALL.get_or_init(|| {
        FILES
            .iter()
            .map(|(file, text)| {
                let origin = Path::new("data/lexicons").join(file);
                // Built-in data, checked by the unit tests: not user input.
                let mut lex = parse_toml(text, &origin).expect("built-in lexicon parses");
                lex.origin = "builtin".into();
                lex
            })
            .chain(std::iter::once(super::affect::affect_lexicon()))
            .collect()
    })
}

/// The built-in lexicons followed by the user's (`compare --lexicon`):
/// a user lexicon named like one already in the list (`--lexicon concepts`)
/// is that one and is not added twice. Concept groups are reported by name
/// alone (the concept table, findings), so a user group named like a group
/// of another lexicon is an error rather than a silent merge of the two.
pub fn with_user_lexicons(user: &[Lexicon]) -> crate::Result<Vec<Lexicon>> {
    let mut all = builtins().to_vec();
    for lex in user {
        if all.iter().any(|l| l.name == lex.name) {
            continue;
        }
        for g in &lex.concepts {
            if let Some(other) = all
                .iter()
                .find(|l| l.concepts.iter().any(|h| h.name == g.name))
            {
                return Err(crate::Error::param(
                    "lexicon",
                    format!(
                        "concept group {:?} of lexicon {:?} ({}) has the name of a group of lexicon {:?}; rename one",
                        g.name, lex.name, lex.origin, other.name
                    ),
                ));
            }
        }
        all.push(lex.clone());
    }
    Ok(all)
}

/// A built-in lexicon by name.
pub fn builtin(name: &str) -> Option<Lexicon> {
    builtins().iter().find(|l| l.name == name).cloned()
}

/// Negation cues and window used by the matcher.
pub(crate) struct Modifiers {
    pub window: usize,
    pub negators: Vec<String>,
}

pub(crate) fn modifiers() -> &'static Modifiers {
    #[derive(serde::Deserialize)]
    struct File {
        window: usize,
        negators: Vec<String>,
    }
    static M: OnceLock<Modifiers> = OnceLock::new();
    M.get_or_init(|| {
        let f: File = toml::from_str(include_str!("../../data/lexicons/modifiers.toml"))
            .expect("built-in modifiers.toml parses");
        Modifiers {
            window: f.window,
            negators: f.negators,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_parses_with_provenance() {
        let all = builtins();
        // The TOML files, then `affect`.
        assert_eq!(all.len(), FILES.len() + 1);
        assert_eq!(all.last().map(|l| l.name.as_str()), Some("affect"));
        for lex in all {
            for c in &lex.categories {
                assert!(
                    !c.provenance.is_empty() && !c.entries.is_empty(),
                    "{}/{}",
                    lex.name,
                    c.name
                );
            }
            for g in &lex.concepts {
                assert!(!g.provenance.is_empty(), "{}/{}", lex.name, g.name);
            }
        }
        let attr = builtin("attribution").unwrap();
        let names: Vec<_> = attr.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["neutral", "doubting", "hostile"]);
        assert!(modifiers().negators.iter().any(|w| w == "not"));
    }
}
