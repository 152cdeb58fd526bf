//! Scoring sentences that annotators marked as biased (BASIL's `spans`):
//! each annotated-input sentence gets a loaded-language score, and the
//! corpus summary reports how well that score separates the marked
//! sentences from the others (AUC, see [`crate::stats::auc`]).
//!
//! Which matches count as loaded is said by the lexicon data
//! ([`crate::lexicon::Loaded`]: `loaded = true` on a category,
//! `loaded_from_grade` for concept groups), not by lexicon names here.

use super::corpus_schema::SentenceAuc;
use crate::lexicon::matcher::Matcher;
use crate::stats::auc::{auc, auc_within_strata, Scored};
use std::collections::{BTreeMap, BTreeSet};

/// One sentence's loaded-language score (see [`sentence_scores`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SentenceScore {
    /// A lexical-bias span points at this sentence.
    pub annotated: bool,
    pub tokens: usize,
    /// Tokens matched by a loaded-language category (each counted once).
    pub loaded: usize,
}

/// Length strata for [`SentenceAuc::auc_count_within_length`].
const LENGTH_STRATA: usize = 5;

/// How the per-sentence loaded-language score is computed (also written
/// into the summary so a reader knows what the AUC measures).
pub const SENTENCE_SCORE_METHOD: &str =
    "Each sentence of the input's `sentences` field is analysed on its own; \
its score is the number of its tokens matched by a loaded-language category (loaded/*, \
attribution/doubting, attribution/hostile, intensifiers/amplifiers, concept-group words of \
loadedness grade 2 or 3, and affect/* — VADER-rated words with |valence| >= 2); a word in two \
categories counts once. A sentence counts as annotated when a `spans` entry with bias \"lex\" (not \
in the title) points at it by `sent_idx`. AUC = Mann-Whitney U / (n_annotated * n_other), ties one \
half, for the count, the count per token, sentence length alone (the baseline), and the count \
within five length quintiles (pooled, weighted by n_annotated * n_other).";

/// Per-sentence loaded-language scores of a document that carries
/// sentence-level bias annotations (BASIL: labels `sentences` and `spans`).
/// Empty when the document has no such labels.
pub fn sentence_scores(
    labels: &BTreeMap<String, serde_json::Value>,
    analyzer: &crate::text::Analyzer,
    matcher: &Matcher,
) -> Vec<SentenceScore> {
    let (Some(serde_json::Value::Array(sents)), Some(serde_json::Value::Array(spans))) =
        (labels.get("sentences"), labels.get("spans"))
    else {
        return Vec::new();
    };
    let marked: BTreeSet<u64> = spans
        .iter()
        .filter(|s| s.get("bias").and_then(|b| b.as_str()) == Some("lex"))
        .filter(|s| s.get("in_title").and_then(|b| b.as_bool()) != Some(true))
        .filter_map(|s| s.get("sent_idx").and_then(|i| i.as_u64()))
        .collect();
    sents
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let text = s.as_str()?;
            let doc = analyzer.analyze(text);
            if doc.tokens.is_empty() {
                return None;
            }
            // A word in two loaded categories ("claimed": doubting verb and
            // grade-2 concept word) counts once.
            let n = matcher
                .find(0, &doc)
                .iter()
                .filter(|m| matcher.counts_as_loaded(m))
                .map(|m| m.token_start)
                .collect::<BTreeSet<usize>>()
                .len();
            Some(SentenceScore {
                annotated: marked.contains(&(i as u64)),
                tokens: doc.tokens.len(),
                loaded: n,
            })
        })
        .collect()
}

/// How well the loaded-language score separates the annotated sentences
/// from the others; `None` unless there are sentences of both kinds.
pub fn sentence_auc(sentences: &[SentenceScore]) -> Option<SentenceAuc> {
    let (pos, neg): (Vec<&SentenceScore>, Vec<&SentenceScore>) =
        sentences.iter().partition(|s| s.annotated);
    if pos.is_empty() || neg.is_empty() {
        return None;
    }
    let of = |v: &[&SentenceScore], f: fn(&SentenceScore) -> f64| -> Vec<f64> {
        v.iter().map(|x| f(x)).collect()
    };
    let count = |s: &SentenceScore| s.loaded as f64;
    let rate = |s: &SentenceScore| s.loaded as f64 / s.tokens as f64;
    let length = |s: &SentenceScore| s.tokens as f64;
    let scored: Vec<Scored> = sentences
        .iter()
        .map(|s| Scored {
            positive: s.annotated,
            length: s.tokens,
            score: s.loaded as f64,
        })
        .collect();
    Some(SentenceAuc {
        annotated: pos.len(),
        other: neg.len(),
        auc_count: auc(&of(&pos, count), &of(&neg, count)),
        auc_rate: auc(&of(&pos, rate), &of(&neg, rate)),
        auc_length_only: auc(&of(&pos, length), &of(&neg, length)),
        auc_count_within_length: auc_within_strata(&scored, LENGTH_STRATA),
        method: SENTENCE_SCORE_METHOD.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::builtin::builtins;
    use crate::lexicon::toml_format::parse_toml;
    use std::path::Path;

    /// The rule the built-in lexicons' data now states, as it was written
    /// in code before: the flags must reproduce it for every entry.
    fn old_rule(lexicon: &str, category: &str, weight: f64) -> bool {
        match lexicon {
            "loaded" => true,
            "attribution" => matches!(category, "doubting" | "hostile"),
            "intensifiers" => category == "amplifiers",
            "affect" => true,
            _ => category.starts_with("concept/") && weight >= 2.0,
        }
    }

    #[test]
    fn builtin_flags_say_what_the_names_said() {
        let matcher = Matcher::new(builtins());
        let mut checked = 0;
        for lex in builtins() {
            for cat in lex.match_categories() {
                let info = matcher
                    .categories()
                    .iter()
                    .find(|c| c.lexicon == lex.name && c.name == cat.name)
                    .unwrap();
                for e in &cat.entries {
                    assert_eq!(
                        info.loaded.counts(e.weight),
                        old_rule(&lex.name, &cat.name, e.weight),
                        "{}/{} {}",
                        lex.name,
                        cat.name,
                        e.source
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn the_flag_not_the_name_decides() {
        let lex = parse_toml(
            r#"
name = "loaded"
loaded_from_grade = 3
[[categories]]
name = "plain"
provenance = "test"
entries = ["regime"]
[[categories]]
name = "judging"
provenance = "test"
loaded = true
entries = ["thug"]
[[concepts]]
name = "crowd"
provenance = "test"
variants = [{ term = "protesters", grade = 1 }, { term = "rioters", grade = 2 }, { term = "mob", grade = 3 }]
"#,
            Path::new("t.toml"),
        )
        .unwrap();
        let matcher = Matcher::new(&[lex]);
        let doc = crate::text::analyze("The regime sent a thug. Protesters, rioters, a mob.", None);
        let loaded: Vec<String> = matcher
            .find(0, &doc)
            .into_iter()
            .filter(|m| matcher.counts_as_loaded(m))
            .map(|m| m.text)
            .collect();
        assert_eq!(loaded, ["thug", "mob"]);
    }
}
