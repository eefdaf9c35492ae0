#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pmark classify on a PDF corpus vs poppler's own pdftotext on the same
# files in the same run. Goal: pmark within 1.15x of pdftotext's time
# (classification adds at most 15% over extraction), measured
#   a) one process per file for both, and
#   b) one pmark process for all files vs pdftotext per file (pdftotext
#      takes one file per run), with OCR as configured and with --ocr off
#      (pdftotext reads no scanned pages).
# Files pdftotext cannot open within 10 s (broken, password-protected, or
# one that sends poppler's pdftotext into an endless loop) are left out of
# both sides so that the two do the same work.
# Usage: bench/classify-pdf.sh [PDF_DIR] [RUNS]
set -eu
cd "$(dirname "$0")/.."
DIR=${1:-../shared/corpora/pdf}
RUNS=${2:-3}
PMARK=${PMARK:-build/src/pmark/pmark}
OUT=bench/out
mkdir -p "$OUT"
[ -x "$PMARK" ] || { echo "build pmark first (meson setup build && ninja -C build)"; exit 1; }
command -v pdftotext >/dev/null || { echo "pdftotext is not installed: apt-get install poppler-utils"; exit 1; }
[ -d "$DIR" ] || { echo "no PDF directory at $DIR"; exit 1; }

LIST=$OUT/pdf-files.txt
: > "$LIST"
while IFS= read -r -d '' f; do
  if timeout 10 pdftotext -q "$f" /dev/null 2>/dev/null; then printf '%s\n' "$f" >> "$LIST"; fi
done < <(find "$DIR" -type f -iname '*.pdf' -print0 | sort -z)
N=$(wc -l < "$LIST")
BYTES=$(tr '\n' '\0' < "$LIST" | xargs -0 stat -c %s | paste -sd+ | bc)
tr '\n' '\0' < "$LIST" | xargs -0 cat > /dev/null # warm the page cache

now() { date +%s.%N; }
best() { # best wall time of $RUNS runs of the function named $1
  b=
  for _ in $(seq "$RUNS"); do
    s=$(now); "$1"; e=$(now)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}
pdftotext_each() { while IFS= read -r f; do pdftotext -q "$f" - > /dev/null || true; done < "$LIST"; }
pmark_each() { while IFS= read -r f; do "$PMARK" classify --json "$f" > /dev/null || true; done < "$LIST"; }
pmark_all() { tr '\n' '\0' < "$LIST" | xargs -0 "$PMARK" classify --json > /dev/null || true; }
# pdftotext reads no scans: the like-for-like run leaves OCR out
pmark_all_text() { tr '\n' '\0' < "$LIST" | xargs -0 "$PMARK" classify --ocr off --json > /dev/null || true; }

# process start alone, N times: what loading each tool's libraries costs
pdftotext_start() { for _ in $(seq "$N"); do pdftotext -v 2> /dev/null; done; }
pmark_start() { for _ in $(seq "$N"); do "$PMARK" --version > /dev/null; done; }

T_PDF=$(best pdftotext_each)
T_EACH=$(best pmark_each)
T_ALL=$(best pmark_all)
T_TEXT=$(best pmark_all_text)
T_S_PDF=$(best pdftotext_start)
T_S_PMARK=$(best pmark_start)

printf 'files: %d PDFs that pdftotext opens, %.1f MB, from %s; best of %s runs\n' \
  "$N" "$(echo "$BYTES / 1000000" | bc -l)" "$DIR" "$RUNS"
row() { printf '%-40s %8.2f s %8.1f files/s\n' "$1" "$2" "$(echo "$N / $2" | bc -l)"; }
row "pdftotext, one process per file" "$T_PDF"
row "pmark classify, one process per file" "$T_EACH"
row "pmark classify, one process for all" "$T_ALL"
row "  the same, --ocr off (text only)" "$T_TEXT"
row "pdftotext -v, N process starts" "$T_S_PDF"
row "pmark --version, N process starts" "$T_S_PMARK"
printf 'ratio per file pmark/pdftotext: %.2fx (goal <= 1.15x)\n' "$(echo "$T_EACH / $T_PDF" | bc -l)"
printf 'ratio one process pmark/pdftotext: %.2fx (goal <= 1.15x)\n' "$(echo "$T_ALL / $T_PDF" | bc -l)"
printf 'ratio one process, OCR off, pmark/pdftotext: %.2fx (like for like: pdftotext reads no scans)\n' \
  "$(echo "$T_TEXT / $T_PDF" | bc -l)"
printf 'ratio per file, process start excluded: %.2fx\n' \
  "$(echo "($T_EACH - $T_S_PMARK) / ($T_PDF - $T_S_PDF)" | bc -l)"
printf 'start-up cost per process: pmark %.1f ms, pdftotext %.1f ms\n' \
  "$(echo "$T_S_PMARK * 1000 / $N" | bc -l)" "$(echo "$T_S_PDF * 1000 / $N" | bc -l)"
