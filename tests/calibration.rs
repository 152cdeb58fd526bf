//! Calibration of the corpus tests, proven by simulation.
//!
//! Simulated corpora with **no** true difference between outlets (outlets
//! of different article lengths, numbers of articles, coverage and
//! document-to-document spread; rare and common categories; stories that
//! differ in how much of a category they call for; documents that vary
//! around their story) must yield findings at q < 0.05 in at most 5% of
//! the tested families, for **every** outlet pair (the most unequal
//! included, and pair 2-3, which shares about 7 events and so takes the
//! small-sample HC3 variance of `SMALL_SAMPLE_STRATA`) and for the omnibus
//! test, with no exception. Corpora with a **planted**
//! difference of known size must be found at the power that
//! docs/statistics.md reports. The library functions are tested directly,
//! with the evidence rule and the Benjamini–Hochberg step the summary
//! applies, so the test is seeded and takes seconds in release.
//!
//! The figures are printed with `--nocapture`; docs/statistics.md quotes
//! them.

use framelens::compare::corpus::EVIDENCE;
use framelens::stats::fdr::bh_adjust;
use framelens::stats::permutation::{omnibus_test, pair_test, PermutationTest, RateCell};
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

/// Outlets: (mean article length, articles per event, share of events
/// covered, spread of a document's rate around its story: the factor is
/// uniform in 1 +- spread). Outlet 0 writes two long articles per event,
/// outlet 1 one short one: the most unequal pair. Outlet 3 writes many
/// short, uniform articles and covers half the stories; outlet 2's
/// documents vary most.
const OUTLETS: [(f64, usize, f64, f64); 4] = [
    (1500.0, 2, 1.0, 0.5),
    (400.0, 1, 1.0, 0.5),
    (800.0, 1, 0.7, 0.9),
    (250.0, 3, 0.5, 0.2),
];

