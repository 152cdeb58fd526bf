//! The built-in `affect` lexicon: the words that VADER's human raters
//! judged strongly positive or strongly negative.
//!
//! Loaded language is wording that carries feeling beyond what it reports
//! (Recasens, Danescu-Niculescu-Mizil & Jurafsky 2013). framelens' own
//! `loaded` lexicon names the classic choices ("regime", "thug"); this one
//! adds breadth from a published, independently rated lexicon instead of a
//! longer hand-made list: VADER's (Hutto & Gilbert 2014, MIT licence,
//! `data/lexicons/vader_lexicon.txt` as shipped by vaderSentiment 3.3.2,
//! licence in `data/lexicons/VADER-LICENSE.txt`), whose entries carry the
//! mean of ten raters' valence on a -4..+4 scale. Only words rated at
//! least [`STRONG`] away from neutral are kept, halfway to the scale's end:
//! milder entries ("support" 1.7, "problem" -1.7, "protest" -1.0) are
//! the ordinary vocabulary of plain reporting. The cut is VADER's scale, not
//! a fit to any test corpus; some plain words stay above it ("killed" -3.5,
//! "hand" 2.2), which is why the lexicon is reported on its own and not
//! folded into `loaded`. Emoticons and other non-words are left out because news
//! text does not carry them and the tokenizer does not produce them.

use super::model::{Category, Entry, Lexicon, Loaded};
use super::vader::BUILTIN_WORDS;
use super::wordlist::parse_vader;
use std::path::Path;

/// Smallest absolute mean valence kept: half of VADER's scale maximum (4).
pub const STRONG: f64 = 2.0;

/// The `affect` lexicon: categories `strong_negative` and
/// `strong_positive`, each entry weighted by its absolute mean valence.
pub fn affect_lexicon() -> Lexicon {
    let origin = Path::new("data/lexicons/vader_lexicon.txt");
    // Built-in data, checked by the unit tests: not user input.
    let vader = parse_vader(BUILTIN_WORDS, origin).expect("built-in VADER lexicon parses");
    let strong = |e: &Entry| e.weight.abs() >= STRONG && is_word(&e.source);
    let pick = |sign: f64| -> Vec<Entry> {
        vader
            .categories
            .iter()
            .flat_map(|c| c.entries.iter())
            .filter(|e| strong(e) && e.weight.signum() == sign)
            .map(|e| Entry {
                weight: e.weight.abs(),
                ..e.clone()
            })
            .collect()
    };
    let provenance = format!(
        "VADER lexicon (Hutto & Gilbert 2014, MIT licence): words whose mean human valence \
         rating is at least {STRONG} away from neutral on the -4..+4 scale; weight = |mean|."
    );
    // Both categories count as loaded language: they hold only words people
    // rated far from neutral. (This lexicon is built here from VADER's file,
    // so its flag is set here rather than in a TOML file.)
    Lexicon {
        name: "affect".into(),
        description:
            "Strongly affective words, rated by people (VADER's lexicon, |valence| >= 2): \
                      the breadth of loaded wording beyond the classic labels."
                .into(),
        origin: "builtin".into(),
        categories: vec![
            Category {
                name: "strong_negative".into(),
                parent: None,
                provenance: provenance.clone(),
                entries: pick(-1.0),
                loaded: Loaded::All,
            },
            Category {
                name: "strong_positive".into(),
                parent: None,
                provenance,
                entries: pick(1.0),
                loaded: Loaded::All,
            },
        ],
        concepts: Vec::new(),
        loaded_from_grade: None,
    }
}

/// A word as the tokenizer produces them: letters, with inner apostrophes
/// or hyphens, at least two letters.
fn is_word(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && s.chars().next().is_some_and(char::is_alphabetic)
        && s.chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(lex: &Lexicon, cat: &str) -> Vec<String> {
        lex.categories
            .iter()
            .find(|c| c.name == cat)
            .map(|c| c.entries.iter().map(|e| e.source.clone()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn keeps_strong_words_only_with_their_vader_ratings() {
        let lex = affect_lexicon();
        let neg = words(&lex, "strong_negative");
        let pos = words(&lex, "strong_positive");
        // VADER 3.3.2: killed -3.5, devastating -3.3 (kept); lies -1.8 (too mild).
        assert!(neg.contains(&"killed".to_string()));
        assert!(neg.contains(&"devastating".to_string()));
        assert!(!neg.contains(&"lies".to_string()));
        // adorable 2.2 (kept).
        assert!(pos.contains(&"adorable".to_string()));
        // Emoticons are not words.
        assert!(!pos.iter().any(|w| w.contains(':')));
        let killed = lex.categories[0]
            .entries
            .iter()
            .find(|e| e.source == "killed")
            .map(|e| e.weight);
        assert_eq!(killed, Some(3.5));
        assert!(
            neg.len() > 800 && pos.len() > 400,
            "{} {}",
            neg.len(),
            pos.len()
        );
    }

    #[test]
    fn word_shape() {
        assert!(is_word("so-called") && is_word("don't") && is_word("killed"));
        assert!(!is_word(":)") && !is_word("x") && !is_word("<3") && !is_word("'tis"));
    }
}
