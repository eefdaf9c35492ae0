#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# OCR of scanned pages: pmark classify on an image-only PDF vs the pipeline
# `pdftoppm -r 300 -gray | tesseract` on the same PDF, same run (the peer
# only reads; pmark also classifies). Goal: pmark >= 1.0x the pipeline's
# pages per second with one process. Then pmark audit -j1 vs -j2 on a
# folder of single-page scans. Goal: -j2 >= 1.8x -j1.
# Scans are generated (tools/scans.py): made-up case notes rendered at
# 300 dpi, JPEG-compressed, no text layer.
# Usage: bench/ocr.sh [PAGES] [RUNS]
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
PAGES=${1:-12}
RUNS=${2:-3}
PMARK=${PMARK:-build/src/pmark/pmark}
require_tools pdftoppm tesseract convert bc
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

python3 - "$OUT" "$PAGES" <<'PY'
import os, sys
sys.path.insert(0, "tools")
import ids, scans
out, n = sys.argv[1], int(sys.argv[2])
nhs = ids.nhs_numbers(n)
pages = []
for i in range(n):
    pages.append(["Case note %d - children's social care" % (i + 1), "",
                  "Child: Riley Sample %d" % i, "NHS number: %s" % nhs[i], "",
                  "Following the referral a strategy discussion was held with",
                  "police and health. A Section 47 enquiry is under way; an",
                  "initial child protection conference will be convened.", ""]
                 + ["Paragraph %d of the chronology: home visit, school contact," % k
                    for k in range(12)])
scans.text_pdf(os.path.join(out, "text.pdf"), pages)
pdf, jpegs = scans.scan_set(os.path.join(out, "text.pdf"), os.path.join(out, "s"), 300)
os.rename(pdf, os.path.join(out, "scan.pdf"))
os.makedirs(os.path.join(out, "tree"))
for i, j in enumerate(jpegs):
    scans.image_pdf(os.path.join(out, "tree", "scan-%02d.pdf" % i), [j], 300)
PY

pipeline() {
  pdftoppm -r 300 -gray "$OUT/scan.pdf" "$OUT/p"
  for f in "$OUT"/p-*.pgm; do tesseract "$f" - --psm 1 2>/dev/null; done
  rm -f "$OUT"/p-*.pgm
}
pmark_one() { "$PMARK" classify --json "$OUT/scan.pdf"; }
audit_j() { rm -f "$OUT/a.sqlite"*; "$PMARK" audit --db "$OUT/a.sqlite" -j "$1" "$OUT/tree"; }
audit_1() { audit_j 1; }
audit_2() { audit_j 2; }

LEVEL=$("$PMARK" classify "$OUT/scan.pdf" | cut -c1-120)
echo "pmark reads the scan as: ${LEVEL#*: }"
for omp in default 1; do
  if [ "$omp" = 1 ]; then export OMP_THREAD_LIMIT=1; fi
  T_PIPE=$(best pipeline)
  T_PMARK=$(best pmark_one)
  T_A1=$(best audit_1)
  T_A2=$(best audit_2)
  printf '\nOMP_THREAD_LIMIT=%s; %d pages at 300 dpi, best of %s runs\n' "$omp" "$PAGES" "$RUNS"
  row() { printf '%-44s %7.2f s %6.2f pages/s\n' "$1" "$2" "$(echo "$PAGES / $2" | bc -l)"; }
  row "pdftoppm -r 300 | tesseract (peer)" "$T_PIPE"
  row "pmark classify (one process)" "$T_PMARK"
  row "pmark audit -j1 ($PAGES one-page PDFs)" "$T_A1"
  row "pmark audit -j2" "$T_A2"
  printf 'pmark vs pipeline: %.2fx the pipeline'"'"'s pages/s; audit -j2 vs -j1: %.2fx\n' \
    "$(echo "$T_PIPE / $T_PMARK" | bc -l)" "$(echo "$T_A1 / $T_A2" | bc -l)"
done
