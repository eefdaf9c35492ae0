#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Migration from the 2008 scheme (GPMS: PROTECT, RESTRICTED,
CONFIDENTIAL) to the 2014 classifications: pmark mark --migrate and
pmark audit --apply --migrate under uk-gsc-2014. pmark's own marking parts
are replaced; a marking typed into the body is reported, not edited; the
level is what the policy's mapping says, never lower than the document
already carries or its content needs; documents of the new scheme, or
unmarked, are left as they are; the log says old -> new."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest
import zipfile

PMARK = os.environ["PMARK"]
ROOT = os.environ["PMARK_SOURCE_ROOT"]
SAMPLES = os.path.join(ROOT, "samples")


def run(*args, ok=0):
    r = subprocess.run([PMARK, *args], capture_output=True, text=True, timeout=300)
    if ok is not None:
        assert r.returncode == ok, "%s: exit %d: %s" % (args, r.returncode, r.stderr)
    return r


def classify(path, policy="uk-gsc-2014"):
    return json.loads(run("classify", "-P", policy, "--json", path).stdout)


class Migrate(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.d = self.tmp.name
        self.log = os.path.join(self.d, "log.jsonl")

    def path(self, name):
        return os.path.join(self.d, name)

    def old_marked(self, sample, level):
        """A sample marked by pmark under the 2008 (London) policy."""
        out = self.path("old-" + sample)
        run("mark", "-P", "london-lscb", "--level", level, "--justify", "test", "--log",
            self.log, "-o", out, os.path.join(SAMPLES, sample))
        return out

    def migrate(self, *args, ok=0):
        return run("mark", "--migrate", "-P", "uk-gsc-2014", "--log", self.log, *args, ok=ok)

    def test_pmark_markings_are_replaced_in_every_format(self):
        for sample in ("meeting-notes.docx", "caseload.xlsx", "training.pptx",
                       "pupil-letter.odt", "case-summary.pdf", "board-report.txt"):
            with self.subTest(sample=sample):
                old = self.old_marked(sample, "RESTRICTED:PERSONAL")
                self.assertEqual(classify(old, "london-lscb")["existing"]["text"],
                                 "RESTRICTED - PERSONAL")
                # under the 2014 policy the old marking is read through its mapping
                c = classify(old)
                self.assertEqual(c["existing"]["scheme"], "gpms-2008")
                out = self.path("new-" + sample)
                r = self.migrate("--json", "-o", out, old)
                res = json.loads(r.stdout)
                self.assertEqual(res["migrated_from_scheme"], "gpms-2008")
                self.assertEqual(res["new"], "OFFICIAL-SENSITIVE - PERSONAL")
                c = classify(out)
                self.assertEqual(c["existing"]["text"], "OFFICIAL-SENSITIVE - PERSONAL")
                self.assertNotIn("scheme", c["existing"])
                # pmark's own parts were replaced: the old marking is only
                # where the sample's own text carries it
                own = classify(os.path.join(SAMPLES, sample), "london-lscb")["existing"]
                if own is None:
                    self.assertEqual(res["old_marking_left_in_text"], [])
                # and the metadata says the new marking
                if sample.endswith("x"):
                    with zipfile.ZipFile(out) as z:
                        props = z.read("docProps/custom.xml").decode()
                    self.assertIn("OFFICIAL-SENSITIVE - PERSONAL", props)
                    self.assertNotIn(">RESTRICTED", props)

    def test_mapping_levels(self):
        for old, new in (("PROTECT:PERSONAL", "OFFICIAL"),
                         ("RESTRICTED", "OFFICIAL-SENSITIVE")):
            with self.subTest(old=old):
                src = self.old_marked("pupil-letter.odt", old)
                out = self.path("m.odt")
                res = json.loads(self.migrate("--json", "-o", out, src).stdout)
                self.assertEqual(res["new"].split(" - ")[0], new)
                os.unlink(out)
                os.unlink(src)

    def test_confidential_is_left_for_review(self):
        # CONFIDENTIAL maps to SECRET "(review)" in uk-gsc-2014: it reads as
        # SECRET (never lower), but migration never makes SECRET by itself,
        # even for content reported over-marked: a person decides
        src = self.old_marked("pupil-letter.odt", "CONFIDENTIAL:PERSONAL")
        out = self.path("c.odt")
        res = json.loads(self.migrate("--json", "-o", out, src).stdout)
        self.assertTrue(res["unchanged"], res)
        self.assertTrue(res["review"], res)
        self.assertIn("for review", res["reason"])
        self.assertIn("SECRET", res["reason"])
        self.assertFalse(os.path.exists(out))
        self.assertEqual(classify(src)["existing"]["level"], "SECRET")
        # the audit's --apply lists it and leaves it
        tree = self.path("review-share")
        os.mkdir(tree)
        shutil.copy(src, os.path.join(tree, "letter.odt"))
        shutil.copy(self.old_marked("board-report.txt", "PROTECT:PERSONAL"),
                    os.path.join(tree, "report.txt"))
        with open(os.path.join(tree, "letter.odt"), "rb") as f:
            before = f.read()
        db = self.path("review.sqlite")
        r = run("audit", "-P", "uk-gsc-2014", "--db", db, "--apply", "--migrate",
                "--in-place", tree)
        self.assertIn("--apply: 1 marked (1 migrated from another scheme), 1 for review, "
                      "0 refused", r.stdout)
        self.assertRegex(r.stdout, r"for review .*letter\.odt: for review: its gpms-2008 "
                                   r"marking 'CONFIDENTIAL - PERSONAL' maps to SECRET")
        with open(os.path.join(tree, "letter.odt"), "rb") as f:
            self.assertEqual(f.read(), before)

    def test_a_marking_typed_by_hand_is_reported(self):
        src = self.path("typed.txt")
        with open(src, "w") as f:
            f.write("PROTECT - PERSONAL\n\nMinutes of the team meeting about rotas.\n")
        out = self.path("typed.new.txt")
        r = self.migrate("-o", out, src)
        # the descriptor goes with it
        self.assertIn("PROTECT - PERSONAL -> OFFICIAL - PERSONAL", r.stdout)
        self.assertIn("the old marking is still in the text at line 2: PROTECT - PERSONAL",
                      r.stderr)
        with open(out) as f:
            text = f.read()
        # the body is not edited: a person decides
        self.assertIn("PROTECT - PERSONAL\n\nMinutes", text)
        self.assertTrue(text.startswith("OFFICIAL - PERSONAL\n"), text)
        rec = [json.loads(l) for l in open(self.log)][-1]
        self.assertEqual(rec["old"], "PROTECT - PERSONAL")
        self.assertEqual(rec["new"], "OFFICIAL - PERSONAL")
        self.assertEqual(rec["migrated_from_scheme"], "gpms-2008")
        self.assertEqual(rec["old_marking_left_in_text"], ["line 2: PROTECT - PERSONAL"])

    def test_never_lower_than_the_content_needs(self):
        # PROTECT maps to OFFICIAL, but a case note needs OFFICIAL-SENSITIVE
        src = self.old_marked("case-note.txt", "CONFIDENTIAL:PERSONAL")
        lowered = self.path("cn.txt")
        # hand-lower it under the old scheme, as a person might have
        with open(src) as f:
            text = f.read().replace("CONFIDENTIAL - PERSONAL", "PROTECT - PERSONAL")
        with open(lowered, "w") as f:
            f.write(text)
        out = self.path("cn.new.txt")
        res = json.loads(self.migrate("--json", "-o", out, lowered).stdout)
        self.assertEqual(res["new"], "OFFICIAL-SENSITIVE - PERSONAL")

    def test_new_scheme_and_unmarked_files_are_left_alone(self):
        for sample, why in (("gsc-marked.txt", "its marking is already this policy's"),
                            ("board-report.txt", "it carries no marking")):
            with self.subTest(sample=sample):
                src = self.path(sample)
                shutil.copy(os.path.join(SAMPLES, sample), src)
                r = self.migrate("--in-place", src)
                self.assertEqual(r.stdout.strip(), "%s: left as it is: %s" % (src, why))
                with open(src, "rb") as a, open(os.path.join(SAMPLES, sample), "rb") as b:
                    self.assertEqual(a.read(), b.read())
                self.assertEqual(os.listdir(self.d), [sample] + (
                    ["log.jsonl"] if os.path.exists(self.log) else []))
                os.unlink(src)

    def test_migrate_is_its_own_choice(self):
        r = run("mark", "--migrate", "--auto", "-P", "uk-gsc-2014",
                os.path.join(SAMPLES, "case-note.txt"), ok=2)
        self.assertIn("give one of --level LEVEL, --auto and --migrate", r.stderr)

    def test_audit_apply_migrate(self):
        tree = self.path("share")
        os.mkdir(tree)
        shutil.copy(self.old_marked("pupil-letter.odt", "RESTRICTED:PERSONAL"),
                    os.path.join(tree, "letter.odt"))
        shutil.copy(self.old_marked("board-report.txt", "PROTECT:PERSONAL"),
                    os.path.join(tree, "report.txt"))
        shutil.copy(os.path.join(SAMPLES, "gsc-marked.txt"), os.path.join(tree, "new.txt"))
        shutil.copy(os.path.join(SAMPLES, "case-note.txt"), os.path.join(tree, "case.txt"))
        db = self.path("audit.sqlite")
        r = run("audit", "-P", "uk-gsc-2014", "--db", db, "--apply", "--migrate",
                "--in-place", tree)
        self.assertIn("--apply: 3 marked (2 migrated from another scheme), 0 for review, "
                      "0 refused", r.stdout)
        self.assertIn("letter.odt: RESTRICTED - PERSONAL (gpms-2008) -> "
                      "OFFICIAL-SENSITIVE - PERSONAL", r.stdout)
        want = {"letter.odt": "OFFICIAL-SENSITIVE - PERSONAL", "report.txt": "OFFICIAL - PERSONAL",
                "new.txt": "OFFICIAL-SENSITIVE", "case.txt": "OFFICIAL-SENSITIVE - PERSONAL"}
        for name, marking in want.items():
            self.assertEqual(classify(os.path.join(tree, name))["existing"]["text"], marking)
        # --migrate belongs to --apply
        r = run("audit", "-P", "uk-gsc-2014", "--db", db, "--migrate", tree, ok=2)
        self.assertIn("go with --apply", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
