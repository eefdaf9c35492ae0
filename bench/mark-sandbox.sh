#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# What stamping in a worker process costs pmark mark (pmark(1) SANDBOX):
# the same files marked with workers (the default) and with --no-sandbox
# (in-process), in the same run, best of RUNS. PDFs: MAX of the corpus,
# spread evenly over it, that pmark marks; Office and OpenDocument: the
# six samples, 10 times each. Both as one process for all files
# (--output-dir) and one process per file.
# With PMARK_BEFORE=path/to/an/older/pmark, also against that build (e.g.
# one that read in workers but stamped in-process), same files, same run.
# BENCH_OUT=/dev/shm keeps fsync (a disk's latency, noise here) out of it.
# Usage: [PMARK_BEFORE=...] bench/mark-sandbox.sh [PDF_DIR] [RUNS] [MAX_PDFS]
set -eu
cd "$(dirname "$0")/.."
DIR=${1:-../shared/corpora/pdf}
RUNS=${2:-3}
MAX=${3:-100}
PMARK=${PMARK:-build/src/pmark/pmark}
OUT=${BENCH_OUT:-bench/out}/mark-sandbox
rm -rf "$OUT"
mkdir -p "$OUT/t"
[ -x "$PMARK" ] || { echo "build pmark first (meson setup build && ninja -C build)"; exit 1; }

# the PDFs: spread over the sorted corpus, unique names, marked by pmark
. bench/lib.sh
marks() {
  timeout 30 "$PMARK" mark --level RESTRICTED -o "$OUT/t/t.pdf" --log /dev/null "$1" \
    > /dev/null 2>&1
  local ok=$?
  rm -f "$OUT/t/t.pdf"
  return $ok
}
PDFS=$OUT/pdf.txt
spread_pdfs "$DIR" "$MAX" "$PDFS" marks
# the office samples, copied under distinct names (one output directory)
OFFICE=$OUT/office.txt
office_samples "$OFFICE" "$OUT/office-in"

best() {
  b=
  for _ in $(seq "$RUNS"); do
    rm -rf "$OUT/o"; mkdir -p "$OUT/o"
    s=$(now); "$@"; e=$(now)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}
# LIST [--no-sandbox] [PMARK]
all() {
  tr '\n' '\0' < "$1" | xargs -0 "${3:-$PMARK}" ${2:-} mark --level RESTRICTED --justify bench \
    --log /dev/null --output-dir "$OUT/o" > /dev/null || true
}
each() {
  n=0
  while IFS= read -r f; do
    n=$((n + 1))
    "${3:-$PMARK}" ${2:-} mark --level RESTRICTED --justify bench --log /dev/null \
      -o "$OUT/o/$n.${f##*.}" "$f" > /dev/null || true
  done < "$1"
}
report() {
  printf '%-40s %8.2f s   %-34s %8.2f s   %5.2fx\n' "$1" "$2" "$3" "$4" \
    "$(echo "$2 / $4" | bc -l)"
}

for kind in pdf office; do
  L=$OUT/$kind.txt
  echo "# $kind: $(wc -l < "$L") files, best of $RUNS runs"
  W=$(best all "$L")
  N=$(best all "$L" --no-sandbox)
  report "pmark mark, one process (workers)" "$W" "pmark --no-sandbox mark" "$N"
  W=$(best each "$L")
  N=$(best each "$L" --no-sandbox)
  report "pmark mark, per file (workers)" "$W" "pmark --no-sandbox mark" "$N"
  if [ -n "${PMARK_BEFORE:-}" ]; then
    W=$(best all "$L")
    B=$(best all "$L" "" "$PMARK_BEFORE")
    report "pmark mark, one process (workers)" "$W" "before ($PMARK_BEFORE)" "$B"
    W=$(best each "$L")
    B=$(best each "$L" "" "$PMARK_BEFORE")
    report "pmark mark, per file (workers)" "$W" "before" "$B"
  fi
done
