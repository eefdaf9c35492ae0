# SPDX-License-Identifier: LGPL-2.1-or-later
"""Running pmark over a corpus in batches, shared by the corpus tests: a
batch that crashes or hangs is bisected down to the file responsible."""
import concurrent.futures as cf
import json
import os
import subprocess

PMARK = os.environ["PMARK"]
CORPORA = os.environ.get("PMARK_CORPUS_DIR") or os.path.join(
    os.environ["PMARK_SOURCE_ROOT"], "..", "shared", "corpora")
BATCH = 40
BATCH_TIMEOUT = 600


def files(sub, exts):
    out = []
    for d, _, names in os.walk(os.path.join(CORPORA, sub)):
        for n in names:
            if n.lower().rsplit(".", 1)[-1] in exts:
                out.append(os.path.join(d, n))
    return sorted(out)


def run_batch(args, paths):
    """JSON lines for `paths`; a batch that dies or hangs is bisected down
    to the file responsible, which is reported as a failure."""
    try:
        r = subprocess.run([PMARK, *args, *paths], capture_output=True, text=True,
                           timeout=BATCH_TIMEOUT, errors="replace")
        crashed = r.returncode not in (0, 1)
        lines = r.stdout.splitlines()
        if not crashed and len(lines) == len(paths):
            return [json.loads(l) for l in lines], []
        why = "exit status %d" % r.returncode
    except subprocess.TimeoutExpired:
        why = "hung (over %d s)" % BATCH_TIMEOUT
    if len(paths) == 1:
        return [], ["%s: %s" % (paths[0], why)]
    mid = len(paths) // 2
    a, fa = run_batch(args, paths[:mid])
    b, fb = run_batch(args, paths[mid:])
    return a + b, fa + fb


def run_all(args, paths):
    results, failures = [], []
    with cf.ThreadPoolExecutor(max_workers=2) as ex:
        for res, fail in ex.map(lambda i: run_batch(args, paths[i:i + BATCH]),
                                range(0, len(paths), BATCH)):
            results += res
            failures += fail
    return results, failures




def classify_all(paths):
    """classify --json (OCR off: tests/ocr has its own) over `paths`: the
    results, by path, a count of outcomes, and the files that crashed or
    hung."""
    results, failures = run_all(["classify", "--json", "--ocr", "off"], paths)
    counts = {}
    for r in results:
        err = r["error"]
        key = err["code"] if err else ("not-inspected" if not r["inspected"] else "ok")
        counts[key] = counts.get(key, 0) + 1
    return results, counts, failures
