#!/usr/bin/env bash
# Pathological single documents for text analysis, each at 1x, 2x and 4x
# its base size, through `framelens score` and `framelens compare` (two
# outlets of one event). Prints wall and CPU time and peak resident memory of each
# run, output bytes, and the 2x and 4x CPU and memory ratios over 1x: near 2 and 4 when a
# stage is linear (memory ratios stay lower, since the binary's own
# baseline is ~10 MB).
#
# Inputs (generated, never committed):
# - clauses: one sentence of `the “deal” said official A; ...` (the speaker
#   search used to recurse once per earlier verb: exponential);
# - straight: `x "a "a "a ...` (unclosed straight marks);
# - curly: `“a “a “a ...` (unclosed curly marks);
# - hugeline: BASIL texts joined into one line (one paragraph).
#
# Usage: benches/pathological_text.sh [framelens binary]
#   env: CASES="clauses straight curly hugeline", CMDS="score compare",
#        TIMEOUT (seconds per run, default 300), WORK, FRAMELENS_DATA,
#        CLAUSES (base count, 4000), REPEATS (base count, 40000),
#        LINE_MB (base size, 2), REPS (runs of each, the least CPU time
#        kept; default 1)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$here/target/release/framelens}"
data="${FRAMELENS_DATA:-$here/../shared/data}"
work="${WORK:-$(mktemp -d)}"
cases="${CASES:-clauses straight curly hugeline}"
cmds="${CMDS:-score compare}"
timeout_s="${TIMEOUT:-300}"
clauses="${CLAUSES:-4000}"
repeats="${REPEATS:-40000}"
line_mb="${LINE_MB:-2}"
if [ ! -x /usr/bin/time ]; then echo "needs /usr/bin/time (apt-get install time)"; exit 1; fi
if [ ! -x "$bin" ]; then echo "build first: cargo build --release"; exit 1; fi

# make CASE MULT OUT: write a two-record JSONL (outlets A and B, one event).
make_input() {
  python3 - "$1" "$2" "$3" "$clauses" "$repeats" "$line_mb" "$data" <<'PY'
import json, sys
case, mult, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
clauses, repeats, line_mb, data = int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), sys.argv[7]
def text_for(outlet):
    # A first sentence of content words that differs per outlet, so that
    # `compare` has two distinct outlets to compare.
    lead = f"Officials of outlet {outlet} reported talks on the trade deal. "
    if case == "clauses":
        return "".join(f"the \u201cdeal\u201d said official {outlet}{i}; " for i in range(clauses * mult))
    if case == "straight":
        return lead + "x " + "\"a " * (repeats * mult)
    if case == "curly":
        return lead + "\u201ca " * (repeats * mult)
    if case == "hugeline":
        target = int(line_mb * mult * 1e6)
        parts, size = [], 0
        with open(f"{data}/basil/basil.jsonl", encoding="utf-8") as f:
            lines = f.read().splitlines()
        start = 0 if outlet == "A" else len(lines) // 2
        i = start
        while size < target:
            t = " ".join(json.loads(lines[i % len(lines)])["text"].split())
            parts.append(t)
            size += len(t.encode()) + 1
            i += 1
        return " ".join(parts)
    raise SystemExit(f"unknown case {case}")
with open(out, "w", encoding="utf-8") as f:
    for outlet in "AB":
        f.write(json.dumps({"event_id": "e", "outlet": outlet, "text": text_for(outlet)}) + "\n")
PY
}

# run CMD...: prints "wall_secs cpu_secs maxrss_kb out_bytes status" (CPU =
# user + system: steadier than wall time on a shared machine; ratios use it)
run() {
  local log="$work/time.log" outf="$work/out.bin"
  rm -rf "$work/out" "$outf"
  set +e
  timeout "$timeout_s" /usr/bin/time -v -o "$log" "$@" >"$outf" 2>"$work/err.log"
  local st=$?
  set -e
  local secs cpu rss bytes
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log" 2>/dev/null || true)
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$log" 2>/dev/null || true)
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log" 2>/dev/null || true)
  bytes=$(( $(stat -c %s "$outf") + $(du -sb "$work/out" 2>/dev/null | cut -f1 || echo 0) ))
  [ "$st" = 124 ] && secs="${timeout_s}+" && cpu="?"
  echo "${secs:-?} ${cpu:-?} ${rss:-?} $bytes $st"
}

# shellcheck source=benches/best_of.sh
. "$here/benches/best_of.sh"

printf '%-9s %-8s %-5s %10s %10s %10s %12s %s\n' case cmd size wall_s cpu_s maxrss_MB out_bytes exit
for c in $cases; do
  if [ "$c" = hugeline ] && [ ! -f "$data/basil/basil.jsonl" ]; then
    echo "SKIPPED: hugeline needs $data/basil/basil.jsonl"; continue
  fi
  for m in 1 2 4; do make_input "$c" "$m" "$work/$c-$m.jsonl"; done
  for cmd in $cmds; do
    declare -a T=() R=()
    for m in 1 2 4; do
      in="$work/$c-$m.jsonl"
      if [ "$cmd" = score ]; then
        res=$(best_of run "$bin" -q score "$in" --resamples 0)
      else
        res=$(best_of run "$bin" -q compare "$in" --out "$work/out")
      fi
      read -r secs cpu rss bytes st <<<"$res"
      T[$m]=$cpu; R[$m]=$rss
      printf '%-9s %-8s %-5s %10s %10s %10s %12s %s\n' "$c" "$cmd" "${m}x" "$secs" "$cpu" \
        "$(awk -v r="$rss" 'BEGIN{printf "%.1f", r/1024}')" "$bytes" "$st"
    done
    awk -v c="$c" -v cmd="$cmd" -v t1="${T[1]}" -v t2="${T[2]}" -v t4="${T[4]}" \
        -v r1="${R[1]}" -v r2="${R[2]}" -v r4="${R[4]}" 'BEGIN{
      if (t1+0 > 0) printf "%-9s %-8s ratios: cpu time 2x %.2f 4x %.2f; memory 2x %.2f 4x %.2f\n",
        c, cmd, t2/t1, t4/t1, r2/r1, r4/r1;
      else printf "%-9s %-8s ratios: 1x too fast to time\n", c, cmd }'
  done
done
