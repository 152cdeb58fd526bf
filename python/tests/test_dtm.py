"""framelens.dtm, framelens.CountVectorizer and `framelens dtm`'s Matrix
Market files against scikit-learn's CountVectorizer on the parity corpora."""

import json
import pathlib
import subprocess

import numpy as np
import pandas as pd
import pytest
import scipy.io
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.feature_extraction.text import CountVectorizer as Sklearn

import framelens

ROOT = pathlib.Path(__file__).resolve().parents[2]


def stop_list():
    lines = (ROOT / "data" / "stopwords_en.txt").read_text(encoding="utf-8").splitlines()
    return [l.strip() for l in lines if l.strip() and not l.startswith("#")]


# (framelens dtm flags, CountVectorizer parameters)
CASES = [
    ([], {}),
    (["--ngram-range", "1,2", "--min-df", "2"], {"ngram_range": (1, 2), "min_df": 2}),
    (["--max-df", "0.5", "--min-df", "0.01"], {"max_df": 0.5, "min_df": 0.01}),
    (["--no-lowercase", "--max-df", "3"], {"lowercase": False, "max_df": 3}),
    (["--stop-words", "english", "--ngram-range", "1,2", "--min-df", "3"], {"stop_words": "LIST", "ngram_range": (1, 2), "min_df": 3}),
]
CORPORA = ["basil/basil.jsonl", "mbic/mbic_articles.jsonl"]


def texts_of(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text") if line.strip() else None
            if isinstance(text, str):  # MBIC has records without text
                out.append(text)
    return out


def sklearn_params(params):
    return {k: (stop_list() if v == "LIST" else v) for k, v in params.items()}


def assert_equal_counts(x, terms, ref, ref_x):
    assert list(terms) == list(ref.get_feature_names_out())
    assert x.shape == ref_x.shape
    assert (sp.csr_matrix(x, dtype=np.int64) != ref_x).nnz == 0


@pytest.mark.parametrize("flags,params", CASES, ids=lambda c: " ".join(c) if isinstance(c, list) else None)
@pytest.mark.parametrize("corpus", CORPORA)
def test_mtx_from_the_cli_equals_count_vectorizer(data, cli, tmp_path, corpus, flags, params):
    out = tmp_path / "dtm"
    run = subprocess.run(
        [str(cli), "dtm", str(data / corpus), "--no-clean", "--lenient", "--out", str(out), *flags],
        capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stderr
    x = scipy.io.mmread(out / "dtm.mtx")
    terms = pd.read_csv(out / "terms.tsv", sep="\t", dtype=str, keep_default_na=False, quoting=0)
    rows = pd.read_csv(out / "rows.tsv", sep="\t", dtype=str, keep_default_na=False)
    docs = texts_of(data / corpus)
    ref = Sklearn(**sklearn_params(params))
    ref_x = ref.fit_transform(docs)
    assert len(rows) == len(docs) == x.shape[0]
    assert_equal_counts(sp.csr_matrix(x), terms["term"], ref, ref_x)
    # df and count columns are the matrix's own
    xb = sp.csr_matrix(x)
    assert list(terms["count"].astype(int)) == list(np.asarray(xb.sum(axis=0)).ravel())
    assert list(terms["df"].astype(int)) == list(np.asarray((xb > 0).sum(axis=0)).ravel())


@pytest.mark.parametrize("corpus", CORPORA)
def test_python_dtm_and_count_vectorizer_equal_scikit_learn(data, corpus):
    docs = texts_of(data / corpus)
    c = framelens.read(data / corpus, lenient=True)
    for _flags, params in CASES:
        ref = Sklearn(**sklearn_params(params))
        ref_x = ref.fit_transform(docs)
        kw = {k: ("english" if v == "LIST" else v) for k, v in params.items()}
        x, names, terms = framelens.dtm(c, no_clean=True, **kw)
        assert isinstance(x, sp.csr_matrix) and x.dtype == np.int64
        assert len(names) == len(docs)
        assert_equal_counts(x, terms, ref, ref_x)
        ours = framelens.CountVectorizer(**{k: (stop_list() if v == "LIST" else v) for k, v in params.items()})
        assert_equal_counts(ours.fit_transform(docs), ours.get_feature_names_out(), ref, ref_x)
    half = len(docs) // 2
    ours, ref = framelens.CountVectorizer(ngram_range=(1, 2)), Sklearn(ngram_range=(1, 2))
    ours.fit(docs[:half])
    ref.fit(docs[:half])
    assert (ours.transform(docs[half:]) != ref.transform(docs[half:])).nnz == 0


def test_by_outlet_sums_documents_and_rows(seeds):
    c = framelens.read(seeds)
    x, names, terms = framelens.dtm(c)
    g, groups, gterms, rows = framelens.dtm(c, by="outlet", rows=True)
    assert list(gterms) == list(terms)
    outlets = list(c.to_pandas()["outlet"])
    assert groups == sorted(set(outlets))
    for i, o in enumerate(groups):
        picked = [k for k, v in enumerate(outlets) if v == o]
        assert (g[i] != x[picked].sum(axis=0)).sum() == 0
    assert list(rows["documents"]) == [outlets.count(o) for o in groups]
    with pytest.raises(framelens.FramelensError, match="no document has a field"):
        framelens.dtm(c, by="nonexistent")
    with pytest.raises(framelens.FramelensError, match="voice"):
        framelens.dtm(c, voice="own")
    own, _, _ = framelens.dtm(c, tokens="framelens", voice="own")
    quoted, _, _ = framelens.dtm(c, tokens="framelens", voice="quoted")
    assert own.sum() > 0 and quoted.sum() > 0


def test_count_vectorizer_protocol():
    v = framelens.CountVectorizer(ngram_range=(1, 2), min_df=2)
    assert v.get_params() == {"lowercase": True, "ngram_range": (1, 2), "min_df": 2, "max_df": 1.0, "stop_words": None}
    assert clone(v).get_params() == v.get_params()
    with pytest.raises(ValueError):
        v.set_params(max_features=10)
    with pytest.raises(framelens.FramelensError, match="not fitted"):
        v.transform(["a b"])
    with pytest.raises(framelens.FramelensError, match="min_df"):
        framelens.CountVectorizer(min_df=1.5).fit(["aa bb"])
