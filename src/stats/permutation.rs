//! Permutation tests of rates between groups, with the group labels of
//! **whole documents** permuted **within strata** (events): an outlet that
//! covered more inflammatory stories is not credited with loaded wording,
//! because a document's label is only ever exchanged with the labels of
//! other documents of the same story, and the statistic itself compares
//! groups **within** each stratum (against the stratum's pooled rate), so
//! which stories a group covered does not enter it either.
//!
//! The data are plain counts: per stratum, one cell per document (or per
//! group, when only group totals are known), each with its token count and
//! its count per category (see [`RateCell`]). The tests return, per
//! category, the observed statistic, its permutation p-value, an effect
//! size with a 95% interval from resampling strata, and the evidence the
//! test rests on (matches, strata where the difference appears), so the
//! caller can apply a minimum-evidence rule before correcting for multiple
//! tests ([`Evidence`]).
//!
//! # Why the statistic is a studentized stratified score
//!
//! Outlets differ in how long and how many their articles are, so under
//! the null hypothesis (the same rate as the other groups in every
//! stratum) documents are **not** exchangeable: a 1,500-token article's
//! count varies far more than a 400-token one's. A permutation test of a
//! raw difference of rates is then not exact, and not even asymptotically
//! valid (the Behrens–Fisher problem; Janssen 1997; Chung & Romano 2013):
//! permuting moves long, noisy documents onto the outlet of short ones and
//! the permutation spread does not match the sampling spread. What keeps a
//! permutation test valid then is a statistic whose limiting distribution
//! does not depend on the unequal variances, a *studentized* one. Here:
//!
//! - the score of group g is U_g = sum over strata of (its matches minus
//!   its tokens times the stratum's pooled rate): zero in expectation
//!   under the null whatever the stories' rates and the documents'
//!   lengths, because it only compares documents of the same stratum
//!   (the Mantel–Haenszel / Poisson-regression score with a rate per
//!   stratum);
//! - its covariance is the heteroscedasticity-consistent (sandwich) one,
//!   each document's variance estimated by its own squared residual from
//!   the stratum's rate with the HC2 leverage correction (residual^2 / (1 -
//!   its share of the stratum's tokens)), so a long document counts with
//!   the spread it has, and never less than the Poisson variance of its
//!   tokens under the null (see [`cell_variance`]: without the floor, rare
//!   categories are not calibrated); a pair test over fewer than
//!   [`SMALL_SAMPLE_STRATA`] strata uses HC3, residual^2 / (1 - share)^2;
//! - pair: Z = U_a / sd(U_a); omnibus: the Wald form U' V^- U (at most
//!   [`MAX_WALD_GROUPS`] groups), asymptotically chi-square whatever the
//!   variances, the k-sample analogue Chung & Romano recommend.
//!
//! tests/calibration.rs checks by simulation that the share of false
//! findings stays at or below 5% for every outlet pair and the omnibus
//! test, including outlets of very different article lengths and numbers.

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
    /// Observed statistic per category: for a pair, the effect (see
    /// `effect`); for the omnibus test, the Wald statistic U' V^- U.
    pub statistic: Vec<f64>,
    /// Permutation p-value per category: (exceedances + 1) / (permutations + 1).
    /// Only meaningful for categories that meet the evidence rule: when no
    /// category of the test does, none is computed and all are 1.
    pub p: Vec<f64>,
    /// Effect size per category, per 1,000 tokens, compared within strata:
    /// for a pair, the Mantel–Haenszel rate difference a minus b (the
    /// within-stratum differences weighted by T_a T_b / (T_a + T_b)); for
    /// the omnibus test, the highest group rate minus the lowest, each
    /// rate standardized to the strata it appears in (the pooled rate
    /// times the group's matches over the matches expected from its
    /// strata's rates).
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

/// The omnibus test uses the full Wald form up to this many groups; past
/// it (ABP has 161 outlets, where one permutation would invert a 161 x 161
/// matrix per category) the statistic is the sum over groups of the
/// squared studentized scores U_g^2 / V_gg, cheaper and still studentized
/// group by group, but its limit depends on the groups' correlation, so it
/// is not covered by the calibration simulation.
pub const MAX_WALD_GROUPS: usize = 16;

