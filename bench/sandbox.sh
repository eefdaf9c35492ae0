#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# What reading in worker processes (pmark(1) SANDBOX) costs: the same
# audit of a generated share, with workers and in-process
# (PMARK_SANDBOX=off), alternating, -j1 and -j2; and classify of the
# samples in one process. Files per second and the ratio
# (sandboxed / in-process time). Figures go to bench/RESULTS.md.
# Usage: bench/sandbox.sh [FILES] [ROUNDS]
set -eu
cd "$(dirname "$0")/.."
N=${1:-3000}
ROUNDS=${2:-3}
PMARK=${PMARK:-build/src/pmark/pmark}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
python3 bench/gen-tree.py "$OUT/share" "$N" > /dev/null

secs() {
  local a b
  a=$(date +%s%N)
  "$@" > /dev/null 2>&1 || true
  b=$(date +%s%N)
  echo "scale=3; ($b - $a) / 1000000000" | bc
}

best() { printf '%s\n' "$@" | sort -n | head -1; }

for j in 1 2; do
  on=() off=()
  for _ in $(seq "$ROUNDS"); do
    rm -f "$OUT/a.db" "$OUT/b.db"
    on+=("$(secs "$PMARK" audit -j "$j" --db "$OUT/a.db" "$OUT/share")")
    off+=("$(PMARK_SANDBOX=off secs "$PMARK" audit -j "$j" --db "$OUT/b.db" "$OUT/share")")
  done
  a=$(best "${on[@]}")
  b=$(best "${off[@]}")
  printf 'audit -j%d, %d files: workers %6.2f s (%5.0f files/s)   in-process %6.2f s (%5.0f files/s)   %.2fx\n' \
    "$j" "$N" "$a" "$(echo "$N / $a" | bc -l)" "$b" "$(echo "$N / $b" | bc -l)" \
    "$(echo "$a / $b" | bc -l)"
done

files=$(ls samples/* | grep -v expected.json)
n=$(echo "$files" | wc -l)
on=() off=()
for _ in $(seq "$ROUNDS"); do
  # shellcheck disable=SC2086
  on+=("$(secs "$PMARK" classify --ocr off $files)")
  # shellcheck disable=SC2086
  off+=("$(PMARK_SANDBOX=off secs "$PMARK" classify --ocr off $files)")
done
a=$(best "${on[@]}")
b=$(best "${off[@]}")
printf 'classify the %d samples, one process: workers %.2f s   in-process %.2f s   %.2fx\n' \
  "$n" "$a" "$b" "$(echo "$a / $b" | bc -l)"
