#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""pmark milter in front of a real Postfix on 127.0.0.1: a private Postfix
instance (its own configuration, queue and log under a temporary
directory) with smtpd_milters pointing at pmark, relaying everything to
Postfix's smtp-sink, which writes each message it receives to a file.
Messages go in with smtp-source and Python's smtplib; the test checks what
arrived (marking headers, body byte for byte), what was refused (the SMTP
reply) and what was held (Postfix's hold queue). Skips, loudly, when
Postfix is not installed or cannot start here (it needs root)."""
import glob
import json
import os
import re
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from mailtest import (main, PMARK, PLAIN_TEXT, RESTRICTED_TEXT, assert_preserved,  # noqa: E402
                      message, split_header)

POSTFIX = shutil.which("postfix") or "/usr/sbin/postfix"
SMTP_SINK = shutil.which("smtp-sink") or "/usr/sbin/smtp-sink"
SMTP_SOURCE = shutil.which("smtp-source") or "/usr/sbin/smtp-source"

MASTER_CF = """\
{port} inet n - n - - smtpd
pickup unix n - n 60 1 pickup
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
smtp unix - - n - - smtp
relay unix - - n - - smtp
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
local unix - n n - - local
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
"""

MAIN_CF = """\
compatibility_level = 3.6
queue_directory = {tmp}/queue
data_directory = {tmp}/data
mail_owner = postfix
setgid_group = postdrop
myhostname = gateway.pmark.test
mydomain = pmark.test
myorigin = $myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
relayhost = [127.0.0.1]:{sink_port}
smtp_tls_security_level = none
smtpd_tls_security_level = none
alias_maps =
alias_database =
local_recipient_maps =
maillog_file = {tmp}/maillog
maillog_file_prefixes = {tmp}
smtpd_milters = inet:127.0.0.1:{milter_port}
milter_default_action = tempfail
milter_protocol = 6
smtp_host_lookup = native
disable_dns_lookups = yes
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc=None, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


class Gateway:
    """Postfix + pmark milter + smtp-sink, all on 127.0.0.1."""

    def __init__(self, unix=False):
        self.tmp = tempfile.mkdtemp(prefix="pmark-postfix-")
        self.unix = os.path.join(self.tmp, "pmark.sock") if unix else None
        os.chmod(self.tmp, 0o755)
        self.port, self.sink_port, self.milter_port = free_port(), free_port(), free_port()
        self.conf = os.path.join(self.tmp, "etc")
        self.sink = os.path.join(self.tmp, "sink")
        os.makedirs(self.conf)
        os.makedirs(self.sink)
        shutil.chown(self.sink, "postfix")
        os.makedirs(os.path.join(self.tmp, "queue"))
        os.makedirs(os.path.join(self.tmp, "data"))
        shutil.chown(os.path.join(self.tmp, "data"), "postfix")
        with open(os.path.join(self.conf, "main.cf"), "w") as f:
            cf = MAIN_CF.format(tmp=self.tmp, sink_port=self.sink_port,
                                milter_port=self.milter_port)
            if self.unix:
                cf = cf.replace("smtpd_milters = inet:127.0.0.1:%d" % self.milter_port,
                                "smtpd_milters = unix:" + self.unix)
            f.write(cf)
        with open(os.path.join(self.conf, "master.cf"), "w") as f:
            f.write(MASTER_CF.format(port=self.port))
        self.milter = None
        self.milter_log = open(os.path.join(self.tmp, "milter.log"), "w+")
        self.start_milter()
        self.sink_proc = subprocess.Popen(
            [SMTP_SINK, "-u", "postfix", "-d", os.path.join(self.sink, "msg."),
             "127.0.0.1:%d" % self.sink_port, "100"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        r = subprocess.run([POSTFIX, "-c", self.conf, "start"], capture_output=True,
                           timeout=60)
        self.started = r.returncode == 0 and wait_port(self.port)
        self.start_error = r.stderr.decode() + self.maillog()

    def start_milter(self, *args):
        if self.milter:
            self.milter.terminate()
            self.milter.wait(timeout=30)
        spec = ("unix:" + self.unix) if self.unix else "inet:%d@127.0.0.1" % self.milter_port
        self.milter = subprocess.Popen([PMARK, "milter", "--socket", spec,
                                        "--log-stderr", *args], stderr=self.milter_log)
        if self.unix:
            end = time.time() + 20
            while not os.path.exists(self.unix) and time.time() < end:
                time.sleep(0.05)
            os.chmod(self.unix, 0o666)  # Postfix's processes run as postfix
        elif not wait_port(self.milter_port, self.milter):
            raise AssertionError("the milter did not start")

    def maillog(self):
        try:
            with open(os.path.join(self.tmp, "maillog")) as f:
                return f.read()
        except OSError:
            return ""

    def delivered(self, message_id, timeout=60):
        """The message as smtp-sink received it, once it arrives."""
        end = time.time() + timeout
        while time.time() < end:
            for path in glob.glob(os.path.join(self.sink, "msg.*")):
                with open(path, "rb") as f:
                    data = f.read()
                if message_id.encode() in data:
                    return data
            subprocess.run([POSTFIX, "-c", self.conf, "flush"], capture_output=True)
            time.sleep(0.3)
        raise AssertionError("%s never arrived; maillog:\n%s" % (message_id, self.maillog()))

    def held(self):
        return [os.path.basename(p)
                for p in glob.glob(os.path.join(self.tmp, "queue", "hold", "**", "*"),
                                   recursive=True) if os.path.isfile(p)]

    def stop(self):
        subprocess.run([POSTFIX, "-c", self.conf, "stop"], capture_output=True, timeout=60)
        for p in (self.milter, self.sink_proc):
            if p:
                p.terminate()
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()
        self.milter_log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def lf(data):
    """SMTP carries CRLF; smtp-sink stores each line with LF: every other
    byte of every line must match."""
    return data.replace(b"\r\n", b"\n").rstrip(b"\n") + b"\n"


def sink_message(data):
    """smtp-sink's file: its own X-* trace lines, then the message."""
    lines = data.split(b"\n")
    i = 0
    while i < len(lines) and (lines[i].startswith(b"X-Client-") or
                              lines[i].startswith(b"X-Helo-") or
                              lines[i].startswith(b"X-Mail-") or
                              lines[i].startswith(b"X-Rcpt-")):
        i += 1
    # smtp-sink ends the file with a blank line of its own (and smtp-source
    # adds one before the final dot): trailing blank lines are framing
    return b"\n".join(lines[i:]).rstrip(b"\n") + b"\n"


def without_trace(data):
    """The message minus the Received: field Postfix prepends."""
    fields, body = split_header(data)
    head = b"".join(raw for name, raw in fields if name != "received")
    sep = b"\r\n" if b"\r\n" in data[:2000] else b"\n"
    return head + sep + body


GW = None


def setUpModule():
    global GW
    if os.geteuid() != 0:
        raise unittest.SkipTest("SKIP: a private Postfix instance needs root")
    for tool in (POSTFIX, SMTP_SINK, SMTP_SOURCE):
        if not os.path.exists(tool):
            raise unittest.SkipTest("SKIP: %s is not installed (Debian package postfix)" % tool)
    GW = Gateway()
    if not GW.started:
        err = GW.start_error
        GW.stop()
        raise unittest.SkipTest("SKIP: Postfix could not start here: %s" % err[-2000:])


def tearDownModule():
    if GW:
        GW.stop()


def send(data, rcpts=("cara@nhs.net",), sender="amy.worker@council.gov.uk"):
    with smtplib.SMTP("127.0.0.1", GW.port, timeout=60) as s:
        s.ehlo("client.council.gov.uk")
        return s.sendmail(sender, list(rcpts), data)


class PostfixGateway(unittest.TestCase):
    def test_marked_message_arrives_with_its_body_unchanged(self):
        data = message(RESTRICTED_TEXT, subject="Case conference",
                       headers=[("X-Protective-Marking", "VER=2018.4, NS=gov.uk, SEC=PROTECT")])
        send(data)
        mid = split_header(data)[0]
        mid = [raw for n, raw in mid if n == "message-id"][0].split(b":", 1)[1].strip()
        got = sink_message(GW.delivered(mid.decode()))
        owned = assert_preserved(self, lf(data), without_trace(got))
        self.assertEqual(owned["subject"], b"Subject: [RESTRICTED - PERSONAL] Case conference\n")
        self.assertIn(b"SEC=RESTRICTED, ACCESS=PERSONAL, ORIGIN=amy.worker@council.gov.uk",
                      owned["x-protective-marking"])
        self.assertEqual(got.count(b"X-Protective-Marking:"), 1)

    def test_smtp_source_message_with_a_pdf_attachment(self):
        with open(os.path.join(os.environ["PMARK_SOURCE_ROOT"], "samples",
                               "case-summary.pdf"), "rb") as f:
            pdf = f.read()
        data = message("Summary attached.\n", subject="summary",
                       attachments=[("case-summary.pdf", pdf, "application/pdf")])
        with tempfile.NamedTemporaryFile() as f:
            f.write(data)
            f.flush()
            r = subprocess.run([SMTP_SOURCE, "-m", "1", "-F", f.name,
                                "-f", "amy.worker@council.gov.uk", "-t", "cara@nhs.net",
                                "127.0.0.1:%d" % GW.port], capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        mid = [raw for n, raw in split_header(data)[0] if n == "message-id"][0]
        got = sink_message(GW.delivered(mid.split(b":", 1)[1].strip().decode()))
        owned = assert_preserved(self, lf(data), without_trace(got))
        self.assertIn(b"SEC=RESTRICTED", owned["x-protective-marking"])
        self.assertIn(b"[RESTRICTED - PERSONAL] summary", owned["subject"])

    def test_insecure_recipient_is_refused_in_smtp(self):
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            send(message(RESTRICTED_TEXT), rcpts=("cara@nhs.net", "bob@example.com"))
        self.assertEqual(cm.exception.smtp_code, 550)
        text = cm.exception.smtp_error.decode()
        self.assertIn("5.7.1", text)
        self.assertIn("not to bob@example.com", text)
        self.assertNotIn("999 000 0018", text)

    def test_unreadable_part_is_held(self):
        before = set(GW.held())
        data = message("encrypted report attached\n", subject="[RESTRICTED] report",
                       attachments=[("smime.p7m", b"0\x80\x06\x09*\x86H\x86\xf7\r\x01\x07\x03",
                                     "application/pkcs7-mime")])
        send(data)
        end = time.time() + 30
        while time.time() < end and not set(GW.held()) - before:
            time.sleep(0.2)
        self.assertTrue(set(GW.held()) - before, "nothing in the hold queue:\n" + GW.maillog())

    def test_held_mail_listed_released_and_deleted(self):
        # pmark held: Postfix's hold queue with each message's level and
        # why from the milter's decision log; release one (delivered), delete
        # another; an id that is not held is refused
        log = os.path.join(GW.tmp, "decisions.jsonl")
        GW.start_milter("--log", log)
        try:
            before = set(GW.held())
            message_ids = []
            for n in (1, 2):
                data = message("encrypted report %d attached, %d\n" % (n, os.getpid()),
                               subject="[RESTRICTED] report %d" % n,
                               attachments=[("smime.p7m",
                                             b"0\x80\x06\x09*\x86H\x86\xf7\r\x01\x07\x03",
                                             "application/pkcs7-mime")])
                message_ids.append(re.search(rb"Message-ID: (<[^>]+>)", data).group(1).decode())
                send(data)
            end = time.time() + 30
            while time.time() < end and len(set(GW.held()) - before) < 2:
                time.sleep(0.2)
            ids = sorted(set(GW.held()) - before)
            self.assertEqual(len(ids), 2, GW.maillog())
        finally:
            GW.start_milter()
        r = subprocess.run([PMARK, "held", "-c", GW.conf, "--log", log, "--json"],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        listed = {o["queue_id"]: o for o in map(json.loads, r.stdout.splitlines())}
        for qid in ids:
            self.assertIn(qid, listed, r.stdout)
            self.assertEqual(listed[qid]["sender"], "amy.worker@council.gov.uk")
            self.assertEqual(listed[qid]["recipients"], ["cara@nhs.net"])
            self.assertEqual(listed[qid]["level"], "RESTRICTED", listed[qid])
            self.assertIn("not", listed[qid]["why"])
        text = subprocess.run([PMARK, "held", "-c", GW.conf, "--log", log],
                              capture_output=True, text=True, timeout=60).stdout
        self.assertIn(ids[0], text)
        # a message that is not held: refused, nothing done
        r = subprocess.run([PMARK, "held", "-c", GW.conf, "--delete", "ABCDEF123"],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 1)
        self.assertIn("not in the hold queue", r.stderr)
        r = subprocess.run([PMARK, "held", "-c", GW.conf, "--delete", ids[1]],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn(ids[1], GW.held())
        r = subprocess.run([PMARK, "held", "-c", GW.conf, "--release", ids[0]],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn(ids[0], GW.held())
        # the released one arrives, the deleted one never does (which was
        # which: postqueue does not say the Message-ID)
        end = time.time() + 60
        arrived = []
        while time.time() < end and not arrived:
            subprocess.run([POSTFIX, "-c", GW.conf, "flush"], capture_output=True)
            time.sleep(0.3)
            sink = b"".join(open(p, "rb").read()
                            for p in glob.glob(os.path.join(GW.sink, "msg.*")))
            arrived = [m for m in message_ids if m.encode() in sink]
        self.assertEqual(len(arrived), 1, GW.maillog())

    def test_internal_failure_is_a_temporary_failure(self):
        with tempfile.NamedTemporaryFile() as f:
            GW.start_milter("--log", os.path.join(f.name, "x.jsonl"))
            try:
                with self.assertRaises(smtplib.SMTPDataError) as cm:
                    send(message(PLAIN_TEXT, subject="lunch"))
            finally:
                GW.start_milter()
        self.assertEqual(cm.exception.smtp_code, 451)
        self.assertIn(b"4.3.0", cm.exception.smtp_error)


if __name__ == "__main__":
    main()
