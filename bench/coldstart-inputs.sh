# SPDX-License-Identifier: LGPL-2.1-or-later
# Sourced by bench/coldstart.sh and bench/coldstart-ab.sh: a scratch
# directory $OUT (removed on exit) holding the same two inputs, a one-page
# PDF (page.pdf) and a two-line text file (note.txt).
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
python3 - "$OUT/page.pdf" <<'PY'
import sys
sys.path.insert(0, "tools")
import office
open(sys.argv[1], "wb").write(office.pdf([["Team meeting notes.", "The car park rota.",
                                           "Training on Tuesday."]]))
PY
printf 'Team meeting notes.\nThe car park rota.\n' > "$OUT/note.txt"
