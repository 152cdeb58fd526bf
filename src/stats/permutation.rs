//! Permutation tests of rates between groups, with the group labels of
//! **whole documents** permuted **within strata** (events): an outlet that
//! covered more inflammatory stories is not credited with loaded wording,
//! because a document's label is only ever exchanged with the labels of
//! other documents of the same story. The statistic compares pooled
//! **rates** (matches per token), so an outlet that writes longer articles
//! does not look as if it used a category more.
//!
//! The data are plain counts: per stratum, one cell per document (or per
//! group, when only group totals are known), each with its token count and
//! its count per category (see [`RateCell`]). The tests return, per
//! category, the observed statistic, its permutation p-value, an effect
//! size with a 95% interval from resampling strata, and the evidence the
//! test rests on (matches, strata where the difference appears), so the
//! caller can apply a minimum-evidence rule before correcting for multiple
//! tests ([`Evidence`]).

use crate::stats::bootstrap::percentile;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Counts of one document (or group) in one stratum.
pub trait RateCell {
    /// Tokens of the cell.
    fn tokens(&self) -> f64;
    /// Matches of category `k` (0 when the cell has none).
    fn count(&self, k: usize) -> f64;
}

/// The strata: per stratum, `(group index, cell)` of each document.
pub type Strata<C> = [Vec<(usize, C)>];

/// The minimum evidence a category needs before it is tested at all.
///
/// A difference resting on one or two matches, or on one story, is not a
/// pattern of word choice whatever its p-value; such rows are reported as
/// "too little evidence" and kept out of the multiple-testing family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    /// Matches of the category, summed over the groups compared and the
    /// strata that enter the test.
    pub min_matches: u64,
    /// Strata in which the difference appears: for a pair, the rate of the
    /// group ahead overall is higher in the stratum; for the omnibus test,
    /// the groups' rates are not all equal in the stratum.
    pub min_strata: usize,
}

impl Default for Evidence {
    fn default() -> Self {
        Evidence {
            min_matches: 10,
            min_strata: 3,
        }
    }
}

impl Evidence {
    /// Does a category with these counts meet the rule?
    pub fn met(&self, matches: f64, strata: usize) -> bool {
        matches >= self.min_matches as f64 && strata >= self.min_strata
    }

    /// The rule in words, for reports and docs.
    pub fn describe(&self) -> String {
        format!(
            "a category is tested only with at least {} matches in the groups compared and a difference in the same direction in at least {} events; rows below are listed as too little evidence",
            self.min_matches, self.min_strata
        )
    }
}

/// Result of a permutation test, one value per category.
#[derive(Debug, Clone, PartialEq)]
pub struct PermutationTest {
    /// Observed statistic per category.
    pub statistic: Vec<f64>,
    /// Permutation p-value per category: (exceedances + 1) / (permutations + 1).
    pub p: Vec<f64>,
    /// Effect size per category, per 1,000 tokens: for a pair, rate a minus
    /// rate b; for the omnibus test, the highest group rate minus the lowest.
    pub effect: Vec<f64>,
    /// 95% percentile interval of the effect from resampling strata (None
    /// with fewer than two strata or no resamples).
    pub effect_ci: Vec<Option<(f64, f64)>>,
    /// Matches per category in the cells that entered the test.
    pub matches: Vec<f64>,
    /// Per category, strata in which the difference appears (see [`Evidence`]).
    pub strata_with_difference: Vec<usize>,
    /// Strata that entered the test.
    pub strata: usize,
}

/// The strata as flat arrays: per stratum the group of each cell (already
/// mapped to 0..n_groups), its tokens, and its counts (cell-major).
struct Flat {
    groups: Vec<Vec<usize>>,
    tokens: Vec<Vec<f64>>,
    counts: Vec<Vec<f64>>,
    n_groups: usize,
    n_cat: usize,
}

impl Flat {
    /// Keep the cells whose group `map` names, and the strata where at
    /// least two distinct groups remain.
    fn new<C: RateCell>(
        strata: &Strata<C>,
        map: impl Fn(usize) -> Option<usize>,
        n_groups: usize,
        n_cat: usize,
    ) -> Flat {
        let mut f = Flat {
            groups: Vec::new(),
            tokens: Vec::new(),
            counts: Vec::new(),
            n_groups,
            n_cat,
        };
        for s in strata {
            let cells: Vec<(usize, &C)> = s
                .iter()
                .filter_map(|(g, c)| map(*g).map(|g| (g, c)))
                .collect();
            let first = cells.first().map(|c| c.0);
            if !cells.iter().any(|c| Some(c.0) != first) {
                continue;
            }
            f.groups.push(cells.iter().map(|c| c.0).collect());
            f.tokens.push(cells.iter().map(|c| c.1.tokens()).collect());
            f.counts.push(
                cells
                    .iter()
                    .flat_map(|c| (0..n_cat).map(move |k| c.1.count(k)))
                    .collect(),
            );
        }
        f
    }

