#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Peak memory (resident set) and wall time of pmark on large inputs, beside
# `file` (libmagic's own command: the peer for deciding what a file is) on
# the same files, same run: a 1 GiB sparse file (an unsupported type: only
# its first bytes need reading), a 200 MB text file (read whole, as text
# must be). Figures go to bench/RESULTS.md.
# Usage: bench/memory.sh [SPARSE_MB] [TEXT_MB]
set -eu
cd "$(dirname "$0")/.."
SPARSE_MB=${1:-1024}
TEXT_MB=${2:-200}
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

measure() {
  local what=$1; shift
  /usr/bin/time -f "%M %e" -o "$OUT/t" "$@" > /dev/null 2>&1 || true
  read -r kb secs < <(tail -1 "$OUT/t")
  printf '%-52s %8.1f MB %7.2f s\n' "$what" "$(echo "$kb / 1024" | bc -l)" "$secs"
}
printf 'peak RSS and wall time; a %d MB sparse file and a %d MB text file\n\n' "$SPARSE_MB" "$TEXT_MB"
measure "file --mime-type (peer), sparse file" file --mime-type "$OUT/share/disk.img"
measure "pmark classify, sparse file" "$PMARK" classify "$OUT/share/disk.img"
measure "pmark audit, a folder holding it" "$PMARK" audit --db "$OUT/a.sqlite" "$OUT/share"
measure "file --mime-type (peer), text file" file --mime-type "$OUT/big.txt"
measure "pmark classify, text file" "$PMARK" classify "$OUT/big.txt"
measure "pmark mark, text file" "$PMARK" mark --level PROTECT --log "$OUT/log" -o "$OUT/m.txt" "$OUT/big.txt"
