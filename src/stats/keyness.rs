//! Keyness: which terms a target uses more (or less) than a reference.
//!
//! Every statistic is signed: positive where the target uses the term more
//! than expected. For a term with count `a` in the target and `b` in the
//! reference, and totals `tN`, `rN`, the 2×2 table is
//! `[[a, b], [c, d]]` with `c = tN − a`, `d = rN − b`, `N = tN + rN`, and
//! the expected count of `a` is `E = (a+b)(a+c)/N`.
//!
//! * `chi2` — Pearson's X² as quanteda's `textstat_keyness`:
//!   `N(|ad−bc| − N·δ)² / ((a+b)(c+d)(a+c)(b+d))`. With
//!   [`Correction::Default`], δ = 0.5 only when `|ad−bc| ≥ N/2` and some
//!   expected cell is below 5 (quanteda's conditional Yates); with
//!   [`Correction::Yates`] δ = min(0.5, |ad−bc|/N), always (scipy's
//!   `chi2_contingency(correction=True)`; quanteda treats "yates" like
//!   "default"). p from χ²(1).
//! * `lr` — the likelihood ratio G² = 2 Σ O ln(O/E) (0·ln 0 = 0). Default
//!   and Yates corrections move each cell 0.5 towards independence, under
//!   the same condition as for chi2, as quanteda does. quanteda adds 1e-9
//!   inside each logarithm; we do not (the difference is below 2N·1e-9).
//!   p from χ²(1).
//! * Williams' correction ([`Correction::Williams`]) divides X² or G² by
//!   `q = 1 + (N/(a+b) + N/(c+d) − 1)(N/(a+c) + N/(b+d) − 1)/(6N)`.
//!   quanteda divides G² by q but *multiplies* X² by q (its denominator is
//!   divided by q), and sets q = 1 when any cell is zero; we apply the
//!   formula as Williams (1976) gives it, to both.
//! * `pmi` — quanteda's pointwise mutual information ln(a/E + 1e-9), no
//!   correction. Its p-value is quanteda's convention `P(χ²(1) > |pmi|)`,
//!   which is not a real test: use it to order terms, not to judge them.
//! * `logratio` — Hardie's (2014) Log Ratio, log₂ of the ratio of relative
//!   frequencies `(a/tN)/(b/rN)`, with a zero count replaced by 0.5 so the
//!   ratio stays finite (CQPweb's adjustment). Hardie pairs it with a
//!   significance filter; the p-value given is that of uncorrected G².
//! * `logodds` — Monroe, Colaresi & Quinn (2008), log-odds ratio with an
//!   informative Dirichlet prior: with prior counts α_w (α₀ = Σα_w),
//!   δ_w = ln((a+α_w)/(tN+α₀−a−α_w)) − ln((b+α_w)/(rN+α₀−b−α_w)),
//!   Var ≈ 1/(a+α_w) + 1/(b+α_w), z = δ/√Var (the statistic), two-sided
//!   normal p. Prior: pooled counts of target+reference scaled to α₀
//!   (default α₀ = pooled total, i.e. α_w = a+b), or a background corpus
//!   (terms absent from it get half a count before scaling).
//!
//! Every result row carries the BH q-value over all rows.

use super::dist::{chi2_sf_1, normal_two_sided};
use super::fdr::bh_adjust;
use crate::error::{Allowed, Side};
use crate::params::{checked_on_entry, Check, Checked, Valid};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The keyness statistic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    #[default]
    Chi2,
    Lr,
    Pmi,
    LogRatio,
    LogOdds,
}

/// Continuity / small-sample correction for chi2 and lr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Correction {
    /// quanteda's conditional Yates correction.
    #[default]
    Default,
    Yates,
    Williams,
    None,
}

/// Where the log-odds prior comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub enum Prior {
    /// Counts of target and reference together.
    #[default]
    Pooled,
    /// Term counts of a background corpus.
    Background(HashMap<String, u64>),
}