    /// Pooled tokens per group and counts per (group, category) over the
    /// strata `which` (with repeats), under the assignment `assign`.
    fn pooled(&self, which: &[usize], assign: &[Vec<usize>]) -> (Vec<f64>, Vec<f64>) {
        let n_cat = self.n_cat;
        let mut tok = vec![0f64; self.n_groups];
        let mut cnt = vec![0f64; self.n_groups * n_cat];
        for &s in which {
            for (i, &g) in assign[s].iter().enumerate() {
                tok[g] += self.tokens[s][i];
                let row = &self.counts[s][i * n_cat..(i + 1) * n_cat];
                for (c, x) in cnt[g * n_cat..(g + 1) * n_cat].iter_mut().zip(row) {
                    *c += x;
                }
            }
        }
        (tok, cnt)
    }

    /// As [`Flat::pooled`], with the second moments the studentized
    /// difference needs: per group the sum of squared tokens, per (group,
    /// category) the sums of squared counts and of counts times tokens.
    fn moments(&self, which: &[usize], assign: &[Vec<usize>]) -> Moments {
        let n_cat = self.n_cat;
        let mut m = Moments {
            tok: vec![0f64; self.n_groups],
            tt: vec![0f64; self.n_groups],
            cnt: vec![0f64; self.n_groups * n_cat],
            cc: vec![0f64; self.n_groups * n_cat],
            ct: vec![0f64; self.n_groups * n_cat],
        };
        for &s in which {
            for (i, &g) in assign[s].iter().enumerate() {
                let t = self.tokens[s][i];
                m.tok[g] += t;
                m.tt[g] += t * t;
                let row = &self.counts[s][i * n_cat..(i + 1) * n_cat];
                for (k, x) in row.iter().enumerate() {
                    let j = g * n_cat + k;
                    m.cnt[j] += x;
                    m.cc[j] += x * x;
                    m.ct[j] += x * t;
                }
            }
        }
        m
    }

    /// Per category, strata where the difference appears: with `sign`
    /// (pair), group 0's rate minus group 1's has that sign; without
    /// (omnibus), the groups' rates are not all equal.
    fn strata_with_difference(&self, sign: Option<&[f64]>) -> Vec<usize> {
        let n_cat = self.n_cat;
        let mut out = vec![0usize; n_cat];
        for s in 0..self.groups.len() {
            let (tok, cnt) = self.pooled(&[s], &self.groups);
            for (k, o) in out.iter_mut().enumerate() {
                let rates: Vec<f64> = (0..self.n_groups)
                    .filter(|&g| tok[g] > 0.0)
                    .map(|g| cnt[g * n_cat + k] / tok[g])
                    .collect();
                let appears = match sign {
                    Some(sign) => {
                        let d = rates.first().copied().unwrap_or(0.0)
                            - rates.get(1).copied().unwrap_or(0.0);
                        rates.len() == 2 && d != 0.0 && d.signum() == sign[k].signum()
                    }
                    None => rates.iter().any(|r| (r - rates[0]).abs() > 1e-15),
                };
                if appears {
                    *o += 1;
                }
            }
        }
        out
    }

    fn matches(&self) -> Vec<f64> {
        let n_cat = self.n_cat;
        let mut m = vec![0f64; n_cat];
        for c in &self.counts {
            for (i, x) in c.iter().enumerate() {
                m[i % n_cat] += x;
            }
        }
        m
    }

    /// 95% interval of `effect` from resampling strata with replacement.
    fn effect_ci(
        &self,
        effect: impl Fn(&[f64], &[f64]) -> Vec<f64>,
        resamples: usize,
        rng: &mut Xoshiro256PlusPlus,
    ) -> Vec<Option<(f64, f64)>> {
        let n = self.groups.len();
        if n < 2 || resamples == 0 {
            return vec![None; self.n_cat];
        }
        let mut draws: Vec<Vec<f64>> = vec![Vec::with_capacity(resamples); self.n_cat];
        let mut which = vec![0usize; n];
        for _ in 0..resamples {
            for w in which.iter_mut() {
                *w = rng.gen_range(0..n);
            }
            let (t, c) = self.pooled(&which, &self.groups);
            for (d, e) in draws.iter_mut().zip(effect(&t, &c)) {
                d.push(e);
            }
        }
        draws
            .into_iter()
            .map(|mut d| {
                d.sort_by(f64::total_cmp);
                Some((percentile(&d, 0.025)?, percentile(&d, 0.975)?))
            })
            .collect()
    }
}

