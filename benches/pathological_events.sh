#!/usr/bin/env bash
# Scaling of `framelens compare` on pathological single events: one event
# that is very large in one of two ways, each at 1x, 2x and 4x its size.
#
#   docs:    2 outlets, N short documents each (N = BASE_DOCS, 2x, 4x):
#            every document of an outlet is joined into one text, so sentence
#            alignment, substitutions and quote grouping see N x N pairs
#            unless the event bound (--event-limit) applies;
#   outlets: M outlets of one short document each (M = BASE_OUTLETS, 2x, 4x):
#            similarity and the outlet map are M x M, alignment M^2 / 2
#            outlet pairs, and every chart grows with M;
#   abp:     the ABP sample's first 750, 1,500 and 3,000 articles (no event
#            ids: one event of up to 160 outlets), with default formats.
#
# Each input runs `compare IN --out TMP --format svg` and, for the 1x size,
# the default formats (svg + png). Prints wall seconds, CPU seconds (user +
# system: steadier than wall time on a shared machine), peak RSS (MB, from
# /usr/bin/time -v) and MB written, then each size's CPU-time and RSS
# ratios over the 1x run: near 2 and 4 when the cost grows linearly.
#
# Usage: benches/pathological_events.sh [framelens binary]
#   env: BASE_DOCS (default 2500), BASE_OUTLETS (default 250), WORK (scratch
#        folder, default a new temp dir), FRAMELENS_DATA, EXTRA (more flags
#        for compare, e.g. "--event-limit 1000000" to see the unbounded cost),
#        SKIP_ABP=1 to leave the ABP run out, SKIP_OUTLETS=1 the outlets case,
#        REPS (runs of each size, the least CPU time kept; default 1).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$here/target/release/framelens}"
data="${FRAMELENS_DATA:-$here/../shared/data}"
base_docs="${BASE_DOCS:-2500}"
base_outlets="${BASE_OUTLETS:-250}"
work="${WORK:-$(mktemp -d)}"
extra="${EXTRA:-}"
if [ ! -x /usr/bin/time ]; then echo "needs /usr/bin/time (apt-get install time)"; exit 1; fi
if [ ! -x "$bin" ]; then echo "build first: cargo build --release"; exit 1; fi
mkdir -p "$work"

