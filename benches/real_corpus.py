#!/usr/bin/env python3
"""Speed and memory of framelens on the real Article-Bias-Prediction corpus
(../shared/data/abp/abp_full.jsonl.gz, 246 MB of JSONL, 37,554 articles),
each figure printed next to its reference measured in the same run.

The corpus is decompressed once into a cache folder
($CARGO_TARGET_DIR/bench-cache, else target/bench-cache) and every command
reads the plain file, so gzip decoding is not part of any figure. Each
command runs as a whole process under /usr/bin/time -v: wall time, CPU time
(user + system) and peak resident memory.

Sections (--only to pick some):
  floor    `LC_ALL=C wc -w` of the file: reading and splitting words, one core.
  tfidf    `tfidf --no-clean --tokens sklearn --format summary`, --jobs 1 and 2,
           against scikit-learn's TfidfVectorizer (same summary checked).
  ngram    the same with --ngram-range 1,2 against ngram_range=(1, 2).
  models   the CSV and JSON outputs (to /dev/null) against the summary path.
  summary  `compare --summary-only` (the streaming corpus summary), --jobs 1
           and 2: MB/s and peak memory (no reference; wc -w is the floor).
  scale    the streaming summary (--jobs 2) on the first quarter, half and
           all of the corpus (cut at line boundaries into the cache once):
           peak memory as the corpus grows. With --before BIN, BIN first.
  bounded  `compare` (full reports) on a corpus without event ids, one event
           bounded by --event-limit: the ABP sample's first 1,008 articles
           and the whole 3,000 (--sample PATH), wall, CPU, peak memory,
           bytes written and the size of report.html and report.md (target:
           seconds and under 1 GB for 1,008). With --before BIN, BIN first.
  memory   peak memory of score, keyness, tfidf and clean (--jobs 2), on the
           real corpus by default (--memory-input PATH for another input):
           they stream, so memory should follow the vocabulary, not the
           corpus (target: under 300 MB each). With --before BIN the same
           commands also run with BIN (another build) side by side, its
           figures as the reference.

Timings are disturbed by whatever else runs: compare ratios measured in one
run, and read the load printed at the start and end.

Usage:
  /work/venv/bin/python benches/real_corpus.py [--framelens BIN] [--corpus GZ]
      [--only tfidf,summary] [--no-sklearn]
"""
import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The shared data folder sits next to the checkout (or next to the folder of
# worktrees).
DATA = os.environ.get("FRAMELENS_DATA") or next(
    (d for d in (os.path.join(ROOT, "..", "shared", "data"), os.path.join(ROOT, "..", "..", "shared", "data"))
     if os.path.isdir(d)),
    os.path.join(ROOT, "..", "shared", "data"))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
SECTIONS = ("floor", "tfidf", "ngram", "models", "summary", "scale", "bounded", "memory")

SKLEARN_CODE = r"""
import json, sys
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
lo, hi = int(sys.argv[2]), int(sys.argv[3])
docs = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if line.strip():
            v = json.loads(line)
            docs.append(v.get("text") or v.get("content") or "")
x = TfidfVectorizer(dtype=np.float64, ngram_range=(lo, hi)).fit_transform(docs)
print(json.dumps({"n_docs": x.shape[0], "n_terms": x.shape[1], "nnz": int(x.nnz),
                  "sum": float(x.data.sum()), "sumsq": float((x.data ** 2).sum())}))
"""


def cached_corpus(gz, cache):
    """The decompressed corpus in `cache`, made on the first run."""
    name = os.path.basename(gz)
    plain = os.path.join(cache, name[:-3] if name.endswith(".gz") else name)
    if not name.endswith(".gz"):
        return gz
    if os.path.exists(plain) and os.path.getmtime(plain) >= os.path.getmtime(gz):
        return plain
    os.makedirs(cache, exist_ok=True)
    tmp = plain + ".part"
    with gzip.open(gz, "rb") as src, open(tmp, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    os.replace(tmp, plain)
    return plain


class Run:
    """One command's wall and CPU seconds, peak RSS (MB) and stdout."""

    def __init__(self, cmd, stdout=subprocess.PIPE, env=None):
        with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
            res = subprocess.run(["/usr/bin/time", "-v", "-o", t.name] + cmd,
                                 stdout=stdout, stderr=subprocess.PIPE, text=True, env=env)
            log = t.read()
        if res.returncode != 0:
            sys.exit("failed: %s\n%s" % (" ".join(cmd), res.stderr[-2000:]))
        self.out = res.stdout if stdout == subprocess.PIPE else ""
        m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", log)
        h, mi, s = m.groups()
        self.wall = int(h or 0) * 3600 + int(mi) * 60 + float(s)
        user = float(re.search(r"User time \(seconds\): ([\d.]+)", log).group(1))
        system = float(re.search(r"System time \(seconds\): ([\d.]+)", log).group(1))
        self.cpu = user + system
        self.rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", log).group(1)) / 1024

    def json(self):
        return json.loads(self.out)


def row(name, r, mb, ref=None, note=""):
    ratio = ""
    if ref is not None:
        ratio = "%6.1fx" % (ref.wall / r.wall)
    print("%-34s %8.2f %8.2f %9.0f %8.1f %8s  %s" % (name, r.wall, r.cpu, r.rss, mb / r.wall, ratio, note))
    sys.stdout.flush()


def agree(a, b):
    ok = all(a[k] == b[k] for k in ("n_docs", "n_terms", "nnz"))
    for k in ("sum", "sumsq"):
        ok &= abs(a[k] - b[k]) <= 1e-9 * max(1.0, abs(b[k]))
    return ok


def head_cut(path, cache, fraction):
    """The first `fraction` of `path`'s bytes, cut at a line boundary, made
    once in `cache`."""
    name = "%s_%d.jsonl" % (os.path.splitext(os.path.basename(path))[0], round(fraction * 100))
    cut = os.path.join(cache, name)
    if os.path.exists(cut) and os.path.getmtime(cut) >= os.path.getmtime(path):
        return cut
    limit = int(os.path.getsize(path) * fraction)
    tmp = cut + ".part"
    with open(path, "rb") as src, open(tmp, "wb") as dst:
        done = 0
        for line in src:
            if done + len(line) > limit:
                break
            dst.write(line)
            done += len(line)
    os.replace(tmp, cut)
    return cut


def first_outlet(path):
    """The outlet of the first record (a `keyness --target`)."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                return json.loads(line).get("outlet") or ""
    return ""


def load():
    return open("/proc/loadavg").read().split()[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--framelens", default=os.path.join(TARGET, "release", "framelens"))
    ap.add_argument("--corpus", default=os.path.join(DATA, "abp", "abp_full.jsonl.gz"))
    ap.add_argument("--cache", default=os.path.join(TARGET, "bench-cache"))
    ap.add_argument("--python", default=sys.executable, help="a Python with scikit-learn")
    ap.add_argument("--only", default=",".join(SECTIONS))
    ap.add_argument("--no-sklearn", action="store_true", help="skip the scikit-learn runs")
    ap.add_argument("--memory-input", default="full",
                    help="input of the memory section ('full': the real corpus)")
    ap.add_argument("--sample", default=os.path.join(DATA, "abp", "abp_sample_3000.jsonl"),
                    help="the corpus without event ids of the bounded section")
    ap.add_argument("--before", default=None,
                    help="another framelens binary run side by side in the memory section")
    args = ap.parse_args()
    if not os.path.exists(args.corpus):
        print("SKIPPED: corpus %s is missing" % args.corpus)
        return
    if not os.path.exists("/usr/bin/time"):
        sys.exit("needs /usr/bin/time (apt-get install time)")
    if not os.access(args.framelens, os.X_OK):
        sys.exit("build first: cargo build --release (or pass --framelens)")
    only = set(args.only.split(","))
    path = cached_corpus(args.corpus, args.cache)
    mb = os.path.getsize(path) / 1e6
    fl = [args.framelens, "--quiet"]
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    print("corpus %s, %.1f MB; %d cores (%s); load %s" % (path, mb, os.cpu_count(), cpu, load()))
    print("%-34s %8s %8s %9s %8s %8s" % ("run", "wall_s", "cpu_s", "peak_MB", "MB/s", "ref/this"))
    env_c = dict(os.environ, LC_ALL="C")
    if "floor" in only:
        row("wc -w (floor, 1 core)", Run(["wc", "-w", path], env=env_c), mb)
    tf = fl + ["--no-clean"]
    base = ["tfidf", "--tokens", "sklearn"]
    if "tfidf" in only or "models" in only:
        runs = {j: Run(tf + ["--jobs", str(j)] + base + ["--format", "summary", path]) for j in (1, 2)}
        sk = None
        if "tfidf" in only and not args.no_sklearn:
            sk = Run([args.python, "-c", SKLEARN_CODE, path, "1", "1"])
            row("sklearn TfidfVectorizer", sk, mb)
        for j, r in runs.items():
            note = ""
            if sk is not None:
                note = "agrees" if agree(r.json(), sk.json()) else "DIFFERS %s" % r.out.strip()
            row("tfidf summary --jobs %d" % j, r, mb, sk, note)
    if "ngram" in only:
        ng = ["--ngram-range", "1,2", "--format", "summary", path]
        sk = None
        if not args.no_sklearn:
            sk = Run([args.python, "-c", SKLEARN_CODE, path, "1", "2"])
            row("sklearn ngram_range=(1,2)", sk, mb)
        for j in (1, 2):
            r = Run(tf + ["--jobs", str(j)] + base + ng)
            note = ""
            if sk is not None:
                note = "agrees" if agree(r.json(), sk.json()) else "DIFFERS %s" % r.out.strip()
            row("tfidf 1,2 summary --jobs %d" % j, r, mb, sk, note)
    if "models" in only:
        ref = runs[2]
        for fmt in ("csv", "json"):
            with open(os.devnull, "w") as null:
                r = Run(tf + ["--jobs", "2"] + base + ["--format", fmt, path], stdout=null)
            row("tfidf --format %s --jobs 2" % fmt, r, mb, ref, "ratio: summary path / this")
    if "summary" in only:
        for j in (1, 2):
            out = tempfile.mkdtemp(prefix="fl-summary-")
            try:
                r = Run(fl + ["--jobs", str(j), "compare", path, "--out", out, "--summary-only",
                              "--format", "svg"], stdout=subprocess.DEVNULL)
            finally:
                shutil.rmtree(out, ignore_errors=True)
            row("compare --summary-only --jobs %d" % j, r, mb)
    if "scale" in only:
        for fraction in (0.25, 0.5, 1.0):
            inp = path if fraction == 1.0 else head_cut(path, args.cache, fraction)
            in_mb = os.path.getsize(inp) / 1e6
            bins = ([("before", args.before)] if args.before else []) + [("now", None)]
            for tag, other in bins:
                out = tempfile.mkdtemp(prefix="fl-scale-")
                try:
                    cmd = ([other, "--quiet"] if other else fl) + [
                        "--jobs", "2", "compare", inp, "--out", out, "--summary-only",
                        "--format", "svg"]
                    r = Run(cmd, stdout=subprocess.DEVNULL)
                finally:
                    shutil.rmtree(out, ignore_errors=True)
                row("summary %3d%% of the corpus (%s)" % (round(fraction * 100), tag), r, in_mb, None,
                    "%.1f MB per CPU second" % (in_mb / max(r.cpu, 1e-9)))
    if "bounded" in only:
        sample = args.sample
        if not os.path.exists(sample):
            print("bounded: %s is missing, section skipped" % sample)
        else:
            os.makedirs(args.cache, exist_ok=True)
            cut = os.path.join(args.cache, "abp_sample_1008.jsonl")
            with open(sample) as src, open(cut, "w") as dst:
                for i, line in enumerate(src):
                    if i >= 1008:
                        break
                    dst.write(line)
            for label, inp in (("1,008 articles", cut), ("3,000 articles", sample)):
                in_mb = os.path.getsize(inp) / 1e6
                bins = ([("before", args.before)] if args.before else []) + [("now", None)]
                for tag, other in bins:
                    out = tempfile.mkdtemp(prefix="fl-bounded-")
                    try:
                        cmd = ([other, "--quiet"] if other else fl) + ["--jobs", "2", "compare", inp,
                                                                       "--out", out, "--force"]
                        r = Run(cmd, stdout=subprocess.DEVNULL)
                        written = sum(os.path.getsize(os.path.join(d, f))
                                      for d, _, fs in os.walk(out) for f in fs)
                        pages = [os.path.join(d, "report.html") for d, _, fs in os.walk(out)
                                 if "report.html" in fs]
                        html = max((os.path.getsize(p) for p in pages), default=0)
                        md = max((os.path.getsize(p[:-4] + "md") for p in pages), default=0)
                    finally:
                        shutil.rmtree(out, ignore_errors=True)
                    row("compare %s (%s)" % (label, tag), r, in_mb, None,
                        "written %.0f MB, report.html %.1f MB, report.md %.2f MB"
                        % (written / 1e6, html / 1e6, md / 1e6))
    if "memory" in only:
        mem = path if args.memory_input == "full" else args.memory_input
        mem_mb = os.path.getsize(mem) / 1e6
        print("memory section on %s, %.1f MB" % (mem, mem_mb))
        for name, cmd in (
            ("score", ["score", mem]),
            ("score --lexicon vader", ["score", "--lexicon", "vader", mem]),
            ("keyness", ["keyness", mem, "--target", first_outlet(mem)]),
            ("tfidf csv (cleaned)", ["tfidf", mem]),
            ("tfidf json (cleaned)", ["tfidf", "--format", "json", mem]),
            ("tfidf --by outlet (cleaned)", ["tfidf", "--by", "outlet", mem]),
            ("clean", ["clean", mem]),
        ):
            ref = None
            if args.before:
                with open(os.devnull, "w") as null:
                    ref = Run([args.before, "--quiet", "--jobs", "2"] + cmd, stdout=null)
                row(name + " (before)", ref, mem_mb)
            with open(os.devnull, "w") as null:
                r = Run(fl + ["--jobs", "2"] + cmd, stdout=null)
            note = "target: peak under 300 MB on the full corpus"
            if ref is not None:
                note = "peak %.0f MB before; " % ref.rss + note
            row(name + " --jobs 2", r, mem_mb, ref, note)
    print("load at the end %s" % load())


if __name__ == "__main__":
    main()
