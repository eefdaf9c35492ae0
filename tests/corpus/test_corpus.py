#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Every real document in the shared corpora (office/ and pdf/) through
pmark: each ends in a result or a typed error; none crashes, hangs or
exceeds a budget; password-protected Office files are "not inspected".
Agreement of pmark's PDF text with pdftotext's is measured (words in
common) and reported. Skipped, loudly, when the corpora are absent."""
import concurrent.futures as cf
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpuslib import BATCH, CORPORA, classify_all, files, run_all, run_batch  # noqa: E402

TYPED = {"io", "not-regular-file", "unsupported-format", "malformed", "encrypted"}
# Files whose right answer is an error the manifest cannot know about.
KNOWN = {
    "office/poi/spreadsheet/poc-shared-strings.xlsx":
        ("budget-exceeded", "a shared-strings amplification proof of concept"),
    # zips that are not Office or ODF packages are read as plain archives
    "office/odftoolkit/test-input/testInvalidPkg1.odt":
        ("format:zip", "its mimetype entry holds a PNG: not an ODF package"),
    "office/odftoolkit/validator/resources/testInvalidPkg1.odt":
        ("format:zip", "its mimetype entry holds a PNG: not an ODF package"),
    "office/poi/integration/stress025.docx":
        ("format:zip", "a theme package with no main document part"),
}
# Types that are detected but have no extractor (a typed unsupported-format).
NO_EXTRACTOR = {"xlsb", "ext"}

if not os.path.isdir(os.path.join(CORPORA, "office")) or not os.path.isdir(os.path.join(CORPORA, "pdf")):
    print("SKIP: corpora not found at %s (set PMARK_CORPUS_DIR); corpus test not run" % CORPORA)
    sys.exit(77)


office_exts = {"docx", "docm", "dotx", "dotm", "xlsx", "xlsm", "xltx", "xltm", "xlsb", "xls",
               "pptx", "pptm", "potx", "ppsx", "odt", "ods", "odp", "ott", "ots", "otp", "ext"}
office = files("office", office_exts)
pdfs = files("pdf", {"pdf"})
problems = []

# The parsers are what this test checks: OCR (slow, a second a page, and
# many of these PDFs are test pages without text) has tests/ocr of its own.
# With OCR off a scanned page is "not inspected", never clean.
results, counts, failures = classify_all(office + pdfs)
problems += failures
by_path = {r["path"]: r for r in results}
for r in results:
    err = r["error"]
    known = KNOWN.get(os.path.relpath(r["path"], CORPORA))
    if known and known[0].startswith("format:"):
        if err or r["format"] != known[0][7:] or not r["extension_mismatch"]:
            problems.append("%s: expected to be read as %s with the extension "
                            "flagged (%s), got %s / %s" % (r["path"], known[0][7:],
                                                          known[1], r["format"], err))
        continue
    if known:
        if not err or err["code"] != known[0]:
            problems.append("%s: expected %s (%s), got %s" % (r["path"], known[0], known[1], err))
        continue
    if err and err["code"] not in TYPED:
        problems.append("%s: untyped or budget error: %s" % (r["path"], err))
    if err and not err["message"].startswith(r["path"]):
        problems.append("%s: error does not name the file: %s" % (r["path"], err["message"]))

# the manifest says which Office files are password-protected
manifest = os.path.join(CORPORA, "office", "MANIFEST.tsv")
for line in open(manifest).read().splitlines()[1:]:
    cols = line.split("\t")
    path = os.path.join(CORPORA, "office", cols[0])
    if cols[2] == "cfb-encrypted-ooxml" and path in by_path:
        r = by_path[path]
        if r["error"] or r["inspected"]:
            problems.append("%s: encrypted Office file not reported as not inspected" % path)
    if (cols[2].startswith("zip-ok+") and path in by_path
            and os.path.relpath(path, CORPORA) not in KNOWN):
        r = by_path[path]
        # libmagic calls many of these zip or octet-stream: pmark must not
        if r["type"] in ("application/zip", "application/octet-stream"):
            problems.append("%s: %s package detected as %s" % (path, cols[1], r["type"]))
        elif (r["error"] and r["error"]["code"] == "unsupported-format"
              and cols[1] not in NO_EXTRACTOR):
            problems.append("%s: valid %s reported unsupported (%s)" % (path, cols[1], r["type"]))

print("# %d office + %d PDF files: %s" % (len(office), len(pdfs),
      ", ".join("%s %d" % kv for kv in sorted(counts.items()))))

# PDF text against pdftotext's, on the PDFs pmark read
agreement = []
if shutil.which("pdftotext"):
    readable = [p for p in pdfs if p in by_path and not by_path[p]["error"] and by_path[p]["inspected"]]
    extracted, failures = run_all(["extract", "--json", "--ocr", "off"], readable)
    problems += failures
    words = lambda s: set(re.findall(r"\w+", s.lower()))

    peer_hung = []

    def compare(obj):
        try:
            ref = subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", obj["path"], "-"],
                                 capture_output=True, timeout=20).stdout.decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            # pdftotext itself loops on some files (pmark read them)
            peer_hung.append(os.path.relpath(obj["path"], CORPORA))
            return None
        mine = words(" ".join(p["text"] for p in obj.get("parts", []) if p["where"].startswith("page ")))
        theirs = words(ref)
        if not theirs and not mine:
            return None
        return len(mine & theirs) / max(len(mine | theirs), 1)

    with cf.ThreadPoolExecutor(max_workers=2) as ex:
        agreement = [a for a in ex.map(compare, extracted) if a is not None]
    if agreement:
        print("# pdftotext agreement over %d PDFs with text: mean %.3f, median %.3f, "
              "%d below 0.9 (words in common / words in either)"
              % (len(agreement), statistics.mean(agreement), statistics.median(agreement),
                 sum(a < 0.9 for a in agreement)))
        if peer_hung:
            print("# pdftotext gave no answer within 20 s (left out): %s" % ", ".join(sorted(peer_hung)))
        if statistics.median(agreement) < 0.95:
            problems.append("median agreement with pdftotext %.3f < 0.95" % statistics.median(agreement))
else:
    print("# SKIP: pdftotext not installed; agreement not measured")

# Stamping: every readable file stamps and re-opens (pmark mark reads its
# output back before committing it) or is refused with a typed error.
STAMP_TYPED = TYPED | {"signed", "budget-exceeded", "not-stampable"}
with tempfile.TemporaryDirectory() as tmp:
    batches, cur, seen = [], [], set()
    for p in office + pdfs:
        base = os.path.basename(p)
        if base in seen or len(cur) == BATCH:
            batches.append(cur)
            cur, seen = [], set()
        cur.append(p)
        seen.add(base)
    if cur:
        batches.append(cur)

    def stamp(i):
        out = os.path.join(tmp, "b%d" % i)
        os.mkdir(out)
        return run_batch(["mark", "--json", "--ocr", "off", "--level", "RESTRICTED:PERSONAL", "--justify",
                          "corpus test", "--log", os.path.join(out, "log.jsonl"),
                          "--output-dir", out], batches[i])

    marked = {}
    with cf.ThreadPoolExecutor(max_workers=2) as ex:
        for res, fail in ex.map(stamp, range(len(batches))):
            problems += fail
            for r in res:
                err = r.get("error")
                key = err["code"] if err else "stamped"
                marked[key] = marked.get(key, 0) + 1
                if err and err["code"] not in STAMP_TYPED:
                    problems.append("%s: stamping failed: %s" % (r["path"], err["message"]))
                elif not err and not os.path.exists(r["output"]):
                    problems.append("%s: reported stamped, but no output" % r["path"])
    print("# pmark mark over the corpora: %s" % ", ".join("%s %d" % kv for kv in sorted(marked.items())))

for p in problems:
    print("FAIL: " + p)
print("%d problems" % len(problems))
sys.exit(1 if problems else 0)
