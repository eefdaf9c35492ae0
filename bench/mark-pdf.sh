#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pmark mark on a PDF corpus vs `qpdf --overlay` with a one-page stamp PDF
# on the same files in the same run, one process per file for both, and
# pmark also as one process for all files. Goal: pmark within 1.2x of
# qpdf's time. pmark does more than the overlay: it reads the input's
# existing marking (downgrade check), writes metadata, reads its output
# back to check the marking is found, fsyncs, and appends the audit log.
# Files either tool refuses are left out of both sides.
# Usage: bench/mark-pdf.sh [PDF_DIR] [RUNS]
set -eu
cd "$(dirname "$0")/.."
DIR=${1:-../shared/corpora/pdf}
RUNS=${2:-3}
PMARK=${PMARK:-build/src/pmark/pmark}
OUT=bench/out/mark
rm -rf "$OUT"
mkdir -p "$OUT/q" "$OUT/p" "$OUT/all"
[ -x "$PMARK" ] || { echo "build pmark first (meson setup build && ninja -C build)"; exit 1; }
command -v qpdf >/dev/null || { echo "qpdf is not installed: apt-get install qpdf"; exit 1; }

python3 -c "
import sys; sys.path.insert(0, 'tools'); import office
open('$OUT/stamp.pdf', 'wb').write(office.pdf([['RESTRICTED']]))"

LIST=$OUT/files.txt
: > "$LIST"
declare -A seen
while IFS= read -r -d '' f; do
  # both must handle it, and its name must be unique (one output directory)
  b=$(basename "$f")
  [ -z "${seen[$b]:-}" ] || continue
  seen[$b]=1
  if timeout 20 qpdf "$f" --overlay "$OUT/stamp.pdf" --repeat=1 -- "$OUT/q/t.pdf" 2>/dev/null \
     && timeout 20 "$PMARK" mark --level RESTRICTED -o "$OUT/p/t.pdf" --log /dev/null "$f" > /dev/null 2>&1; then
    printf '%s\n' "$f" >> "$LIST"
  fi
  rm -f "$OUT/q/t.pdf" "$OUT/p/t.pdf"
done < <(find "$DIR" -type f -iname '*.pdf' -print0 | sort -z)
N=$(wc -l < "$LIST")

now() { date +%s.%N; }
best() {
  b=
  for _ in $(seq "$RUNS"); do
    rm -rf "$OUT/q" "$OUT/p" "$OUT/all"; mkdir -p "$OUT/q" "$OUT/p" "$OUT/all"
    s=$(now); "$1"; e=$(now)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}
qpdf_each() { n=0; while IFS= read -r f; do n=$((n + 1)); qpdf "$f" --overlay "$OUT/stamp.pdf" --repeat=1 -- "$OUT/q/$n.pdf" 2>/dev/null || true; done < "$LIST"; }
pmark_each() { n=0; while IFS= read -r f; do n=$((n + 1)); "$PMARK" mark --level RESTRICTED -o "$OUT/p/$n.pdf" --log "$OUT/log" "$f" > /dev/null || true; done < "$LIST"; }
pmark_all() {
  tr '\n' '\0' < "$LIST" | xargs -0 "$PMARK" mark --level RESTRICTED --log "$OUT/log" \
    --output-dir "$OUT/all" > /dev/null || true
}

T_Q=$(best qpdf_each)
T_P=$(best pmark_each)
T_A=$(best pmark_all)
printf 'files: %d PDFs both tools stamp, from %s; best of %s runs\n' "$N" "$DIR" "$RUNS"
row() { printf '%-44s %8.2f s %8.1f files/s\n' "$1" "$2" "$(echo "$N / $2" | bc -l)"; }
row "qpdf --overlay stamp.pdf, one process per file" "$T_Q"
row "pmark mark, one process per file" "$T_P"
row "pmark mark, one process for all" "$T_A"
printf 'ratio per file pmark/qpdf: %.2fx (goal <= 1.2x)\n' "$(echo "$T_P / $T_Q" | bc -l)"
printf 'ratio one process pmark/qpdf: %.2fx (goal <= 1.2x)\n' "$(echo "$T_A / $T_Q" | bc -l)"
