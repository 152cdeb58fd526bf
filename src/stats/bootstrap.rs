//! Seeded resampling: percentile bootstrap of a rate per 1,000 tokens over
//! resampling units (sentences, events), and a permutation test helper.
//!
//! Replicates are drawn in fixed blocks, each from its own generator seeded
//! by (seed, block index), so results are the same for any thread count.

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

const BLOCK: usize = 64;

/// A rate per 1,000 tokens with its 95% percentile interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RateCi {
    pub rate: f64,
    pub lo: f64,
    pub hi: f64,
    pub matches: u64,
    pub tokens: u64,
}

fn rng_for(seed: u64, block: usize) -> Xoshiro256PlusPlus {
    let mut r = Xoshiro256PlusPlus::seed_from_u64(seed);
    for _ in 0..block {
        r.jump();
    }
    r
}

fn rate(matches: u64, tokens: u64) -> f64 {
    if tokens == 0 {
        0.0
    } else {
        matches as f64 * 1000.0 / tokens as f64
    }
}

/// Percentile `q` (0..=1) of sorted values, linear interpolation (R type 7).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Rate per 1,000 tokens of `units` (each `(matches, tokens)`) with a 95%
/// percentile bootstrap interval from `n_boot` resamples of units.
/// With no units the rate and interval are 0.
pub fn bootstrap_rate(units: &[(u64, u64)], n_boot: usize, seed: u64) -> RateCi {
    let m: u64 = units.iter().map(|u| u.0).sum();
    let t: u64 = units.iter().map(|u| u.1).sum();
    let point = rate(m, t);
    if units.is_empty() || n_boot == 0 {
        return RateCi {
            rate: point,
            lo: point,
            hi: point,
            matches: m,
            tokens: t,
        };
    }
    let mut reps: Vec<f64> = (0..n_boot.div_ceil(BLOCK))
        .into_par_iter()
        .flat_map_iter(|b| {
            let mut rng = rng_for(seed, b);
            let count = BLOCK.min(n_boot - b * BLOCK);
            (0..count)
                .map(|_| {
                    let (mut mm, mut tt) = (0u64, 0u64);
                    for _ in 0..units.len() {
                        let u = units[rng.gen_range(0..units.len())];
                        mm += u.0;
                        tt += u.1;
                    }
                    rate(mm, tt)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    reps.sort_by(f64::total_cmp);
    RateCi {
        rate: point,
        lo: quantile(&reps, 0.025),
        hi: quantile(&reps, 0.975),
        matches: m,
        tokens: t,
    }
}

/// Permutation test of a statistic over labelled units: labels are
/// shuffled within each stratum (`strata[i]`), `stat(labels)` recomputed
/// `n_perm` times; returns the two-sided p-value
/// (1 + #{|perm| ≥ |observed|}) / (1 + n_perm).
pub fn permutation_test<F>(
    labels: &[usize],
    strata: &[usize],
    n_perm: usize,
    seed: u64,
    stat: F,
) -> f64
where
    F: Fn(&[usize]) -> f64 + Sync,
{
    let observed = stat(labels).abs();
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (i, &s) in strata.iter().enumerate().take(labels.len()) {
        groups.entry(s).or_default().push(i);
    }
    let extreme: usize = (0..n_perm.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let mut rng = rng_for(seed, b);
            let mut perm = labels.to_vec();
            let mut hits = 0;
            for _ in 0..BLOCK.min(n_perm - b * BLOCK) {
                for idx in groups.values() {
                    // Fisher–Yates within the stratum.
                    for k in (1..idx.len()).rev() {
                        let j = rng.gen_range(0..=k);
                        perm.swap(idx[k], idx[j]);
                    }
                }
                if stat(&perm).abs() >= observed - 1e-12 {
                    hits += 1;
                }
            }
            hits
        })
        .sum();
    (1 + extreme) as f64 / (1 + n_perm) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bootstrap_is_seeded_and_brackets_rate() {
        let units: Vec<(u64, u64)> = (0..50).map(|i| (i % 3, 20)).collect();
        let a = bootstrap_rate(&units, 1000, 7);
        let b = bootstrap_rate(&units, 1000, 7);
        assert_eq!(a, b);
        assert!(a.lo <= a.rate && a.rate <= a.hi && a.lo < a.hi);
        assert!((a.rate - 49.0 * 1000.0 / 1000.0).abs() < 1e-12);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let c = pool.install(|| bootstrap_rate(&units, 1000, 7));
        assert_eq!(a, c);
    }

    #[test]
    fn permutation_detects_difference() {
        let labels: Vec<usize> = (0..40).map(|i| usize::from(i >= 20)).collect();
        let values: Vec<f64> = (0..40)
            .map(|i| if i >= 20 { 5.0 } else { 1.0 } + (i % 3) as f64)
            .collect();
        let stat = |l: &[usize]| {
            let (mut s1, mut s0) = (0.0, 0.0);
            for (v, &g) in values.iter().zip(l) {
                if g == 1 {
                    s1 += v
                } else {
                    s0 += v
                }
            }
            s1 / 20.0 - s0 / 20.0
        };
        let p = permutation_test(&labels, &vec![0; 40], 500, 1, stat);
        assert!(p < 0.01);
        assert_eq!(p, permutation_test(&labels, &vec![0; 40], 500, 1, stat));
    }
}
