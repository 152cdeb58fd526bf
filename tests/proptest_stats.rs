//! Properties of the statistics that must hold for any input.
//!
//! TF-IDF rows have unit norm under l2 (and l1); keyness of A against B is
//! the negative of B against A for the measures that are symmetric in the
//! two corpora (chi-square and G² with every correction, Hardie's Log
//! Ratio, and the log-odds z-score with the pooled prior). PMI is not: it
//! compares the target with the pooled corpus, so it is left out.

use framelens::stats::{
    keyness, Correction, KeynessParams, Measure, Norm, PreTokenized, TfidfParams,
};
use proptest::prelude::*;
use std::collections::HashMap;

const VOCAB: &[&str] = &[
    "regime",
    "killer",
    "said",
    "claimed",
    "the",
    "plan",
    "minister",
    "critics",
    "slammed",
    "protesters",
    "rioters",
    "sound",
];

fn docs() -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(
        prop::collection::vec(prop::sample::select(VOCAB).prop_map(String::from), 0..40),
        1..12,
    )
}

fn params() -> impl Strategy<Value = (bool, bool, usize)> {
    (any::<bool>(), any::<bool>(), 1usize..3)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn tfidf_rows_have_unit_norm(docs in docs(), (smooth, sublinear, max_n) in params()) {
        for norm in [Norm::L2, Norm::L1] {
            let p = TfidfParams {
                smooth_idf: smooth,
                sublinear_tf: sublinear,
                norm,
                ngram_range: (1, max_n),
                ..TfidfParams::default()
            };
            let Ok((_, x)) = p.fit_transform(&PreTokenized { docs: &docs }) else {
                // Only an empty vocabulary may fail.
                prop_assert!(docs.iter().all(|d| d.is_empty()));
                continue;
            };
            for (i, d) in docs.iter().enumerate() {
                let (_, vals) = x.row(i);
                prop_assert!(vals.iter().all(|v| v.is_finite() && *v >= 0.0));
                if d.is_empty() {
                    prop_assert!(vals.is_empty());
                    continue;
                }
                let n = match norm {
                    Norm::L2 => vals.iter().map(|v| v * v).sum::<f64>().sqrt(),
                    _ => vals.iter().sum::<f64>(),
                };
                prop_assert!((n - 1.0).abs() < 1e-12, "row {i} norm {n}");
            }
        }
    }

    #[test]
    fn keyness_is_antisymmetric_for_symmetric_measures(
        a in prop::collection::vec(0u64..60, VOCAB.len()),
        b in prop::collection::vec(0u64..60, VOCAB.len()),
    ) {
        prop_assume!(a.iter().sum::<u64>() > 0 && b.iter().sum::<u64>() > 0);
        let measures = [
            (Measure::Chi2, Correction::Default),
            (Measure::Chi2, Correction::Yates),
            (Measure::Chi2, Correction::Williams),
            (Measure::Chi2, Correction::None),
            (Measure::Lr, Correction::Default),
            (Measure::Lr, Correction::Williams),
            (Measure::Lr, Correction::None),
            (Measure::LogRatio, Correction::Default),
            (Measure::LogOdds, Correction::Default),
        ];
        for (measure, correction) in measures {
            let p = KeynessParams { measure, correction, ..KeynessParams::default() };
            let ab = keyness(VOCAB, &a, &b, &p).unwrap();
            let ba = keyness(VOCAB, &b, &a, &p).unwrap();
            prop_assert_eq!(ab.len(), ba.len());
            let back: HashMap<&str, _> = ba.iter().map(|r| (r.term.as_str(), r)).collect();
            for r in &ab {
                let s = back[r.term.as_str()];
                let tol = 1e-9 * (1.0 + r.stat.abs());
                prop_assert!(
                    (r.stat + s.stat).abs() <= tol,
                    "{:?}/{:?} {}: {} vs {}", measure, correction, r.term, r.stat, s.stat
                );
                prop_assert!((r.p - s.p).abs() <= 1e-9, "{:?} p {} vs {}", measure, r.p, s.p);
                prop_assert_eq!((r.n_target, r.n_reference), (s.n_reference, s.n_target));
            }
        }
    }
}
