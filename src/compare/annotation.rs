//! Scoring sentences that annotators marked as biased (BASIL's `spans`):
//! each annotated-input sentence gets a loaded-language score, and the
//! corpus summary reports how well that score separates the marked
//! sentences from the others (AUC, see [`crate::stats::auc`]).
//!
//! Which matches count as loaded is said by the lexicon data
//! ([`crate::lexicon::Loaded`]: `loaded = true` on a category,
//! `loaded_from_grade` for concept groups), not by lexicon names here.

use super::corpus_schema::{LengthStratumAuc, SentenceAuc};
use crate::lexicon::matcher::Matcher;
use crate::stats::auc::{length_bounds, pooled_auc, stratum_of, RankedScores};
use crate::stats::bootstrap::percentile;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::collections::{BTreeMap, BTreeSet};

/// One sentence's loaded-language score (see [`sentence_scores`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SentenceScore {
    /// A lexical-bias span points at this sentence.
    pub annotated: bool,
    pub tokens: usize,
    /// Tokens matched by a loaded-language category (each counted once).
    pub loaded: usize,
    /// The document the sentence belongs to (its order among the
    /// documents folded; set by the corpus accumulator), so intervals
    /// resample documents and keep a document's sentences together.
    pub document: usize,
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
half, for the count, the count per token (the length-free score), sentence length alone (the \
baseline), and, within five length quintiles (pooled, weighted by n_annotated * n_other), for the \
count, the count per token and length itself, which is what a score within the strata must beat. \
95% intervals: percentiles over resamples of documents (a document's sentences stay together).";

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
                document: 0,
            })
        })
        .collect()
}

/// The AUCs of one sample of sentences (all of them, or one resample):
/// overall, within the length strata, and per stratum.
struct Aucs {
    count: f64,
    rate: f64,
    length: f64,
    count_within: f64,
    rate_within: f64,
    length_within: f64,
    /// Per stratum: (annotated, other, count, rate, length).
    by_stratum: Vec<(usize, usize, f64, f64, f64)>,
}

/// The three scores of every sentence ranked once, overall and within
/// the length strata, so that each resample's AUCs cost one pass.
struct Ranked {
    /// Count, rate and length, over all sentences as one group.
    overall: [RankedScores; 3],
    /// The same within the length strata.
    within: [RankedScores; 3],
}

impl Ranked {
    fn new(sentences: &[SentenceScore], strata: &[usize]) -> Ranked {
        let positive: Vec<bool> = sentences.iter().map(|s| s.annotated).collect();
        let one_group = vec![0; sentences.len()];
        let score = |what: usize| -> Vec<f64> {
            sentences
                .iter()
                .map(|s| match what {
                    0 => s.loaded as f64,
                    1 => s.loaded as f64 / s.tokens as f64,
                    _ => s.tokens as f64,
                })
                .collect()
        };
        let scores = [score(0), score(1), score(2)];
        Ranked {
            overall: scores
                .each_ref()
                .map(|s| RankedScores::new(s, &one_group, &positive, 1)),
            within: scores
                .each_ref()
                .map(|s| RankedScores::new(s, strata, &positive, LENGTH_STRATA)),
        }
    }
}

impl Aucs {
    /// The AUCs of the sample in which sentence i appears `weights[i]`
    /// times (all ones for the sentences themselves).
    fn of(ranked: &Ranked, weights: &[u32], buf: &mut Vec<(u64, u64)>) -> Aucs {
        let overall = ranked
            .overall
            .each_ref()
            .map(|r| r.tallies(weights, buf)[0].auc());
        let within = ranked.within.each_ref().map(|r| r.tallies(weights, buf));
        let by_stratum = (0..LENGTH_STRATA)
            .map(|k| {
                let t = &within[0][k];
                (
                    t.positive as usize,
                    t.negative as usize,
                    t.auc(),
                    within[1][k].auc(),
                    within[2][k].auc(),
                )
            })
            .collect();
        Aucs {
            count: overall[0],
            rate: overall[1],
            length: overall[2],
            count_within: pooled_auc(&within[0]),
            rate_within: pooled_auc(&within[1]),
            length_within: pooled_auc(&within[2]),
            by_stratum,
        }
    }
}

