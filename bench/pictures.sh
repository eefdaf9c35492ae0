#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Pictures inside documents (issue 36). Two questions, same run:
# 1. What a small logo costs: pmark classify over COUNT typed docx files
#    with a logo (a one-line picture under [ocr] embedded-min-pixels) vs
#    the same files without it. Goal: ratio about 1.0 (no OCR).
# 2. What reading a picture costs: pmark classify over PICS docx files
#    each holding a case note as a picture vs the `tesseract` command on
#    the same pictures (the peer only reads; pmark also unzips, decodes,
#    classifies). Goal: pmark <= 1.2x.
# Usage: bench/pictures.sh [COUNT] [PICS] [RUNS]
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
COUNT=${1:-200}
PICS=${2:-10}
RUNS=${3:-3}
PMARK=${PMARK:-build/src/pmark/pmark}
require_tools pdftoppm tesseract convert bc
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

python3 - "$OUT" "$COUNT" "$PICS" <<'PY'
import os, sys
sys.path.insert(0, "tools")
import office, scans
out, count, pics = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
line = os.path.join(out, "line.pdf")
scans.text_pdf(line, [["Lewisham Family Support"]], size=16)
logo = scans.convert(scans.render(line, os.path.join(out, "l"), 150)[0],
                     os.path.join(out, "logo.png"), "-trim")
note = os.path.join(out, "note.pdf")
for d in ("logo", "plain", "pic", "png"):
    os.makedirs(os.path.join(out, d))
body = ["Team newsletter %d" % 0] + ["The family centre garden opens on Saturday; "
                                     "volunteers are welcome from ten." ] * 40
for i in range(count):
    b = ["Team newsletter %d" % i] + body[1:]
    with open(os.path.join(out, "logo", "n%d.docx" % i), "wb") as f:
        f.write(office.docx(b, pictures=[("logo.png", open(logo, "rb").read())]))
    with open(os.path.join(out, "plain", "n%d.docx" % i), "wb") as f:
        f.write(office.docx(b))
for i in range(pics):
    scans.text_pdf(note, [["Home visit note %d" % i, "", "Riley Sample aged 7 lives with mum at",
                           "14 Elm Road, Croydon CR0 2AB.", "A strategy discussion was held."]],
                   size=16)
    page = scans.render(note, os.path.join(out, "r%d" % i), 150)[0]
    png = scans.convert(page, os.path.join(out, "png", "note%d.png" % i), "-trim",
                        "-bordercolor", "white", "-border", "30")
    with open(os.path.join(out, "pic", "r%d.docx" % i), "wb") as f:
        f.write(office.docx(["Case record", "Note attached."],
                            pictures=[("image1.png", open(png, "rb").read())]))
PY

peer() { for p in "$OUT"/png/*.png; do tesseract "$p" - >/dev/null 2>&1; done; }

logo=$(best "$PMARK" classify --json "$OUT"/logo/*.docx)
plain=$(best "$PMARK" classify --json "$OUT"/plain/*.docx)
parts=$("$PMARK" extract --json "$OUT"/logo/*.docx | grep -c '(OCR)' || true)
pic=$(best "$PMARK" classify --json "$OUT"/pic/*.docx)
tess=$(best peer)
levels=$("$PMARK" classify "$OUT"/pic/*.docx | grep -c ': RESTRICTED' || true)
printf '%s docx with a logo: %.2f s; without: %.2f s; ratio %.2fx; OCR parts: %s\n' \
  "$COUNT" "$logo" "$plain" "$(echo "$logo / $plain" | bc -l)" "$parts"
printf '%s docx with a picture of a note: pmark %.2f s, tesseract %.2f s: %.2fx; RESTRICTED: %s of %s\n' \
  "$PICS" "$pic" "$tess" "$(echo "$pic / $tess" | bc -l)" "$levels" "$PICS"