/// Pooled sums and second moments of two groups (see [`Flat::moments`]).
struct Moments {
    tok: Vec<f64>,
    tt: Vec<f64>,
    cnt: Vec<f64>,
    cc: Vec<f64>,
    ct: Vec<f64>,
}

/// Group 0's rate minus group 1's divided by its standard error, per
/// category: the statistic whose permutation p-value stays calibrated when
/// the two groups write documents of different lengths and numbers (a raw
/// difference is not: permuting moves short, noisy documents onto the
/// outlet of long ones and the permutation spread comes out too narrow).
/// The variance of each pooled rate is the ratio-estimator (sandwich)
/// variance over its documents, sum (c - r t)^2 / T^2, and never less than
/// the Poisson variance c / T^2, so a group of one document or of
/// identical documents is not treated as exact.
fn studentized(m: &Moments, n_cat: usize) -> Vec<f64> {
    (0..n_cat)
        .map(|k| {
            if m.tok[0] == 0.0 || m.tok[1] == 0.0 {
                return 0.0;
            }
            let var = |g: usize| {
                let j = g * n_cat + k;
                let (t, c) = (m.tok[g], m.cnt[j]);
                let r = c / t;
                let robust = (m.cc[j] - 2.0 * r * m.ct[j] + r * r * m.tt[g]).max(0.0) / (t * t);
                robust.max(c / (t * t))
            };
            let d = m.cnt[k] / m.tok[0] - m.cnt[n_cat + k] / m.tok[1];
            let se = (var(0) + var(1)).sqrt();
            if se > 0.0 {
                d / se
            } else {
                0.0
            }
        })
        .collect()
}

/// Chi-square-like spread of group rates around the pooled rate, per category.
fn spread(tok: &[f64], cnt: &[f64], n_cat: usize) -> Vec<f64> {
    let all_tok: f64 = tok.iter().sum();
    (0..n_cat)
        .map(|k| {
            let all: f64 = (0..tok.len()).map(|g| cnt[g * n_cat + k]).sum();
            if all_tok == 0.0 || all == 0.0 {
                return 0.0;
            }
            let p = all / all_tok;
            (0..tok.len())
                .filter(|&g| tok[g] > 0.0)
                .map(|g| {
                    let e = tok[g] * p;
                    (cnt[g * n_cat + k] - e).powi(2) / e
                })
                .sum()
        })
        .collect()
}

/// Highest group rate minus lowest, per 1,000 tokens, per category.
fn range(tok: &[f64], cnt: &[f64], n_cat: usize) -> Vec<f64> {
    (0..n_cat)
        .map(|k| {
            let rates: Vec<f64> = (0..tok.len())
                .filter(|&g| tok[g] > 0.0)
                .map(|g| 1000.0 * cnt[g * n_cat + k] / tok[g])
                .collect();
            let hi = rates.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let lo = rates.iter().copied().fold(f64::INFINITY, f64::min);
            if rates.len() < 2 {
                0.0
            } else {
                hi - lo
            }
        })
        .collect()
}

/// Group 0's rate minus group 1's, per 1,000 tokens, per category.
fn difference(tok: &[f64], cnt: &[f64], n_cat: usize) -> Vec<f64> {
    (0..n_cat)
        .map(|k| {
            if tok[0] == 0.0 || tok[1] == 0.0 {
                0.0
            } else {
                1000.0 * (cnt[k] / tok[0] - cnt[n_cat + k] / tok[1])
            }
        })
        .collect()
}

/// p-values from exceedance counts, never 0 (the observed assignment is
/// one of the permutations).
fn p_values(ge: &[usize], perms: usize) -> Vec<f64> {
    ge.iter()
        .map(|&n| (n + 1) as f64 / (perms + 1) as f64)
        .collect()
}

