# SPDX-License-Identifier: LGPL-2.1-or-later
"""Made-up scanned paper for tests and benchmarks: a text PDF written here
(standard Helvetica, no embedded font), rendered by pdftoppm at a chosen
resolution, grey or 1-bit, rotated and JPEG-compressed by ImageMagick, and
wrapped again as an image-only PDF (one DCT image a page, no text layer),
a multi-page fax TIFF (CCITT G4) or single images."""
import os
import subprocess
import zlib


def _pdf(objects):
    """A PDF from object bodies (bytes), object 1 being the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, xref))
    return bytes(out)


def _stream(data, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_pdf(path, pages, size=14):
    """A text PDF: `pages` is a list of pages, each a list of lines."""
    n = len(pages)
    # 1 catalog, 2 pages, 3 font, then page and content pairs
    kids = " ".join("%d 0 R" % (4 + 2 * i) for i in range(n)).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
            b"/Encoding /WinAnsiEncoding >>"]
    for i, lines in enumerate(pages):
        ops = [b"BT /F1 %d Tf %d TL 72 770 Td" % (size, int(size * 1.4))]
        for line in lines:
            esc = (line.replace("\\", "\\\\").replace("(", "\\(")
                   .replace(")", "\\)").encode("cp1252"))
            ops.append(b"(" + esc + b") Tj T*")
        ops.append(b"ET")
        content = zlib.compress(b"\n".join(ops))
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                    b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
                    % (5 + 2 * i))
        objs.append(_stream(content, b"/Filter /FlateDecode "))
    with open(path, "wb") as f:
        f.write(_pdf(objs))


def _jpeg_size(data):
    """(width, height, components) from a JPEG's SOF marker."""
    i = 2
    while i < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            h = int.from_bytes(data[i + 5:i + 7], "big")
            w = int.from_bytes(data[i + 7:i + 9], "big")
            return w, h, data[i + 9]
        i += 2 + length
    raise ValueError("no SOF marker")


def image_pdf(path, jpegs, dpi):
    """An image-only PDF: each JPEG a page at `dpi`, no text at all."""
    n = len(jpegs)
    kids = " ".join("%d 0 R" % (3 + 3 * i) for i in range(n)).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n]
    for i, jpg in enumerate(jpegs):
        data = open(jpg, "rb").read()
        w, h, comps = _jpeg_size(data)
        pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
        cs = b"/DeviceGray" if comps == 1 else b"/DeviceRGB"
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
                    b"/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
                    % (pw, ph, 5 + 3 * i, 4 + 3 * i))
        objs.append(_stream(b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (pw, ph)))
        objs.append(_stream(data, b"/Type /XObject /Subtype /Image /Width %d "
                            b"/Height %d /ColorSpace %s /BitsPerComponent 8 "
                            b"/Filter /DCTDecode " % (w, h, cs)))
    with open(path, "wb") as f:
        f.write(_pdf(objs))


def render(pdf, outdir, dpi, mono=False):
    """pdftoppm's pages of `pdf` as PNG files (grey, or 1-bit)."""
    os.makedirs(outdir, exist_ok=True)
    stem = os.path.join(outdir, "page-%d" % dpi + ("-mono" if mono else ""))
    args = ["pdftoppm", "-r", str(dpi), "-png"]
    args += ["-mono"] if mono else ["-gray"]
    subprocess.run(args + [pdf, stem], check=True)
    return sorted(os.path.join(outdir, f) for f in os.listdir(outdir)
                  if f.startswith(os.path.basename(stem) + "-") and f.endswith(".png"))


def convert(src, dst, *ops):
    """ImageMagick: `convert SRC OPS... DST`."""
    subprocess.run(["convert", src, *ops, dst], check=True)
    return dst


def scan_set(text_pdf_path, outdir, dpi=300, rotate=0, quality=75, mono=False):
    """Scans of a text PDF: (image-only PDF, [JPEG pages])."""
    os.makedirs(outdir, exist_ok=True)
    pages = render(text_pdf_path, outdir, dpi, mono)
    jpegs = []
    for i, p in enumerate(pages):
        ops = ["-rotate", str(rotate)] if rotate else []
        jpegs.append(convert(p, p[:-4] + "-r%d-q%d.jpg" % (rotate, quality),
                             *ops, "-colorspace", "Gray", "-quality", str(quality)))
    pdf = os.path.join(outdir, "scan-%d%s-r%d-q%d.pdf"
                       % (dpi, "-mono" if mono else "", rotate, quality))
    image_pdf(pdf, jpegs, dpi)
    return pdf, jpegs


def fax_tiff(pngs, path):
    """A multi-page 1-bit TIFF with CCITT G4 compression, as a fax server
    writes."""
    subprocess.run(["convert", *pngs, "-monochrome", "-compress", "Group4",
                    "-density", "200", path], check=True)
    return path