/// Options of [`keyness`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct KeynessParams {
    pub measure: Measure,
    pub correction: Correction,
    pub prior: Prior,
    /// Total prior count α₀ for logodds; `None` = the pooled token total.
    pub alpha0: Option<f64>,
}

/// One term's keyness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeynessRow {
    pub term: String,
    pub n_target: u64,
    pub n_reference: u64,
    /// Occurrences per 1,000 tokens of the target.
    pub rate_target: f64,
    /// Occurrences per 1,000 tokens of the reference.
    pub rate_reference: f64,
    pub stat: f64,
    pub p: f64,
    /// Benjamini–Hochberg q-value over all rows.
    pub q: f64,
}

/// The values [`KeynessParams::alpha0`] allows: a prior of no counts (or
/// of infinitely many) leaves the log-odds undefined.
pub const ALPHA0: Allowed = Allowed::Positive;

impl Check for KeynessParams {
    fn check_ref(&self) -> Result<()> {
        match self.alpha0 {
            Some(a) => ALPHA0.check("alpha0", a),
            None => Ok(()),
        }
    }
}

checked_on_entry!(KeynessParams);

struct Table {
    a: f64,
    b: f64,
    c: f64,
    d: f64,
    n: f64,
}

impl Table {
    fn new(a: u64, b: u64, t_total: u64, r_total: u64) -> Table {
        let (a, b) = (a as f64, b as f64);
        let (c, d) = (t_total as f64 - a, r_total as f64 - b);
        Table {
            a,
            b,
            c,
            d,
            n: a + b + c + d,
        }
    }

    fn expected_a(&self) -> f64 {
        (self.a + self.b) * (self.a + self.c) / self.n
    }

    fn sign(&self) -> f64 {
        if self.a > self.expected_a() {
            1.0
        } else {
            -1.0
        }
    }

    fn margins(&self) -> [f64; 4] {
        [
            self.a + self.b,
            self.c + self.d,
            self.a + self.c,
            self.b + self.d,
        ]
    }

    /// Yates' δ: 0.5 when the correction applies, else 0.
    fn yates_delta(&self, correction: Correction) -> f64 {
        let big_enough = (self.a * self.d - self.b * self.c).abs() >= self.n / 2.0;
        let [ab, cd, ac, bd] = self.margins();
        let n = self.n;
        let small =
            ab * ac / n < 5.0 || ab * bd / n < 5.0 || ac * cd / n < 5.0 || cd * bd / n < 5.0;
        match correction {
            Correction::Default if big_enough && small => 0.5,
            // scipy caps the shift at |O − E| so the statistic never grows.
            Correction::Yates => (0.5f64).min((self.a * self.d - self.b * self.c).abs() / n),
            _ => 0.0,
        }
    }

    fn williams_q(&self) -> f64 {
        let [ab, cd, ac, bd] = self.margins();
        let n = self.n;
        1.0 + (n / ab + n / cd - 1.0) * (n / ac + n / bd - 1.0) / (6.0 * n)
    }

    fn chi2(&self, correction: Correction) -> f64 {
        let [ab, cd, ac, bd] = self.margins();
        let den = ab * cd * ac * bd;
        if den == 0.0 {
            return 0.0;
        }
        let delta = self.yates_delta(correction);
        let num = self.n * ((self.a * self.d - self.b * self.c).abs() - self.n * delta).powi(2);
        let mut x = num / den;
        if correction == Correction::Williams {
            x /= self.williams_q();
        }
        x * self.sign()
    }

    fn g2_raw(&self, delta: f64) -> f64 {
        let s = if self.a * self.d - self.b * self.c > 0.0 {
            1.0
        } else {
            -1.0
        };
        let (a, b, c, d) = (
            self.a - s * delta,
            self.b + s * delta,
            self.c + s * delta,
            self.d - s * delta,
        );
        let n = self.n;
        let cell = |o: f64, r: f64, k: f64| {
            if o > 0.0 {
                o * (o * n / (r * k)).ln()
            } else {
                0.0
            }
        };
        2.0 * (cell(a, a + b, a + c)
            + cell(b, a + b, b + d)
            + cell(c, c + d, a + c)
            + cell(d, c + d, b + d))
    }

