//! How close the outlets' wording is: TF-IDF cosine and vocabulary
//! Jaccard between outlets, and an outlet map: report-shaped results over
//! `crate::stats::similarity` and `crate::stats::map`.

use crate::stats::map::outlet_map as stats_map;
use crate::stats::similarity::{cosine_matrix, jaccard_matrix};
use crate::stats::tfidf::TfidfParams;
use crate::stats::tokens::PreTokenized;
use crate::text::AnalyzedDoc;
use crate::Result;
use ndarray::Array2;
use serde::{Deserialize, Serialize};

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
    /// Why the map is degenerate (identical outlets, outlets on one line),
    /// or why it covers only some outlets; absent for an ordinary map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn content_words(doc: &AnalyzedDoc) -> Vec<&str> {
    doc.tokens
        .iter()
        .filter(|t| t.is_alpha && !t.is_stop)
        .map(|t| t.norm.as_str())
        .collect()
}

/// Cosine (TF-IDF) and Jaccard (vocabulary) between every pair of outlets.
///
/// An event in which no outlet has a content word (only numbers, stop
/// words or symbols) has no vocabulary to compare: the result lists the
/// outlets with empty matrices, so that one such event does not fail a run
/// over many; readers of the matrices must not index past their length.
pub fn similarity_matrices(docs: &[(&str, &AnalyzedDoc)]) -> Result<SimilarityMatrices> {
    let tokens: Vec<Vec<&str>> = docs.iter().map(|(_, d)| content_words(d)).collect();
    let n = docs.len();
    let outlets: Vec<String> = docs.iter().map(|(o, _)| o.to_string()).collect();
    if tokens.iter().all(|t| t.is_empty()) {
        return Ok(SimilarityMatrices {
            outlets,
            ..SimilarityMatrices::default()
        });
    }
    let (_, matrix) = TfidfParams::default().fit_transform(&PreTokenized { docs: &tokens })?;
    let cos = cosine_matrix(&matrix);
    let jac = jaccard_matrix(&matrix);
    let to_rows = |m: &ndarray::Array2<f64>| -> Vec<Vec<f64>> {
        (0..n)
            .map(|i| (0..n).map(|j| m[[i, j]]).collect())
            .collect()
    };
    Ok(SimilarityMatrices {
        outlets,
        cosine: to_rows(&cos),
        jaccard: to_rows(&jac),
        vectors: (0..n).map(|i| matrix.dense_row(i)).collect(),
    })
}

/// Place outlets on two principal components of their TF-IDF vectors and
/// cluster them with k-means (k = 2 from four outlets on, else 1), through
/// [`crate::stats::map::outlet_map`] (linfa, seeded).
pub fn outlet_map(sim: &SimilarityMatrices, seed: u64) -> Result<OutletMap> {
    let n = sim.outlets.len();
    let dim = sim.vectors.first().map(Vec::len).unwrap_or(0);
    if n == 0 || dim == 0 {
        return Ok(OutletMap {
            note: (n > 0).then(|| {
                "no outlet has a content word (only numbers, stop words or symbols): there is no map".to_string()
            }),
            ..OutletMap::default()
        });
    }
    let mut records = Array2::<f64>::zeros((n, dim));
    for (i, v) in sim.vectors.iter().enumerate() {
        for (j, x) in v.iter().enumerate() {
            records[[i, j]] = *x;
        }
    }
    let k = if n >= 4 { 2 } else { 1 };
    let map = stats_map(&records, k, seed)?;
    let points = sim
        .outlets
        .iter()
        .zip(&map.coords)
        .zip(&map.clusters)
        .map(|((o, &(x, y)), &cluster)| MapPoint {
            outlet: o.clone(),
            x,
            y,
            cluster,
        })
        .collect();
    Ok(OutletMap {
        points,
        explained: match map.explained.as_slice() {
            [a, b, ..] => Some((*a, *b)),
            [a] => Some((*a, 0.0)),
            [] => None,
        },
        clusters: k,
        method: if n >= 3 { "pca" } else { "line" }.to_string(),
        note: map.degenerate,
    })
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
        assert_eq!(m1.note, None);
    }

    #[test]
    fn no_content_word_gives_empty_matrices_not_an_error() {
        let a = analyze("2020 2021 1999.", None);
        let b = analyze("42 17.", None);
        let s = similarity_matrices(&[("a", &a), ("b", &b)]).unwrap();
        assert_eq!(s.outlets, ["a", "b"]);
        assert!(s.cosine.is_empty() && s.jaccard.is_empty());
        let m = outlet_map(&s, 1).unwrap();
        assert!(m.points.is_empty());
        assert!(m.note.unwrap().contains("no outlet has a content word"));
    }

    #[test]
    fn identical_outlets_get_a_degenerate_map_with_a_note() {
        let a = analyze("Putin is a killer.", None);
        let docs = [("a", &a), ("b", &a), ("c", &a)];
        let s = similarity_matrices(&docs).unwrap();
        let m = outlet_map(&s, 7).unwrap();
        assert_eq!(m.points.len(), 3);
        assert!(m.note.unwrap().contains("same word vector"));
    }
}
