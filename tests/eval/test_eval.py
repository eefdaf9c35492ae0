#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Classification quality on a generated, labelled set (generate.py): at
least 1,000 documents in eight formats, with the level the London policy's
semantics give each, worked out by the generator. Reports precision and
recall per level and the confusion matrix; requires at least 0.99 of both
for PROTECT and above, and no document the generator labels RESTRICTED or
CONFIDENTIAL classified lower. PMARK_EVAL_COUNT and PMARK_EVAL_SEED vary
the set."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

PMARK = os.environ["PMARK"]
HERE = os.path.dirname(os.path.abspath(__file__))
LEVELS = ["NOT PROTECTIVELY MARKED", "PROTECT", "RESTRICTED", "CONFIDENTIAL"]
COUNT = int(os.environ.get("PMARK_EVAL_COUNT", "1000"))
SEED = int(os.environ.get("PMARK_EVAL_SEED", "2026"))


def evaluate(directory):
    with open(os.path.join(directory, "labels.json")) as f:
        labels = json.load(f)
    r = subprocess.run([PMARK, "classify", "--json", "--policy", "london-lscb",
                        "--exclude", "labels.json", directory],
                       capture_output=True, text=True, timeout=1800)
    got = {}
    for line in r.stdout.splitlines():
        obj = json.loads(line)
        got[os.path.basename(obj["path"])] = obj
    return labels, got


def metrics(labels, got):
    matrix = {a: {b: 0 for b in LEVELS + ["(none)"]} for a in LEVELS}
    wrong = []
    for name, want in labels.items():
        obj = got.get(name)
        level = obj["level"] if obj and obj["level"] else "(none)"
        matrix[want][level] += 1
        if level != want:
            wrong.append((name, want, level, obj))
    per = {}
    for lv in LEVELS:
        tp = matrix[lv][lv]
        fp = sum(matrix[a][lv] for a in LEVELS if a != lv)
        fn = sum(n for b, n in matrix[lv].items() if b != lv)
        per[lv] = (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0,
                   tp + fn)
    return matrix, per, wrong


def report(matrix, per, wrong):
    out = ["confusion matrix (rows: the generator's label; columns: pmark)"]
    short = {"NOT PROTECTIVELY MARKED": "NPM", "PROTECT": "PROTECT",
             "RESTRICTED": "RESTRICTED", "CONFIDENTIAL": "CONFIDENTIAL", "(none)": "none"}
    cols = LEVELS + ["(none)"]
    out.append("%-13s" % "" + "".join("%13s" % short[c] for c in cols))
    for a in LEVELS:
        out.append("%-13s" % short[a] + "".join("%13d" % matrix[a][c] for c in cols))
    out.append("")
    out.append("%-24s %9s %9s %6s" % ("level", "precision", "recall", "docs"))
    for lv in LEVELS:
        p, r, n = per[lv]
        out.append("%-24s %9.4f %9.4f %6d" % (lv, p, r, n))
    for name, want, level, obj in wrong[:20]:
        reasons = [(x["rule"], x["match"], x["where"][:1]) for x in (obj or {}).get("reasons", [])]
        out.append("wrong: %s: %s, pmark %s %s" % (name, want, level, reasons))
    return "\n".join(out)


class Eval(unittest.TestCase):
    def test_precision_and_recall(self):
        with tempfile.TemporaryDirectory() as d:
            subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), d, str(COUNT),
                            str(SEED)], check=True)
            labels, got = evaluate(d)
        self.assertEqual(len(got), len(labels), "pmark did not report every document")
        matrix, per, wrong = metrics(labels, got)
        text = report(matrix, per, wrong)
        print(text)
        for lv in LEVELS[1:]:
            p, r, n = per[lv]
            self.assertGreater(n, 50, "too few %s documents to measure" % lv)
            self.assertGreaterEqual(p, 0.99, "%s precision\n%s" % (lv, text))
            self.assertGreaterEqual(r, 0.99, "%s recall\n%s" % (lv, text))
        under = [(n, w, l) for n, w, l, _ in wrong
                 if w in ("RESTRICTED", "CONFIDENTIAL")
                 and (l == "(none)" or LEVELS.index(l) < LEVELS.index(w))]
        self.assertEqual(under, [], "under-marked\n" + text)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--report":
        labels, got = evaluate(sys.argv[2])
        print(report(*metrics(labels, got)))
    else:
        unittest.main(verbosity=2)
