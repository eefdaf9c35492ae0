# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes an evaluation document (title, lines and tables) in each format
of the set: txt, docx, odt, pdf, html, rtf, eml, csv, xlsx, ods. The
writing is the same text in every format, so the facts hold whatever the
format."""
import csv
import datetime
import html
import io
import os
import re
import sys
import textwrap
import unicodedata
from email.message import EmailMessage
from email.utils import format_datetime

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import office  # noqa: E402

FORMATS = ["txt", "docx", "odt", "pdf", "eml", "xlsx", "csv", "html", "rtf", "ods"]
MIME = {"docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "pdf": ("application", "pdf"), "csv": ("text", "csv"),
        "xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


def items(title, blocks):
    """[(kind, value)]: ("title", s), ("line", s), ("table", rows)."""
    out = [("title", title)] if title else []
    for b in blocks:
        if isinstance(b, tuple):
            out.append(("table", b[1]))
        else:
            out.append(("line", b))
    return out


def text_table(rows, r=None):
    if not rows:
        return []
    style = "pipe" if r is None else r.choice(["pipe", "tab", "pad", "pad"])
    if style == "tab":
        return ["\t".join(row) for row in rows]
    if style == "pipe":
        return [" | ".join(row) for row in rows]
    widths = [max(len(row[i]) if i < len(row) else 0 for row in rows) for i in range(max(len(x) for x in rows))]
    return ["  ".join(c.ljust(widths[i]) for i, c in enumerate(row)).rstrip() for row in rows]


def flat_lines(title, blocks, r=None, underline=True):
    out = []
    for kind, v in items(title, blocks):
        if kind == "title":
            out.append(v)
            if underline and r is not None and r.random() < 0.5:
                out.append("=" * min(len(v), 70))
            out.append("")
        elif kind == "line":
            out.append(v)
        else:
            out.extend(text_table(v, r))
    return out


def to_txt(title, blocks, r=None):
    return ("\n".join(flat_lines(title, blocks, r)) + "\n").encode("utf-8")


def to_docx(title, blocks, r=None):
    body, tables = [], []
    for kind, v in items(title, blocks):
        if kind == "table":
            tables.append(v)
        else:
            body.append(v)
    return office.docx(body, tables=tables)


def to_odt(title, blocks, r=None):
    content = []
    for kind, v in items(title, blocks):
        content.append(v)
    return office.odf("text", content, title=None)


PDF_MAP = {"ł": "l", "Ł": "L", "ı": "i", "İ": "I", "ș": "s", "ş": "s", "Ş": "S", "ț": "t", "ţ": "t",
           "ğ": "g", "ė": "e", "ę": "e", "ą": "a", "ś": "s", "ź": "z", "ż": "z", "ń": "n", "ć": "c",
           "Ż": "Z", "Ś": "S", "č": "c", "ū": "u", "į": "i", "–": "-", "—": "-", "’": "'", "‘": "'",
           "“": '"', "”": '"'}


def cp1252_safe(s):
    out = []
    for ch in s:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            m = PDF_MAP.get(ch)
            if m is None:
                m = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
                try:
                    m.encode("cp1252")
                except UnicodeEncodeError:
                    m = "?"
            out.append(m)
    return "".join(out)


def to_pdf(title, blocks, r=None, per_page=54):
    lines = []
    for l in flat_lines(title, blocks, r, underline=False):
        l = cp1252_safe(l.replace("\t", "    "))
        if len(l) <= 92:
            lines.append(l)
        else:
            lines.extend(textwrap.wrap(l, 92, subsequent_indent="  " if l.startswith(("-", "*", ">")) else ""))
    pages = [lines[i:i + per_page] for i in range(0, max(len(lines), 1), per_page)]
    return office.pdf(pages, size=10)


def to_html(title, blocks, r=None):
    e = html.escape
    out = ['<!DOCTYPE html>', '<html lang="en-GB"><head><meta charset="utf-8">']
    if title:
        out.append("<title>%s</title>" % e(title))
    out.append('</head><body style="font-family: Arial, sans-serif">')
    for kind, v in items(title, blocks):
        if kind == "title":
            out.append("<h1>%s</h1>" % e(v))
        elif kind == "line":
            if v.strip():
                out.append("<p>%s</p>" % e(v))
        else:
            out.append('<table border="1" cellpadding="3">')
            for i, row in enumerate(v):
                tag = "th" if i == 0 else "td"
                out.append("<tr>%s</tr>" % "".join("<%s>%s</%s>" % (tag, e(c), tag) for c in row))
            out.append("</table>")
    out.append("</body></html>")
    return ("\n".join(out) + "\n").encode("utf-8")


def rtf_escape(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch in "\\{}":
            out.append("\\" + ch)
        elif o < 128:
            out.append(ch)
        elif o < 32768:
            out.append("\\u%d?" % o)
        else:
            out.append("\\u%d?" % (o - 65536))
    return "".join(out)


def to_rtf(title, blocks, r=None):
    out = ["{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\\viewkind4\\uc1\\pard\\f0\\fs22"]
    for kind, v in items(title, blocks):
        if kind == "title":
            out.append("{\\b\\fs28 %s}\\par\\par" % rtf_escape(v))
        elif kind == "line":
            out.append("%s\\par" % rtf_escape(v))
        else:
            ncols = max(len(row) for row in v)
            w = 9000 // max(ncols, 1)
            cells = "".join("\\cellx%d" % (w * (i + 1)) for i in range(ncols))
            for row in v:
                out.append("\\trowd\\trgaph108%s %s\\row" % (
                    cells, "".join("\\pard\\intbl %s\\cell " % rtf_escape(c) for c in row)))
            out.append("\\pard")
    out.append("}")
    return ("\n".join(out) + "\n").encode("ascii")


def table_rows(title, blocks):
    """One sheet's rows: the lines above the table as one-cell rows."""
    rows = []
    for kind, v in items(title, blocks):
        if kind == "table":
            rows.extend(v)
        elif v.strip():
            rows.append([v])
    return rows


