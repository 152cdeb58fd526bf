//! How close outlets' wording is: cosine similarity of TF-IDF rows and
//! Jaccard overlap of vocabularies.

use super::sparse::SparseMatrix;
use ndarray::Array2;

/// Cosine similarity of every pair of rows (1 on the diagonal of non-empty
/// rows; 0 for a pair involving an empty row).
pub fn cosine_matrix(x: &SparseMatrix) -> Array2<f64> {
    let n = x.n_rows;
    let norms: Vec<f64> = (0..n)
        .map(|i| x.row(i).1.iter().map(|v| v * v).sum::<f64>().sqrt())
        .collect();
    let mut out = Array2::zeros((n, n));
    for i in 0..n {
        for j in i..n {
            let s = if norms[i] == 0.0 || norms[j] == 0.0 {
                0.0
            } else {
                sparse_dot(x.row(i), x.row(j)) / (norms[i] * norms[j])
            };
            out[[i, j]] = s;
            out[[j, i]] = s;
        }
    }
    out
}

fn sparse_dot(a: (&[u32], &[f64]), b: (&[u32], &[f64])) -> f64 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.0.len() && j < b.0.len() {
        match a.0[i].cmp(&b.0[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a.1[i] * b.1[j];
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// Jaccard index |A ∩ B| / |A ∪ B| of the sets of terms present in each
/// row (1 when both rows are empty).
pub fn jaccard_matrix(x: &SparseMatrix) -> Array2<f64> {
    let n = x.n_rows;
    let mut out = Array2::zeros((n, n));
    for i in 0..n {
        for j in i..n {
            let (a, b) = (x.row(i).0, x.row(j).0);
            let inter = sparse_dot((a, &vec![1.0; a.len()]), (b, &vec![1.0; b.len()]));
            let union = (a.len() + b.len()) as f64 - inter;
            let s = if union == 0.0 { 1.0 } else { inter / union };
            out[[i, j]] = s;
            out[[j, i]] = s;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_and_jaccard_by_hand() {
        let mut x = SparseMatrix::new(3);
        x.push_row(&[0, 1], &[1.0, 1.0]);
        x.push_row(&[1, 2], &[1.0, 1.0]);
        x.push_row(&[], &[]);
        let c = cosine_matrix(&x);
        assert!((c[[0, 1]] - 0.5).abs() < 1e-15);
        assert!((c[[0, 0]] - 1.0).abs() < 1e-15);
        assert_eq!(c[[0, 2]], 0.0);
        let j = jaccard_matrix(&x);
        assert!((j[[0, 1]] - 1.0 / 3.0).abs() < 1e-15);
        assert_eq!(j[[2, 2]], 1.0);
    }
}
