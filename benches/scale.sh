#!/usr/bin/env bash
# Scaling of `framelens compare --summary-only` on the real corpus: the
# Article-Bias-Prediction corpus (../shared/data/abp/abp_full.jsonl.gz,
# 246 MB, decompressed once into $CARGO_TARGET_DIR/bench-cache) is copied
# to a base size and to 2x and 4x of it (default base: the corpus once, so
# 246/492/985 MB; BASE_MB=50 for a quick run on its first 50 MB; SRC=file to
# replicate another JSONL file), each run is timed with /usr/bin/time -v
# and MB/s and peak resident memory are printed. Cost should grow linearly:
# MB/s stays flat, memory stays flat, and the last line gives each run's
# time over the 1x time (2 and 4 when linear).
#
# Replicated copies get fresh ids and a copy suffix on the title so they are
# distinct documents; the ABP corpus has no event ids, so every document is
# in the one event "" (summary-only computes rates, tests and keyness over
# it; its similarity and substitutions are skipped past --event-limit).
#
# Usage: benches/scale.sh [framelens binary]   (env: BASE_MB, JOBS, WORK, SRC, FRAMELENS_DATA)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$here/target}"
bin="${1:-$target/release/framelens}"
data="${FRAMELENS_DATA:-$here/../shared/data}"
[ -d "$data" ] || data="$here/../../shared/data"
cache="$target/bench-cache"
gz="$data/abp/abp_full.jsonl.gz"
src="${SRC:-$cache/abp_full.jsonl}"
if [ -z "${SRC:-}" ] && [ ! -f "$src" ] && [ -f "$gz" ]; then
  mkdir -p "$cache"
  gzip -dc "$gz" > "$src.part" && mv "$src.part" "$src"
fi
if [ ! -f "$src" ]; then echo "SKIPPED: $src is missing"; exit 0; fi
base_mb="${BASE_MB:-$(python3 -c "import math,os,sys; print(math.ceil(os.path.getsize(sys.argv[1])/1e6))" "$src")}"
work="${WORK:-$(mktemp -d)}"
jobs="${JOBS:-$(nproc)}"
if [ ! -x /usr/bin/time ]; then echo "needs /usr/bin/time (apt-get install time)"; exit 1; fi
if [ ! -x "$bin" ]; then echo "build first: cargo build --release"; exit 1; fi

make_file() { # $1 = target MB, $2 = output
  python3 - "$src" "$1" "$2" <<'PY'
import json, sys
src, mb, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
lines = open(src, encoding="utf-8").read().splitlines()
target = int(mb * 1e6)
size = 0
copy = 0
with open(out, "w", encoding="utf-8") as f:
    while size < target:
        for i, line in enumerate(lines):
            r = json.loads(line)
            r.setdefault("meta", {})["id"] = f"{copy}-{i}"
            r["title"] = f"{r.get('title') or ''} ({copy})"
            s = json.dumps(r, ensure_ascii=False) + "\n"
            f.write(s)
            size += len(s.encode("utf-8"))
            if size >= target:
                break
        copy += 1
PY
}

printf "%-6s %10s %10s %10s %12s\n" scale MB seconds MB/s peak_RSS_MB
times=()
for k in 1 2 4; do
  f="$work/abp_${k}x.jsonl"
  [ -f "$f" ] || make_file "$((base_mb * k))" "$f"
  mb=$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1])/1e6)" "$f")
  log="$work/time_${k}x.txt"
  /usr/bin/time -v "$bin" --quiet --jobs "$jobs" compare "$f" --out "$work/out_${k}x" \
    --summary-only --format svg --permutations 200 2> "$log" >/dev/null
  secs=$(python3 - "$log" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", t)
h, m_, s = m.groups()
print(int(h or 0) * 3600 + int(m_) * 60 + float(s))
PY
)
  times+=("$secs")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2/1024}' "$log")
  printf "%-6s %10.1f %10.2f %10.2f %12.1f\n" "${k}x" "$mb" "$secs" \
    "$(python3 -c "print($mb/$secs)")" "$rss"
done
python3 -c "import sys; t=[float(x) for x in sys.argv[1:]]; print('time / 1x time: ' + ', '.join(f'{k}x {x/t[0]:.2f}' for k, x in zip((1, 2, 4), t)))" "${times[@]}"
echo "files and logs in $work"