const EVENTS: usize = 20;
const PERMUTATIONS: usize = 499;
/// Null corpora: the Monte Carlo standard error of a 5% share is
/// sqrt(0.05 * 0.95 / 400) = 1.1 points.
const NULL_CORPORA: u64 = 400;
/// Corpora per planted difference: the standard error of a power near 0.5
/// is 0.035.
const PLANTED_CORPORA: u64 = 200;

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
            for (o, &(len, n, cover, spread)) in OUTLETS.iter().enumerate() {
                if cover < 1.0 && !rng.gen_bool(cover) {
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
                            let wobble = rng.gen_range(1.0 - spread..1.0 + spread);
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

/// The tests the summary runs.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Test {
    Pair(usize, usize),
    Omnibus,
}

const TESTS: [Test; 7] = [
    Test::Pair(0, 1),
    Test::Pair(0, 2),
    Test::Pair(0, 3),
    Test::Pair(1, 2),
    Test::Pair(1, 3),
    Test::Pair(2, 3),
    Test::Omnibus,
];

/// A tested row: category, p, q, effect.
#[derive(Debug, Clone, Copy)]
struct Row {
    k: usize,
    p: f64,
    q: f64,
    effect: f64,
}

/// The summary's procedure for one test: run it, set aside rows below the
/// evidence rule, BH across the rest.
fn tested(c: &[Vec<(usize, Doc)>], test: Test, seed: u64) -> Vec<Row> {
    let strata: Vec<Vec<(usize, &Doc)>> = c
        .iter()
        .map(|e| e.iter().map(|(o, d)| (*o, d)).collect())
        .collect();
    let n = BASE_RATES.len();
    let t: Option<PermutationTest> = match test {
        Test::Pair(a, b) => pair_test(&strata, (a, b), n, &EVIDENCE, PERMUTATIONS, 0, seed),
        Test::Omnibus => omnibus_test(&strata, OUTLETS.len(), n, &EVIDENCE, PERMUTATIONS, 0, seed),
    };
    let Some(t) = t else {
        return Vec::new();
    };
    let keep: Vec<usize> = (0..n)
        .filter(|&k| t.matches[k] > 0.0 && EVIDENCE.met(t.matches[k], t.strata_with_difference[k]))
        .collect();
    let q = bh_adjust(&keep.iter().map(|&k| t.p[k]).collect::<Vec<_>>());
    keep.into_iter()
        .zip(q)
        .map(|(k, q)| Row {
            k,
            p: t.p[k],
            q,
            effect: t.effect[k],
        })
        .collect()
}

/// Monte Carlo standard error of a share `p` over `n` trials.
fn mc_se(p: f64, n: usize) -> f64 {
    (p * (1.0 - p) / n as f64).sqrt()
}

#[test]
fn null_corpora_give_at_most_five_percent_false_findings_for_every_test() {
    // Per test: tested families, families with a finding at q < 0.05.
    let mut families = [0usize; TESTS.len()];
    let mut with_finding = [0usize; TESTS.len()];
    // Per category, over all tests: tested rows, rows at p < 0.05.
    let mut rows = [0usize; BASE_RATES.len()];
    let mut rows_p05 = [0usize; BASE_RATES.len()];
    for s in 0..NULL_CORPORA {
        let c = corpus(1000 + s, None);
        for (i, &test) in TESTS.iter().enumerate() {
            let t = tested(&c, test, s * 10 + i as u64);
            if t.is_empty() {
                continue;
            }
            families[i] += 1;
            if t.iter().any(|r| r.q < 0.05) {
                with_finding[i] += 1;
            }
            for r in &t {
                rows[r.k] += 1;
                rows_p05[r.k] += usize::from(r.p < 0.05);
            }
        }
    }
    for (i, test) in TESTS.iter().enumerate() {
        let share = with_finding[i] as f64 / families[i] as f64;
        eprintln!(
            "null {test:?}: {} tested families of {NULL_CORPORA} corpora, with a finding at q < 0.05: {} ({:.1}% +- {:.1} MC s.e.)",
            families[i],
            with_finding[i],
            100.0 * share,
            100.0 * mc_se(share, families[i])
        );
    }
    for k in 0..BASE_RATES.len() {
        let share = rows_p05[k] as f64 / rows[k].max(1) as f64;
        eprintln!(
            "null category rate {:.0e}/token: {} tested rows, p < 0.05 in {} ({:.1}% +- {:.1})",
            BASE_RATES[k],
            rows[k],
            rows_p05[k],
            100.0 * share,
            100.0 * mc_se(share, rows[k].max(1))
        );
    }
    for (i, test) in TESTS.iter().enumerate() {
        // Nearly every corpus has a tested row for each test.
        assert!(
            families[i] as u64 >= NULL_CORPORA * 9 / 10,
            "{test:?}: {}",
            families[i]
        );
        let share = with_finding[i] as f64 / families[i] as f64;
        // Not above 5% by more than two Monte Carlo standard errors.
        let bound = 0.05 + 2.0 * mc_se(0.05, families[i]);
        assert!(
            share <= bound,
            "{test:?}: false findings in {:.1}% of families (bound {:.1}%)",
            100.0 * share,
            100.0 * bound
        );
    }
    // Pooled over the tests: at most 5% plus two Monte Carlo standard
    // errors of the pooled share.
    let all: usize = families.iter().sum();
    let hit: usize = with_finding.iter().sum();
    let pooled = hit as f64 / all as f64;
    eprintln!(
        "null pooled over the tests: {hit} of {all} families ({:.1}% +- {:.1})",
        100.0 * pooled,
        100.0 * mc_se(pooled, all)
    );
    assert!(pooled <= 0.05 + 2.0 * mc_se(0.05, all), "pooled {pooled}");
    // Each category's test is calibrated at the nominal level too, rare
    // ones included (up to two Monte Carlo standard errors).
    for k in 0..BASE_RATES.len() {
        if rows[k] < 200 {
            continue;
        }
        let share = rows_p05[k] as f64 / rows[k] as f64;
        assert!(
            share <= 0.05 + 2.0 * mc_se(0.05, rows[k]),
            "category {k}: p < 0.05 in {:.1}% of tested rows",
            100.0 * share
        );
    }
    // The rarest categories have enough tested rows to be checked.
    assert!(rows[5] >= 200 && rows[4] >= 200, "{rows:?}");
}

/// Planted differences: (category, ratio, test, power docs/statistics.md
/// reports). The measured power must be within `POWER_TOLERANCE` of it.
const PLANTED: [(usize, f64, Test, f64); 6] = [
    (0, 1.5, Test::Pair(0, 1), 0.545),
    (2, 2.0, Test::Pair(0, 1), 0.625),
    (5, 3.0, Test::Pair(0, 1), 0.315),
    (0, 1.5, Test::Omnibus, 0.82),
    (2, 2.0, Test::Omnibus, 0.91),
    (5, 3.0, Test::Omnibus, 0.57),
];

/// About two Monte Carlo standard errors of a power near 0.5 over 200 corpora.
const POWER_TOLERANCE: f64 = 0.07;

#[test]
fn planted_differences_are_found_at_the_reported_power() {
    let mut off = Vec::new();
    for (k, ratio, test, reported) in PLANTED {
        let mut found = 0;
        let mut others = 0;
        for s in 0..PLANTED_CORPORA {
            let c = corpus(5000 + s, Some((k, ratio)));
            let t = tested(&c, test, s);
            // Found: the planted category at q < 0.05, and for the pair in
            // the planted direction (outlet 0 uses it more).
            let hit = t
                .iter()
                .any(|r| r.k == k && r.q < 0.05 && (test == Test::Omnibus || r.effect > 0.0));
            found += usize::from(hit);
            // Other categories have no planted difference.
            others += t.iter().filter(|r| r.k != k && r.q < 0.05).count();
        }
        let power = found as f64 / PLANTED_CORPORA as f64;
        eprintln!(
            "planted {test:?}: category rate {:.0e}/token x{ratio} in outlet 0: power {power:.3} ({found}/{PLANTED_CORPORA}, +- {:.3} MC s.e.); other categories at q < 0.05: {others}",
            BASE_RATES[k],
            mc_se(power, PLANTED_CORPORA as usize)
        );
        if (power - reported).abs() > POWER_TOLERANCE {
            off.push(format!(
                "{test:?} category {k} x{ratio}: power {power:.3}, docs/statistics.md reports {reported:.2}"
            ));
        }
    }
    assert!(off.is_empty(), "{off:#?}");
}