/// Count, per category, the permutations whose `stat` reaches the
/// observed one (`abs`: compare magnitudes, for a two-sided test).
fn exceedances(
    f: &Flat,
    stat: impl Fn(&Flat, &[usize], &[Vec<usize>]) -> Vec<f64>,
    observed: &[f64],
    abs: bool,
    perms: usize,
    rng: &mut Xoshiro256PlusPlus,
) -> Vec<usize> {
    let all: Vec<usize> = (0..f.groups.len()).collect();
    let mut ge = vec![0usize; f.n_cat];
    let mut assign = f.groups.clone();
    for _ in 0..perms {
        for a in assign.iter_mut() {
            a.shuffle(rng);
        }
        for (k, s) in stat(f, &all, &assign).iter().enumerate() {
            let (s, o) = if abs {
                (s.abs(), observed[k].abs())
            } else {
                (*s, observed[k])
            };
            if s >= o - 1e-12 {
                ge[k] += 1;
            }
        }
    }
    ge
}

/// Does any group differ? Group labels are shuffled among the cells
/// (documents) of each stratum; the statistic is the chi-square-like
/// spread of pooled rates. Strata with fewer than two groups carry no
/// information and are left out; `None` when none is left or there are
/// fewer than two groups.
pub fn omnibus_test<C: RateCell>(
    strata: &Strata<C>,
    n_groups: usize,
    n_cat: usize,
    perms: usize,
    resamples: usize,
    seed: u64,
) -> Option<PermutationTest> {
    let f = Flat::new(strata, |g| (g < n_groups).then_some(g), n_groups, n_cat);
    if f.groups.is_empty() || n_groups < 2 {
        return None;
    }
    let all: Vec<usize> = (0..f.groups.len()).collect();
    let (tok, cnt) = f.pooled(&all, &f.groups);
    let stat = spread(&tok, &cnt, n_cat);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let spread_of = |f: &Flat, w: &[usize], a: &[Vec<usize>]| {
        let (t, c) = f.pooled(w, a);
        spread(&t, &c, n_cat)
    };
    let ge = exceedances(&f, spread_of, &stat, false, perms, &mut rng);
    let effect_ci = f.effect_ci(|t, c| range(t, c, n_cat), resamples, &mut rng);
    Some(PermutationTest {
        p: p_values(&ge, perms),
        statistic: stat,
        effect: range(&tok, &cnt, n_cat),
        effect_ci,
        matches: f.matches(),
        strata_with_difference: f.strata_with_difference(None),
        strata: f.groups.len(),
    })
}

