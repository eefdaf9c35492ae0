#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# pmark classify on one large text vs ripgrep running a comparable pattern
# set (the London policy's identifier, date-of-birth, context and case-word
# patterns, bench/rg-patterns.txt) over the same file in the same run.
# rg only counts matches: it validates nothing and checks no context, so
# the comparison flatters rg. Goal: pmark within 2x of rg's time.
# Usage: bench/classify-text.sh [SIZE_MB] [RUNS]
set -eu
cd "$(dirname "$0")/.."
SIZE=${1:-110}
RUNS=${2:-3}
OUT=bench/out
PMARK=${PMARK:-build/src/pmark/pmark}
mkdir -p "$OUT"
[ -x "$PMARK" ] || { echo "build pmark first (meson setup build && ninja -C build)"; exit 1; }
command -v rg >/dev/null || { echo "ripgrep (rg) is not installed: apt-get install ripgrep"; exit 1; }

TEXT=$OUT/case-files-${SIZE}mb.txt
[ -f "$TEXT" ] || python3 bench/gen-text.py "$TEXT" "$SIZE"
BYTES=$(stat -c %s "$TEXT")
cat "$TEXT" > /dev/null # warm the page cache for both

best() { # best wall time in seconds of $RUNS runs of "$@"
  b=
  for _ in $(seq "$RUNS"); do
    s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}

T_PMARK=$(best "$PMARK" classify --json "$TEXT")
T_RG=$(best rg --count-matches --no-config -f bench/rg-patterns.txt "$TEXT")
T_RG1=$(best rg --count-matches --no-config -j1 -f bench/rg-patterns.txt "$TEXT")

"$PMARK" classify "$TEXT" | cut -c1-200
printf 'file: %s (%.1f MB), best of %s runs\n' "$TEXT" "$(echo "$BYTES / 1000000" | bc -l)" "$RUNS"
printf '%-28s %8.2f s %8.1f MB/s\n' "pmark classify" "$T_PMARK" "$(echo "$BYTES / $T_PMARK / 1000000" | bc -l)"
printf '%-28s %8.2f s %8.1f MB/s\n' "rg -f patterns" "$T_RG" "$(echo "$BYTES / $T_RG / 1000000" | bc -l)"
printf '%-28s %8.2f s %8.1f MB/s\n' "rg -f patterns -j1" "$T_RG1" "$(echo "$BYTES / $T_RG1 / 1000000" | bc -l)"
printf 'ratio pmark/rg: %.2fx (goal <= 2x)\n' "$(echo "$T_PMARK / $T_RG" | bc -l)"
