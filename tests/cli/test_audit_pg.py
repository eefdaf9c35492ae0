#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""pmark audit and pmark report on a real PostgreSQL 15 started here
(pgserver.py): one node against the SQLite store on the same tree, two and
three nodes on one tree (every file recorded once), kill -9 of a node
mid-run (the others finish its directories), a stopped node resuming,
incremental re-audits, --apply, --status, credentials kept off the command
line, and policy simulation with report --compare (PostgreSQL and SQLite)."""
import csv
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgserver  # noqa: E402

PMARK = os.environ["PMARK"]
ROOT = os.environ["PMARK_SOURCE_ROOT"]
SAMPLES = os.path.join(ROOT, "samples")
SANITIZED = bool(os.environ.get("PMARK_SANITIZED"))

SERVER = None
SKIP = None


def setUpModule():
    global SERVER, SKIP
    try:
        SERVER = pgserver.Server()
        SERVER.start()
    except (RuntimeError, OSError) as e:
        SKIP = str(e)
        print("# SKIP: PostgreSQL tests: %s" % SKIP, file=sys.stderr)


def tearDownModule():
    if SERVER:
        SERVER.stop()


CASE = ("Strategy discussion under section 47 for the child with NHS number "
        "999 000 0018.\n")
PLAIN = "Minutes of the allotment committee: the hedges will be cut in May.\n"


def make_tree(top, dirs=12, per_dir=25):
    """dirs x per_dir text files (every seventh a case note) in two levels,
    and the samples; returns the number of regular files"""
    n = 0
    for d in range(dirs):
        sub = os.path.join(top, "team-%02d" % (d % 4), "folder-%02d" % d)
        os.makedirs(sub, exist_ok=True)
        for i in range(per_dir):
            with open(os.path.join(sub, "note-%03d.txt" % i), "w") as f:
                f.write(CASE if (d * per_dir + i) % 7 == 0 else PLAIN)
                f.write("Item %d of folder %d.\n" % (i, d))
            n += 1
    os.makedirs(os.path.join(top, "samples"))
    for name in ("case-note.txt", "marked-confidential.txt", "board-report.txt",
                 "strategy-minutes.docx", "caseload.xlsx", "pupil-letter.odt"):
        shutil.copy(os.path.join(SAMPLES, name), os.path.join(top, "samples", name))
        n += 1
    return n


class PgAudit(unittest.TestCase):
    def setUp(self):
        if SKIP:
            self.skipTest(SKIP)
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        # a database of its own for each test
        self.db = "t%d_%s" % (os.getpid(), self.id().split(".")[-1].lower()[:40])
        SERVER.psql("CREATE DATABASE %s OWNER auditor" % self.db)
        self.url = SERVER.url(self.db)
        self.tree = os.path.join(self.tmp.name, "share")
        self.count = make_tree(self.tree)
        # opening the store creates its schema; no runs yet
        self.assertEqual(self.pmark("audit", "--db", self.url, "--status").stdout, "no runs\n")

    def q(self, sql):
        return SERVER.psql(sql, db=self.db, user="auditor")

    def pmark(self, *args, check=True, timeout=300):
        r = subprocess.run([PMARK, *args], capture_output=True, text=True, timeout=timeout,
                           env=SERVER.env())
        if check:
            self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def node(self, name, *args, root=None):
        return subprocess.Popen([PMARK, "audit", "--db", self.url, "--node", name, "-j", "1",
                                 "--root", "share=" + (root or self.tree), *args],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=SERVER.env())

    def stored(self):
        return {p: (lv, fd) for p, lv, fd in
                (l.split("|") for l in self.q("SELECT path, coalesce(level, ''), "
                                              "coalesce(finding, '') FROM files").splitlines())}

    def test_one_node_matches_sqlite(self):
        out = self.pmark("audit", "--db", self.url, self.tree).stdout
        self.assertIn("%d files: %d read, 0 unchanged" % (self.count, self.count), out)
        lite = os.path.join(self.tmp.name, "audit.sqlite")
        self.pmark("audit", "--db", lite, self.tree)
        for fmt in ("jsonl", "csv"):
            a = self.pmark("report", "--db", self.url, "-f", fmt).stdout
            b = self.pmark("report", "--db", lite, "-f", fmt).stdout
            if fmt == "jsonl":
                # the same rows, but for when they were read
                strip = [dict(json.loads(l), audited_at=0) for l in a.splitlines()]
                self.assertEqual(strip, [dict(json.loads(l), audited_at=0)
                                         for l in b.splitlines()])
                self.assertEqual(len(strip), self.count)
                levels = {os.path.relpath(r["path"], self.tree): r["level"] for r in strip}
                self.assertEqual(levels["samples/case-note.txt"], "RESTRICTED")
                self.assertEqual(levels["team-00/folder-00/note-000.txt"], "RESTRICTED")
                self.assertEqual(levels["team-00/folder-00/note-001.txt"],
                                 "NOT PROTECTIVELY MARKED")
            else:
                self.assertEqual(a, b)
        html = self.pmark("report", "--db", self.url, "-f", "html").stdout
        self.assertIn('<td id="files">%d</td>' % self.count, html)
        # masked evidence only, in the database too
        dump = self.q("SELECT string_agg(reasons, ' ') FROM files")
        self.assertIn("999 *** **18", dump)
        self.assertNotIn("999 000 0018", dump)
        # the schema is versioned
        self.assertEqual(self.q("SELECT version FROM pmark_schema"), "2")

    def test_status_speed_is_the_nodes_own(self):
        # a node's files/s in --status is its files over its own time, from
        # joining the run to finishing it (its heartbeat was last set by the
        # heartbeat thread, every lease/3 seconds: 57 files in 7.6 s were
        # shown as 2,968 files/s). The node is held still for 2 s in the
        # middle of its run: its time is then at least that
        shutil.rmtree(self.tree)
        self.count = make_tree(self.tree, dirs=40, per_dir=50)
        b = self.node("alpha")
        self.wait_recorded("alpha", 1)
        b.send_signal(signal.SIGSTOP)
        time.sleep(2)
        left = int(self.q("SELECT count(*) FROM work WHERE NOT done"))
        b.send_signal(signal.SIGCONT)
        (rc, out, err), = self.wait_all([b])
        self.assertEqual(rc, 0, err)
        if not left:
            self.skipTest("SKIP: the node finished before it could be held still")
        st = self.pmark("audit", "--db", self.url, "--status").stdout
        n = re.search(r"node alpha: finished, (\d+) files, [\d.]+ MB, ([\d.]+) files/s", st)
        self.assertIsNotNone(n, st)
        files = int(n.group(1))
        self.assertEqual(files, self.count)
        self.assertLessEqual(float(n.group(2)), files / 2.0, st)

    def test_incremental_and_named_roots(self):
        self.pmark("audit", "--db", self.url, "--root", "share=" + self.tree)
        paths = self.stored()
        self.assertEqual(len(paths), self.count)
        self.assertTrue(all(p.startswith("share:/") for p in paths), list(paths)[:3])
        # another node's mount point: the same stored paths, nothing re-read
        link = os.path.join(self.tmp.name, "mnt")
        os.symlink(self.tree, link)
        out = self.pmark("audit", "--db", self.url, "--root", "share=" + link).stdout
        self.assertIn("%d files: 0 read, %d unchanged, 0 removed" % (self.count, self.count), out)
        # changed, new and deleted files
        with open(os.path.join(self.tree, "samples", "board-report.txt"), "a") as f:
            f.write("\nNHS number 999 000 0018, strategy discussion.\n")
        os.unlink(os.path.join(self.tree, "team-00", "folder-00", "note-001.txt"))
        with open(os.path.join(self.tree, "team-01", "new.txt"), "w") as f:
            f.write(CASE)
        out = self.pmark("audit", "--db", self.url, "--root", "share=" + link).stdout
        self.assertIn("%d files: 2 read, %d unchanged, 1 removed" % (self.count, self.count - 2),
                      out)
        s = self.stored()
        self.assertEqual(s["share:/samples/board-report.txt"], ("RESTRICTED", "under-marked"))
        self.assertNotIn("share:/team-00/folder-00/note-001.txt", s)
        self.assertIn("share:/team-01/new.txt", s)
        # --apply maps the stored paths back through the root's name
        out_dir = os.path.join(self.tmp.name, "marked")
        out = self.pmark("audit", "--db", self.url, "--root", "share=" + link, "--apply",
                         "--apply-dir", out_dir).stdout
        self.assertIn("--apply: ", out)
        marked = os.path.join(out_dir, "share", "samples", "board-report.txt")
        self.assertTrue(os.path.exists(marked), out)
        r = self.pmark("classify", "--json", marked)
        self.assertEqual(json.loads(r.stdout)["existing"]["level"], "RESTRICTED")

    def wait_all(self, procs, timeout=300):
        outs = []
        for p in procs:
            out, err = p.communicate(timeout=timeout)
            outs.append((p.returncode, out, err))
        return outs

    def assert_every_file_once(self):
        self.assertEqual(int(self.q("SELECT count(*) FROM files")), self.count)
        # each node counts the rows it recorded, in the transaction that
        # records them: the counts add up to the files exactly
        self.assertEqual(int(self.q("SELECT sum(files) FROM nodes")), self.count)
        self.assertEqual(self.q("SELECT count(*) FROM runs WHERE finished IS NULL"), "0")
        self.assertEqual(self.q("SELECT count(*) FROM work WHERE NOT done"), "0")

    def test_two_and_three_nodes(self):
        # large enough that every node starts before the work runs out
        shutil.rmtree(self.tree)
        self.count = make_tree(self.tree, dirs=40, per_dir=50)
        for n in (2, 3):
            with self.subTest(nodes=n):
                self.q("TRUNCATE files, nodes, work, runs CASCADE")
                procs = [self.node("n%d-%d" % (n, i)) for i in range(n)]
                for rc, out, err in self.wait_all(procs):
                    self.assertEqual(rc, 0, err)
                self.assert_every_file_once()
                per_node = [int(x) for x in self.q(
                    "SELECT files FROM nodes ORDER BY name").splitlines()]
                self.assertEqual(len(per_node), n)
                # the work was shared (each node recorded some), and no
                # directory was claimed twice (none was given up)
                self.assertTrue(all(c > 0 for c in per_node), per_node)
                self.assertEqual(self.q("SELECT count(*) FROM work WHERE claims <> 1"), "0")
                # the same results as one SQLite node on the same tree
                lite = os.path.join(self.tmp.name, "one-%d.sqlite" % n)
                self.pmark("audit", "--db", lite, "--root", "share=" + self.tree)
                with sqlite3.connect(lite) as c:
                    want = {p: (lv or "", fd or "") for p, lv, fd in
                            c.execute("SELECT path, level, finding FROM files")}
                self.assertEqual(self.stored(), want)

    def wait_recorded(self, node, at_least, timeout=120):
        end = time.time() + timeout
        while time.time() < end:
            got = self.q("SELECT coalesce(sum(files), 0) FROM nodes WHERE name = '%s'" % node)
            if int(got) >= at_least:
                return
            time.sleep(0.05)
        self.fail("node %s recorded nothing" % node)

    def test_kill_9_a_node(self):
        # a larger tree, so that alpha is caught mid-run
        shutil.rmtree(self.tree)
        self.count = make_tree(self.tree, dirs=40, per_dir=50)
        a = self.node("alpha", "--lease", "2")
        self.wait_recorded("alpha", 1)
        a.send_signal(signal.SIGSTOP)  # frozen where it was, then killed
        left = int(self.q("SELECT count(*) FROM work WHERE NOT done"))
        held = int(self.q("SELECT count(*) FROM work WHERE NOT done AND node = 'alpha'"))
        a.send_signal(signal.SIGKILL)
        a.communicate()
        if not left:
            self.skipTest("alpha finished before it could be stopped")
        self.assertGreater(held, 0)
        b = self.node("beta", "--lease", "2")
        (rc, out, err), = self.wait_all([b])
        self.assertEqual(rc, 0, err)
        self.assertNotIn("continues on other nodes", out)
        self.assert_every_file_once()
        # beta took over what alpha held when it died (claimed twice)
        self.assertEqual(int(self.q("SELECT count(*) FROM work WHERE claims > 1")), held)
        st = self.pmark("audit", "--db", self.url, "--status").stdout
        self.assertIn("finished", st)
        self.assertRegex(st, r"node beta: finished, \d+ files")
        self.assertRegex(st, r"node alpha: silent, \d+ files")

    def test_stopped_node_resumes(self):
        shutil.rmtree(self.tree)
        self.count = make_tree(self.tree, dirs=40, per_dir=50)
        a = self.node("alpha")
        self.wait_recorded("alpha", 1)
        a.send_signal(signal.SIGSTOP)  # held still while the test looks
        left = int(self.q("SELECT count(*) FROM work WHERE NOT done"))
        a.send_signal(signal.SIGINT)
        a.send_signal(signal.SIGCONT)
        out, err = a.communicate(timeout=120)
        if not left:
            self.skipTest("the audit finished before it could be stopped")
        self.assertEqual(a.returncode, 130, err)
        first = int(self.q("SELECT files FROM nodes WHERE name = 'alpha'"))
        self.assertLess(first, self.count)
        st = self.pmark("audit", "--db", self.url, "--status").stdout
        self.assertIn("in progress", st)
        self.assertIn("node alpha: stopped", st)
        # the same roots and policy: the run is joined, not begun again
        b = self.node("alpha")
        (rc, out, err), = self.wait_all([b])
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.q("SELECT count(*) FROM runs"), "1")
        self.assert_every_file_once()

    def test_credentials(self):
        # a password in a --db-file works; no PGPASSFILE needed
        dbfile = os.path.join(self.tmp.name, "store")
        with open(os.open(dbfile, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write("postgresql://auditor:%s@127.0.0.1:%d/%s\n"
                    % (SERVER.password, SERVER.port, self.db))
        env = dict(os.environ)
        env.pop("PGPASSFILE", None)
        env["PGPASSFILE"] = os.path.join(self.tmp.name, "none")
        r = subprocess.run([PMARK, "audit", "--db-file", dbfile, self.tree],
                           capture_output=True, text=True, timeout=300, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        # without it, libpq's own error, one line, no password shown
        r = subprocess.run([PMARK, "report", "--db", self.url], capture_output=True, text=True,
                           timeout=60, env=env)
        self.assertEqual(r.returncode, 1)
        self.assertIn("postgresql://auditor@127.0.0.1:%d/%s: cannot connect" %
                      (SERVER.port, self.db), r.stderr)
        self.assertNotIn(SERVER.password, r.stderr)
        # a wrong password in the file: refused by the server, not echoed
        with open(dbfile, "w") as f:
            f.write("postgresql://auditor:wrong-one@127.0.0.1:%d/%s\n" % (SERVER.port, self.db))
        r = subprocess.run([PMARK, "report", "--db-file", dbfile], capture_output=True,
                           text=True, timeout=60, env=env)
        self.assertEqual(r.returncode, 1)
        self.assertIn("password authentication failed", r.stderr)
        self.assertNotIn("wrong-one", r.stderr)

    def test_simulate_and_compare(self):
        simulate_and_compare(self, self.url, self.pmark, "share:/samples/")


STRICTER = """[policy]
name = stricter
include = london-lscb

