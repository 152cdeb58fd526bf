//! Area under the ROC curve: how well a score separates positive items
//! from the others, plainly and within strata of a nuisance variable
//! (length), so that what the nuisance alone explains is not credited to
//! the score.

/// One scored item for [`auc_within_strata`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// The item belongs to the positive class.
    pub positive: bool,
    /// The nuisance variable the strata are cut on (a sentence's length).
    pub length: usize,
    pub score: f64,
}

/// Area under the ROC curve of `pos` against `neg` (Mann–Whitney U over
/// n_pos * n_neg, ties counted one half). NaN when either side is empty.
pub fn auc(pos: &[f64], neg: &[f64]) -> f64 {
    if pos.is_empty() || neg.is_empty() {
        return f64::NAN;
    }
    let mut all: Vec<(f64, bool)> = pos
        .iter()
        .map(|&x| (x, true))
        .chain(neg.iter().map(|&x| (x, false)))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Mid-ranks over ties.
    let mut rank_sum_pos = 0f64;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j < all.len() && all[j].0 == all[i].0 {
            j += 1;
        }
        let mid = (i + j + 1) as f64 / 2.0; // ranks i+1..=j
        rank_sum_pos += mid * all[i..j].iter().filter(|x| x.1).count() as f64;
        i = j;
    }
    let np = pos.len() as f64;
    let nn = neg.len() as f64;
    (rank_sum_pos - np * (np + 1.0) / 2.0) / (np * nn)
}

/// Upper bounds of `strata` groups of similar length, cut at the
/// k/strata quantiles (nearest rank) of `lengths`; an item of length `t`
/// falls in stratum `bounds.iter().filter(|&&b| t > b).count()`, so items
/// of one length stay in one stratum. Empty when there are no items.
pub fn length_bounds(lengths: &[usize], strata: usize) -> Vec<usize> {
    let mut lengths = lengths.to_vec();
    lengths.sort_unstable();
    let n = lengths.len();
    if n == 0 {
        return Vec::new();
    }
    (1..strata)
        .map(|k| lengths[(k * n / strata).min(n - 1)])
        .collect()
}

/// The stratum of length `t` under `bounds` (see [`length_bounds`]).
pub fn stratum_of(bounds: &[usize], t: usize) -> usize {
    bounds.iter().filter(|&&b| t > b).count()
}

/// AUC within given strata, pooled with weights n_pos * n_neg: per item
/// its stratum (below `strata`), its class and its score. Strata without
/// both kinds of item are left out; NaN when none has both.
pub fn auc_pooled(items: &[(usize, bool, f64)], strata: usize) -> f64 {
    let (mut num, mut den) = (0f64, 0f64);
    let mut pos: Vec<Vec<f64>> = vec![Vec::new(); strata];
    let mut neg: Vec<Vec<f64>> = vec![Vec::new(); strata];
    for &(k, positive, score) in items {
        if k < strata {
            if positive {
                pos[k].push(score);
            } else {
                neg[k].push(score);
            }
        }
    }
    for (p, n) in pos.iter().zip(&neg) {
        if p.is_empty() || n.is_empty() {
            continue;
        }
        let w = p.len() as f64 * n.len() as f64;
        num += w * auc(p, n);
        den += w;
    }
    if den == 0.0 {
        f64::NAN
    } else {
        num / den
    }
}

/// AUC of the score within `strata` groups of similar length (cut at
/// length quantiles; items of one length stay in one stratum), pooled with
/// weights n_pos * n_neg; strata without both kinds of item are left out.
/// NaN when no stratum has both.
pub fn auc_within_strata(items: &[Scored], strata: usize) -> f64 {
    let lengths: Vec<usize> = items.iter().map(|s| s.length).collect();
    let bounds = length_bounds(&lengths, strata);
    if bounds.is_empty() && items.is_empty() {
        return f64::NAN;
    }
    let assigned: Vec<(usize, bool, f64)> = items
        .iter()
        .map(|s| (stratum_of(&bounds, s.length), s.positive, s.score))
        .collect();
    auc_pooled(&assigned, strata)
}

