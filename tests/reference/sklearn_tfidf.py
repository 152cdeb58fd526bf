"""Reference TF-IDF: run scikit-learn's TfidfVectorizer and print its
vocabulary and every non-zero weight as JSON.

Usage: python sklearn_tfidf.py INPUT.json
INPUT.json: {"docs": [str, ...], "options": [OPTION, ...]} where OPTION is
  {"smooth_idf": bool, "sublinear_tf": bool, "norm": "l1"|"l2"|"none",
   "min_df": {"int": n} | {"float": x}, "max_df": ..., "ngram_range": [a, b],
   "lowercase": bool}
Output (stdout): a JSON list, one entry per option set:
  {"vocabulary": [term, ...] in column order,
   "rows": [[[col, weight], ...], ...]}  or  {"error": message}
Floats are printed with repr precision (exact round trip).
"""
import json
import sys

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


def limit(v):
    return int(v["int"]) if "int" in v else float(v["float"])


def run(docs, opt):
    vec = TfidfVectorizer(
        smooth_idf=opt["smooth_idf"],
        sublinear_tf=opt["sublinear_tf"],
        norm=None if opt["norm"] == "none" else opt["norm"],
        min_df=limit(opt["min_df"]),
        max_df=limit(opt["max_df"]),
        ngram_range=tuple(opt["ngram_range"]),
        lowercase=opt["lowercase"],
        dtype=np.float64,
    )
    try:
        x = vec.fit_transform(docs).tocsr()
    except ValueError as e:
        return {"error": str(e)}
    x.sort_indices()
    vocab = vec.get_feature_names_out().tolist()
    rows = []
    for i in range(x.shape[0]):
        a, b = x.indptr[i], x.indptr[i + 1]
        rows.append([[int(j), float(w)] for j, w in zip(x.indices[a:b], x.data[a:b])])
    return {"vocabulary": vocab, "rows": rows}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    out = [run(spec["docs"], opt) for opt in spec["options"]]
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
