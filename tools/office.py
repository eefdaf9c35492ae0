# SPDX-License-Identifier: LGPL-2.1-or-later
"""Minimal but valid OOXML, ODF and PDF files for samples and tests,
written with the standard library only. Fixed timestamps: regenerating
changes no bytes."""
import io
import zipfile
from xml.sax.saxutils import escape

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
P = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def _zip(entries, stored_first=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        if stored_first:
            name, data = stored_first
            z.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)),
                       data, compress_type=zipfile.ZIP_STORED)
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)),
                       data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _types(overrides):
    o = "".join('<Override PartName="/%s" ContentType="%s"/>' % kv for kv in overrides)
    return (XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="png" ContentType="image/png"/>'
            '<Default Extension="jpeg" ContentType="image/jpeg"/>'
            '<Default Extension="jpg" ContentType="image/jpeg"/>' + o + '</Types>')


def _drawing(rid, n, cx=5486400, cy=3657600):
    """A picture in a Word paragraph, as Word writes it (inline DrawingML)."""
    return ('<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
            '<wp:extent cx="%d" cy="%d"/><wp:docPr id="%d" name="Picture %d"/>'
            '<a:graphic %s><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:nvPicPr><pic:cNvPr id="%d" name="image%d"/><pic:cNvPicPr/></pic:nvPicPr>'
            '<pic:blipFill><a:blip r:embed="%s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
            '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>'
            % (cx, cy, n, n, A, n, n, rid, cx, cy))


def _rels(rels):
    r = "".join('<Relationship Id="%s" Type="%s" Target="%s"/>' % x for x in rels)
    return XML + '<Relationships xmlns="%s">%s</Relationships>' % (PKG_RELS, r)


def _custom_props(props):
    items = "".join(
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="%d" name="%s">'
        '<vt:lpwstr>%s</vt:lpwstr></property>' % (i + 2, escape(k), escape(v))
        for i, (k, v) in enumerate(props))
    return (XML + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">%s</Properties>' % items)


def _w_paras(lines):
    return "".join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % escape(l) for l in lines)


def _w_table(rows):
    return "<w:tbl>%s</w:tbl>" % "".join(
        "<w:tr>%s</w:tr>" % "".join("<w:tc>%s</w:tc>" % _w_paras([c]) for c in row)
        for row in rows)


def docx(body, header=None, footer=None, footnote=None, comment=None,
         textbox=None, custom=None, tables=(), pictures=()):
    """body: lines; the rest optional single strings; custom: [(name, value)];
    tables: [rows of cells], after the body's lines; pictures: [(file name,
    PNG or JPEG bytes)], each shown in a paragraph after the body."""
    overrides = [("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")]
    entries, doc_rels = [], []
    sect = ""
    if header:
        entries.append(("word/header1.xml", XML + '<w:hdr %s>%s</w:hdr>' % (W, _w_paras([header]))))
        doc_rels.append(("rIdH", DOC_REL + "/header", "header1.xml"))
        sect += '<w:headerReference w:type="default" r:id="rIdH"/>'
    if footer:
        entries.append(("word/footer1.xml", XML + '<w:ftr %s>%s</w:ftr>' % (W, _w_paras([footer]))))
        doc_rels.append(("rIdF", DOC_REL + "/footer", "footer1.xml"))
        sect += '<w:footerReference w:type="default" r:id="rIdF"/>'
    if footnote:
        entries.append(("word/footnotes.xml", XML + '<w:footnotes %s><w:footnote w:id="1">%s</w:footnote></w:footnotes>' % (W, _w_paras([footnote]))))
        doc_rels.append(("rIdN", DOC_REL + "/footnotes", "footnotes.xml"))
    if comment:
        entries.append(("word/comments.xml", XML + '<w:comments %s><w:comment w:id="0">%s</w:comment></w:comments>' % (W, _w_paras([comment]))))
        doc_rels.append(("rIdC", DOC_REL + "/comments", "comments.xml"))
    tb = ""
    if textbox:
        # a text box as Word writes it: DrawingML, with a VML fallback that
        # repeats the text
        tb = ('<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
              '<mc:Choice Requires="wps"><w:drawing><w:txbxContent>%s</w:txbxContent></w:drawing></mc:Choice>'
              '<mc:Fallback><w:pict><w:txbxContent>%s</w:txbxContent></w:pict></mc:Fallback>'
              '</mc:AlternateContent></w:r></w:p>') % (_w_paras([textbox]), _w_paras([textbox]))
    pics = ""
    for i, (name, data) in enumerate(pictures, 1):
        entries.append(("word/media/" + name, data))
        doc_rels.append(("rIdP%d" % i, DOC_REL + "/image", "media/" + name))
        pics += _drawing("rIdP%d" % i, i)
    document = (XML + '<w:document %s %s><w:body>%s%s%s%s<w:sectPr>%s</w:sectPr></w:body></w:document>'
                % (W, R, _w_paras(body), "".join(_w_table(t) for t in tables), tb, pics, sect))
    root = [("rId1", DOC_REL + "/officeDocument", "word/document.xml")]
    if custom:
        entries.append(("docProps/custom.xml", _custom_props(custom)))
        root.append(("rId2", DOC_REL + "/custom-properties", "docProps/custom.xml"))
    return _zip([("[Content_Types].xml", _types(overrides)), ("_rels/.rels", _rels(root)),
                 ("word/document.xml", document), ("word/_rels/document.xml.rels", _rels(doc_rels))] + entries)