/// A pair test over fewer strata than this estimates each document's
/// variance with the HC3 leverage correction, residual^2 / (1 - h)^2, in
/// place of HC2's residual^2 / (1 - h) (see [`cell_variance`]).
///
/// Why: HC2 is unbiased when every document's variance is proportional
/// to its tokens, but when one long document is more variable than the
/// rest of its stratum (one overdispersed article against several short
/// uniform ones), its squared residual carries only about (1 - h)^2 of its
/// own variance, and with few strata the studentized score is then too
/// often extreme: 10.0% of null families with a finding for such a pair
/// sharing about 7 events in tests/calibration.rs, 4.9% with HC3. With
/// more strata the errors average out and HC3 over-corrects instead (pair
/// 0-3 of the simulation, about 10 shared events: 5.0% with HC2, 7.3%
/// with HC3 below 12 strata, 6.8% below 10, 5.5% below 9), so the cutoff
/// is where the simulation put it; the pairs with 20 events, and their
/// power, are unchanged. The omnibus test keeps HC2 (its strata are all
/// the events). HC3: MacKinnon & White 1985; Long & Ervin 2000.
pub const SMALL_SAMPLE_STRATA: usize = 9;

/// One document's non-zero counts: (category, count).
type Sparse = Vec<(usize, f64)>;