    fn lr(&self, correction: Correction) -> f64 {
        let [ab, cd, ac, bd] = self.margins();
        if ab * cd * ac * bd == 0.0 {
            return 0.0;
        }
        let mut g = self.g2_raw(self.yates_delta(correction));
        if correction == Correction::Williams {
            g /= self.williams_q();
        }
        g.max(0.0) * self.sign()
    }

    fn pmi(&self) -> f64 {
        (self.a / self.expected_a() + 1e-9).ln()
    }
}

/// Keyness of every term with a non-zero count in target or reference.
/// `terms[i]` has `target[i]` occurrences in the target and `reference[i]`
/// in the reference. Rows are sorted by statistic (descending), then term.
pub fn keyness<S: AsRef<str>>(
    terms: &[S],
    target: &[u64],
    reference: &[u64],
    params: &impl Checked<KeynessParams>,
) -> Result<Vec<KeynessRow>> {
    let mut rows: Vec<KeynessRow> = keyness_indexed(terms, target, reference, params)?
        .into_iter()
        .map(|r| r.named(terms))
        .collect();
    rows.sort_by(|x, y| y.stat.total_cmp(&x.stat).then_with(|| x.term.cmp(&y.term)));
    Ok(rows)
}

/// A [`KeynessRow`] that names its term by index, in term order: for
/// callers that keep only a few rows of a large vocabulary (the corpus
/// summary, once per outlet), so no term string is copied and nothing is
/// sorted for the rows they drop.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexedRow {
    pub index: usize,
    pub n_target: u64,
    pub n_reference: u64,
    pub rate_target: f64,
    pub rate_reference: f64,
    pub stat: f64,
    pub p: f64,
    pub q: f64,
}

impl IndexedRow {
    /// The row with its term's name.
    pub fn named<S: AsRef<str>>(&self, terms: &[S]) -> KeynessRow {
        KeynessRow {
            term: terms[self.index].as_ref().to_string(),
            n_target: self.n_target,
            n_reference: self.n_reference,
            rate_target: self.rate_target,
            rate_reference: self.rate_reference,
            stat: self.stat,
            p: self.p,
            q: self.q,
        }
    }
}

/// The statistic and p-value of one term with `a` occurrences in the
/// target and `b` in the reference: the one computation behind
/// [`keyness_indexed`] and [`OneVsRest`], so both give the same bits.
#[allow(clippy::too_many_arguments)]
fn term_stat(
    a: u64,
    b: u64,
    t_total: u64,
    r_total: u64,
    alpha: f64,
    alpha0: f64,
    params: &KeynessParams,
) -> (f64, f64) {
    let t = Table::new(a, b, t_total, r_total);
    match params.measure {
        Measure::Chi2 => {
            let x = t.chi2(params.correction);
            (x, chi2_sf_1(x.abs()))
        }
        Measure::Lr => {
            let g = t.lr(params.correction);
            (g, chi2_sf_1(g.abs()))
        }
        Measure::Pmi => {
            let v = t.pmi();
            (v, chi2_sf_1(v.abs()))
        }
        Measure::LogRatio => {
            let fa = if a == 0 { 0.5 } else { a as f64 };
            let fb = if b == 0 { 0.5 } else { b as f64 };
            let v = ((fa / t_total as f64) / (fb / r_total as f64)).log2();
            (v, chi2_sf_1(t.lr(Correction::None).abs()))
        }
        Measure::LogOdds => {
            let z = logodds_z(
                a as f64,
                b as f64,
                t_total as f64,
                r_total as f64,
                alpha,
                alpha0,
            );
            (z, normal_two_sided(z))
        }
    }
}

