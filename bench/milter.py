#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The mail gateway under load: a private Postfix on 127.0.0.1 with
pmark milter in front of smtp-sink (the set-up of tests/mail/
test_postfix.py), fed by smtp-source with 100 KB messages, each with one
PDF or one DOCX attachment of generated case-file prose. Prints messages
per second through the gateway, and p50/p99 latency of one message
(smtplib, one at a time: SMTP DATA to the final reply, which waits for
the milter); beside them, the same attachments classified directly (one
pmark process for all, and pmark filter per message), so the gateway's own
overhead shows. Needs root (Postfix). Usage: bench/milter.py [MESSAGES] [--inet]
(default: the milter on a unix socket; --inet: on TCP 127.0.0.1)"""
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("PMARK", os.path.join(ROOT, "build", "src", "pmark", "pmark"))
os.environ.setdefault("PMARK_SOURCE_ROOT", ROOT)
os.environ.setdefault("PMARK_POLICY_PATH", os.path.join(ROOT, "policies"))
sys.path.insert(0, os.path.join(ROOT, "tests", "mail"))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import office  # noqa: E402
import test_postfix as tp  # noqa: E402
from mailtest import PMARK, message  # noqa: E402

spec = importlib.util.spec_from_file_location("gen_text", os.path.join(ROOT, "bench", "gen-text.py"))
gen_text = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen_text)

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
N = int(ARGS[0]) if ARGS else 200


def attachments():
    gen_text.random.seed(7)
    paras = [gen_text.paragraph() for _ in range(900)]
    docx = office.docx(paras)
    lines = []
    for p in paras[:260]:
        while p:
            lines.append(p[:90])
            p = p[90:]
    pdf = office.pdf([lines[i:i + 60] for i in range(0, len(lines), 60)])
    return {"pdf": ("case-file.pdf", pdf, "application/pdf"),
            "docx": ("case-file.docx", docx,
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document")}


def pad_to(att, size=100 * 1024):
    """A message of about `size` bytes: the attachment and a covering note."""
    base = message("See attached.\n", subject="case file", attachments=[att])
    note = "Covering note for the case file.\n" * max(0, (size - len(base)) // 34)
    return message("See attached.\n" + note, subject="case file", attachments=[att])


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    if os.geteuid() != 0:
        sys.exit("bench/milter.py needs root (a private Postfix instance)")
    atts = attachments()
    msgs = {k: pad_to(a) for k, a in atts.items()}
    unix = "--inet" not in sys.argv
    gw = tp.Gateway(unix=unix)
    print("milter socket: %s" % ("unix" if unix else "inet (TCP on 127.0.0.1)"))
    if not gw.started:
        sys.exit("Postfix did not start: " + gw.start_error)
    tp.GW = gw
    try:
        with tempfile.TemporaryDirectory() as tmp:
            print("messages: %d per kind, sizes %s" % (
                N, ", ".join("%s %d KB" % (k, len(m) // 1024) for k, m in msgs.items())))
            for kind, data in msgs.items():
                path = os.path.join(tmp, kind + ".eml")
                with open(path, "wb") as f:
                    f.write(data)
                # throughput: smtp-source, 2 sessions, N messages
                t = time.time()
                subprocess.run([tp.SMTP_SOURCE, "-s", "2", "-m", str(N), "-F", path,
                                "-f", "amy.worker@council.gov.uk", "-t", "cara@nhs.net",
                                "127.0.0.1:%d" % gw.port], check=True,
                               stdout=subprocess.DEVNULL)
                through = time.time() - t
                # latency: one at a time
                lat = []
                for _ in range(min(N, 100)):
                    t = time.time()
                    tp.send(data)
                    lat.append(time.time() - t)
                # the same work without the gateway
                att = os.path.join(tmp, atts[kind][0])
                with open(att, "wb") as f:
                    f.write(atts[kind][1])
                t = time.time()
                subprocess.run([PMARK, "classify", *([att] * N)], check=True,
                               stdout=subprocess.DEVNULL)
                classify = (time.time() - t) / N
                filt = []
                for _ in range(min(N, 50)):
                    t = time.time()
                    subprocess.run([PMARK, "filter"], input=data, check=True,
                                   stdout=subprocess.DEVNULL)
                    filt.append(time.time() - t)
                print("%-4s gateway (Postfix + milter, smtp-source -s 2): %.1f msg/s; "
                      "latency p50 %.1f ms, p99 %.1f ms" % (
                          kind, N / through, 1000 * pct(lat, 50), 1000 * pct(lat, 99)))
                print("%-4s direct: pmark classify of the attachment %.1f ms/file "
                      "(one process); pmark filter per message p50 %.1f ms; "
                      "gateway overhead over classify at p50: %.1f ms" % (
                          kind, 1000 * classify, 1000 * pct(filt, 50),
                          1000 * (pct(lat, 50) - classify)))
        # Postfix alone: the same messages with no milter
        subprocess.run(["postconf", "-c", gw.conf, "-e", "smtpd_milters="], check=True)
        subprocess.run([tp.POSTFIX, "-c", gw.conf, "reload"], check=True,
                       capture_output=True)
        time.sleep(2)
        for kind, data in msgs.items():
            lat = []
            for _ in range(min(N, 100)):
                t = time.time()
                tp.send(data)
                lat.append(time.time() - t)
            print("%-4s Postfix alone (no milter): latency p50 %.1f ms, p99 %.1f ms" % (
                kind, 1000 * pct(lat, 50), 1000 * pct(lat, 99)))
    finally:
        gw.stop()


if __name__ == "__main__":
    main()
