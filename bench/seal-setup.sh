# SPDX-License-Identifier: LGPL-2.1-or-later
# Sourced by bench/seal.sh and bench/seal-file.sh: pmark and age present,
# SIZE MiB of random input ($PLAIN, made once and kept in bench/out), a
# fresh identity ($ID, written by pmark keygen) and its recipient ($R).
PMARK=${PMARK:-build/src/pmark/pmark}
OUT=bench/out
mkdir -p "$OUT"
[ -x "$PMARK" ] || { echo "build pmark first (meson setup build && ninja -C build)"; exit 1; }
command -v age >/dev/null || { echo "age is not installed: apt-get install age"; exit 1; }
PLAIN=$OUT/seal-${SIZE}mb.bin
[ -f "$PLAIN" ] || head -c "${SIZE}M" /dev/urandom > "$PLAIN"
ID=$OUT/seal-id.txt
rm -f "$ID"
"$PMARK" keygen -o "$ID" 2> /dev/null
R=$(age-keygen -y "$ID")
