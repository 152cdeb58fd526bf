//! Calibration of the corpus tests, proven by simulation.
//!
//! Simulated corpora with **no** true difference between outlets (outlets
//! of different article lengths, numbers of articles and coverage; rare
//! and common categories; stories that differ in how much of a category
//! they call for; documents that vary around their story) must yield
//! findings at q < 0.05 in at most 5% of the tested families. Corpora with
//! a **planted** difference of known size must be found at the power that
//! docs/statistics.md reports. The library functions are tested directly,
//! with the evidence rule and the Benjamini–Hochberg step the summary
//! applies, so the test is seeded and takes seconds in release.

use framelens::compare::corpus::EVIDENCE;
use framelens::stats::fdr::bh_adjust;
use framelens::stats::permutation::{pair_test, RateCell};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// One simulated document: tokens and matches per category.
#[derive(Debug, Clone)]
struct Doc {
    tokens: f64,
    counts: Vec<f64>,
}

impl RateCell for &Doc {
    fn tokens(&self) -> f64 {
        self.tokens
    }
    fn count(&self, k: usize) -> f64 {
        self.counts.get(k).copied().unwrap_or(0.0)
    }
}

/// Matches per token of each category: common to very rare.
const BASE_RATES: [f64; 8] = [1e-2, 5e-3, 2e-3, 1e-3, 5e-4, 2e-4, 1e-4, 5e-5];

/// Outlets: (mean article length, articles per event, share of events covered).
const OUTLETS: [(f64, usize, f64); 4] = [
    (1500.0, 2, 1.0),
    (400.0, 1, 1.0),
    (800.0, 1, 0.7),
    (250.0, 3, 0.5),
];

const EVENTS: usize = 20;
const PERMUTATIONS: usize = 199;

fn poisson(rng: &mut Xoshiro256PlusPlus, lambda: f64) -> f64 {
    // Knuth's method in chunks, so large means do not underflow.
    let mut left = lambda;
    let mut n = 0u64;
    while left > 0.0 {
        let step = left.min(30.0);
        left -= step;
        let l = (-step).exp();
        let mut p = 1.0;
        loop {
            p *= rng.gen::<f64>();
            if p <= l {
                break;
            }
            n += 1;
        }
    }
    n as f64
}

/// A corpus: per event, (outlet, document). `planted` multiplies outlet
/// 0's rate of category `k` by `ratio` in every event.
fn corpus(seed: u64, planted: Option<(usize, f64)>) -> Vec<Vec<(usize, Doc)>> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..EVENTS)
        .map(|_| {
            // How much the story calls for each category (same for all outlets).
            let story: Vec<f64> = BASE_RATES
                .iter()
                .map(|r| r * rng.gen_range(0.3..3.0))
                .collect();
            let mut docs = Vec::new();
            for (o, &(len, n, cover)) in OUTLETS.iter().enumerate() {
                if o > 1 && !rng.gen_bool(cover) {
                    continue;
                }
                for _ in 0..n {
                    let tokens = (len * rng.gen_range(0.5..1.5)).round();
                    let counts = story
                        .iter()
                        .enumerate()
                        .map(|(k, r)| {
                            let boost = match planted {
                                Some((pk, ratio)) if o == 0 && pk == k => ratio,
                                _ => 1.0,
                            };
                            // Documents vary around their story.
                            let wobble = rng.gen_range(0.5..1.5);
                            poisson(&mut rng, tokens * r * boost * wobble)
                        })
                        .collect();
                    docs.push((o, Doc { tokens, counts }));
                }
            }
            docs
        })
        .collect()
}

/// The summary's procedure for one pair: test, set aside rows below the
/// evidence rule, BH across the rest. Returns (category, q) of tested rows.
fn tested(c: &[Vec<(usize, Doc)>], pair: (usize, usize), seed: u64) -> Vec<(usize, f64)> {
    let strata: Vec<Vec<(usize, &Doc)>> = c
        .iter()
        .map(|e| e.iter().map(|(o, d)| (*o, d)).collect())
        .collect();
    let Some(t) = pair_test(&strata, pair, BASE_RATES.len(), PERMUTATIONS, 0, seed) else {
        return Vec::new();
    };
    let keep: Vec<usize> = (0..BASE_RATES.len())
        .filter(|&k| t.matches[k] > 0.0 && EVIDENCE.met(t.matches[k], t.strata_with_difference[k]))
        .collect();
    let q = bh_adjust(&keep.iter().map(|&k| t.p[k]).collect::<Vec<_>>());
    keep.into_iter().zip(q).collect()
}

const PAIRS: [(usize, usize); 6] = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)];

#[test]
fn null_corpora_give_at_most_five_percent_false_findings() {
    let corpora = 200;
    let (mut families, mut families_with_finding, mut rows, mut false_rows) = (0, 0, 0, 0);
    let mut corpora_with_finding = 0;
    let mut per_pair = [0usize; 6];
    for s in 0..corpora {
        let c = corpus(1000 + s, None);
        let mut any = false;
        for (i, &pair) in PAIRS.iter().enumerate() {
            let t = tested(&c, pair, s * 10 + i as u64);
            if t.is_empty() {
                continue;
            }
            families += 1;
            rows += t.len();
            let hits = t.iter().filter(|(_, q)| *q < 0.05).count();
            false_rows += hits;
            if hits > 0 {
                per_pair[i] += 1;
                families_with_finding += 1;
                any = true;
            }
        }
        corpora_with_finding += usize::from(any);
    }
    let share = families_with_finding as f64 / families as f64;
    eprintln!(
        "null: {corpora} corpora, {families} tested families, {rows} tested rows; \
         families with a finding at q < 0.05: {families_with_finding} ({:.1}%); \
         rows at q < 0.05: {false_rows} ({:.2}%); corpora with any finding over 6 pairs: {corpora_with_finding}",
        100.0 * share,
        100.0 * false_rows as f64 / rows as f64
    );
    eprintln!("null: families with a finding per pair {PAIRS:?}: {per_pair:?} of {corpora}");
    assert!(families >= 1000, "{families}");
    assert!(
        share <= 0.05,
        "false findings in {:.1}% of families",
        100.0 * share
    );
}

#[test]
fn planted_differences_are_found_at_the_reported_power() {
    // (category, ratio, least power): docs/statistics.md reports these.
    let cases = [(0usize, 1.5f64, 0.4), (2, 2.0, 0.7), (5, 3.0, 0.45)];
    for (k, ratio, least) in cases {
        let corpora = 100;
        let mut found = 0;
        let mut wrong_direction = 0;
        for s in 0..corpora {
            let c = corpus(5000 + s, Some((k, ratio)));
            let t = tested(&c, (0, 1), s);
            if t.iter().any(|&(kk, q)| kk == k && q < 0.05) {
                found += 1;
            }
            // Other categories have no planted difference.
            wrong_direction += t.iter().filter(|&&(kk, q)| kk != k && q < 0.05).count();
        }
        let power = found as f64 / corpora as f64;
        eprintln!(
            "planted: category rate {:.0e}/token x{ratio} in outlet 0 vs 1: power {:.2} ({found}/{corpora}); \
             other categories at q < 0.05: {wrong_direction}",
            BASE_RATES[k], power
        );
        assert!(
            power >= least,
            "power {power} below {least} for category {k} x{ratio}"
        );
    }
}
