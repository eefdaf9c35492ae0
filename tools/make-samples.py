#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes the documents in samples/. Everyone in them is made up; NHS
numbers come from the never-issued 999 range. The expected results beside
each sample (*.expected.json) are written by hand, not by this script."""
import io
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
import ids  # noqa: E402
import office  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "samples")
# Files that must end in an error go to the golden test's own data.
TESTDATA = os.path.join(HERE, "..", "tests", "golden", "data")


def write(name, data, where=OUT):
    with open(os.path.join(where, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


nhs = ids.nhs_numbers(80)
bad = ids.nhs_invalid(5)

write("board-report.txt", """\
Safeguarding Children Partnership - Quarterly Board Report

Attendees: Dr Ann Example (Designated Doctor, ann.example@nhs.example),
Sam Placeholder (Head of Service, sam.placeholder@council.example).

1. Section 47 enquiries rose by 8% this quarter; strategy discussions were
   held within the statutory timescale in 94% of cases.
2. The serious case review on neglect is published; its learning on core
   group attendance and child protection conferences goes to all agencies.
3. Training on child sexual exploitation and FGM continues in the spring.

No individual child is identified in this report.
""")

write("pupil-record.txt", """\
Pupil record - transfer between schools

Name: Jamie Testcase
Unique Pupil Number (UPN): %s
Year group: 5
Previous school: Example Primary School
""" % ids.upn("801200005001"))

write("case-note.txt", """\
Case note - children's social care

Child: Riley Sample
NHS number: %s

Following the referral a strategy discussion was held with police and
health. A Section 47 enquiry is under way; an initial child protection
conference will be convened within 15 working days.
""" % nhs[0])

rows = ["name,nhs_number,plan"]
for i, n in enumerate(nhs[:60]):
    rows.append("Child %02d Example,NHS %s,child protection plan" % (i + 1, n))
write("caseload-extract.csv", "\n".join(rows) + "\n")

write("marked-confidential.txt", """\
CONFIDENTIAL

Minutes of the partnership budget meeting. Figures to follow.

CONFIDENTIAL
""")

write("gsc-marked.txt", """\
OFFICIAL-SENSITIVE

Draft protocol for information sharing between partner agencies.

OFFICIAL-SENSITIVE
""")

write("letter-utf16.txt", b"\xff\xfe" + (
    "Letter to Ms Alex Example\r\n\r\n"
    "Your National Insurance number AB 12 34 56 C has been recorded for the "
    "foster carer allowance.\r\n").encode("utf-16-le"))

write("referral-cp1252.txt", (
    "Referral \u2013 \u201cMASH\u201d\r\n\r\n"
    "Name: Jordan Madeup, date of birth 14/02/2016.\r\n"
    "Concerns about sexual exploitation were raised by the school; a "
    "strategy meeting is requested.\r\n").encode("cp1252"))

write("not-a-pdf.pdf", "This file is plain text that only pretends to be a PDF.\n")

write("numbers-without-meaning.txt", """\
Stock reconciliation