/// Items ranked once by (group, score) so that the AUC of any weighting
/// of them (a bootstrap resample: each item weighted by how often its
/// cluster was drawn) costs one pass over the items, not a sort. With
/// integer weights the result is [`auc`] of the sample the weights
/// stand for: repeats are ties, counted one half.
#[derive(Debug, Clone)]
pub struct RankedScores {
    /// Each item's rank among the distinct (group, score) pairs.
    rank: Vec<u32>,
    /// The group of each distinct pair, in rank order.
    group_of_rank: Vec<usize>,
    positive: Vec<bool>,
    groups: usize,
}

/// The tallies of one group under one weighting: weights of its positive
/// and negative items and twice the Mann–Whitney U (exact integers).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GroupTally {
    pub positive: u64,
    pub negative: u64,
    twice_u: u128,
}

impl GroupTally {
    /// The group's AUC; NaN without items of both kinds.
    pub fn auc(&self) -> f64 {
        if self.positive == 0 || self.negative == 0 {
            return f64::NAN;
        }
        self.twice_u as f64 / (2.0 * self.positive as f64 * self.negative as f64)
    }
}

/// The AUC of all `tallies` pooled as [`auc_pooled`] pools strata:
/// groups weighted by positive x negative, those without both left out.
pub fn pooled_auc(tallies: &[GroupTally]) -> f64 {
    let (mut u2, mut pairs) = (0f64, 0f64);
    for t in tallies.iter().filter(|t| t.positive > 0 && t.negative > 0) {
        u2 += t.twice_u as f64;
        pairs += t.positive as f64 * t.negative as f64;
    }
    if pairs == 0.0 {
        f64::NAN
    } else {
        u2 / (2.0 * pairs)
    }
}

impl RankedScores {
    /// Rank items of `scores` within their `groups` (each below
    /// `n_groups`); `positive` marks the positive class.
    pub fn new(scores: &[f64], groups: &[usize], positive: &[bool], n_groups: usize) -> Self {
        let mut order: Vec<usize> = (0..scores.len()).collect();
        order.sort_by(|&a, &b| {
            groups[a]
                .cmp(&groups[b])
                .then(scores[a].total_cmp(&scores[b]))
        });
        let mut rank = vec![0u32; scores.len()];
        let mut group_of_rank = Vec::new();
        let mut last: Option<(usize, f64)> = None;
        for &i in &order {
            let key = (groups[i], scores[i]);
            if last.is_none_or(|l| l.0 != key.0 || l.1.total_cmp(&key.1).is_ne()) {
                group_of_rank.push(key.0);
                last = Some(key);
            }
            rank[i] = (group_of_rank.len() - 1) as u32;
        }
        RankedScores {
            rank,
            group_of_rank,
            positive: positive.to_vec(),
            groups: n_groups,
        }
    }

