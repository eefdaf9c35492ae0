#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Encrypt and decrypt one large file with pmark and with Debian's age (the
# reference implementation, in Go) on the same input in the same run, to
# the same X25519 recipient. Goal: pmark's throughput at least age's
# (ratio age time / pmark time >= 1.0) both ways.
# Usage: bench/seal.sh [SIZE_MB] [RUNS]
set -eu
cd "$(dirname "$0")/.."
SIZE=${1:-1024}
RUNS=${2:-3}
. bench/seal-setup.sh
BYTES=$(stat -c %s "$PLAIN")

now() { date +%s.%N; }
best() {
  b=
  for _ in $(seq "$RUNS"); do
    s=$(now); "$@"; e=$(now)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}
# Both write to /dev/null when timed: writing 1 GiB to disk would time the
# disk. The files each decrypts are made once beforehand, each tool
# decrypting the other's.
enc_pmark() { "$PMARK" encrypt -r "$R" "$PLAIN" > /dev/null; }
enc_age() { age -r "$R" "$PLAIN" > /dev/null; }
dec_pmark() { "$PMARK" decrypt -i "$ID" "$OUT/seal.age.age" > /dev/null; }
dec_age() { age -d -i "$ID" "$OUT/seal.pmark.age" > /dev/null; }

"$PMARK" encrypt -r "$R" "$PLAIN" > "$OUT/seal.pmark.age"
age -r "$R" "$PLAIN" > "$OUT/seal.age.age"
cat "$PLAIN" "$OUT/seal.pmark.age" "$OUT/seal.age.age" > /dev/null
T_EP=$(best enc_pmark)
T_EA=$(best enc_age)
T_DP=$(best dec_pmark)
T_DA=$(best dec_age)
# each decrypts the other's output: check it round-trips
cmp <("$PMARK" decrypt -i "$ID" "$OUT/seal.age.age") "$PLAIN"
cmp <(age -d -i "$ID" "$OUT/seal.pmark.age") "$PLAIN"
rm -f "$OUT/seal.pmark.age" "$OUT/seal.age.age"

mbs() { echo "$BYTES / $1 / 1048576" | bc -l; }
printf 'file: %d MiB of random bytes, best of %s runs; age %s; %s cores\n' \
  "$((BYTES / 1048576))" "$RUNS" "$(age --version)" "$(nproc)"
printf '%-16s %8.2f s %8.1f MiB/s\n' "pmark encrypt" "$T_EP" "$(mbs "$T_EP")"
printf '%-16s %8.2f s %8.1f MiB/s\n' "age encrypt" "$T_EA" "$(mbs "$T_EA")"
printf '%-16s %8.2f s %8.1f MiB/s\n' "pmark decrypt" "$T_DP" "$(mbs "$T_DP")"
printf '%-16s %8.2f s %8.1f MiB/s\n' "age decrypt" "$T_DA" "$(mbs "$T_DA")"
printf 'throughput pmark/age: encrypt %.2fx, decrypt %.2fx (goal >= 1.0x)\n' \
  "$(echo "$T_EA / $T_EP" | bc -l)" "$(echo "$T_DA / $T_DP" | bc -l)"
