#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Identifiers, names and addresses never leave pmark in full. Hostile
documents carry NHS and National Insurance numbers, and the names of the
children and parents they are about, in their text and in the places
pmark reports instead of their text: zip member names, sheet names,
attachment file names, the names of members it cannot read. Every output
channel is searched for the full identifiers, names and addresses:
classify's lines and JSON, standard error, the audit store (SQLite,
dumped) and its reports, the gateway's decision, added headers, SMTP
reply, log and syslog line, pmark mark's log. (The message a gateway passes on is the user's own
and not searched. A path a user gives pmark is printed with its
identifiers masked, and with what a terminal or a JSON parser would act
on escaped: test_file_names.)"""
import base64
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import unittest
import zipfile

PMARK = os.environ["PMARK"]
ROOT = os.environ["PMARK_SOURCE_ROOT"]
sys.path.insert(0, os.path.join(ROOT, "tools"))
import ids  # noqa: E402
import office  # noqa: E402

NHS = ids.nhs_numbers(4)
NI = "AB123456C"
# the people (made up) and where they live
CHILD, MOTHER, STREET, POSTCODE = "Jayden Okonkwo", "Kelly Okonkwo", "14 Larch Road", "CR0 2AB"
# every way the identifiers, names and addresses are written below
FULL = [n.replace(" ", "") for n in NHS[:3]] + [NHS[0], NI, CHILD, MOTHER, STREET,
                                                 "Aaliyah Brennan"]
REFERRAL = ("Referral to the MASH\nChild: %s, aged 7, Year 3\nAddress: %s, Croydon %s\n"
            "Mother: %s\nJayden has bruising to his arm; strategy discussion requested.\n"
            % (CHILD, STREET, POSTCODE, MOTHER))


def leaks(text):
    return [f for f in FULL if f in text]


class Leaks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.d = os.path.join(cls.tmp.name, "share")
        os.mkdir(cls.d)
        a, b, c = (n.replace(" ", "") for n in NHS[:3])
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            # a member pmark reads, and one it cannot (listed as not read)
            z.writestr("NHS %s %s.txt" % (a, NI),
                       "Child: Sam Example, NHS number %s. Strategy discussion held.\n" % NHS[3])
            z.writestr("scan %s.bin" % b, b"\x00\x01\x02\x03 not a document")
            # a member named after a child that pmark reads, and one it cannot
            z.writestr("Jayden Okonkwo referral.txt", REFERRAL)
            z.writestr("Aaliyah Brennan scan.bin", b"\x00\x01\x02\x03 not a document")
        with open(os.path.join(cls.d, "bundle.zip"), "wb") as f:
            f.write(buf.getvalue())
        with open(os.path.join(cls.d, "caseload.xlsx"), "wb") as f:
            f.write(office.xlsx([("NHS %s" % c, [["Child protection plan, NHS %s" % NHS[3]]]),
                                 ("Kelly Okonkwo", [["Name", "Address", "Plan"],
                                                    [CHILD, STREET + ", Croydon", "CP plan"],
                                                    [MOTHER, STREET, "CP plan"]])]))
        with open(os.path.join(cls.d, "referral.txt"), "w") as f:
            f.write(REFERRAL)
        note = base64.encodebytes((("Strategy discussion. NHS number %s\n" % NHS[3])
                                   + REFERRAL).encode()).decode().replace("\n", "\r\n")
        cls.mail = ("From: a@example.org\r\nTo: b@example.org\r\nSubject: notes on Jayden Okonkwo\r\n"
                    "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                    "--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--b\r\n"
                    "Content-Type: text/plain; name=\"NHS %s %s.txt\"\r\n"
                    "Content-Disposition: attachment; filename=\"NHS %s %s.txt\"\r\n"
                    "Content-Transfer-Encoding: base64\r\n\r\n%s--b--\r\n") % (a, NI, a, NI, note)
        with open(os.path.join(cls.d, "notes.eml"), "w") as f:
            f.write(cls.mail)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_pmark(self, *args, stdin=None):
        r = subprocess.run([PMARK, *args], input=stdin, capture_output=True, text=True,
                           timeout=120)
        self.assertEqual(leaks(r.stdout), [], "stdout of %s:\n%s" % (args, r.stdout))
        self.assertEqual(leaks(r.stderr), [], "stderr of %s:\n%s" % (args, r.stderr))
        return r

    def test_classify(self):
        names = sorted(os.listdir(self.d))
        paths = [os.path.join(self.d, n) for n in names]
        r = self.run_pmark("classify", *paths)
        self.assertIn('sheet "NHS 999*****', r.stdout)
        r = self.run_pmark("classify", "--json", *paths)
        # the identifiers were found (masked), so the test looks where they are
        self.assertIn("member NHS 999*****", r.stdout)
        objs = [json.loads(l) for l in r.stdout.splitlines()]
        bundle = [o for o in objs if o["path"].endswith("bundle.zip")][0]
        self.assertTrue(bundle["unread"] and any("scan 999*****" in u for u in bundle["unread"]),
                        bundle)
        # the people were found, and said masked: in reasons, and in the
        # names of members (read and unread) and sheets
        self.assertTrue(any("A****** B****** scan.bin" in u for u in bundle["unread"]), bundle)
        referral = [o for o in objs if o["path"].endswith("referral.txt")][0]
        self.assertEqual(referral["level"], "RESTRICTED", referral)
        self.assertIn("J***** O******", json.dumps(referral))
        self.assertIn("J***** O******", r.stdout)
        sheets = [o for o in objs if o["path"].endswith("caseload.xlsx")][0]
        self.assertIn('sheet \\"K**** O******\\"', json.dumps(sheets))

    def test_file_names(self):
        """A file's own name: an identifier in it masked in text and JSON;
        control characters escaped in text (no forged result line);
        bytes that are not UTF-8 escaped, the JSON still valid."""
        d = os.path.join(self.tmp.name, "names")
        os.makedirs(d, exist_ok=True)
        nhs = NHS[0].replace(" ", "")
        files = {
            "nhs %s referral.txt" % nhs: REFERRAL,
            "forged\rx.txt: NOT PROTECTIVELY MARKED\n.txt": REFERRAL,
        }
        for name, text in files.items():
            with open(os.path.join(d, name), "w") as f:
                f.write(text)
        with open(os.path.join(d.encode(), b"bad\xff\xfename.txt"), "w") as f:
            f.write("Meeting notes.\n")
        r = self.run_pmark("classify", d)
        self.assertNotIn(nhs, r.stdout)
        self.assertIn("nhs 999*****", r.stdout)
        lines = r.stdout.splitlines()
        # each file one result line; the forged name's CR and LF escaped
        results = [l for l in lines if not l.startswith("  ")]
        self.assertEqual(len(results), 3, r.stdout)
        self.assertFalse(any(l.startswith("x.txt") or l.startswith(".txt") for l in lines),
                         r.stdout)
        self.assertIn("forged\\rx.txt: NOT PROTECTIVELY MARKED\\n.txt: RESTRICTED", r.stdout)
        self.assertIn("bad\\xFF\\xFEname.txt: NOT PROTECTIVELY MARKED", r.stdout)
        r = self.run_pmark("classify", "--json", d)
        objs = [json.loads(l) for l in r.stdout.splitlines()]
        paths = sorted(os.path.basename(o["path"]) for o in objs)
        self.assertEqual(len(paths), 3, r.stdout)
        self.assertIn("bad\\xFF\\xFEname.txt", paths)
        self.assertTrue(any(p.startswith("nhs 999*****") for p in paths), paths)
        # pmark mark prints the names it was given the same way
        out = os.path.join(self.tmp.name, "names-marked")
        os.makedirs(out, exist_ok=True)
        forged = os.path.join(d, "forged\rx.txt: NOT PROTECTIVELY MARKED\n.txt")
        r = self.run_pmark("mark", "--level", "RESTRICTED", "--justify", "test", "--log",
                           os.path.join(self.tmp.name, "names-mark.log"), "-d", out, forged)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(r.stdout.splitlines()), 1, r.stdout)
        self.assertIn("forged\\rx.txt: NOT PROTECTIVELY MARKED\\n.txt ->", r.stdout)
        r = self.run_pmark("mark", "--json", "--level", "RESTRICTED", "--justify", "test",
                           "--log", os.path.join(self.tmp.name, "names-mark.log"), "-d", out,
                           os.path.join(d.encode(), b"bad\xff\xfename.txt").decode(
                               "utf-8", "surrogateescape"))
        res = json.loads(r.stdout.encode("utf-8", "surrogateescape"))
        self.assertTrue(res["path"].endswith("bad\\xFF\\xFEname.txt"), res)
        # and the identifier in a name masked by mark, verify, audit --apply
        # and the reports (the audit store keeps the path whole: it is the
        # file's key for the next run)
        named = os.path.join(d, "nhs %s referral.txt" % nhs)
        for args in (["mark"], ["mark", "--json"]):
            into = os.path.join(out, args[-1].strip("-"))
            os.makedirs(into, exist_ok=True)
            r = self.run_pmark(*args, "--level", "RESTRICTED", "--justify", "test", "--log",
                               os.path.join(self.tmp.name, "names-mark.log"), "-d", into,
                               named)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertNotIn(nhs, r.stdout + r.stderr)
            self.assertIn("nhs 999*****", r.stdout)
        marked = [f for f in os.listdir(into) if f.startswith("nhs ")]
        self.assertEqual(len(marked), 1, os.listdir(into))
        for args in (["verify"], ["verify", "--json"]):
            r = self.run_pmark(*args, os.path.join(into, marked[0]))
            self.assertNotIn(nhs, r.stdout + r.stderr)
            self.assertIn("nhs 999*****", r.stdout + r.stderr)
        # a file pmark cannot read: the error names it, masked
        broken = os.path.join(d, "nhs %s scan.pdf" % nhs)
        with open(broken, "wb") as f:
            f.write(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
        r = self.run_pmark("mark", "--json", "--level", "RESTRICTED", "--justify", "test",
                           "--log", os.path.join(self.tmp.name, "names-mark.log"), "-d", out,
                           broken)
        self.assertNotEqual(r.returncode, 0)
        self.assertNotIn(nhs, r.stdout + r.stderr)
        self.assertIn("nhs 999*****", json.loads(r.stdout)["error"]["message"])
        db = os.path.join(self.tmp.name, "names.sqlite")
        self.run_pmark("audit", "--db", db, d)
        for fmt in ("csv", "jsonl", "html"):
            r = self.run_pmark("report", "--db", db, "--format", fmt)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertNotIn(nhs, r.stdout, fmt)
            self.assertIn("nhs 999*****", r.stdout, fmt)
        applied = os.path.join(self.tmp.name, "names-applied")
        r = self.run_pmark("audit", "--db", db, "--apply", "--apply-dir", applied, d)
        self.assertNotIn(nhs, r.stdout + r.stderr)
        self.assertIn("marked ", r.stdout)
        os.unlink(broken)

    def test_audit_store_and_reports(self):
        db = os.path.join(self.tmp.name, "audit.sqlite")
        self.run_pmark("audit", "--db", db, self.d)
        with sqlite3.connect(db) as con:
            dump = "\n".join(con.iterdump())
        self.assertEqual(leaks(dump), [])
        self.assertIn("999*****", dump)
        self.assertIn("J***** O******", dump)
        for fmt in ("csv", "jsonl", "html"):
            self.run_pmark("report", "--db", db, "--format", fmt)

    def test_mark_log(self):
        out = os.path.join(self.tmp.name, "marked")
        os.mkdir(out)
        log = os.path.join(self.tmp.name, "mark.log")
        r = self.run_pmark("mark", "--auto", "--log", log, "-o", os.path.join(out, "referral.txt"),
                           os.path.join(self.d, "referral.txt"))
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(log) as f:
            text = f.read()
        self.assertIn("RESTRICTED", text)
        self.assertEqual(leaks(text), [])

    def test_gateway(self):
        log = os.path.join(self.tmp.name, "gateway.jsonl")
        # a RESTRICTED message to an insecure domain: rejected, with a reply
        r = self.run_pmark("filter", "--json", stdin=self.mail)
        decision = json.loads(r.stdout)
        self.assertEqual(decision["action"], "reject", decision)
        self.assertIn("999*****", decision["smtp_reply"])
        # delivered to a secure domain: the added headers, the log, syslog's line
        r = subprocess.run([PMARK, "filter", "--log", log, "--log-stderr",
                            "--recipient", "duty@example.gcsx.gov.uk"],
                           input=self.mail, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(leaks(r.stderr), [])
        # (text mode: CRLF reads as LF)
        head = r.stdout.split("\n\n", 1)[0]
        added = [l for l in re.split(r"\n(?![ \t])", head)
                 if l.lower().startswith(("x-pmark", "x-protective-marking"))]
        self.assertTrue(added, head)
        self.assertEqual(leaks("\n".join(added)), [], added)
        self.assertEqual(leaks(open(log).read()), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
