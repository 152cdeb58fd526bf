import json
import pickle
import threading
import time

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer as Sklearn

import framelens

PARAMS = [
    {},
    {"ngram_range": (1, 2), "min_df": 2},
    {"max_df": 0.5, "min_df": 0.01},
    {"sublinear_tf": True, "norm": "l1"},
    {"smooth_idf": False, "norm": None},
    {"lowercase": False, "max_df": 3},
]


def texts_of(path, n=None):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text") if line.strip() else None
            if isinstance(text, str):  # MBIC has records without text
                out.append(text)
                if n and len(out) == n:
                    break
    return out


def assert_same(ours, theirs, a, b):
    assert isinstance(a, sp.csr_matrix) and a.dtype == np.float64
    assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())
    assert a.shape == b.shape
    assert (a != b).nnz == 0 or abs(a - b).max() < 1e-12
    np.testing.assert_allclose(ours.idf_, theirs.idf_, rtol=0, atol=1e-12)
    assert ours.vocabulary_ == theirs.vocabulary_


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()) or "defaults")
@pytest.mark.parametrize("corpus", ["basil/basil.jsonl", "mbic/mbic_articles.jsonl"])
def test_equals_scikit_learn(data, corpus, params):
    docs = texts_of(data / corpus)
    half = len(docs) // 2
    ours, theirs = framelens.TfidfVectorizer(**params), Sklearn(**params)
    assert_same(ours, theirs, ours.fit_transform(docs[:half]), theirs.fit_transform(docs[:half]))
    # transform of unseen documents reuses the fitted vocabulary and idf
    a, b = ours.transform(docs[half:]), theirs.transform(docs[half:])
    assert a.shape == b.shape and abs(a - b).max() < 1e-12


def test_estimator_protocol():
    v = framelens.TfidfVectorizer(ngram_range=(1, 2), min_df=2)
    assert v.get_params() == {
        "lowercase": True, "ngram_range": (1, 2), "min_df": 2, "max_df": 1.0,
        "norm": "l2", "smooth_idf": True, "sublinear_tf": False,
    }
    c = clone(v)
    assert c is not v and c.get_params() == v.get_params()
    v.set_params(min_df=1)
    assert v.min_df == 1
    with pytest.raises(ValueError):
        v.set_params(stop_words="english")
    with pytest.raises(TypeError):
        framelens.TfidfVectorizer(stop_words="english")
    with pytest.raises(framelens.FramelensError, match="not fitted"):
        v.transform(["a b"])
    with pytest.raises(framelens.FramelensError, match="min_df"):
        framelens.TfidfVectorizer(min_df=1.5).fit(["aa bb"])
    with pytest.raises(ValueError, match="string object received"):
        v.fit("one string")
    with pytest.raises(ValueError, match="document 1 is NoneType"):
        v.fit(["aa", None])
    v.set_params(ngram_range=(1, 1)).fit(["aa bb", "bb cc"])
    assert list(v.get_feature_names_out()) == ["aa", "bb", "cc"]
    assert repr(pickle.loads(pickle.dumps(framelens.TfidfVectorizer()))) == repr(framelens.TfidfVectorizer())


def test_long_calls_release_the_gil(data):
    docs = texts_of(data / "abp" / "abp_sample_3000.jsonl") * 2
    v = framelens.TfidfVectorizer(ngram_range=(1, 2))
    t = threading.Thread(target=v.fit_transform, args=(docs,))
    ticks = 0
    t.start()
    while t.is_alive():
        ticks += 1
        time.sleep(0.005)
    t.join()
    # With the GIL held for the whole call the loop could not have run
    # while the thread worked.
    assert ticks >= 10, ticks


def test_faster_than_scikit_learn_in_the_same_process(data):
    """Not a timing assertion: prints the ratio (see docs/python.md)."""
    docs = texts_of(data / "abp" / "abp_sample_3000.jsonl")
    t0 = time.perf_counter()
    a = framelens.TfidfVectorizer().fit_transform(docs)
    t1 = time.perf_counter()
    b = Sklearn().fit_transform(docs)
    t2 = time.perf_counter()
    assert a.shape == b.shape
    print(f"\nTfidfVectorizer.fit_transform on {len(docs)} ABP articles: framelens {t1 - t0:.2f} s, scikit-learn {t2 - t1:.2f} s ({(t2 - t1) / (t1 - t0):.1f}x)")
