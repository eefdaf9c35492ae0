#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The legacy corpus (Apache POI's .doc/.xls/.ppt/.msg/TNEF test files,
pandoc's RTF tests) through pmark: every file ends in a result or a typed
error; none crashes or hangs (under ASan+UBSan too); password-protected
files are not inspected; none is refused by pmark mark without the way
out (--convert) named. In the normal build the text is compared with
LibreOffice's own conversion (txt for Word and RTF, CSV of every sheet
for Excel, PDF then pdftotext for PowerPoint): the share of LibreOffice's
words pmark also found, per format; the median must reach 0.95. Skipped,
loudly, when the corpus is absent."""
import glob
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpuslib import CORPORA, classify_all, files, run_all  # noqa: E402

LEGACY = os.path.join(CORPORA, "legacy")
TYPED = {"unsupported-format", "malformed", "encrypted"}
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
AGREEMENT_FILES = 80

if not os.path.isdir(LEGACY):
    print("SKIP: legacy corpus not found at %s (set PMARK_CORPUS_DIR); not run" % LEGACY)
    sys.exit(77)

kinds = {"doc": {"doc", "dot"}, "xls": {"xls", "xlt"}, "ppt": {"ppt", "pps", "pot"},
         "rtf": {"rtf"}, "msg": {"msg"}, "tnef": {"dat", "tnef"}}
paths = {k: files("legacy", exts) for k, exts in kinds.items()}
everything = sorted(p for ps in paths.values() for p in ps)
problems = []

results, counts, failures = classify_all(everything)
problems += failures
by_path = {r["path"]: r for r in results}
for r in results:
    err = r["error"]
    if err and err["code"] not in TYPED:
        problems.append("%s: untyped error: %s" % (r["path"], err))
    if err and not err["message"].startswith(r["path"]):
        problems.append("%s: error does not name the file: %s" % (r["path"], err["message"]))
    name = os.path.basename(r["path"]).lower()
    if ("password" in name or "encrypt" in name) and not err and r["inspected"]:
        problems.append("%s: password-protected file read as if open" % r["path"])
print("# %d legacy files: %s" % (len(everything),
      ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
for k in kinds:
    ok = sum(1 for p in paths[k] if p in by_path and not by_path[p]["error"])
    print("#   %s: %d files, %d read (or not inspected)" % (k, len(paths[k]), ok))

# pmark mark without --convert: a typed refusal that names the way out
sample = [p for k in ("doc", "xls", "ppt", "rtf") for p in paths[k][:5]
          if p in by_path and not by_path[p]["error"] and by_path[p]["inspected"]]
with tempfile.TemporaryDirectory() as tmp:
    marked, failures = run_all(["mark", "--json", "--ocr", "off", "--level", "RESTRICTED",
                                "--justify", "test", "--log", os.path.join(tmp, "log"),
                                "--output-dir", tmp], sample)
    problems += failures
    for r in marked:
        err = r.get("error")
        if not err or err["code"] != "unsupported-format" or "--convert" not in err["message"]:
            problems.append("%s: mark without --convert: %s" % (r["path"], err))

# Agreement with LibreOffice's text
if os.environ.get("PMARK_SANITIZED"):
    print("# SKIP: agreement with LibreOffice is measured in the normal build only "
          "(this is the ASan+UBSan build)")
elif not SOFFICE or not shutil.which("pdftotext"):
    print("# SKIP: LibreOffice or pdftotext not installed; agreement not measured")
else:
    words = lambda s: set(re.findall(r"\w+", s.lower()))
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, HOME=tmp)
        convert = {"doc": "txt:Text", "rtf": "txt:Text",
                   "xls": "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                   "ppt": "pdf"}
        for k, fmt in convert.items():
            out = os.path.join(tmp, k)
            os.mkdir(out)
            readable = [p for p in paths[k] if p in by_path and not by_path[p]["error"]
                        and by_path[p]["inspected"]]
            # at most AGREEMENT_FILES per format, evenly spread: LibreOffice
            # takes most of this test's time
            if len(readable) > AGREEMENT_FILES:
                step = len(readable) / AGREEMENT_FILES
                readable = [readable[int(i * step)] for i in range(AGREEMENT_FILES)]
            # one LibreOffice per batch: a file it hangs on costs that batch only
            for i in range(0, len(readable), 40):
                try:
                    subprocess.run([SOFFICE, "--headless", "--norestore", "--convert-to", fmt,
                                    "--outdir", out, *readable[i:i + 40]],
                                   capture_output=True, timeout=300, env=env)
                except subprocess.TimeoutExpired:
                    pass
            extracted, failures = run_all(["extract", "--json", "--ocr", "off"], readable)
            problems += failures
            shares = []
            for obj in extracted:
                base = os.path.splitext(os.path.basename(obj["path"]))[0]
                if k == "xls":
                    refs = [f for f in glob.glob(os.path.join(out, glob.escape(base) + "*.csv"))
                            if os.path.basename(f) == base + ".csv"
                            or os.path.basename(f).startswith(base + "-")]
                    ref = "\n".join(open(f, errors="replace").read() for f in refs) if refs else None
                elif k == "ppt":
                    f = os.path.join(out, base + ".pdf")
                    ref = subprocess.run(["pdftotext", "-q", f, "-"], capture_output=True
                                         ).stdout.decode("utf-8", "replace") if os.path.exists(f) else None
                else:
                    f = os.path.join(out, base + ".txt")
                    ref = open(f, errors="replace").read() if os.path.exists(f) else None
                if ref is None:
                    continue
                # words with a letter: numbers are shown in each cell's
                # number format by LibreOffice, and pmark keeps the value
                theirs = {w for w in words(ref) if re.search(r"[^\W\d_]", w)}
                if not theirs:
                    continue
                mine = words(" ".join(p["text"] for p in obj["parts"]))
                shares.append(len(mine & theirs) / len(theirs))
            if not shares:
                problems.append("%s: no file to compare with LibreOffice" % k)
                continue
            med = statistics.median(shares)
            print("# %s: LibreOffice agreement over %d files: median %.3f, mean %.3f, "
                  "%d below 0.9 (share of LibreOffice's words pmark found)"
                  % (k, len(shares), med, statistics.mean(shares), sum(s < 0.9 for s in shares)))
            if med < 0.95:
                problems.append("%s: median agreement with LibreOffice %.3f < 0.95" % (k, med))

for p in problems:
    print("FAIL: " + p)
print("%d problems" % len(problems))
sys.exit(1 if problems else 0)
