//! How close the outlets' wording is: TF-IDF cosine and vocabulary
//! Jaccard between outlets, and an outlet map (PCA through linfa, k-means
//! clusters through linfa-clustering, seeded).

use crate::stats::tfidf::TfidfParams;
use crate::stats::tokens::PreTokenized;
use crate::text::AnalyzedDoc;
use crate::{Error, Result};
use linfa::prelude::*;
use linfa_clustering::KMeans;
use linfa_reduction::Pca;
use ndarray::Array2;
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Outlet-by-outlet similarity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SimilarityMatrices {
    pub outlets: Vec<String>,
    /// Cosine of l2-normalised TF-IDF vectors of content words
    /// (scikit-learn defaults: smooth idf, raw tf).
    pub cosine: Vec<Vec<f64>>,
    /// Jaccard index of the sets of content words.
    pub jaccard: Vec<Vec<f64>>,
    /// The outlets' TF-IDF vectors, kept for the map (not in JSON).
    #[serde(skip)]
    pub vectors: Vec<Vec<f64>>,
}

/// One outlet on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapPoint {
    pub outlet: String,
    pub x: f64,
    pub y: f64,
    pub cluster: usize,
}

/// Outlet map: two principal components and k-means clusters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct OutletMap {
    pub points: Vec<MapPoint>,
    /// Share of variance explained by the two components.
    pub explained: Option<(f64, f64)>,
    pub clusters: usize,
    /// How the coordinates were obtained (`pca`, or `line` for two outlets).
    pub method: String,
}

fn content_words(doc: &AnalyzedDoc) -> Vec<&str> {
    doc.tokens
        .iter()
        .filter(|t| t.is_alpha && !t.is_stop)
        .map(|t| t.norm.as_str())
        .collect()
}

/// Cosine (TF-IDF) and Jaccard (vocabulary) between every pair of outlets.
pub fn similarity_matrices(docs: &[(&str, &AnalyzedDoc)]) -> Result<SimilarityMatrices> {
    let tokens: Vec<Vec<&str>> = docs.iter().map(|(_, d)| content_words(d)).collect();
    let n = docs.len();
    let outlets: Vec<String> = docs.iter().map(|(o, _)| o.to_string()).collect();
    if tokens.iter().all(|t| t.is_empty()) {
        return Err(Error::input("similarity", "no outlet has any content word"));
    }
    let (model, matrix) = TfidfParams::default().fit_transform(&PreTokenized { docs: &tokens })?;
    let vectors: Vec<Vec<f64>> = (0..n).map(|i| matrix.dense_row(i)).collect();
    let _ = model;
    let mut cosine = vec![vec![0.0; n]; n];
    let mut jaccard = vec![vec![0.0; n]; n];
    let sets: Vec<BTreeSet<&str>> = tokens.iter().map(|t| t.iter().copied().collect()).collect();
    for i in 0..n {
        for j in 0..n {
            // Rows are l2-normalised: the dot product is the cosine.
            let dot: f64 = vectors[i].iter().zip(&vectors[j]).map(|(a, b)| a * b).sum();
            cosine[i][j] = if i == j && !tokens[i].is_empty() {
                1.0
            } else {
                dot
            };
            let inter = sets[i].intersection(&sets[j]).count() as f64;
            let union = sets[i].union(&sets[j]).count() as f64;
            jaccard[i][j] = if union > 0.0 { inter / union } else { 0.0 };
        }
    }
    Ok(SimilarityMatrices {
        outlets,
        cosine,
        jaccard,
        vectors,
    })
}

