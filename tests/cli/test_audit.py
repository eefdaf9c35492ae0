#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""pmark audit and pmark report on trees built here, checked through the
SQLite store on disk (Python's sqlite3 and the sqlite3 CLI): findings,
read-only audits, incremental re-runs (unchanged, changed, new, deleted
files), symlink loops, excludes, kill -9 in the middle, and reports."""
import csv
import io
import gzip
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
import unittest

PMARK = os.environ["PMARK"]
ROOT = os.environ["PMARK_SOURCE_ROOT"]
SAMPLES = os.path.join(ROOT, "samples")


def classify(path):
    r = subprocess.run([PMARK, "classify", "--json", path], capture_output=True, text=True,
                       timeout=120)
    return json.loads(r.stdout)


class Audit(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.tree = os.path.join(self.tmp.name, "share")
        self.db = os.path.join(self.tmp.name, "audit.sqlite")
        for sub in ("social-care", "schools"):
            os.makedirs(os.path.join(self.tree, sub))
        for name in ("case-note.txt", "marked-confidential.txt", "board-report.txt",
                     "not-a-pdf.pdf", "strategy-minutes.docx", "caseload.xlsx"):
            shutil.copy(os.path.join(SAMPLES, name), os.path.join(self.tree, "social-care", name))
        for name in ("pupil-letter.odt", "attendance.ods"):
            shutil.copy(os.path.join(SAMPLES, name), os.path.join(self.tree, "schools", name))
        # a type no format reads (images are read by OCR now)
        with gzip.open(os.path.join(self.tree, "schools", "backup.gz"), "wb") as f:
            f.write(b"old minutes\n")
        shutil.copy(os.path.join(ROOT, "tests", "data", "third-party", "protected_agile.docx"),
                    os.path.join(self.tree, "schools", "locked.docx"))
        os.makedirs(os.path.join(self.tree, "scratch"))
        with open(os.path.join(self.tree, "scratch", "skip.txt"), "w") as f:
            f.write("NHS number 999 000 0018\n")
        # a loop, and a link out of the tree
        os.symlink("..", os.path.join(self.tree, "schools", "loop"))
        os.symlink(SAMPLES, os.path.join(self.tree, "samples-link"))

    def audit(self, *args):
        r = subprocess.run([PMARK, "audit", "--db", self.db, "-x", "scratch", *args, self.tree],
                           capture_output=True, text=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def rows(self):
        with sqlite3.connect(self.db) as c:
            c.row_factory = sqlite3.Row
            return {os.path.relpath(r["path"], self.tree): dict(r)
                    for r in c.execute("SELECT * FROM files")}

    def test_findings_and_read_only(self):
        before = {}
        for d, _, names in os.walk(self.tree):
            for n in names:
                p = os.path.join(d, n)
                with open(p, "rb") as f:   # read first: this read may set atime
                    data = f.read()
                st = os.stat(p)
                before[p] = (data, st.st_mtime_ns, st.st_ctime_ns, st.st_atime_ns)
        out = self.audit()
        self.assertIn("10 files: 10 read, 0 unchanged, 0 removed", out)
        for p, (data, mtime, ctime, atime) in before.items():
            st = os.stat(p)
            with open(p, "rb") as f:
                self.assertEqual(f.read(), data)
            self.assertEqual((st.st_mtime_ns, st.st_ctime_ns), (mtime, ctime), p)
            # O_NOATIME: we are root or the owner here
            self.assertEqual(st.st_atime_ns, atime, p)
        rows = self.rows()
        f = {k: v["finding"] for k, v in rows.items()}
        self.assertEqual(f["social-care/case-note.txt"], "under-marked")
        # marked CONFIDENTIAL with nothing sensitive in it: over-marked (the
        # level it must carry stays CONFIDENTIAL; its content needs the lowest)
        self.assertEqual(f["social-care/marked-confidential.txt"], "over-marked")
        mc = rows["social-care/marked-confidential.txt"]
        self.assertEqual((mc["level"], mc["content_level"]),
                         ("CONFIDENTIAL", "NOT PROTECTIVELY MARKED"))
        self.assertIsNone(f["social-care/board-report.txt"])
        self.assertEqual(f["social-care/not-a-pdf.pdf"], "type-mismatch")
        self.assertEqual(f["social-care/caseload.xlsx"], "under-marked")
        self.assertEqual(f["schools/backup.gz"], "unsupported")
        self.assertEqual(f["schools/locked.docx"], "not-inspected")
        self.assertNotIn("scratch/skip.txt", f)          # excluded
        self.assertFalse(any(k.startswith("samples-link") or "/loop/" in k for k in f))
        r = rows["social-care/case-note.txt"]
        self.assertEqual((r["level"], r["existing"]), ("RESTRICTED", None))
        self.assertEqual(r["content_level"], "RESTRICTED")
        self.assertEqual(json.loads(r["descriptors"]), ["PERSONAL"])
        self.assertEqual(len(r["hash"]), 64)
        self.assertIn("R**** S*****", r["reasons"])       # masked evidence only
        self.assertNotIn("999 000 0018", r["reasons"])
        self.assertNotIn("Riley Sample", r["reasons"])
        # the sqlite3 client reads the same store
        if shutil.which("sqlite3"):
            n = subprocess.run(["sqlite3", self.db, "SELECT count(*) FROM files WHERE "
                                "finding = 'under-marked'"], capture_output=True, text=True)
            self.assertEqual(int(n.stdout), sum(v == "under-marked" for v in f.values()))
            v = subprocess.run(["sqlite3", self.db, "PRAGMA user_version; PRAGMA journal_mode"],
                               capture_output=True, text=True).stdout.split()
            self.assertEqual(v, ["4", "wal"])

    def test_a_justified_lower_marking_stands(self):
        # a person marks a case note (which needs RESTRICTED) PROTECT, with
        # a reason: the audit reports it justified-lower with who, when and
        # why (from the marking log), --apply leaves it, and
        # --override-justified re-marks it
        log = os.path.join(self.tmp.name, "marking-log.jsonl")
        note = os.path.join(self.tree, "social-care", "case-note.txt")
        marked = os.path.join(self.tree, "social-care", "agreed.txt")
        why = "school already holds this; agreed with team manager"
        r = subprocess.run([PMARK, "mark", "--level", "PROTECT", "--justify", why, "--log", log,
                            "-o", marked, note], capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        local = os.path.join(self.tmp.name, "local.policy")
        with open(local, "w") as f:
            f.write("[policy]\naudit-log = %s\n" % log)
        env = dict(os.environ, PMARK_LOCAL_POLICY=local)

        def audit(*args):
            r = subprocess.run([PMARK, "audit", "--db", self.db, "-x", "scratch", *args,
                                self.tree], capture_output=True, text=True, timeout=300,
                               env=env)
            self.assertEqual(r.returncode, 0, r.stderr)
            return r.stdout
        audit()
        rows = self.rows()
        agreed = rows[os.path.join("social-care", "agreed.txt")]
        self.assertEqual(agreed["finding"], "justified-lower", agreed)
        self.assertEqual(agreed["existing"], "PROTECT")
        self.assertIn(why, agreed["error"])
        # the unmarked original is still under-marked
        self.assertEqual(rows[os.path.join("social-care", "case-note.txt")]["finding"],
                         "under-marked")
        report = subprocess.run([PMARK, "report", "--db", self.db, "-f", "jsonl"],
                                capture_output=True, text=True, check=True, env=env).stdout
        rec = [json.loads(l) for l in report.splitlines() if l.find("agreed.txt") >= 0][0]
        self.assertIn("Marked lower than its content needs by ", rec["why"])
        self.assertIn(why, rec["why"])
        self.assertIn("--override-justified", rec["next"])
        with open(marked, "rb") as f:
            before = f.read()
        out = audit("--apply", "--in-place")
        with open(marked, "rb") as f:
            self.assertEqual(f.read(), before, out)
        self.assertEqual(classify(note)["existing"]["level"], "RESTRICTED")
        audit("--apply", "--in-place", "--override-justified")
        self.assertEqual(classify(marked)["existing"]["level"], "RESTRICTED")

    def test_short_option_with_its_number_attached(self):
        # "-j1" as getopt takes it (GOption alone read it as "-j" and took
        # the next argument for its number)
        one = self.audit("-j1")
        self.assertRegex(one.splitlines()[0], r"^\d+ files: \d+ read")
        self.assertEqual(self.rows()["social-care/case-note.txt"]["level"], "RESTRICTED")
        # and an unknown short option stays unknown, not split ("-q1")
        r = subprocess.run([PMARK, "audit", "-q1", "--db", self.db, self.tree],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("Unknown option -q", r.stderr)

    def test_store_location_names_its_backend(self):
        # a PostgreSQL location is not taken for a file name: with no
        # server there, a typed error naming the store on one line, and
        # nothing created on disk (the store itself: tests/audit/test_pg.py)
        r = subprocess.run([PMARK, "audit", "--db", "postgresql://audit@127.0.0.1:1/pmark",
                            self.tree], capture_output=True, text=True, timeout=60,
                           cwd=self.tmp.name)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, r"^pmark audit: postgresql://audit@127\.0\.0\.1:1/pmark: "
                                   r"cannot connect: .*refused")
        self.assertEqual(r.stderr.count("\n"), 1, r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "postgresql:")))
        # a password on the command line is refused before any connection,
        # and not echoed
        for loc in ("postgresql://audit:s3cret@127.0.0.1:1/pmark",
                    "host=127.0.0.1 port=1 password=s3cret dbname=pmark"):
            r = subprocess.run([PMARK, "audit", "--db", loc, self.tree],
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("~/.pgpass", r.stderr)
            self.assertNotIn("s3cret", r.stderr)
        r = subprocess.run([PMARK, "report", "--db", os.path.join(self.tmp.name, "none.sqlite")],
                           capture_output=True, text=True, timeout=60)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("no audit store there", r.stderr)

    def test_store_of_schema_1_is_migrated(self):
        # a store written before the content level was kept: opened, it is
        # brought up to date in place and its rows are kept
        with sqlite3.connect(self.db) as c:
            c.executescript(
                "CREATE TABLE runs (id INTEGER PRIMARY KEY, started INTEGER NOT NULL, "
                "finished INTEGER, policy TEXT NOT NULL, roots TEXT NOT NULL);"
                "CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, "
                "mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, dev INTEGER NOT NULL, "
                "hash TEXT, type TEXT, existing TEXT, level TEXT, "
                "descriptors TEXT NOT NULL DEFAULT '[]', reasons TEXT NOT NULL DEFAULT '[]', "
                "error TEXT, finding TEXT, audited_at INTEGER NOT NULL, "
                "run INTEGER NOT NULL REFERENCES runs(id));"
                "INSERT INTO runs VALUES (1, 0, 1, 'london-lscb', '/old');"
                "INSERT INTO files (path, size, mtime_ns, inode, dev, level, finding, "
                "audited_at, run) VALUES ('/old/a.txt', 3, 0, 1, 1, 'PROTECT', "
                "'under-marked', 0, 1);"
                "PRAGMA user_version = 1;")
        r = subprocess.run([PMARK, "report", "--db", self.db, "--format", "jsonl"],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        row = json.loads(r.stdout.splitlines()[0])
        self.assertEqual((row["path"], row["level"], row["content_level"]),
                         ("/old/a.txt", "PROTECT", None))
        with sqlite3.connect(self.db) as c:
            self.assertEqual(c.execute("PRAGMA user_version").fetchone()[0], 4)
            # and the simulation tables are there
            self.assertEqual(c.execute("SELECT count(*) FROM simulations").fetchone()[0], 0)

    def test_incremental(self):
        self.audit()
        first = self.rows()
        out = self.audit()
        self.assertIn("10 files: 0 read, 10 unchanged, 0 removed", out)
        # changed, new and deleted files
        note = os.path.join(self.tree, "social-care", "case-note.txt")
        with open(note, "w") as f:
            f.write("CONFIDENTIAL\nNothing else.\n")
        shutil.copy(os.path.join(SAMPLES, "pupil-record.txt"), os.path.join(self.tree, "new.txt"))
        os.unlink(os.path.join(self.tree, "schools", "backup.gz"))
        out = self.audit()
        self.assertIn("10 files: 2 read, 8 unchanged, 1 removed", out)
        rows = self.rows()
        self.assertNotIn("schools/backup.gz", rows)
        self.assertEqual(rows["new.txt"]["finding"], "under-marked")
        self.assertEqual(rows["social-care/case-note.txt"]["existing"], "CONFIDENTIAL")
        self.assertNotEqual(rows["social-care/case-note.txt"]["hash"],
                            first["social-care/case-note.txt"]["hash"])
        out = self.audit("--verify")
        self.assertIn("10 files: 10 read, 0 unchanged", out)

    def many_files(self):
        many = os.path.join(self.tree, "many")
        os.makedirs(many)
        for i in range(4000):
            with open(os.path.join(many, "n%05d.txt" % i), "w") as f:
                f.write("Note %d\nNHS number 999 000 0018\nstrategy discussion\n" % i)

    def test_sigint_stops_cleanly(self):
        self.many_files()
        p = subprocess.Popen([PMARK, "audit", "--db", self.db, "-j", "1", "-x", "scratch",
                              self.tree], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 60
        while time.time() < deadline and p.poll() is None:
            time.sleep(0.05)
            try:
                with sqlite3.connect(self.db, timeout=1) as c:
                    if c.execute("SELECT count(*) FROM files").fetchone()[0] >= 200:
                        break
            except sqlite3.Error:
                pass
        if p.poll() is not None:
            self.skipTest("SKIP: the audit finished before it could be interrupted")
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 130, err)
        self.assertIn("(stopped)", out)
        read = int(re.search(r"files: (\d+) read", out).group(1))
        with sqlite3.connect(self.db) as c:
            self.assertEqual(c.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            # everything it read is committed; nothing was removed as "gone"
            self.assertEqual(c.execute("SELECT count(*) FROM files").fetchone()[0], read)

    def test_kill_9_loses_nothing_committed(self):
        self.many_files()
        p = subprocess.Popen([PMARK, "audit", "--db", self.db, "-j", "1", "-x", "scratch",
                              self.tree], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # kill once some rows are committed
        deadline = time.time() + 60
        committed = 0
        while time.time() < deadline and p.poll() is None:
            time.sleep(0.05)
            try:
                with sqlite3.connect(self.db, timeout=1) as c:
                    committed = c.execute("SELECT count(*) FROM files").fetchone()[0]
            except sqlite3.Error:
                committed = 0
            if committed >= 400:
                break
        finished_before_kill = p.poll() is not None
        p.send_signal(signal.SIGKILL)
        p.wait()
        with sqlite3.connect(self.db) as c:
            self.assertEqual(c.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            after_kill = c.execute("SELECT count(*) FROM files").fetchone()[0]
        self.assertGreaterEqual(after_kill, committed)
        if finished_before_kill:
            print("NOTE: the audit finished before it could be killed")
        else:
            self.assertLess(after_kill, 4010)
        out = self.audit()
        with sqlite3.connect(self.db) as c:
            n, distinct = c.execute("SELECT count(*), count(DISTINCT path) FROM files").fetchone()
        self.assertEqual((n, distinct), (4010, 4010))
        self.assertIn("4010 files: %d read, %d unchanged" % (4010 - after_kill, after_kill), out)

    def test_apply_marks_under_marked_files(self):
        env = dict(os.environ, XDG_STATE_HOME=os.path.join(self.tmp.name, "state"))
        note = os.path.join(self.tree, "social-care", "case-note.txt")
        with open(note, "rb") as f:
            original = f.read()
        mirror = os.path.join(self.tmp.name, "mirror")
        r = subprocess.run([PMARK, "audit", "--db", self.db, "-x", "scratch", "--apply",
                            "--apply-dir", mirror, self.tree], capture_output=True, text=True,
                           env=env, timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        under = [k for k, v in self.rows().items() if v["finding"] == "under-marked"]
        self.assertIn("--apply: %d marked, 0 refused" % len(under), r.stdout)
        copy = os.path.join(mirror, "share", "social-care", "case-note.txt")
        with open(copy) as f:
            lines = f.read().splitlines()
        self.assertEqual((lines[0], lines[-1]), ("RESTRICTED - PERSONAL",) * 2)
        with open(note, "rb") as f:
            self.assertEqual(f.read(), original)   # the tree itself untouched
        log = os.path.join(self.tmp.name, "state", "pmark", "marking-log.jsonl")
        with open(log) as f:
            self.assertEqual(len(f.read().splitlines()), len(under))
        # in place: the files themselves, and a re-audit finds them marked
        r = subprocess.run([PMARK, "audit", "--db", self.db, "-x", "scratch", "--apply",
                            "--in-place", self.tree], capture_output=True, text=True, env=env,
                           timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.audit()
        rows = self.rows()
        self.assertIsNone(rows["social-care/case-note.txt"]["finding"])
        self.assertEqual(rows["social-care/case-note.txt"]["existing"], "RESTRICTED")

    def test_reports_come_from_the_store(self):
        out = self.audit()
        rows = self.rows()
        # the terminal summary counts the findings, worst first
        order = ["error", "unsupported", "not-inspected", "under-marked", "marking-tampered",
                 "signer-not-trusted", "type-mismatch", "over-marked"]
        counts = {}
        for v in rows.values():
            if v["finding"]:
                counts[v["finding"]] = counts.get(v["finding"], 0) + 1
        self.assertTrue(counts)
        want = ", ".join("%d %s" % (counts[f], f) for f in order if f in counts)
        self.assertIn("findings: %s (pmark report --format html" % want, out)
        r = subprocess.run([PMARK, "report", "--db", self.db, "--format", "jsonl"],
                           capture_output=True, text=True, check=True)
        objs = [json.loads(l) for l in r.stdout.splitlines()]
        self.assertEqual(len(objs), len(rows))
        for o in objs:
            for k in ("path", "type", "level", "descriptors", "existing", "finding"):
                self.assertIn(k, o)
            self.assertEqual(o["finding"], rows[os.path.relpath(o["path"], self.tree)]["finding"])
        r = subprocess.run([PMARK, "report", "--db", self.db, "--format", "csv"],
                           capture_output=True, text=True, check=True)
        table = list(csv.DictReader(io.StringIO(r.stdout)))
        self.assertEqual(len(table), len(rows))
        # the reasons in words, masked as the evidence is
        note = [t for t in table if t["path"].endswith("social-care/case-note.txt")][0]
        self.assertIn("child-protection or safeguarding case", note["why"])
        self.assertEqual(note["content_level"], "RESTRICTED")
        # and what to do about it
        self.assertEqual(note["finding"], "under-marked")
        self.assertIn("pmark audit --apply", note["next"])
        jnote = [o for o in objs if o["path"].endswith("social-care/case-note.txt")][0]
        self.assertEqual((jnote["why"], jnote["next"]), (note["why"], note["next"]))
        clean = [o for o in objs if not o["finding"]][0]
        self.assertIsNone(clean["next"])
        # a file not all read keeps why (a password-protected document)
        locked = [t for t in table if t["path"].endswith("schools/locked.docx")][0]
        self.assertEqual(locked["finding"], "not-inspected")
        self.assertIn("password-protected", locked["why"])
        self.assertIn("password-protected", locked["error"])
        jlocked = [o for o in objs if o["path"].endswith("schools/locked.docx")][0]
        self.assertEqual(jlocked["why"], locked["why"])
        # the store alone: the report still works with the tree gone
        shutil.rmtree(self.tree)
        html = os.path.join(self.tmp.name, "report.html")
        # (formats as people type them)
        subprocess.run([PMARK, "report", "--db", self.db, "--format", "HTML", "-o", html],
                       check=True)
        with open(html) as f:
            page = f.read()
        self.assertNotIn("http", page.split("<body>")[0])  # no external assets
        self.assertIn('<td id="files">%d</td>' % len(rows), page)
        n_findings = sum(1 for v in rows.values() if v["finding"])
        self.assertIn('<td id="findings">%d</td>' % n_findings, page)
        self.assertIn('data-key="social-care">6<', page)
        # which runs filled the store, under which policy
        runs = page.split('<pre id="runs">')[1].split("</pre>")[0]
        # which policy exactly: its fingerprint, the one `policy show` prints
        shown_policy = subprocess.run([PMARK, "policy", "show", "london-lscb"],
                                      capture_output=True, text=True, check=True).stdout
        import hashlib
        fp = hashlib.sha256(shown_policy.encode()).hexdigest()[:12]
        self.assertRegex(runs, r"run 1: policy london-lscb \(version sha256:%s\), roots \S+share, "
                               r"started " % fp)
        # what to do next: each finding there is, with its count and the advice
        import re
        steps = page.split('id="next-steps"')[1].split("</table>")[0]
        shown = re.findall(r'<th class="finding">([a-z-]+)</th><td class="n">(\d+)</td>', steps)
        self.assertEqual(shown, [(f, str(counts[f])) for f in order if f in counts])
        self.assertIn("rename it", steps)
        # the findings table fits the screen and can be filtered and sorted
        self.assertIn("table-layout:fixed", page)
        self.assertIn('<input id="filter" type="search">', page)
        self.assertIn("@media print", page)
        # rendered by a real browser: the figures it shows are the store's
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if not chromium:
            print("SKIP: chromium not installed (apt-get install chromium); "
                  "HTML report not rendered")
        else:
            r = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                                "--user-data-dir=" + os.path.join(self.tmp.name, "chr"),
                                "--dump-dom", "file://" + html], capture_output=True,
                               text=True, timeout=120)
            dom = r.stdout
            self.assertIn('<td id="files">%d</td>' % len(rows), dom, r.stderr)
            self.assertIn('<td id="findings">%d</td>' % n_findings, dom)
            import re
            shown = dict(re.findall(r'data-key="([^"]+)">(\d+)<', dom.split('id="per-level"')[1]
                                    .split("</table>")[0]))
            per_level = {}
            for v in rows.values():
                k = v["level"] or "(no decision)"
                per_level[k] = per_level.get(k, 0) + 1
            self.assertEqual({k: int(v) for k, v in shown.items()}, per_level)
        r = subprocess.run([PMARK, "report", "--db", self.db, "--format", "pdf"],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    unittest.main(verbosity=2)
