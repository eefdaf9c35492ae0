#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""pmark mark against real clients: every stamped PDF passes `qpdf --check`
and `pdftotext` shows the marking as the first and last line of every page
with the original text still there; every stamped Office and ODF sample
converts to PDF with LibreOffice headless with the marking on every page.
Re-marking replaces, lowering needs --justify, signed documents are
refused, the audit log records each marking, and nothing is written on a
failure."""
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

PMARK = os.environ["PMARK"]
ROOT = os.environ["PMARK_SOURCE_ROOT"]
SAMPLES = os.path.join(ROOT, "samples")
sys.path.insert(0, os.path.join(ROOT, "tools"))
import office  # noqa: E402

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FORMATS = ["case-note.txt", "case-summary.pdf", "meeting-notes.docx", "strategy-minutes.docx",
           "caseload.xlsx", "training.pptx", "pupil-letter.odt", "attendance.ods",
           "briefing.odp", "referral.fodt"]


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def pdf_pages(path):
    r = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True,
                       text=True, check=True)
    pages = r.stdout.split("\f")
    return [[l.strip() for l in p.splitlines() if l.strip()] for p in pages if p.strip()]


class Mark(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.d = self.tmp.name
        self.log = os.path.join(self.d, "log.jsonl")

    def mark(self, *args, ok=True, env=None):
        r = subprocess.run([PMARK, "mark", "--json", "--log", self.log, *args],
                           capture_output=True, text=True, timeout=300,
                           env=dict(os.environ, **env) if env else None)
        if ok and r.returncode != 0:
            raise AssertionError("pmark mark %s: %s %s" % (args, r.stdout, r.stderr))
        return r.returncode, [json.loads(l) for l in r.stdout.splitlines()]

    def copy(self, name):
        dst = os.path.join(self.d, name)
        shutil.copy(os.path.join(SAMPLES, name), dst)
        return dst

    def classify(self, path):
        r = subprocess.run([PMARK, "classify", "--json", path], capture_output=True, text=True)
        return json.loads(r.stdout)

    def test_every_format_stamps_and_reads_back(self):
        for name in FORMATS:
            with self.subTest(name):
                src = self.copy(name)
                before = sha(src)
                out = os.path.join(self.d, "out-" + name)
                # --justify: some samples carry a higher marking already
                rc, res = self.mark("--level", "RESTRICTED:PERSONAL", "--justify", "test",
                                    "-o", out, src)
                self.assertEqual(res[0]["new"], "RESTRICTED - PERSONAL")
                self.assertEqual(sha(src), before, "the input was modified")
                c = self.classify(out)
                self.assertIsNone(c["error"])
                self.assertIn(c["existing"]["level"], ("RESTRICTED", "CONFIDENTIAL"), c)
                self.assertEqual(res[0]["sha256_after"], sha(out))
                self.assertEqual(res[0]["sha256_before"], before)

    def test_pdf_with_qpdf_and_pdftotext(self):
        if not shutil.which("qpdf"):
            self.skipTest("SKIP: qpdf not installed; stamped PDFs not checked")
        plain = os.path.join(self.d, "plain.pdf")
        with open(plain, "wb") as f:
            f.write(office.pdf([["Case summary", "page one body text"],
                                ["second page words", "more"]]))
        # the same document turned 90 degrees, and cropped
        rotated = os.path.join(self.d, "rotated.pdf")
        subprocess.run(["qpdf", "--rotate=+90", plain, rotated], check=True)
        for src in (plain, rotated, os.path.join(SAMPLES, "case-summary.pdf")):
            with self.subTest(os.path.basename(src)):
                out = os.path.join(self.d, "m-" + os.path.basename(src))
                self.mark("--level", "CONFIDENTIAL", "-o", out, src)
                r = subprocess.run(["qpdf", "--check", out], capture_output=True, text=True)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                self.assertIn("No syntax or stream encoding errors", r.stdout)
                orig, new = pdf_pages(src), pdf_pages(out)
                self.assertEqual(len(orig), len(new))
                for o, n in zip(orig, new):
                    self.assertEqual(n[0], "CONFIDENTIAL", n)
                    self.assertEqual(n[-1], "CONFIDENTIAL", n)
                    for line in o:
                        self.assertIn(line, n[1:-1])
        # re-marking replaces: one marking at the top and the bottom
        again = os.path.join(self.d, "again.pdf")
        self.mark("--level", "CONFIDENTIAL:PERSONAL", "-o", again, os.path.join(self.d, "m-plain.pdf"))
        for page in pdf_pages(again):
            self.assertEqual(page[0], "CONFIDENTIAL - PERSONAL")
            self.assertEqual(page[-1], "CONFIDENTIAL - PERSONAL")
            self.assertNotIn("CONFIDENTIAL", page[1:-1])

    def soffice(self, fmt, outdir, files):
        env = dict(os.environ, HOME=self.d)
        r = subprocess.run([SOFFICE, "--headless", "--norestore", "--convert-to", fmt,
                            "--outdir", outdir, *files], capture_output=True, text=True,
                           timeout=600, env=env)
        return r.stdout + r.stderr

    def test_libreoffice_renders_the_marking_on_every_page(self):
        if not SOFFICE:
            self.skipTest("SKIP: LibreOffice (soffice) not installed: apt-get install "
                          "libreoffice-writer-nogui libreoffice-calc-nogui "
                          "libreoffice-impress-nogui; Office stamping not checked by a client")
        # Documents as a real office suite writes them (the samples are
        # minimal): each sample saved by LibreOffice in its own format, and
        # the presentation also as pptx.
        norm = os.path.join(self.d, "norm")
        sources = {"docx": "strategy-minutes.docx", "xlsx": "caseload.xlsx",
                   "odt": "pupil-letter.odt", "ods": "attendance.ods", "odp": "briefing.odp",
                   "pptx": "briefing.odp"}
        for fmt, name in sources.items():
            self.soffice(fmt, norm, [os.path.join(SAMPLES, name)])
        outs = []
        for fmt, name in sources.items():
            src = os.path.join(norm, os.path.splitext(name)[0] + "." + fmt)
            self.assertTrue(os.path.exists(src), "LibreOffice did not write " + src)
            out = os.path.join(self.d, "lo-%s.%s" % (os.path.splitext(name)[0], fmt))
            # no descriptor ("LEVEL:"): the caseload's content would add PERSONAL
            self.mark("--level", "CONFIDENTIAL:", "--handling", "--justify", "test", "-o", out,
                      src)
            outs.append(out)
        pdfdir = os.path.join(self.d, "pdf")
        log = self.soffice("pdf", pdfdir, outs)
        for out in outs:
            with self.subTest(os.path.basename(out)):
                pdf = os.path.join(pdfdir, os.path.splitext(os.path.basename(out))[0] + ".pdf")
                if out.endswith(".pptx"):
                    # pptx and odp share a base name: convert it on its own
                    os.makedirs(pdfdir + "-pptx", exist_ok=True)
                    log += self.soffice("pdf", pdfdir + "-pptx", [out])
                    pdf = os.path.join(pdfdir + "-pptx", os.path.basename(pdf))
                self.assertTrue(os.path.exists(pdf), log)
                pages = pdf_pages(pdf)
                self.assertTrue(pages)
                for page in pages:
                    self.assertGreaterEqual(sum(l == "CONFIDENTIAL" for l in page), 2,
                                            "marking not at top and bottom: %s" % page)

    def test_remark_replaces_and_downgrade_needs_justification(self):
        for name in ["strategy-minutes.docx", "caseload.xlsx", "training.pptx", "pupil-letter.odt",
                     "case-note.txt"]:
            with self.subTest(name):
                src = self.copy(name)
                self.mark("--level", "CONFIDENTIAL", "--in-place", src)
                self.mark("--level", "CONFIDENTIAL:PERSONAL", "--in-place", src)
                before = sha(src)
                rc, res = self.mark("--level", "PROTECT", "--in-place", src, ok=False)
                self.assertEqual(rc, 1)
                self.assertEqual(res[0]["error"]["code"], "downgrade")
                self.assertIn("needs --justify", res[0]["error"]["message"])
                self.assertEqual(sha(src), before)
                self.mark("--level", "PROTECT", "--justify", "case closed", "--in-place", src)
                c = self.classify(src)
                self.assertEqual(c["existing"]["level"], "PROTECT" if name != "strategy-minutes.docx"
                                 else "RESTRICTED", c)  # its own body text says RESTRICTED
                text = subprocess.run([PMARK, "extract", src], capture_output=True,
                                      text=True).stdout
                self.assertEqual(text.count("CONFIDENTIAL"), 0, text)
        with open(self.log) as f:
            entries = [json.loads(l) for l in f]
        self.assertTrue(all(e["user"] and e["time"] and e["sha256_before"] for e in entries))
        just = [e for e in entries if e["justification"]]
        self.assertEqual(len(just), 5)
        self.assertEqual(just[0]["old"], "CONFIDENTIAL - PERSONAL")
        self.assertEqual(just[0]["new"], "PROTECT - PERSONAL")

    def test_marking_below_what_the_content_needs_needs_justification(self):
        # case-note.txt needs RESTRICTED - PERSONAL (an NHS number with
        # child-protection terms) and carries no marking
        src = self.copy("case-note.txt")
        before = sha(src)
        for level in ("PROTECT", "NOT PROTECTIVELY MARKED"):
            rc, res = self.mark("--level", level, "--in-place", src, ok=False)
            self.assertEqual(rc, 1)
            err = res[0]["error"]
            self.assertEqual(err["code"], "downgrade")
            self.assertIn("the content needs RESTRICTED (safeguarding-case", err["message"])
            self.assertIn("needs --justify", err["message"])
            self.assertIn("child-protection or safeguarding case", err["message"])  # the explanation
            self.assertEqual(sha(src), before)
        self.assertFalse(os.path.exists(self.log))
        # a blank justification is none (the page's rule too)
        for blank in ("", "   ", "\t \n"):
            rc, res = self.mark("--level", "PROTECT", "--justify", blank, "--in-place", src, ok=False)
            self.assertEqual(rc, 1, blank)
            self.assertEqual(res[0]["error"]["code"], "downgrade")
            self.assertEqual(sha(src), before)
        self.assertFalse(os.path.exists(self.log))
        # run from another directory with a relative name: the log says
        # which file, absolutely
        r = subprocess.run([PMARK, "mark", "--json", "--log", self.log, "--level", "PROTECT",
                            "--justify", "  agreed with the DSL ", "--in-place",
                            os.path.basename(src)], cwd=os.path.dirname(src),
                           capture_output=True, text=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(self.log) as f:
            rec = json.loads(f.read().splitlines()[-1])
        self.assertEqual(rec["content_needs"], "RESTRICTED")
        self.assertEqual(rec["new"], "PROTECT - PERSONAL")
        self.assertEqual(rec["justification"], "agreed with the DSL")
        self.assertEqual(rec["input"], os.path.realpath(src))
        self.assertEqual(rec["output"], os.path.realpath(src))

    def test_level_as_printed_mapped_and_listed(self):
        src = self.copy("case-note.txt")
        out = os.path.join(self.d, "out.txt")
        # the level the content needs without its descriptor keeps it
        rc, res = self.mark("--level", "RESTRICTED", "-o", out, src)
        self.assertEqual(res[0]["new"], "RESTRICTED - PERSONAL")
        os.unlink(out)
        rc, res = self.mark("--level", "RESTRICTED:", "-o", out, src)  # none, said so
        self.assertEqual(res[0]["new"], "RESTRICTED")
        os.unlink(out)
        # the form pmark prints
        rc, res = self.mark("--level", "CONFIDENTIAL - PERSONAL", "-o", out, src)
        self.assertEqual(res[0]["new"], "CONFIDENTIAL - PERSONAL")
        os.unlink(out)
        # another scheme's marking, through the policy's mapping, said so
        r = subprocess.run([PMARK, "mark", "--json", "--log", self.log, "--level",
                            "OFFICIAL-SENSITIVE", "-o", out, src], capture_output=True,
                           text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["new"], "RESTRICTED - PERSONAL")
        self.assertIn("its mapping", r.stderr)
        with open(self.log) as f:
            self.assertTrue(json.loads(f.read().splitlines()[-1])["level_mapped_by"])
        # unknown level or descriptor: a usage error listing what there is
        for bad, listed in (("SECRETISH", "its levels: NOT PROTECTIVELY MARKED, PROTECT, "
                                          "RESTRICTED and CONFIDENTIAL"),
                            ("RESTRICTED:PERSONL", "its descriptors: ")):
            r = subprocess.run([PMARK, "mark", "--level", bad, "--log", self.log, src],
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn(listed, r.stderr)
            self.assertIn("PERSONAL", r.stderr)

    def test_signed_documents_are_refused_unless_forced(self):
        docx = os.path.join(self.d, "signed.docx")
        with zipfile.ZipFile(os.path.join(SAMPLES, "meeting-notes.docx")) as z, \
                zipfile.ZipFile(docx, "w") as o:
            for i in z.infolist():
                o.writestr(i, z.read(i))
            o.writestr("_xmlsignatures/sig1.xml", "<Signature/>")
        odt = os.path.join(self.d, "signed.odt")
        with zipfile.ZipFile(os.path.join(SAMPLES, "pupil-letter.odt")) as z, \
                zipfile.ZipFile(odt, "w") as o:
            for i in z.infolist():
                o.writestr(i, z.read(i))
            o.writestr("META-INF/documentsignatures.xml", "<document-signatures/>")
        pdf = os.path.join(self.d, "signed.pdf")
        data = office.pdf([["Signed letter"]])
        data = data.replace(b"/Type /Catalog", b"/Type /Catalog /AcroForm << /SigFlags 3 /Fields [] >>", 1)
        with open(pdf, "wb") as f:
            f.write(data)
        for src in (docx, odt, pdf):
            with self.subTest(os.path.basename(src)):
                rc, res = self.mark("--level", "PROTECT", src, ok=False)
                self.assertEqual(rc, 1)
                self.assertEqual(res[0]["error"]["code"], "signed", res)
                self.assertIn("--force", res[0]["error"]["message"])
                self.assertEqual(glob.glob(os.path.join(self.d, "*.marked.*")), [])
                self.assertEqual([n for n in os.listdir(self.d) if ".pmark-" in n], [])
                rc, res = self.mark("--level", "PROTECT", "--force", src)
                os.unlink(res[0]["output"])

    def test_failures_leave_nothing(self):
        bad = os.path.join(self.d, "broken.docx")
        with open(os.path.join(SAMPLES, "meeting-notes.docx"), "rb") as f:
            data = f.read()
        with open(bad, "wb") as f:
            f.write(data[:len(data) // 2])
        rc, res = self.mark("--level", "PROTECT", bad, ok=False)
        self.assertEqual(rc, 1)
        self.assertIn(res[0]["error"]["code"], ("malformed", "unsupported-format"))
        self.assertEqual(sorted(os.listdir(self.d)), ["broken.docx"])
        # an existing output is not replaced
        src = self.copy("case-note.txt")
        out = os.path.join(self.d, "case-note.marked.txt")
        with open(out, "w") as f:
            f.write("keep me\n")
        rc, res = self.mark("--level", "RESTRICTED", src, ok=False)
        self.assertIn("exists", res[0]["error"]["message"])
        with open(out) as f:
            self.assertEqual(f.read(), "keep me\n")
        # a type pmark cannot stamp is a typed error
        png = os.path.join(self.d, "logo.png")
        shutil.copy(os.path.join(ROOT, "tests", "golden", "data", "logo.png"), png)
        rc, res = self.mark("--level", "PROTECT", png, ok=False)
        self.assertEqual(res[0]["error"]["code"], "unsupported-format")
        # and says so whether its content was read or not (no OCR engine: an
        # image is not inspected, which is not the reason it cannot be stamped)
        photo = os.path.join(self.d, "photo.jpg")
        shutil.copy(os.path.join(ROOT, "samples", "referral-photo.jpg"), photo)
        bogus = os.path.join(self.d, "modules")
        os.makedirs(bogus)
        open(os.path.join(bogus, "libpmark-ocr.so"), "w").close()
        for env in ({}, {"PMARK_MODULE_DIR": bogus}):
            rc, res = self.mark("--level", "RESTRICTED", photo, ok=False, env=env)
            self.assertEqual(res[0]["error"]["code"], "unsupported-format", res)

    def test_no_pdf_writer_module(self):
        # qpdf lives in the module "pdf-writer" (core/module.h); one that
        # cannot be loaded is an unsupported-format error naming it, and
        # nothing is written or changed
        src = self.copy("case-summary.pdf")
        with open(src, "rb") as f:
            before = f.read()
        bogus = os.path.join(self.d, "no-writer")
        os.makedirs(bogus)
        open(os.path.join(bogus, "libpmark-pdf-writer.so"), "w").close()
        out = os.path.join(self.d, "stamped.pdf")
        rc, res = self.mark("--level", "RESTRICTED", "-o", out, src, ok=False,
                            env={"PMARK_MODULE_DIR": bogus})
        self.assertNotEqual(rc, 0)
        self.assertEqual(res[0]["error"]["code"], "unsupported-format", res)
        self.assertIn("libpmark-pdf-writer.so", res[0]["error"]["message"], res)
        self.assertFalse(os.path.exists(out))
        with open(src, "rb") as f:
            self.assertEqual(f.read(), before)
        self.assertEqual([n for n in os.listdir(self.d) if ".pmark-" in n], [])
        # and with the module, the same command stamps it
        self.mark("--level", "RESTRICTED", "-o", out, src)
        r = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True)
        self.assertIn("RESTRICTED", r.stdout)

    def test_an_unread_pdf_says_why_it_cannot_be_marked(self):
        # needing a password is "encrypted" (and says --password); a reader
        # that cannot be loaded is "not-inspected" (and does not)
        if not shutil.which("qpdf"):
            self.skipTest("SKIP: qpdf not installed (tools/install-deps.sh installs it)")
        src = self.copy("case-summary.pdf")
        locked = os.path.join(self.d, "locked.pdf")
        subprocess.run(["qpdf", "--encrypt", "user-secret", "owner-secret", "256", "--",
                        src, locked], check=True)
        rc, res = self.mark("--level", "RESTRICTED", "-o", os.path.join(self.d, "l.pdf"),
                            locked, ok=False)
        self.assertEqual(res[0]["error"]["code"], "encrypted", res)
        self.assertIn("give --password", res[0]["error"]["message"])
        bogus = os.path.join(self.d, "no-reader")
        os.makedirs(bogus)
        open(os.path.join(bogus, "libpmark-pdf-reader.so"), "w").close()
        for args in (["--level", "RESTRICTED"], ["--auto"]):
            rc, res = self.mark(*args, "-o", os.path.join(self.d, "r.pdf"), src, ok=False,
                                env={"PMARK_MODULE_DIR": bogus})
            self.assertEqual(res[0]["error"]["code"], "not-inspected", res)
            self.assertIn("no PDF reader", res[0]["error"]["message"])
            self.assertNotIn("--password", res[0]["error"]["message"])
            self.assertFalse(os.path.exists(os.path.join(self.d, "r.pdf")))

    def test_microsoft_label_and_untouched_entries(self):
        guid = "8a1c7b4e-0000-4c8e-9f00-0000000000aa"
        with open(os.path.join(ROOT, "policies", "london-lscb.policy")) as f:
            pol_text = f.read() + "\n[labels]\n%s = RESTRICTED\n" % guid
        pol = os.path.join(self.d, "labels.policy")
        with open(pol, "w") as f:
            f.write(pol_text)
        for name in ("meeting-notes.docx", "caseload.xlsx", "pupil-letter.odt"):
            with self.subTest(name):
                src = os.path.join(SAMPLES, name)
                out = os.path.join(self.d, "label-" + name)
                self.mark("--policy", pol, "--level", "RESTRICTED", "--justify", "t", "-o", out, src)
                with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
                    before = {i.filename: i for i in a.infolist()}
                    after = b.infolist()
                    # every entry pmark did not change: the same compressed bytes
                    changed = {"word/document.xml", "word/_rels/document.xml.rels",
                               "[Content_Types].xml", "_rels/.rels", "docProps/custom.xml",
                               "content.xml", "styles.xml", "meta.xml"}
                    for i in after:
                        if i.filename in before and i.filename not in changed \
                                and not i.filename.startswith("xl/worksheets/"):
                            o = before[i.filename]
                            self.assertEqual((i.CRC, i.compress_size, i.compress_type),
                                             (o.CRC, o.compress_size, o.compress_type), i.filename)
                    if name.endswith(".odt"):
                        self.assertEqual(after[0].filename, "mimetype")
                        self.assertEqual(after[0].compress_type, zipfile.ZIP_STORED)
                        self.assertEqual(b.read("mimetype"), a.read("mimetype"))
                        continue
                    custom = b.read("docProps/custom.xml").decode()
                    self.assertIn('name="MSIP_Label_%s_Enabled"' % guid, custom)
                    self.assertIn('name="pmark-marking"><vt:lpwstr>RESTRICTED</vt:lpwstr>', custom)
                    self.assertIn(guid, b.read("docMetadata/LabelInfo.xml").decode())
                c = self.classify(out)
                self.assertEqual(c["existing"]["level"], "RESTRICTED")

    def test_in_place_is_atomic_and_auto_uses_classify(self):
        src = self.copy("case-note.txt")
        ino = os.stat(src).st_ino
        rc, res = self.mark("--auto", "--in-place", src)
        self.assertEqual(res[0]["new"], "RESTRICTED - PERSONAL")
        self.assertNotEqual(os.stat(src).st_ino, ino, "not replaced by rename")
        with open(src) as f:
            lines = f.read().splitlines()
        self.assertEqual((lines[0], lines[-1]), ("RESTRICTED - PERSONAL",) * 2)


if __name__ == "__main__":
    unittest.main(verbosity=2)