Order references: %s, %s, %s
Telephone: 0999 123 4567
Batch %s (NHS stock code, check digit wrong)
Reference %s
""" % (bad[0], bad[1], bad[2], bad[3], nhs[70]))

# A minimal but valid WordprocessingML package: detected from its
# [Content_Types].xml whatever its name says.
def entry(name):
    """Fixed timestamps, so that regenerating changes no bytes."""
    return zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))


buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(entry("[Content_Types].xml"),
               '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
               '</Types>')
    z.writestr(entry("_rels/.rels"),
               '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
               '</Relationships>')
    z.writestr(entry("word/document.xml"),
               '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
               '<w:body><w:p><w:r><w:t>Team meeting notes.</w:t></w:r></w:p></w:body></w:document>')
write("meeting-notes.docx", buf.getvalue())

# Not text, not a document: a 1x1 PNG.
write("logo.png", bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"), TESTDATA)

# One document of each format, each exercising what its format has that
# plain text does not: headers, footnotes, sheets, slides, notes, metadata.
write("strategy-minutes.docx", office.docx(
    ["Strategy discussion - minutes",
     "Child: Riley Sample, NHS number %s" % nhs[2],
     "Agencies present: police, health, school."],
    header="RESTRICTED",
    footer="Page 1",
    footnote="A Section 47 enquiry was opened on the same day.",
    comment="Check the chronology with the school.",
    textbox="Next review in four weeks."))

write("caseload.xlsx", office.xlsx(
    [("Summary", [["Caseload extract", "!generated for the core group"]]),
     ("Caseload", [["Name", "NHS number", "Plan"]]
      + [["Child %02d Example" % i, "NHS %s" % n, "=child protection plan"]
         for i, n in enumerate(nhs[10:65], 1)])],
    header="OFFICIAL-SENSITIVE"))

write("training.pptx", office.pptx(
    [(["Safeguarding training", "Recognising abuse and neglect"], None),
     (["When to make a Section 47 referral", "Strategy discussions: who attends"],
      "Presenter: Dr Ann Example, ann.example@nhs.example")]))

write("pupil-letter.odt", office.odf(
    "text",
    ["Dear parent,", "Your child's Unique Pupil Number is %s." % ids.upn("801200005002"),
     "Please keep this letter safe."],
    header="PROTECT - PERSONAL", footer="Example Primary School",
    title="Pupil letter", props=[("pmark-marking", "PROTECT - PERSONAL")]))

write("attendance.ods", office.odf(
    "spreadsheet",
    [("Register", [["Name", "Date of birth"], ["Morgan Madeup", "born 02/09/2015"]]),
     ("Notes", [["No concerns this term."]])]))

write("briefing.odp", office.odf(
    "presentation",
    [["CONFIDENTIAL", "Partnership budget briefing"], ["Figures to follow", "CONFIDENTIAL"]]))

write("referral.fodt", office.odf(
    "text",
    ["Referral to MARAC", "Subject: Jamie Placeholder, NI number JG 10 37 59 A",
     "Risk assessment attached."], flat=True))

write("case-summary.pdf", office.pdf(
    [["RESTRICTED", "Case summary", "Prepared for the core group.", "", "RESTRICTED"],
     ["RESTRICTED", "Child: Alex Testcase, NHS number %s" % nhs[3],
      "Outcome of the strategy discussion: Section 47 enquiry to continue.", "RESTRICTED"]],
    info={"Title": "Case summary"}))

# A scanned referral: the text printed and scanned (image-only PDF, no text
# layer), and one page of it as a phone photo would arrive (JPEG). Needs
# pdftoppm and ImageMagick.
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402

import scans  # noqa: E402

if shutil.which("pdftoppm") and shutil.which("convert"):
    with tempfile.TemporaryDirectory() as tmp:
        text = os.path.join(tmp, "referral.pdf")
        scans.text_pdf(text, [[
            "Referral - children's social care", "",
            "Child: Casey Madeup", "NHS number: %s" % nhs[7], "",
            "Concerns raised by the school nurse. A strategy discussion is",
            "arranged for Monday; a Section 47 enquiry is likely.", "",
            "Referrer: Jo Example, school nurse"]])
        pdf, jpegs = scans.scan_set(text, os.path.join(tmp, "s"), 150, rotate=0,
                                    quality=60)
        shutil.copy(pdf, os.path.join(OUT, "scanned-referral.pdf"))
        shutil.copy(jpegs[0], os.path.join(OUT, "referral-photo.jpg"))
else:
    print("pdftoppm or ImageMagick missing: scanned samples not written", file=sys.stderr)

# The formats people hold from before 2007: the OOXML samples saved by
# LibreOffice as Word/Excel/PowerPoint 97-2003, an RTF referral written
# here, and an Outlook message (written by tests/tools/mkmsg, built with
# pmark: PMARK_MKMSG or build/tests/mkmsg).
write("referral.rtf", r"""{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman Times New Roman;}}
{\info{\title Referral}{\subject RESTRICTED}}
{\header \pard\qc RESTRICTED\par}{\footer \pard\qc RESTRICTED\par}
\pard\b Referral to children's social care\b0\par
\pard Child: Drew Madeup, NHS number %s\par
\pard The health visitor is worried about bruising seen at the home visit; a strategy 
discussion is requested.{\super\chftn}{\footnote\pard{\super\chftn} Seen on Tuesday with the parent present.\par}\par
\pard Referrer: Jo Example, health visitor\par
}""" % nhs[8])

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if SOFFICE:
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, name in (("doc:MS Word 97", "strategy-minutes.docx"),
                          ("xls:MS Excel 97", "caseload.xlsx"),
                          ("ppt:MS PowerPoint 97", "training.pptx")):
            subprocess.run([SOFFICE, "--headless", "--norestore", "--convert-to", fmt,
                            "--outdir", OUT, os.path.join(OUT, name)],
                           env=dict(os.environ, HOME=tmp), capture_output=True, check=True)
else:
    print("LibreOffice missing: .doc/.xls/.ppt samples not written", file=sys.stderr)

MKMSG = os.environ.get("PMARK_MKMSG") or os.path.join(HERE, "..", "build", "tests", "mkmsg")
if os.path.exists(MKMSG):
    subprocess.run([MKMSG, os.path.join(OUT, "referral-outlook.msg"),
                    "--subject", "[RESTRICTED] Referral: Drew Madeup",
                    "--body", "Please find the case note attached.\r\nJo Example",
                    "--from", "Jo Example", "--to", "Duty Team:duty@council.example",
                    "--attach", "case-note.txt=" + os.path.join(OUT, "case-note.txt")],
                   check=True)
else:
    print("%s missing (build pmark first): .msg sample not written" % MKMSG, file=sys.stderr)

# A signed marking (pmark-verify(1)): strategy-minutes.docx marked by pmark
# and signed with a key made for it and thrown away (its public half is in
# the signature); a new one each time this runs.
PMARK = os.environ.get("PMARK") or os.path.join(HERE, "..", "build", "src", "pmark", "pmark")
if os.path.exists(PMARK):
    with tempfile.TemporaryDirectory() as tmp:
        key = os.path.join(tmp, "sample.key")
        subprocess.run([PMARK, "keygen", "--sign", "--signer",
                        "A. Officer, Example Borough (sample key)", "-o", key],
                       capture_output=True, check=True)
        signed = os.path.join(OUT, "signed-minutes.docx")
        if os.path.exists(signed):
            os.unlink(signed)
        subprocess.run([PMARK, "mark", "--auto", "--sign", key, "--log", os.devnull,
                        "-o", signed, os.path.join(OUT, "strategy-minutes.docx")],
                       capture_output=True, check=True)
else:
    print("%s missing (build pmark first): signed sample not written" % PMARK, file=sys.stderr)
