#!/usr/bin/env bash
# `framelens compare` on the two cases of issue 21 items 2 and 3, for two
# binaries side by side (a reference, such as main's build, and this one),
# one after the other under the same load:
#
#   abp1008: the first 1,008 lines of the ABP sample (no event ids: one
#            event of 116 outlets, a bounded report), default formats;
#   abp3000: the whole 3,000-article sample (set SKIP_3000=1 to leave it
#            out: it takes minutes);
#   basil:   BASIL's 100 events, every report and chart (default formats).
#
# For each run: wall seconds, CPU seconds (user + system, steadier than
# wall on a shared machine), peak RSS in MB (/usr/bin/time -v), MB written,
# and whether the two binaries' outputs are `diff -r` identical. The load
# average is printed before each pair of runs. No time is asserted.
#
# Usage: benches/compare_speed.sh REFERENCE_BINARY [BINARY]
#   env: FRAMELENS_DATA (default ../shared/data), WORK (scratch folder,
#        default a new temp dir), SKIP_3000=1, JOBS (default: all cores).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
ref="${1:?usage: benches/compare_speed.sh REFERENCE_BINARY [BINARY]}"
bin="${2:-$here/target/release/framelens}"
data="${FRAMELENS_DATA:-$here/../shared/data}"
work="${WORK:-$(mktemp -d)}"
jobs=()
if [ -n "${JOBS:-}" ]; then jobs=(--jobs "$JOBS"); fi
if [ ! -x /usr/bin/time ]; then echo "needs /usr/bin/time (apt-get install time)"; exit 1; fi
for b in "$ref" "$bin"; do
    if [ ! -x "$b" ]; then echo "no binary at $b (cargo build --release)"; exit 1; fi
done
mkdir -p "$work"
head -n 1008 "$data/abp/abp_sample_3000.jsonl" > "$work/abp1008.jsonl"

# run NAME LABEL BINARY INPUT: one compare, its figures on one line.
run() {
    local name="$1" label="$2" b="$3" input="$4"
    local out="$work/out-$name-$label"
    rm -rf "$out"
    /usr/bin/time -v "$b" compare "$input" --out "$out" -q "${jobs[@]}" \
        2> "$work/time-$name-$label" > /dev/null
    local t="$work/time-$name-$label"
    local user sys wall rss
    user=$(awk -F': ' '/User time/ {print $2}' "$t")
    sys=$(awk -F': ' '/System time/ {print $2}' "$t")
    wall=$(awk -F': ' '/Elapsed/ {print $2}' "$t" \
        | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$t")
    local mb
    mb=$(du -sm "$out" | cut -f1)
    printf '%-8s %-9s wall %7.1f s  CPU %7.1f s  peak %5s MB  written %5s MB\n' \
        "$name" "$label" "$wall" "$(echo "$user + $sys" | bc)" "$rss" "$mb"
}

# pair NAME INPUT: the reference, then this binary, then whether they agree.
pair() {
    local name="$1" input="$2"
    echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
    run "$name" reference "$ref" "$input"
    run "$name" this "$bin" "$input"
    if diff -r -q "$work/out-$name-reference" "$work/out-$name-this" > "$work/diff-$name"; then
        echo "$name: outputs identical"
    else
        echo "$name: outputs differ in $(wc -l < "$work/diff-$name") files (see $work/diff-$name)"
    fi
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u '+%Y-%m-%d %H:%M UTC')"
pair abp1008 "$work/abp1008.jsonl"
if [ -z "${SKIP_3000:-}" ]; then
    pair abp3000 "$data/abp/abp_sample_3000.jsonl"
fi
pair basil "$data/basil/basil.jsonl"
echo "scratch: $work"
