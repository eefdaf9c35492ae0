#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""What pmark reads that is only pixels inside a document (issue 36):
a photo of a handwritten note pasted into a Word case record, a scanned
letter in an ODT, a screenshot on a slide, a scanned letter pasted under
a typed heading in a PDF; image streams that do not decode (a damaged
JPEG: poppler draws nothing and says nothing); and case terms as OCR
misreads them ("ALADO referral"). Each picture's text is a part
("picture word/media/image1.png (OCR)", "page 1, image 1 (OCR)"); a
picture that should have been read and was not is unread, never clean.
The pictures are made here from a made-up case note (tools/scans.py),
rendered by pdftoppm and converted by ImageMagick."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.environ["PMARK_SOURCE_ROOT"]
sys.path.insert(0, os.path.join(ROOT, "tools"))
import office  # noqa: E402
import scans  # noqa: E402

NOTE = ["Handwritten note - home visit", "",
        "Riley Sample aged 7 lives with mum at",
        "14 Elm Road, Croydon CR0 2AB.",
        "Bruising to left arm. A LADO referral was made",
        "and a strategy discussion held with police."]
TYPED = ["Case record - duty team", "See the note below, received today."]

MISSING = [t for t in ("pdftoppm", "convert", "tesseract", "qpdf") if not shutil.which(t)]


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ocrtest  # noqa: E402
from ocrtest import classify, run, where_of  # noqa: E402


def evidence_of(obj):
    return [e for reason in obj["reasons"] for e in reason["evidence"]]


def ocr_parts(path, *opts):
    doc = json.loads(run("extract", "--json", *opts, path).stdout)
    return [p for p in doc["parts"] if p["where"].endswith("(OCR)")], doc


@unittest.skipIf(MISSING, "SKIP LOUDLY: %s missing (Debian poppler-utils, imagemagick, "
                          "tesseract-ocr, qpdf)" % ", ".join(MISSING))
