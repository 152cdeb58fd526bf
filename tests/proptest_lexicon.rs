//! Lexicon matches do not depend on how much whitespace separates words:
//! scraped text is full of doubled spaces and tabs.

use framelens::lexicon::{builtins, Matcher};
use framelens::text::analyze;
use proptest::prelude::*;
use std::collections::BTreeMap;

const WORDS: &[&str] = &[
    "The",
    "regime",
    "said",
    "the",
    "killer",
    "was",
    "not",
    "very",
    "happy.",
    "Critics",
    "slammed",
    "claimed",
    "alleged",
    "\u{201c}thug\u{201d}",
    "\"murderer\"",
    "protesters",
    "rioters",
    "lashed",
    "out",
    "hit",
    "back",
    "Mr.",
    "Putin",
    "according",
    "to",
    "officials,",
    "reportedly",
    "clearly",
    "dictator",
    "mocked",
    "insisted",
    "perhaps",
];

/// Category counts by (lexicon, category, voice, negated).
fn counts(m: &Matcher, text: &str) -> BTreeMap<(String, String, String, bool), usize> {
    let doc = analyze(text, None);
    let mut out = BTreeMap::new();
    for x in m.find(0, &doc) {
        *out.entry((x.lexicon, x.category, format!("{:?}", x.voice), x.negated))
            .or_insert(0) += 1;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn counts_ignore_extra_whitespace(
        words in prop::collection::vec(prop::sample::select(WORDS), 1..40),
        gaps in prop::collection::vec(prop::sample::select(&[" ", "  ", "\t", " \t ", "\u{a0}", "   "][..]), 40),
        lead in prop::sample::select(&["", " ", "\t\t"][..]),
    ) {
        let lexicons = builtins().to_vec();
        let m = Matcher::new(&lexicons);
        let plain = words.join(" ");
        let mut spaced = String::from(lead);
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                spaced.push_str(gaps[i % gaps.len()]);
            }
            spaced.push_str(w);
        }
        spaced.push_str(lead);
        prop_assert_eq!(counts(&m, &plain), counts(&m, &spaced), "{:?} vs {:?}", plain, spaced);
    }
}