    /// Per group, the tallies with item i weighted `weights[i]`; `buf`
    /// is scratch space kept between calls.
    pub fn tallies(&self, weights: &[u32], buf: &mut Vec<(u64, u64)>) -> Vec<GroupTally> {
        buf.clear();
        buf.resize(self.group_of_rank.len(), (0, 0));
        for ((&r, &pos), &w) in self.rank.iter().zip(&self.positive).zip(weights) {
            let cell = &mut buf[r as usize];
            if pos {
                cell.0 += u64::from(w);
            } else {
                cell.1 += u64::from(w);
            }
        }
        let mut out = vec![GroupTally::default(); self.groups];
        for (&(p, n), &g) in buf.iter().zip(&self.group_of_rank) {
            let t = &mut out[g];
            // Each positive beats the negatives below it and ties those
            // at its score.
            t.twice_u += u128::from(p) * u128::from(2 * t.negative + n);
            t.positive += p;
            t.negative += n;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_matches_hand_values() {
        assert_eq!(auc(&[3.0, 4.0], &[1.0, 2.0]), 1.0);
        assert_eq!(auc(&[1.0, 2.0], &[3.0, 4.0]), 0.0);
        assert_eq!(auc(&[1.0], &[1.0]), 0.5);
        // pos {2, 3}, neg {1, 2}: pairs (2>1)=1, (2=2)=.5, (3>1)=1, (3>2)=1 -> 3.5/4
        assert!((auc(&[2.0, 3.0], &[1.0, 2.0]) - 0.875).abs() < 1e-12);
        assert!(auc(&[], &[1.0]).is_nan());
    }

    #[test]
    fn stratified_auc_removes_what_length_explains() {
        let s = |positive, length, score: f64| Scored {
            positive,
            length,
            score,
        };
        // Positive items are long and long items score higher, but within
        // each length the score does not separate them.
        let data = vec![
            s(true, 40, 2.0),
            s(true, 40, 2.0),
            s(false, 40, 2.0),
            s(true, 10, 0.0),
            s(false, 10, 0.0),
            s(false, 10, 0.0),
            s(false, 10, 0.0),
            s(false, 10, 0.0),
        ];
        let (pos, neg): (Vec<_>, Vec<_>) = data.iter().partition(|x| x.positive);
        let f = |v: &[&Scored]| v.iter().map(|x| x.score).collect::<Vec<_>>();
        // pos {2, 2, 0}, neg {2, 0, 0, 0, 0}: (4.5 + 4.5 + 2) / 15.
        assert!((auc(&f(&pos), &f(&neg)) - 11.0 / 15.0).abs() < 1e-12);
        assert_eq!(auc_within_strata(&data, 2), 0.5);
        // One kind of item only in every stratum: undefined.
        assert!(auc_within_strata(&[s(true, 5, 1.0), s(true, 9, 0.0)], 2).is_nan());
        assert!(auc_within_strata(&[], 5).is_nan());
    }

    #[test]
    fn ranked_scores_give_the_auc_of_the_sample_their_weights_stand_for() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        for _ in 0..200 {
            let n = rng.gen_range(1..40);
            // Few distinct values, so ties are common.
            let scores: Vec<f64> = (0..n)
                .map(|_| f64::from(rng.gen_range(0..6u8)) / 2.0)
                .collect();
            let groups: Vec<usize> = (0..n).map(|_| rng.gen_range(0..3)).collect();
            let positive: Vec<bool> = (0..n).map(|_| rng.gen_bool(0.4)).collect();
            let weights: Vec<u32> = (0..n).map(|_| rng.gen_range(0..4)).collect();
            let ranked = RankedScores::new(&scores, &groups, &positive, 3);
            let tallies = ranked.tallies(&weights, &mut Vec::new());
            // The sample the weights stand for, expanded.
            let expanded: Vec<(usize, bool, f64)> = (0..n)
                .flat_map(|i| {
                    std::iter::repeat_n((groups[i], positive[i], scores[i]), weights[i] as usize)
                })
                .collect();
            for (g, t) in tallies.iter().enumerate() {
                let side = |p: bool| -> Vec<f64> {
                    expanded
                        .iter()
                        .filter(|x| x.0 == g && x.1 == p)
                        .map(|x| x.2)
                        .collect()
                };
                let want = auc(&side(true), &side(false));
                let got = t.auc();
                assert!(
                    (want.is_nan() && got.is_nan()) || (want - got).abs() < 1e-12,
                    "group {g}: {got} against {want}"
                );
            }
            let want = auc_pooled(&expanded, 3);
            let got = pooled_auc(&tallies);
            assert!((want.is_nan() && got.is_nan()) || (want - got).abs() < 1e-12);
        }
    }
}
