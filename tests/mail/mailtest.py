# SPDX-License-Identifier: LGPL-2.1-or-later
"""Shared by the mail tests: messages built with Python's email package
around the project's samples (made-up people, NHS numbers in the
never-issued 999 range), and a way to run pmark filter."""
import email.policy
import os
import subprocess
from email.message import EmailMessage

PMARK = os.environ["PMARK"]
ROOT = os.environ["PMARK_SOURCE_ROOT"]
SAMPLES = os.path.join(ROOT, "samples")
FILTER_EXIT = {"deliver": 0, "hold": 0, "reject": 77}

# A case note: an identifier with its context, in a safeguarding case.
RESTRICTED_TEXT = ("Strategy discussion held today.\n"
                   "Name: Amy Test, NHS number 999 000 0018.\n"
                   "A section 47 enquiry will follow.\n")
PLAIN_TEXT = "Lunch on Friday? The usual place at noon.\n"


def sample(name):
    with open(os.path.join(SAMPLES, name), "rb") as f:
        return f.read()


def message(body=PLAIN_TEXT, subject="Notes", sender="amy.worker@council.gov.uk",
            to=("cara@nhs.net",), headers=(), attachments=(), html=None,
            charset="utf-8", cte=None):
    m = EmailMessage(policy=email.policy.SMTP)
    m["From"] = "Amy Worker <%s>" % sender
    m["To"] = ", ".join(to)
    m["Subject"] = subject
    m["Date"] = "Tue, 24 Nov 2026 10:00:00 +0000"
    m["Message-ID"] = "<test-%d@council.gov.uk>" % (hash(body) & 0xffffff)
    for k, v in headers:
        m[k] = v
    m.set_content(body, charset=charset, cte=cte)
    if html is not None:
        m.add_alternative(html, subtype="html")
    for name, data, ctype in attachments:
        if ctype == "message/rfc822":
            m.add_attachment(data, filename=name)
            continue
        maintype, subtype = ctype.split("/")
        m.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return m.as_bytes()


def run_filter(data, *args, ok=None):
    r = subprocess.run([PMARK, "filter", *args], input=data, capture_output=True,
                       timeout=120)
    if ok is not None and r.returncode != ok:
        raise AssertionError("pmark filter %s: exit %d (wanted %d): %s"
                             % (args, r.returncode, ok, r.stderr.decode()))
    return r


def split_header(data):
    """(fields as [(name, raw field bytes)], body bytes), as on the wire."""
    for sep in (b"\r\n\r\n", b"\n\n"):
        i = data.find(sep)
        if i >= 0:
            head, body = data[:i + len(sep) // 2], data[i + len(sep):]
            break
    else:
        head, body = data, b""
    fields = []
    for line in head.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] = (fields[-1][0], fields[-1][1] + line)
        elif line.strip():
            name = line.split(b":", 1)[0].decode("latin-1").strip().lower()
            fields.append((name, line))
    return fields, body


OWNED = {"x-protective-marking", "x-pmark-result", "subject"}


def assert_preserved(test, before, after):
    """Everything but the fields pmark owns is byte for byte the same, in
    the same order; the body too."""
    fb, bb = split_header(before)
    fa, ba = split_header(after)
    test.assertEqual(ba, bb, "the body changed")
    test.assertEqual([f for f in fa if f[0] not in OWNED],
                     [f for f in fb if f[0] not in OWNED],
                     "a header field pmark does not own changed")
    return dict((n, v) for n, v in fa if n in OWNED)


def main():
    """unittest.main, but a run where everything was skipped exits 77, which
    meson counts as a skip (and prints the reasons first)."""
    import sys
    import unittest
    prog = unittest.main(verbosity=2, exit=False)
    r = prog.result
    if not r.wasSuccessful():
        sys.exit(1)
    if r.testsRun == len(r.skipped) or (r.testsRun == 0 and r.skipped):
        for _, why in r.skipped:
            print(why, file=sys.stderr)
        sys.exit(77)
    sys.exit(0)
