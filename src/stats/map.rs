//! Outlet maps: PCA coordinates of outlet vectors (linfa-reduction) and
//! k-means clusters (linfa-clustering), seeded so the same input always
//! gives the same map.
//!
//! Small inputs: with one outlet the point sits at the origin in cluster 0;
//! with two, PCA keeps one component (the second coordinate is 0) and each
//! outlet is its own cluster; with n ≥ 3 two components are kept and
//! `k` is capped at n. PCA signs are made deterministic by turning each
//! axis so that its largest-magnitude coordinate is positive.

use crate::{Error, Result};
use linfa::prelude::*;
use linfa::DatasetBase;
use linfa_clustering::KMeans;
use linfa_reduction::Pca;
use ndarray::Array2;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

/// Each outlet's 2-D position and cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletMap {
    /// `(x, y)` per row of the input.
    pub coords: Vec<(f64, f64)>,
    /// Cluster index per row.
    pub clusters: Vec<usize>,
    /// Share of variance explained by each kept component.
    pub explained: Vec<f64>,
}

/// PCA to two dimensions and k-means with `k` clusters on `rows`
/// (one row per outlet, for example dense TF-IDF rows).
pub fn outlet_map(rows: &Array2<f64>, k: usize, seed: u64) -> Result<OutletMap> {
    let n = rows.nrows();
    if n == 0 {
        return Err(Error::input("outlet map", "no outlets"));
    }
    if n == 1 {
        return Ok(OutletMap {
            coords: vec![(0.0, 0.0)],
            clusters: vec![0],
            explained: vec![],
        });
    }
    let dims = if n >= 3 { 2 } else { 1 }.min(rows.ncols().max(1));
    let ds = DatasetBase::from(rows.clone());
    let pca = Pca::params(dims)
        .fit(&ds)
        .map_err(|e| Error::input("outlet map", format!("PCA failed: {e}")))?;
    // Share of the *total* variance: linfa's `explained_variance_ratio`
    // divides by the kept components only, so two kept components would
    // always sum to 100%. σᵢ² / ‖X − mean‖²_F is the share of all variance.
    let mean = rows
        .mean_axis(ndarray::Axis(0))
        .unwrap_or_else(|| ndarray::Array1::zeros(rows.ncols()));
    let total: f64 = (rows - &mean).mapv(|v| v * v).sum();
    let explained: Vec<f64> = pca
        .singular_values()
        .iter()
        .map(|s| if total > 0.0 { s * s / total } else { 0.0 })
        .collect();
    let mut proj: Array2<f64> = pca.predict(rows);
    for mut col in proj.columns_mut() {
        let big = col
            .iter()
            .copied()
            .fold(0.0f64, |m, v| if v.abs() > m.abs() { v } else { m });
        if big < 0.0 {
            col.mapv_inplace(|v| -v);
        }
    }
    let coords = (0..n)
        .map(|i| (proj[[i, 0]], if dims > 1 { proj[[i, 1]] } else { 0.0 }))
        .collect();
    let k = k.clamp(1, n);
    let clusters = if k == n {
        (0..n).collect()
    } else {
        let rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let model = KMeans::params_with_rng(k, rng)
            .n_runs(10)
            .fit(&DatasetBase::from(proj.clone()))
            .map_err(|e| Error::input("outlet map", format!("k-means failed: {e}")))?;
        let labels = model.predict(&proj);
        relabel(&labels.to_vec())
    };
    Ok(OutletMap {
        coords,
        clusters,
        explained,
    })
}

/// Numbers clusters in order of first appearance, so labels do not depend
/// on k-means' internal numbering.
fn relabel(labels: &[usize]) -> Vec<usize> {
    let mut seen: Vec<usize> = Vec::new();
    labels
        .iter()
        .map(|l| match seen.iter().position(|s| s == l) {
            Some(i) => i,
            None => {
                seen.push(*l);
                seen.len() - 1
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn two_groups_found_and_repeatable() {
        let x = array![
            [1.0, 0.0, 0.0],
            [0.9, 0.1, 0.0],
            [0.0, 0.0, 1.0],
            [0.0, 0.1, 0.9],
            [0.95, 0.05, 0.0]
        ];
        let a = outlet_map(&x, 2, 42).unwrap();
        assert_eq!(a.clusters, vec![0, 0, 1, 1, 0]);
        assert_eq!(a, outlet_map(&x, 2, 42).unwrap());
        let two = outlet_map(&x.slice(ndarray::s![0..2, ..]).to_owned(), 2, 1).unwrap();
        assert_eq!(two.clusters, vec![0, 1]);
        let one = outlet_map(&x.slice(ndarray::s![0..1, ..]).to_owned(), 2, 1).unwrap();
        assert_eq!(one.coords, vec![(0.0, 0.0)]);
    }
}
