# Sourced by the pathological benches: `best_of CMD ARGS...` runs a command
# that prints "wall cpu ..." REPS times and prints the line of least CPU.
# The run of least CPU time of REPS runs (default 1): on a shared machine
# other jobs inflate a run's CPU time (cache misses, page faults), never
# deflate it, so the least of a few runs is the steadiest figure.
reps="${REPS:-1}"
best_of() { # the command's arguments; prints the chosen run's line
  local best="" line
  for _ in $(seq "$reps"); do
    line=$("$@")
    if [ -z "$best" ] || awk -v a="$(echo "$line" | cut -d' ' -f2)" -v b="$(echo "$best" | cut -d' ' -f2)" \
      'BEGIN { exit !(a + 0 < b + 0) }'; then
      best="$line"
    fi
  done
  echo "$best"
}
