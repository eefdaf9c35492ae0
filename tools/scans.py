# SPDX-License-Identifier: LGPL-2.1-or-later
"""Made-up scanned paper for tests and benchmarks: a text PDF written here
(standard Helvetica, no embedded font), rendered by pdftoppm at a chosen
resolution, grey or 1-bit, rotated and JPEG-compressed by ImageMagick, and
wrapped again as an image-only PDF (one DCT image a page, no text layer),
a multi-page fax TIFF (CCITT G4) or single images."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import office  # noqa: E402


def _stream(data, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_pdf(path, pages, size=14):
    """A text PDF: `pages` is a list of pages, each a list of lines."""
    with open(path, "wb") as f:
        f.write(office.pdf(pages, size=size))


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
        f.write(office.pdf_bytes(objs, 1))


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


def typed_page_with_picture(path, lines, jpeg, dpi=150):
    """A typed report page (Helvetica text at the top) with a picture
    below it, as a scanned attachment pasted into a report looks: the
    page has a text layer, and the picture's text is only in its pixels."""
    data = open(jpeg, "rb").read()
    w, h, comps = _jpeg_size(data)
    iw, ih = w * 72.0 / dpi, h * 72.0 / dpi
    text = b"BT /F1 12 Tf 56 800 Td 14 TL " + b" ".join(
        b"(%s) '" % l.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")
        for l in lines) + b" ET"
    draw = b"q %.2f 0 0 %.2f 56 %.2f cm /Im0 Do Q" % (iw, ih, 780 - 14 * len(lines) - ih)
    cs = b"/DeviceGray" if comps == 1 else b"/DeviceRGB"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> "
            b"/XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
            _stream(text + b"\n" + draw),
            _stream(data, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
                    b"/BitsPerComponent 8 /Filter /DCTDecode " % (w, h, cs)),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    with open(path, "wb") as f:
        f.write(office.pdf_bytes(objs, 1))


def damaged_jpeg(src, dst, how):
    """A copy of a JPEG damaged as scanners and broken converters damage
    them: "soi" a second start-of-image marker at the front (tiff2pdf -j),
    "truncated" the last two thirds cut off."""
    data = open(src, "rb").read()
    data = b"\xff\xd8" + data if how == "soi" else data[:len(data) // 3]
    with open(dst, "wb") as f:
        f.write(data)
    return dst


def image_pdf_sized(path, jpeg, like, dpi):
    """An image-only PDF of `jpeg` (maybe damaged, its header unreadable)
    with the size and colours of the sound JPEG `like`."""
    global _jpeg_size
    sound = open(like, "rb").read()
    real = _jpeg_size
    _jpeg_size = lambda data: real(sound)  # noqa: E731
    try:
        image_pdf(path, [jpeg], dpi)
    finally:
        _jpeg_size = real
