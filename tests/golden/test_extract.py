#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Each extractor on documents made here (tools/office.py): the text of
every part, where it came from, the order, and the marking candidates.
Also the hostile ones: a zip bomb, a billion laughs, broken zips and XML."""
import json
import os
import subprocess
import sys
import tempfile
import unittest
import zipfile

PMARK = os.environ["PMARK"]
ROOT = os.environ["PMARK_SOURCE_ROOT"]
sys.path.insert(0, os.path.join(ROOT, "tools"))
import office  # noqa: E402


def extract(data, name):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, name)
        with open(path, "wb") as f:
            f.write(data)
        r = subprocess.run([PMARK, "extract", "--json", path], capture_output=True,
                           text=True, timeout=120)
    obj = json.loads(r.stdout)
    return r.returncode, obj


def parts(obj):
    return [(p["where"], p["text"]) for p in obj["parts"]]


def candidates(obj):
    return [(m["source"], m["where"], m["value"]) for m in obj["markings"]]


class Word(unittest.TestCase):
    def test_every_part(self):
        rc, obj = extract(office.docx(
            ["First paragraph.", "Second\tparagraph."], header="RESTRICTED",
            footer="Page footer", footnote="A footnote.", comment="A comment.",
            textbox="Text in a box.", custom=[("pmark-marking", "PROTECT - PERSONAL"),
                                              ("MSIP_Label_8a1c7b4e-0000-4c8e-9f00-000000000001_Enabled", "true"),
                                              ("MSIP_Label_8a1c7b4e-0000-4c8e-9f00-000000000002_Enabled", "false")]),
            "w.docx")
        self.assertEqual(rc, 0)
        self.assertEqual(obj["format"], "docx")
        p = dict(parts(obj))
        # the text box once, though Word writes it twice (choice + fallback)
        self.assertEqual(p["body"], "First paragraph.\nSecond\tparagraph.\nText in a box.\n")
        self.assertEqual(p["header 1"], "RESTRICTED\n")
        self.assertEqual(p["footer 1"], "Page footer\n")
        self.assertEqual(p["footnotes 1"], "A footnote.\n")
        self.assertEqual(p["comments 1"], "A comment.\n")
        c = candidates(obj)
        self.assertIn(("text", "header, line 1", "RESTRICTED"), c)
        self.assertIn(("metadata", "docProps/custom.xml", "PROTECT - PERSONAL"), c)
        self.assertIn(("label", "docProps/custom.xml", "8a1c7b4e-0000-4c8e-9f00-000000000001"), c)
        self.assertNotIn(("label", "docProps/custom.xml", "8a1c7b4e-0000-4c8e-9f00-000000000002"), c)


class Excel(unittest.TestCase):
    def test_sheets_in_order_with_all_string_kinds(self):
        rc, obj = extract(office.xlsx(
            [("Zeta", [["shared", "!inline", "=cached result"]]),
             ("Alpha", [["1", "2"], ["a2"], ["", "b3"]])], header="OFFICIAL-SENSITIVE"), "x.xlsx")
        self.assertEqual(rc, 0)
        self.assertEqual(parts(obj), [
            ("sheet names", "Zeta\nAlpha\n"),
            ('sheet "Zeta"', "shared\tinline\tcached result\n"),
            ('sheet "Zeta", page header/footer', "OFFICIAL-SENSITIVE\n"),
            # each cell in its column: rows padded to the widest, an empty
            # cell keeps its place
            ('sheet "Alpha"', "1\t2\na2\t\n\tb3\n"),
            ('sheet "Alpha", page header/footer', "OFFICIAL-SENSITIVE\n")])
        self.assertIn(("text", 'sheet "Zeta", page header/footer, line 1', "OFFICIAL-SENSITIVE"),
                      candidates(obj))


class PowerPoint(unittest.TestCase):
    def test_presentation_order_and_notes(self):
        # part names run backwards: the order must come from sldIdLst
        rc, obj = extract(office.pptx([(["Title slide"], None),
                                       (["Second", "CONFIDENTIAL"], "Speaker notes")]), "p.pptx")
        self.assertEqual(rc, 0)
        self.assertEqual(parts(obj), [("slide 1", "Title slide\n"),
                                      ("slide 2", "Second\nCONFIDENTIAL\n"),
                                      ("slide 2 notes", "Speaker notes\n")])
        self.assertIn(("text", "slide 2, line 2", "CONFIDENTIAL"), candidates(obj))
        self.assertNotIn("slide 2 notes, line 1", [w for _, w, _ in candidates(obj)])


class OpenDocument(unittest.TestCase):
    def check_text(self, data, name):
        rc, obj = extract(data, name)
        self.assertEqual(rc, 0, obj)
        self.assertEqual(obj["format"], "odf")
        p = dict(parts(obj))
        self.assertEqual(p["body"], "One.\nTwo.\n")
        self.assertEqual(p["header"], "PROTECT - PERSONAL\n")
        self.assertEqual(p["footer"], "Footer text\n")
        self.assertIn("Title here", p["document properties"])
        c = candidates(obj)
        self.assertIn(("text", "header, line 1", "PROTECT - PERSONAL"), c)
        self.assertIn(("metadata", "meta.xml" if not name.endswith(".fodt") else "flat XML",
                       "RESTRICTED"), c)

    def test_zipped_and_flat_agree(self):
        args = dict(header="PROTECT - PERSONAL", footer="Footer text", title="Title here",
                    props=[("pmark-marking", "RESTRICTED")])
        self.check_text(office.odf("text", ["One.", "Two."], **args), "t.odt")
        self.check_text(office.odf("text", ["One.", "Two."], flat=True, **args), "t.fodt")

    def test_sheets_and_pages(self):
        rc, obj = extract(office.odf("spreadsheet", [("S1", [["a", "b"], ["c"]]), ("S2", [["d"]])]), "s.ods")
        self.assertEqual([w for w, _ in parts(obj)], ['sheet "S1"', 'sheet "S2"'])
        self.assertEqual(parts(obj)[0][1].split("\n")[0].split(), ["a", "b"])
        rc, obj = extract(office.odf("presentation", [["p1"], ["p2"]]), "p.odp")
        self.assertEqual(parts(obj), [("slide 1", "p1\n"), ("slide 2", "p2\n")])

    def test_mimetype_stays_first_and_stored(self):
        z = zipfile.ZipFile(os.path.join(ROOT, "samples", "pupil-letter.odt"))
        first = z.infolist()[0]
        self.assertEqual((first.filename, first.compress_type), ("mimetype", zipfile.ZIP_STORED))


class Pdf(unittest.TestCase):
    def test_pages_and_edges(self):
        rc, obj = extract(office.pdf([["RESTRICTED", "page one text", "RESTRICTED"],
                                      ["second page"]], info={"Title": "T", "Keywords": "RESTRICTED"}),
                          "d.pdf")
        self.assertEqual(rc, 0)
        p = parts(obj)
        self.assertEqual([w for w, _ in p], ["page 1", "page 2", "document properties"])
        self.assertEqual(p[0][1].split("\n")[:3], ["RESTRICTED", "page one text", "RESTRICTED"])
        c = candidates(obj)
        self.assertIn(("text", "page 1, line 1", "RESTRICTED"), c)
        self.assertIn(("metadata", "PDF Info", "RESTRICTED"), c)

    def test_paragraph_gaps_are_blank_lines(self):
        # poppler's text has no blank lines; a gap of a line's height between
        # two lines is one (the recognisers end lists and blocks there)
        rc, obj = extract(office.pdf([["Present: Hollie Marsh (FSW), HV Joanne Kitson",
                                       "Not present: dad", "", "Children", "- Zainab (Yr 2)"]]),
                          "gaps.pdf")
        self.assertEqual(rc, 0)
        text = parts(obj)[0][1]
        self.assertIn("Present: Hollie Marsh (FSW), HV Joanne Kitson\nNot present: dad\n\nChildren\n"
                      "- Zainab (Yr 2)", text)

    def test_broken_pdf_is_typed(self):
        data = office.pdf([["x"]])
        rc, obj = extract(data[:60], "cut.pdf")
        self.assertEqual(rc, 1)
        self.assertEqual(obj["error"]["code"], "malformed")
        self.assertTrue(obj["error"]["message"].endswith("cut.pdf: not a readable PDF: PDF document is damaged")
                        or "not a readable PDF" in obj["error"]["message"], obj)


def classify(path, *args):
    r = subprocess.run([PMARK, "classify", "--json", *args, path], capture_output=True,
                       text=True, timeout=120)
    return r.returncode, json.loads(r.stdout), r.stderr


class NotReadable(unittest.TestCase):
    """Password-protected files are "not inspected" (flagged for review by
    default, never the lowest level); a password opens a PDF; a wrong one
    is a typed error."""
    OFFICE = os.path.join(ROOT, "tests", "data", "third-party", "protected_agile.docx")

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def encrypted_pdf(self, user, owner="owner-secret"):
        import shutil
        if not shutil.which("qpdf"):
            self.skipTest("SKIP: qpdf not installed (tools/install-deps.sh installs it); "
                          "encrypted PDFs not tested")
        plain = os.path.join(self.tmp.name, "plain.pdf")
        with open(plain, "wb") as f:
            f.write(office.pdf([["Referral for NHS 999 000 0115"]]))
        out = os.path.join(self.tmp.name, "locked-%s.pdf" % (user or "none"))
        subprocess.run(["qpdf", "--encrypt", user, owner, "256", "--", plain, out], check=True)
        return out

    def test_office_with_password_is_not_inspected(self):
        rc, obj, _ = classify(self.OFFICE)
        self.assertEqual(rc, 0)
        self.assertEqual(obj["format"], "encrypted-office")
        self.assertFalse(obj["inspected"])
        self.assertTrue(obj["review"])
        self.assertIsNone(obj["level"])
        self.assertIn("EncryptedPackage", obj["not_inspected_reason"])
        r = subprocess.run([PMARK, "classify", self.OFFICE], capture_output=True, text=True)
        self.assertTrue(r.stdout.rstrip().endswith("; review]"), r.stdout)

    def test_policy_can_give_unreadable_files_a_level(self):
        with open(os.path.join(ROOT, "policies", "london-lscb.policy")) as f:
            src = f.read()
        pol = os.path.join(self.tmp.name, "strict.policy")
        with open(pol, "w") as f:
            f.write(src.replace("[policy]\n", "[policy]\nnot-inspected = RESTRICTED\n", 1))
        rc, obj, _ = classify(self.OFFICE, "--policy", pol)
        self.assertEqual(rc, 0)
        self.assertEqual(obj["level"], "RESTRICTED")
        self.assertFalse(obj["review"])
        self.assertEqual([r["rule"] for r in obj["reasons"]], ["not-inspected"])
        with open(pol, "w") as f:
            f.write(src.replace("[policy]\n", "[policy]\nnot-inspected = SECRETISH\n", 1))
        r = subprocess.run([PMARK, "policy", "check", pol], capture_output=True, text=True)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("strict.policy:9: [policy]: not-inspected is 'review' or a level; "
                      "unknown level 'SECRETISH'", r.stderr)

    def test_user_password_pdf(self):
        locked = self.encrypted_pdf("user-secret")
        rc, obj, _ = classify(locked)
        self.assertEqual(rc, 0)
        self.assertFalse(obj["inspected"])
        self.assertTrue(obj["review"])
        self.assertIsNone(obj["level"])
        self.assertIn("user password", obj["not_inspected_reason"])
        # the right password opens it, from the command line or a file
        rc, obj, _ = classify(locked, "--password", "user-secret")
        self.assertEqual((rc, obj["inspected"], obj["level"]), (0, True, "PROTECT"))
        pw = os.path.join(self.tmp.name, "pw")
        with open(pw, "w") as f:
            f.write("user-secret\n")
        rc, obj, _ = classify(locked, "--password-file", pw)
        self.assertEqual((rc, obj["level"]), (0, "PROTECT"))
        # a wrong one is a typed error naming the file, not a crash
        rc, obj, _ = classify(locked, "--password", "wrong")
        self.assertEqual(rc, 1)
        self.assertEqual(obj["error"]["code"], "encrypted")
        self.assertIn(os.path.basename(locked), obj["error"]["message"])

    def test_owner_password_only_pdf_is_read(self):
        rc, obj, _ = classify(self.encrypted_pdf(""))
        self.assertEqual((rc, obj["inspected"], obj["level"]), (0, True, "PROTECT"))
        self.assertNotIn("review", obj)


class Hostile(unittest.TestCase):
    def zip_of(self, entries):
        import io
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in entries:
                z.writestr(name, data)
        return buf.getvalue()

    def test_zip_bomb(self):
        good = office.docx(["x"])
        z = zipfile.ZipFile(__import__("io").BytesIO(good))
        entries = [(i.filename, z.read(i)) for i in z.infolist()]
        # the body replaced by 300 MB of one repeated paragraph
        body = (office.XML + '<w:document %s><w:body>' % office.W).encode()
        para = b"<w:p><w:r><w:t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</w:t></w:r></w:p>" * 1000
        import zlib
        assert zlib  # inflate happens in pmark; the zip stays a few hundred KB
        big = body + para * 6000 + b"</w:body></w:document>"
        entries = [(n, big if n == "word/document.xml" else d) for n, d in entries]
        data = self.zip_of(entries)
        self.assertLess(len(data), 3_000_000)
        rc, obj = extract(data, "bomb.docx")
        self.assertEqual(rc, 1)
        self.assertEqual(obj["error"]["code"], "budget-exceeded")
        self.assertIn("word/document.xml", obj["error"]["message"])

    def test_billion_laughs(self):
        lol = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
               + "".join('<!ENTITY %s "%s">' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 10) for i in range(9))
               + ']><w:document %s><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>' % office.W)
        good = office.docx(["x"])
        z = zipfile.ZipFile(__import__("io").BytesIO(good))
        entries = [(i.filename, lol if i.filename == "word/document.xml" else z.read(i)) for i in z.infolist()]
        rc, obj = extract(self.zip_of(entries), "lol.docx")
        # never expanded: either read without the entity or refused, quickly
        if rc == 0:
            self.assertLess(sum(len(t) for _, t in parts(obj)), 1000)
        else:
            self.assertIn(obj["error"]["code"], ("malformed", "budget-exceeded"))

    def test_deep_nesting(self):
        deep = (office.XML + '<w:document %s><w:body>' % office.W + "<w:p>" * 5000
                + "</w:p>" * 5000 + "</w:body></w:document>")
        good = office.docx(["x"])
        z = zipfile.ZipFile(__import__("io").BytesIO(good))
        entries = [(i.filename, deep if i.filename == "word/document.xml" else z.read(i)) for i in z.infolist()]
        rc, obj = extract(self.zip_of(entries), "deep.docx")
        self.assertEqual(rc, 1)
        self.assertIn(obj["error"]["code"], ("budget-exceeded", "malformed"))

    def test_broken_xml_and_missing_parts(self):
        good = office.docx(["x"])
        z = zipfile.ZipFile(__import__("io").BytesIO(good))
        entries = [(i.filename, b"<w:document><unclosed" if i.filename == "word/document.xml"
                    else z.read(i)) for i in z.infolist()]
        rc, obj = extract(self.zip_of(entries), "bad.docx")
        self.assertEqual(rc, 1)
        self.assertEqual(obj["error"]["code"], "malformed")
        self.assertIn("word/document.xml is not well-formed XML", obj["error"]["message"])
        # the main part named but absent
        entries = [(n, d) for n, d in entries if n != "word/document.xml"]
        rc, obj = extract(self.zip_of(entries), "hollow.docx")
        self.assertEqual(rc, 1)
        self.assertEqual(obj["error"]["code"], "malformed")


if __name__ == "__main__":
    unittest.main(verbosity=2)
