#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Scores pmark against the labelled evaluation set written by generate.py.

  score.py --pmark PATH --set OUTDIR [--split dev|test|all] [--details] [--check]

Runs `PATH classify --json --policy london-lscb --exclude labels.json
OUTDIR` once and reports, per split: documents, exact-level accuracy, the
confusion matrix, false cleans (labelled above NOT PROTECTIVELY MARKED,
pmark says NOT PROTECTIVELY MARKED) with counts per cue, documents
labelled above NOT PROTECTIVELY MARKED that pmark gave no level,
under-marks, and over-marks (over all documents and over the NOT
PROTECTIVELY MARKED traps by kind).

--details lists each wrong document of the dev split; the test split's
documents are listed only when PMARK_EVAL_SHOW_TEST=1 (the test split is
not looked at while tuning). --check exits 1 unless, on the chosen split:
no false cleans, no unclassified document labelled above NOT PROTECTIVELY
MARKED, exact >= 97% and over-marks <= 2% of documents."""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, HERE)
from label import CUES, LEVELS, NPM  # noqa: E402

SHORT = {"NOT PROTECTIVELY MARKED": "NPM", "PROTECT": "PROTECT", "RESTRICTED": "RESTRICTED",
         "CONFIDENTIAL": "CONFIDENTIAL", "not inspected": "not-insp", "none": "none"}
COLS = LEVELS + ["not inspected", "none"]
GOAL_EXACT = 0.97
GOAL_OVER = 0.02


def load_labels(outdir):
    with open(os.path.join(outdir, "labels.json"), encoding="utf-8") as f:
        return json.load(f)


def run_pmark(pmark, outdir, timeout=1800):
    """{file name relative to outdir: result object}; the lines whose path is
    not a labelled file (parts inside a file, if pmark lists them) are
    kept under their own path."""
    cmd = [pmark, "classify", "--json", "--policy", "london-lscb", "--exclude", "labels.json", outdir]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    got, bad = {}, 0
    root = os.path.realpath(outdir)
    for line in r.stdout.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            bad += 1
            continue
        if not isinstance(obj, dict) or "path" not in obj:
            bad += 1
            continue
        p = obj["path"]
        full = os.path.realpath(p if os.path.isabs(p) else os.path.join(os.getcwd(), p))
        rel = os.path.relpath(full, root) if full.startswith(root + os.sep) else os.path.basename(p)
        got[rel] = obj
    return got, {"returncode": r.returncode, "stderr": r.stderr[-2000:], "unparsed": bad,
                 "command": " ".join(cmd)}


def pmark_level(obj):
    if obj is None:
        return "none"
    if not obj.get("inspected", True):
        return "not inspected"
    lv = obj.get("level")
    return lv if lv in LEVELS else "none"


def rank(level):
    return LEVELS.index(level) if level in LEVELS else -1


def score(labels, got, split):
    """Aggregates for one split ("dev", "test" or "all")."""
    names = sorted(n for n, l in labels.items() if split == "all" or l["split"] == split)
    matrix = {a: {b: 0 for b in COLS} for a in LEVELS}
    s = {"split": split, "documents": len(names), "exact": 0, "false_cleans": 0,
         "false_clean_cues": {c: 0 for c in CUES}, "unclassified_above_npm": 0,
         "under": 0, "over": 0, "npm_docs": 0, "over_npm": 0, "traps": {},
         "wrong": [], "matrix": matrix}
    for name in names:
        lab = labels[name]
        want = lab["level"]
        obj = got.get(name)
        have = pmark_level(obj)
        matrix[want][have] += 1
        if want == NPM:
            s["npm_docs"] += 1
            kind = lab.get("trap") or "(no trap tag)"
            t = s["traps"].setdefault(kind, [0, 0])
            t[0] += 1
        if have == want:
            s["exact"] += 1
            continue
        s["wrong"].append(name)
        if have not in LEVELS:
            if want != NPM:
                s["unclassified_above_npm"] += 1
            continue
        if want != NPM and have == NPM:
            s["false_cleans"] += 1
            for c in lab.get("cues", []):
                s["false_clean_cues"][c] = s["false_clean_cues"].get(c, 0) + 1
        elif rank(have) < rank(want):
            s["under"] += 1
        elif rank(have) > rank(want):
            s["over"] += 1
            if want == NPM:
                s["over_npm"] += 1
                s["traps"][lab.get("trap") or "(no trap tag)"][1] += 1
    d = s["documents"] or 1
    s["exact_rate"] = s["exact"] / d
    s["over_rate"] = s["over"] / d
    s["over_npm_rate"] = s["over_npm"] / (s["npm_docs"] or 1)
    s["passed"] = (s["documents"] > 0 and s["false_cleans"] == 0 and s["unclassified_above_npm"] == 0
                   and s["exact_rate"] >= GOAL_EXACT and s["over_rate"] <= GOAL_OVER)
    return s


def report(s):
    out = ["== split %s: %d documents" % (s["split"], s["documents"])]
    out.append("exact level: %d/%d = %.1f%% (goal >= %.0f%%)" % (
        s["exact"], s["documents"], 100 * s["exact_rate"], 100 * GOAL_EXACT))
    out.append("false cleans (labelled above NPM, pmark NPM): %d (goal 0)" % s["false_cleans"])
    if s["false_cleans"]:
        out.append("  by cue: " + ", ".join("%s %d" % (c, s["false_clean_cues"].get(c, 0)) for c in CUES))
    out.append("labelled above NPM, no level from pmark: %d (goal 0)" % s["unclassified_above_npm"])
    out.append("under-marks (above NPM, lower than the label): %d" % s["under"])
    out.append("over-marks (higher than the label): %d = %.1f%% of documents (goal <= %.0f%%)" % (
        s["over"], 100 * s["over_rate"], 100 * GOAL_OVER))
    out.append("over-marked NPM traps: %d/%d = %.1f%%" % (s["over_npm"], s["npm_docs"], 100 * s["over_npm_rate"]))
    for kind in sorted(s["traps"]):
        n, o = s["traps"][kind]
        out.append("  %-24s %3d/%-3d" % (kind, o, n))
    out.append("confusion matrix (rows: label; columns: pmark)")
    out.append("%-13s" % "" + "".join("%13s" % SHORT[c] for c in COLS))
    for a in LEVELS:
        out.append("%-13s" % SHORT[a] + "".join("%13d" % s["matrix"][a][c] for c in COLS))
    out.append("goals: %s" % ("met" if s["passed"] else "NOT met"))
    return "\n".join(out)


def details(labels, got, names):
    out = []
    for name in names:
        lab = labels[name]
        obj = got.get(name)
        rules = []
        for r in (obj or {}).get("reasons", []) or []:
            rule = r.get("rule") if isinstance(r, dict) else str(r)
            if rule and rule not in rules:
                rules.append(rule)
        out.append("%s\tlabel %s\tpmark %s\trules [%s]\twhy: %s" % (
            name, SHORT[lab["level"]], SHORT.get(pmark_level(obj), pmark_level(obj)),
            ", ".join(rules), lab.get("why", "")))
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pmark", required=True)
    ap.add_argument("--set", required=True, dest="outdir")
    ap.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    ap.add_argument("--details", action="store_true")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args(argv)
    labels = load_labels(a.outdir)
    try:
        got, info = run_pmark(a.pmark, a.outdir)
    except OSError as e:
        print("score.py: cannot run %s: %s" % (a.pmark, e), file=sys.stderr)
        return 2
    if info["unparsed"] or not got:
        print("pmark: exit %d, %d lines not understood, %d results; %s" % (
            info["returncode"], info["unparsed"], len(got), info["stderr"].strip()[-500:]), file=sys.stderr)
    splits = ["dev", "test"] if a.split == "all" else [a.split]
    results = [score(labels, got, sp) for sp in splits]
    if a.split == "all":
        results.append(score(labels, got, "all"))
    for s in results:
        print(report(s))
        print()
    if a.details:
        show_test = os.environ.get("PMARK_EVAL_SHOW_TEST") == "1"
        for s in results:
            if s["split"] == "all":
                continue
            if s["split"] == "test" and not show_test:
                print("(test split: aggregates only; PMARK_EVAL_SHOW_TEST=1 lists its documents)")
                continue
            print("-- wrong documents, %s split (%d)" % (s["split"], len(s["wrong"])))
            if s["wrong"]:
                print(details(labels, got, s["wrong"]))
    if a.check:
        final = results[-1]
        return 0 if final["passed"] else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
