#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Sealing to a file, as an officer does (`pmark encrypt -o F`), against
# Debian's age on the same input in the same run, runs alternating so that
# the machine's state (page cache, other load, CPU frequency) is shared:
#   to /dev/null          - the cipher and reading the input only
#   to a file on disk     - as used; pmark writes a temporary, fsyncs it
#                           and renames it into place; age writes and
#                           leaves the data in the page cache
#   age, then `sync FILE` - age with the same durability as pmark
# Wall time and CPU time (user + system) per run, medians of RUNS.
# Usage: bench/seal-file.sh [SIZE_MB] [RUNS]
set -eu
cd "$(dirname "$0")/.."
SIZE=${1:-256}
RUNS=${2:-7}
. bench/seal-setup.sh
cat "$PLAIN" > /dev/null
T=$(mktemp)
trap 'rm -f "$T" "$OUT"/seal-file-*.age' EXIT

# one run: prints "wall cpu"
run() {
  /usr/bin/time -f "%e %U %S" -o "$T" "$@" > /dev/null 2>&1
  awk '{printf "%.3f %.3f\n", $1, $2 + $3}' "$T"
}
declare -A W C
for k in pmark-null age-null pmark-file age-file age-file-sync; do W[$k]=""; C[$k]=""; done
add() { local r; r=$(run "${@:2}"); W[$1]+="${r% *} "; C[$1]+="${r#* } "; }
for _ in $(seq "$RUNS"); do
  add pmark-null "$PMARK" encrypt -r "$R" "$PLAIN"
  add age-null age -r "$R" "$PLAIN"
  rm -f "$OUT/seal-file-p.age"
  add pmark-file "$PMARK" encrypt -r "$R" -o "$OUT/seal-file-p.age" "$PLAIN"
  rm -f "$OUT/seal-file-a.age"
  add age-file age -r "$R" -o "$OUT/seal-file-a.age" "$PLAIN"
  rm -f "$OUT/seal-file-s.age"
  add age-file-sync sh -c "age -r '$R' -o '$OUT/seal-file-s.age' '$PLAIN' && sync '$OUT/seal-file-s.age'"
done
cmp <("$PMARK" decrypt -i "$ID" "$OUT/seal-file-a.age") "$PLAIN"
cmp <(age -d -i "$ID" "$OUT/seal-file-p.age") "$PLAIN"
med() { tr ' ' '\n' <<< "$1" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '%d MiB, %d alternating runs, medians; age %s; %s cores\n\n' "$SIZE" "$RUNS" \
  "$(age --version)" "$(nproc)"
printf '%-28s %8s %8s\n' "" "wall s" "CPU s"
for k in pmark-null age-null pmark-file age-file age-file-sync; do
  printf '%-28s %8s %8s\n' "$k" "$(med "${W[$k]}")" "$(med "${C[$k]}")"
done
ratio() { echo "scale=2; $(med "${W[$1]}") / $(med "${W[$2]}")" | bc; }
cratio() { echo "scale=2; $(med "${C[$1]}") / $(med "${C[$2]}")" | bc; }
printf '\npmark/age wall: to /dev/null %sx, to a file %sx, to a file synced %sx\n' \
  "$(ratio pmark-null age-null)" "$(ratio pmark-file age-file)" "$(ratio pmark-file age-file-sync)"
printf 'pmark/age CPU:  to /dev/null %sx, to a file %sx\n' \
  "$(cratio pmark-null age-null)" "$(cratio pmark-file age-file)"
