#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Nothing unseen called clean (issue 37): parts a reader cannot reach are
listed as not read, so the file is not inspected. Each document is made
here (tools/office.py, tools/scans.py): a PDF whose page tree's /Count is
wrong (poppler then counts no page, while the page and its text are
there), and RTF whose {\\bin N} claims more bytes than the file holds
(once skipping the rest of the file in silence); the parts of a package
no reader knows (an altChunk, a chart, SmartArt's data, a content
control's bound data, an embedded document, an ODF embedded object),
read by the inventory as "part NAME"; a PDF's annotations, attached
files and form values."""
import io
import json
import os
import shutil
import subprocess
import sys
import unittest
import zipfile

PMARK = os.environ["PMARK"]
ROOT = os.environ["PMARK_SOURCE_ROOT"]
sys.path.insert(0, os.path.join(ROOT, "tools"))
import office  # noqa: E402
import scans  # noqa: E402
sys.path.insert(0, os.path.join(ROOT, "tests"))
from tempfiles import TempFiles  # noqa: E402

CASE = b"Riley Sample aged 7, Year 3. Section 47 enquiry: strategy discussion held."


def classify(path):
    r = subprocess.run([PMARK, "classify", "--json", path], capture_output=True, timeout=120)
    return r.returncode, json.loads(r.stdout.decode().splitlines()[0])


class Unseen(TempFiles, unittest.TestCase):
    def pdf(self, count):
        content = b"BT /F1 12 Tf 56 780 Td (" + CASE + b") Tj ET"
        objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count " + count + b" >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
                b"<< /F1 5 0 R >> >> /Contents 4 0 R >>",
                scans._stream(content), b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
        return office.pdf_bytes(objs, 1)

    @unittest.skipIf(not shutil.which("qpdf"), "SKIP LOUDLY: qpdf missing (Debian qpdf): it "
                                               "tells that the page is there")
    def test_page_tree_count_wrong(self):
        rc, obj = classify(self.write("good.pdf", self.pdf(b"1")))
        self.assertEqual((obj["level"], obj["inspected"]), ("RESTRICTED", True), obj)
        for count in (b"0", b"-1", b"7", b"2147483647"):
            with self.subTest(count=count):
                path = self.write("count.pdf", self.pdf(count))
                # qpdf walks the page tree and finds the page; poppler counts none
                qpdf = subprocess.run(["qpdf", "--json", "--json-key=pages", path],
                                      capture_output=True)
                self.assertEqual(len(json.loads(qpdf.stdout)["pages"]), 1)
                rc, obj = classify(path)
                self.assertEqual((rc, obj["inspected"], obj["review"]), (0, False, True), obj)
                self.assertNotEqual(obj["level"], "NOT PROTECTIVELY MARKED", obj)
                self.assertIn("poppler finds none", obj["not_inspected_reason"])

    def one_page(self, catalog_extra=b"", page_extra=b"", more=()):
        objs = [b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
                b"<< /F1 5 0 R >> >> /Contents 4 0 R " + page_extra + b">>",
                scans._stream(b"BT /F1 12 Tf 56 780 Td (Notes) Tj ET"),
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"] + list(more)
        return office.pdf_bytes(objs, 1)

    def test_pdf_annotations_attachments_and_form_values(self):
        cases = {
            # a sticky note's text
            "note.pdf": self.one_page(page_extra=b"/Annots [6 0 R] ", more=[
                b"<< /Type /Annot /Subtype /Text /Rect [100 100 120 120] /Contents ("
                + CASE + b") >>"]),
            # a file attached to the document
            "attached.pdf": self.one_page(
                catalog_extra=b"/Names << /EmbeddedFiles << /Names [(note.txt) 6 0 R] >> >> ",
                more=[b"<< /Type /Filespec /F (note.txt) /EF << /F 7 0 R >> >>",
                      scans._stream(CASE).replace(b"<<", b"<< /Type /EmbeddedFile", 1)]),
            # a form field's value, drawn only by the viewer (NeedAppearances)
            "form.pdf": self.one_page(
                catalog_extra=b"/AcroForm << /Fields [6 0 R] /NeedAppearances true >> ",
                page_extra=b"/Annots [6 0 R] ", more=[
                    b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (child) /V (" + CASE
                    + b") /Rect [100 600 500 620] /P 3 0 R >>"]),
        }
        for name, data in cases.items():
            with self.subTest(name=name):
                path = self.write(name, data)
                if shutil.which("qpdf"):
                    self.assertEqual(subprocess.run(["qpdf", "--check", path],
                                                    capture_output=True).returncode, 0)
                rc, obj = classify(path)
                self.assertEqual((rc, obj["level"], obj["inspected"]), (0, "RESTRICTED", True), obj)
        # without them, the same page says nothing
        rc, obj = classify(self.write("plain.pdf", self.one_page()))
        self.assertEqual(obj["level"], "NOT PROTECTIVELY MARKED", obj)

    def test_rtf_bin_past_the_end(self):
        rtf = b"{\\rtf1\\ansi {\\bin2147483647 x} " + CASE + b"\\par}"
        rc, obj = classify(self.write("bin.rtf", rtf))
        self.assertEqual((rc, obj["inspected"], obj["level"]), (0, False, None), obj)
        self.assertIn("a \\bin claims more bytes than the file holds", obj["not_inspected_reason"])
        # a \bin that fits is raw bytes, skipped, and the text after it read
        rc, obj = classify(self.write("fits.rtf", b"{\\rtf1\\ansi {\\bin2 xy} " + CASE + b"\\par}"))
        self.assertEqual((obj["level"], obj["inspected"]), ("RESTRICTED", True), obj)

    def package(self, src, name, extra):
        """A copy of the sample `src` with the members `extra` added, as
        Office and LibreOffice put them (the reader's own parts untouched)."""
        out_path = self.write(name, b"")
        with zipfile.ZipFile(os.path.join(ROOT, "samples", src)) as zin, \
                zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                zout.writestr(item, zin.read(item.filename))
            for member, data in extra.items():
                zout.writestr(member, data)
        return out_path

    def test_parts_no_reader_knows_are_read(self):
        text = CASE.decode()
        a = "http://schemas.openxmlformats.org/drawingml/2006/main"
        cases = {
            "altchunk.docx": ("meeting-notes.docx", {
                "word/afchunk.html": "<html><body><p>%s</p></body></html>" % text}),
            "chart.docx": ("meeting-notes.docx", {
                "word/charts/chart1.xml": '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org'
                '/drawingml/2006/chart" xmlns:a="%s"><c:chart><c:title><c:tx><c:rich><a:p><a:r>'
                '<a:t>%s</a:t></a:r></a:p></c:rich></c:tx></c:title></c:chart></c:chartSpace>'
                % (a, text)}),
            "smartart.pptx": ("training.pptx", {
                "ppt/diagrams/data1.xml": '<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats'
                '.org/drawingml/2006/diagram" xmlns:a="%s"><dgm:ptLst><dgm:pt><dgm:t><a:p><a:r>'
                '<a:t>%s</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>'
                % (a, text)}),
            "bound.docx": ("meeting-notes.docx", {
                "customXml/item1.xml": "<case><child>%s</child></case>" % text}),
            "object.odt": ("pupil-letter.odt", {
                "Object 1/content.xml": '<office:document-content xmlns:office="urn:oasis:names:tc:'
                'opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:'
                'text:1.0"><office:body><office:text><text:p>%s</text:p></office:text></office:body>'
                '</office:document-content>' % text}),
        }
        inner = io.BytesIO()
        with zipfile.ZipFile(os.path.join(ROOT, "samples", "meeting-notes.docx")) as zin, \
                zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                data = zin.read(item.filename)
                if item.filename == "word/document.xml":
                    data = data.replace(b"</w:body>", b"<w:p><w:r><w:t>" + CASE
                                        + b"</w:t></w:r></w:p></w:body>")
                zout.writestr(item, data)
        cases["embedded.docx"] = ("meeting-notes.docx", {
            "word/embeddings/Microsoft_Word_Document.docx": inner.getvalue()})
        for name, (src, extra) in cases.items():
            with self.subTest(name=name):
                rc, obj = classify(self.package(src, name, extra))
                self.assertEqual(rc, 0, obj)
                self.assertEqual(obj["level"], "RESTRICTED", obj)
                where = [w for r in obj["reasons"] for w in r["where"]]
                self.assertTrue(any(w.startswith("part ") for w in where), where)
        # the sample itself, as it was: nothing else found in it
        rc, obj = classify(os.path.join(ROOT, "samples", "meeting-notes.docx"))
        self.assertEqual((obj["level"], obj["inspected"]), ("NOT PROTECTIVELY MARKED", True))


if __name__ == "__main__":
    unittest.main(verbosity=2)
