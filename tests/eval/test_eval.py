#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Classification quality against the intent of the London guidance, on the
evaluation set written by generate.py (its own documents plus the
hand-written ones in handwritten/), labelled by label.py from the facts put
into each document.

Scores the test split only, and reports aggregates only (the test split is
not looked at while tuning; use score.py --split dev --details for the dev
split). Goals: no false cleans, no unclassified document that should be
marked, exact level >= 97%, over-marks <= 2% of documents.

Environment: PMARK (the binary), PMARK_EVAL_SEED (default 2026)."""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, HERE)
import label  # noqa: E402
import score  # noqa: E402

SEED = os.environ.get("PMARK_EVAL_SEED", "2026")
FORMATS = ["txt", "docx", "odt", "pdf", "eml", "xlsx", "csv", "html", "rtf"]
_SET = {}


def evaluation_set():
    """Generated once per run, in a temporary directory."""
    if not _SET:
        tmp = tempfile.TemporaryDirectory(prefix="pmark-eval-")
        subprocess.run([sys.executable, "-B", os.path.join(HERE, "generate.py"), tmp.name, "--seed", SEED, "--quiet"],
                       check=True, timeout=300)
        _SET["tmp"] = tmp
        _SET["dir"] = tmp.name
        _SET["labels"] = score.load_labels(tmp.name)
    return _SET["dir"], _SET["labels"]


def P(ref, role, named="full", cues=(), count=1):
    p = {"ref": ref, "role": role, "named": named, "cues": list(cues)}
    if count != 1:
        p["count"] = count
    return p


def F(persons, case=False):
    return {"id": "t", "persons": persons, "case_content": case, "case_terms": [], "trap": None, "why": ""}


class Label(unittest.TestCase):
    """The rules, on hand-made facts."""

    def level(self, persons, case=False):
        return label.level(F(persons, case))

    def test_nobody(self):
        self.assertEqual(self.level([], case=True), label.NPM)

    def test_professionals_and_public_never_count(self):
        ps = [P("Dr Mensah", "professional", cues=["address", "dob"]), P("Cllr Hughes", "public", cues=["age"]),
              P("PC Ahmed", "professional", cues=["identifier"], count=80)]
        self.assertEqual(self.level(ps, case=True), label.NPM)

    def test_named_without_cue_is_not_identifiable(self):
        self.assertEqual(self.level([P("Kelly", "parent", "first")], case=True), label.NPM)

    def test_unnamed_with_cues_is_not_identifiable(self):
        self.assertEqual(self.level([P("Child A", "child", "none", ["age", "school"])], case=True), label.NPM)

    def test_identifier_alone_identifies(self):
        self.assertEqual(self.level([P("the child", "child", "none", ["identifier"])]), label.PROTECT)
        self.assertEqual(self.level([P("the child", "child", "none", ["identifier"])], case=True), label.RESTRICTED)

    def test_each_cue_identifies_a_named_person(self):
        for cue in label.CUES:
            for named in ("full", "first"):
                with self.subTest(cue=cue, named=named):
                    self.assertEqual(self.level([P("Leo", "child", named, [cue])]), label.PROTECT)
                    self.assertEqual(self.level([P("Leo", "child", named, [cue])], case=True), label.RESTRICTED)

    def test_threshold_counts_people(self):
        rows = P("rows", "child", "full", ["dob"], count=49)
        self.assertEqual(self.level([rows], case=True), label.RESTRICTED)
        self.assertEqual(self.level([rows, P("Kelly Smith", "parent", "full", ["relationship"])], case=True),
                         label.CONFIDENTIAL)
        self.assertEqual(self.level([P("rows", "child", "full", ["dob"], count=120)]), label.PROTECT)
        # professionals do not make up the fifty
        self.assertEqual(self.level([rows, P("staff", "professional", "full", [], count=30)], case=True),
                         label.RESTRICTED)

    def test_cue_union_and_count(self):
        r = label.label(F([P("A", "child", "full", ["age", "school"]), P("B", "parent", "first", ["relationship"]),
                           P("C", "professional", "full", ["address"]), P("D", "child", "none", ["dob"])], True))
        self.assertEqual(r["n_identifiable"], 2)
        self.assertEqual(r["cues"], ["age", "school", "relationship"])

    def test_schema_errors(self):
        for bad in ({"id": "x", "persons": [P("A", "teacher")], "case_content": False},
                    {"id": "x", "persons": [P("A", "child", "surname")], "case_content": False},
                    {"id": "x", "persons": [P("A", "child", "full", ["nickname"])], "case_content": False},
                    {"id": "x", "persons": [], "case_content": "yes"},
                    {"id": "x", "persons": [dict(P("A", "child"), count=0)], "case_content": False}):
            with self.subTest(bad=bad):
                self.assertRaises(label.FactsError, label.label, bad)


class SetComposition(unittest.TestCase):
    """The set is large and varied enough to measure with."""

    def test_size_formats_levels_splits(self):
        d, labels = evaluation_set()
        self.assertGreaterEqual(len(labels), 400)
        fmts, levels, splits = {}, {}, {}
        for name, v in labels.items():
            self.assertTrue(os.path.exists(os.path.join(d, name)), name)
            fmts[v["format"]] = fmts.get(v["format"], 0) + 1
            levels[v["level"]] = levels.get(v["level"], 0) + 1
            splits[v["split"]] = splits.get(v["split"], 0) + 1
            self.assertEqual(v["split"], "test" if int(hashlib.sha256(v["id"].encode()).hexdigest(), 16) % 2 else "dev")
        for f in FORMATS:
            self.assertGreaterEqual(fmts.get(f, 0), 15, "format %s: %s" % (f, fmts))
        for lv in label.LEVELS:
            self.assertGreaterEqual(levels.get(lv, 0), 20, "level %s: %s" % (lv, levels))
        for sp in ("dev", "test"):
            self.assertGreaterEqual(splits.get(sp, 0), 180, "split %s: %s" % (sp, splits))
        own = [v for v in labels.values() if not v.get("source")]
        self.assertGreaterEqual(len(own), 300)
        npm = sum(1 for v in own if v["level"] == label.NPM)
        self.assertGreaterEqual(npm, len(own) // 4, "NOT PROTECTIVELY MARKED traps among the generator's own")

    def test_every_handwritten_document_is_included(self):
        d, labels = evaluation_set()
        hw = os.path.join(HERE, "handwritten")
        want = set()
        if os.path.isdir(hw):
            for fn in os.listdir(hw):
                if fn.endswith(".facts.json"):
                    with open(os.path.join(hw, fn), encoding="utf-8") as f:
                        facts = json.load(f)
                    src = facts.get("file") or ""
                    if os.path.exists(os.path.join(hw, src)) or any(
                            x.startswith(facts["id"] + ".") and not x.endswith(".facts.json") for x in os.listdir(hw)):
                        want.add(facts["id"])
        have = {v["id"] for v in labels.values() if v.get("source")}
        self.assertEqual(want - have, set())

    def test_deterministic(self):
        d, labels = evaluation_set()
        with tempfile.TemporaryDirectory() as again:
            subprocess.run([sys.executable, "-B", os.path.join(HERE, "generate.py"), again, "--seed", SEED, "--quiet",
                            "--no-handwritten"], check=True, timeout=300)
            own = {n: v for n, v in labels.items() if not v.get("source")}
            self.assertEqual(score.load_labels(again), own)
            for name in sorted(own)[::20]:
                with open(os.path.join(d, name), "rb") as a, open(os.path.join(again, name), "rb") as b:
                    self.assertEqual(a.read(), b.read(), name)


# What pmark achieved on the test split when these were last measured
# (commit history: tests/eval/README.md, "Results"): a regression below
# any of them fails. The goals are higher; test_goals says, loudly, which
# are not met yet.
FLOOR_EXACT = 0.924
FLOOR_FALSE_CLEANS = 29
FLOOR_OVER = 0.044


@unittest.skipUnless(os.environ.get("PMARK"), "PMARK (the pmark binary) not set")
class Quality(unittest.TestCase):
    """pmark against the intended levels, on the test split: aggregates
    only."""

    @classmethod
    def setUpClass(cls):
        d, labels = evaluation_set()
        cls.labels = labels
        cls.got, cls.info = score.run_pmark(os.environ["PMARK"], d, timeout=900)
        cls.s = score.score(labels, cls.got, "test")
        cls.text = score.report(cls.s)
        print(cls.text)

    def test_every_document_classified(self):
        missing = sum(1 for n, v in self.labels.items() if v["split"] == "test" and n not in self.got)
        self.assertEqual(missing, 0, "pmark gave no result for %d test documents (exit %d)\n%s" % (
            missing, self.info["returncode"], self.text))
        self.assertEqual(self.s["unclassified_above_npm"], 0,
                         "documents needing a marking left unclassified\n" + self.text)

    def test_no_worse_than_measured(self):
        self.assertLessEqual(self.s["false_cleans"], FLOOR_FALSE_CLEANS, "false cleans\n" + self.text)
        self.assertGreaterEqual(self.s["exact_rate"], FLOOR_EXACT, "exact level\n" + self.text)
        self.assertLessEqual(self.s["over_rate"], FLOOR_OVER, "over-marks\n" + self.text)

    def test_goals(self):
        """The issue's goals: 0 false cleans, >= 97% exact, <= 2% over-marked.
        Skipped, saying by how much, while they are not met."""
        short = []
        if self.s["false_cleans"]:
            short.append("%d false cleans (goal 0)" % self.s["false_cleans"])
        if self.s["exact_rate"] < score.GOAL_EXACT:
            short.append("exact %.1f%% (goal %.0f%%)" % (100 * self.s["exact_rate"], 100 * score.GOAL_EXACT))
        if self.s["over_rate"] > score.GOAL_OVER:
            short.append("over-marks %.1f%% (goal <= %.0f%%)" % (100 * self.s["over_rate"], 100 * score.GOAL_OVER))
        if short:
            self.skipTest("GOALS NOT MET on the test split: " + "; ".join(short))


if __name__ == "__main__":
    unittest.main(verbosity=2)