/// Rates per 1,000 tokens of the target and of the reference.
fn rates(a: u64, b: u64, t_total: u64, r_total: u64) -> (f64, f64) {
    (
        a as f64 * 1000.0 / t_total as f64,
        b as f64 * 1000.0 / r_total as f64,
    )
}

/// [`keyness`] without names or sorting: the same statistics, p- and
/// q-values (Benjamini–Hochberg over all rows), in term order.
pub fn keyness_indexed<S: AsRef<str>>(
    terms: &[S],
    target: &[u64],
    reference: &[u64],
    params: &impl Checked<KeynessParams>,
) -> Result<Vec<IndexedRow>> {
    let params = params.checked()?;
    if terms.len() != target.len() || terms.len() != reference.len() {
        return Err(Error::input(
            "keyness",
            "terms, target and reference counts differ in length",
        ));
    }
    let t_total: u64 = target.iter().sum();
    let r_total: u64 = reference.iter().sum();
    no_empty_side(t_total, r_total)?;
    let pooled: Vec<u64> = target.iter().zip(reference).map(|(a, b)| a + b).collect();
    let prior = logodds_prior(terms, &pooled, t_total + r_total, &params);
    let alpha0: f64 = prior.iter().sum();
    let mut rows: Vec<IndexedRow> = Vec::new();
    for i in 0..terms.len() {
        let (a, b) = (target[i], reference[i]);
        if a + b == 0 {
            continue;
        }
        let (stat, p) = term_stat(a, b, t_total, r_total, prior[i], alpha0, &params);
        let (rate_target, rate_reference) = rates(a, b, t_total, r_total);
        rows.push(IndexedRow {
            index: i,
            n_target: a,
            n_reference: b,
            rate_target,
            rate_reference,
            stat,
            p,
            q: f64::NAN,
        });
    }
    let ps: Vec<f64> = rows.iter().map(|r| r.p).collect();
    for (r, q) in rows.iter_mut().zip(bh_adjust(&ps)) {
        r.q = q;
    }
    Ok(rows)
}

/// [`Error::NoTokens`] when the target or the reference has no tokens.
fn no_empty_side(t_total: u64, r_total: u64) -> Result<()> {
    if t_total == 0 {
        return Err(Error::NoTokens { side: Side::Target });
    }
    if r_total == 0 {
        return Err(Error::NoTokens {
            side: Side::Reference,
        });
    }
    Ok(())
}

/// Keyness of one target after another against all the rest of the same
/// counts: each outlet of an event against the event's other outlets.
///
/// The rows are those [`keyness`] gives for each split (same statistics,
/// p- and q-values, same order), but a target costs time in its own terms
/// and in the distinct term totals, not in the whole vocabulary. The
/// vocabulary of an event grows with its outlets, so computing every term
/// for every outlet grew with the square of the outlets (1,000 outlets of
/// one short text each spent most of their time and memory here). What
/// makes it exact: every term a target does not use has the counts
/// `(0, total)` and a prior that, for one set of counts, depends only on
/// the term's total (pooled) or its background count, so all such terms
/// of equal total and prior share one statistic; they enter the
/// Benjamini–Hochberg adjustment as one tie group and are named only when
/// a caller keeps one of them.
pub struct OneVsRest<'t, S> {
    terms: &'t [S],
    totals: Vec<u64>,
    total: u64,
    prior: Vec<f64>,
    alpha0: f64,
    params: Valid<KeynessParams>,
    /// Terms by (total, prior bits), in term order: a target that uses
    /// none of a class's terms gives them one statistic.
    classes: HashMap<(u64, u64), Vec<usize>>,
}