# Short, varied news-like documents, deterministic (no randomness source but
# the document number), so that vocabulary grows with the input.
make_input() { # $1 = kind (docs|outlets), $2 = size, $3 = output
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
subj = ["Putin", "Biden", "The Kremlin", "The minister", "A spokesman", "The envoy",
        "Officials", "The president", "Lawmakers", "The embassy"]
verb = ["said", "claimed", "slammed", "insisted", "told reporters", "warned", "denied",
        "mocked", "hit back", "announced"]
obj = ["the sanctions", "the remarks", "the talks", "the killer remark", "the election",
       "the pipeline", "the summit", "the deal", "the troops", "the report"]
def word(i):
    # A pseudo-word per number: the vocabulary keeps growing.
    letters = "bcdfghklmnprstvz"
    vow = "aeiou"
    s = ""
    i += 7
    while i:
        s += letters[i % 16] + vow[i % 5]
        i //= 16
    return s
def text(i):
    a, b, c = i % 10, (i // 10) % 10, (i // 100) % 10
    return (f"{subj[a]} {verb[b]} {obj[c]} were {word(i)} and {word(i * 3 + 1)}. "
            f"“It is a {word(i + 11)} {obj[(a + c) % 10]},” {subj[b]} {verb[c]}. "
            f"Talks on {word(i * 7 + 5)} continue in {word(i % 97 + 400)}.")
with open(out, "w", encoding="utf-8") as f:
    if kind == "docs":
        for i in range(n):
            for o in ("A", "B"):
                k = i * 2 + (o == "B")
                f.write(json.dumps({"event_id": "big", "outlet": o, "id": f"{o}{i}",
                                    "text": text(k)}) + "\n")
    else:
        for i in range(n):
            f.write(json.dumps({"event_id": "big", "outlet": f"outlet{i:05d}",
                                "id": str(i), "text": text(i)}) + "\n")
PY
}

# Runs compare; prints "seconds cpu_seconds rss_mb written_mb exit".
run_one() { # $1 = input, $2 = format flag ("" for default formats)
  local out="$work/out" log="$work/time.log"
  rm -rf "$out"
  set +e
  # shellcheck disable=SC2086
  /usr/bin/time -v "$bin" --quiet compare "$1" --out "$out" $2 $extra >"$work/stdout" 2>"$log"
  local rc=$?
  set -e
  local secs cpu rss written
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$log")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  written=$(du -sm "$out" 2>/dev/null | cut -f1 || echo 0)
  echo "$secs $cpu $rss ${written:-0} $rc"
  rm -rf "$out"
}

# shellcheck source=benches/best_of.sh
. "$here/benches/best_of.sh"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

series() { # $1 = kind, $2 = base size, $3 = label of the unit
  local kind="$1" base="$2" unit="$3" t1="" m1=""
  echo "== $kind: $unit at 1x, 2x, 4x (--format svg) =="
  printf "%8s %9s %9s %9s %9s %5s %8s %8s\n" "$unit" "wall_s" "cpu_s" "rss_MB" "out_MB" "exit" "cpu/1x" "rss/1x"
  for mult in 1 2 4; do
    local n=$((base * mult)) f="$work/$kind-$((base * mult)).jsonl"
    make_input "$kind" "$n" "$f"
    read -r secs cpu rss written rc < <(best_of run_one "$f" "--format svg")
    [ -z "$t1" ] && { t1="$cpu"; m1="$rss"; }
    printf "%8s %9s %9s %9s %9s %5s %8s %8s\n" "$n" "$secs" "$cpu" "$rss" "$written" "$rc" \
      "$(ratio "$cpu" "$t1")" "$(ratio "$rss" "$m1")"
    if [ "$mult" = 1 ]; then
      read -r secs cpu rss written rc < <(run_one "$f" "")
      printf "%8s %9s %9s %9s %9s %5s   (default formats: svg + png)\n" "$n" "$secs" "$cpu" "$rss" "$written" "$rc"
    fi
    rm -f "$f"
  done
}

echo "binary: $bin ${extra:+(extra flags: $extra)}"
series docs "$base_docs" "docs/outlet"
[ -n "${SKIP_OUTLETS:-}" ] || series outlets "$base_outlets" "outlets"
abp="$data/abp/abp_sample_3000.jsonl"
if [ -n "${SKIP_ABP:-}" ]; then
  :
elif [ -f "$abp" ]; then
  # The first 750, 1,500 and 3,000 articles: a real event of many outlets
  # (no event ids) at 1x, 2x and 4x, with default formats (svg + png).
  echo "== abp: the first N articles of the sample as one event (default formats) =="
  printf "%8s %9s %9s %9s %9s %5s %8s %8s\n" "articles" "wall_s" "cpu_s" "rss_MB" "out_MB" "exit" "cpu/1x" "rss/1x"
  t1="" m1=""
  for n in 750 1500 3000; do
    head -n "$n" "$abp" >"$work/abp-$n.jsonl"
    read -r secs cpu rss written rc < <(run_one "$work/abp-$n.jsonl" "")
    [ -z "$t1" ] && { t1="$cpu"; m1="$rss"; }
    printf "%8s %9s %9s %9s %9s %5s %8s %8s\n" "$n" "$secs" "$cpu" "$rss" "$written" "$rc" \
      "$(ratio "$cpu" "$t1")" "$(ratio "$rss" "$m1")"
    rm -f "$work/abp-$n.jsonl"
  done
else
  echo "SKIPPED abp: $abp is missing"
fi
