#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Markings that print and look the same everywhere.

PDF: on pages whose content reaches the edge (generated: a report whose
last line sits at the page bottom, small, narrow and rotated pages, a
full-page background; and pages of the public PDF corpus), the rendered
bands hold the marking and nothing else — checked on the words
(pdftotext -bbox) and on the pixels (pdftoppm) — and the marking is the
policy's printable margin in from the edge. --no-shrink draws over the
content (the check can fail). ODF written by a script (no master page, or
master pages under other names) shows the marking when LibreOffice
renders it. Every format carries the same look: the level's colour, the
policy's size, weight and alignment."""
import glob
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import zipfile

PMARK = os.environ["PMARK"]
ROOT = os.environ["PMARK_SOURCE_ROOT"]
SAMPLES = os.path.join(ROOT, "samples")
CORPORA = os.environ.get("PMARK_CORPUS_DIR") or os.path.join(ROOT, "..", "shared", "corpora")
PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
MARKING = "RESTRICTED - PERSONAL"
ORANGE = (0xef, 0x6c, 0x00)  # RESTRICTED's colour in london-lscb


# ---- a minimal PDF writer: pages of Helvetica text and filled boxes ----

def write_pdf(path, pages):
    """pages: (width, height, content stream bytes, rotate)"""
    objs = []

    def add(b):
        objs.append(b)
        return len(objs)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>")
    pages_id = len(objs) + 1 + 2 * len(pages)
    kids = []
    pages_id += sum(2 * len(p[4]) for p in pages if len(p) > 4)
    for page in pages:
        (w, h, c, rot), boxes = page[:4], (page[4] if len(page) > 4 else [])
        cid = add(b"<< /Length %d >>\nstream\n" % len(c) + c + b"\nendstream")
        annots = []
        for (x0, y0, x1, y1) in boxes:
            # a square annotation drawn by its appearance stream: black
            ap = b"0 0 0 rg 0 0 %g %g re f" % (x1 - x0, y1 - y0)
            apid = add(b"<< /Type /XObject /Subtype /Form /BBox [0 0 %g %g] /Length %d >>\n"
                       b"stream\n" % (x1 - x0, y1 - y0, len(ap)) + ap + b"\nendstream")
            annots.append(add(b"<< /Type /Annot /Subtype /Square /Rect [%g %g %g %g] /F 4 "
                              b"/AP << /N %d 0 R >> >>" % (x0, y0, x1, y1, apid)))
        extra = b" /Annots [%s]" % b" ".join(b"%d 0 R" % a for a in annots) if annots else b""
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %g %g] /Rotate %d "
                        b"/Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >>%s >>"
                        % (pages_id, w, h, rot, cid, font, extra)))
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    root = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += (b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, root, xref))
    with open(path, "wb") as f:
        f.write(out)


def text_page(w, h, lines, size=11, rotate=0):
    c = b"BT /F1 %g Tf\n" % size
    for (x, y, t) in lines:
        c += b"1 0 0 1 %g %g Tm (%s) Tj\n" % (x, y, t.encode())
    return (w, h, c + b"ET", rotate)


def edge_pages():
    """Content up to the very edge, in the shapes that broke markings."""
    report = [(40, 792 - 9, "Top line of the report, at the edge of the page")]
    y = 770
    while y > 8:
        report.append((40, y, "Line %d: notes of the visit to the family home" % y))
        y -= 13
    report.append((40, 1, "Last line sits at the page bottom"))
    small = [(4, 130, "Small page top"), (4, 60, "middle"), (4, 1, "small page bottom")]
    narrow = [(2, 590, "Narrow"), (2, 300, "mid"), (2, 1, "Foot")]
    rotated = [(40, 600, "Rotated page, text reaching the right edge"),
               (40, 300, "middle")] + [(x, 5, "edge") for x in range(40, 560, 60)]
    return [
        text_page(612, 792, report),
        text_page(200, 140, small, size=9),
        text_page(72, 600, narrow, size=9),
        text_page(792, 612, rotated, rotate=90),
        (612, 792, b"0.1 0.2 0.6 rg 0 0 612 792 re f 1 1 1 rg BT /F1 11 Tf "
                   b"1 0 0 1 60 780 Tm (White text on a dark page) Tj ET", 0),
        # annotations at both edges: they move with the content
        text_page(612, 792, [(60, 400, "A page with annotations at its edges")])
        + ([(40, 780, 140, 792), (450, 0, 560, 10)],),
    ]