impl<'t, S: AsRef<str>> OneVsRest<'t, S> {
    /// Set up the splits of `terms` with `totals[i]` occurrences of
    /// `terms[i]` over every target together.
    pub fn new(
        terms: &'t [S],
        totals: Vec<u64>,
        params: &impl Checked<KeynessParams>,
    ) -> Result<Self> {
        let params = params.checked()?.into_owned();
        if terms.len() != totals.len() {
            return Err(Error::input(
                "keyness",
                "terms and total counts differ in length",
            ));
        }
        let total: u64 = totals.iter().sum();
        let prior = logodds_prior(terms, &totals, total, &params);
        let alpha0: f64 = prior.iter().sum();
        let mut classes: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
        for (i, (&n, &alpha)) in totals.iter().zip(&prior).enumerate() {
            if n > 0 {
                classes.entry((n, alpha.to_bits())).or_default().push(i);
            }
        }
        for members in classes.values_mut() {
            members.sort_by(|&a, &b| terms[a].as_ref().cmp(terms[b].as_ref()));
        }
        Ok(OneVsRest {
            terms,
            totals,
            total,
            prior,
            alpha0,
            params,
            classes,
        })
    }

    /// The keyness of the target with `counts` (term index, occurrences;
    /// terms it does not use left out) against everything else. Errors
    /// like [`keyness`] when either side has no tokens.
    pub fn target(&self, counts: &[(usize, u64)]) -> Result<TargetKeyness<'_, 't, S>> {
        let mut used: Vec<(usize, u64)> = counts.iter().copied().filter(|&(_, c)| c > 0).collect();
        used.sort_unstable();
        if used.windows(2).any(|w| w[0].0 == w[1].0)
            || used
                .iter()
                .any(|&(i, c)| i >= self.totals.len() || c > self.totals[i])
        {
            return Err(Error::input(
                "keyness",
                "target counts name a term twice, or exceed the term's total",
            ));
        }
        let t_total: u64 = used.iter().map(|&(_, c)| c).sum();
        let r_total = self.total - t_total;
        no_empty_side(t_total, r_total)?;
        let key = |i: usize| (self.totals[i], self.prior[i].to_bits());
        let mut used_per_class: HashMap<(u64, u64), usize> = HashMap::new();
        let mut groups: Vec<Group> = Vec::new();
        for &(i, a) in &used {
            *used_per_class.entry(key(i)).or_insert(0) += 1;
            groups.push(Group {
                a,
                b: self.totals[i] - a,
                alpha: self.prior[i],
                members: Members::Term(i),
                count: 1,
                stat: 0.0,
                p: 0.0,
                q: f64::NAN,
            });
        }
        for (&k, members) in &self.classes {
            let count = members.len() - used_per_class.get(&k).copied().unwrap_or(0);
            if count > 0 {
                groups.push(Group {
                    a: 0,
                    b: k.0,
                    alpha: f64::from_bits(k.1),
                    members: Members::Unused(k),
                    count,
                    stat: 0.0,
                    p: 0.0,
                    q: f64::NAN,
                });
            }
        }
        for g in groups.iter_mut() {
            (g.stat, g.p) = term_stat(
                g.a,
                g.b,
                t_total,
                r_total,
                g.alpha,
                self.alpha0,
                &self.params,
            );
        }
        bh_adjust_groups(&mut groups);
        Ok(TargetKeyness {
            split: self,
            used: used.into_iter().map(|(i, _)| i).collect(),
            groups,
            t_total,
            r_total,
        })
    }
}

/// Terms of one target that share their counts and prior, hence their
/// statistic.
struct Group {
    a: u64,
    b: u64,
    alpha: f64,
    members: Members,
    /// Terms in the group.
    count: usize,
    stat: f64,
    p: f64,
    q: f64,
}

/// Which terms a [`Group`] holds.
#[derive(Clone, Copy)]
enum Members {
    /// One term the target uses.
    Term(usize),
    /// The terms of a class of [`OneVsRest`] that the target does not use.
    Unused((u64, u64)),
}