[match board-report]
keywords = board report

[rule board-reports]
when = board-report
level = PROTECT
descriptor = POLICY
explain = It is a board report, which this authority marks PROTECT.
"""


def simulate_and_compare(t, db, pmark, prefix):
    """audit under london-lscb, simulate under a policy that adds a rule,
    compare: only the board report changes, with both reasons"""
    pmark("audit", "--db", db, "--root", "share=" + t.tree)
    pol = os.path.join(t.tmp.name, "stricter.policy")
    with open(pol, "w") as f:
        f.write(STRICTER)
    before = pmark("report", "--db", db).stdout
    out = pmark("audit", "--db", db, "--simulate", "--policy", pol,
                "--root", "share=" + t.tree).stdout
    t.assertRegex(out, r"simulation 1 under stricter: %d files, 0 errors" % t.count)
    # nothing else in the store changed
    t.assertEqual(pmark("report", "--db", db).stdout, before)
    rows = [json.loads(l) for l in pmark("report", "--db", db, "--compare").stdout.splitlines()]
    t.assertEqual([r["path"] for r in rows], [prefix + "board-report.txt"], rows)
    r = rows[0]
    t.assertEqual((r["before"]["level"], r["after"]["level"]),
                  ("NOT PROTECTIVELY MARKED", "PROTECT"))
    t.assertEqual((r["before"]["finding"], r["after"]["finding"]), (None, "under-marked"))
    t.assertIn("board report, which this authority marks PROTECT", r["after"]["why"])
    t.assertEqual(r["change"], "level and finding")
    c = list(csv.DictReader(io.StringIO(pmark("report", "--db", db, "--compare",
                                              "-f", "csv").stdout)))
    t.assertEqual([(x["path"], x["level_after"]) for x in c],
                  [(prefix + "board-report.txt", "PROTECT")])
    html = pmark("report", "--db", db, "--compare", "-f", "html").stdout
    t.assertIn('<td id="changed">1</td>', html)
    t.assertIn("What the policy stricter would change", html)
    # a file gone since: an error row in the simulation, never a silent gap
    os.unlink(os.path.join(t.tree, "samples", "caseload.xlsx"))
    pmark("audit", "--db", db, "--simulate", "--policy", pol, "--root", "share=" + t.tree)
    rows = [json.loads(l) for l in pmark("report", "--db", db, "--compare",
                                         "--simulation", "2").stdout.splitlines()]
    gone = [r for r in rows if r["path"].endswith("caseload.xlsx")]
    t.assertEqual(gone[0]["after"]["finding"], "error")
    t.assertIn("No such file", gone[0]["after"]["error"])
    r = pmark("report", "--db", db, "--compare", "--simulation", "9", check=False)
    t.assertEqual(r.returncode, 1)
    t.assertIn("no finished simulation of that number", r.stderr)


class SqliteSimulation(unittest.TestCase):
    """the same simulation on the SQLite store (no server needed)"""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.tree = os.path.join(self.tmp.name, "share")
        self.count = make_tree(self.tree, dirs=2, per_dir=3)

    def pmark(self, *args, check=True):
        r = subprocess.run([PMARK, *args], capture_output=True, text=True, timeout=300)
        if check:
            self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def test_simulate_and_compare(self):
        simulate_and_compare(self, os.path.join(self.tmp.name, "a.sqlite"), self.pmark,
                             "share:/samples/")


if __name__ == "__main__":
    unittest.main(verbosity=2)
