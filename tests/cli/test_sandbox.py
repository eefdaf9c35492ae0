#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Readers run in worker processes (pmark(1) SANDBOX).

In every build: the results are the same with and without workers, for
every sample. In a build with -Dfault_injection=true (the test build CI
makes with the sanitizers): a reader that crashes, aborts, hangs, grows
without bound or breaks the protocol costs its document only, with a
typed error naming the file and the format, and never a clean result;
the other files of the same run are read right; a worker killed from
outside is reported the same way; the worker cannot open a socket, write
a file, start a process or exec; an audit completes with the failing file
recorded as an error; the mail filter holds a message whose reader
crashed and exits as documented. Stamping runs in a worker too: a writer
that crashes or hangs costs that file's marking (mark, audit --apply,
serve), never the run or the server, and leaves nothing half-written."""
import email.message
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from standin import crashing_module  # noqa: E402

PMARK = os.environ["PMARK"]
ROOT = os.environ["PMARK_SOURCE_ROOT"]
SAMPLES = os.path.join(ROOT, "samples")
FAULTS = os.environ.get("PMARK_FAULT_INJECTION") == "1"
SANITIZED = os.environ.get("PMARK_SANITIZED") == "1"
NO_FAULTS = ("this build has no fault injection (meson -Dfault_injection=true; CI's "
             "sanitizer build has it)")


def classify(*args, env=None, timeout=300):
    r = subprocess.run([PMARK, "classify", "--json", *args], capture_output=True, text=True,
                       env=env, timeout=timeout)
    return r, [json.loads(l) for l in r.stdout.splitlines() if l.startswith("{")]


class SameResults(unittest.TestCase):
    def test_samples_read_the_same_in_workers_and_in_process(self):
        files = sorted(os.path.join(SAMPLES, f) for f in os.listdir(SAMPLES)
                       if not f.endswith(".expected.json"))
        r1, sandboxed = classify(*files)
        env = dict(os.environ, PMARK_SANDBOX="off")
        r2, inproc = classify(*files, env=env)
        self.assertEqual(r1.returncode, r2.returncode)
        if not SANITIZED:
            # no library chatter from the workers (Tesseract's debug file
            # cannot be opened under the filter: their stderr is /dev/null)
            self.assertEqual(r1.stderr, r2.stderr)
        self.assertEqual(len(sandboxed), len(files))
        for a, b in zip(sandboxed, inproc):
            self.assertEqual(a, b, a["path"])
        # a scanned page whose OCR makes Tesseract talk (the shared checks)
        scan = os.path.join(ROOT, "..", "shared", "checks", "scanned-case-note.pdf")
        if SANITIZED:
            print("SKIP: sanitizer builds keep the workers' standard error")
        elif not os.path.exists(scan):
            print("SKIP: %s not found: the workers' quiet stderr is checked on the samples only"
                  % scan)
        else:
            r = subprocess.run([PMARK, "classify", scan], capture_output=True, text=True)
            self.assertEqual(r.stderr, "", "library chatter from a worker")
        # --no-sandbox is the same switch
        r3 = subprocess.run([PMARK, "--no-sandbox", "classify", "--json", files[0]],
                            capture_output=True, text=True)
        self.assertEqual(json.loads(r3.stdout), inproc[0])


    def test_no_worker_outlives_the_command(self):
        # pmark waits for its workers before it exits (pmark(1) SANDBOX):
        # run as the children of a subreaper, which any orphan would join,
        # a command leaves no process behind. classify forks its worker,
        # mark execs its reader and writer.
        out = os.path.join(tempfile.mkdtemp(), "marked.txt")
        script = r"""
import ctypes, os, subprocess, sys
libc = ctypes.CDLL(None, use_errno=True)
assert libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
pmark, sample, out = sys.argv[1:4]
for args in (["classify", sample],
             ["mark", "--level", "RESTRICTED", "--justify", "t", "--log", out + ".log",
              "-o", out, sample]):
    r = subprocess.run([pmark, *args], stdout=subprocess.DEVNULL)
    assert r.returncode == 0, (args, r.returncode)
    try:
        left = os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        continue
    print("left behind by %s: %r" % (args[0], left))
    sys.exit(1)