/// [`bh_adjust`] over groups of tied p-values, each counted as its
/// members: the same q-values, in time of the groups. In `bh_adjust` the
/// members of a tie come one after another in descending p, the first
/// (highest rank) sets the running minimum and the others cannot lower it
/// (a lower rank only raises m/rank·p), so each group takes the value its
/// first member would.
fn bh_adjust_groups(groups: &mut [Group]) {
    let m: usize = groups
        .iter()
        .filter(|g| !g.p.is_nan())
        .map(|g| g.count)
        .sum();
    let mut order: Vec<usize> = (0..groups.len())
        .filter(|&i| !groups[i].p.is_nan())
        .collect();
    order.sort_by(|&a, &b| groups[b].p.total_cmp(&groups[a].p));
    let mut running = f64::INFINITY;
    let mut k = 0usize;
    for i in order {
        let rank = (m - k) as f64;
        running = running.min(m as f64 / rank * groups[i].p);
        groups[i].q = running.min(1.0);
        k += groups[i].count;
    }
}

/// One target's keyness against the rest, from [`OneVsRest::target`]:
/// rows are named only for the terms a caller keeps.
pub struct TargetKeyness<'s, 't, S> {
    split: &'s OneVsRest<'t, S>,
    /// Indices of the terms the target uses, sorted.
    used: Vec<usize>,
    groups: Vec<Group>,
    t_total: u64,
    r_total: u64,
}

impl<S: AsRef<str>> TargetKeyness<'_, '_, S> {
    /// The `n` rows with the largest `key(stat)` (rows whose key is `None`
    /// left out), ties by term: `|s| (s > 0.0).then_some(s)` gives the
    /// first `n` rows of [`keyness`] with a positive statistic, in its
    /// order; `|s| (s < 0.0).then_some(-s)` the most negative first;
    /// `|s| Some(s.abs())` the strongest either way.
    pub fn top(&self, n: usize, key: impl Fn(f64) -> Option<f64>) -> Vec<KeynessRow> {
        let terms = self.split.terms;
        let mut keyed: Vec<(f64, &Group)> = self
            .groups
            .iter()
            .filter_map(|g| key(g.stat).map(|k| (k, g)))
            .collect();
        keyed.sort_by(|x, y| y.0.total_cmp(&x.0));
        let mut out: Vec<KeynessRow> = Vec::with_capacity(n.min(64));
        let mut start = 0;
        while start < keyed.len() && out.len() < n {
            // Groups of one key value: their terms merge in term order.
            let end = start
                + keyed[start..]
                    .iter()
                    .take_while(|(k, _)| k.total_cmp(&keyed[start].0).is_eq())
                    .count();
            let need = n - out.len();
            let mut tied: Vec<(usize, &Group)> = Vec::new();
            for &(_, g) in &keyed[start..end] {
                match g.members {
                    Members::Term(i) => tied.push((i, g)),
                    Members::Unused(class) => tied.extend(
                        self.split.classes[&class]
                            .iter()
                            .copied()
                            .filter(|i| self.used.binary_search(i).is_err())
                            .take(need)
                            .map(|i| (i, g)),
                    ),
                }
            }
            tied.sort_by(|x, y| terms[x.0].as_ref().cmp(terms[y.0].as_ref()));
            tied.truncate(need);
            out.extend(tied.into_iter().map(|(i, g)| self.row(i, g)));
            start = end;
        }
        out
    }

    fn row(&self, index: usize, g: &Group) -> KeynessRow {
        let (rate_target, rate_reference) = rates(g.a, g.b, self.t_total, self.r_total);
        KeynessRow {
            term: self.split.terms[index].as_ref().to_string(),
            n_target: g.a,
            n_reference: g.b,
            rate_target,
            rate_reference,
            stat: g.stat,
            p: g.p,
            q: g.q,
        }
    }
}

/// Monroe et al.'s z-score of the log-odds ratio with prior count `alpha`
/// for this term and total prior `alpha0`.
pub fn logodds_z(a: f64, b: f64, t_total: f64, r_total: f64, alpha: f64, alpha0: f64) -> f64 {
    let lt = ((a + alpha) / (t_total + alpha0 - a - alpha)).ln();
    let lr = ((b + alpha) / (r_total + alpha0 - b - alpha)).ln();
    let var = 1.0 / (a + alpha) + 1.0 / (b + alpha);
    (lt - lr) / var.sqrt()
}