/// The strata as flat arrays, with what does not change under
/// permutation precomputed: per stratum the group of each cell (already
/// mapped to 0..n_groups), its tokens, its HC2 weight 1 / (1 - share of
/// the stratum's tokens), its non-zero counts; per stratum the pooled
/// tokens and counts, and the distinct groups present.
struct Flat {
    groups: Vec<Vec<usize>>,
    tokens: Vec<Vec<f64>>,
    counts: Vec<Vec<Sparse>>,
    /// Per stratum, per cell and category present in the stratum (the
    /// order of `stratum_counts`): the residual c - r t from the stratum's
    /// pooled rate r, and the cell's variance estimate (see
    /// [`cell_variance`]). Neither changes under permutation.
    resid: Vec<Vec<f64>>,
    var: Vec<Vec<f64>>,
    /// Per stratum: total tokens.
    stratum_tokens: Vec<f64>,
    /// Per stratum: (category, total count) of the categories it has.
    stratum_counts: Vec<Vec<(usize, f64)>>,
    /// Per stratum: the distinct groups, ascending.
    present: Vec<Vec<usize>>,
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
        leverage: Leverage,
    ) -> Flat {
        let mut f = Flat {
            groups: Vec::new(),
            tokens: Vec::new(),
            counts: Vec::new(),
            resid: Vec::new(),
            var: Vec::new(),
            stratum_tokens: Vec::new(),
            stratum_counts: Vec::new(),
            present: Vec::new(),
            n_groups,
            n_cat,
        };
        for s in strata {
            let cells: Vec<(usize, &C)> = s
                .iter()
                .filter_map(|(g, c)| map(*g).map(|g| (g, c)))
                .collect();
            let mut present: Vec<usize> = cells.iter().map(|c| c.0).collect();
            present.sort_unstable();
            present.dedup();
            if present.len() < 2 {
                continue;
            }
            let tokens: Vec<f64> = cells.iter().map(|c| c.1.tokens().max(0.0)).collect();
            let total: f64 = tokens.iter().sum();
            let counts: Vec<Sparse> = cells
                .iter()
                .map(|c| {
                    (0..n_cat)
                        .map(|k| (k, c.1.count(k)))
                        .filter(|x| x.1 > 0.0)
                        .collect()
                })
                .collect();
            let mut by_cat = vec![0f64; n_cat];
            for row in &counts {
                for &(k, x) in row {
                    by_cat[k] += x;
                }
            }
            let present_cats: Vec<(usize, f64)> = by_cat
                .iter()
                .copied()
                .enumerate()
                .filter(|x| x.1 > 0.0)
                .collect();
            let mut resid = Vec::with_capacity(cells.len() * present_cats.len());
            let mut var = Vec::with_capacity(cells.len() * present_cats.len());
            for (i, &t) in tokens.iter().enumerate() {
                let h = if total > 0.0 { t / total } else { 1.0 };
                for &(k, c_s) in &present_cats {
                    let r = c_s / total;
                    let c = counts[i].iter().find(|x| x.0 == k).map_or(0.0, |x| x.1);
                    resid.push(c - r * t);
                    var.push(cell_variance(c, t, r, h, leverage));
                }
            }
            f.resid.push(resid);
            f.var.push(var);
            f.groups.push(cells.iter().map(|c| c.0).collect());
            f.tokens.push(tokens);
            f.counts.push(counts);
            f.stratum_tokens.push(total);
            f.stratum_counts.push(present_cats);
            f.present.push(present);
        }
        f
    }

    fn n_strata(&self) -> usize {
        self.groups.len()
    }

    /// Per stratum, tokens per group and counts per (group, category)
    /// under the assignment `assign` (dense, group-major).
    fn stratum_sums(&self, s: usize, assign: &[usize]) -> (Vec<f64>, Vec<f64>) {
        let n_cat = self.n_cat;
        let mut tok = vec![0f64; self.n_groups];
        let mut cnt = vec![0f64; self.n_groups * n_cat];
        for (i, &g) in assign.iter().enumerate() {
            tok[g] += self.tokens[s][i];
            for &(k, x) in &self.counts[s][i] {
                cnt[g * n_cat + k] += x;
            }
        }
        (tok, cnt)
    }

    /// The stratified score U (group-major, n_groups x n_cat) and its
    /// sandwich covariance under the assignment `assign`: `full` gives per
    /// category the n_groups x n_groups matrix (category-major), otherwise
    /// only its diagonal (group-major, like U).
    fn score(&self, assign: &[Vec<usize>], full: bool) -> (Vec<f64>, Vec<f64>) {
        let (ng, nc) = (self.n_groups, self.n_cat);
        let mut u = vec![0f64; ng * nc];
        let mut v = vec![0f64; if full { nc * ng * ng } else { ng * nc }];
        // Per-stratum scratch: tokens per group; per (group, category
        // present) the summed residuals and variances.
        let mut tok = vec![0f64; ng];
        let mut res_g: Vec<f64> = Vec::new();
        let mut var_g: Vec<f64> = Vec::new();
        #[allow(clippy::needless_range_loop)] // `s` indexes four per-stratum tables
        for s in 0..self.n_strata() {
            let total = self.stratum_tokens[s];
            let cats = &self.stratum_counts[s];
            let nk = cats.len();
            if total <= 0.0 || nk == 0 {
                continue;
            }
            let present = &self.present[s];
            for &g in present {
                tok[g] = 0.0;
            }
            res_g.clear();
            res_g.resize(ng * nk, 0.0);
            var_g.clear();
            var_g.resize(ng * nk, 0.0);
            for (i, &g) in assign[s].iter().enumerate() {
                tok[g] += self.tokens[s][i];
                let (r, v) = (
                    &self.resid[s][i * nk..(i + 1) * nk],
                    &self.var[s][i * nk..(i + 1) * nk],
                );
                for j in 0..nk {
                    res_g[g * nk + j] += r[j];
                    var_g[g * nk + j] += v[j];
                }
            }
            for (j, &(k, _)) in cats.iter().enumerate() {
                let sum_var: f64 = present.iter().map(|&g| var_g[g * nk + j]).sum();
                // Cov(U) gains diag(S) - S p' - p S' + (sum S) p p', with
                // S the groups' summed document variances and p their
                // token shares of the stratum.
                for &g in present {
                    u[g * nc + k] += res_g[g * nk + j];
                    let (sg, pg) = (var_g[g * nk + j], tok[g] / total);
                    if full {
                        let base = k * ng * ng + g * ng;
                        for &h in present {
                            let (sh, ph) = (var_g[h * nk + j], tok[h] / total);
                            let mut x = -sg * ph - pg * sh + sum_var * pg * ph;
                            if g == h {
                                x += sg;
                            }
                            v[base + h] += x;
                        }
                    } else {
                        v[g * nc + k] += sg * (1.0 - pg) * (1.0 - pg) + (sum_var - sg) * pg * pg;
                    }
                }
            }
        }
        (u, v)
    }

    /// The omnibus statistic per category: U' V^- U, or with more than
    /// [`MAX_WALD_GROUPS`] groups the sum of U_g^2 / V_gg.
    fn wald(&self, assign: &[Vec<usize>]) -> Vec<f64> {
        let (ng, nc) = (self.n_groups, self.n_cat);
        let full = ng <= MAX_WALD_GROUPS;
        let (u, v) = self.score(assign, full);
        let mut out = vec![0f64; nc];
        let mut m = vec![0f64; ng * ng];
        let mut b = vec![0f64; ng];
        for (k, o) in out.iter_mut().enumerate() {
            if full {
                m.copy_from_slice(&v[k * ng * ng..(k + 1) * ng * ng]);
                for (g, x) in b.iter_mut().enumerate() {
                    *x = u[g * nc + k];
                }
                *o = quadratic_form_ginv(&mut m, &mut b, ng);
            } else {
                *o = (0..ng)
                    .map(|g| {
                        let (x, var) = (u[g * nc + k], v[g * nc + k]);
                        if var > 0.0 {
                            x * x / var
                        } else {
                            0.0
                        }
                    })
                    .sum();
            }
        }
        out
    }

    /// The pair statistic per category: Z = U_0 / sqrt(V_00) (two groups).
    fn z(&self, assign: &[Vec<usize>]) -> Vec<f64> {
        let nc = self.n_cat;
        let (u, v) = self.score(assign, false);
        (0..nc)
            .map(|k| if v[k] > 0.0 { u[k] / v[k].sqrt() } else { 0.0 })
            .collect()
    }

    /// Per category, strata where the difference appears under the
    /// assignment `assign`: with `sign` (pair), group 0's rate minus group
    /// 1's has that sign; without (omnibus), the groups' rates are not all
    /// equal.
    ///
    /// It runs once per permutation (the evidence rule is conditioned on),
    /// so it only visits the categories a stratum has (in a stratum
    /// without a category every group's rate is 0: no difference) and
    /// allocates nothing per stratum.
    fn strata_with_difference(&self, assign: &[Vec<usize>], sign: Option<&[f64]>) -> Vec<usize> {
        let (ng, nc) = (self.n_groups, self.n_cat);
        let mut out = vec![0usize; nc];
        let mut tok = vec![0f64; ng];
        let mut cnt = vec![0f64; ng * nc];
        let mut rates: Vec<f64> = Vec::with_capacity(ng);
        for (s, cats) in self.stratum_counts.iter().enumerate() {
            let present = &self.present[s];
            for &g in present {
                tok[g] = 0.0;
                for &(k, _) in cats {
                    cnt[g * nc + k] = 0.0;
                }
            }
            for (i, &g) in assign[s].iter().enumerate() {
                tok[g] += self.tokens[s][i];
                for &(k, x) in &self.counts[s][i] {
                    cnt[g * nc + k] += x;
                }
            }
            for &(k, _) in cats {
                rates.clear();
                rates.extend(
                    present
                        .iter()
                        .filter(|&&g| tok[g] > 0.0)
                        .map(|&g| cnt[g * nc + k] / tok[g]),
                );
                let appears = match sign {
                    Some(sign) => {
                        let d = rates.first().copied().unwrap_or(0.0)
                            - rates.get(1).copied().unwrap_or(0.0);
                        rates.len() == 2
                            && d != 0.0
                            && sign[k] != 0.0
                            && d.signum() == sign[k].signum()
                    }
                    None => rates.iter().any(|r| (r - rates[0]).abs() > 1e-15),
                };
                out[k] += usize::from(appears);
            }
        }
        out
    }

    fn matches(&self) -> Vec<f64> {
        let mut m = vec![0f64; self.n_cat];
        for row in &self.stratum_counts {
            for &(k, x) in row {
                m[k] += x;
            }
        }
        m
    }

    /// Per stratum, under the observed assignment: tokens per group,
    /// counts per (group, category), and the counts expected from the
    /// stratum's pooled rate (tokens x rate), all dense group-major.
    fn observed_sums(&self) -> Vec<StratumSums> {
        (0..self.n_strata())
            .map(|s| {
                let (tok, cnt) = self.stratum_sums(s, &self.groups[s]);
                let total = self.stratum_tokens[s];
                let mut expected = vec![0f64; self.n_groups * self.n_cat];
                for &(k, c) in &self.stratum_counts[s] {
                    for g in 0..self.n_groups {
                        expected[g * self.n_cat + k] = tok[g] * c / total.max(f64::MIN_POSITIVE);
                    }
                }
                StratumSums {
                    tok,
                    cnt,
                    expected,
                    total,
                }
            })
            .collect()
    }

    /// 95% interval of `effect` from resampling strata with replacement.
    fn effect_ci(
        &self,
        sums: &[StratumSums],
        effect: impl Fn(&[StratumSums], &[usize]) -> Vec<f64>,
        resamples: usize,
        rng: &mut Xoshiro256PlusPlus,
    ) -> Vec<Option<(f64, f64)>> {
        let n = self.n_strata();
        if n < 2 || resamples == 0 {
            return vec![None; self.n_cat];
        }
        let mut draws: Vec<Vec<f64>> = vec![Vec::with_capacity(resamples); self.n_cat];
        let mut which = vec![0usize; n];
        for _ in 0..resamples {
            for w in which.iter_mut() {
                *w = rng.gen_range(0..n);
            }
            for (d, e) in draws.iter_mut().zip(effect(sums, &which)) {
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

/// One stratum's sums under the observed assignment (see [`Flat::observed_sums`]).
struct StratumSums {
    tok: Vec<f64>,
    cnt: Vec<f64>,
    expected: Vec<f64>,
    total: f64,
}

/// A document's variance estimate for one category, given its count `c`,
/// tokens `t`, the stratum's pooled rate `r` and its share `h` of the
/// stratum's tokens: the squared residual with the HC2 leverage correction,
/// (c - r t)^2 / (1 - h) (HC3, (c - r t)^2 / (1 - h)^2, for a pair test
/// over few strata: [`SMALL_SAMPLE_STRATA`]), and never less than the Poisson variance r t
/// its tokens have under the null. The floor matters for rare categories:
/// a stratum's single match in a long document leaves the short
/// documents with tiny residuals, so the sandwich alone calls a short
/// outlet's zero exact and the studentized score drifts away from zero
/// (14% false findings at p < 0.05 for 1 match per 10,000 tokens in the
/// simulation without it). Counts are at least as variable as Poisson
/// ones, so the floor never understates a variance.
fn cell_variance(c: f64, t: f64, r: f64, h: f64, leverage: Leverage) -> f64 {
    let e = c - r * t;
    let one_minus_h = match leverage {
        Leverage::Hc2 => 1.0 - h,
        Leverage::Hc3 => (1.0 - h) * (1.0 - h),
    };
    let hc = if one_minus_h > 1e-9 {
        e * e / one_minus_h
    } else {
        0.0
    };
    hc.max(r * t)
}

/// The leverage correction of a document's squared residual (see
/// [`SMALL_SAMPLE_STRATA`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leverage {
    Hc2,
    Hc3,
}

/// `b' M^- b` for a symmetric positive semi-definite `n x n` matrix `m`
/// (row-major; overwritten) by an LDL' factorisation that skips pivots
/// below 1e-9 of the largest diagonal entry. The score lies in the column
/// space of its covariance (it is a combination of the same document
/// residuals), so any generalized inverse gives the same value; the
/// skipped pivots are the constraint that the groups' scores sum to zero
/// in every stratum, and groups without information.
fn quadratic_form_ginv(m: &mut [f64], b: &mut [f64], n: usize) -> f64 {
    let scale = (0..n).map(|i| m[i * n + i]).fold(0f64, f64::max);
    if scale <= 0.0 {
        return 0.0;
    }
    let tol = 1e-9 * scale;
    let mut d = vec![0f64; n];
    // Doolittle-style LDL': m[i][j] (i > j) becomes L_ij.
    for j in 0..n {
        let mut dj = m[j * n + j];
        for k in 0..j {
            dj -= m[j * n + k] * m[j * n + k] * d[k];
        }
        if dj <= tol {
            d[j] = 0.0;
            for i in j + 1..n {
                m[i * n + j] = 0.0;
            }
            continue;
        }
        d[j] = dj;
        for i in j + 1..n {
            let mut x = m[i * n + j];
            for k in 0..j {
                x -= m[i * n + k] * m[j * n + k] * d[k];
            }
            m[i * n + j] = x / dj;
        }
    }
    // Forward substitution L y = b, then sum y^2 / d.
    let mut w = 0f64;
    for i in 0..n {
        let mut y = b[i];
        for k in 0..i {
            y -= m[i * n + k] * b[k];
        }
        b[i] = y;
        if d[i] > 0.0 {
            w += y * y / d[i];
        }
    }
    w
}

/// Mantel–Haenszel rate difference, group 0 minus group 1, per 1,000
/// tokens, over the strata `which` (with repeats): sum of (O_0 - E_0) over
/// sum of T_0 T_1 / T, the within-stratum differences of rates weighted by
/// T_0 T_1 / T (so a stratum where one side wrote little counts little).
fn mh_difference(sums: &[StratumSums], which: &[usize], n_cat: usize) -> Vec<f64> {
    let mut num = vec![0f64; n_cat];
    let mut den = 0f64;
    for &s in which {
        let x = &sums[s];
        if x.total <= 0.0 {
            continue;
        }
        den += x.tok[0] * x.tok[1] / x.total;
        for (k, n) in num.iter_mut().enumerate() {
            *n += x.cnt[k] - x.expected[k];
        }
    }
    num.into_iter()
        .map(|n| if den > 0.0 { 1000.0 * n / den } else { 0.0 })
        .collect()
}

/// Highest minus lowest standardized group rate, per 1,000 tokens, per
/// category, over the strata `which`: each group's rate is the pooled rate
/// times its matches over the matches its tokens would have at its strata's
/// pooled rates (indirect standardization), so a group that covered only
/// the stories that call for a category is not ranked first for that.
fn standardized_range(
    sums: &[StratumSums],
    which: &[usize],
    n_groups: usize,
    n_cat: usize,
) -> Vec<f64> {
    let mut o = vec![0f64; n_groups * n_cat];
    let mut e = vec![0f64; n_groups * n_cat];
    let mut all_c = vec![0f64; n_cat];
    let mut all_t = 0f64;
    for &s in which {
        let x = &sums[s];
        all_t += x.total;
        for (j, (oo, ee)) in o.iter_mut().zip(e.iter_mut()).enumerate() {
            *oo += x.cnt[j];
            *ee += x.expected[j];
            all_c[j % n_cat] += x.cnt[j];
        }
    }
    (0..n_cat)
        .map(|k| {
            if all_t <= 0.0 {
                return 0.0;
            }
            let rate = 1000.0 * all_c[k] / all_t;
            let rates: Vec<f64> = (0..n_groups)
                .filter(|&g| e[g * n_cat + k] > 0.0)
                .map(|g| rate * o[g * n_cat + k] / e[g * n_cat + k])
                .collect();
            if rates.len() < 2 {
                return 0.0;
            }
            let hi = rates.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let lo = rates.iter().copied().fold(f64::INFINITY, f64::min);
            hi - lo
        })
        .collect()
}

/// Count, per category, the permutations whose `stat` reaches the
/// observed one (`abs`: compare magnitudes, for a two-sided test), and
/// return the p-values.
///
/// The p-value of a category that meets the evidence rule is computed
/// **among the permutations that meet it too**: (exceedances among them
/// plus one) / (their number plus one). The rule ("a difference in the same direction
/// in at least 3 events") looks at the outcome, so the rows it lets through
/// are the more extreme ones; a plain permutation p-value of those rows is
/// too small (in the simulation, a category of 1 match per 10,000 tokens
/// came out at p < 0.05 in 19% of null rows). Conditioning on the
/// selection event keeps the observed assignment one draw among equally
/// likely ones under the null, so the test stays valid after selection
/// (selective inference: Fithian, Sun & Taylor 2014). Other categories get
/// the plain p-value; they are not tested. When no category meets the
/// rule nothing is permuted and every p-value is 1 (not computed).
///
/// `difference` gives, under an assignment and the statistic's values,
/// the strata where the difference appears. A relative tolerance keeps a
/// permutation that only reorders equal documents from falling below the
/// observed value by rounding.
#[allow(clippy::too_many_arguments)]
fn permutation_p(
    f: &Flat,
    stat: impl Fn(&Flat, &[Vec<usize>]) -> Vec<f64>,
    difference: impl Fn(&Flat, &[Vec<usize>], &[f64]) -> Vec<usize>,
    observed: &[f64],
    abs: bool,
    evidence: &Evidence,
    perms: usize,
    rng: &mut Xoshiro256PlusPlus,
) -> Vec<f64> {
    let matches = f.matches();
    let selected: Vec<bool> = {
        let d = difference(f, &f.groups, observed);
        (0..f.n_cat)
            .map(|k| evidence.met(matches[k], d[k]))
            .collect()
    };
    // The p-value of a category below the evidence rule is never reported
    // (the summary lists such rows without one), so when no category meets
    // the rule the permutations would serve nothing: on a corpus without
    // event ids (every test below the rule) they were over half the
    // streaming summary's CPU.
    if !selected.iter().any(|&x| x) {
        return vec![1.0; f.n_cat];
    }
    let mut ge = vec![0usize; f.n_cat];
    let mut ge_sel = vec![0usize; f.n_cat];
    let mut n_sel = vec![0usize; f.n_cat];
    let mut assign = f.groups.clone();
    for _ in 0..perms {
        for a in assign.iter_mut() {
            a.shuffle(rng);
        }
        let values = stat(f, &assign);
        let d = selected
            .iter()
            .any(|&x| x)
            .then(|| difference(f, &assign, &values));
        for (k, s) in values.iter().enumerate() {
            let (s, o) = if abs {
                (s.abs(), observed[k].abs())
            } else {
                (*s, observed[k])
            };
            let reaches = s >= o - 1e-9 * (1.0 + o.abs());
            ge[k] += usize::from(reaches);
            if let Some(d) = &d {
                if selected[k] && evidence.met(matches[k], d[k]) {
                    n_sel[k] += 1;
                    ge_sel[k] += usize::from(reaches);
                }
            }
        }
    }
    (0..f.n_cat)
        .map(|k| {
            if selected[k] {
                (ge_sel[k] + 1) as f64 / (n_sel[k] + 1) as f64
            } else {
                (ge[k] + 1) as f64 / (perms + 1) as f64
            }
        })
        .collect()
}

/// Does any group differ? Group labels are shuffled among the cells
/// (documents) of each stratum; the statistic is the Wald form of the
/// stratified scores with their sandwich covariance (see the module
/// documentation). Strata with fewer than two groups carry no information
/// and are left out; `None` when none is left or there are fewer than two
/// groups.
pub fn omnibus_test<C: RateCell>(
    strata: &Strata<C>,
    n_groups: usize,
    n_cat: usize,
    evidence: &Evidence,
    perms: usize,
    resamples: usize,
    seed: u64,
) -> Option<PermutationTest> {
    let f = Flat::new(
        strata,
        |g| (g < n_groups).then_some(g),
        n_groups,
        n_cat,
        Leverage::Hc2,
    );
    if f.n_strata() == 0 || n_groups < 2 {
        return None;
    }
    let stat = f.wald(&f.groups);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let p = permutation_p(
        &f,
        |f, a| f.wald(a),
        |f, a, _| f.strata_with_difference(a, None),
        &stat,
        false,
        evidence,
        perms,
        &mut rng,
    );
    let sums = f.observed_sums();
    let all: Vec<usize> = (0..f.n_strata()).collect();
    let effect_ci = f.effect_ci(
        &sums,
        |s, w| standardized_range(s, w, n_groups, n_cat),
        resamples,
        &mut rng,
    );
    Some(PermutationTest {
        p,
        strata_with_difference: f.strata_with_difference(&f.groups, None),
        statistic: stat,
        effect: standardized_range(&sums, &all, n_groups, n_cat),
        effect_ci,
        matches: f.matches(),
        strata: f.n_strata(),
    })
}

/// Do groups `a` and `b` differ? In each stratum with both, the labels of
/// their documents are shuffled among those documents (with one document
/// each, swapped with probability one half). The statistic reported is
/// the Mantel–Haenszel difference of rates (per 1,000 tokens); the
/// p-value, two-sided, is that of the studentized stratified score (see
/// the module documentation). `None` when no stratum holds both.
pub fn pair_test<C: RateCell>(
    strata: &Strata<C>,
    (a, b): (usize, usize),
    n_cat: usize,
    evidence: &Evidence,
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
    let mut f = Flat::new(strata, map, 2, n_cat, Leverage::Hc2);
    if f.n_strata() == 0 || a == b {
        return None;
    }
    if f.n_strata() < SMALL_SAMPLE_STRATA {
        f = Flat::new(strata, map, 2, n_cat, Leverage::Hc3);
    }
    let sums = f.observed_sums();
    let all: Vec<usize> = (0..f.n_strata()).collect();
    let observed = mh_difference(&sums, &all, n_cat);
    let z_observed = f.z(&f.groups);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    // The direction under a permutation is that of its score (the sign
    // of Z is the sign of the Mantel-Haenszel difference).
    let p = permutation_p(
        &f,
        |f, a| f.z(a),
        |f, a, z| f.strata_with_difference(a, Some(z)),
        &z_observed,
        true,
        evidence,
        perms,
        &mut rng,
    );
    let effect_ci = f.effect_ci(
        &sums,
        |s, w| mh_difference(s, w, n_cat),
        resamples,
        &mut rng,
    );
    Some(PermutationTest {
        p,
        effect: observed.clone(),
        effect_ci,
        matches: f.matches(),
        strata_with_difference: f.strata_with_difference(&f.groups, Some(&observed)),
        statistic: observed,
        strata: f.n_strata(),
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
        let t = pair_test(&strata(true), (0, 1), 1, &Evidence::default(), 999, 0, 7).unwrap();
        assert_eq!(t.strata, 10);
        assert!((t.statistic[0] - 18.0).abs() < 1e-9, "{:?}", t.statistic);
        // Only the observed assignment and its mirror reach |18|: p ~ 2/1024.
        assert!(t.p[0] < 0.01, "{:?}", t.p);
        let o = omnibus_test(&strata(true), 2, 1, &Evidence::default(), 999, 0, 7).unwrap();
        assert!(o.p[0] < 0.01, "{:?}", o.p);

        let t = pair_test(&strata(false), (0, 1), 1, &Evidence::default(), 999, 0, 7).unwrap();
        assert_eq!(t.statistic[0], 0.0);
        assert_eq!(t.p[0], 1.0);
    }

    #[test]
    fn strata_without_both_groups_are_left_out() {
        let mut s = strata(true);
        s.push(vec![(0, C(1000.0, 50.0))]);
        assert_eq!(
            pair_test(&s, (0, 1), 1, &Evidence::default(), 99, 0, 1)
                .unwrap()
                .strata,
            10
        );
        assert_eq!(
            omnibus_test(&s, 2, 1, &Evidence::default(), 99, 0, 1)
                .unwrap()
                .strata,
            10
        );
        let lone: Vec<Vec<(usize, C)>> = vec![vec![(0, C(10.0, 1.0))]];
        assert!(pair_test(&lone, (0, 1), 1, &Evidence::default(), 99, 0, 1).is_none());
        assert!(omnibus_test(&lone, 2, 1, &Evidence::default(), 99, 0, 1).is_none());
    }

    #[test]
    fn same_seed_same_p() {
        let s = strata(true);
        assert_eq!(
            pair_test(&s, (0, 1), 1, &Evidence::default(), 200, 50, 3),
            pair_test(&s, (0, 1), 1, &Evidence::default(), 200, 50, 3)
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
        let t = pair_test(&s, (0, 1), 1, &Evidence::default(), 499, 200, 1).unwrap();
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
        let t = pair_test(&s, (0, 1), 1, &Evidence::default(), 99, 50, 1).unwrap();
        assert_eq!(t.matches[0], 1.0);
        assert_eq!(t.strata_with_difference[0], 1);
        assert!(!Evidence::default().met(t.matches[0], t.strata_with_difference[0]));
        let t = pair_test(&strata(true), (0, 1), 1, &Evidence::default(), 99, 50, 1).unwrap();
        assert_eq!(t.strata_with_difference[0], 10);
        assert!(Evidence::default().met(t.matches[0], t.strata_with_difference[0]));
        let (lo, hi) = t.effect_ci[0].unwrap();
        assert!(lo > 0.0 && hi >= 18.0 - 1e-9, "{lo} {hi}");
        let o = omnibus_test(&strata(true), 2, 1, &Evidence::default(), 99, 50, 1).unwrap();
        assert!((o.effect[0] - 18.0).abs() < 1e-9);
        assert_eq!(o.strata_with_difference[0], 10);
    }

    #[test]
    fn the_omnibus_test_of_two_groups_is_the_pair_test() {
        // With two groups the Wald form is Z^2: the same permutations give
        // the same p-value.
        let mut s = strata(true);
        s[3][0].1 = C(900.0, 3.0);
        s[5][1].1 = C(1400.0, 9.0);
        let t = pair_test(&s, (0, 1), 1, &Evidence::default(), 299, 0, 11).unwrap();
        let o = omnibus_test(&s, 2, 1, &Evidence::default(), 299, 0, 11).unwrap();
        assert!((t.p[0] - o.p[0]).abs() < 1e-9, "{:?} {:?}", t.p, o.p);
        assert!(t.p[0] < 0.05, "{:?}", t.p);
    }

    #[test]
    fn a_group_without_the_category_leaves_the_wald_form_finite() {
        // Three groups; group 2 appears only where nobody uses the
        // category, so its score and variance are zero and the covariance
        // is singular beyond the sum-to-zero constraint.
        let s: Vec<Vec<(usize, C)>> = (0..8)
            .map(|e| {
                if e < 4 {
                    vec![(0, C(1000.0, 12.0)), (1, C(500.0, 1.0))]
                } else {
                    vec![(0, C(800.0, 0.0)), (2, C(300.0, 0.0))]
                }
            })
            .collect();
        let o = omnibus_test(&s, 3, 1, &Evidence::default(), 199, 0, 5).unwrap();
        assert!(
            o.statistic[0].is_finite() && o.statistic[0] > 0.0,
            "{:?}",
            o.statistic
        );
        assert!(o.p[0] > 0.0 && o.p[0] <= 1.0);
        assert_eq!(o.strata, 8);
    }

    #[test]
    fn the_pair_effect_compares_within_strata() {
        // Group 0 covers a story that calls for the category ten times as
        // often, with long articles; within each story both groups write
        // at the same rate. A pooled difference would credit group 0 with
        // the story; the Mantel-Haenszel difference is zero.
        let s: Vec<Vec<(usize, C)>> = vec![
            vec![(0, C(3000.0, 60.0)), (1, C(100.0, 2.0))],
            vec![(0, C(100.0, 0.2)), (1, C(3000.0, 6.0))],
            vec![(0, C(3000.0, 60.0)), (1, C(100.0, 2.0))],
        ];
        let t = pair_test(&s, (0, 1), 1, &Evidence::default(), 99, 0, 1).unwrap();
        assert!(t.effect[0].abs() < 1e-9, "{:?}", t.effect);
        let o = omnibus_test(&s, 2, 1, &Evidence::default(), 99, 0, 1).unwrap();
        assert!(o.effect[0].abs() < 1e-9, "{:?}", o.effect);
    }
}
