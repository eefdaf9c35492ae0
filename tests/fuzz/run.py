#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Runs one libFuzzer harness as a test, printing TAP: first every input
committed under regressions/TARGET/ once (each was a crash, now fixed, or
a dependency's crash the worker process contains), then TARGET fuzzed
(a fixed number of inputs from seed 1, at most SECONDS) from seeds (samples/ and the shared corpora, by type) with a
dictionary where one fits. A crash, leak, timeout or sanitizer report
fails the test and leaves the input in the build's fuzz-artifacts/.

Usage: run.py HARNESS TARGET SECONDS
For a long run by hand, e.g. an hour on the PDF reader:
  PMARK_FUZZ_FORMAT=pdf build-fuzz/tests/fuzz/fuzz-read CORPUS_DIR \\
      -max_total_time=3600 -dict=tests/fuzz/dict/pdf.dict"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HARNESS, TARGET, SECONDS = sys.argv[1], sys.argv[2], int(sys.argv[3])
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("PMARK_SOURCE_ROOT", os.path.join(HERE, "..", ".."))
CORPUS = os.environ.get("PMARK_CORPUS_DIR") or os.path.join(ROOT, "..", "shared", "corpora")

SEEDS = {
    "text": (".txt", ".csv"), "pdf": (".pdf",), "docx": (".docx", ".docm"),
    "xlsx": (".xlsx",), "pptx": (".pptx",), "odf": (".odt", ".ods", ".odp", ".fodt", ".fods", ".fodp"),
    "xml": (".fodt", ".fods", ".fodp", ".xml"), "html": (".html", ".htm"),
    "zip": (".zip", ".docx", ".odt"), "mail": (".eml",), "msg": (".msg",),
    "tnef": (".dat", ".tnef"), "doc": (".doc",), "xls": (".xls",), "ppt": (".ppt",),
    "rtf": (".rtf",), "sealed": (".age",), "policy": (".policy",),
    "marking": (".eml",), "age": (".age",), "people": (".txt", ".csv", ".eml"),
    "detect": (".txt", ".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".eml", ".msg", ".doc",
               ".rtf", ".zip", ".html", ".age", ".jpg"),
}
DICTS = {"pdf": "pdf", "docx": "xml", "xlsx": "xml", "pptx": "xml", "odf": "xml", "xml": "xml",
         "html": "xml", "rtf": "rtf", "mail": "mail", "marking": "mail", "msg": "ole",
         "doc": "ole", "xls": "ole", "ppt": "ole", "policy": "policy"}
MAX_SEEDS, MAX_SEED_BYTES = 80, 1 << 20
# The test's run is deterministic (-seed=1, a fixed number of inputs, about
# what one target runs in 6 s on the 2-core machine CI uses, from the
# seeds CI has; recounted when fuzz-read began to stamp): a finding reproduces, and CI does not go red by chance.
# PMARK_FUZZ_RUNS=N overrides; long runs go by time (see above).
RUNS = {"text": 400, "pdf": 40, "docx": 100, "xlsx": 450, "pptx": 60, "odf": 900,
        "xml": 4000, "html": 8000, "zip": 500, "mail": 180, "msg": 800, "tnef": 20,
        "doc": 6000, "xls": 550, "ppt": 1600, "rtf": 2100, "sealed": 6000, "detect": 250,
        "policy": 1100, "marking": 120, "age": 1000, "people": 1500}
# fewer seeds where each input is slow (a PDF read, stamped and its first
# page drawn; a package stamped under full unwinding)
SEED_CAP = {"pdf": 20, "docx": 40, "pptx": 40}

n = 0


def tap(ok, what, detail=""):
    global n
    n += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
    for line in detail.splitlines()[-40:]:
        print("# " + line)


def seeds(into):
    exts = SEEDS[TARGET]
    found = 0
    tops = [os.path.join(ROOT, "samples"), os.path.join(ROOT, "policies"), CORPUS]
    if TARGET == "people":
        # case paperwork written the way practitioners write it
        tops.insert(0, os.path.join(ROOT, "tests", "eval", "handwritten"))
    for top in tops:
        for d, _, files in sorted(os.walk(top)):
            for f in sorted(files):
                p = os.path.join(d, f)
                if found >= SEED_CAP.get(TARGET, MAX_SEEDS) or not f.lower().endswith(exts):
                    continue
                if os.path.getsize(p) <= MAX_SEED_BYTES:
                    shutil.copy(p, os.path.join(into, "seed-%03d" % found))
                    found += 1
    return found


def main():
    env = dict(os.environ, PMARK_FUZZ_FORMAT=TARGET, PMARK_FUZZ_POLICY="london-lscb")
    work = tempfile.mkdtemp(prefix="pmark-fuzz-")
    try:
        corpus = os.path.join(work, "corpus")
        os.mkdir(corpus)
        if TARGET in ("age", "sealed") and shutil.which("age-keygen") and shutil.which("age"):
            key = os.path.join(work, "key")
            subprocess.run(["age-keygen", "-o", key], capture_output=True, check=True)
            pub = subprocess.run(["age-keygen", "-y", key], capture_output=True, text=True,
                                 check=True).stdout.strip()
            env["PMARK_FUZZ_IDENTITY"] = key
            for i, (size, armor) in enumerate(((0, False), (100, False), (70000, False),
                                               (100, True))):
                out = os.path.join(corpus, "age-%d" % i)
                subprocess.run(["age", "-r", pub, "-o", out] + (["-a"] if armor else []),
                               input=b"x" * size, check=True)
        count = seeds(corpus)
        # the committed regressions, each once
        reg = os.path.join(HERE, "regressions", TARGET)
        inputs = sorted(os.path.join(reg, f) for f in os.listdir(reg)) if os.path.isdir(reg) else []
        if inputs:
            r = subprocess.run([HARNESS, *inputs], env=env, capture_output=True, text=True,
                               timeout=600)
            tap(r.returncode == 0, "%s: %d regression inputs" % (TARGET, len(inputs)), r.stderr)
        else:
            tap(True, "%s: no regression inputs committed" % TARGET)
        artifacts = os.path.join(os.getcwd(), "fuzz-artifacts")
        os.makedirs(artifacts, exist_ok=True)
        runs = int(os.environ.get("PMARK_FUZZ_RUNS", RUNS.get(TARGET, 1000)))
        args = [HARNESS, corpus, "-seed=1", "-runs=%d" % runs,
                "-max_total_time=%d" % SECONDS, "-timeout=30",
                "-rss_limit_mb=3072", "-print_final_stats=1",
                "-artifact_prefix=%s/%s-" % (artifacts, TARGET)]
        if TARGET in DICTS:
            args.append("-dict=" + os.path.join(HERE, "dict", DICTS[TARGET] + ".dict"))
        r = subprocess.run(args, env=env, capture_output=True, text=True,
                           timeout=SECONDS + 600)
        execs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", r.stderr)
        cov = re.findall(r"\bcov: (\d+)", r.stderr)
        what = "%s: seed 1, %d seeds: %s executions, coverage %s" % (
            TARGET, count, execs[-1] if execs else "?", cov[-1] if cov else "?")
        tap(r.returncode == 0 and execs, what, r.stderr if r.returncode else "")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("1..%d" % n)


main()
