#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Cold start of two pmark builds, A (before) and B (after), alternating
# run by run on the same inputs, beside pdftotext on the same PDF: the
# comparison behind a change that moves start-up cost (bench/RESULTS.md,
# "Cold start"). Median of RUNS runs each, milliseconds.
# Usage: bench/coldstart-ab.sh PMARK_A PMARK_B [RUNS]
set -eu
cd "$(dirname "$0")/.."
A=$1 B=$2 RUNS=${3:-31}
. bench/coldstart-inputs.sh

ms() { local a b; a=$(date +%s%N); "$@" > /dev/null 2>&1 || true; b=$(date +%s%N); echo $(( (b - a) / 1000 )); }
median() { sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'; }

case_ab() {
  local what=$1; shift
  local ta=() tb=() tp=()
  for _ in $(seq "$RUNS"); do
    ta+=("$(ms "$A" "$@")")
    tb+=("$(ms "$B" "$@")")
    tp+=("$(ms pdftotext "$OUT/page.pdf" "$OUT/p.txt")")
  done
  printf '%-34s %8s ms %8s ms   (pdftotext, same PDF: %s ms)\n' "$what" \
    "$(printf '%s\n' "${ta[@]}" | median)" "$(printf '%s\n' "${tb[@]}" | median)" \
    "$(printf '%s\n' "${tp[@]}" | median)"
}

printf 'median of %d runs each, A and B alternating\n%-34s %11s %11s\n' "$RUNS" "" "A" "B"
case_ab "pmark --version" --version
case_ab "pmark classify, one-page PDF" classify "$OUT/page.pdf"
case_ab "pmark classify, small text file" classify "$OUT/note.txt"
case_ab "pmark --no-sandbox classify, PDF" --no-sandbox classify "$OUT/page.pdf"
case_ab "pmark --no-sandbox classify, text" --no-sandbox classify "$OUT/note.txt"
