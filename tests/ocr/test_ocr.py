#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Scanned paper: OCR with libtesseract, and never "NOT PROTECTIVELY
MARKED" for what pmark could not read.

Scans are made here from a text PDF of made-up case notes (tools/scans.py):
rendered by pdftoppm at 150-300 dpi, grey and 1-bit, rotated, JPEG-
compressed, wrapped as image-only PDFs, PNG/JPEG files and a multi-page fax
TIFF. Each must get the level its text version gets. With OCR off, every
one must be "not inspected" (review) in classify, audit and the mail
filter. The Tesseract test pages (shared corpus) measure pmark's character
accuracy against the `tesseract` CLI on the same images."""
import difflib
import email
import email.policy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile
from email.message import EmailMessage

ROOT = os.environ["PMARK_SOURCE_ROOT"]
sys.path.insert(0, os.path.join(ROOT, "tools"))
import ids  # noqa: E402
import scans  # noqa: E402

CORPUS = os.environ.get("PMARK_CORPUS_DIR") or os.path.join(ROOT, "..", "shared", "corpora")
TESS_TEST = os.path.join(CORPUS, "ocr", "tesseract-test")

NHS = ids.nhs_numbers(2)
PAGE1 = ["Case note - children's social care", "",
         "Child: Riley Sample", "NHS number: %s" % NHS[0], "",
         "Following the referral a strategy discussion was held with police",
         "and health. A Section 47 enquiry is under way; an initial child",
         "protection conference will be convened within 15 working days."]
PAGE2 = ["Chronology", "", "Sibling: Sam Sample, NHS number %s" % NHS[1],
         "Home visit completed by the allocated social worker."]

MISSING = [t for t in ("pdftoppm", "convert", "tesseract") if not shutil.which(t)]


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ocrtest  # noqa: E402
from ocrtest import classify, run, where_of  # noqa: E402


@unittest.skipIf(MISSING, "SKIP LOUDLY: %s missing (Debian poppler-utils, "
                          "imagemagick, tesseract-ocr)" % ", ".join(MISSING))
class Scans(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.dir = cls.tmp.name
        cls.text = os.path.join(d, "case.pdf")
        scans.text_pdf(cls.text, [PAGE1, PAGE2])
        cls.variants = {}
        for dpi, mono, rotate, q in ((300, False, 0, 75), (200, False, 90, 50),
                                     (150, False, 180, 75), (300, True, 270, 90),
                                     (200, True, 0, 60)):
            pdf, jpegs = scans.scan_set(cls.text, os.path.join(d, "v"), dpi,
                                        rotate, q, mono)
            cls.variants[os.path.basename(pdf)] = (pdf, jpegs)
        pngs = scans.render(cls.text, os.path.join(d, "png"), 300)
        cls.png = pngs[0]
        cls.fax = scans.fax_tiff(scans.render(cls.text, os.path.join(d, "fax"),
                                              200, mono=True),
                                 os.path.join(d, "fax.tif"))
        # a scan made pale, as a light scanner setting does: text mid-grey
        # on white, no black anywhere (issue 36)
        pale_png = scans.convert(pngs[0], os.path.join(d, "pale.png"), "-colorspace", "Gray",
                                 "-fill", "white", "-colorize", "60%")
        cls.pale_jpg = scans.convert(pale_png, os.path.join(d, "pale.jpg"), "-quality", "85")
        # and a dark one: white text on black, its paper dark
        cls.negative = scans.convert(pngs[0], os.path.join(d, "negative.png"), "-negate")
        cls.pale_pdf = os.path.join(d, "pale.pdf")
        scans.image_pdf(cls.pale_pdf, [cls.pale_jpg], 300)
        blank = os.path.join(d, "blank.pdf")
        scans.text_pdf(blank, [[]])
        cls.blank, _ = scans.scan_set(blank, os.path.join(d, "blank"), 200)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def policy_with(self, name, ocr_section):
        return ocrtest.policy_with(self.dir, name, ocr_section)

    def expected(self):
        rc, obj = classify(self.text)
        self.assertEqual((rc, obj["level"], obj["inspected"]),
                         (0, "RESTRICTED", True), obj)
        return obj

    def test_scanned_pdfs_get_the_text_versions_level(self):
        want = self.expected()
        for name, (pdf, _) in sorted(self.variants.items()):
            with self.subTest(scan=name):
                rc, obj = classify(pdf)
                self.assertEqual(rc, 0, obj)
                self.assertEqual((obj["level"], obj["descriptors"], obj["inspected"]),
                                 (want["level"], want["descriptors"], True), obj)
                self.assertTrue(any("(OCR)" in w for w in where_of(obj)), obj)
                # both pages were read: both children counted
                ind = [r for r in obj["reasons"] if r["match"] == "people"]
                self.assertEqual(ind[0]["count"], 2, obj)
                # evidence stays masked
                self.assertNotIn(NHS[0], json.dumps(obj))
                self.assertNotIn(NHS[0].replace(" ", ""), json.dumps(obj))

    def test_image_files(self):
        jpeg = self.variants["scan-200-r90-q50.pdf"][1][0]
        for path in (self.png, jpeg):
            with self.subTest(image=os.path.basename(path)):
                rc, obj = classify(path)
                self.assertEqual((rc, obj["format"], obj["level"], obj["inspected"]),
                                 (0, "image", "RESTRICTED", True), obj)
                self.assertIn("image (OCR)", where_of(obj)[0])

    def test_multi_page_fax_tiff(self):
        rc, obj = classify(self.fax)
        self.assertEqual((rc, obj["type"], obj["level"]), (0, "image/tiff", "RESTRICTED"), obj)
        r = run("extract", "--json", self.fax)
        doc = json.loads(r.stdout)
        self.assertEqual([p["where"] for p in doc["parts"] if p["where"].endswith("(OCR)")],
                         ["page 1 (OCR)", "page 2 (OCR)"])
        self.assertIn("Sibling", doc["parts"][-1]["text"] + doc["parts"][-2]["text"])

    def test_tiff_whose_first_page_is_small(self):
        # a first page under the icon threshold hid every page after it:
        # NOT PROTECTIVELY MARKED in 0.03 s (issue 37)
        small = scans.convert(self.png, os.path.join(self.dir, "small.png"), "-resize", "60x60!")
        tif = os.path.join(self.dir, "small-first.tif")
        subprocess.run(["convert", small, self.png, "-compress", "LZW", tif], check=True)
        rc, obj = classify(tif)
        self.assertEqual((rc, obj["level"], obj["inspected"]), (0, "RESTRICTED", True), obj)
        self.assertTrue(all(w.startswith("page 2 (OCR") for w in where_of(obj)), obj)

    def test_extract_shows_ocr_text_with_confidence(self):
        r = run("extract", "--json", self.png)
        doc = json.loads(r.stdout)
        part = [p for p in doc["parts"] if p["where"] == "image (OCR)"][0]
        lines = part["text"].splitlines()
        self.assertEqual(len(part["ocr_confidence"]), len(lines))
        self.assertTrue(all(0 <= c <= 100 for c in part["ocr_confidence"]))
        self.assertGreater(min(part["ocr_confidence"]), 60)
        self.assertIn("Section 47", part["text"])
        text = run("extract", self.png).stdout.decode()
        self.assertRegex(text, r"\n\[ *\d+%\] Child: Riley Sample\n")

    def test_blank_scanned_page_is_read_and_clean(self):
        rc, obj = classify(self.blank)
        self.assertEqual((rc, obj["level"], obj["inspected"]),
                         (0, "NOT PROTECTIVELY MARKED", True), obj)

    def test_pale_scan_is_read(self):
        # no pixel darker than mid-grey: once taken for a blank page, and
        # called NOT PROTECTIVELY MARKED
        for path in (self.pale_jpg, self.pale_pdf):
            with self.subTest(scan=os.path.basename(path)):
                rc, obj = classify(path)
                self.assertEqual((rc, obj["level"], obj["inspected"]),
                                 (0, "RESTRICTED", True), obj)
                self.assertTrue(any("(OCR)" in w for w in where_of(obj)), obj)

    def test_unevenly_lit_scans(self):
        # a pale page under a shadow that darkens it from one side to the
        # other (a phone photo, a lid left open): the first reading finds
        # nothing, or only the lit half of each line with high confidence
        # (once called NOT PROTECTIVELY MARKED); characters left outside
        # the lines read send it to a second reading of the page normalised
        # (background flattened, Sauvola), which reads it whole. A darker
        # one still reads a line poorly after that, and is not read.
        data = open(self.png, "rb").read()
        w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        for shade, want in (("gray90-gray12", "RESTRICTED"), ("gray80-gray8", "RESTRICTED"),
                            ("gray40-black", None)):
            with self.subTest(shade=shade):
                path = os.path.join(self.dir, "shadow-%s.jpg" % shade)
                subprocess.run(["convert", self.png, "-colorspace", "Gray", "-fill", "white",
                                "-colorize", "60%", "(", "-size", "%dx%d" % (h, w),
                                "gradient:" + shade, "-rotate", "90", ")", "-compose",
                                "multiply", "-composite", "-quality", "60", path], check=True)
                rc, obj = classify(path)
                self.assertEqual(rc, 0, obj)
                self.assertEqual(obj["level"], want, obj)
                self.assertEqual(obj["inspected"], want is not None, obj)

    def test_dark_page_is_no_blank_page(self):
        # content lighter than its paper is content: read, or said not read,
        # never a blank page called clean
        rc, obj = classify(self.negative)
        self.assertEqual(rc, 0, obj)
        self.assertFalse(obj["level"] == "NOT PROTECTIVELY MARKED" and obj["inspected"], obj)

    def test_ocr_off_is_never_clean(self):
        paths = [v[0] for v in self.variants.values()] + [self.png, self.fax]
        for path in paths:
            with self.subTest(path=os.path.basename(path)):
                rc, obj = classify(path, "--ocr", "off")
                self.assertEqual(rc, 0)
                self.assertFalse(obj["inspected"], obj)
                self.assertTrue(obj["review"], obj)
                self.assertIsNone(obj["level"], obj)
                self.assertIn("OCR is off", obj["not_inspected_reason"])
                r = run("classify", "--ocr", "off", "--fail-at", "PROTECT", path)
                self.assertEqual(r.returncode, 3)
                self.assertNotIn(b"NOT PROTECTIVELY MARKED", r.stdout)

    def test_policy_ocr_mode_off(self):
        pol = self.policy_with("no-ocr.policy", "mode = off")
        rc, obj = classify(self.png, "--policy", pol)
        self.assertEqual((obj["inspected"], obj["level"]), (False, None), obj)
        # the command line wins over the policy
        rc, obj = classify(self.png, "--policy", pol, "--ocr", "auto")
        self.assertEqual(obj["level"], "RESTRICTED", obj)

    def test_page_budget(self):
        pol = self.policy_with("one-page.policy", "max-pages = 1")
        rc, obj = classify(self.fax, "--policy", pol)
        # page 1 proves RESTRICTED; page 2 was not read and says so
        self.assertEqual((obj["level"], obj["inspected"], obj["review"]),
                         ("RESTRICTED", False, True), obj)
        self.assertIn("page 2: not recognised: over the OCR max-pages budget (1)",
                      obj["unread"])

    def test_bad_ocr_settings_are_policy_errors(self):
        for body, msg in (("mode = sometimes", "mode is off, auto or always"),
                          ("dpi = 20", "dpi is a whole number from 70 to 1200"),
                          ("languages = eng;rm -rf", "languages are Tesseract names"),
                          ("colour = red", "unknown key 'colour'")):
            pol = self.policy_with("bad.policy", body)
            r = run("policy", "check", pol)
            self.assertEqual(r.returncode, 1, body)
            self.assertIn(msg, r.stderr.decode(), body)
        r = run("classify", "--ocr", "sometimes", self.png)
        self.assertEqual(r.returncode, 2)

    def test_missing_language_data_is_not_read(self):
        pol = self.policy_with("klingon.policy", "languages = tlhx")
        rc, obj = classify(self.png, "--policy", pol)
        self.assertEqual((obj["inspected"], obj["level"]), (False, None), obj)
        self.assertIn("no language data for 'tlhx'", obj["not_inspected_reason"])

    def test_ocr_corrected_identifier(self):
        # the check digit's zeros typed as the letter O: OCR reads letters;
        # the number is the only thing that says whose case it is
        bad = NHS[0].replace("0", "O")
        pdf = os.path.join(self.dir, "o-for-zero.pdf")
        scans.text_pdf(pdf, [["Case file", "NHS number: %s" % bad,
                              "Section 47 enquiry."]], size=16)
        scan, _ = scans.scan_set(pdf, os.path.join(self.dir, "oz"), 300)
        rc, obj = classify(scan)
        self.assertEqual(obj["level"], "RESTRICTED", obj)
        self.assertTrue(any("(OCR-corrected)" in w for w in where_of(obj)), obj)
        pol = self.policy_with("strict-ocr.policy", "correct-identifiers = false")
        rc, obj = classify(scan, "--policy", pol)
        self.assertEqual(obj["level"], "NOT PROTECTIVELY MARKED", obj)

    def test_zip_member_image(self):
        z = os.path.join(self.dir, "scans.zip")
        with zipfile.ZipFile(z, "w") as zf:
            zf.write(self.png, "referral.png")
        rc, obj = classify(z)
        self.assertEqual((obj["level"], obj["inspected"]), ("RESTRICTED", True), obj)
        self.assertTrue(where_of(obj)[0].startswith("member referral.png: image (OCR)"))
        rc, obj = classify(z, "--ocr", "off")
        self.assertEqual((obj["level"], obj["inspected"], obj["review"]),
                         (None, False, True), obj)

    def test_audit_findings(self):
        tree = os.path.join(self.dir, "share")
        os.makedirs(tree, exist_ok=True)
        shutil.copy(self.variants["scan-300-r0-q75.pdf"][0], os.path.join(tree, "scan.pdf"))
        shutil.copy(self.png, os.path.join(tree, "page.png"))
        for mode, want in (("off", "not-inspected"), ("auto", "under-marked")):
            db = os.path.join(self.dir, "audit-%s.sqlite" % mode)
            r = run("audit", "--db", db, "--ocr", mode, tree)
            self.assertEqual(r.returncode, 0, r.stderr)
            rep = run("report", "--db", db, "--format", "jsonl").stdout.decode()
            rows = {os.path.basename(json.loads(x)["path"]): json.loads(x)
                    for x in rep.splitlines()}
            for name in ("scan.pdf", "page.png"):
                self.assertEqual(rows[name]["finding"], want, (mode, rows[name]))

    def test_mail_filter(self):
        msg = EmailMessage()
        msg["From"] = "worker@council.example"
        msg["To"] = "someone@gmail.com"
        msg["Subject"] = "Scanned referral"
        msg.set_content("Please see the attached scan.\n")
        with open(self.variants["scan-200-r90-q50.pdf"][0], "rb") as f:
            msg.add_attachment(f.read(), maintype="application", subtype="pdf",
                               filename="referral.pdf")
        data = msg.as_bytes()
        # read: RESTRICTED content to a non-secure domain is refused
        r = run("filter", stdin=data)
        self.assertEqual(r.returncode, 77, r.stderr)
        self.assertIn(b"RESTRICTED", r.stderr)
        # not read: held, never delivered as unmarked
        r = run("filter", "--ocr", "off", stdin=data)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = email.message_from_bytes(r.stdout, policy=email.policy.default)
        self.assertTrue(out["X-pmark-Result"].startswith("hold"), out["X-pmark-Result"])
        self.assertIn("image only, no text layer", out["X-pmark-Result"])
        self.assertIsNone(out["X-Protective-Marking"])

    def test_mark_auto(self):
        src = self.variants["scan-300-r0-q75.pdf"][0]
        out = os.path.join(self.dir, "marked.pdf")
        log = os.path.join(self.dir, "marks.log")
        r = run("mark", "--auto", "--log", log, "-o", out, src)
        self.assertEqual(r.returncode, 0, r.stderr)
        text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", out, "-"],
                              capture_output=True, text=True).stdout
        self.assertTrue(text.strip().startswith("RESTRICTED"), text[:200])
        r = run("mark", "--auto", "--ocr", "off", "--log", log, "-o",
                os.path.join(self.dir, "never.pdf"), src)
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"not inspected", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "never.pdf")))


def accuracy(got, truth):
    """Character accuracy: difflib's matching ratio over text with white
    space folded (1.0 = identical)."""
    a, b = " ".join(got.split()), " ".join(truth.split())
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@unittest.skipIf(MISSING or not os.path.isdir(TESS_TEST),
                 "SKIP LOUDLY: the Tesseract test pages (shared corpus ocr/) "
                 "or the tesseract CLI are missing")
class GroundTruth(unittest.TestCase):
    def test_accuracy_against_ground_truth_and_the_cli(self):
        rows = []
        for name in sorted(os.listdir(TESS_TEST)):
            stem, ext = os.path.splitext(name)
            truth_path = os.path.join(TESS_TEST, stem + ".txt")
            if ext not in (".tif", ".png") or not os.path.exists(truth_path):
                continue
            truth = open(truth_path, encoding="utf-8").read()
            img = os.path.join(TESS_TEST, name)
            doc = json.loads(run("extract", "--json", img).stdout)
            ours = "\n".join(p["text"] for p in doc["parts"]
                             if p["where"].endswith("(OCR)"))
            cli = subprocess.run(["tesseract", img, "-", "--psm", "1"],
                                 capture_output=True, text=True).stdout
            rows.append((name, accuracy(ours, truth), accuracy(cli, truth)))
        self.assertGreaterEqual(len(rows), 4)
        for name, ours, cli in rows:
            print("accuracy %-22s pmark %.3f  tesseract CLI %.3f" % (name, ours, cli))
            with self.subTest(image=name):
                # the same engine: pmark must not read worse than its CLI
                self.assertGreaterEqual(ours, cli - 0.02)
                self.assertGreater(ours, 0.80)


if __name__ == "__main__":
    unittest.main(verbosity=2)
