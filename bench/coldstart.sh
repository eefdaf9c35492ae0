#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Cold start: one process per file, as a mail gateway hook or a script
# calling pmark per document does. Beside the peer on the same inputs in
# the same run: `pdftotext` (poppler, as pmark's PDF reader is) for a
# one-page PDF and its --version; `cat` for a small text file (the floor of
# starting a process). Median of N runs each, milliseconds; the ratios are
# pmark's time over the peer's. Figures go to bench/RESULTS.md.
# Usage: bench/coldstart.sh [RUNS]
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-41}
PMARK=${PMARK:-build/src/pmark/pmark}
[ -x "$PMARK" ] || { echo "build pmark first (meson setup build && ninja -C build)"; exit 1; }
command -v pdftotext > /dev/null || { echo "pdftotext is not installed (poppler-utils)"; exit 1; }
. bench/coldstart-inputs.sh

# median wall time of RUNS runs of a command, in ms
median() {
  local t=()
  for _ in $(seq "$RUNS"); do
    local a b
    a=$(date +%s%N)
    "$@" > /dev/null 2>&1 || true
    b=$(date +%s%N)
    t+=($(( (b - a) / 1000 )))
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]/1000}'
}

row() {
  local what=$1 peer_what=$2 mine peer
  shift 2
  local sep
  for ((sep = 1; sep <= $#; sep++)); do [ "${!sep}" = "--" ] && break; done
  mine=$(median "${@:1:sep-1}")
  peer=$(median "${@:sep+1}")
  printf '%-38s %8s ms   %-26s %8s ms   %5.2fx\n' "$what" "$mine" "$peer_what" "$peer" \
    "$(echo "$mine / $peer" | bc -l)"
}

printf 'median of %d runs each, one process per run\n\n' "$RUNS"
row "pmark --version" "pdftotext -v" "$PMARK" --version -- pdftotext -v
row "pmark classify, one-page PDF" "pdftotext, same PDF" \
  "$PMARK" classify "$OUT/page.pdf" -- pdftotext "$OUT/page.pdf" "$OUT/p.txt"
row "pmark classify, small text file" "cat, same file" \
  "$PMARK" classify "$OUT/note.txt" -- cat "$OUT/note.txt"
row "pmark classify --ocr off, small text" "pdftotext -v" \
  "$PMARK" classify --ocr off "$OUT/note.txt" -- pdftotext -v
# the readers' worker process (pmark(1) SANDBOX) costs one more process
# start per run; without it:
row "pmark --no-sandbox classify, PDF" "pdftotext, same PDF" \
  "$PMARK" --no-sandbox classify "$OUT/page.pdf" -- pdftotext "$OUT/page.pdf" "$OUT/p.txt"
row "pmark --no-sandbox classify, text" "cat, same file" \
  "$PMARK" --no-sandbox classify "$OUT/note.txt" -- cat "$OUT/note.txt"
