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
    /// Why the map has fewer axes than asked for, when it has: identical
    /// rows (syndicated wire copy), rows on one line, or a projection that
    /// failed. `None` for an ordinary map.
    pub degenerate: Option<String>,
}

/// Rows closer than this (per coordinate, relative to the largest
/// magnitude in the matrix) count as the same point: TF-IDF of identical
/// texts can differ in the last bits after normalisation.
const SAME_POINT: f64 = 1e-12;

/// PCA to two dimensions and k-means with `k` clusters on `rows`
/// (one row per outlet, for example dense TF-IDF rows).
///
/// Degenerate input never fails or panics: the number of components asked
/// of PCA is capped at the number of distinct rows less one (identical
/// outlets add no axis), components PCA finds numerically null are taken as
/// 0, and k-means runs on the distinct projected points with `k` capped at
/// their number, so identical outlets always share a cluster. When fewer
/// axes than asked remain, [`OutletMap::degenerate`] says why.
pub fn outlet_map(rows: &Array2<f64>, k: usize, seed: u64) -> Result<OutletMap> {
    let n = rows.nrows();
    if n == 0 {
        return Err(Error::TooFewOutlets {
            context: "outlet map".to_string(),
            shortage: crate::error::TooFew::NoOutlets,
        });
    }
    let wanted = if n >= 3 { 2 } else { 1 };
    if n == 1 {
        return Ok(at_origin(n, None));
    }
    if rows.iter().any(|v| !v.is_finite()) {
        return Ok(at_origin(
            n,
            Some(
                "the outlet vectors hold non-finite values; every outlet is drawn at the origin"
                    .into(),
            ),
        ));
    }
    let distinct = distinct_rows(rows).len();
    let dims = wanted.min(distinct - 1).min(rows.ncols());
    let mean = rows
        .mean_axis(ndarray::Axis(0))
        .unwrap_or_else(|| ndarray::Array1::zeros(rows.ncols()));
    let total: f64 = (rows - &mean).mapv(|v| v * v).sum();
    if dims == 0 || total <= 0.0 {
        return Ok(at_origin(
            n,
            Some(format!(
                "all {n} outlets have the same word vector (identical or syndicated text): the map puts them at one point"
            )),
        ));
    }
    let ds = DatasetBase::from(rows.clone());
    let pca = match Pca::params(dims).fit(&ds) {
        Ok(p) => p,
        Err(e) => {
            return Ok(at_origin(
                n,
                Some(format!(
                    "the projection failed ({e}); every outlet is drawn at the origin"
                )),
            ))
        }
    };
    let proj: Array2<f64> = pca.predict(rows);
    let kept = proj.ncols().min(dims);
    // Share of the *total* variance: linfa's `explained_variance_ratio`
    // divides by the kept components only, so two kept components would
    // always sum to 100%. σᵢ² / ‖X − mean‖²_F is the share of all variance.
    let explained: Vec<f64> = pca
        .singular_values()
        .iter()
        .take(kept)
        .map(|s| s * s / total)
        .collect();
    // Columns PCA dropped as null-space are 0; signs are made deterministic
    // by turning each axis so its largest-magnitude coordinate is positive.
    let column = |c: usize| -> Vec<f64> {
        if c >= kept {
            return vec![0.0; n];
        }
        let col: Vec<f64> = proj.column(c).to_vec();
        let big = col
            .iter()
            .copied()
            .fold(0.0f64, |m, v| if v.abs() > m.abs() { v } else { m });
        if big < 0.0 {
            col.into_iter().map(|v| -v).collect()
        } else {
            col
        }
    };
    let (xs, ys) = (column(0), column(1));
    let coords: Vec<(f64, f64)> = xs.into_iter().zip(ys).collect();
    let degenerate = if kept < wanted {
        Some(format!(
            "the {n} outlets' word vectors span {kept} dimension(s) ({distinct} distinct): the map has {kept} axis/axes instead of {wanted}"
        ))
    } else {
        None
    };
    let clusters = cluster(&coords, k, seed)?;
    Ok(OutletMap {
        coords,
        clusters,
        explained,
        degenerate,
    })
}

/// Every outlet at the origin in cluster 0.
fn at_origin(n: usize, degenerate: Option<String>) -> OutletMap {
    OutletMap {
        coords: vec![(0.0, 0.0); n],
        clusters: vec![0; n],
        explained: vec![],
        degenerate,
    }
}

