//! Compressed sparse row (CSR) matrices of f64, the output of TF-IDF.

use serde::{Deserialize, Serialize};

/// A CSR matrix: row `i` holds `indices[indptr[i]..indptr[i+1]]` (column
/// indices, strictly increasing) and the matching `data`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SparseMatrix {
    pub n_rows: usize,
    pub n_cols: usize,
    pub indptr: Vec<usize>,
    pub indices: Vec<u32>,
    pub data: Vec<f64>,
}

/// Counts and checksums of a matrix: enough to compare two runs on a corpus
/// of any size without printing every cell.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct MatrixSummary {
    pub n_docs: usize,
    pub n_terms: usize,
    pub nnz: usize,
    pub sum: f64,
    pub sumsq: f64,
}

impl MatrixSummary {
    /// Adds the counts and sums of `other` (rows appended).
    pub fn merge(&mut self, other: &MatrixSummary) {
        self.n_docs += other.n_docs;
        self.nnz += other.nnz;
        self.sum += other.sum;
        self.sumsq += other.sumsq;
    }
}

impl Default for SparseMatrix {
    fn default() -> Self {
        SparseMatrix::new(0)
    }
}

impl SparseMatrix {
    /// An empty matrix with `n_cols` columns and no rows.
    pub fn new(n_cols: usize) -> Self {
        SparseMatrix {
            n_rows: 0,
            n_cols,
            indptr: vec![0],
            indices: Vec::new(),
            data: Vec::new(),
        }
    }

    /// Appends a row; `indices` must be strictly increasing and `< n_cols`.
    pub fn push_row(&mut self, indices: &[u32], data: &[f64]) {
        debug_assert_eq!(indices.len(), data.len());
        self.indices.extend_from_slice(indices);
        self.data.extend_from_slice(data);
        self.indptr.push(self.indices.len());
        self.n_rows += 1;
    }

    /// Column indices and values of row `i` (empty when out of range).
    pub fn row(&self, i: usize) -> (&[u32], &[f64]) {
        if i >= self.n_rows {
            return (&[], &[]);
        }
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        (&self.indices[a..b], &self.data[a..b])
    }

    /// Number of stored (non-zero) cells.
    pub fn nnz(&self) -> usize {
        self.data.len()
    }

    /// Value at `(i, j)`, zero when not stored.
    pub fn get(&self, i: usize, j: usize) -> f64 {
        let (idx, val) = self.row(i);
        match idx.binary_search(&(j as u32)) {
            Ok(k) => val[k],
            Err(_) => 0.0,
        }
    }

    /// Counts and checksums, summed row by row in order (deterministic).
    pub fn summary(&self) -> MatrixSummary {
        let mut s = MatrixSummary {
            n_docs: self.n_rows,
            n_terms: self.n_cols,
            nnz: self.nnz(),
            ..Default::default()
        };
        for v in &self.data {
            s.sum += v;
            s.sumsq += v * v;
        }
        s
    }

    /// Row `i` as a dense vector.
    pub fn dense_row(&self, i: usize) -> Vec<f64> {
        let mut v = vec![0.0; self.n_cols];
        let (idx, val) = self.row(i);
        for (&j, &x) in idx.iter().zip(val) {
            v[j as usize] = x;
        }
        v
    }
}