# ---- reading a rendered page back ----

def words(pdf):
    """Per page: (width, height, [(xmin, ymin, xmax, ymax, word)]), top-down."""
    out = subprocess.run([PDFTOTEXT, "-bbox", pdf, "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        ws = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            m.group(3))]
        pages.append((float(m.group(1)), float(m.group(2)), ws))
    return pages


def read_pnm(path):
    with open(path, "rb") as f:
        data = f.read()
    m = re.match(rb"P([56])\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    ch = 3 if m.group(1) == b"6" else 1
    w, h = int(m.group(2)), int(m.group(3))
    px = data[m.end():]
    return w, h, ch, px


def render(pdf, outdir, page, gray=True):
    """Page `page` (1-based) at 72 dpi: 1 px per pt."""
    base = os.path.join(outdir, "r")
    subprocess.run([PDFTOPPM, "-r", "72", "-f", str(page), "-l", str(page),
                    *(["-gray"] if gray else []), "-singlefile", pdf, base], check=True,
                   capture_output=True)
    p = base + (".pgm" if gray else ".ppm")
    img = read_pnm(p)
    os.unlink(p)
    return img


def band_problems(pdf, tmp, max_pages=4, marking=MARKING):
    """What the bands of each page hold besides the marking."""
    problems = []
    pages = words(pdf)
    for i, (_, _, ws) in enumerate(pages[:max_pages]):
        # the page as displayed (pdftotext gives a rotated page's size
        # unrotated but its words rotated): the 72 dpi rendering's size
        iw, ih, ch, px = render(pdf, tmp, i + 1)
        pw, ph = iw, ih
        # the marking's lines: words on one baseline that read as the marking
        lines = {}
        for w in ws:
            lines.setdefault(round(w[1], 1), []).append(w)
        found = sorted((y, l) for y, l in lines.items()
                       if " ".join(x[4] for x in sorted(l)) == marking)
        top = [l for y, l in found if y < ph * 0.3]
        bottom = [l for y, l in found if y > ph * 0.7]
        if not top or not bottom:
            problems.append("page %d: marking not found at %s" % (
                i + 1, "the top" if not top else "the bottom"))
            continue
        top_lines, bottom_lines = top[0], bottom[-1]
        band_top = max(w[3] for w in top_lines)
        band_bottom = min(w[1] for w in bottom_lines)
        for w in ws:
            if w in top_lines or w in bottom_lines:
                continue
            # a word box spans its font's ascent and descent, more than
            # its ink: a word is in a band when its middle is (the pixels
            # below check the ink itself)
            mid = (w[1] + w[3]) / 2
            if mid < band_top or mid > band_bottom:
                problems.append("page %d: %r in the marking's band" % (i + 1, w[4]))
        # pixels: nothing dark in the bands outside the marking's words
        sx, sy = 1.0, 1.0
        boxes = [(w[0] * sx - 2, w[1] * sy - 2, w[2] * sx + 2, w[3] * sy + 2)
                 for w in top_lines + bottom_lines]
        rows = list(range(0, min(ih, int(band_top * sy)))) + \
            list(range(max(0, int(band_bottom * sy) + 1), ih))
        stray = 0
        for y in rows:
            row = px[y * iw:(y + 1) * iw]
            for x in range(iw):
                if row[x] < 160 and not any(b[0] <= x <= b[2] and b[1] <= y <= b[3]
                                            for b in boxes):
                    stray += 1
        if stray > 3:
            problems.append("page %d: %d dark pixels in the bands outside the marking"
                            % (i + 1, stray))
    return problems


@unittest.skipUnless(PDFTOTEXT and PDFTOPPM,
                     "SKIP: pdftotext/pdftoppm (poppler-utils) not installed: "
                     "rendered markings not checked")
class PdfBands(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.d = self.tmp.name
        self.log = os.path.join(self.d, "log.jsonl")

    def mark(self, *args, ok=True):
        r = subprocess.run([PMARK, "mark", "--log", self.log, "--justify", "test", *args],
                           capture_output=True, text=True, timeout=300)
        if ok:
            self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def test_content_at_the_edge_is_shrunk_clear_of_the_marking(self):
        src = os.path.join(self.d, "edge.pdf")
        write_pdf(src, edge_pages())
        out = os.path.join(self.d, "out.pdf")
        self.mark("--level", "RESTRICTED:PERSONAL", "-o", out, src)
        self.assertEqual(band_problems(out, self.d, max_pages=10), [])
        # the page's own text is all still there, in order
        before = subprocess.run([PDFTOTEXT, src, "-"], capture_output=True, text=True).stdout
        after = subprocess.run([PDFTOTEXT, out, "-"], capture_output=True, text=True).stdout
        for line in ("Top line of the report", "Last line sits at the page bottom",
                     "Small page top", "small page bottom", "White text on a dark page"):
            self.assertIn(line, before)
            self.assertIn(line, after)
        # shrinking is uniform about the centre: the report's left margin
        # moved right, its line spacing got smaller
        pb, pa = words(src)[0][2], words(out)[0][2]
        first_b = [w for w in pb if w[4] == "Top"][0]
        first_a = [w for w in pa if w[4] == "Top"][0]
        self.assertGreater(first_a[0], first_b[0])
        self.assertLess(first_a[2] - first_a[0], first_b[2] - first_b[0])
        # re-marking measures the page without the earlier marking: the
        # content is not shrunk again
        again = os.path.join(self.d, "again.pdf")
        self.mark("--level", "CONFIDENTIAL:PERSONAL", "-o", again, out)
        pa2 = words(again)[0][2]
        first_a2 = [w for w in pa2 if w[4] == "Top"][0]
        self.assertAlmostEqual(first_a2[0], first_a[0], places=1)
        self.assertEqual(band_problems(again, self.d, max_pages=10,
                                       marking="CONFIDENTIAL - PERSONAL"), [])

    def test_hostile_form_tree_does_not_hang(self):
        # poppler 22.12 loops building this form tree (pdfinfo hangs on it):
        # the page is measured without rendering annotations
        p = os.path.join(CORPORA, "pdf", "qpdf", "shared-unnamed-field.pdf")
        if not os.path.exists(p):
            self.skipTest("SKIP: %s not present (../shared/corpora)" % p)
        out = os.path.join(self.d, "form.pdf")
        self.mark("--level", "RESTRICTED:PERSONAL", "--force", "-o", out, p)
        self.assertTrue(os.path.exists(out))

    def test_no_shrink_draws_over_the_content(self):
        src = os.path.join(self.d, "edge.pdf")
        write_pdf(src, edge_pages()[:1])
        out = os.path.join(self.d, "out.pdf")
        self.mark("--level", "RESTRICTED:PERSONAL", "--no-shrink", "-o", out, src)
        problems = band_problems(out, self.d)
        self.assertTrue(any("in the marking's band" in p for p in problems), problems)
        # and the policy's shrink = false does the same
        pol = os.path.join(self.d, "noshrink.policy")
        with open(os.path.join(ROOT, "policies", "london-lscb.policy")) as f:
            text = f.read()
        with open(pol, "w") as f:
            f.write(text + "\n[stamp]\nshrink = false\n")
        out2 = os.path.join(self.d, "out2.pdf")
        self.mark("-P", pol, "--level", "RESTRICTED:PERSONAL", "-o", out2, src)
        self.assertTrue(band_problems(out2, self.d))

    def test_the_marking_is_inside_the_printable_margin(self):
        src = os.path.join(self.d, "a4.pdf")
        write_pdf(src, [text_page(595, 842, [(72, 421, "A page of notes in the middle")])])
        for margin in (14, 30):
            with self.subTest(margin=margin):
                pol = os.path.join(self.d, "m%d.policy" % margin)
                with open(os.path.join(ROOT, "policies", "london-lscb.policy")) as f:
                    text = f.read()
                with open(pol, "w") as f:
                    f.write(text + "\n[stamp]\nmargin = %d\n" % margin)
                out = os.path.join(self.d, "m%d.pdf" % margin)
                self.mark("-P", pol, "--level", "RESTRICTED:PERSONAL", "-o", out, src)
                pw, ph, ws = words(out)[0]
                mk = [w for w in ws if w[4] == "RESTRICTED"]
                self.assertEqual(len(mk), 2)
                top, bottom = sorted(mk, key=lambda w: w[1])
                # the word boxes include the font's ascent and descent: the
                # ink is inside them, so the boxes themselves must clear
                # the margin (less a point for rounding)
                self.assertGreaterEqual(top[1], margin - 3)
                self.assertLessEqual(bottom[3], ph - margin + 3)
                self.assertLess(top[1], margin + 6)  # and not far in either
                # centred
                line = [w for w in ws if abs(w[1] - top[1]) < 1]
                mid = (min(w[0] for w in line) + max(w[2] for w in line)) / 2
                self.assertAlmostEqual(mid, pw / 2, delta=2)

    def test_pdf_corpus_bands_hold_only_the_marking(self):
        pdfs = sorted(glob.glob(os.path.join(CORPORA, "pdf", "py-pdf-sample-files", "**", "*.pdf"),
                                recursive=True))
        pdfs += sorted(glob.glob(os.path.join(CORPORA, "pdf", "pdfminer", "*.pdf")))
        if not pdfs:
            self.skipTest("SKIP: no PDF corpus at %s (../shared/corpora)" % CORPORA)
        checked, problems = 0, []
        for p in pdfs:
            out = os.path.join(self.d, "c.pdf")
            r = self.mark("--ocr", "off", "--level", "RESTRICTED:PERSONAL", "--force", "-o",
                          out, p, ok=False)
            if r.returncode != 0:
                continue  # encrypted, broken: test_corpus covers the errors
            # the marking is only checked where pdftotext reads pmark's own
            # text back (it does on every page pmark stamps)
            found = band_problems(out, self.d, max_pages=3)
            problems += ["%s: %s" % (os.path.relpath(p, CORPORA), x) for x in found]
            checked += 1
            os.unlink(out)
        print("# PDF corpus: %d files marked and checked (3 pages each at most)" % checked)
        self.assertGreater(checked, 20)
        self.assertEqual(problems, [])


# ---- ODF written by scripts, rendered by LibreOffice ----

ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')


def write_odf(path, kind, body, masters="", autos=""):
    """A package as a script writes one: no settings, no styles of its own."""
    mime = "application/vnd.oasis.opendocument." + kind
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mime)
        z.writestr("META-INF/manifest.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                   '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                   '<manifest:file-entry manifest:full-path="/" manifest:media-type="%s"/>'
                   '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                   '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
                   '</manifest:manifest>' % mime)
        z.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                   '%s office:version="1.2">%s<office:body><office:%s>%s</office:%s></office:body>'
                   '</office:document-content>' % (ODF_NS, autos, kind, body, kind))
        z.writestr("styles.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-styles '
                   '%s office:version="1.2">%s</office:document-styles>' % (ODF_NS, masters))


class OdfFirstPage(unittest.TestCase):
    """A text document whose styles name no master page gets its first
    paragraph a style naming "Standard" (the page style pmark marks), so
    that a consumer whose default differs still shows it."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.d = self.tmp.name

    def mark(self, src, out):
        r = subprocess.run([PMARK, "mark", "--log", os.path.join(self.d, "log"), "--level",
                            "RESTRICTED", "-o", out, src], capture_output=True, text=True,
                           timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        with zipfile.ZipFile(out) as z:
            return z.read("content.xml").decode()

    def test_first_paragraph_names_the_page_style(self):
        autos = ('<office:automatic-styles><style:style style:name="P1" '
                 'style:family="paragraph"><style:paragraph-properties fo:margin-left="1cm"/>'
                 '</style:style></office:automatic-styles>')
        body = ('<text:sequence-decls/>' + "".join(
            '<text:p text:style-name="P1">Paragraph %d</text:p>' % i for i in range(3)))
        src = os.path.join(self.d, "auto.odt")
        write_odf(src, "text", body, autos=autos)
        content = self.mark(src, os.path.join(self.d, "m.odt"))
        first = re.search(r'<text:p text:style-name="([^"]+)">(?:<[^>]*>)*Paragraph 0', content)
        self.assertEqual(first.group(1), "pmark_first_page", content)
        style = re.search(r'<style:style [^>]*style:name="pmark_first_page"[^>]*>.*?</style:style>',
                          content).group(0)
        self.assertIn('style:master-page-name="Standard"', style)
        self.assertIn('fo:margin-left="1cm"', style)  # a copy of P1: it looks the same
        # the other paragraphs keep their style (a master page on them would
        # start a page each)
        self.assertEqual(len(re.findall(r'text:style-name="P1">Paragraph', content)), 2)
        # marking again changes nothing more
        again = self.mark(os.path.join(self.d, "m.odt"), os.path.join(self.d, "m2.odt"))
        self.assertEqual(again.count('style:name="pmark_first_page"'), 1)
        # a common style gets a child; a document that names a page style
        # is left as it is
        src = os.path.join(self.d, "common.odt")
        write_odf(src, "text", '<text:h text:style-name="Heading_20_1">Title</text:h>'
                  '<text:p>Body</text:p>')
        content = self.mark(src, os.path.join(self.d, "c.odt"))
        self.assertIn('style:parent-style-name="Heading_20_1"', content)
        src = os.path.join(self.d, "named.odt")
        write_odf(src, "text", '<text:p text:style-name="P1">Body</text:p>',
                  autos=autos.replace('style:family="paragraph"',
                                      'style:family="paragraph" style:master-page-name="Letter"'))
        content = self.mark(src, os.path.join(self.d, "n.odt"))
        self.assertNotIn("pmark_first_page", content)
        # a text that begins with a table: the table decides, untouched
        src = os.path.join(self.d, "table.odt")
        write_odf(src, "text", '<table:table table:name="T"><table:table-row><table:table-cell>'
                  '<text:p>Cell</text:p></table:table-cell></table:table-row></table:table>')
        self.assertNotIn("pmark_first_page", self.mark(src, os.path.join(self.d, "t.odt")))


@unittest.skipUnless(SOFFICE and PDFTOTEXT and PDFTOPPM,
                     "SKIP: LibreOffice (soffice) or poppler-utils not installed: "
                     "ODF markings not rendered by a client")
class OdfRendered(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.d = self.tmp.name

    def test_script_written_odf_shows_the_marking_on_every_page(self):
        paras = "".join("<text:p>Paragraph %d of the notes on the family.</text:p>" % i
                        for i in range(90))
        cells = "".join("<table:table-row><table:table-cell><text:p>Row %d</text:p>"
                        "</table:table-cell></table:table-row>" % i for i in range(120))
        docs = {
            "no-master.odt": ("text", paras, ""),
            "auto-style.odt": ("text", paras.replace("<text:p>", '<text:p text:style-name="P1">'),
                               ""),
            "other-master.odt": ("text", paras, '<office:master-styles><style:master-page '
                                 'style:name="Default"/></office:master-styles>'),
            "no-master-sheet.ods": ("spreadsheet", '<table:table table:name="Sheet1">%s</table:table>'
                              % cells, ""),
        }
        marked = []
        for name, (kind, body, masters) in docs.items():
            src = os.path.join(self.d, name)
            write_odf(src, kind, body, masters)
            out = os.path.join(self.d, "m-" + name)
            r = subprocess.run([PMARK, "mark", "--log", os.path.join(self.d, "log"), "--level",
                                "RESTRICTED:PERSONAL", "-o", out, src],
                               capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
            marked.append(out)
        env = dict(os.environ, HOME=self.d)
        subprocess.run([SOFFICE, "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
                        self.d, *marked], capture_output=True, timeout=600, env=env)
        for out in marked:
            pdf = out.rsplit(".", 1)[0] + ".pdf"
            with self.subTest(doc=os.path.basename(out)):
                self.assertTrue(os.path.exists(pdf), "LibreOffice did not convert it")
                pages = words(pdf)
                self.assertGreater(len(pages), 1)  # long enough for two pages
                for i, (pw, ph, ws) in enumerate(pages):
                    top = [w for w in ws if w[4] == "RESTRICTED" and w[3] < ph * 0.2]
                    bottom = [w for w in ws if w[4] == "RESTRICTED" and w[1] > ph * 0.8]
                    self.assertTrue(top and bottom, "page %d has no marking at %s" % (
                        i + 1, "the top" if not top else "the bottom"))
                    # one look: centred, in the level's colour
                    line = [w for w in ws if abs(w[1] - top[0][1]) < 1 and w[3] < ph * 0.2]
                    mid = (min(w[0] for w in line) + max(w[2] for w in line)) / 2
                    self.assertAlmostEqual(mid, pw / 2, delta=pw * 0.05)
                iw, ih, ch, px = render(pdf, self.d, 1, gray=False)
                x0, y0, x1, y1 = top[0][:4]
                sx, sy = iw / pages[0][0], ih / pages[0][1]
                inked = []
                for y in range(int(y0 * sy), int(y1 * sy) + 1):
                    for x in range(int(x0 * sx), int(x1 * sx) + 1):
                        o = (y * iw + x) * 3
                        r, g, b = px[o], px[o + 1], px[o + 2]
                        if min(r, g, b) < 128:
                            inked.append((r, g, b))
                self.assertTrue(inked)
                # the darkest inked pixels are the level's orange, not black
                r, g, b = max(inked, key=lambda c: c[0] - c[2])
                self.assertGreater(r, 180)
                self.assertLess(b, 80)


# ---- one look: what each format's marking says about itself ----

class OneLook(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.d = self.tmp.name

    def marked(self, name, policy=None):
        out = os.path.join(self.d, "m-" + name)
        args = [PMARK, "mark", "--log", os.path.join(self.d, "log"), "--level",
                "RESTRICTED:PERSONAL", "--justify", "test", "-o", out]
        if policy:
            args += ["-P", policy]
        r = subprocess.run(args + [os.path.join(SAMPLES, name)], capture_output=True, text=True,
                           timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        return out

    def part(self, path, name):
        with zipfile.ZipFile(path) as z:
            return z.read(name).decode()

    def test_same_style_in_every_format(self):
        docx = self.marked("meeting-notes.docx")
        with zipfile.ZipFile(docx) as z:
            hdr = [z.read(n).decode() for n in z.namelist() if re.search(r"word/.*header.*\.xml$", n)]
        self.assertTrue(any('<w:jc w:val="center"/>' in h and "<w:b/>" in h
                            and 'w:color w:val="ef6c00"' in h and 'w:sz w:val="20"' in h
                            for h in hdr))
        xlsx = self.marked("caseload.xlsx")
        with zipfile.ZipFile(xlsx) as z:
            sheet = [z.read(n).decode() for n in z.namelist() if "worksheets/sheet" in n][0]
        self.assertIn('&amp;C&amp;"-,Bold"&amp;Kef6c00&amp;10RESTRICTED - PERSONAL', sheet)
        pptx = self.marked("training.pptx")
        with zipfile.ZipFile(pptx) as z:
            slide = [z.read(n).decode() for n in z.namelist() if re.search(r"slides/slide\d+\.xml$", n)][0]
        self.assertRegex(slide, r'algn="ctr"/><a:r><a:rPr lang="en-GB" sz="1000" b="1">'
                                r'<a:solidFill><a:srgbClr val="ef6c00"/>')
        for name, part in (("pupil-letter.odt", "styles.xml"), ("attendance.ods", "styles.xml"),
                           ("briefing.odp", "content.xml")):
            with self.subTest(doc=name):
                xml = self.part(self.marked(name), part)
                m = re.search(r'<style:style[^>]*style:name="pmark_marking".*?</style:style>', xml)
                self.assertTrue(m, "no marking style in " + part)
                st = m.group(0)
                for want in ('fo:text-align="center"', 'fo:color="#ef6c00"', 'fo:font-size="10pt"',
                             'fo:font-weight="bold"'):
                    self.assertIn(want, st)
                self.assertIn('text:style-name="pmark_marking"', xml)

    def test_the_policy_sets_the_look(self):
        pol = os.path.join(self.d, "look.policy")
        with open(os.path.join(ROOT, "policies", "london-lscb.policy")) as f:
            text = f.read()
        with open(pol, "w") as f:
            f.write(text + "\n[stamp]\nfont-size = 14\nbold = false\nalign = left\n")
        docx = self.marked("meeting-notes.docx", pol)
        with zipfile.ZipFile(docx) as z:
            hdr = "".join(z.read(n).decode() for n in z.namelist()
                          if re.search(r"word/.*header.*\.xml$", n))
        self.assertIn('<w:jc w:val="left"/>', hdr)
        self.assertIn('w:sz w:val="28"', hdr)
        odt = self.part(self.marked("pupil-letter.odt", pol), "styles.xml")
        self.assertIn('fo:text-align="left"', odt)
        self.assertIn('fo:font-weight="normal"', odt)
        xlsx = self.marked("caseload.xlsx", pol)
        with zipfile.ZipFile(xlsx) as z:
            sheet = [z.read(n).decode() for n in z.namelist() if "worksheets/sheet" in n][0]
        self.assertIn('&amp;L&amp;"-,Regular"&amp;Kef6c00&amp;14RESTRICTED', sheet)
        # the marking still reads back from every one of them
        for f in (docx, xlsx):
            c = json.loads(subprocess.run([PMARK, "classify", "--json", "-P", pol, f],
                                          capture_output=True, text=True).stdout)
            self.assertEqual(c["existing"]["text"], MARKING)
        # a bad value is an error naming the file and line
        with open(pol, "a") as f:
            f.write("margin = 200\n")
        r = subprocess.run([PMARK, "policy", "check", pol], capture_output=True, text=True)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("margin is a whole number of points from 0 to 72", r.stderr)
        self.assertIn(pol, r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
