#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Throughput of pmark classify on generated docx, xlsx and odt documents
# (bench/gen-office.py), one pmark process per format. Beside it, in the
# same run and on the same files, a shell peer doing the least such a job
# can do: `unzip -p` of the text-bearing parts piped into
# `rg -f bench/rg-patterns.txt` (no XML parsing, no validation, no context),
# so the ratio shows what pmark's reading and checking cost over bare
# inflate-and-grep.
# Usage: bench/classify-office.sh [COUNT] [PARAGRAPHS] [RUNS]
set -eu
cd "$(dirname "$0")/.."
COUNT=${1:-300}
PARAS=${2:-400}
RUNS=${3:-3}
PMARK=${PMARK:-build/src/pmark/pmark}
OUT=bench/out/office-$COUNT-$PARAS
[ -x "$PMARK" ] || { echo "build pmark first (meson setup build && ninja -C build)"; exit 1; }
for t in unzip rg bc; do command -v $t >/dev/null || { echo "$t is not installed (tools/install-deps.sh)"; exit 1; }; done
[ -d "$OUT/odt" ] || python3 bench/gen-office.py "$OUT" "$COUNT" "$PARAS"

now() { date +%s.%N; }
best() {
  b=
  for _ in $(seq "$RUNS"); do
    s=$(now); "$@" > /dev/null; e=$(now)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}
parts() { # the parts holding text, per format
  case $1 in
    docx) echo "word/document.xml word/header*.xml word/footer*.xml" ;;
    xlsx) echo "xl/sharedStrings.xml xl/worksheets/*.xml" ;;
    odt) echo "content.xml styles.xml" ;;
  esac
}
peer() { # $1 format
  for f in "$OUT/$1"/*; do
    # shellcheck disable=SC2046
    unzip -p "$f" $(parts "$1") 2>/dev/null
  done | rg --count-matches --no-config -f bench/rg-patterns.txt || true
}
run_pmark() { "$PMARK" classify --json "$OUT/$1" || true; }

printf 'files: %s documents per format, %s paragraphs each, best of %s runs\n' "$COUNT" "$PARAS" "$RUNS"
printf '%-5s %10s %10s %12s %10s %12s %10s\n' format MB "text MB" "pmark s" files/s "peer s" pmark/peer
for fmt in docx xlsx odt; do
  cat "$OUT/$fmt"/* > /dev/null
  bytes=$(du -cb "$OUT/$fmt"/* | tail -1 | cut -f1)
  text=$("$PMARK" extract "$OUT/$fmt"/case-0000.* | wc -c)
  tp=$(best run_pmark "$fmt")
  tq=$(best peer "$fmt")
  printf '%-5s %10.1f %10.1f %12.2f %10.0f %12.2f %9.2fx\n' "$fmt" \
    "$(echo "$bytes / 1000000" | bc -l)" "$(echo "$text * $COUNT / 1000000" | bc -l)" \
    "$tp" "$(echo "$COUNT / $tp" | bc -l)" "$tq" "$(echo "$tp / $tq" | bc -l)"
done