def to_csv(title, blocks, r=None):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n" if r is not None and r.random() < 0.5 else "\n")
    for row in table_rows(title, blocks):
        w.writerow(row)
    return buf.getvalue().encode("utf-8-sig" if r is not None and r.random() < 0.3 else "utf-8")


DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _xlsx_cells(rows):
    out, date_cols = [], set()
    for row in rows:
        cells = []
        if len(row) > 2 and any(re.search(r"\b(DOB|D\.O\.B|Date of birth)\b", c, re.I) for c in row):
            date_cols = {i for i, c in enumerate(row) if re.search(r"\b(DOB|D\.O\.B|Date of birth)\b", c, re.I)}
        for i, c in enumerate(row):
            m = DATE_RE.match(c)
            if i in date_cols and m:
                try:
                    datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                    cells.append("#%d/%d/%s" % (int(m.group(1)), int(m.group(2)), m.group(3)))
                    continue
                except ValueError:
                    pass
            cells.append("!" + c if c[:1] in ("#", "=", "!") else c)
        out.append(cells)
    return out


def to_xlsx(title, blocks, r=None, sheet="Sheet1"):
    return office.xlsx([(sheet, _xlsx_cells(table_rows(title, blocks)))])


def to_ods(title, blocks, r=None, sheet="Sheet1"):
    return office.odf("spreadsheet", [(sheet, table_rows(title, blocks))])


def make_eml(frm, to, subject, date, body_lines, cc=None, attachments=(), msgid=None, boundary=None):
    """frm: (name, addr); to, cc: [(name, addr)]; attachments: [(filename,
    bytes)]."""
    m = EmailMessage()

    def fmt(p):
        return "%s <%s>" % p if p[0] else p[1]

    m["From"] = fmt(frm)
    m["To"] = ", ".join(fmt(p) for p in to)
    if cc:
        m["Cc"] = ", ".join(fmt(p) for p in cc)
    m["Subject"] = subject
    m["Date"] = format_datetime(date)
    if msgid:
        m["Message-ID"] = msgid
    m.set_content("\n".join(body_lines) + "\n")
    for name, data in attachments:
        ext = name.rsplit(".", 1)[-1]
        maintype, subtype = MIME.get(ext, ("application", "octet-stream"))
        if maintype == "text":
            m.add_attachment(data.decode("utf-8-sig"), subtype=subtype, filename=name)
        else:
            m.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if attachments and boundary:
        m.set_boundary(boundary)
    return bytes(m)


WRITERS = {"txt": to_txt, "docx": to_docx, "odt": to_odt, "pdf": to_pdf, "html": to_html,
           "rtf": to_rtf, "csv": to_csv, "xlsx": to_xlsx, "ods": to_ods}
