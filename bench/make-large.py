#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Large inputs for bench/memory.sh, made from the samples: a docx whose
body is PART_MB of XML, an xlsx with a PART_MB sheet, a docx carrying a
PART_MB media part, and a PDF of PAGES short text pages. Nothing in them
is about anyone: meeting-room prose and random letters.
Usage: make-large.py OUTDIR PART_MB PAGES SAMPLES"""
import os
import random
import string
import sys
import zipfile

out, mb, pages, samples = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
random.seed(1)
WORDS = ["car", "park", "rota", "training", "calendar", "kitchen", "meeting", "room",
         "booked", "agenda", "minutes", "fire", "drill", "printer", "toner"]


def prose():
    return (" ".join(random.choice(WORDS) for _ in range(12)) + " "
            + "".join(random.choice(string.ascii_letters) for _ in range(20)))


def rewrite(src, dst, part=None, write_part=None, extra=None):
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
        for it in zi.infolist():
            if it.filename == part:
                with zo.open(it.filename, "w", force_zip64=True) as f:
                    write_part(f, zi.read(it.filename).decode())
            else:
                zo.writestr(it, zi.read(it.filename))
        if extra:
            with zo.open(extra[0], "w", force_zip64=True) as f:
                extra[1](f)


def body(f, s):
    i = s.index("<w:body>") + len("<w:body>")
    f.write(s[:i].encode())
    n = 0
    while n < mb << 20:
        b = "".join("<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % prose() for _ in range(1000)).encode()
        f.write(b)
        n += len(b)
    f.write(s[i:].encode())


def sheet(f, s):
    f.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet '
            b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    n, r = 0, 1
    while n < mb << 20:
        rows = []
        for _ in range(1000):
            rows.append('<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>'
                        'room %d booked</t></is></c></row>'
                        % (r, r, random.randint(1, 10**6), r, random.randint(1, 500)))
            r += 1
        b = "".join(rows).encode()
        f.write(b)
        n += len(b)
    f.write(b"</sheetData></worksheet>")


def media(f):
    for _ in range(mb * 16):  # half random, half zeros: deflates to about half
        f.write(os.urandom(32768) + bytes(32768))


def pdf(path):
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
            3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids, n = [], 4
    for p in range(pages):
        t = (b"BT /F1 11 Tf 72 720 Td (Page %d: the car park rota and the training "
             b"calendar.) Tj ET" % (p + 1))
        objs[n] = b"<< /Length %d >>\nstream\n" % len(t) + t + b"\nendstream"
        objs[n + 1] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                       b"<< /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % n)
        kids.append(n + 1)
        n += 2
    objs[2] = (b"<< /Type /Pages /Count %d /Kids [" % pages
               + b" ".join(b"%d 0 R" % k for k in kids) + b"] >>")
    data = bytearray(b"%PDF-1.4\n")
    offs = {}
    for i in sorted(objs):
        offs[i] = len(data)
        data += b"%d 0 obj\n" % i + objs[i] + b"\nendobj\n"
    x = len(data)
    size = max(objs) + 1
    data += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for i in range(1, size):
        data += b"%010d 00000 n \n" % offs[i]
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, x)
    with open(path, "wb") as f:
        f.write(data)


rewrite(os.path.join(samples, "meeting-notes.docx"), os.path.join(out, "body.docx"),
        "word/document.xml", body)
rewrite(os.path.join(samples, "caseload.xlsx"), os.path.join(out, "sheet.xlsx"),
        "xl/worksheets/sheet2.xml", sheet)
rewrite(os.path.join(samples, "meeting-notes.docx"), os.path.join(out, "media.docx"),
        extra=("word/media/video1.bin", media))
pdf(os.path.join(out, "pages.pdf"))
