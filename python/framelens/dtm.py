"""Raw document-term counts: ``framelens.dtm`` and a ``CountVectorizer``
with scikit-learn's estimator interface, counted by the Rust library as
``framelens dtm`` counts them."""

from __future__ import annotations

import json
from typing import Iterable, Optional, Sequence, Union

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import _native
from .corpus import Corpus

StopWords = Union[None, str, Sequence[str]]


def _csr(parts) -> sp.csr_matrix:
    data, indices, indptr, shape = parts
    return sp.csr_matrix(
        (
            np.frombuffer(data, dtype=np.int64),
            np.frombuffer(indices, dtype=np.int32),
            np.frombuffer(indptr, dtype=np.int64),
        ),
        shape=shape,
    )


def _native_dtm(corpus, by, ngram_range, min_df, max_df, lowercase, stop_words, tokens, voice, no_clean):
    a, b = ngram_range
    words = stop_words if stop_words is None or isinstance(stop_words, str) else [str(w) for w in stop_words]
    return _native.dtm(
        corpus._native,
        None if by in (None, "document") else str(by),
        (int(a), int(b)),
        min_df,
        max_df,
        bool(lowercase),
        words,
        tokens,
        voice,
        bool(no_clean),
    )


def dtm(
    corpus: Corpus,
    by: Optional[str] = "document",
    ngram_range: tuple[int, int] = (1, 1),
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    lowercase: bool = True,
    stop_words: StopWords = None,
    tokens: str = "sklearn",
    voice: Optional[str] = None,
    no_clean: bool = False,
    rows: bool = False,
):
    """The raw document-term counts of ``corpus``, as ``framelens dtm``.

    Returns ``(X, names, terms)``: a ``scipy.sparse.csr_matrix`` of int64
    counts, the row names (document ids in corpus order, or the sorted
    values of ``by``: ``"outlet"``, ``"event"``, ``"language"``, ``"date"``
    or a label, each row the sum of its documents) and the terms (a numpy
    array, sorted as scikit-learn's ``get_feature_names_out``). With
    ``rows=True`` a fourth item is a DataFrame of the rows (``id``,
    ``outlet``, ``event``, ``date``, or ``group`` and ``documents``).

    ``tokens="sklearn"`` counts like scikit-learn's ``CountVectorizer``
    with the same ``lowercase``, ``ngram_range``, ``min_df``, ``max_df`` and
    ``stop_words`` (``"english"``, ``"german"``, ``"french"`` are framelens'
    built-in Snowball lists, not scikit-learn's ``"english"`` list; a list
    of words is used as given). ``tokens="framelens"`` counts framelens'
    normalised tokens in ``voice`` (``own``, ``quoted`` or ``all``).
    ``min_df`` / ``max_df`` count documents, before grouping. Documents
    are cleaned of boilerplate first unless ``no_clean``.
    """
    csr, names, terms, rows_json, _df = _native_dtm(
        corpus, by, ngram_range, min_df, max_df, lowercase, stop_words, tokens, voice, no_clean
    )
    out = (_csr(csr), list(names), np.asarray(terms, dtype=object))
    if rows:
        return out + (pd.DataFrame.from_records(json.loads(rows_json)),)
    return out


_PARAMS = ("lowercase", "ngram_range", "min_df", "max_df", "stop_words")


class CountVectorizer:
    """Raw counts of raw documents, equal to scikit-learn's
    ``CountVectorizer`` with the same parameters (tokens
    ``(?u)\\b\\w\\w+\\b`` after Python's ``str.lower()``; sorted vocabulary;
    ``min_df`` / ``max_df`` as counts or proportions of documents).

    ``stop_words`` is a list of words (as in scikit-learn) or the name of a
    framelens built-in list (``"english"``: the Snowball list, which is not
    scikit-learn's). Other scikit-learn parameters raise ``TypeError``.
    """

    def __init__(
        self,
        *,
        lowercase: bool = True,
        ngram_range: tuple[int, int] = (1, 1),
        min_df: int | float = 1,
        max_df: int | float = 1.0,
        stop_words: StopWords = None,
    ):
        self.lowercase = lowercase
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.stop_words = stop_words

    def get_params(self, deep: bool = True) -> dict:
        return {p: getattr(self, p) for p in _PARAMS}

    def set_params(self, **params) -> "CountVectorizer":
        for k, v in params.items():
            if k not in _PARAMS:
                raise ValueError(f"invalid parameter {k!r} for CountVectorizer; valid: {', '.join(_PARAMS)}")
            setattr(self, k, v)
        return self

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"CountVectorizer({args})"

    @staticmethod
    def _corpus(raw_documents: Iterable[str]) -> Corpus:
        if isinstance(raw_documents, str):
            raise ValueError("Iterable over raw text documents expected, string object received.")
        docs = list(raw_documents)
        for i, d in enumerate(docs):
            if not isinstance(d, str):
                raise ValueError(f"document {i} is {type(d).__name__}, not a string")
        records = [{"text": d, "outlet": "-", "id": str(i + 1)} for i, d in enumerate(docs)]
        return Corpus(_native.Corpus.from_records_json(json.dumps(records), "documents"))

    def fit_transform(self, raw_documents: Iterable[str], y=None) -> sp.csr_matrix:
        """Learn the vocabulary and return the documents' counts."""
        x, _names, terms = dtm(
            self._corpus(raw_documents),
            ngram_range=self.ngram_range,
            min_df=self.min_df,
            max_df=self.max_df,
            lowercase=self.lowercase,
            stop_words=self.stop_words,
            no_clean=True,
        )
        self.vocabulary_ = {t: i for i, t in enumerate(terms)}
        self._feature_names = terms
        return x

    def fit(self, raw_documents: Iterable[str], y=None) -> "CountVectorizer":
        """Learn the vocabulary."""
        self.fit_transform(raw_documents)
        return self

    def transform(self, raw_documents: Iterable[str]) -> sp.csr_matrix:
        """Counts of new documents over the fitted vocabulary (unknown terms
        are ignored)."""
        if not hasattr(self, "vocabulary_"):
            raise _native.FramelensError("this CountVectorizer is not fitted yet: call fit or fit_transform first")
        x, _names, terms = dtm(
            self._corpus(raw_documents),
            ngram_range=self.ngram_range,
            min_df=1,
            max_df=1.0,
            lowercase=self.lowercase,
            stop_words=self.stop_words,
            no_clean=True,
        )
        cols = np.array([self.vocabulary_.get(t, -1) for t in terms], dtype=np.int64)
        x = x.tocoo()
        keep = cols[x.col] >= 0
        return sp.csr_matrix(
            (x.data[keep], (x.row[keep], cols[x.col[keep]])),
            shape=(x.shape[0], len(self.vocabulary_)),
            dtype=np.int64,
        )

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The terms, in column order (sorted, as scikit-learn sorts them)."""
        if not hasattr(self, "_feature_names"):
            raise _native.FramelensError("this CountVectorizer is not fitted yet: call fit or fit_transform first")
        return self._feature_names
