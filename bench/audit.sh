#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pmark audit over a generated share (bench/gen-tree.py, default 20,000
# files: text, PDF, docx, xlsx, odt, a few percent sensitive): files/s and
# MB/s, -j1 against -j2, a re-audit of the unchanged tree against the
# first audit, and peak RSS. Beside it, in the same run, a shell pipeline
# doing the same job per file (file(1) for the type, then pdftotext,
# unzip -p or the file itself into rg with the policy's patterns), on as
# many processes as pmark has threads.
# Goals: >= 3x the pipeline; >= 1.8x from -j1 to -j2; re-audit >= 50x
# faster than the first; peak RSS < 200 MB.
# Usage: bench/audit.sh [COUNT]
set -eu
cd "$(dirname "$0")/.."
COUNT=${1:-20000}
PMARK=${PMARK:-build/src/pmark/pmark}
OUT=bench/out/audit
TREE=$OUT/share-$COUNT
[ -x "$PMARK" ] || { echo "build pmark first"; exit 1; }
for t in file pdftotext unzip rg bc; do command -v $t >/dev/null || { echo "$t missing (tools/install-deps.sh)"; exit 1; }; done
mkdir -p "$OUT"
[ -d "$TREE" ] || python3 bench/gen-tree.py "$TREE" "$COUNT"
BYTES=$(du -sb "$TREE" | cut -f1)
find "$TREE" -type f -exec cat {} + > /dev/null # warm the page cache

now() { date +%s.%N; }
timed() { s=$(now); "$@" > /dev/null; e=$(now); echo "$e - $s" | bc -l; }
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

rm -f "$OUT"/j1.sqlite* "$OUT"/j2.sqlite*
T1=$(timed "$PMARK" audit -j 1 --db "$OUT/j1.sqlite" "$TREE")
rm -f "$OUT"/j2.sqlite*
RSS2=$(rss "$PMARK" audit -j 2 --db "$OUT/j2.sqlite" "$TREE")
rm -f "$OUT"/j2.sqlite*
T2=$(timed "$PMARK" audit -j 2 --db "$OUT/j2.sqlite" "$TREE")
TR=$(timed "$PMARK" audit -j 2 --db "$OUT/j2.sqlite" "$TREE")

one() { # the same job for one file, by shell
  t=$(file -b --mime-type "$1")
  case $t in
    application/pdf) pdftotext -q "$1" - ;;
    application/zip|application/vnd.*|application/octet-stream) unzip -p "$1" '*.xml' 2>/dev/null ;;
    *) cat "$1" ;;
  esac | rg --count-matches --no-config -f bench/rg-patterns.txt > /dev/null || true
}
export -f one
TS=$(timed bash -c "find '$TREE' -type f -print0 | xargs -0 -n 1 -P 2 bash -c 'one \"\$0\"'")

printf 'tree: %d files, %.1f MB (%s)\n' "$COUNT" "$(echo "$BYTES / 1000000" | bc -l)" "$TREE"
printf '%-34s %8.2f s %8.0f files/s %7.1f MB/s\n' "pmark audit -j1" "$T1" "$(echo "$COUNT / $T1" | bc -l)" "$(echo "$BYTES / $T1 / 1000000" | bc -l)"
printf '%-34s %8.2f s %8.0f files/s %7.1f MB/s\n' "pmark audit -j2" "$T2" "$(echo "$COUNT / $T2" | bc -l)" "$(echo "$BYTES / $T2 / 1000000" | bc -l)"
printf '%-34s %8.2f s\n' "pmark re-audit, unchanged, -j2" "$TR"
printf '%-34s %8.2f s %8.0f files/s\n' "shell pipeline, 2 processes" "$TS" "$(echo "$COUNT / $TS" | bc -l)"
printf 'pmark -j2 vs the pipeline: %.2fx faster (goal >= 3x)\n' "$(echo "$TS / $T2" | bc -l)"
printf 'from -j1 to -j2: %.2fx (goal >= 1.8x)\n' "$(echo "$T1 / $T2" | bc -l)"
printf 're-audit: %.1fx faster than the first (goal >= 50x)\n' "$(echo "$T2 / $TR" | bc -l)"
printf 'peak RSS, -j2: %.1f MB (goal < 200 MB)\n' "$(echo "$RSS2 / 1024" | bc -l)"