print("none left")
"""
        r = subprocess.run([sys.executable, "-c", script, PMARK,
                            os.path.join(SAMPLES, "case-note.txt"), out],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual((r.returncode, r.stdout.strip()), (0, "none left"), r.stderr)

    def test_a_worker_limits_its_address_space(self):
        # A worker limits its own address space for each document: what it
        # maps plus what the parent lets it hold from outside (twice
        # max-memory plus 256 MB), so an allocation faster than the parent's
        # polling fails inside it. Seen in /proc on an idle worker, which
        # keeps the limit of the document it read last (classify waits on
        # its standard input for the second file).
        if SANITIZED:
            self.skipTest("SKIP: AddressSanitizer's shadow memory maps terabytes: workers of "
                          "sanitizer builds set no address-space limit")
        p = subprocess.Popen([PMARK, "classify", os.path.join(SAMPLES, "case-note.txt"), "-"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        found = None
        try:
            end = time.monotonic() + 60
            while time.monotonic() < end and not found:
                kids = subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True,
                                      text=True).stdout.split()
                for k in kids:
                    try:
                        with open("/proc/%s/limits" % k) as f:
                            soft = [l.split()[3] for l in f if l.startswith("Max address space")]
                        with open("/proc/%s/status" % k) as f:
                            vm = [int(l.split()[1]) << 10 for l in f if l.startswith("VmSize")]
                    except OSError:
                        continue
                    if soft and soft[0] != "unlimited":
                        found = (int(soft[0]), vm[0])
                time.sleep(0.05)
        finally:
            out, _ = p.communicate("Nothing here.\n", timeout=60)
        self.assertIsNotNone(found, "no worker with an address-space limit")
        limit, mapped = found
        # the policy's max-memory-mb is the built-in 512
        allowance = 2 * (512 << 20) + (256 << 20)
        self.assertGreater(limit, allowance)
        self.assertLess(limit, mapped + allowance + (256 << 20), found)
        self.assertIn("case-note.txt: RESTRICTED", out)


def mark(*args, env=None, log, timeout=300, sandbox=True):
    return subprocess.run([PMARK, *([] if sandbox else ["--no-sandbox"]), "mark", "--log", log,
                           "--level", "RESTRICTED", "--justify", "test", *args],
                          capture_output=True, text=True, env=env, timeout=timeout)


class Writers(unittest.TestCase):
    def test_a_writer_that_crashes_costs_that_file(self):
        # Stamping parses the document again (qpdf and poppler for a PDF),
        # in a worker (stamp/sandbox.c). A stand-in module "pdf-writer"
        # whose writer crashes (as a qpdf bug would) costs the PDF's
        # marking only: no output, no temporary, no log record; the docx
        # of the same run is marked. In-process the crash is pmark's.
        with tempfile.TemporaryDirectory() as d:
            mods = crashing_module(PMARK, os.path.join(d, "modules"), "pdf-writer",
                                   "pmark_pdf_writer")
            if not mods:
                self.skipTest("SKIP: no C compiler to build a stand-in module")
            env = dict(os.environ, PMARK_MODULE_DIR=mods)
            work = os.path.join(d, "work")
            os.mkdir(work)
            pdf = shutil.copy(os.path.join(SAMPLES, "case-summary.pdf"), work)
            docx = shutil.copy(os.path.join(SAMPLES, "meeting-notes.docx"), work)
            with open(pdf, "rb") as f:
                before = f.read()
            log = os.path.join(d, "log.jsonl")
            r = mark(pdf, docx, env=env, log=log)
            self.assertEqual(r.returncode, 1, r.stderr)
            # (signal 6 under AddressSanitizer, which catches the fault and aborts)
            self.assertRegex(r.stderr, r"case-summary\.pdf: the pdf writer crashed \(signal (11|6)")
            self.assertRegex(r.stdout, r"meeting-notes\.docx -> .*meeting-notes\.marked\.docx")
            self.assertEqual(sorted(os.listdir(work)),
                             ["case-summary.pdf", "meeting-notes.docx",
                              "meeting-notes.marked.docx"])
            with open(pdf, "rb") as f:
                self.assertEqual(f.read(), before)
            with open(log) as f:
                records = [json.loads(l) for l in f]
            self.assertEqual([os.path.basename(x["output"]) for x in records],
                             ["meeting-notes.marked.docx"])
            _, (got,) = classify(os.path.join(work, "meeting-notes.marked.docx"))
            self.assertEqual(got["existing"]["text"], "RESTRICTED")
            # the real writer, the same run: the PDF is marked
            r = mark(pdf, log=log)
            self.assertEqual(r.returncode, 0, r.stderr)
            os.unlink(os.path.join(work, "case-summary.marked.pdf"))
            # in-process (--no-sandbox, for debugging) the crash is pmark's
            r = mark(pdf, env=env, log=log, sandbox=False)
            self.assertNotIn(r.returncode, (0, 1), r.stderr)
            self.assertNotIn("case-summary.marked.pdf", os.listdir(work))


@unittest.skipUnless(FAULTS, NO_FAULTS)
class Faults(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.d = cls.tmp.name
        # short budgets, so hangs and growth end quickly
        cls.policy = os.path.join(cls.d, "short.policy")
        with open(os.path.join(ROOT, "policies", "london-lscb.policy")) as f:
            text = f.read()
        with open(cls.policy, "w") as f:
            f.write(text + "\n[budget]\nmax-seconds = 1\nmax-memory-mb = 64\n")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def faulty(self, name, marker):
        path = os.path.join(self.d, name)
        with open(path, "w") as f:
            f.write("Meeting notes.\n%s\n" % marker)
        return path

    def assert_not_clean(self, res):
        self.assertIsNotNone(res["error"], res)
        self.assertNotEqual(res["level"], "NOT PROTECTIVELY MARKED", res)
        self.assertFalse(res["inspected"] and not res["error"])

    def test_crash_abort_garbage(self):
        for marker, code, words in (("PMARK-FAULT-CRASH", "reader-crashed", "SEGV"),
                                    ("PMARK-FAULT-ABORT", "reader-crashed", "ABRT"),
                                    ("PMARK-FAULT-GARBAGE", "reader-crashed",
                                     "broke the reader protocol")):
            path = self.faulty(marker.lower() + ".txt", marker)
            r, (res,) = classify(path)
            self.assertEqual(r.returncode, 1, marker)
            self.assertEqual(res["error"]["code"], code, res)
            msg = res["error"]["message"]
            self.assertIn(path, msg)
            self.assertIn("the text reader", msg)
            if SANITIZED and words == "SEGV":
                # AddressSanitizer catches the fault and aborts (abort_on_error)
                self.assertRegex(msg, "SEGV|ABRT")
            else:
                self.assertIn(words, msg)
            self.assert_not_clean(res)

    def test_hang_is_stopped(self):
        path = self.faulty("hang.txt", "PMARK-FAULT-HANG")
        start = time.monotonic()
        r, (res,) = classify("-P", self.policy, path)
        took = time.monotonic() - start
        self.assertEqual(res["error"]["code"], "reader-timeout", res)
        self.assertIn("did not finish within 6 seconds", res["error"]["message"])
        self.assertLess(took, 60)
        self.assert_not_clean(res)

    def test_unbounded_allocation_is_stopped(self):
        path = self.faulty("alloc.txt", "PMARK-FAULT-ALLOC")
        r, (res,) = classify("-P", self.policy, path, timeout=600)
        self.assertEqual(res["error"]["code"], "reader-crashed", res)
        self.assert_not_clean(res)

    def test_address_space_taken_untouched_is_stopped(self):
        # memory reserved and never touched: the resident size the parent
        # polls stays small, so only the worker's address-space limit stops
        # it (without the limit the file would read as clean)
        if SANITIZED:
            self.skipTest("SKIP: AddressSanitizer's shadow memory maps terabytes: workers of "
                          "sanitizer builds set no address-space limit")
        path = self.faulty("reserve.txt", "PMARK-FAULT-RESERVE")
        note = os.path.join(SAMPLES, "case-note.txt")
        r, (res, after) = classify("-P", self.policy, path, note, timeout=300)
        self.assertEqual(res["error"]["code"], "reader-crashed", res)
        # the worker says why before g_malloc's failure ends it
        self.assertRegex(res["error"]["message"],
                         r"reserve\.txt: the text reader ran out of memory \(its address "
                         r"space is limited to 384 MB above")
        self.assert_not_clean(res)
        # and is replaced: the next file is read
        self.assertIsNone(after["error"], after)
        self.assertEqual(after["level"], "RESTRICTED", after)

    def test_worker_holding_memory_is_replaced(self):
        # a worker left holding more than half its allowance after a
        # document (a reader's leak, an allocator's cache) is replaced, so
        # the next document has room; one that is not goes on serving
        files = [self.faulty("a.txt", "PMARK-FAULT-PID"),
                 self.faulty("keep.txt", "PMARK-FAULT-KEEP PMARK-FAULT-PID"),
                 self.faulty("b.txt", "PMARK-FAULT-PID"),
                 self.faulty("c.txt", "PMARK-FAULT-PID")]
        r = subprocess.run([PMARK, "extract", *files], capture_output=True, text=True,
                           timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        pids = re.findall(r"^worker (\d+)$", r.stdout, re.M)
        self.assertEqual(len(pids), 4, r.stdout)
        self.assertEqual(pids[0], pids[1], "the pool reuses a worker")
        self.assertNotEqual(pids[1], pids[2], "the worker holding memory was kept")
        self.assertEqual(pids[2], pids[3], "its replacement is reused")

    def test_other_files_of_the_run_are_right(self):
        good = [os.path.join(SAMPLES, f) for f in ("case-note.txt", "case-summary.pdf",
                                                   "strategy-minutes.docx")]
        bad = [self.faulty("c.txt", "PMARK-FAULT-CRASH"), self.faulty("h.txt", "PMARK-FAULT-HANG")]
        files = [good[0], bad[0], good[1], bad[1], good[2]]
        r, got = classify("-P", self.policy, *files)
        self.assertEqual(r.returncode, 1)
        env = dict(os.environ, PMARK_SANDBOX="off")
        _, want = classify("-P", self.policy, *good, env=env)
        self.assertEqual([got[0], got[2], got[4]], want)
        self.assertEqual(got[1]["error"]["code"], "reader-crashed")
        self.assertEqual(got[3]["error"]["code"], "reader-timeout")

    def test_worker_killed_from_outside(self):
        path = self.faulty("hang-long.txt", "PMARK-FAULT-HANG")
        p = subprocess.Popen([PMARK, "classify", "--json", path], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        worker = None
        for _ in range(200):
            out = subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True, text=True)
            if out.stdout.strip():
                worker = int(out.stdout.split()[0])
                break
            time.sleep(0.05)
        self.assertIsNotNone(worker, "no worker process started")
        time.sleep(0.3)
        os.kill(worker, signal.SIGKILL)
        out, err = p.communicate(timeout=60)
        res = json.loads(out)
        self.assertEqual(res["error"]["code"], "reader-crashed", res)
        self.assertIn("signal 9", res["error"]["message"])
        self.assert_not_clean(res)

    # what the probe tries (confine.c, confine_probe), each of which the
    # sandbox must refuse
    PROBES = ("socket", "open for writing", "fork", "exec", "fchmod", "fchown", "fsetxattr",
              "futimens", "openat2", "io_uring_setup", "pidfd_open", "kill parent",
              "parent's memory", "process_vm_readv", "ptrace parent", "connect")
    # what it reports
    REPORTS = ("capabilities", "network namespace", "walls")

    def probe(self, path, *args, env=None, prefix=(), where=None):
        """pmark extract over a file carrying the probe, with a victim file
        it may read and must not change and a TCP listener on 127.0.0.1 it
        must not reach; leak checking off, so that a sanitizer build's
        workers have a release build's walls (LeakSanitizer needs ptrace and
        clone). Returns (answers, victim's path, its stat and bytes before,
        the path it must not write); self.connected says whether the
        listener was reached."""
        import socket
        where = where or self.d
        victim = os.path.join(where, "victim-%s" % os.path.basename(path))
        with open(victim, "w") as f:
            f.write("must stay as it is\n")
        os.chmod(victim, 0o644)
        before = os.stat(victim)
        target = os.path.join(where, "written-by-%s" % os.path.basename(path))
        asan = os.environ.get("ASAN_OPTIONS", "")
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen()
            listener.setblocking(False)
            env = dict(os.environ, **(env or {}), PMARK_FAULT_WRITE_PATH=target,
                       PMARK_FAULT_VICTIM=victim,
                       PMARK_FAULT_PORT=str(listener.getsockname()[1]),
                       ASAN_OPTIONS=(asan + ":" if asan else "") + "detect_leaks=0")
            r = subprocess.run([*prefix, PMARK, *args, "extract", path], capture_output=True,
                               text=True, env=env, timeout=120)
            try:
                listener.accept()[0].close()
                self.connected = True
            except BlockingIOError:
                self.connected = False
        self.assertEqual(r.returncode, 0, r.stderr)
        answers = {}
        for line in r.stdout.splitlines():
            what, sep, answer = line.partition(": ")
            if sep and (what in self.PROBES or what in self.REPORTS):
                answers.setdefault(what, answer)
        return answers, victim, before, target

    @staticmethod
    def kernel_walls():
        """What this kernel gives a process: (namespaces, Landlock ABI)"""
        import ctypes
        ns = subprocess.run(["unshare", "--net", "--ipc", "true"],
                            capture_output=True).returncode == 0
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        abi = libc.syscall(444, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
        return ns, max(abi, 0)

    def assert_walls(self, answers):
        """The namespaces and Landlock the kernel allows, in place (said
        loudly when it allows none)"""
        ns, abi = self.kernel_walls()
        walls = answers["walls"]
        if ns:
            self.assertRegex(walls, r"^namespaces net, ipc", answers)
            self.assertNotEqual(answers["network namespace"], os.readlink("/proc/self/ns/net"))
        else:
            print("SKIP (in part): this kernel or container allows no network namespace; "
                  "the worker said: " + walls, file=sys.stderr)
        if abi:
            self.assertIn("landlock ABI %d" % abi, walls)
        else:
            print("SKIP (in part): this kernel has no Landlock; the worker said: " + walls,
                  file=sys.stderr)
        return ns, abi

    def assert_victim_unchanged(self, victim, before):
        after = os.stat(victim)
        self.assertEqual((after.st_mode, after.st_uid, after.st_gid, after.st_mtime_ns,
                          after.st_size),
                         (before.st_mode, before.st_uid, before.st_gid, before.st_mtime_ns,
                          before.st_size))
        with open(victim) as f:
            self.assertEqual(f.read(), "must stay as it is\n")
        try:
            self.assertNotIn("user.pmark-probe", os.listxattr(victim))
        except OSError:
            pass  # a file system without extended attributes

    def escape_files(self, directory):
        """The probe's marker in a text file, a zip (a docx's comment), a
        PDF (after its end), an OLE file (after its sectors) and a JPEG read
        by OCR (after its end: Tesseract reads in the same worker)"""
        import zipfile
        text = os.path.join(directory, "escape.txt")
        with open(text, "w") as f:
            f.write("Meeting notes.\nPMARK-FAULT-ESCAPE\n")
        docx = os.path.join(directory, "escape.docx")
        with zipfile.ZipFile(os.path.join(SAMPLES, "meeting-notes.docx")) as src, \
                zipfile.ZipFile(docx, "w") as out:
            for item in src.infolist():
                out.writestr(item, src.read(item.filename))
            out.comment = b"PMARK-FAULT-ESCAPE"
        others = []
        for name in ("case-summary.pdf", "caseload.xls", "referral-photo.jpg"):
            path = os.path.join(directory, "escape-" + name)
            with open(os.path.join(SAMPLES, name), "rb") as f:
                data = f.read()
            with open(path, "wb") as f:
                f.write(data + b"\nPMARK-FAULT-ESCAPE\n")
            others.append(path)
        for path in [text, docx] + others:
            os.chmod(path, 0o644)
        return [text, docx] + others

    def test_worker_confined(self):
        """Every attempt refused, in a worker reading text, a zip, a PDF,
        an OLE file and an image (escape_files); the victim file untouched,
        no capability held."""
        files = self.escape_files(self.d)
        text = files[0]
        for path in files:
            with self.subTest(os.path.basename(path)):
                answers, victim, before, target = self.probe(path)
                self.assertEqual(sorted(answers), sorted(self.PROBES + self.REPORTS),
                                 answers)
                for what in self.PROBES:
                    self.assertNotEqual(answers[what], "allowed", "%s: %s" % (what, answers))
                self.assertEqual(answers["capabilities"], "none", answers)
                self.assert_walls(answers)
                self.assert_victim_unchanged(victim, before)
                self.assertFalse(os.path.exists(target))
                self.assertFalse(self.connected)
        # without the sandbox the same file may do all of it: the probe can
        # tell, and the victim is changed
        answers, victim, before, target = self.probe(text, "--no-sandbox")
        for what in ("socket", "fchmod", "openat2", "io_uring_setup", "connect"):
            self.assertEqual(answers[what], "allowed", "%s: %s" % (what, answers))
        self.assertNotEqual(os.stat(victim).st_mode & 0o777, 0o644)
        self.assertTrue(os.path.exists(target))
        self.assertTrue(self.connected)

    def test_a_page_whose_drawing_does_not_end(self):
        """A PDF page whose drawing never ends (fault marker: the drawing
        thread sleeps) costs half of [ocr] page-seconds, not the file's
        whole budget: the page is unread, the file not inspected (never
        clean), and the next file of the same command is read by a new
        worker (the old one, its drawing still running, ended after it
        answered)"""
        with open(os.path.join(SAMPLES, "scanned-referral.pdf"), "rb") as f:
            data = f.read()
        hang = os.path.join(self.d, "drawing-hangs.pdf")
        with open(hang, "wb") as f:
            f.write(data + b"\nPMARK-FAULT-DRAW-HANG\n")
        src = open(os.path.join(ROOT, "policies", "london-lscb.policy")).read()
        pol = os.path.join(self.d, "two-second-pages.policy")
        with open(pol, "w") as f:
            f.write(src + "\n[ocr]\npage-seconds = 2\n")
        r = subprocess.run([PMARK, "classify", "--json", "-P", pol, hang,
                            os.path.join(SAMPLES, "case-summary.pdf")],
                           capture_output=True, text=True, timeout=120)
        res = [json.loads(l) for l in r.stdout.splitlines()]
        self.assertEqual(len(res), 2, r.stdout + r.stderr)
        self.assertIsNone(res[0]["error"], res[0])
        self.assertFalse(res[0]["inspected"], res[0])
        self.assertIn("page 1: drawing it took longer than half of [ocr] page-seconds",
                      res[0]["unread"])
        self.assertNotEqual(res[0]["level"], "NOT PROTECTIVELY MARKED")
        # the next file: read whole, as without the hanging one
        alone = subprocess.run([PMARK, "classify", "--json", "-P", pol,
                                os.path.join(SAMPLES, "case-summary.pdf")],
                               capture_output=True, text=True, timeout=120)
        expected = json.loads(alone.stdout)
        self.assertTrue(res[1]["inspected"], res[1])
        self.assertEqual((res[1]["level"], res[1]["error"]),
                         (expected["level"], expected["error"]))

    def test_walls_behind_the_filter(self):
        """With the system-call filter off (PMARK_NO_SECCOMP, as if it had
        a hole), the namespaces and Landlock still refuse writing, making,
        truncating or running a file, reaching a TCP listener on 127.0.0.1
        and signalling the parent"""
        text = self.faulty("behind.txt", "PMARK-FAULT-ESCAPE")
        answers, victim, before, target = self.probe(text, env={"PMARK_NO_SECCOMP": "1"})
        self.assertEqual(answers["socket"], "allowed", answers)  # the filter is off
        ns, abi = self.assert_walls(answers)
        if not ns and not abi:
            self.skipTest("SKIP: this kernel gives neither namespaces nor Landlock")
        self.assertNotEqual(answers["connect"], "allowed", answers)
        self.assertFalse(self.connected)
        if abi:
            for what in ("open for writing", "exec", "openat2"):
                self.assertNotEqual(answers[what], "allowed", "%s: %s" % (what, answers))
            self.assertFalse(os.path.exists(target))
            if abi >= 3:  # truncating
                self.assertEqual(os.stat(victim).st_size, before.st_size)
            if abi >= 6:  # signals scoped
                self.assertNotEqual(answers["kill parent"], "allowed", answers)

    def test_worker_confined_unprivileged(self):
        """The same walls for a user without privilege: the namespaces in a
        user namespace of the worker's own"""
        if os.geteuid() != 0:
            user = None
        else:
            import pwd
            user = pwd.getpwnam("nobody")
        shared = tempfile.mkdtemp(prefix="pmark-probe-")
        try:
            os.chmod(shared, 0o755)
            prefix = () if not user else ("setpriv", "--reuid=%d" % user.pw_uid,
                                           "--regid=%d" % user.pw_gid, "--clear-groups")
            if user and subprocess.run([*prefix, PMARK, "--version"],
                                       capture_output=True).returncode != 0:
                self.skipTest("SKIP: user nobody cannot run %s (a directory above it is "
                              "closed to others)" % PMARK)
            for path in self.escape_files(shared):
                with self.subTest(os.path.basename(path)):
                    answers, victim, before, target = self.probe(path, prefix=prefix,
                                                                 where=shared)
                    self.assert_victim_unchanged(victim, before)
                    self.assertEqual(sorted(answers), sorted(self.PROBES + self.REPORTS),
                                     answers)
                    for what in self.PROBES:
                        if what != "open for writing":  # no path nobody may write
                            self.assertNotEqual(answers[what], "allowed",
                                                "%s: %s" % (what, answers))
                    self.assertEqual(answers["capabilities"], "none", answers)
                    ns, abi = self.assert_walls(answers)
                    if ns and user:
                        self.assertIn("(in a user namespace)", answers["walls"])
                    self.assertFalse(self.connected)
        finally:
            shutil.rmtree(shared)

    def test_audit_completes(self):
        tree = os.path.join(self.d, "share")
        os.makedirs(tree, exist_ok=True)
        for f in ("case-note.txt", "board-report.txt", "strategy-minutes.docx"):
            shutil.copy(os.path.join(SAMPLES, f), tree)
        shutil.copy(self.faulty("x.txt", "PMARK-FAULT-CRASH"), os.path.join(tree, "crash.txt"))
        db = os.path.join(self.d, "audit.db")
        r = subprocess.run([PMARK, "audit", "--db", db, tree], capture_output=True, text=True,
                           timeout=300)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        rows = subprocess.run([PMARK, "report", "--db", db, "--format", "jsonl"],
                              capture_output=True, text=True, check=True).stdout
        by_name = {os.path.basename(json.loads(l)["path"]): json.loads(l)
                   for l in rows.splitlines()}
        self.assertEqual(set(by_name), {"case-note.txt", "board-report.txt",
                                        "strategy-minutes.docx", "crash.txt"})
        self.assertEqual(by_name["crash.txt"]["finding"], "error")
        self.assertIn("reader-crashed", json.dumps(by_name["crash.txt"]))
        self.assertEqual(by_name["strategy-minutes.docx"]["level"], "RESTRICTED")
        # again: the crashing file is not read again (it has not changed)...
        r = subprocess.run([PMARK, "audit", "--db", db, tree], capture_output=True, text=True,
                           timeout=300)
        self.assertRegex(r.stdout + r.stderr, r"\b4 unchanged\b")
        # ...unless asked: then once more (and still an error)
        r = subprocess.run([PMARK, "audit", "--db", db, "--retry-errors", tree],
                           capture_output=True, text=True, timeout=300)
        self.assertRegex(r.stdout + r.stderr, r"\b3 unchanged\b")
        rows = subprocess.run([PMARK, "report", "--db", db, "--format", "jsonl"],
                              capture_output=True, text=True, check=True).stdout
        self.assertIn("reader-crashed", rows)

    def test_a_signature_check_that_fails_costs_that_check_only(self):
        # Checking a signed marking reads the file again (signature.c), in
        # a worker like reading: a check that crashes or hangs there is the
        # signature's error ("invalid", with the reader's fate), the
        # document keeps its level, and the other files are right
        key = os.path.join(self.d, "sign.key")
        if not os.path.exists(key):
            subprocess.run([PMARK, "keygen", "--sign", "-o", key], check=True,
                           capture_output=True)
        signed = os.path.join(self.d, "signed.docx")
        if os.path.exists(signed):
            os.unlink(signed)
        subprocess.run([PMARK, "mark", "--level", "RESTRICTED", "--justify", "t", "--sign", key,
                        "-o", signed, os.path.join(SAMPLES, "meeting-notes.docx")],
                       check=True, capture_output=True)
        faulty = {}
        for fault in ("CRASH", "HANG"):
            # the marker in the zip comment: reading passes over it
            faulty[fault] = os.path.join(self.d, "signed-%s.docx" % fault.lower())
            shutil.copy(signed, faulty[fault])
            with zipfile.ZipFile(faulty[fault], "a") as z:
                z.comment = b"PMARK-FAULT-SIGNATURE-" + fault.encode()
        start = time.monotonic()
        r, got = classify("-P", self.policy, faulty["CRASH"], signed, faulty["HANG"])
        self.assertLess(time.monotonic() - start, 60)
        self.assertEqual([g["path"] for g in got],
                         [faulty["CRASH"], signed, faulty["HANG"]], r.stderr)
        self.assertEqual(got[1]["signature"]["state"], "intact", got[1])
        for res, fate in ((got[0], r"docx signature reader crashed \(signal"),
                          (got[2], r"docx signature reader did not finish within 6 seconds")):
            self.assertIsNone(res["error"], res)
            self.assertEqual(res["level"], got[1]["level"], res)
            self.assertEqual(res["signature"]["state"], "invalid", res)
            self.assertRegex(res["signature"]["reason"], fate)

    def test_a_preview_that_crashes_costs_that_preview(self):
        # pmark serve draws a PDF's first page in a worker (formats/
        # pdf-render.c): a PDF whose drawing crashes gets the text preview,
        # with the renderer's fate, and the server goes on
        sys.path.insert(0, os.path.join(ROOT, "tests", "web"))
        from test_serve import Server
        sample = os.path.join(SAMPLES, "case-summary.pdf")
        pdf = os.path.join(self.d, "draw-crash.pdf")
        with open(sample, "rb") as f:
            data = f.read()
        with open(pdf, "wb") as f:
            f.write(data + b"\n%PMARK-FAULT-RENDER-CRASH\n")
        _, (want,) = classify(sample)
        srv = Server()
        try:
            srv.login()
            r, res = srv.upload(pdf)
            self.assertEqual(r.status, 200, res)
            self.assertEqual(res["level"], want["level"], res)
            r, body = srv.request("GET", "/api/files/%s/preview" % res["id"])
            self.assertEqual(r.status, 200)
            self.assertTrue(r.getheader("Content-Type").startswith("text/plain"))
            self.assertRegex(body.decode(), r"the pdf page renderer crashed \(signal")
            # the drawing failed, the reading did not: the text is shown
            self.assertIn("Prepared for the core group", body.decode())
            r, res = srv.upload(sample)
            r, png = srv.request("GET", "/api/files/%s/preview" % res["id"])
            self.assertEqual(r.getheader("Content-Type"), "image/png")
            self.assertTrue(png.startswith(b"\x89PNG\r\n\x1a\n"))
            self.assertIsNone(srv.proc.poll(), "pmark serve stopped")
        finally:
            srv.stop()

    def test_a_writer_that_fails_costs_that_file(self):
        # Stamping in a worker: a writer that crashes or hangs costs that
        # file's marking (a typed error naming the writer), the others of
        # the run are marked, nothing is left half-written
        crash = self.faulty("stamp-crash.txt", "PMARK-FAULT-STAMP-CRASH")
        hang = self.faulty("stamp-hang.txt", "PMARK-FAULT-STAMP-HANG")
        good = self.faulty("stamp-good.txt", "")
        log = os.path.join(self.d, "stamp-log.jsonl")
        start = time.monotonic()
        r = mark("-P", self.policy, crash, good, hang, log=log)
        self.assertLess(time.monotonic() - start, 60)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, r"stamp-crash\.txt: the text writer crashed \(signal")
        self.assertRegex(r.stderr,
                         r"stamp-hang\.txt: the text writer did not finish within 6 seconds")
        self.assertIn("stamp-good.marked.txt", r.stdout)
        with open(os.path.join(self.d, "stamp-good.marked.txt")) as f:
            self.assertEqual(f.readline().strip(), "RESTRICTED")
        for name in ("stamp-crash.marked.txt", "stamp-hang.marked.txt"):
            self.assertFalse(os.path.exists(os.path.join(self.d, name)), name)
        self.assertFalse([f for f in os.listdir(self.d) if f.startswith(".")],
                         "a temporary was left behind")

    def test_audit_apply_goes_on_past_a_writer_crash(self):
        tree = os.path.join(self.d, "apply-share")
        os.makedirs(tree, exist_ok=True)
        with open(os.path.join(SAMPLES, "case-note.txt")) as f:
            note = f.read()
        shutil.copy(os.path.join(SAMPLES, "case-note.txt"), tree)
        with open(os.path.join(tree, "crash-note.txt"), "w") as f:
            f.write(note + "\nPMARK-FAULT-STAMP-CRASH\n")
        mirror = os.path.join(self.d, "apply-mirror")
        env = dict(os.environ, XDG_STATE_HOME=os.path.join(self.d, "apply-state"))
        r = subprocess.run([PMARK, "audit", "--db", os.path.join(self.d, "apply.db"), "--apply",
                            "--apply-dir", mirror, tree], capture_output=True, text=True,
                           env=env, timeout=300)
        self.assertIn("--apply: 1 marked, 1 refused", r.stdout, r.stderr)
        self.assertRegex(r.stderr, r"crash-note\.txt: the text writer crashed")
        out = os.path.join(mirror, "apply-share")
        self.assertEqual(sorted(os.listdir(out)), ["case-note.txt"])

    def test_a_mark_that_crashes_costs_that_mark(self):
        # pmark serve stamps in a worker: a writer that crashes is the
        # officer's error for that file, and the server goes on
        sys.path.insert(0, os.path.join(ROOT, "tests", "web"))
        from test_serve import Server
        crash = self.faulty("serve-crash.txt", "PMARK-FAULT-STAMP-CRASH")
        srv = Server()
        try:
            srv.login()
            r, res = srv.upload(crash)
            self.assertEqual(r.status, 200, res)
            r, body = srv.mark(res["id"], level="RESTRICTED")
            self.assertEqual(r.status, 422, body)
            self.assertEqual(body["error"]["code"], "reader-crashed", body)
            self.assertRegex(body["error"]["message"], r"the text writer crashed \(signal")
            self.assertIsNone(srv.proc.poll(), "pmark serve stopped")
            r, res = srv.upload(os.path.join(SAMPLES, "board-report.txt"))
            r, body = srv.mark(res["id"], level="RESTRICTED")
            self.assertEqual(r.status, 200, body)
            self.assertEqual(body["marking"], "RESTRICTED")
        finally:
            srv.stop()

    def test_mail_filter_holds(self):
        m = email.message.EmailMessage()
        m["From"] = "amy.worker@council.gov.uk"
        m["To"] = "bob.worker@council.gov.uk"
        m["Subject"] = "Notes"
        m.set_content("See the attachment.\n")
        m.add_attachment(b"Notes\nPMARK-FAULT-CRASH\n", maintype="text", subtype="plain",
                         filename="notes.txt")
        r = subprocess.run([PMARK, "filter", "--sender", "amy.worker@council.gov.uk",
                            "--recipient", "bob.worker@council.gov.uk"],
                           input=m.as_bytes(), capture_output=True, timeout=120)
        # never delivered as unmarked: held (exit 0, the header says so) or
        # refused for now (75)
        out = r.stdout.decode(errors="replace")
        self.assertIn(r.returncode, (0, 75), r.stderr)
        if r.returncode == 0:
            self.assertRegex(out, r"X-pmark-Result: hold;")
            self.assertNotIn("SEC=NOT PROTECTIVELY MARKED", out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
