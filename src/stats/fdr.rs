//! Benjamini–Hochberg false discovery rate, exactly as R's
//! `p.adjust(p, "BH")` (and statsmodels' `fdr_bh`): q₍ᵢ₎ =
//! min over j ≥ i of min(1, m/j · p₍ⱼ₎), with m the number of non-NaN
//! p-values; NaN stays NaN.

/// BH q-values in the order of `p`.
pub fn bh_adjust(p: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    let m = order.len();
    let mut q = vec![f64::NAN; p.len()];
    // Descending p, ties broken by index like R's order(decreasing = TRUE).
    order.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
    let mut running = f64::INFINITY;
    for (k, &i) in order.iter().enumerate() {
        let rank = (m - k) as f64;
        running = running.min(m as f64 / rank * p[i]);
        q[i] = running.min(1.0);
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_r_p_adjust() {
        // R: p.adjust(c(0.01, 0.04, 0.03, 0.2, NA), "BH")
        //  -> 0.04 0.0533333 0.0533333 0.2 NA
        let q = bh_adjust(&[0.01, 0.04, 0.03, 0.2, f64::NAN]);
        assert!((q[0] - 0.04).abs() < 1e-15);
        assert!((q[1] - 0.16 / 3.0).abs() < 1e-15);
        assert!((q[2] - 0.16 / 3.0).abs() < 1e-15);
        assert!((q[3] - 0.2).abs() < 1e-15);
        assert!(q[4].is_nan());
    }
}
