#!/usr/bin/env python3
"""TF-IDF speed and agreement: scikit-learn's TfidfVectorizer against
`framelens tfidf --no-clean --tokens sklearn --format summary`.

Runs on the real corpus by default (../shared/data/abp/abp_full.jsonl.gz,
decompressed once into $CARGO_TARGET_DIR/bench-cache; benches/real_corpus.py
has the full set of figures); with --size-mb N it builds a corpus of at
least N megabytes by repeating the lines of --sample instead. Times both
tools as whole processes (reading the file included) and prints both wall
times, the ratio, each peak RSS and whether n_docs, n_terms, nnz, sum and
sumsq agree.

Usage:
  .venv/bin/python benches/sklearn_compare.py [--size-mb 200] [--sample PATH]
      [--framelens target/release/framelens] [--keep PATH]
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from real_corpus import DATA, TARGET, cached_corpus  # noqa: E402

SKLEARN_CODE = r"""
import json, sys
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
docs = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if line.strip():
            v = json.loads(line)
            docs.append(v.get("text") or v.get("content") or "")
x = TfidfVectorizer(dtype=np.float64).fit_transform(docs)
print(json.dumps({"n_docs": x.shape[0], "n_terms": x.shape[1], "nnz": int(x.nnz),
                  "sum": float(x.data.sum()), "sumsq": float((x.data ** 2).sum())}))
"""


def build_corpus(sample, size_mb, path):
    with open(sample, "rb") as f:
        lines = [l if l.endswith(b"\n") else l + b"\n" for l in f if l.strip()]
    target = size_mb * 1024 * 1024
    written = 0
    with open(path, "wb") as out:
        while written < target:
            for l in lines:
                out.write(l)
                written += len(l)
                if written >= target:
                    break
    return written


def timed(cmd):
    """Wall time, stdout and peak RSS (MB) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    if res.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), res.stderr))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the max over all children so far (KB on Linux).
    return dt, json.loads(res.stdout), max(peak, before) / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-mb", type=int, default=0,
                    help="replicate --sample to this size instead of reading the real corpus")
    ap.add_argument("--sample", default=os.path.join(DATA, "abp", "abp_sample_3000.jsonl"))
    ap.add_argument("--corpus", default=os.path.join(DATA, "abp", "abp_full.jsonl.gz"))
    ap.add_argument("--framelens", default=os.path.join(TARGET, "release", "framelens"))
    ap.add_argument("--keep", help="write the corpus here and keep it")
    args = ap.parse_args()
    tmp = None
    path = args.keep
    if args.size_mb <= 0:
        if not os.path.exists(args.corpus):
            print("SKIPPED: corpus %s is missing" % args.corpus)
            return
        path = cached_corpus(args.corpus, os.path.join(TARGET, "bench-cache"))
    elif not os.path.exists(args.sample):
        print("SKIPPED: sample %s is missing" % args.sample)
        return
    elif path is None:
        tmp = tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False)
        path = tmp.name
        tmp.close()
    try:
        if args.size_mb > 0:
            size = build_corpus(args.sample, args.size_mb, path)
        else:
            size = os.path.getsize(path)
        print("corpus: %s, %.1f MB" % (path, size / 1e6))
        # framelens first: the children's max RSS is cumulative, and
        # scikit-learn's peak is the larger.
        fl_t, fl_s, fl_mem = timed([args.framelens, "tfidf", "--no-clean", "--tokens", "sklearn",
                                    "--format", "summary", path])
        sk_t, sk_s, sk_mem = timed([sys.executable, "-c", SKLEARN_CODE, path])
        print("framelens: %.2f s, peak RSS %.0f MB  %s" % (fl_t, fl_mem, json.dumps(fl_s)))
        print("sklearn:   %.2f s, peak RSS %.0f MB  %s" % (sk_t, sk_mem, json.dumps(sk_s)))
        print("ratio (sklearn / framelens): %.1fx" % (sk_t / fl_t))
        ok = all(fl_s[k] == sk_s[k] for k in ("n_docs", "n_terms", "nnz"))
        for k in ("sum", "sumsq"):
            ok &= abs(fl_s[k] - sk_s[k]) <= 1e-9 * max(1.0, abs(sk_s[k]))
        print("summaries agree: %s" % ("yes" if ok else "NO"))
        if not ok:
            sys.exit(1)
    finally:
        if tmp is not None:
            os.unlink(path)


if __name__ == "__main__":
    main()
