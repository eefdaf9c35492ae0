#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The files people actually hold: Word, Excel and PowerPoint 97-2003, RTF,
Outlook .msg and TNEF (winmail.dat). Documents are written by the test
(OOXML by tools/office.py, saved in the old formats by LibreOffice; RTF
and TNEF by hand; .msg by tests/tools/mkmsg.c) so that every identifier,
marking and place is known; pmark must find each where it is, and never
call what it could not read clean."""
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

PMARK = os.environ["PMARK"]
ROOT = os.environ["PMARK_SOURCE_ROOT"]
MKMSG = os.environ.get("PMARK_MKMSG")
CORPORA = os.environ.get("PMARK_CORPUS_DIR") or os.path.join(ROOT, "..", "shared", "corpora")
LEGACY = os.path.join(CORPORA, "legacy", "poi")
sys.path.insert(0, os.path.join(ROOT, "tools"))
import ids  # noqa: E402
import office  # noqa: E402
sys.path.insert(0, os.path.join(ROOT, "tests"))
from tempfiles import TempFiles  # noqa: E402

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NHS = ids.nhs_numbers(60)


def run(*args, timeout=120, env=None):
    return subprocess.run([PMARK, *args], capture_output=True, text=True, timeout=timeout,
                          env=env)


def classify(path, *extra):
    r = run("classify", "--json", *extra, path)
    obj = json.loads(r.stdout)
    return r, obj


def extract(path):
    r = run("extract", "--json", "--ocr", "off", path)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def text_of(obj, prefix=""):
    return "\n".join(p["text"] for p in obj["parts"] if p["where"].startswith(prefix))


def need_soffice(test):
    if not SOFFICE:
        test.skipTest("SKIP: LibreOffice (soffice) not installed: the legacy files of this "
                      "test are written by it (apt-get install libreoffice-writer-nogui "
                      "libreoffice-calc-nogui libreoffice-impress-nogui)")


class Converted(unittest.TestCase):
    """OOXML written by the test, saved as .doc/.xls/.ppt/.rtf by LibreOffice."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.d = cls.tmp.name
        if not SOFFICE:
            return
        src = os.path.join(cls.d, "src")
        os.mkdir(src)
        files = {
            "case-summary.docx": office.docx(
                ["Case summary for the core group.",
                 "Child: Robin Example, NHS number %s." % NHS[0],
                 "Section 47 enquiry opened after the strategy discussion."],
                header="RESTRICTED", footer="RESTRICTED",
                custom=[("ProtectiveMarking", "RESTRICTED")]),
            "agenda.docx": office.docx(["Team meeting agenda.", "Car park rota."]),
            "labelled.docx": office.docx(["Minutes."], custom=[
                ("MSIP_Label_8b9e2a41-6d3c-4f57-9b1e-0a1b2c3d4e5f_Enabled", "true"),
                ("MSIP_Label_8b9e2a41-6d3c-4f57-9b1e-0a1b2c3d4e5f_Name", "Official Sensitive")]),
            "referral.docx": office.docx(["Referral: Sam Example, NHS number %s." % NHS[15],
                                          "A strategy discussion is arranged."]),
            "caseload.xlsx": office.xlsx([("Summary", [["Caseload extract, March"]]),
                                          ("Caseload", [["Name", "NHS number", "Plan"]] +
                                           [["Child %02d" % i, n, "child protection plan"]
                                            for i, n in enumerate(NHS)])],
                                         header="CONFIDENTIAL"),
            # dates stored as Excel stores them (serials in date-formatted
            # cells), and a sparse table: empty cells keep the columns
            "register.xlsx": office.xlsx([("Register", [
                ["Pupil register"],
                ["Name", "Year", "Date of birth", "Notes"],
                ["Morgan Madeup", "", "#02/09/2015", ""],
                ["Sam Example", "5", "#14/01/2014", "moved school"],
                ["Riley Test", "", "#30/11/2015", ""]])]),
            "briefing.pptx": office.pptx([(["Training day", "Welcome"], None),
                                          (["Case study", "NHS number %s" % NHS[2]],
                                           "Speaker notes: NHS %s" % NHS[3])]),
        }
        for name, data in files.items():
            with open(os.path.join(src, name), "wb") as f:
                f.write(data)
        # footnotes and comments need their references in the text: RTF
        with open(os.path.join(src, "notes.rtf"), "w") as f:
            f.write(NOTES_RTF)
        env = dict(os.environ, HOME=cls.d)
        for fmt, names in (("doc:MS Word 97", ["case-summary.docx", "agenda.docx", "notes.rtf",
                                               "referral.docx", "labelled.docx"]),
                           ("rtf", ["case-summary.docx"]),
                           ("xls:MS Excel 97", ["caseload.xlsx", "register.xlsx"]),
                           ("ppt:MS PowerPoint 97", ["briefing.pptx"])):
            subprocess.run([SOFFICE, "--headless", "--norestore", "--convert-to", fmt,
                            "--outdir", cls.d, *[os.path.join(src, n) for n in names]],
                           capture_output=True, timeout=600, env=env)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def path(self, name):
        need_soffice(self)
        p = os.path.join(self.d, name)
        self.assertTrue(os.path.exists(p), "LibreOffice did not write " + name)
        return p

    def test_doc_parts_markings_and_properties(self):
        p = self.path("case-summary.doc")
        obj = extract(p)
        self.assertEqual(obj["format"], "doc")
        self.assertIn(NHS[0], text_of(obj, "body"))
        self.assertIn("RESTRICTED", text_of(obj, "header"))
        self.assertIn("RESTRICTED", text_of(obj, "footer"))
        # the custom property, through DocumentSummaryInformation
        self.assertIn("ProtectiveMarking: RESTRICTED", text_of(obj, "document properties"))
        sources = {(m["source"], m["value"]) for m in obj["markings"]}
        self.assertIn(("metadata", "RESTRICTED"), sources)
        r, res = classify(p)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(res["existing"]["level"], "RESTRICTED", res)
        self.assertTrue(res["inspected"])
        wheres = [w for reason in res["reasons"] for w in reason.get("where", [])]
        self.assertTrue(any(w.startswith("body") for w in wheres), res)
        self.assertNotIn(NHS[0], r.stdout)  # evidence masked

    def test_doc_footnotes_comments_and_fields(self):
        obj = extract(self.path("notes.doc"))
        self.assertIn(NHS[1], text_of(obj, "footnotes"))
        self.assertNotIn(NHS[1], text_of(obj, "body"))
        self.assertIn("Check the address", text_of(obj, "comments"))
        body = text_of(obj, "body")
        self.assertIn("link text", body)
        self.assertNotIn("HYPERLINK", body)  # a field's code is not its text
        self.assertIn("Cell A\tCell B", body)

    def test_doc_microsoft_label_in_user_defined_properties(self):
        obj = extract(self.path("labelled.doc"))
        self.assertIn(("label", "DocumentSummaryInformation", "8b9e2a41-6d3c-4f57-9b1e-0a1b2c3d4e5f"),
                      {(m["source"], m["where"], m["value"]) for m in obj["markings"]})
        # the label's other properties are no text of the document
        self.assertNotIn("Official Sensitive", text_of(obj, "document properties"))

    def test_doc_without_identifiers_is_clean(self):
        r, res = classify(self.path("agenda.doc"))
        self.assertEqual(res["level"], "NOT PROTECTIVELY MARKED", res)
        self.assertTrue(res["inspected"])

    def test_rtf_from_libreoffice(self):
        obj = extract(self.path("case-summary.rtf"))
        self.assertEqual(obj["format"], "rtf")
        self.assertIn(NHS[0], text_of(obj, "body"))
        self.assertIn("RESTRICTED", text_of(obj, "header"))
        self.assertIn("RESTRICTED", text_of(obj, "footer"))

    def test_xls_column_header_is_the_context(self):
        p = self.path("caseload.xls")
        obj = extract(p)
        self.assertEqual(obj["format"], "xls")
        wheres = [x["where"] for x in obj["parts"]]
        self.assertIn('sheet "Caseload"', wheres)
        self.assertIn('sheet "Caseload", column B (NHS number)', wheres)
        self.assertIn("CONFIDENTIAL", text_of(obj, 'sheet "Caseload", page header/footer'))
        r, res = classify(p)
        self.assertEqual(res["level"], "CONFIDENTIAL", res)
        ident = [x for x in res["reasons"] if x["match"] == "people"][0]
        self.assertEqual(ident["count"], 60, ident)
        self.assertTrue(ident["where"][0].startswith('sheet "Caseload", column B (NHS number)'),
                        ident)

    def test_dates_as_shown_and_columns_kept(self):
        need_soffice(self)
        xlsx = os.path.join(self.d, "src", "register.xlsx")
        for p in (xlsx, self.path("register.xls")):
            with self.subTest(path=os.path.basename(p)):
                obj = extract(p)
                col = text_of(obj, 'sheet "Register", column C (Date of birth)')
                self.assertIn("Date of birth: 02/09/2015", col)
                self.assertIn("Date of birth: 14/01/2014", col)
                self.assertIn("Date of birth: 30/11/2015", col)
                self.assertIn("Notes: moved school", text_of(obj, 'sheet "Register", column D (Notes)'))
                r, res = classify(p)
                self.assertEqual(res["level"], "PROTECT", res)
                ind = [x for x in res["reasons"] if x["match"] == "people"][0]
                self.assertEqual(ind["count"], 3, ind)
                self.assertNotIn("02/09/2015", r.stdout)

    def test_ppt_slides_in_order_and_notes(self):
        obj = extract(self.path("briefing.ppt"))
        self.assertEqual(obj["format"], "ppt")
        self.assertIn("Training day", text_of(obj, "slide 1"))
        self.assertIn(NHS[2], text_of(obj, "slide 2"))
        self.assertNotIn(NHS[2], text_of(obj, "slide 1"))
        self.assertIn(NHS[3], text_of(obj, "notes"))

    def test_truncated_files_are_never_clean(self):
        for name in ("case-summary.doc", "caseload.xls", "briefing.ppt"):
            with self.subTest(name=name):
                data = open(self.path(name), "rb").read()
                for cut in (len(data) // 2, len(data) - 700):
                    p = os.path.join(self.d, "cut-%d-%s" % (cut, name))
                    with open(p, "wb") as f:
                        f.write(data[:cut])
                    r, res = classify(p)
                    self.assertIn(r.returncode, (0, 1), r.stderr)
                    clean = (not res["error"] and res["inspected"]
                             and res["level"] == "NOT PROTECTIVELY MARKED")
                    self.assertFalse(clean, res)
                    if res["error"]:
                        self.assertIn(res["error"]["code"], ("malformed", "unsupported-format"))
                        self.assertIn(p, res["error"]["message"])

    def test_looped_directory_chain_is_never_clean(self):
        # a directory whose sector chain points back at itself: libgsf
        # stopped there in silence and a .msg read as an empty message
        import struct
        for name in ("referral-outlook.msg", "strategy-minutes.doc"):
            with self.subTest(name=name):
                with open(os.path.join(ROOT, "samples", name), "rb") as f:
                    data = bytearray(f.read())
                ss = 1 << struct.unpack_from("<H", data, 0x1E)[0]
                first = struct.unpack_from("<I", data, 0x30)[0]
                fat = struct.unpack_from("<I", data, 0x4C + 4 * (first // (ss // 4)))[0]
                struct.pack_into("<I", data, (fat + 1) * ss + (first % (ss // 4)) * 4, first)
                p = os.path.join(self.d, "loop-" + name)
                with open(p, "wb") as f:
                    f.write(data)
                r, res = classify(p)
                self.assertEqual(r.returncode, 1, res)
                self.assertIn(res["error"]["code"], ("malformed", "unsupported-format"))
                self.assertIn(p, res["error"]["message"])

    def test_mark_refuses_without_convert(self):
        p = self.path("agenda.doc")
        before = hashlib.sha256(open(p, "rb").read()).hexdigest()
        r = run("mark", "--auto", p)
        self.assertEqual(r.returncode, 1)
        self.assertIn("--convert", r.stderr)
        self.assertIn("Word", r.stderr)
        self.assertEqual(hashlib.sha256(open(p, "rb").read()).hexdigest(), before)

    def test_mark_convert(self):
        for name, ext, level in (("case-summary.doc", "docx", "CONFIDENTIAL"),
                                 ("caseload.xls", "xlsx", "CONFIDENTIAL"),
                                 ("briefing.ppt", "pptx", "RESTRICTED")):
            with self.subTest(name=name):
                p = self.path(name)
                before = hashlib.sha256(open(p, "rb").read()).hexdigest()
                log = os.path.join(self.d, "log-%s.jsonl" % ext)
                r = run("mark", "--json", "--convert", "--level", level, "--justify", "test",
                        "--log", log, "--in-place", p, timeout=300)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                res = json.loads(r.stdout)
                out = os.path.splitext(p)[0] + "." + ext
                self.assertEqual(res["output"], out)
                self.assertEqual(res["converted_from"], name.rsplit(".", 1)[1])
                # the original is kept as it was
                self.assertEqual(hashlib.sha256(open(p, "rb").read()).hexdigest(), before)
                c, cres = classify(out)
                self.assertEqual(cres["format"], ext)
                self.assertEqual(cres["existing"]["level"], level, cres)
                rec = json.loads(open(log).read().splitlines()[-1])
                self.assertEqual(rec["sha256_before"], before)
                self.assertEqual(rec["converted_from"], name.rsplit(".", 1)[1])
                self.assertRegex(rec["sha256_converted"], "^[0-9a-f]{64}$")
                self.assertNotEqual(rec["sha256_converted"], rec["sha256_after"])
                if ext == "docx":
                    # again: the converted name is taken by a file this run
                    # did not read; it is left alone, and the error names
                    # the way out (not --in-place, which was given)
                    kept = hashlib.sha256(open(out, "rb").read()).hexdigest()
                    r = run("mark", "--json", "--convert", "--level", level, "--justify", "test",
                            "--log", log, "--in-place", p, timeout=300)
                    self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
                    err = json.loads(r.stdout)["error"]["message"]
                    self.assertIn("%s exists: converting" % out, err)
                    self.assertIn("with -o instead of --in-place", err)
                    self.assertEqual(hashlib.sha256(open(out, "rb").read()).hexdigest(), kept)
                os.unlink(out)

    def test_audit_apply_convert(self):
        src = os.path.join(self.d, "share")
        os.makedirs(src, exist_ok=True)
        shutil.copy(self.path("referral.doc"), src)
        shutil.copy(self.path("agenda.doc"), src)
        db = os.path.join(self.d, "audit.sqlite")
        out = os.path.join(self.d, "applied")
        r = subprocess.run([PMARK, "audit", "--db", db, src], capture_output=True, text=True,
                           timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        rep = subprocess.run([PMARK, "report", "--db", db, "--format", "jsonl"],
                             capture_output=True, text=True, timeout=60)
        rows = {os.path.basename(json.loads(l)["path"]): json.loads(l)
                for l in rep.stdout.splitlines()}
        self.assertEqual(rows["referral.doc"]["finding"], "under-marked", rows)
        self.assertIsNone(rows["agenda.doc"]["finding"], rows)
        # without --convert: refused, named
        r = subprocess.run([PMARK, "audit", "--db", db, "--apply", "--apply-dir", out, src],
                           capture_output=True, text=True, timeout=300)
        self.assertIn("--convert", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(out, "share", "referral.docx")))
        r = subprocess.run([PMARK, "audit", "--db", db, "--apply", "--apply-dir", out,
                            "--convert", src], capture_output=True, text=True, timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        marked = os.path.join(out, "share", "referral.docx")
        self.assertTrue(os.path.exists(marked), r.stdout + r.stderr)
        c, res = classify(marked)
        self.assertEqual(res["existing"]["level"], "RESTRICTED", res)
        self.assertTrue(os.path.exists(os.path.join(src, "referral.doc")))

    def test_signal_during_conversion_leaves_nothing(self):
        # the conversion's private directory holds a copy of the document:
        # SIGTERM kills LibreOffice and removes it with all it holds
        import signal
        import time
        p = self.path("case-summary.doc")
        tmp = os.path.join(self.d, "tmpdir")
        os.mkdir(tmp)
        proc = subprocess.Popen([PMARK, "mark", "--convert", "--level", "CONFIDENTIAL",
                                 "--justify", "test", "--log", os.path.join(self.d, "l.jsonl"),
                                 "-o", os.path.join(self.d, "sig.docx"), p],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=dict(os.environ, TMPDIR=tmp))
        deadline = time.time() + 120
        while time.time() < deadline and proc.poll() is None and not os.listdir(tmp):
            time.sleep(0.01)
        time.sleep(0.5)  # LibreOffice is starting, writing its profile there
        if proc.poll() is not None:
            self.skipTest("SKIP: the conversion finished before the signal could be sent")
        self.assertTrue(os.listdir(tmp))
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, -signal.SIGTERM)
        self.assertFalse(os.path.exists(os.path.join(self.d, "sig.docx")))

        def soffice_left():
            # any LibreOffice process (the script, oosplash, soffice.bin)
            # still working in the private directory
            left = []
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    with open("/proc/%s/cmdline" % pid, "rb") as f:
                        if tmp.encode() in f.read():
                            left.append(pid)
                except OSError:
                    pass
            return left
        deadline = time.time() + 10
        while soffice_left() and time.time() < deadline:
            time.sleep(0.1)
        self.assertEqual(soffice_left(), [])  # LibreOffice went with it
        self.assertEqual(os.listdir(tmp), [])

    def test_what_libreoffice_runs_as_writes_only_its_directory(self):
        """Whatever pmark runs as LibreOffice (here a stand-in named by
        PMARK_SOFFICE that converts by copying and tries to write a file
        outside its private directory, as a macro or a bug could) writes
        nowhere but that directory, where the kernel has Landlock; run
        directly, the same stand-in writes the file"""
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        if libc.syscall(444, None, ctypes.c_size_t(0), ctypes.c_uint32(1)) < 1:
            self.skipTest("SKIP: this kernel has no Landlock")
        # LibreOffice's /tmp is its private directory: the stand-in, the
        # file it copies and the one it tries to write live elsewhere
        if not os.access("/var/tmp", os.W_OK):
            self.skipTest("SKIP: no writable /var/tmp for the stand-in")
        where = tempfile.mkdtemp(dir="/var/tmp", prefix="pmark-standin-")
        self.addCleanup(shutil.rmtree, where)
        docx = os.path.join(where, "converted.docx")
        victim = os.path.join(where, "written-by-libreoffice")
        shutil.copy(os.path.join(ROOT, "samples", "meeting-notes.docx"), docx)
        standin = os.path.join(where, "soffice-standin")
        with open(standin, "w") as f:
            f.write("#!/bin/sh\n"
                    "# the last argument is the document; --outdir DIR before it\n"
                    "for a; do last=$a; done\n"
                    "outdir=$(dirname \"$last\")\n"
                    "echo written > %s\n"
                    "cp %s \"$outdir/document.docx\"\n" % (victim, docx))
        os.chmod(standin, 0o755)
        env = dict(os.environ, PMARK_SOFFICE=standin)
        out = os.path.join(self.d, "standin.docx")
        r = run("mark", "--auto", "--convert", "-o", out, self.path("agenda.doc"), env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(out))  # the stand-in ran, and wrote its directory
        self.assertFalse(os.path.exists(victim))
        subprocess.run([standin, "--outdir", self.d, os.path.join(self.d, "x.doc")],
                       capture_output=True)
        self.assertTrue(os.path.exists(victim))

    def test_convert_without_libreoffice_is_a_clear_error(self):
        p = self.path("agenda.doc")
        env = dict(os.environ, PATH="/nonexistent")
        env.pop("PMARK_SOFFICE", None)
        r = run("mark", "--auto", "--convert", "-o", os.path.join(self.d, "x.docx"), p, env=env)
        self.assertEqual(r.returncode, 1)
        self.assertIn("LibreOffice", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.d, "x.docx")))


NOTES_RTF = (r"""{\rtf1\ansi\deff0{\fonttbl{\f0 Times;}}
\pard Referral notes.{\super\chftn}{\footnote\pard\plain{\super\chftn} Footnote: the parent's NHS number is """
             + NHS[1] + r""".\par}\par
\pard See{\*\atnid AB}{\*\atnauthor A. Author}\chatn{\*\annotation{\*\atnref 1}\pard Check the address.\par} this.\par
\pard {\field{\*\fldinst HYPERLINK "http://example.org/"}{\fldrslt link text}}\par
\trowd\cellx2000\cellx4000\pard\intbl Cell A\cell Cell B\cell\row
\pard End.\par}""")

RTF = r"""{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman Times;}{\f1\fswiss\fcharset204 Arial Cyr;}}
{\colortbl;\red255\green0\blue0;}{\stylesheet{\s1 Heading 1;}}
{\info{\title Case note}{\subject RESTRICTED}{\author Someone}}
{\*\userprops{\propname ProtectiveMarking}\proptype30{\staticval RESTRICTED}}
{\header \pard\qc RESTRICTED\par}
{\footer \pard\qc RESTRICTED\par}
\pard Caf\'e9 meeting \u8220?quoted\u8221? text\par
{\f1 \'cf\'f0\'e8\'e2\'e5\'f2}\par
\uc2 wide\u20013??char\par
{\*\unknowndestination secret that is not text}
NHS number """ + NHS[4] + r"""{\footnote \pard Footnote NHS """ + NHS[5] + r"""\par}\par
{\field{\*\fldinst HYPERLINK "http://example.org/hidden"}{\fldrslt link text}}\par
{\pict\pngblip 89504e470d0a1a0a}
\line last line\par
}"""


class Rtf(TempFiles, unittest.TestCase):

    def test_tokenizer(self):
        obj = extract(self.write("note.rtf", RTF))
        self.assertEqual(obj["format"], "rtf")
        body = text_of(obj, "body")
        self.assertIn("Café meeting \u201cquoted\u201d text", body)   # \'e9, \u with \uc1
        self.assertIn("Привет", body)                                   # \fcharset204
        self.assertIn("wide\u4e2dchar", body)                          # \uc2 skips two
        self.assertIn("link text", body)
        for hidden in ("Times", "Heading", "secret", "HYPERLINK", "89504e47", "Someone"):
            self.assertNotIn(hidden, body)
        self.assertIn(NHS[4], body)
        self.assertIn(NHS[5], text_of(obj, "footnotes"))
        self.assertNotIn(NHS[5], body)
        self.assertIn("RESTRICTED", text_of(obj, "header"))
        self.assertIn("Case note", text_of(obj, "document properties"))
        self.assertIn("ProtectiveMarking: RESTRICTED", text_of(obj, "document properties"))
        r, res = classify(self.write("note2.rtf", RTF))
        self.assertEqual(res["existing"]["level"], "RESTRICTED", res)

    def test_embedded_object_is_read(self):
        # \objdata: an OLE1 "Package" holding a text file with an NHS number
        payload = ("Embedded note. NHS %s\n" % NHS[6]).encode()
        native = (struct.pack("<H", 2) + b"note.txt\0" + b"C:\\note.txt\0" + struct.pack("<HH", 0, 3)
                  + struct.pack("<I", 12) + b"C:\\note.txt\0" + struct.pack("<I", len(payload)) + payload)
        cls = b"Package\0"
        ole1 = (struct.pack("<II", 0x0501, 2) + struct.pack("<I", len(cls)) + cls
                + struct.pack("<I", 0) + struct.pack("<I", 0)
                + struct.pack("<I", len(native)) + native)
        rtf = (r"{\rtf1\ansi Before.{\object\objemb{\*\objclass Package}{\*\objdata "
               + ole1.hex() + r"}{\result Icon}}After.\par}")
        obj = extract(self.write("obj.rtf", rtf))
        embedded = [p for p in obj["parts"] if p["where"].startswith("embedded object 1")]
        self.assertTrue(embedded, obj)
        self.assertIn(NHS[6], embedded[0]["text"])
        self.assertIn("note.txt", embedded[0]["where"])

    def test_hostile_nesting_is_a_typed_error(self):
        r, res = classify(self.write("deep.rtf", "{\\rtf1 " + "{" * 5000 + "x" + "}" * 5000 + "}"))
        self.assertEqual(r.returncode, 1)
        self.assertEqual(res["error"]["code"], "malformed", res)
        self.assertIn("deep.rtf", res["error"]["message"])


def tnef(subject, body, attachments, codepage=1252):
    """A TNEF stream: attOemCodepage, attSubject, attBody, then for each
    attachment attAttachRendData, attAttachTitle and attAttachData."""
    def attr(level, ident, data):
        return (struct.pack("<BII", level, ident, len(data)) + data
                + struct.pack("<H", sum(data) & 0xFFFF))
    out = struct.pack("<IH", 0x223E9F78, 0x0001)
    out += attr(1, 0x00069007, struct.pack("<II", codepage, 0))
    out += attr(1, 0x00018004, subject.encode("cp%d" % codepage) + b"\0")
    out += attr(1, 0x0002800C, body.encode("cp%d" % codepage) + b"\0")
    for name, data in attachments:
        out += attr(2, 0x00069002, struct.pack("<HIHHI", 1, 0xFFFFFFFF, 0, 0, 0))
        out += attr(2, 0x00018010, name.encode() + b"\0")
        out += attr(2, 0x0006800F, data)
    return out


class Tnef(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def test_winmail_dat_alone_and_in_a_message(self):
        note = ("Strategy meeting. NHS %s, NHS %s\n" % (NHS[7], NHS[8])).encode()
        data = tnef("[RESTRICTED] Referral", "See the attached note, Zoë.",
                    [("note.txt", note)])
        p = os.path.join(self.tmp.name, "winmail.dat")
        with open(p, "wb") as f:
            f.write(data)
        obj = extract(p)
        self.assertEqual(obj["format"], "tnef")
        self.assertIn("Zoë", text_of(obj, "body"))
        self.assertIn(NHS[7], text_of(obj, "attachment 1 (note.txt)"))
        r, res = classify(p)
        self.assertEqual(res["existing"]["level"], "RESTRICTED", res)
        # in a mail, through the gateway's filter: the attachment's identifiers count
        import base64
        mail = ("From: a@example.org\r\nTo: b@example.org\r\nSubject: referral\r\n"
                "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                "--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n"
                "--b\r\nContent-Type: application/ms-tnef; name=winmail.dat\r\n"
                "Content-Transfer-Encoding: base64\r\n\r\n"
                + base64.encodebytes(data).decode().replace("\n", "\r\n")
                + "--b--\r\n")
        m = os.path.join(self.tmp.name, "referral.eml")
        with open(m, "w") as f:
            f.write(mail)
        r, res = classify(m)
        masked = [x for x in res["reasons"] if any(e.startswith("999 ***") for e in x["evidence"])]
        self.assertTrue(masked, res)
        self.assertTrue(any("winmail.dat" in w and "note.txt" in w for w in masked[0]["where"]),
                        masked)

        # the gateway reads it too: the message is marked, not held unread
        f = subprocess.run([PMARK, "filter", "--json", "--recipient", "duty@example.gcsx.gov.uk"],
                           input=mail, capture_output=True, text=True, timeout=60)
        self.assertEqual(f.returncode, 0, f.stderr)
        decision = json.loads(f.stdout)
        self.assertEqual(decision["level"], "RESTRICTED", decision)
        self.assertEqual(decision["action"], "deliver", decision)
        self.assertIn("SEC=RESTRICTED", decision["headers"]["X-Protective-Marking"])

    def test_truncated_tnef_is_not_clean(self):
        data = tnef("Referral", "Body.", [("note.txt", b"NHS " + NHS[9].encode() * 50)])
        p = os.path.join(self.tmp.name, "cut.dat")
        with open(p, "wb") as f:
            f.write(data[:-300])
        r, res = classify(p)
        self.assertFalse(res["inspected"], res)
        self.assertIn("TNEF", res["not_inspected_reason"])


class Msg(unittest.TestCase):
    def setUp(self):
        if not MKMSG:
            self.skipTest("SKIP: PMARK_MKMSG (tests/tools/mkmsg) not set; run through meson")
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def mkmsg(self, name, *args):
        p = os.path.join(self.tmp.name, name)
        r = subprocess.run([MKMSG, p, *args], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        return p

    def test_message_fields_body_and_attachments(self):
        att = os.path.join(self.tmp.name, "plan.txt")
        with open(att, "w") as f:
            f.write("Child protection plan. NHS %s\n" % NHS[10])
        inner = self.mkmsg("inner.msg", "--subject", "[CONFIDENTIAL] Earlier thread",
                           "--body", "Quoted: NHS %s" % NHS[11])
        p = self.mkmsg("outer.msg", "--subject", "[RESTRICTED] Core group",
                       "--body", "Dear colleague, the plan is attached.",
                       "--from", "Sam Sender", "--to", "Kim Receiver:kim@example.org",
                       "--attach", "plan.txt=" + att, "--embed", "Earlier thread=" + inner)
        obj = extract(p)
        self.assertEqual(obj["format"], "msg")
        header = text_of(obj, "header")
        self.assertIn("Subject: [RESTRICTED] Core group", header)
        self.assertIn("kim@example.org", header)
        self.assertIn("Dear colleague", text_of(obj, "body"))
        self.assertIn(NHS[10], text_of(obj, "attachment 1 (plan.txt)"))
        self.assertIn(NHS[11], text_of(obj, "attachment 2 (Earlier thread)"))
        # its own subject marks it; the embedded message's marking is quoted
        found = {(m["source"], m["value"], m["where"]) for m in obj["markings"]}
        self.assertIn(("header", "RESTRICTED", "subject"), found)
        self.assertIn(("quoted", "CONFIDENTIAL", "attachment 2 (Earlier thread): subject"), found)
        r, res = classify(p)
        self.assertEqual(res["level"], "CONFIDENTIAL", res)

    def test_codepage_html_rtf_and_transport_headers(self):
        p = self.mkmsg("cp.msg", "--codepage", "1251", "--subject", "Отчёт",
                       "--body", "Привет, NHS %s" % NHS[12])
        self.assertIn("Привет", text_of(extract(p), "body"))
        p = self.mkmsg("html.msg", "--subject", "html",
                       "--html", "<html><body><p>Seen <b>NHS %s</b></p>"
                       "<script>hidden()</script></body></html>" % NHS[13])
        body = text_of(extract(p), "body")
        self.assertIn(NHS[13], body)
        self.assertNotIn("hidden", body)
        p = self.mkmsg("rtf.msg", "--subject", "rtf",
                       "--rtf-body", r"{\rtf1\ansi Only in RTF: NHS %s\par}" % NHS[14])
        self.assertIn(NHS[14], text_of(extract(p), "body"))
        p = self.mkmsg("hdr.msg", "--subject", "no marking here", "--body", "x",
                       "--headers", "Received: from a\r\nX-Protective-Marking: VER=2012.3, "
                       "NS=gov.uk, SEC=RESTRICTED, ORIGIN=a@example.org\r\nSubject: x\r\n")
        r, res = classify(p)
        self.assertEqual(res["existing"]["level"], "RESTRICTED", res)


class OldFormats(TempFiles, unittest.TestCase):
    """Excel 2.x-4.0 worksheets (bare BIFF2-4 record streams) and
    WordPerfect 5.1 documents (libwpd), written here byte by byte
    (tools/office.py); one saved under a .doc name, as offices did."""
    ROWS = [["Name", "DOB", "Address", "Notes"],
            ["Riley Sample", "14/09/2017", "14 Elm Road, Croydon CR0 2AB", "Section 47 enquiry"],
            ["Sam Sample", "03/05/2019", "14 Elm Road, Croydon CR0 2AB", "child protection plan"]]

    def test_excel_2_3_4_worksheets(self):
        for version in (2, 3, 4):
            with self.subTest(biff=version):
                path = self.write("caseload%d.xls" % version,
                                  office.biff(version, self.ROWS, "strategy discussion held"))
                obj = extract(path)
                self.assertEqual((obj["type"], obj["format"], obj["inspected"]),
                                 ("application/vnd.ms-excel", "xls", True), obj)
                sheet = text_of(obj, 'sheet "1"')
                self.assertIn("Riley Sample\t14/09/2017\t14 Elm Road, Croydon CR0 2AB", sheet)
                # a formula's cached text (BIFF3-4 keep it in a STRING record)
                if version > 2:
                    self.assertIn("strategy discussion held", sheet)
                r, res = classify(path)
                self.assertEqual((res["level"], res["inspected"], res["extension_mismatch"]),
                                 ("RESTRICTED", True, False), res)

    def test_truncated_excel_4_is_never_clean(self):
        data = office.biff(4, self.ROWS * 20)
        path = self.write("cut.xls", data[:len(data) // 2 + 3])
        r, res = classify(path)
        self.assertNotEqual(res["level"], "NOT PROTECTIVELY MARKED", res)
        self.assertFalse(res["inspected"], res)

    def test_wordperfect(self):
        lines = ["Case note", "Riley Sample aged 7 lives at 14 Elm Road, Croydon CR0 2AB.",
                 "A LADO referral was made."]
        for name in ("note.wpd", "note.doc"):
            with self.subTest(name=name):
                path = self.write(name, office.wordperfect(lines))
                obj = extract(path)
                self.assertEqual((obj["type"], obj["format"]),
                                 ("application/vnd.wordperfect", "wpd"), obj)
                self.assertEqual(text_of(obj, "body").splitlines(), lines)
                r, res = classify(path)
                self.assertEqual((res["level"], res["inspected"]), ("RESTRICTED", True), res)
                # a WordPerfect file named .doc says so
                self.assertEqual(res["extension_mismatch"], name.endswith(".doc"), res)

    def test_wordperfect_password_and_damage(self):
        path = self.write("locked.wpd", office.wordperfect(["Riley Sample aged 7"], key=0x4d2))
        r, res = classify(path)
        self.assertEqual((res["inspected"], res["level"], res["review"]), (False, None, True), res)
        self.assertIn("password-protected WordPerfect", res["not_inspected_reason"])
        path = self.write("cut.wpd", office.wordperfect(["Riley Sample aged 7"])[:12])
        r = run("classify", path)
        # an error for this file (exit 1: some file could not be classified)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("cut.wpd: error (malformed)", r.stdout)
        self.assertIn("not a readable WordPerfect document", r.stdout)


class Corpus(unittest.TestCase):
    """Files from Apache POI's tests (skipped when the corpora are absent)."""

    def setUp(self):
        if not os.path.isdir(LEGACY):
            self.skipTest("SKIP: legacy corpus not found at %s" % LEGACY)

    def test_password_protected_are_not_inspected(self):
        for rel in ("document/PasswordProtected.doc", "document/password_tika_binaryrc4.doc",
                    "spreadsheet/password.xls", "spreadsheet/xor-encryption-abc.xls",
                    "slideshow/Password_Protected-hello.ppt",
                    "slideshow/ppt_with_png_encrypted.ppt"):
            with self.subTest(rel=rel):
                r, res = classify(os.path.join(LEGACY, rel), "--fail-at", "PROTECT")
                self.assertFalse(res["inspected"], res)
                self.assertIn("password-protected", res["not_inspected_reason"])
                self.assertEqual(r.returncode, 3, r.stdout)

    def test_word_95_and_older(self):
        obj = extract(os.path.join(LEGACY, "document/Word95.doc"))
        self.assertIn("Paragraph 3. Has some RED text", text_of(obj, "body"))
        r, res = classify(os.path.join(LEGACY, "document/word2.doc"))
        self.assertEqual(res["error"]["code"], "unsupported-format")
        self.assertIn("Word for Windows 2.0", res["error"]["message"])

    def test_tnef_attachments(self):
        obj = extract(os.path.join(CORPORA, "legacy/poi/hmef/quick-winmail.dat"))
        names = {p["where"].split(":")[0] for p in obj["parts"]}
        for n in ("attachment 1 (quick.doc)", "attachment 3 (quick.pdf)",
                  "attachment 4 (quick.txt)", "attachment 5 (quick.xml)"):
            self.assertIn(n, names)
        self.assertEqual(obj.get("unread", []), [], obj)
        self.assertTrue(obj["inspected"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