def xlsx(sheets, header=None):
    """sheets: [(name, rows)], rows: lists of cell strings. Strings go to the
    shared-string table, except those starting with '=' (a formula whose
    cached value is the rest), '!' (an inline string) and '#' (a date,
    '#dd/mm/yyyy', stored as Excel does: a serial number in a cell whose
    style has the built-in date format 14). An empty string leaves the cell
    out."""
    import datetime
    shared, sheet_entries, wb_rels, wb_sheets = [], [], [], []
    dates = False
    for i, (name, rows) in enumerate(sheets, 1):
        xml_rows = []
        for r, row in enumerate(rows, 1):
            cells = []
            for c, v in enumerate(row):
                ref = "%s%d" % (chr(65 + c), r)
                if not v:
                    continue
                if v.startswith("#"):
                    d, m, y = (int(x) for x in v[1:].split("/"))
                    serial = (datetime.date(y, m, d) - datetime.date(1899, 12, 30)).days
                    cells.append('<c r="%s" s="1"><v>%d</v></c>' % (ref, serial))
                    dates = True
                elif v.startswith("="):
                    cells.append('<c r="%s" t="str"><f>CONCAT("x")</f><v>%s</v></c>' % (ref, escape(v[1:])))
                elif v.startswith("!"):
                    cells.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(v[1:])))
                else:
                    shared.append(v)
                    cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, len(shared) - 1))
            xml_rows.append('<row r="%d">%s</row>' % (r, "".join(cells)))
        hf = ('<headerFooter><oddHeader>&amp;C&amp;"Arial,Bold"%s</oddHeader></headerFooter>' % escape(header)
              if header else "")
        sheet_entries.append(("xl/worksheets/sheet%d.xml" % i,
                              XML + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                              '<sheetData>%s</sheetData>%s</worksheet>' % ("".join(xml_rows), hf)))
        wb_rels.append(("rId%d" % i, DOC_REL + "/worksheet", "worksheets/sheet%d.xml" % i))
        wb_sheets.append('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (escape(name), i, i))
    wb_rels.append(("rIdS", DOC_REL + "/sharedStrings", "sharedStrings.xml"))
    styles = []
    if dates:
        wb_rels.append(("rIdT", DOC_REL + "/styles", "styles.xml"))
        styles = [("xl/styles.xml", XML + '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')]
    sst = (XML + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
           % (len(shared), len(shared), "".join("<si><t>%s</t></si>" % escape(s) for s in shared)))
    workbook = (XML + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" %s><sheets>%s</sheets></workbook>'
                % (R, "".join(wb_sheets)))
    overrides = [("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")]
    if dates:
        overrides.append(("xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"))
    return _zip([("[Content_Types].xml", _types(overrides)),
                 ("_rels/.rels", _rels([("rId1", DOC_REL + "/officeDocument", "xl/workbook.xml")])),
                 ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", _rels(wb_rels)),
                 ("xl/sharedStrings.xml", sst)] + sheet_entries + styles)


def pptx(slides, pictures=None):
    """slides: [(lines, notes or None)]; stored in reverse file order so that
    presentation order (sldIdLst) and part names disagree. pictures: {slide
    number (from 1): (file name, PNG or JPEG bytes)}, a picture on that
    slide."""
    entries, pres_rels, ids = [], [], []
    n = len(slides)
    for i, (lines, notes) in enumerate(slides, 1):
        part = "slide%d.xml" % (n + 1 - i)
        paras = "".join('<a:p><a:r><a:t>%s</a:t></a:r></a:p>' % escape(l) for l in lines)
        srels, pic = [], ""
        if pictures and i in pictures:
            name, data = pictures[i]
            entries.append(("ppt/media/" + name, data))
            srels.append(("rIdP", DOC_REL + "/image", "../media/" + name))
            pic = ('<p:pic><p:nvPicPr><p:cNvPr id="4" name="Picture"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
                   '<p:blipFill><a:blip %s r:embed="rIdP"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
                   '<p:spPr><a:xfrm><a:off x="457200" y="1600200"/><a:ext cx="8229600" cy="4525963"/></a:xfrm>'
                   '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>' % R)
        entries.append(("ppt/slides/" + part, XML + '<p:sld %s %s><p:cSld><p:spTree><p:sp><p:txBody>%s</p:txBody></p:sp>%s</p:spTree></p:cSld></p:sld>' % (P, A, paras, pic)))
        if notes:
            npart = "notesSlide%d.xml" % (n + 1 - i)
            entries.append(("ppt/notesSlides/" + npart, XML + '<p:notes %s %s><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>%s</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:notes>' % (P, A, escape(notes))))
            srels.append(("rId1", DOC_REL + "/notesSlide", "../notesSlides/" + npart))
        entries.append(("ppt/slides/_rels/%s.rels" % part, _rels(srels)))
        pres_rels.append(("rId%d" % i, DOC_REL + "/slide", "slides/" + part))
        ids.append('<p:sldId id="%d" r:id="rId%d"/>' % (255 + i, i))
    pres = XML + '<p:presentation %s %s><p:sldIdLst>%s</p:sldIdLst></p:presentation>' % (P, R, "".join(ids))
    overrides = [("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")]
    return _zip([("[Content_Types].xml", _types(overrides)),
                 ("_rels/.rels", _rels([("rId1", DOC_REL + "/officeDocument", "ppt/presentation.xml")])),
                 ("ppt/presentation.xml", pres), ("ppt/_rels/presentation.xml.rels", _rels(pres_rels))] + entries)


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')


def _odf_body(kind, content):
    if kind == "text":
        # a line is a paragraph; a list of rows, a table
        inner = "".join(
            "<text:p>%s</text:p>" % escape(l) if isinstance(l, str) else
            "<table:table>%s</table:table>" % "".join(
                "<table:table-row>%s</table:table-row>" % "".join(
                    "<table:table-cell><text:p>%s</text:p></table:table-cell>" % escape(c)
                    for c in row)
                for row in l)
            for l in content)
    elif kind == "spreadsheet":
        inner = "".join(
            '<table:table table:name="%s">%s</table:table>' % (escape(name), "".join(
                "<table:table-row>%s</table:table-row>" % "".join(
                    "<table:table-cell><text:p>%s</text:p></table:table-cell>" % escape(c) for c in row)
                for row in rows))
            for name, rows in content)
    else:
        inner = "".join(
            '<draw:page draw:name="page%d"><draw:frame svg:x="2cm" svg:y="4cm" svg:width="24cm" svg:height="8cm"><draw:text-box>%s</draw:text-box></draw:frame></draw:page>'
            % (i, "".join("<text:p>%s</text:p>" % escape(l) for l in lines))
            for i, lines in enumerate(content, 1))
    return "<office:body><office:%s>%s</office:%s></office:body>" % (kind, inner, kind)


def _odf_master(header, footer):
    if not header and not footer:
        return ""
    h = "<style:header><text:p>%s</text:p></style:header>" % escape(header) if header else ""
    f = "<style:footer><text:p>%s</text:p></style:footer>" % escape(footer) if footer else ""
    return ('<office:master-styles><style:master-page style:name="Standard">%s%s</style:master-page></office:master-styles>' % (h, f))


def _odf_meta(title, props):
    items = "".join('<meta:user-defined meta:name="%s">%s</meta:user-defined>' % (escape(k), escape(v))
                    for k, v in (props or []))
    t = "<dc:title>%s</dc:title>" % escape(title) if title else ""
    return "<office:meta>%s%s</office:meta>" % (t, items)


def _odf_picture(name, data=None):
    """A picture in a paragraph: in the package's Pictures/, or (a flat
    file) its bytes in base64 inside the frame."""
    frame = ('<text:p><draw:frame draw:name="%s" text:anchor-type="paragraph" svg:width="16cm" '
             'svg:height="10cm" xmlns:xlink="http://www.w3.org/1999/xlink">' % escape(name))
    if data is not None:
        import base64
        return (frame + '<draw:image><office:binary-data>%s</office:binary-data></draw:image>'
                '</draw:frame></text:p>' % base64.encodebytes(data).decode("ascii"))
    return (frame + '<draw:image xlink:href="Pictures/%s" xlink:type="simple" xlink:show="embed" '
            'xlink:actuate="onLoad"/></draw:frame></text:p>' % escape(name))


def odf(kind, content, header=None, footer=None, title=None, props=None, flat=False,
        pictures=()):
    """kind: text (content: lines), spreadsheet ([(name, rows)]) or
    presentation ([lines per page]); pictures (text only): [(file name,
    PNG or JPEG bytes)], each in a paragraph after the content."""
    mime = "application/vnd.oasis.opendocument." + kind
    body = _odf_body(kind, content)
    if pictures:
        body = body.replace("</office:text>", "".join(_odf_picture(n, d if flat else None)
                                                      for n, d in pictures)
                            + "</office:text>")
    if flat:
        return (('<?xml version="1.0" encoding="UTF-8"?><office:document %s office:version="1.3" '
                 'office:mimetype="%s">%s<office:styles/>%s%s</office:document>')
                % (ODF_NS, mime, _odf_meta(title, props), _odf_master(header, footer),
                   body)).encode()
    content_xml = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s office:version="1.3">%s</office:document-content>'
                   % (ODF_NS, body))
    styles = ('<?xml version="1.0" encoding="UTF-8"?><office:document-styles %s office:version="1.3">%s</office:document-styles>'
              % (ODF_NS, _odf_master(header, footer)))
    meta = ('<?xml version="1.0" encoding="UTF-8"?><office:document-meta %s office:version="1.3">%s</office:document-meta>'
            % (ODF_NS, _odf_meta(title, props)))
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="%s"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
                '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>' % mime)
    if pictures:
        manifest = manifest.replace("</manifest:manifest>", "".join(
            '<manifest:file-entry manifest:full-path="Pictures/%s" manifest:media-type="%s"/>'
            % (escape(n), "image/png" if n.endswith(".png") else "image/jpeg") for n, _ in pictures)
            + "</manifest:manifest>")
    return _zip([("content.xml", content_xml), ("styles.xml", styles), ("meta.xml", meta),
                 ("META-INF/manifest.xml", manifest)]
                + [("Pictures/" + n, d) for n, d in pictures], stored_first=("mimetype", mime))


