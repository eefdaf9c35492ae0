#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Text extraction from Word and Excel 97-2003 files: pmark extract vs
# catdoc (.doc) and xls2csv (.xls) from Debian's catdoc package, on the
# same corpus files, same run. Both sides read every file in one process
# where the tool takes many files (catdoc does, pmark does; xls2csv takes
# one file, so it runs once per file, and pmark is also timed once per
# file). Files a tool refuses still count: both sides see the same list.
# Goal: pmark >= 1.0x the peer's files per second.
# Usage: bench/legacy.sh [RUNS] [CORPUS_DIR]
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-3}
CORPUS=${2:-../shared/corpora/legacy/poi}
PMARK=${PMARK:-build/src/pmark/pmark}
[ -x "$PMARK" ] || { echo "build pmark first (meson setup build && ninja -C build)"; exit 1; }
for t in catdoc xls2csv bc; do
  command -v $t >/dev/null || { echo "$t is not installed (apt-get install catdoc bc)"; exit 1; }
done
[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS"; exit 1; }

mapfile -t DOCS < <(find "$CORPUS" -iname '*.doc' -type f | sort)
mapfile -t XLS < <(find "$CORPUS" -iname '*.xls' -type f | sort)
BYTES_DOC=$(cat "${DOCS[@]}" | wc -c)
BYTES_XLS=$(cat "${XLS[@]}" | wc -c)

now() { date +%s.%N; }
best() {
  b=
  for _ in $(seq "$RUNS"); do
    s=$(now); "$@" > /dev/null 2>&1 || true; e=$(now)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}
DOCS10=(); XLS10=()
for _ in $(seq 10); do DOCS10+=("${DOCS[@]}"); XLS10+=("${XLS[@]}"); done
catdoc_all() { catdoc "${DOCS[@]}"; }
catdoc_10() { catdoc "${DOCS10[@]}"; }
pmark_docs_10() { "$PMARK" extract --ocr off "${DOCS10[@]}"; }
catdoc_each() { for f in "${DOCS[@]}"; do catdoc "$f"; done; }
pmark_docs() { "$PMARK" extract --ocr off "${DOCS[@]}"; }
pmark_docs_each() { for f in "${DOCS[@]}"; do "$PMARK" extract --ocr off "$f"; done; }
xls2csv_each() { for f in "${XLS[@]}"; do xls2csv "$f"; done; }
pmark_xls() { "$PMARK" extract --ocr off "${XLS[@]}"; }
pmark_xls_each() { for f in "${XLS[@]}"; do "$PMARK" extract --ocr off "$f"; done; }

row() { printf '%-40s %7.3f s %8.1f files/s\n' "$1" "$2" "$(echo "$3 / $2" | bc -l)"; }
printf '%d .doc files (%d bytes), %d .xls files (%d bytes); best of %s runs\n\n' \
  "${#DOCS[@]}" "$BYTES_DOC" "${#XLS[@]}" "$BYTES_XLS" "$RUNS"
T1=$(best catdoc_all); T2=$(best pmark_docs)
T3=$(best catdoc_each); T4=$(best pmark_docs_each)
T8=$(best catdoc_10); T9=$(best pmark_docs_10)
row "catdoc, one process (peer)" "$T1" "${#DOCS[@]}"
row "pmark extract, one process" "$T2" "${#DOCS[@]}"
row "catdoc, one process per file (peer)" "$T3" "${#DOCS[@]}"
row "pmark extract, one process per file" "$T4" "${#DOCS[@]}"
row "catdoc, the list 10 times, one process" "$T8" "${#DOCS10[@]}"
row "pmark, the list 10 times, one process" "$T9" "${#DOCS10[@]}"
T5=$(best xls2csv_each); T6=$(best pmark_xls_each); T7=$(best pmark_xls)
row "xls2csv, one process per file (peer)" "$T5" "${#XLS[@]}"
row "pmark extract, one process per file" "$T6" "${#XLS[@]}"
row "pmark extract, one process" "$T7" "${#XLS[@]}"
printf '\n.doc: pmark %.2fx catdoc'"'"'s files/s in one process (%.2fx steady, the list 10 times), %.2fx per file\n' \
  "$(echo "$T1 / $T2" | bc -l)" "$(echo "$T8 / $T9" | bc -l)" "$(echo "$T3 / $T4" | bc -l)"
printf '.xls: pmark %.2fx xls2csv'"'"'s files/s per file (%.2fx with one pmark process)\n' \
  "$(echo "$T5 / $T6" | bc -l)" "$(echo "$T5 / $T7" | bc -l)"
