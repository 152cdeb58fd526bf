"""``TfidfVectorizer`` with scikit-learn's estimator interface and
semantics, computed by framelens' Rust library."""

from __future__ import annotations

from typing import Iterable, Optional

import numpy as np
import scipy.sparse as sp

from . import _native

_PARAMS = ("lowercase", "ngram_range", "min_df", "max_df", "norm", "smooth_idf", "sublinear_tf")


class TfidfVectorizer:
    """TF-IDF of raw documents, equal to scikit-learn's ``TfidfVectorizer``
    with the same parameters (tokens ``(?u)\\b\\w\\w+\\b`` after Python's
    ``str.lower()``; idf ``ln((1+n)/(1+df))+1`` with ``smooth_idf``; l2 rows).

    Parameters follow scikit-learn's names and defaults. Only these are
    supported; the rest of scikit-learn's (a custom tokenizer, stop words,
    ``max_features``, ``use_idf=False``) raise ``TypeError`` as unknown
    keyword arguments rather than being ignored.
    """

    def __init__(
        self,
        *,
        lowercase: bool = True,
        ngram_range: tuple[int, int] = (1, 1),
        min_df: int | float = 1,
        max_df: int | float = 1.0,
        norm: Optional[str] = "l2",
        smooth_idf: bool = True,
        sublinear_tf: bool = False,
    ):
        self.lowercase = lowercase
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.norm = norm
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf

    # scikit-learn's estimator protocol: parameters are the __init__
    # arguments, so clone(), GridSearchCV and Pipeline work.
    def get_params(self, deep: bool = True) -> dict:
        return {p: getattr(self, p) for p in _PARAMS}

    def set_params(self, **params) -> "TfidfVectorizer":
        for k, v in params.items():
            if k not in _PARAMS:
                raise ValueError(f"invalid parameter {k!r} for TfidfVectorizer; valid: {', '.join(_PARAMS)}")
            setattr(self, k, v)
        return self

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"TfidfVectorizer({args})"

    def _new_native(self) -> _native.Tfidf:
        a, b = self.ngram_range
        return _native.Tfidf(
            bool(self.lowercase),
            (int(a), int(b)),
            self.min_df,
            self.max_df,
            self.norm,
            bool(self.smooth_idf),
            bool(self.sublinear_tf),
        )

    @staticmethod
    def _docs(raw_documents: Iterable[str]) -> list[str]:
        if isinstance(raw_documents, str):
            raise ValueError("Iterable over raw text documents expected, string object received.")
        docs = list(raw_documents)
        for i, d in enumerate(docs):
            if not isinstance(d, str):
                raise ValueError(f"document {i} is {type(d).__name__}, not a string")
        return docs

    @staticmethod
    def _csr(parts) -> sp.csr_matrix:
        data, indices, indptr, shape = parts
        return sp.csr_matrix(
            (
                np.frombuffer(data, dtype=np.float64),
                np.frombuffer(indices, dtype=np.int32),
                np.frombuffer(indptr, dtype=np.int64),
            ),
            shape=shape,
        )

    def fit(self, raw_documents: Iterable[str], y=None) -> "TfidfVectorizer":
        """Learn the vocabulary and idf."""
        native = self._new_native()
        native.fit(self._docs(raw_documents))
        self._fitted(native)
        return self

    def fit_transform(self, raw_documents: Iterable[str], y=None) -> sp.csr_matrix:
        """Learn the vocabulary and idf and return the documents' matrix."""
        native = self._new_native()
        x = native.fit_transform(self._docs(raw_documents))
        self._fitted(native)
        return self._csr(x)

    def transform(self, raw_documents: Iterable[str]) -> sp.csr_matrix:
        """The matrix of new documents with the fitted vocabulary and idf."""
        if not hasattr(self, "_native"):
            raise _native.FramelensError("this TfidfVectorizer is not fitted yet: call fit or fit_transform first")
        return self._csr(self._native.transform(self._docs(raw_documents)))

    def _fitted(self, native: _native.Tfidf) -> None:
        self._native = native
        vocab = native.vocabulary()
        self.vocabulary_ = {t: i for i, t in enumerate(vocab)}
        self.idf_ = np.asarray(native.idf(), dtype=np.float64)
        self._feature_names = np.asarray(vocab, dtype=object)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The terms, in column order (sorted, as scikit-learn sorts them)."""
        if not hasattr(self, "_feature_names"):
            raise _native.FramelensError("this TfidfVectorizer is not fitted yet: call fit or fit_transform first")
        return self._feature_names
