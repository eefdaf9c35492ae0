#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Every MIME message of the shared mail corpus (its MANIFEST.tsv: gmime,
mime4j, mimekit, mail-parser, rspamd, ruby-mail, tika test messages)
through pmark filter: each gets a decision (deliver, hold or reject), none
crashes or tempfails, and in each delivered message every byte outside
the header fields pmark owns is unchanged. Skips when the corpus is absent."""
import collections
import csv
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from mailtest import main, PMARK, assert_preserved  # noqa: E402

ROOT = os.environ["PMARK_SOURCE_ROOT"]
CORPORA = os.environ.get("PMARK_CORPUS_DIR") or os.path.join(ROOT, "..", "shared", "corpora")
MAIL = os.path.join(CORPORA, "mail")
MANIFEST = os.path.join(MAIL, "MANIFEST.tsv")


@unittest.skipUnless(os.path.exists(MANIFEST),
                     "SKIP: mail corpus not found at %s (set PMARK_CORPUS_DIR)" % MAIL)
class MailCorpus(unittest.TestCase):
    def test_every_message_gets_a_decision_and_keeps_its_bytes(self):
        with open(MANIFEST) as f:
            rows = [r for r in csv.DictReader(f, delimiter="\t")
                    if not r["content_type"].startswith("outlook-msg")]
        self.assertGreater(len(rows), 400)
        actions = collections.Counter()
        for row in rows:
            path = os.path.join(MAIL, row["path"])
            if os.path.isdir(path):
                continue
            with open(path, "rb") as f:
                data = f.read()
            with self.subTest(path=row["path"]):
                r = subprocess.run([PMARK, "filter"], input=data, capture_output=True,
                                   timeout=120)
                self.assertIn(r.returncode, (0, 69, 77),
                              "%s: exit %d: %s" % (row["path"], r.returncode,
                                                   r.stderr.decode(errors="replace")))
                if r.returncode == 69:
                    self.assertEqual(data, b"", "only empty input is not a message")
                    actions["not a message"] += 1
                    continue
                if r.returncode == 77:
                    self.assertTrue(r.stderr.startswith(b"550 5.7.1 pmark: "), r.stderr)
                    actions["reject"] += 1
                    continue
                res = [l for l in r.stdout.split(b"\n") if l.startswith(b"X-pmark-Result: ")]
                self.assertEqual(len(res), 1, row["path"])
                actions[res[0].split(b" ")[1].rstrip(b";").decode()] += 1
                # the header edits are the only change: the body and every
                # other field byte for byte, in order
                # (a message that is all header and stops mid-line gets the
                # line end its last field needs before pmark's are added)
                if not data.endswith(b"\n") and b"\n\n" not in data.replace(b"\r\n", b"\n"):
                    data += b"\n"
                assert_preserved(self, data, r.stdout)
        print("mail corpus decisions:", dict(actions), file=sys.stderr)


if __name__ == "__main__":
    main()
