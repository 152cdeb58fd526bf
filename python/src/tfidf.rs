//! TF-IDF with scikit-learn's `TfidfVectorizer` semantics, fitted and
//! applied by the library; the matrix crosses to Python as the three CSR
//! buffers scipy builds a `csr_matrix` from without copying each cell.

use crate::errors::{message, to_py};
use framelens::params::Check;
use framelens::stats::{DfLimit, Norm, SklearnDocs, SparseMatrix, TfidfModel, TfidfParams};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyFloat, PyInt};

/// A CSR matrix as `(data, indices, indptr, (rows, cols))`: float64,
/// int32 and int64 buffers in native byte order.
type Csr<'py> = (
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    (usize, usize),
);

fn csr<'py>(py: Python<'py>, m: &SparseMatrix) -> Csr<'py> {
    let data: Vec<u8> = m.data.iter().flat_map(|v| v.to_ne_bytes()).collect();
    // Columns are u32 below the vocabulary size, which a Python process
    // cannot exceed 2^31 of: int32 like scikit-learn's own indices.
    let indices: Vec<u8> = m
        .indices
        .iter()
        .flat_map(|&j| (j as i32).to_ne_bytes())
        .collect();
    let indptr: Vec<u8> = m
        .indptr
        .iter()
        .flat_map(|&p| (p as i64).to_ne_bytes())
        .collect();
    (
        PyBytes::new(py, &data),
        PyBytes::new(py, &indices),
        PyBytes::new(py, &indptr),
        (m.n_rows, m.n_cols),
    )
}

/// `min_df` / `max_df` as scikit-learn reads them: an `int` is a number of
/// documents, a `float` a proportion.
pub(crate) fn df_limit(name: &str, value: &Bound<'_, PyAny>) -> PyResult<DfLimit> {
    if value.is_instance_of::<PyBool>() {
        Err(message(format!(
            "{name} must be an int or a float, not a bool"
        )))
    } else if value.is_instance_of::<PyInt>() {
        let n: i64 = value.extract()?;
        usize::try_from(n)
            .map(DfLimit::Count)
            .map_err(|_| message(format!("{name} must not be negative, got {n}")))
    } else if value.is_instance_of::<PyFloat>() {
        Ok(DfLimit::Fraction(value.extract()?))
    } else {
        Err(message(format!("{name} must be an int or a float")))
    }
}

/// The fitted state behind `framelens.TfidfVectorizer`.
#[pyclass(module = "framelens._native")]
pub struct Tfidf {
    params: TfidfParams,
    model: Option<TfidfModel>,
}

impl Tfidf {
    fn model(&self) -> PyResult<&TfidfModel> {
        self.model.as_ref().ok_or_else(|| {
            message("this TfidfVectorizer is not fitted yet: call fit or fit_transform first")
        })
    }
}

#[pymethods]
impl Tfidf {
    #[new]
    #[pyo3(signature = (lowercase, ngram_range, min_df, max_df, norm, smooth_idf, sublinear_tf))]
    fn new(
        lowercase: bool,
        ngram_range: (usize, usize),
        min_df: &Bound<'_, PyAny>,
        max_df: &Bound<'_, PyAny>,
        norm: Option<&str>,
        smooth_idf: bool,
        sublinear_tf: bool,
    ) -> PyResult<Self> {
        let norm = match norm {
            None => Norm::None,
            Some(n) => n.parse::<Norm>().map_err(to_py)?,
        };
        let params = TfidfParams {
            smooth_idf,
            sublinear_tf,
            norm,
            min_df: df_limit("min_df", min_df)?,
            max_df: df_limit("max_df", max_df)?,
            ngram_range,
            lowercase,
        };
        params.check_ref().map_err(to_py)?;
        Ok(Tfidf {
            params,
            model: None,
        })
    }

    /// Learn vocabulary and idf from raw documents.
    fn fit(&mut self, py: Python<'_>, docs: Vec<String>) -> PyResult<()> {
        let params = &self.params;
        let model = py
            .allow_threads(|| params.fit(&SklearnDocs::new(&docs, params.lowercase)))
            .map_err(to_py)?;
        self.model = Some(model);
        Ok(())
    }

    /// Learn vocabulary and idf and weight the same documents.
    fn fit_transform<'py>(&mut self, py: Python<'py>, docs: Vec<String>) -> PyResult<Csr<'py>> {
        let params = &self.params;
        let (model, x) = py
            .allow_threads(|| params.fit_transform(&SklearnDocs::new(&docs, params.lowercase)))
            .map_err(to_py)?;
        self.model = Some(model);
        Ok(csr(py, &x))
    }

    /// Weight documents with the fitted vocabulary and idf.
    fn transform<'py>(&self, py: Python<'py>, docs: Vec<String>) -> PyResult<Csr<'py>> {
        let model = self.model()?;
        let lowercase = self.params.lowercase;
        let x = py.allow_threads(|| model.transform(&SklearnDocs::new(&docs, lowercase)));
        Ok(csr(py, &x))
    }

    /// The terms, in column order.
    fn vocabulary(&self) -> PyResult<Vec<String>> {
        Ok(self
            .model()?
            .vocabulary()
            .iter()
            .map(|t| t.to_string())
            .collect())
    }

    /// Idf per column.
    fn idf(&self) -> PyResult<Vec<f64>> {
        Ok(self.model()?.idf().to_vec())
    }
}