/// How well the loaded-language score separates the annotated sentences
/// from the others; `None` unless there are sentences of both kinds.
///
/// Annotated sentences are longer, and a longer sentence has more room
/// for any word, so the count's AUC is partly length's. Two things keep
/// length from being credited to the words: the score per token, and
/// AUCs within strata of similar length set against the AUC of length
/// itself within the same strata (what length still explains there). The
/// intervals resample **documents** (`resamples` times, seeded), since
/// sentences of one article share its author and subject; the strata are
/// cut once, on all sentences.
pub fn sentence_auc(
    sentences: &[SentenceScore],
    resamples: usize,
    seed: u64,
) -> Option<SentenceAuc> {
    let annotated = sentences.iter().filter(|s| s.annotated).count();
    let other = sentences.len() - annotated;
    if annotated == 0 || other == 0 {
        return None;
    }
    let lengths: Vec<usize> = sentences.iter().map(|s| s.tokens).collect();
    let bounds = length_bounds(&lengths, LENGTH_STRATA);
    let strata: Vec<usize> = lengths.iter().map(|&t| stratum_of(&bounds, t)).collect();
    let ranked = Ranked::new(sentences, &strata);
    let mut buf = Vec::new();
    let point = Aucs::of(&ranked, &vec![1; sentences.len()], &mut buf);

    // Documents as clusters: each sentence's document, numbered densely
    // in document order (the order resamples draw from).
    let doc_index: BTreeMap<usize, usize> = sentences
        .iter()
        .map(|s| s.document)
        .collect::<BTreeSet<usize>>()
        .into_iter()
        .enumerate()
        .map(|(i, d)| (d, i))
        .collect();
    let doc_of: Vec<usize> = sentences.iter().map(|s| doc_index[&s.document]).collect();
    let n_docs = doc_index.len();
    let mut draws: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut stratum_draws: Vec<Vec<f64>> = vec![Vec::new(); LENGTH_STRATA];
    if n_docs >= 2 {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut drawn = vec![0u32; n_docs];
        let mut weights = vec![0u32; sentences.len()];
        for _ in 0..resamples {
            drawn.iter_mut().for_each(|d| *d = 0);
            for _ in 0..n_docs {
                drawn[rng.gen_range(0..n_docs)] += 1;
            }
            for (w, &d) in weights.iter_mut().zip(&doc_of) {
                *w = drawn[d];
            }
            let a = Aucs::of(&ranked, &weights, &mut buf);
            for (name, v) in [
                ("auc_count", a.count),
                ("auc_rate", a.rate),
                ("auc_length_only", a.length),
                ("auc_count_within_length", a.count_within),
                ("auc_rate_within_length", a.rate_within),
                ("auc_length_within_length", a.length_within),
                ("rate_gain_within_length", a.rate_within - a.length_within),
            ] {
                if v.is_finite() {
                    draws.entry(name).or_default().push(v);
                }
            }
            for (d, x) in stratum_draws.iter_mut().zip(&a.by_stratum) {
                if x.3.is_finite() {
                    d.push(x.3);
                }
            }
        }
    }
    let interval = |mut d: Vec<f64>| -> Option<(f64, f64)> {
        d.sort_by(f64::total_cmp);
        Some((percentile(&d, 0.025)?, percentile(&d, 0.975)?))
    };
    let intervals: BTreeMap<String, (f64, f64)> = draws
        .into_iter()
        .filter_map(|(k, d)| interval(d).map(|x| (k.to_string(), x)))
        .collect();
    let by_length = point
        .by_stratum
        .iter()
        .zip(stratum_draws)
        .enumerate()
        .filter(|(_, (x, _))| x.0 + x.1 > 0)
        .map(|(k, (x, d))| {
            let inside = lengths.iter().zip(&strata).filter(|(_, &s)| s == k);
            LengthStratumAuc {
                min_tokens: inside.clone().map(|(t, _)| *t).min().unwrap_or(0),
                max_tokens: inside.map(|(t, _)| *t).max().unwrap_or(0),
                annotated: x.0,
                other: x.1,
                auc_count: x.2,
                auc_rate: x.3,
                auc_length: x.4,
                auc_rate_ci: interval(d),
            }
        })
        .collect();
    Some(SentenceAuc {
        annotated,
        other,
        auc_count: point.count,
        auc_rate: point.rate,
        auc_length_only: point.length,
        auc_count_within_length: point.count_within,
        auc_rate_within_length: point.rate_within,
        auc_length_within_length: point.length_within,
        rate_gain_within_length: point.rate_within - point.length_within,
        intervals,
        by_length,
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

    fn sentence(annotated: bool, tokens: usize, loaded: usize, document: usize) -> SentenceScore {
        SentenceScore {
            annotated,
            tokens,
            loaded,
            document,
        }
    }

    #[test]
    fn a_length_proxy_gains_nothing_within_strata() {
        // Annotated sentences are long; every sentence has one loaded word
        // per ten tokens. The count separates them (it is length), the
        // rate within strata does not.
        let mut s = Vec::new();
        for d in 0..40 {
            for i in 0..10 {
                let long = i < 3;
                let t = if long { 40 + i } else { 10 + i };
                s.push(sentence(long && d % 2 == 0, t, t / 10, d));
            }
        }
        let a = sentence_auc(&s, 200, 1).unwrap();
        assert!(a.auc_count > 0.8, "{}", a.auc_count);
        assert!(a.auc_length_only > 0.8, "{}", a.auc_length_only);
        assert!(
            a.rate_gain_within_length.abs() < 0.2,
            "{}",
            a.rate_gain_within_length
        );
        let (lo, hi) = a.intervals["auc_count"];
        assert!(lo <= a.auc_count && a.auc_count <= hi, "{lo} {hi}");
        assert!(!a.by_length.is_empty());
        let n: usize = a.by_length.iter().map(|b| b.annotated + b.other).sum();
        assert_eq!(n, s.len());
    }

    #[test]
    fn words_that_mark_annotated_sentences_beat_length_within_strata() {
        // Same lengths for both kinds; annotated sentences hold a loaded
        // word, most others none.
        let mut s = Vec::new();
        for d in 0..30 {
            for i in 0..12 {
                let t = 10 + 3 * i;
                let annotated = i % 4 == 0;
                let loaded = usize::from(annotated || (i + d) % 9 == 0);
                s.push(sentence(annotated, t, loaded, d));
            }
        }
        let a = sentence_auc(&s, 200, 2).unwrap();
        assert!(
            a.auc_rate_within_length > 0.8,
            "{}",
            a.auc_rate_within_length
        );
        let (lo, _) = a.intervals["rate_gain_within_length"];
        assert!(lo > 0.0, "{lo}");
        assert!(sentence_auc(&s[..1], 10, 2).is_none());
    }
}
