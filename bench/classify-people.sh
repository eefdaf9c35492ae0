#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The person recognisers' load: pmark classify on ~105 MB of case prose in
# which a third of the paragraphs name people the way case notes do
# (bench/gen-text.py --people), beside ripgrep running the London policy's
# keyword and identifier patterns (bench/rg-patterns.txt) over the same
# file, one thread and all, in the same run. rg recognises nobody: the
# ratio is what the recognisers, validators and context cost over a plain
# scan. Reports throughput (goal: >= 30 MB/s on one core) and the peak
# resident memory of the classify (goal: < 256 MB for any size; measured at
# two sizes to show it does not grow with the text).
# Usage: bench/classify-people.sh [SIZE_MB] [RUNS]
set -eu
cd "$(dirname "$0")/.."
SIZE=${1:-100}
RUNS=${2:-3}
OUT=bench/out
PMARK=${PMARK:-build/src/pmark/pmark}
mkdir -p "$OUT"
[ -x "$PMARK" ] || { echo "build pmark first (meson setup build && ninja -C build)"; exit 1; }
for t in rg bc; do command -v $t >/dev/null || { echo "$t is not installed (tools/install-deps.sh)"; exit 1; }; done
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed (apt-get install time)"; exit 1; }

best() { # best wall time in seconds of $RUNS runs of "$@"
  b=
  for _ in $(seq "$RUNS"); do
    s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}
peak_mb() { # peak RSS of one run of "$@", MB
  /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%.0f", $1 / 1024}'
}

for size in $((SIZE / 10)) "$SIZE"; do
  TEXT=$OUT/case-people-${size}mb.txt
  [ -f "$TEXT" ] || python3 bench/gen-text.py "$TEXT" "$size" --people > /dev/null
  BYTES=$(stat -c %s "$TEXT")
  cat "$TEXT" > /dev/null # warm the page cache for both
  T_PMARK=$(best taskset -c 0 "$PMARK" --no-sandbox classify --json "$TEXT")
  T_SANDBOX=$(best "$PMARK" classify --json "$TEXT")
  T_RG=$(best rg --count-matches --no-config -f bench/rg-patterns.txt "$TEXT")
  T_RG1=$(best rg --count-matches --no-config -j1 -f bench/rg-patterns.txt "$TEXT")
  P_PMARK=$(peak_mb "$PMARK" --no-sandbox classify --json "$TEXT")
  P_SANDBOX=$(peak_mb "$PMARK" classify --json "$TEXT")
  printf '\nfile: %s (%.1f MB), best of %s runs\n' "$TEXT" "$(echo "$BYTES / 1000000" | bc -l)" "$RUNS"
  "$PMARK" classify "$TEXT" | head -n 1 | cut -c1-160
  printf '%-40s %8.2f s %8.1f MB/s  peak %s MB\n' "pmark classify, one core, in-process" "$T_PMARK" \
    "$(echo "$BYTES / $T_PMARK / 1000000" | bc -l)" "$P_PMARK"
  printf '%-40s %8.2f s %8.1f MB/s  peak %s MB (this process and its worker)\n' \
    "pmark classify (worker)" "$T_SANDBOX" "$(echo "$BYTES / $T_SANDBOX / 1000000" | bc -l)" "$P_SANDBOX"
  printf '%-40s %8.2f s %8.1f MB/s\n' "rg -f patterns" "$T_RG" "$(echo "$BYTES / $T_RG / 1000000" | bc -l)"
  printf '%-40s %8.2f s %8.1f MB/s\n' "rg -f patterns -j1" "$T_RG1" "$(echo "$BYTES / $T_RG1 / 1000000" | bc -l)"
  printf 'ratio pmark (one core) / rg -j1: %.1fx\n' "$(echo "$T_PMARK / $T_RG1" | bc -l)"
done
