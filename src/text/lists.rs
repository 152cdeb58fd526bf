//! Word lists read from `data/` at compile time. Keeping them in data files
//! lets a linguist change them without touching code.

use super::fxhash::FxHashSet as HashSet;
use std::sync::OnceLock;

/// Lines of a word list: trimmed, lowercased as written, without blank
/// lines and `#` comments.
pub(crate) fn entries(raw: &'static str) -> impl Iterator<Item = &'static str> {
    raw.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn set(raw: &'static str) -> HashSet<&'static str> {
    entries(raw).collect()
}

macro_rules! word_set {
    ($(#[$doc:meta])* $name:ident, $file:literal) => {
        $(#[$doc])*
        pub(crate) fn $name() -> &'static HashSet<&'static str> {
            static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
            SET.get_or_init(|| set(include_str!(concat!("../../data/", $file))))
        }
    };
}

word_set!(
    /// English stop words (Snowball list).
    stopwords_en,
    "stopwords_en.txt"
);
word_set!(
    /// Abbreviations after which a period does not end a sentence.
    abbreviations_en,
    "abbreviations_en.txt"
);
word_set!(
    /// German stop words (Snowball list).
    stopwords_de,
    "stopwords_de.txt"
);
word_set!(
    /// German abbreviations after which a period does not end a sentence.
    abbreviations_de,
    "abbreviations_de.txt"
);
word_set!(
    /// French stop words (Snowball list).
    stopwords_fr,
    "stopwords_fr.txt"
);
word_set!(
    /// French abbreviations after which a period does not end a sentence.
    abbreviations_fr,
    "abbreviations_fr.txt"
);
word_set!(
    /// Titles and role nouns stripped from speaker names.
    speaker_titles_en,
    "speaker_titles_en.txt"
);
word_set!(
    /// Capitalised words that never name a person.
    non_person_words_en,
    "non_person_words_en.txt"
);

word_set!(
    /// Head nouns of person and role descriptions ("official", "aide").
    person_heads_en,
    "speaker_heads_en.txt"
);
word_set!(
    /// Head nouns of organisations ("ministry", "agency", "white house").
    organisation_heads_en,
    "organisation_heads_en.txt"
);

word_set!(
    /// Words skipped between a speaker and the attribution verb.
    speaker_skip_en,
    "speaker_skip_en.txt"
);

/// Attribution verbs: one-word forms in a set, multi-word forms
/// ("hit back") as word sequences.
pub(crate) struct AttributionVerbs {
    pub single: HashSet<&'static str>,
    pub multi: Vec<Vec<&'static str>>,
    /// First words of the multi-word verbs, to skip them fast.
    pub multi_first: HashSet<&'static str>,
}

/// English attribution verbs.
pub(crate) fn attribution_verbs_en() -> &'static AttributionVerbs {
    static VERBS: OnceLock<AttributionVerbs> = OnceLock::new();
    VERBS.get_or_init(|| {
        let mut single = HashSet::default();
        let mut multi = Vec::new();
        for e in entries(include_str!("../../data/attribution_verbs_en.txt")) {
            if e.contains(' ') {
                multi.push(e.split_whitespace().collect());
            } else {
                single.insert(e);
            }
        }
        let multi_first = multi
            .iter()
            .filter_map(|m: &Vec<&str>| m.first().copied())
            .collect();
        AttributionVerbs {
            single,
            multi,
            multi_first,
        }
    })
}

word_set!(
    /// Given names that almost always name a woman (pronoun gender).
    given_names_female_en,
    "given_names_female_en.txt"
);
word_set!(
    /// Given names that almost always name a man (pronoun gender).
    given_names_male_en,
    "given_names_male_en.txt"
);