/// Do groups `a` and `b` differ? In each stratum with both, the labels of
/// their documents are shuffled among those documents (with one document
/// each, swapped with probability one half). The statistic reported is
/// the difference of pooled rates (per 1,000 tokens); the p-value, two-
/// sided, is that of the difference divided by its standard error (see
/// [`studentized`]). `None` when no stratum holds both.
pub fn pair_test<C: RateCell>(
    strata: &Strata<C>,
    (a, b): (usize, usize),
    n_cat: usize,
    perms: usize,
    resamples: usize,
    seed: u64,
) -> Option<PermutationTest> {
    let map = |g: usize| {
        if g == a {
            Some(0)
        } else if g == b {
            Some(1)
        } else {
            None
        }
    };
    let f = Flat::new(strata, map, 2, n_cat);
    if f.groups.is_empty() || a == b {
        return None;
    }
    let all: Vec<usize> = (0..f.groups.len()).collect();
    let (tok, cnt) = f.pooled(&all, &f.groups);
    let observed = difference(&tok, &cnt, n_cat);
    let t_of = |f: &Flat, w: &[usize], a: &[Vec<usize>]| studentized(&f.moments(w, a), n_cat);
    let t_observed = t_of(&f, &all, &f.groups);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let ge = exceedances(&f, t_of, &t_observed, true, perms, &mut rng);
    let effect_ci = f.effect_ci(|t, c| difference(t, c, n_cat), resamples, &mut rng);
    Some(PermutationTest {
        p: p_values(&ge, perms),
        effect: observed.clone(),
        effect_ci,
        matches: f.matches(),
        strata_with_difference: f.strata_with_difference(Some(&observed)),
        statistic: observed,
        strata: f.groups.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (tokens, count of the one category).
    #[derive(Debug, Clone, Copy)]
    struct C(f64, f64);

    impl RateCell for C {
        fn tokens(&self) -> f64 {
            self.0
        }
        fn count(&self, k: usize) -> f64 {
            if k == 0 {
                self.1
            } else {
                0.0
            }
        }
    }

    /// Ten events in which group 0 always uses the category ten times as
    /// often as group 1, and ten in which both use it alike.
    fn strata(differ: bool) -> Vec<Vec<(usize, C)>> {
        (0..10)
            .map(|_| {
                let a = if differ { 20.0 } else { 2.0 };
                vec![(0, C(1000.0, a)), (1, C(1000.0, 2.0))]
            })
            .collect()
    }

    #[test]
    fn a_consistent_difference_is_significant_and_none_is_not() {
        let t = pair_test(&strata(true), (0, 1), 1, 999, 0, 7).unwrap();
        assert_eq!(t.strata, 10);
        assert!((t.statistic[0] - 18.0).abs() < 1e-9, "{:?}", t.statistic);
        // Only the observed assignment and its mirror reach |18|: p ~ 2/1024.
        assert!(t.p[0] < 0.01, "{:?}", t.p);
        let o = omnibus_test(&strata(true), 2, 1, 999, 0, 7).unwrap();
        assert!(o.p[0] < 0.01, "{:?}", o.p);

        let t = pair_test(&strata(false), (0, 1), 1, 999, 0, 7).unwrap();
        assert_eq!(t.statistic[0], 0.0);
        assert_eq!(t.p[0], 1.0);
    }

    #[test]
    fn strata_without_both_groups_are_left_out() {
        let mut s = strata(true);
        s.push(vec![(0, C(1000.0, 50.0))]);
        assert_eq!(pair_test(&s, (0, 1), 1, 99, 0, 1).unwrap().strata, 10);
        assert_eq!(omnibus_test(&s, 2, 1, 99, 0, 1).unwrap().strata, 10);
        let lone: Vec<Vec<(usize, C)>> = vec![vec![(0, C(10.0, 1.0))]];
        assert!(pair_test(&lone, (0, 1), 1, 99, 0, 1).is_none());
        assert!(omnibus_test(&lone, 2, 1, 99, 0, 1).is_none());
    }

    #[test]
    fn same_seed_same_p() {
        let s = strata(true);
        assert_eq!(
            pair_test(&s, (0, 1), 1, 200, 50, 3),
            pair_test(&s, (0, 1), 1, 200, 50, 3)
        );
    }

    #[test]
    fn documents_are_permuted_and_length_does_not_count() {
        // Group 0 writes three documents per event, each ten times as long
        // as group 1's one, at the same rate: no difference in rate.
        let s: Vec<Vec<(usize, C)>> = (0..12)
            .map(|_| {
                vec![
                    (0, C(1000.0, 5.0)),
                    (0, C(1000.0, 5.0)),
                    (0, C(1000.0, 5.0)),
                    (1, C(100.0, 0.5)),
                ]
            })
            .collect();
        let t = pair_test(&s, (0, 1), 1, 499, 200, 1).unwrap();
        assert!(t.statistic[0].abs() < 1e-9, "{:?}", t.statistic);
        assert_eq!(t.matches[0], 12.0 * 15.5);
        assert_eq!(t.strata_with_difference[0], 0);
        let (lo, hi) = t.effect_ci[0].unwrap();
        assert!(lo <= 0.0 && hi >= 0.0, "{lo} {hi}");
    }

    #[test]
    fn evidence_counts_matches_and_events_with_the_difference() {
        // One match against none, in one event of ten: too little evidence.
        let mut s = strata(false);
        for e in s.iter_mut() {
            e[0].1 = C(1000.0, 0.0);
            e[1].1 = C(1000.0, 0.0);
        }
        s[0][0].1 = C(1000.0, 1.0);
        let t = pair_test(&s, (0, 1), 1, 99, 50, 1).unwrap();
        assert_eq!(t.matches[0], 1.0);
        assert_eq!(t.strata_with_difference[0], 1);
        assert!(!Evidence::default().met(t.matches[0], t.strata_with_difference[0]));
        let t = pair_test(&strata(true), (0, 1), 1, 99, 50, 1).unwrap();
        assert_eq!(t.strata_with_difference[0], 10);
        assert!(Evidence::default().met(t.matches[0], t.strata_with_difference[0]));
        let (lo, hi) = t.effect_ci[0].unwrap();
        assert!(lo > 0.0 && hi >= 18.0 - 1e-9, "{lo} {hi}");
        let o = omnibus_test(&strata(true), 2, 1, 99, 50, 1).unwrap();
        assert!((o.effect[0] - 18.0).abs() < 1e-9);
        assert_eq!(o.strata_with_difference[0], 10);
    }
}