def pdf_bytes(objs, root, info=None):
    """A PDF from object bodies (bytes, object 1 first), `root` the
    catalog's number, `info` the Info dictionary's or None."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objs) + 1, root)
    if info:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def pdf(pages, info=None, size=11):
    """pages: lists of lines, drawn top-down in Helvetica on A4."""
    objs = []

    def add(body):
        objs.append(body)
        return len(objs)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = len(objs) + 1 + 2 * len(pages)  # after the pages and their contents
    kids = []
    for lines in pages:
        ops = [b"BT /F1 %d Tf %d TL 56 790 Td" % (size, size * 14 // 11)]
        for l in lines:
            s = l.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            ops.append(b"(" + s + b") Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)))
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info_id = None
    if info:
        info_id = add(b"<< " + b" ".join(b"/%s (%s)" % (k.encode(), v.encode()) for k, v in info.items()) + b" >>")
    return pdf_bytes(objs, catalog, info_id)


def biff(version, rows, formula_text=None):
    """A bare Excel 2.x, 3.0 or 4.0 worksheet (BIFF2-4: a record stream,
    not a compound file), as Excel 4.0 saved them: rows of cell strings
    (numbers written as numbers); with `formula_text`, one more cell at the
    end holding a formula whose cached result is that string (BIFF3-4)."""
    import struct

    def rec(kind, data):
        return struct.pack("<HH", kind, len(data)) + data

    bof = {2: 0x0009, 3: 0x0209, 4: 0x0409}[version]
    out = rec(bof, struct.pack("<HH", {2: 0x0002, 3: 0x0300, 4: 0x0400}[version], 0x0010)
              + (b"" if version == 2 else struct.pack("<H", 0)))
    out += rec(0x0042, struct.pack("<H", 1252))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if not v:
                continue
            try:
                num = float(v)
            except ValueError:
                num = None
            if version == 2:
                head = struct.pack("<HH", r, c) + b"\0\0\0"
                if num is not None:
                    out += rec(0x0003, head + struct.pack("<d", num))
                else:
                    t = v.encode("cp1252")
                    out += rec(0x0004, head + bytes([len(t)]) + t)
            else:
                head = struct.pack("<HHH", r, c, 0)
                if num is not None:
                    out += rec(0x0203, head + struct.pack("<d", num))
                else:
                    t = v.encode("cp1252")
                    out += rec(0x0204, head + struct.pack("<H", len(t)) + t)
    if formula_text and version >= 3:
        head = struct.pack("<HHH", len(rows), 0, 0)
        result = b"\0" + b"\0" * 5 + b"\xff\xff"
        tokens = b"\x17" + bytes([len(formula_text)]) + formula_text.encode("cp1252")
        kind = 0x0206 if version == 3 else 0x0406
        out += rec(kind, head + result + struct.pack("<H", 0)
                   + (struct.pack("<I", 0) if version == 4 else b"")
                   + struct.pack("<H", len(tokens)) + tokens)
        t = formula_text.encode("cp1252")
        out += rec(0x0207, struct.pack("<H", len(t)) + t)
    out += rec(0x000A, b"")
    return out


def wordperfect(lines, key=0):
    """A WordPerfect 5.1 document (its 16-byte header, then the text, a
    hard return after each line); `key` not 0 marks it password-protected
    as WordPerfect does (the text is then not encrypted here: a reader
    must refuse it for its header alone)."""
    import struct
    body = b"".join(line.encode("cp1252") + b"\x0a" for line in lines)
    return (b"\xffWPC" + struct.pack("<I", 16) + bytes([1, 0x0A, 0, 1])
            + struct.pack("<HH", key, 0) + body)