/// Prior counts α_w per term (zero for logodds-irrelevant measures is
/// fine), from the pooled counts `pooled` (target and reference together,
/// `grand_total` in all).
fn logodds_prior<S: AsRef<str>>(
    terms: &[S],
    pooled: &[u64],
    grand_total: u64,
    params: &KeynessParams,
) -> Vec<f64> {
    if params.measure != Measure::LogOdds {
        return vec![0.0; terms.len()];
    }
    let raw: Vec<f64> = match &params.prior {
        Prior::Pooled => pooled.iter().map(|&n| n as f64).collect(),
        Prior::Background(bg) => terms
            .iter()
            .map(|t| bg.get(t.as_ref()).map(|&c| c as f64).unwrap_or(0.5))
            .collect(),
    };
    let total: f64 = raw.iter().sum();
    let alpha0 = params.alpha0.unwrap_or(grand_total as f64);
    if total <= 0.0 {
        return raw;
    }
    raw.iter().map(|r| r * alpha0 / total).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_zero_counts() {
        let terms = ["killer", "said", "only_ref"];
        let p = KeynessParams::default();
        let rows = keyness(&terms, &[10, 5, 0], &[1, 50, 7], &p).unwrap();
        assert_eq!(rows[0].term, "killer");
        assert!(rows[0].stat > 0.0);
        assert!(rows.iter().all(|r| r.p >= 0.0 && r.p <= 1.0 && r.q >= r.p));
        for m in [
            Measure::Lr,
            Measure::Pmi,
            Measure::LogRatio,
            Measure::LogOdds,
        ] {
            let p = KeynessParams {
                measure: m,
                ..Default::default()
            };
            let rows = keyness(&terms, &[10, 5, 0], &[1, 50, 7], &p).unwrap();
            assert_eq!(rows[0].term, "killer", "{m:?}");
            assert!(rows.iter().all(|r| r.stat.is_finite()), "{m:?}");
        }
    }

    #[test]
    fn empty_side_is_an_error() {
        let p = KeynessParams::default();
        assert!(matches!(
            keyness(&["a"], &[0], &[3], &p),
            Err(Error::NoTokens { side: Side::Target })
        ));
        let err = keyness(&["a"], &[3], &[0], &p).unwrap_err();
        assert!(matches!(
            err,
            Error::NoTokens {
                side: Side::Reference
            }
        ));
        assert_eq!(err.to_string(), "keyness: the reference has no tokens");
    }

    #[test]
    fn alpha0_is_checked_into_valid_params() {
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let p = KeynessParams {
                alpha0: Some(bad),
                ..KeynessParams::default()
            };
            assert!(
                matches!(p.clone().check(), Err(Error::OutOfRange { name: "alpha0", allowed, .. }) if allowed == ALPHA0),
                "{bad}"
            );
            // An unchecked struct is checked where it is used.
            assert!(keyness(&["a"], &[1], &[1], &p).is_err());
        }
        let p = KeynessParams {
            alpha0: Some(-1.0),
            ..KeynessParams::default()
        };
        assert_eq!(
            p.check().unwrap_err().to_string(),
            "invalid parameter alpha0: must be positive, got -1"
        );
    }

    /// Counts of `outlets` targets over `vocab` terms, deterministic, with
    /// many terms of equal totals (ties) and terms some target lacks.
    fn outlets_counts(outlets: usize, vocab: usize) -> (Vec<String>, Vec<Vec<u64>>) {
        let terms: Vec<String> = (0..vocab)
            .map(|i| format!("t{:03}", (i * 37) % vocab))
            .collect();
        let mut state = 7u64;
        let counts = (0..outlets)
            .map(|_| {
                (0..vocab)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        let r = (state >> 33) % 10;
                        if r < 6 {
                            0
                        } else {
                            r - 5
                        }
                    })
                    .collect()
            })
            .collect();
        (terms, counts)
    }

    #[test]
    fn one_vs_rest_gives_the_rows_of_keyness_for_every_target() {
        let (terms, counts) = outlets_counts(12, 60);
        let total: Vec<u64> = (0..terms.len())
            .map(|j| counts.iter().map(|c| c[j]).sum())
            .collect();
        let mut bg = HashMap::new();
        for (j, t) in terms.iter().enumerate() {
            if j % 3 != 0 {
                bg.insert(t.clone(), (j % 5) as u64 + 1);
            }
        }
        let params = [
            KeynessParams {
                measure: Measure::LogOdds,
                ..KeynessParams::default()
            },
            KeynessParams {
                measure: Measure::LogOdds,
                prior: Prior::Background(bg),
                alpha0: Some(50.0),
                ..KeynessParams::default()
            },
            KeynessParams::default(),
            KeynessParams {
                measure: Measure::Lr,
                correction: Correction::Williams,
                ..KeynessParams::default()
            },
            KeynessParams {
                measure: Measure::LogRatio,
                ..KeynessParams::default()
            },
        ];
        for p in params {
            let p = p.check().unwrap();
            let split = OneVsRest::new(&terms, total.clone(), &p).unwrap();
            for (i, target) in counts.iter().enumerate() {
                let reference: Vec<u64> = total.iter().zip(target).map(|(a, b)| a - b).collect();
                let all = keyness(&terms, target, &reference, &p).unwrap();
                let sparse: Vec<(usize, u64)> = target
                    .iter()
                    .enumerate()
                    .filter(|(_, &c)| c > 0)
                    .map(|(j, &c)| (j, c))
                    .collect();
                let rows = split.target(&sparse).unwrap();
                let over: Vec<KeynessRow> = all.iter().filter(|r| r.stat > 0.0).cloned().collect();
                let mut under: Vec<KeynessRow> =
                    all.iter().filter(|r| r.stat < 0.0).cloned().collect();
                under.sort_by(|a, b| a.stat.total_cmp(&b.stat).then(a.term.cmp(&b.term)));
                let mut strongest = all.clone();
                strongest.sort_by(|a, b| {
                    b.stat
                        .abs()
                        .total_cmp(&a.stat.abs())
                        .then(a.term.cmp(&b.term))
                });
                let first = |rows: &[KeynessRow], n: usize| rows[..n.min(rows.len())].to_vec();
                for n in [1, 5, 40, 1000] {
                    let m = format!("{:?} target {i} top {n}", p.measure);
                    let top_over = rows.top(n, |s| (s > 0.0).then_some(s));
                    assert_eq!(top_over, first(&over, n), "{m}");
                    let top_under = rows.top(n, |s| (s < 0.0).then_some(-s));
                    assert_eq!(top_under, first(&under, n), "{m}");
                    let top_abs = rows.top(n, |s| Some(s.abs()));
                    assert_eq!(top_abs, first(&strongest, n), "{m}");
                }
                assert_eq!(
                    rows.top(usize::MAX, Some),
                    all,
                    "every row, in keyness order"
                );
            }
        }
    }

    #[test]
    fn one_vs_rest_refuses_what_keyness_refuses() {
        let terms = ["a", "b"];
        let split = OneVsRest::new(&terms, vec![2, 3], &KeynessParams::default()).unwrap();
        assert!(matches!(
            split.target(&[]),
            Err(Error::NoTokens { side: Side::Target })
        ));
        assert!(matches!(
            split.target(&[(0, 2), (1, 3)]),
            Err(Error::NoTokens {
                side: Side::Reference
            })
        ));
        assert!(split.target(&[(0, 3)]).is_err(), "more than the total");
        assert!(split.target(&[(5, 1)]).is_err(), "no such term");
        assert!(OneVsRest::new(&terms, vec![1], &KeynessParams::default()).is_err());
    }
}