class Pictures(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.dir = cls.tmp.name
        src = os.path.join(d, "note.pdf")
        scans.text_pdf(src, [NOTE], size=16)
        page = scans.render(src, os.path.join(d, "png"), 150)[0]
        cls.png = scans.convert(page, os.path.join(d, "note.png"), "-trim", "-bordercolor",
                                "white", "-border", "30")
        cls.jpg = scans.convert(cls.png, os.path.join(d, "note.jpg"), "-quality", "80")
        png, jpg = open(cls.png, "rb").read(), open(cls.jpg, "rb").read()
        # a small picture: one line, under the picture size (a logo's size)
        line = os.path.join(d, "line.pdf")
        scans.text_pdf(line, [["Riley Sample aged 7, Year 3"]], size=16)
        cls.logo = scans.convert(scans.render(line, os.path.join(d, "line"), 150)[0],
                                 os.path.join(d, "logo.png"), "-trim", "-bordercolor", "white",
                                 "-border", "8")
        # a photograph: shapes and shades, no text
        cls.photo = os.path.join(d, "photo.jpg")
        subprocess.run(["convert", "-size", "640x480", "gradient:skyblue-darkgreen", "-fill",
                        "orange", "-draw", "circle 320,240 320,120", "-fill", "brown", "-draw",
                        "rectangle 40,300 200,460", cls.photo], check=True)

        def write(name, data):
            path = os.path.join(d, name)
            with open(path, "wb") as f:
                f.write(data)
            return path
        cls.docx = write("record.docx", office.docx(TYPED, pictures=[("image1.png", png)]))
        cls.odt = write("letter.odt", office.odf("text", TYPED, pictures=[("letter.jpg", jpg)]))
        cls.fodt = write("letter.fodt", office.odf("text", TYPED, flat=True,
                                                   pictures=[("letter.jpg", jpg)]))
        cls.pptx = write("slides.pptx", office.pptx([(["Team meeting"], None), (["Screenshot"], None)],
                                                    pictures={2: ("image2.png", png)}))
        cls.xlsx_plain = write("plain.docx", office.docx(TYPED))
        cls.with_logo = write("logo.docx", office.docx(
            ["Team newsletter", "Dates for the diary: the summer fair is on 4 July."],
            pictures=[("logo.png", open(cls.logo, "rb").read())]))
        cls.with_photo = write("photo.docx", office.docx(
            ["Team newsletter", "Our new garden at the family centre."],
            pictures=[("photo.jpg", open(cls.photo, "rb").read())]))
        cls.twice = write("twice.docx", office.docx(TYPED, pictures=[("image1.png", png),
                                                                     ("image2.png", png)]))
        cls.typed_pdf = os.path.join(d, "report.pdf")
        scans.typed_page_with_picture(cls.typed_pdf, TYPED, cls.jpg)
        # image-only scans whose JPEG stream is damaged
        sound = scans.convert(page, os.path.join(d, "page.jpg"), "-colorspace", "Gray",
                              "-quality", "80")
        cls.damaged = {}
        for how in ("soi", "truncated"):
            bad = scans.damaged_jpeg(sound, os.path.join(d, "page-%s.jpg" % how), how)
            pdf = os.path.join(d, "damaged-%s.pdf" % how)
            scans.image_pdf_sized(pdf, bad, sound, 150)
            cls.damaged[how] = pdf
        cls.sound_pdf = os.path.join(d, "sound.pdf")
        scans.image_pdf(cls.sound_pdf, [sound], 150)
        # the slip OCR made on three hidden scans: the article run into the
        # term, printed so that OCR reads it as it was misread
        slip = os.path.join(d, "slip.pdf")
        scans.text_pdf(slip, [["Case note", "", "Riley Sample, aged 7, Year 3 at Elm Primary.",
                               "ALADO referral was made on Monday."]], size=14)
        cls.slip_png = scans.render(slip, os.path.join(d, "slip"), 300)[0]
        cls.slip_txt = write("slip.txt", b"Case note\n\nRiley Sample, aged 7, Year 3 at Elm "
                                         b"Primary.\nALADO referral was made on Monday.\n")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def policy_with(self, name, ocr_section):
        return ocrtest.policy_with(self.dir, name, ocr_section)

    def test_picture_in_docx_odt_pptx_is_read(self):
        for path, where in ((self.docx, "picture word/media/image1.png (OCR)"),
                            (self.odt, "picture Pictures/letter.jpg (OCR)"),
                            (self.fodt, "picture 1 (OCR)"),
                            (self.pptx, "picture ppt/media/image2.png (OCR)")):
            with self.subTest(doc=os.path.basename(path)):
                rc, obj = classify(path)
                self.assertEqual((rc, obj["level"], obj["inspected"]),
                                 (0, "RESTRICTED", True), obj)
                self.assertIn(where, [w.rsplit(", line", 1)[0] for w in where_of(obj)], obj)
                # evidence stays masked
                self.assertNotIn("Riley Sample", json.dumps(obj))
        # the same document without the picture is clean: the picture is
        # what made it RESTRICTED
        rc, obj = classify(self.xlsx_plain)
        self.assertEqual((obj["level"], obj["inspected"]), ("NOT PROTECTIVELY MARKED", True))

    def test_picture_in_rtf_is_read(self):
        # as Word writes it: the PNG in \shppict, a metafile copy in
        # \nonshppict (skipped: the same picture again, as vectors)
        rtf = os.path.join(self.dir, "record.rtf")
        with open(rtf, "w") as f:
            f.write("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\\f0 %s\\par %s\\par "
                    "{\\*\\shppict{\\pict\\pngblip\\picw600\\pich300 %s}}"
                    "{\\nonshppict{\\pict\\wmetafile8 0100}}\\par}"
                    % (TYPED[0], TYPED[1], open(self.png, "rb").read().hex()))
        rc, obj = classify(rtf)
        self.assertEqual((rc, obj["level"], obj["inspected"]), (0, "RESTRICTED", True), obj)
        self.assertTrue(where_of(obj)[0].startswith("picture 1 (OCR)"), obj)

    def test_picture_on_a_typed_pdf_page_is_read(self):
        rc, obj = classify(self.typed_pdf)
        self.assertEqual((rc, obj["level"], obj["inspected"]), (0, "RESTRICTED", True), obj)
        self.assertTrue(any(w.startswith("page 1, image 1 (OCR)") for w in where_of(obj)), obj)
        # its typed text is read from the text layer, as before
        parts, _ = ocr_parts(self.typed_pdf)
        self.assertEqual([p["where"] for p in parts], ["page 1, image 1 (OCR)"])
        self.assertIn("strategy discussion", parts[0]["text"])

    def test_pictures_unread_when_not_recognised(self):
        pol = self.policy_with("no-pictures.policy", "embedded = off")
        for path in (self.docx, self.typed_pdf):
            for opts in (("--ocr", "off"), ("--policy", pol)):
                with self.subTest(doc=os.path.basename(path), opts=opts):
                    rc, obj = classify(path, *opts)
                    self.assertEqual((rc, obj["inspected"], obj["level"], obj["review"]),
                                     (0, False, None, True), obj)
                    self.assertIn("picture not recognised", obj["not_inspected_reason"])

    def test_logos_and_photographs_cost_nothing_and_stay_clean(self):
        for path in (self.with_logo, self.with_photo):
            with self.subTest(doc=os.path.basename(path)):
                rc, obj = classify(path)
                self.assertEqual((rc, obj["level"], obj["inspected"]),
                                 (0, "NOT PROTECTIVELY MARKED", True), obj)
                parts, doc = ocr_parts(path)
                self.assertEqual(parts, [])
                self.assertFalse(doc.get("unread"), doc)
        # the small picture is below the picture size: with embedded =
        # always (every picture that can hold a word) it is read
        pol = self.policy_with("all-pictures.policy", "embedded = always")
        rc, obj = classify(self.with_logo, "--policy", pol)
        self.assertEqual(obj["level"], "PROTECT", obj)
        self.assertTrue(where_of(obj)[0].startswith("picture word/media/logo.png (OCR)"), obj)

    def test_minimum_picture_size_is_the_policys(self):
        pol = self.policy_with("big-pictures.policy", "embedded-min-pixels = 36000000")
        rc, obj = classify(self.docx, "--policy", pol)
        self.assertEqual(obj["level"], "NOT PROTECTIVELY MARKED", obj)
        pol = self.policy_with("bad.policy", "embedded-min-pixels = 5")
        r = run("policy", "check", pol)
        self.assertEqual(r.returncode, 1)
        self.assertIn("embedded-min-pixels is a whole number from 1000", r.stderr.decode())
        pol = self.policy_with("bad2.policy", "embedded = sometimes")
        r = run("policy", "check", pol)
        self.assertIn("embedded is off, auto or always", r.stderr.decode())
        shown = run("policy", "show").stdout.decode()
        for line in ("embedded = auto", "embedded-min-pixels = 40000", "tolerant-terms = true"):
            self.assertIn(line, shown)

    def test_same_picture_read_once(self):
        parts, _ = ocr_parts(self.twice)
        self.assertEqual([p["where"] for p in parts], ["picture word/media/image1.png (OCR)"])

    def test_damaged_jpeg_stream_is_unread(self):
        rc, obj = classify(self.sound_pdf)
        self.assertEqual((obj["level"], obj["inspected"]), ("RESTRICTED", True), obj)
        for how, pdf in sorted(self.damaged.items()):
            with self.subTest(damage=how):
                # qpdf agrees the stream is damaged
                check = subprocess.run(["qpdf", "--check", pdf], capture_output=True)
                self.assertNotEqual(check.returncode, 0)
                rc, obj = classify(pdf)
                self.assertEqual((rc, obj["inspected"], obj["review"]), (0, False, True), obj)
                self.assertNotEqual(obj["level"], "NOT PROTECTIVELY MARKED", obj)
                self.assertIn("page 1, image Im0: its data does not decode (damaged)",
                              obj["not_inspected_reason"])
                r = run("classify", "--fail-at", "PROTECT", pdf)
                self.assertEqual(r.returncode, 3, r)

    def test_scan_whose_image_lies_about_its_colours(self):
        # the page's image says DeviceGray, its JPEG is in colour: poppler
        # draws three interleaved ghosts of the text and OCR reads nothing
        # (once "not inspected"); the JPEG as stored reads
        colour = scans.convert(self.png, os.path.join(self.dir, "colour.jpg"), "-type",
                               "TrueColor", "-quality", "85")
        data = open(colour, "rb").read()
        w, h, comps = scans._jpeg_size(data)
        self.assertEqual(comps, 3)
        objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject "
                b"<< /Im0 5 0 R >> >> /Contents 4 0 R >>" % (w // 2, h // 2),
                scans._stream(b"q %d 0 0 %d 0 0 cm /Im0 Do Q" % (w // 2, h // 2)),
                scans._stream(data, b"/Type /XObject /Subtype /Image /Width %d /Height %d "
                              b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode "
                              % (w, h))]
        path = os.path.join(self.dir, "grey-lie.pdf")
        with open(path, "wb") as f:
            f.write(office.pdf_bytes(objs, 1))
        rc, obj = classify(path)
        self.assertEqual((rc, obj["level"], obj["inspected"]), (0, "RESTRICTED", True), obj)
        self.assertTrue(any(w.startswith("page 1, image Im0 (OCR)") for w in where_of(obj)), obj)

    def test_page_too_large_to_draw_is_unread(self):
        # a 60000x60000 JBIG2 page: poppler draws it blank, and a blank
        # page was read and clean (issue 37)
        objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject "
                b"<< /Im0 5 0 R >> >> /Contents 4 0 R >>",
                scans._stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
                scans._stream(b"\0" * 64, b"/Type /XObject /Subtype /Image /Width 60000 /Height "
                              b"60000 /ColorSpace /DeviceGray /BitsPerComponent 1 "
                              b"/Filter /JBIG2Decode ")]
        path = os.path.join(self.dir, "huge.pdf")
        with open(path, "wb") as f:
            f.write(office.pdf_bytes(objs, 1))
        rc, obj = classify(path)
        self.assertEqual((rc, obj["inspected"], obj["level"]), (0, False, None), obj)
        self.assertIn("page 1, image Im0: 60000 by 60000 pixels, too large to draw and read",
                      obj["not_inspected_reason"])

    def test_damaged_picture_in_a_document_is_unread(self):
        bad = scans.damaged_jpeg(self.jpg, os.path.join(self.dir, "bad-pic.jpg"), "truncated")
        path = os.path.join(self.dir, "damaged-picture.odt")
        with open(path, "wb") as f:
            f.write(office.odf("text", TYPED, pictures=[("letter.jpg", open(bad, "rb").read())]))
        rc, obj = classify(path)
        self.assertEqual((rc, obj["inspected"]), (0, False), obj)
        self.assertIn("picture Pictures/letter.jpg", obj["not_inspected_reason"])

    def test_case_terms_as_ocr_misreads_them(self):
        rc, obj = classify(self.slip_png)
        self.assertEqual((obj["level"], obj["inspected"]), ("RESTRICTED", True), obj)
        self.assertIn('lado referral (read as "alado referral")', evidence_of(obj))
        # typed text is matched as written: a typist's "ALADO" is no slip of OCR
        rc, obj = classify(self.slip_txt)
        self.assertEqual(obj["level"], "PROTECT", obj)
        # and the policy can turn it off
        pol = self.policy_with("strict.policy", "tolerant-terms = false")
        rc, obj = classify(self.slip_png, "--policy", pol)
        self.assertEqual(obj["level"], "PROTECT", obj)
        r = run("policy", "check", self.policy_with("bad3.policy", "tolerant-terms = maybe"))
        self.assertIn("tolerant-terms must be true or false", r.stderr.decode())

    def test_mail_with_a_picture_in_an_attachment(self):
        from email.message import EmailMessage
        msg = EmailMessage()
        msg["From"] = "duty@council.example"
        msg["To"] = "someone@gmail.com"
        msg["Subject"] = "record"
        msg.set_content("Record attached.")
        msg.add_attachment(open(self.docx, "rb").read(), maintype="application",
                           subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                           filename="record.docx")
        # RESTRICTED content to a non-secure domain is refused
        r = run("filter", stdin=msg.as_bytes())
        self.assertEqual(r.returncode, 77, r.stderr)
        self.assertIn(b"RESTRICTED", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
