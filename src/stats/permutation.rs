//! Permutation tests of rates between groups, with labels permuted
//! **within strata** (events): an outlet that covered more inflammatory
//! stories is not credited with loaded wording, because its label is only
//! ever exchanged with the other groups of the same story.
//!
//! The data are plain counts: per stratum, the cells of the groups present,
//! each with its token count and its count per category (see [`RateCell`]).
//! The tests return the observed statistic and the permutation p-value per
//! category; multiple-testing correction and naming are left to the caller.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Counts of one group in one stratum: tokens, and matches per category.
pub trait RateCell {
    /// Tokens of the group in the stratum.
    fn tokens(&self) -> f64;
    /// Matches of category `k` (0 when the cell has none).
    fn count(&self, k: usize) -> f64;
}

/// The strata: per stratum, `(group index, cell)` of each group present.
pub type Strata<C> = [Vec<(usize, C)>];

/// Result of a permutation test, one value per category.
#[derive(Debug, Clone, PartialEq)]
pub struct PermutationTest {
    /// Observed statistic per category.
    pub statistic: Vec<f64>,
    /// Permutation p-value per category: (exceedances + 1) / (permutations + 1).
    pub p: Vec<f64>,
    /// Strata that entered the test.
    pub strata: usize,
}

/// Pooled rate per group: sums of matches per category and of tokens.
fn pooled<C: RateCell>(
    strata: &Strata<C>,
    assign: &[Vec<usize>],
    n_groups: usize,
    n_cat: usize,
) -> (Vec<f64>, Vec<f64>) {
    let mut tok = vec![0f64; n_groups];
    let mut cnt = vec![0f64; n_groups * n_cat];
    for (ev, a) in strata.iter().zip(assign) {
        for ((_, cell), &g) in ev.iter().zip(a) {
            tok[g] += cell.tokens();
            for k in 0..n_cat {
                cnt[g * n_cat + k] += cell.count(k);
            }
        }
    }
    (tok, cnt)
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

/// p-values from exceedance counts, never 0 (the observed assignment is
/// one of the permutations).
fn p_values(ge: &[usize], perms: usize) -> Vec<f64> {
    ge.iter()
        .map(|&n| (n + 1) as f64 / (perms + 1) as f64)
        .collect()
}

/// Does any group differ? Group labels are shuffled among the cells of
/// each stratum; the statistic is the chi-square-like spread of pooled
/// rates. Strata with fewer than two groups carry no information and are
/// left out; `None` when none is left or there are fewer than two groups.
pub fn omnibus_test<C: RateCell + Clone>(
    strata: &Strata<C>,
    n_groups: usize,
    n_cat: usize,
    perms: usize,
    seed: u64,
) -> Option<PermutationTest> {
    let strata: Vec<Vec<(usize, C)>> = strata.iter().filter(|e| e.len() >= 2).cloned().collect();
    if strata.is_empty() || n_groups < 2 {
        return None;
    }
    let observed: Vec<Vec<usize>> = strata
        .iter()
        .map(|e| e.iter().map(|(g, _)| *g).collect())
        .collect();
    let (tok, cnt) = pooled(&strata, &observed, n_groups, n_cat);
    let stat = spread(&tok, &cnt, n_cat);
    let mut ge = vec![0usize; n_cat];
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut assign = observed.clone();
    for _ in 0..perms {
        for a in assign.iter_mut() {
            a.shuffle(&mut rng);
        }
        let (t, c) = pooled(&strata, &assign, n_groups, n_cat);
        for (k, s) in spread(&t, &c, n_cat).iter().enumerate() {
            if *s >= stat[k] - 1e-12 {
                ge[k] += 1;
            }
        }
    }
    Some(PermutationTest {
        p: p_values(&ge, perms),
        statistic: stat,
        strata: strata.len(),
    })
}

/// Do groups `a` and `b` differ? In each stratum with both, their labels
/// are swapped with probability one half; the statistic is the difference
/// of pooled rates (per 1,000 tokens), two-sided. `None` when no stratum
/// holds both.
pub fn pair_test<C: RateCell>(
    strata: &Strata<C>,
    (a, b): (usize, usize),
    n_cat: usize,
    perms: usize,
    seed: u64,
) -> Option<PermutationTest> {
    let pairs: Vec<(&C, &C)> = strata
        .iter()
        .filter_map(|e| {
            let ca = &e.iter().find(|(g, _)| *g == a)?.1;
            let cb = &e.iter().find(|(g, _)| *g == b)?.1;
            Some((ca, cb))
        })
        .collect();
    if pairs.is_empty() {
        return None;
    }
    let diff = |swap: &[bool]| -> Vec<f64> {
        let (mut ta, mut tb) = (0f64, 0f64);
        let mut ca = vec![0f64; n_cat];
        let mut cb = vec![0f64; n_cat];
        for ((x, y), &s) in pairs.iter().zip(swap) {
            let (x, y) = if s { (y, x) } else { (x, y) };
            ta += x.tokens();
            tb += y.tokens();
            for k in 0..n_cat {
                ca[k] += x.count(k);
                cb[k] += y.count(k);
            }
        }
        (0..n_cat)
            .map(|k| {
                if ta == 0.0 || tb == 0.0 {
                    0.0
                } else {
                    1000.0 * (ca[k] / ta - cb[k] / tb)
                }
            })
            .collect()
    };
    let observed = diff(&vec![false; pairs.len()]);
    let mut ge = vec![0usize; n_cat];
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut swap = vec![false; pairs.len()];
    for _ in 0..perms {
        for s in swap.iter_mut() {
            *s = rng.gen_bool(0.5);
        }
        for (k, d) in diff(&swap).iter().enumerate() {
            if d.abs() >= observed[k].abs() - 1e-12 {
                ge[k] += 1;
            }
        }
    }
    Some(PermutationTest {
        p: p_values(&ge, perms),
        statistic: observed,
        strata: pairs.len(),
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
        let t = pair_test(&strata(true), (0, 1), 1, 999, 7).unwrap();
        assert_eq!(t.strata, 10);
        assert!((t.statistic[0] - 18.0).abs() < 1e-9, "{:?}", t.statistic);
        // Only the observed assignment and its mirror reach |18|: p ~ 2/1024.
        assert!(t.p[0] < 0.01, "{:?}", t.p);
        let o = omnibus_test(&strata(true), 2, 1, 999, 7).unwrap();
        assert!(o.p[0] < 0.01, "{:?}", o.p);

        let t = pair_test(&strata(false), (0, 1), 1, 999, 7).unwrap();
        assert_eq!(t.statistic[0], 0.0);
        assert_eq!(t.p[0], 1.0);
    }

    #[test]
    fn strata_without_both_groups_are_left_out() {
        let mut s = strata(true);
        s.push(vec![(0, C(1000.0, 50.0))]);
        assert_eq!(pair_test(&s, (0, 1), 1, 99, 1).unwrap().strata, 10);
        assert_eq!(omnibus_test(&s, 2, 1, 99, 1).unwrap().strata, 10);
        let lone: Vec<Vec<(usize, C)>> = vec![vec![(0, C(10.0, 1.0))]];
        assert!(pair_test(&lone, (0, 1), 1, 99, 1).is_none());
        assert!(omnibus_test(&lone, 2, 1, 99, 1).is_none());
    }

    #[test]
    fn same_seed_same_p() {
        let s = strata(true);
        assert_eq!(
            pair_test(&s, (0, 1), 1, 200, 3),
            pair_test(&s, (0, 1), 1, 200, 3)
        );
    }
}
