#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""pmark milter driven by miltertest (Debian's package) through its
accept, reject, hold and tempfail paths (the Lua scripts in milter/),
over TCP and a unix socket; the syslog line copied to standard error is
checked for masking."""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from mailtest import main  # noqa: E402

PMARK = os.environ["PMARK"]
HERE = os.path.dirname(os.path.abspath(__file__))
MILTERTEST = shutil.which("miltertest")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# uk-gsc-2014 with a partner still on the 2008 scheme
PARTNER_POLICY = open(os.path.join(os.environ["PMARK_SOURCE_ROOT"], "policies",
                                   "uk-gsc-2014.policy")).read() + """
[translate gpms-2008]
domains = legacy-borough.example.gov.uk
OFFICIAL = PROTECT
OFFICIAL-SENSITIVE = RESTRICTED
SECRET = CONFIDENTIAL
"""


class Milter:
    def __init__(self, spec, *args, env=None):
        self.spec = spec
        self.err = tempfile.TemporaryFile()  # closed by stop()
        self.proc = subprocess.Popen([PMARK, "milter", "--socket", spec,
                                      "--log-stderr", *args],
                                     stderr=self.err, env=env)

    def stop(self):
        self.proc.terminate()
        try:
            code = self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("the milter did not stop on SIGTERM")
        self.err.seek(0)
        log = self.err.read().decode(errors="replace")
        self.err.close()
        return code, log


@unittest.skipUnless(MILTERTEST, "SKIP: miltertest is not installed "
                     "(Debian package miltertest)")
class MilterTest(unittest.TestCase):
    def script(self, name, milter):
        env = dict(os.environ, PMARK_MILTER_SOCKET=milter.spec,
                   PMARK_MT_LIB=os.path.join(HERE, "milter", "lib.lua"))
        r = subprocess.run([MILTERTEST, "-s", os.path.join(HERE, "milter", name)],
                           env=env, capture_output=True, timeout=120)
        return r

    def run_scripts(self, spec, names, *args, env=None):
        m = Milter(spec, *args, env=env)
        try:
            results = {n: self.script(n, m) for n in names}
        finally:
            code, log = m.stop()
        for n, r in results.items():
            self.assertEqual(r.returncode, 0, "%s: %s%s" % (n, r.stdout.decode(),
                                                            r.stderr.decode()))
        self.assertEqual(code, 0, log)
        return log

    def test_accept_reject_hold_over_tcp(self):
        log = self.run_scripts("inet:%d@127.0.0.1" % free_port(),
                               ["accept.lua", "reject.lua", "hold.lua",
                                "unknown-marking.lua"])
        self.assertIn("TESTQID: action=deliver level=RESTRICTED", log)
        self.assertIn("action=reject", log)
        self.assertIn("action=hold", log)
        self.assertIn("not to bob@example.com", log)
        self.assertIn("marked PROTECT but quotes or forwards a message marked RESTRICTED", log)
        self.assertIn("A** T***", log)
        self.assertNotIn("Amy Test", log)
        self.assertNotIn("999 000 0018", log)

    @unittest.skipUnless(os.environ.get("PMARK_FAULT_INJECTION") == "1",
                         "this build has no fault injection (meson -Dfault_injection=true)")
    def test_reader_crash_costs_the_message_not_the_milter(self):
        m = Milter("inet:%d@127.0.0.1" % free_port())
        try:
            first = self.script("reader-crash.lua", m)
            # kill -9 every worker from outside: the milter starts new ones
            kids = subprocess.run(["pgrep", "-P", str(m.proc.pid)], capture_output=True,
                                  text=True).stdout.split()
            self.assertTrue(kids, "the milter read mail in no worker process")
            for k in kids:
                os.kill(int(k), 9)
            second = self.script("accept.lua", m)
            self.assertIsNone(m.proc.poll(), "the milter died")
        finally:
            code, log = m.stop()
        self.assertEqual(first.returncode, 0, first.stdout.decode() + first.stderr.decode())
        self.assertEqual(second.returncode, 0, second.stdout.decode() + second.stderr.decode())
        self.assertEqual(code, 0, log)
        self.assertIn("action=hold", log)

    @unittest.skipUnless(os.environ.get("PMARK_FAULT_INJECTION") == "1",
                         "this build has no fault injection (meson -Dfault_injection=true)")
    def test_slow_messages_leave_readers_free_and_end_in_time(self):
        # three messages whose readers hang, at once: each gets a temporary
        # failure at its deadline (--message-seconds, below miltertest's
        # 10 s read timeout, as the real one is below Postfix's 300 s), and a
        # plain message sent meanwhile is decided, not kept waiting behind
        # them for a free reader (the pool grows to --workers)
        m = Milter("inet:%d@127.0.0.1" % free_port(), "--message-seconds", "5",
                   "--workers", "4")
        try:
            env = dict(os.environ, PMARK_MILTER_SOCKET=m.spec,
                       PMARK_MT_LIB=os.path.join(HERE, "milter", "lib.lua"))
            slow = [subprocess.Popen([MILTERTEST, "-s", os.path.join(HERE, "milter", "slow.lua")],
                                     env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                    for _ in range(3)]
            time.sleep(1.5)
            plain = self.script("accept.lua", m)
            outs = [(p.wait(timeout=60), p.stdout.read().decode()) for p in slow]
            for p in slow:
                p.stdout.close()
        finally:
            code, log = m.stop()
        self.assertEqual(plain.returncode, 0, plain.stdout.decode() + plain.stderr.decode())
        for rc, out in outs:
            self.assertEqual(rc, 0, out)
        self.assertEqual(log.count("not read within 5 seconds (answering tempfail)"), 3, log)
        self.assertIn("TESTQID: action=deliver", log)
        self.assertEqual(code, 0, log)

    def test_no_result_header_for_outside_recipients(self):
        # pmark's default (no local policy saying result-header = always)
        log = self.run_scripts("inet:%d@127.0.0.1" % free_port(), ["outside.lua"],
                               env=dict(os.environ, PMARK_LOCAL_POLICY=""))
        self.assertIn("TESTQID: action=deliver", log)

    def test_unix_socket(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.run_scripts("unix:" + os.path.join(tmp, "pmark.sock"), ["accept.lua"])

    def test_socket_left_by_a_killed_milter(self):
        # SIGKILL leaves the socket file; the next start takes its place
        with tempfile.TemporaryDirectory() as tmp:
            sock = os.path.join(tmp, "pmark.sock")
            m = Milter("unix:" + sock)
            deadline = time.time() + 30
            while not os.path.exists(sock) and time.time() < deadline:
                time.sleep(0.05)
            m.proc.kill()
            m.proc.wait(timeout=20)
            m.err.close()
            self.assertTrue(os.path.exists(sock), "no socket was left to test with")
            self.run_scripts("unix:" + sock, ["accept.lua"])

    def test_internal_failure_is_a_temporary_failure(self):
        with tempfile.NamedTemporaryFile() as f:
            log = self.run_scripts("inet:%d@127.0.0.1" % free_port(), ["tempfail.lua"],
                                   "--log", os.path.join(f.name, "x.jsonl"))
        self.assertIn("internal failure (answering tempfail)", log)

    def test_attachments_sealed(self):
        with tempfile.TemporaryDirectory() as tmp:
            key = os.path.join(tmp, "cara.key")
            subprocess.run([PMARK, "keygen", "-o", key], check=True, capture_output=True)
            with open(key) as f:
                pub = [l.split(": ")[1].strip() for l in f if l.startswith("# public key")][0]
            with open(os.path.join(tmp, "keys.txt"), "w") as f:
                f.write("cara@nhs.net %s\n" % pub)
            with open(os.path.join(os.environ["PMARK_SOURCE_ROOT"], "policies",
                                   "london-lscb.policy")) as f:
                text = f.read()
            policy = os.path.join(tmp, "seal.policy")
            with open(policy, "w") as f:
                f.write(text.replace("label = RESTRICTED\n", "label = RESTRICTED\nseal = true\n")
                        + "recipient-keys = keys.txt\n")
            log = self.run_scripts("inet:%d@127.0.0.1" % free_port(), ["seal.lua"],
                                   "--policy", policy)
        self.assertIn("action=deliver level=RESTRICTED", log)

    def test_sio_label(self):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(os.environ["PMARK_SOURCE_ROOT"], "policies",
                                   "london-lscb.policy")) as f:
                text = f.read()
            policy = os.path.join(tmp, "sio.policy")
            with open(policy, "w") as f:
                f.write(text.replace("[mail]\n", "[mail]\nsio-label = true\n"))
            log = self.run_scripts("inet:%d@127.0.0.1" % free_port(), ["sio-label.lua"],
                                   "--policy", policy)
        self.assertIn("action=deliver level=RESTRICTED", log)

    def test_partner_scheme_translation(self):
        with tempfile.TemporaryDirectory() as tmp:
            policy = os.path.join(tmp, "partner.policy")
            with open(policy, "w") as f:
                f.write(PARTNER_POLICY)
            log = self.run_scripts("inet:%d@127.0.0.1" % free_port(), ["translate.lua"],
                                   "--policy", policy)
        self.assertIn("action=deliver level=OFFICIAL-SENSITIVE", log)

    def test_oversized_message_is_held(self):
        self.run_scripts("inet:%d@127.0.0.1" % free_port(), ["oversize.lua"],
                         "--max-message-mb", "1")

    def test_bad_socket_is_a_clear_error(self):
        r = subprocess.run([PMARK, "milter", "--socket", "unix:/nonexistent/dir/s"],
                           capture_output=True, timeout=30)
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"cannot listen on unix:/nonexistent/dir/s", r.stderr)
        r = subprocess.run([PMARK, "milter"], capture_output=True, timeout=30)
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    main()
