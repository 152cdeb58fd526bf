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

impl KeynessParams {
    pub fn validate(&self) -> Result<()> {
        if let Some(a) = self.alpha0 {
            if !(a.is_finite() && a > 0.0) {
                return Err(Error::param("alpha0", format!("must be positive, got {a}")));
            }
        }
        Ok(())
    }
}

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
    params: &KeynessParams,
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

/// [`keyness`] without names or sorting: the same statistics, p- and
/// q-values (Benjamini–Hochberg over all rows), in term order.
pub fn keyness_indexed<S: AsRef<str>>(
    terms: &[S],
    target: &[u64],
    reference: &[u64],
    params: &KeynessParams,
) -> Result<Vec<IndexedRow>> {
    params.validate()?;
    if terms.len() != target.len() || terms.len() != reference.len() {
        return Err(Error::input(
            "keyness",
            "terms, target and reference counts differ in length",
        ));
    }
    let t_total: u64 = target.iter().sum();
    let r_total: u64 = reference.iter().sum();
    if t_total == 0 {
        return Err(Error::input("keyness", "the target has no tokens"));
    }
    if r_total == 0 {
        return Err(Error::input("keyness", "the reference has no tokens"));
    }
    let prior = logodds_prior(terms, target, reference, params);
    let alpha0: f64 = prior.iter().sum();
    let mut rows: Vec<IndexedRow> = Vec::new();
    for i in 0..terms.len() {
        let (a, b) = (target[i], reference[i]);
        if a + b == 0 {
            continue;
        }
        let t = Table::new(a, b, t_total, r_total);
        let (stat, p) = match params.measure {
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
                    prior[i],
                    alpha0,
                );
                (z, normal_two_sided(z))
            }
        };
        rows.push(IndexedRow {
            index: i,
            n_target: a,
            n_reference: b,
            rate_target: a as f64 * 1000.0 / t_total as f64,
            rate_reference: b as f64 * 1000.0 / r_total as f64,
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

/// Monroe et al.'s z-score of the log-odds ratio with prior count `alpha`
/// for this term and total prior `alpha0`.
pub fn logodds_z(a: f64, b: f64, t_total: f64, r_total: f64, alpha: f64, alpha0: f64) -> f64 {
    let lt = ((a + alpha) / (t_total + alpha0 - a - alpha)).ln();
    let lr = ((b + alpha) / (r_total + alpha0 - b - alpha)).ln();
    let var = 1.0 / (a + alpha) + 1.0 / (b + alpha);
    (lt - lr) / var.sqrt()
}

/// Prior counts α_w per term (zero for logodds-irrelevant measures is fine).
fn logodds_prior<S: AsRef<str>>(
    terms: &[S],
    target: &[u64],
    reference: &[u64],
    params: &KeynessParams,
) -> Vec<f64> {
    if params.measure != Measure::LogOdds {
        return vec![0.0; terms.len()];
    }
    let raw: Vec<f64> = match &params.prior {
        Prior::Pooled => target
            .iter()
            .zip(reference)
            .map(|(&a, &b)| (a + b) as f64)
            .collect(),
        Prior::Background(bg) => terms
            .iter()
            .map(|t| bg.get(t.as_ref()).map(|&c| c as f64).unwrap_or(0.5))
            .collect(),
    };
    let total: f64 = raw.iter().sum();
    let alpha0 = params
        .alpha0
        .unwrap_or_else(|| (target.iter().sum::<u64>() + reference.iter().sum::<u64>()) as f64);
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
        assert!(keyness(&["a"], &[0], &[3], &p).is_err());
    }
}