/// Place outlets on two principal components of their TF-IDF vectors and
/// cluster them with k-means (k = 2 from four outlets on, else 1). Signs of
/// the components are fixed (first outlet on the non-negative side) so the
/// same input always draws the same map.
pub fn outlet_map(sim: &SimilarityMatrices, seed: u64) -> Result<OutletMap> {
    let n = sim.outlets.len();
    let dim = sim.vectors.first().map(Vec::len).unwrap_or(0);
    if n == 0 || dim == 0 {
        return Ok(OutletMap::default());
    }
    let mut records = Array2::<f64>::zeros((n, dim));
    for (i, v) in sim.vectors.iter().enumerate() {
        for (j, x) in v.iter().enumerate() {
            records[[i, j]] = *x;
        }
    }
    let (coords, explained, method) = if n >= 3 && dim >= 2 {
        let dataset = DatasetBase::from(records.clone());
        let pca = Pca::params(2)
            .fit(&dataset)
            .map_err(|e| Error::input("outlet map", format!("PCA failed: {e}")))?;
        let ratio = pca.explained_variance_ratio();
        let projected = pca.predict(&records);
        let coords: Vec<(f64, f64)> = (0..n)
            .map(|i| (projected[[i, 0]], projected[[i, 1]]))
            .collect();
        (
            coords,
            Some((
                ratio.get(0).copied().unwrap_or(0.0),
                ratio.get(1).copied().unwrap_or(0.0),
            )),
            "pca",
        )
    } else {
        // Two outlets: one axis, the distance between them.
        let d = (1.0
            - sim
                .cosine
                .first()
                .and_then(|r| r.get(1))
                .copied()
                .unwrap_or(1.0))
        .max(0.0);
        let coords = (0..n)
            .map(|i| (if i == 0 { -d / 2.0 } else { d / 2.0 }, 0.0))
            .collect();
        (coords, None, "line")
    };
    let mut coords = coords;
    for axis in 0..2 {
        let get = |c: &(f64, f64)| if axis == 0 { c.0 } else { c.1 };
        if coords.first().map(get).unwrap_or(0.0) < 0.0 {
            for c in coords.iter_mut() {
                if axis == 0 {
                    c.0 = -c.0;
                } else {
                    c.1 = -c.1;
                }
            }
        }
    }
    let k = if n >= 4 { 2 } else { 1 };
    let clusters: Vec<usize> = if k > 1 {
        let rng = Xoshiro256Plus::seed_from_u64(seed);
        let dataset = DatasetBase::from(records);
        let model = KMeans::params_with_rng(k, rng)
            .n_runs(10)
            .fit(&dataset)
            .map_err(|e| Error::input("outlet map", format!("k-means failed: {e}")))?;
        let labels = model.predict(&dataset);
        relabel(labels.iter().copied().collect())
    } else {
        vec![0; n]
    };
    let points = sim
        .outlets
        .iter()
        .zip(coords)
        .zip(clusters)
        .map(|((o, (x, y)), cluster)| MapPoint {
            outlet: o.clone(),
            x,
            y,
            cluster,
        })
        .collect();
    Ok(OutletMap {
        points,
        explained,
        clusters: k,
        method: method.to_string(),
    })
}

/// Number clusters by first appearance, so labels do not depend on the
/// k-means initialisation order.
fn relabel(labels: Vec<usize>) -> Vec<usize> {
    let mut map = std::collections::HashMap::new();
    labels
        .into_iter()
        .map(|l| {
            let next = map.len();
            *map.entry(l).or_insert(next)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    #[test]
    fn identical_texts_are_maximally_similar() {
        let a = analyze("The Kremlin called the remarks very bad.", None);
        let b = analyze("The Kremlin called the remarks very bad.", None);
        let c = analyze("Football scores from the weekend league games.", None);
        let docs = [("a", &a), ("b", &b), ("c", &c)];
        let s = similarity_matrices(&docs).unwrap();
        assert!((s.cosine[0][1] - 1.0).abs() < 1e-12);
        assert!(s.cosine[0][2].abs() < 1e-12);
        assert!((s.jaccard[0][1] - 1.0).abs() < 1e-12);
        assert_eq!(s.jaccard[0][2], 0.0);
    }

    #[test]
    fn map_is_deterministic() {
        let texts = [
            "Putin mocked Biden over the killer remark.",
            "Putin hit back at Biden over the murderer remark.",
            "The Kremlin said relations were very bad.",
            "Football scores from the weekend league games.",
        ];
        let docs: Vec<AnalyzedDoc> = texts.iter().map(|t| analyze(t, None)).collect();
        let pairs: Vec<(&str, &AnalyzedDoc)> = ["a", "b", "c", "d"]
            .iter()
            .copied()
            .zip(docs.iter())
            .collect();
        let s = similarity_matrices(&pairs).unwrap();
        let m1 = outlet_map(&s, 7).unwrap();
        let m2 = outlet_map(&s, 7).unwrap();
        assert_eq!(m1, m2);
        assert_eq!(m1.points.len(), 4);
        assert_eq!(m1.points[0].cluster, 0);
        assert!(m1.points[0].x >= 0.0);
    }
}
