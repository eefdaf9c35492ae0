#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Peak memory (resident set) and wall time of pmark on large inputs, beside
# a peer on the same files, same run: `file` (libmagic's own command) for
# a 1 GiB sparse file (an unsupported type: only its first bytes need
# reading) and a 200 MB text file (read whole, as text must be);
# `pdftotext` for a 10,000-page PDF; `unzip -p` (inflating the part) for a
# docx whose body is 100 MB of XML, an xlsx with a 100 MB sheet and a docx
# carrying a 100 MB media part (bench/make-large.py makes them). Each of
# pmark's rows is followed by the same command without the sandbox.
# Figures go to bench/RESULTS.md.
# Usage: bench/memory.sh [SPARSE_MB] [TEXT_MB] [PART_MB] [PAGES]
set -eu
cd "$(dirname "$0")/.."
SPARSE_MB=${1:-1024}
TEXT_MB=${2:-200}
PART_MB=${3:-100}
PAGES=${4:-10000}
PMARK=${PMARK:-build/src/pmark/pmark}
[ -x "$PMARK" ] || { echo "build pmark first (meson setup build && ninja -C build)"; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is not installed (apt-get install time)"; exit 1; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mkdir "$OUT/share"
truncate -s "${SPARSE_MB}M" "$OUT/share/disk.img"
python3 - "$OUT/big.txt" "$TEXT_MB" <<'PY'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
line = ("Meeting notes: the car park rota, the training calendar and the "
        "kitchen. Nothing about anyone in particular.\n")
with open(path, "w") as f:
    n = 0
    while n < mb * 1024 * 1024:
        f.write(line)
        n += len(line)
PY

python3 bench/make-large.py "$OUT" "$PART_MB" "$PAGES" samples

# Best of two runs (the lower wall time, with its peak): on a VM the first
# large allocation after a pause can cost a second of system time (the
# host hands the memory back), whatever the command.
measure_one() {
  local what=$1 best= best_kb= kb secs; shift
  for _ in 1 2; do
    # each run writes afresh: mark refuses an existing output, and an
    # audit resumed on its database skips what it has seen
    rm -f "$OUT"/m.* "$OUT"/m[0-9].* "$OUT"/[ab].sqlite*
    /usr/bin/time -f "%M %e" -o "$OUT/t" "$@" > /dev/null 2>&1 || true
    read -r kb secs < <(tail -1 "$OUT/t")
    if [ -z "$best" ] || [ "$(echo "$secs < $best" | bc)" = 1 ]; then
      best=$secs best_kb=$kb
    fi
  done
  printf '%-52s %8.1f MB %7.2f s\n' "$what" "$(echo "$best_kb / 1024" | bc -l)" "$best"
}

# pmark's rows twice: readers in workers (the default; the peak is the
# larger of the parent's and a worker's), then in-process (PMARK_SANDBOX=off)
measure() {
  local what=$1
  measure_one "$@"
  case $what in
    pmark*) shift; PMARK_SANDBOX=off measure_one "  the same, --no-sandbox" "$@" ;;
  esac
}
printf 'peak RSS and wall time; a %d MB sparse file, a %d MB text file, %d MB parts, %d pages\n\n' \
  "$SPARSE_MB" "$TEXT_MB" "$PART_MB" "$PAGES"
measure "file --mime-type (peer), sparse file" file --mime-type "$OUT/share/disk.img"
measure "pmark classify, sparse file" "$PMARK" classify "$OUT/share/disk.img"
measure "pmark audit, a folder holding it" "$PMARK" audit --db "$OUT/a.sqlite" "$OUT/share"
measure "file --mime-type (peer), text file" file --mime-type "$OUT/big.txt"
measure "pmark classify, text file" "$PMARK" classify "$OUT/big.txt"
measure "pmark mark, text file" "$PMARK" mark --level PROTECT --log "$OUT/log" -o "$OUT/m.txt" "$OUT/big.txt"
measure "pdftotext (peer), ${PAGES}-page PDF" pdftotext "$OUT/pages.pdf" "$OUT/p.txt"
measure "pmark classify, ${PAGES}-page PDF" "$PMARK" classify "$OUT/pages.pdf"
measure "pmark mark, ${PAGES}-page PDF" "$PMARK" mark --level PROTECT --log "$OUT/log" -o "$OUT/m1.pdf" "$OUT/pages.pdf"
measure "unzip -p (peer), docx ${PART_MB} MB body" unzip -p "$OUT/body.docx" word/document.xml
measure "pmark classify, docx ${PART_MB} MB body" "$PMARK" classify "$OUT/body.docx"
measure "pmark mark, docx ${PART_MB} MB body" "$PMARK" mark --level PROTECT --log "$OUT/log" -o "$OUT/m2.docx" "$OUT/body.docx"
measure "unzip -p (peer), xlsx ${PART_MB} MB sheet" unzip -p "$OUT/sheet.xlsx" xl/worksheets/sheet2.xml
measure "pmark classify, xlsx ${PART_MB} MB sheet" "$PMARK" classify "$OUT/sheet.xlsx"
measure "pmark mark, xlsx ${PART_MB} MB sheet" "$PMARK" mark --level CONFIDENTIAL --log "$OUT/log" -o "$OUT/m3.xlsx" "$OUT/sheet.xlsx"
measure "unzip -p (peer), docx ${PART_MB} MB media part" unzip -p "$OUT/media.docx" word/media/video1.bin
measure "pmark classify, docx ${PART_MB} MB media part" "$PMARK" classify "$OUT/media.docx"
measure "pmark mark, docx ${PART_MB} MB media part" "$PMARK" mark --level PROTECT --log "$OUT/log" -o "$OUT/m4.docx" "$OUT/media.docx"
mkdir "$OUT/share2"
cp "$OUT/pages.pdf" "$OUT/body.docx" "$OUT/sheet.xlsx" "$OUT/media.docx" "$OUT/share2/"
measure "pmark audit, a folder of the four" "$PMARK" audit --db "$OUT/b.sqlite" "$OUT/share2"