/// Index of the first row of each group of (nearly) equal rows, in order.
fn distinct_rows(rows: &Array2<f64>) -> Vec<usize> {
    let scale = rows.iter().fold(0.0f64, |m, v| m.max(v.abs())).max(1.0);
    let tol = SAME_POINT * scale;
    let mut firsts: Vec<usize> = Vec::new();
    for i in 0..rows.nrows() {
        let same = firsts.iter().any(|&f| {
            rows.row(i)
                .iter()
                .zip(rows.row(f).iter())
                .all(|(a, b)| (a - b).abs() <= tol)
        });
        if !same {
            firsts.push(i);
        }
    }
    firsts
}

/// k-means (seeded, linfa) of the points, run on the distinct points only:
/// k-means asked for more clusters than there are distinct points has empty
/// clusters, and identical outlets must share a cluster.
fn cluster(coords: &[(f64, f64)], k: usize, seed: u64) -> Result<Vec<usize>> {
    let n = coords.len();
    let scale = coords
        .iter()
        .fold(0.0f64, |m, &(x, y)| m.max(x.abs()).max(y.abs()))
        .max(1.0);
    let tol = SAME_POINT * scale * 1e3;
    let mut points: Vec<(f64, f64)> = Vec::new();
    let point_of: Vec<usize> = coords
        .iter()
        .map(|&(x, y)| {
            match points
                .iter()
                .position(|&(px, py)| (px - x).abs() <= tol && (py - y).abs() <= tol)
            {
                Some(p) => p,
                None => {
                    points.push((x, y));
                    points.len() - 1
                }
            }
        })
        .collect();
    let m = points.len();
    let k = k.clamp(1, m.max(1));
    let labels: Vec<usize> = if k == m {
        (0..m).collect()
    } else {
        let mut records = Array2::<f64>::zeros((m, 2));
        for (i, &(x, y)) in points.iter().enumerate() {
            records[[i, 0]] = x;
            records[[i, 1]] = y;
        }
        let rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let model = KMeans::params_with_rng(k, rng)
            .n_runs(10)
            .fit(&DatasetBase::from(records.clone()))
            .map_err(|e| Error::input("outlet map", format!("k-means failed: {e}")))?;
        model.predict(&records).to_vec()
    };
    let per_row: Vec<usize> = (0..n).map(|i| labels[point_of[i]]).collect();
    Ok(relabel(&per_row))
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
        assert_eq!(a.degenerate, None);
    }

    #[test]
    fn identical_rows_give_one_point_not_a_panic() {
        // Two or more outlets with the same text (syndicated wire copy).
        for n in [2, 3, 5] {
            let x = Array2::from_shape_fn((n, 4), |(_, j)| [0.5, 0.5, 0.5, 0.5][j]);
            let m = outlet_map(&x, 2, 42).unwrap();
            assert_eq!(m.coords, vec![(0.0, 0.0); n]);
            assert_eq!(m.clusters, vec![0; n]);
            assert!(m.degenerate.unwrap().contains("same word vector"));
        }
    }

    #[test]
    fn duplicate_rows_among_others_keep_a_map() {
        // Three outlets, two identical: two distinct points, one axis.
        let x = array![[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.6, 0.8]];
        let m = outlet_map(&x, 2, 42).unwrap();
        assert_eq!(m.coords.len(), 3);
        assert_eq!(m.coords[0], m.coords[1]);
        assert_ne!(m.coords[0], m.coords[2]);
        assert!(m.coords.iter().all(|&(_, y)| y == 0.0));
        assert_eq!(m.clusters[0], m.clusters[1]);
        assert!(m.degenerate.is_some());
        // Five outlets on two distinct points, k = 2 clusters.
        let y = array![[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]];
        let m = outlet_map(&y, 2, 42).unwrap();
        assert_eq!(m.clusters, vec![0, 0, 1, 0, 1]);
        // More clusters asked than distinct points.
        let m = outlet_map(&y, 4, 42).unwrap();
        assert_eq!(m.clusters, vec![0, 0, 1, 0, 1]);
    }

    #[test]
    fn collinear_rows_and_one_column() {
        let x = array![[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0]];
        let m = outlet_map(&x, 2, 42).unwrap();
        assert!(m.coords.iter().all(|&(_, y)| y.abs() < 1e-9));
        assert!(m.coords.iter().all(|&(x, _)| x.is_finite()));
        let c = array![[1.0], [2.0], [3.0]];
        let m = outlet_map(&c, 2, 42).unwrap();
        assert_eq!(m.coords.len(), 3);
        let z = Array2::<f64>::zeros((3, 0));
        assert_eq!(outlet_map(&z, 2, 1).unwrap().coords, vec![(0.0, 0.0); 3]);
        let nan = array![[f64::NAN, 1.0], [0.0, 1.0]];
        assert!(outlet_map(&nan, 1, 1).unwrap().degenerate.is_some());
    }
}
