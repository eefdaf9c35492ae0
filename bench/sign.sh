#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Signed markings: what --sign costs pmark mark, and what pmark verify costs
# against a peer reading the same files, in the same run, one process per
# file. PDFs: the corpus (files pmark marks), verify vs `qpdf --check`
# (which also reads and decodes every stream) and vs pmark classify.
# Office and OpenDocument: the samples, each 10 times. verify and classify
# also against --no-sandbox: what reading the signature in a worker costs.
# Usage: [KINDS="pdf office"] bench/sign.sh [PDF_DIR] [RUNS] [MAX_PDFS]  (MAX_PDFS spread evenly
# over the sorted corpus, default 100)
set -eu
cd "$(dirname "$0")/.."
DIR=${1:-../shared/corpora/pdf}
RUNS=${2:-3}
MAX=${3:-100}
PMARK=${PMARK:-build/src/pmark/pmark}
OUT=bench/out/sign
rm -rf "$OUT"
mkdir -p "$OUT/u" "$OUT/s"
[ -x "$PMARK" ] || { echo "build pmark first (meson setup build && ninja -C build)"; exit 1; }
command -v qpdf >/dev/null || { echo "qpdf is not installed: apt-get install qpdf"; exit 1; }
"$PMARK" keygen --sign -o "$OUT/key" 2>/dev/null

# the files: PDFs pmark signs (unique names), then the office samples x10
. bench/lib.sh
signs() {
  timeout 30 "$PMARK" mark --level RESTRICTED --sign "$OUT/key" -o "$OUT/s/t.pdf" \
    --log /dev/null "$1" > /dev/null 2>&1
  local ok=$?
  rm -f "$OUT/s/t.pdf"
  return $ok
}
LIST=$OUT/pdf.txt
spread_pdfs "$DIR" "$MAX" "$LIST" signs
OFFICE=$OUT/office.txt
office_samples "$OFFICE"

best() {
  b=
  for _ in $(seq "$RUNS"); do
    s=$(now); "$@"; e=$(now)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}
mark_each() { # LIST SIGN(0/1) DIR
  n=0
  while IFS= read -r f; do
    n=$((n + 1)); ext=${f##*.}
    rm -f "$3/$n.$ext"
    if [ "$2" = 1 ]; then
      "$PMARK" mark --level RESTRICTED --justify bench --sign "$OUT/key" -o "$3/$n.$ext" --log /dev/null "$f" > /dev/null || true
    else
      "$PMARK" mark --level RESTRICTED --justify bench -o "$3/$n.$ext" --log /dev/null "$f" > /dev/null || true
    fi
  done < "$1"
}
verify_each() { for f in "$1"/*; do "$PMARK" $SB verify "$f" > /dev/null || true; done; }
classify_each() { for f in "$1"/*; do "$PMARK" $SB classify "$f" > /dev/null || true; done; }
SB=
qpdf_each() { for f in "$1"/*; do qpdf --check "$f" > /dev/null 2>&1 || true; done; }

report() { printf '%-44s %8.2f s   %-28s %8.2f s   %5.2fx\n' "$1" "$2" "$3" "$4" "$(echo "$2 / $4" | bc -l)"; }

for kind in ${KINDS:-pdf office}; do
  L=$OUT/$kind.txt
  N=$(wc -l < "$L")
  mkdir -p "$OUT/$kind-u" "$OUT/$kind-s"
  T_U=$(best mark_each "$L" 0 "$OUT/$kind-u")
  T_S=$(best mark_each "$L" 1 "$OUT/$kind-s")
  T_V=$(best verify_each "$OUT/$kind-s")
  T_C=$(best classify_each "$OUT/$kind-s")
  # the signature's reading in a worker (the default) against in-process
  SB=--no-sandbox
  T_VN=$(best verify_each "$OUT/$kind-s")
  T_CN=$(best classify_each "$OUT/$kind-s")
  SB=
  BAD=0
  for f in "$OUT/$kind-s"/*; do "$PMARK" verify "$f" > /dev/null 2>&1 || BAD=$((BAD + 1)); done
  echo "# $kind: $N files, best of $RUNS runs; signed files that do not verify intact: $BAD"
  report "pmark mark --sign" "$T_S" "pmark mark (unsigned)" "$T_U"
  report "pmark verify (signed outputs)" "$T_V" "pmark classify, same files" "$T_C"
  report "pmark verify (workers)" "$T_V" "pmark --no-sandbox verify" "$T_VN"
  report "pmark classify (signed, workers)" "$T_C" "pmark --no-sandbox classify" "$T_CN"
  if [ "$kind" = pdf ]; then
    T_Q=$(best qpdf_each "$OUT/$kind-s")
    report "pmark verify (signed outputs)" "$T_V" "qpdf --check, same files" "$T_Q"
  fi
done
