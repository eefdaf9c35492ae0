#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A labelled evaluation set for the London policy: documents about
made-up people in every format pmark reads from generated sources (text,
CSV, HTML, mail, docx, xlsx, odt, PDF), each with the level the policy's
semantics give it, worked out here from what was put in — never by asking
the classifier.

The policy's semantics, as pmark.policy(5) and policies/london-lscb.policy
state them:
- an identifier is an NHS number (valid check digit, "NHS" within 40
  characters), a National Insurance number (valid prefix and suffix), a
  UPN (valid check letter, "UPN" or "pupil number" near) or a CHI number
  (with "CHI" near); a name beside "date of birth" and a valid date also
  identifies someone (dob-with-name);
- NOT PROTECTIVELY MARKED: nobody identified (procedures that discuss
  child-protection processes included);
- PROTECT: someone identified;
- RESTRICTED: someone identified, with child-protection case terms;
- CONFIDENTIAL: at least 50 different identifiers (not dates of birth)
  with case terms.

Near misses, labelled NOT PROTECTIVELY MARKED: NHS-shaped numbers with a
wrong check digit beside "NHS", valid NHS-shaped numbers with no NHS
context (order and invoice numbers), phone numbers, professionals'
contact lists, dates without "date of birth".

Usage: generate.py OUTDIR [COUNT] [SEED]; writes OUTDIR/labels.json."""
import json
import os
import random
import sys
from email.message import EmailMessage

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import ids  # noqa: E402
import office  # noqa: E402

FIRST = ["Sam", "Robin", "Alex", "Jordan", "Morgan", "Riley", "Casey", "Jamie", "Taylor",
         "Avery", "Quinn", "Rowan", "Sasha", "Charlie", "Frankie", "Remy"]
LAST = ["Example", "Sample", "Testcase", "Madeup", "Fictional", "Placeholder", "Dummy",
        "Specimen", "Notreal", "Invented"]
CASE_TERMS = ["section 47", "strategy discussion", "child protection plan", "core group",
              "child protection conference", "MARAC", "significant harm",
              "child sexual exploitation", "LADO referral", "initial child protection conference",
              "looked after child", "child criminal exploitation", "care proceedings",
              "public law outline", "emergency protection order", "county lines",
              "return home interview", "Prevent referral"]
FILLER = [
    "The team met on Tuesday to go through the agenda.",
    "Actions from the last meeting were reviewed and closed.",
    "The room is booked for the whole afternoon.",
    "Please bring the updated rota to the next session.",
    "Training on the new recording system starts next month.",
    "The car park will be closed for resurfacing on Friday.",
    "Budget figures for the quarter are attached for information.",
    "Everyone is reminded to complete the mandatory e-learning.",
    "The next review date will be agreed by the manager.",
    "Thank you to everyone who helped with the office move.",
]
PROCEDURE = [
    "This procedure explains when a {t} is needed and who attends.",
    "Practitioners should read the guidance on {t} before the meeting.",
    "A {t} is recorded on the case management system within one working day.",
    "The chapter on {t} was revised after the last inspection.",
    "Managers check that every {t} follows the timescales in this document.",
]
ORDER_WORDS = ["Order number", "Invoice", "Purchase order", "Reference", "Account no"]
PHONE_WORDS = ["Tel", "Phone", "Mobile", "Direct line"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.nhs_pool = ids.nhs_numbers(20000, start=100000)
        self.nhs_bad = ids.nhs_invalid(2000, start=300000)
        self.next_nhs = 0

    def name(self):
        return "%s %s" % (self.r.choice(FIRST), self.r.choice(LAST))

    def nhs(self):
        n = self.nhs_pool[self.next_nhs % len(self.nhs_pool)]
        self.next_nhs += 1
        return n if self.r.random() < 0.7 else n.replace(" ", "")

    def ni(self):
        first = self.r.choice("ABCEGHJKLMNOPRSTWXYZ")
        second = self.r.choice("ABCEGHJKLMNPRSTWXYZ")
        if first + second in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            second = "A"
        digits = "%06d" % self.r.randrange(10**6)
        return "%s%s %s %s %s %s" % (first, second, digits[:2], digits[2:4], digits[4:],
                                     self.r.choice("ABCD"))

    def upn(self):
        # a check letter, then the LA code, school, year and serial: 12 digits
        return ids.upn("".join(self.r.choice("0123456789") for _ in range(12)))

    def date(self):
        return "%02d/%02d/20%02d" % (self.r.randint(1, 28), self.r.randint(1, 12),
                                     self.r.randint(8, 20))

    def identifier_phrase(self, kind=None):
        """(text, counts_as_identifier)"""
        kind = kind or self.r.choice(["nhs", "nhs", "nhs", "ni", "upn", "dob"])
        nm = self.name()
        if kind == "nhs":
            return self.r.choice(["%s, NHS number %s.", "Child: %s (NHS No %s).",
                                  "%s - NHS: %s"]) % (nm, self.nhs()), True
        if kind == "ni":
            return self.r.choice(["Parent: %s, National Insurance number %s.",
                                  "%s (NI %s) attended."]) % (nm, self.ni()), True
        if kind == "upn":
            return self.r.choice(["Pupil: %s, UPN %s.", "%s, unique pupil number %s."]) % (
                nm, self.upn()), True
        return self.r.choice(["Name: %s, date of birth %s.", "%s, DOB %s."]) % (
            nm, self.date()), False

    def near_miss(self, k):
        """One kind per document: an order number beside a line that says
        "NHS" would be within its 40 characters, and so an NHS number."""
        if k == 0:
            return "%s, NHS number %s (check with the practice)." % (
                self.name(), self.r.choice(self.nhs_bad))
        if k == 1:
            return "%s %s received." % (self.r.choice(ORDER_WORDS),
                                        self.nhs_pool[self.r.randrange(len(self.nhs_pool))]
                                        .replace(" ", ""))
        if k == 2:
            return "%s: 0%d%d%d %d%d%d %d%d%d%d" % ((self.r.choice(PHONE_WORDS),) + tuple(
                self.r.randrange(10) for _ in range(10)))
        if k == 3:
            return "Contact %s, social worker, %s 0161 496 %04d, %s@council.example" % (
                self.name(), self.r.choice(PHONE_WORDS), self.r.randrange(10000),
                self.r.choice(FIRST).lower())
        return "%s attended the meeting on %s." % (self.name(), self.date())

    def filler(self, n):
        return [self.r.choice(FILLER) for _ in range(n)]

    def procedure(self, n):
        return [self.r.choice(PROCEDURE).format(t=self.r.choice(CASE_TERMS)) for _ in range(n)]

    def case_line(self):
        return self.r.choice([
            "A %s was held and the plan was agreed.",
            "Concerns were discussed at the %s.",
            "The %s will review progress in six weeks.",
            "Outcome of the %s: further work agreed.",
        ]) % self.r.choice(CASE_TERMS)

    # ---- documents: (level, lines or table) --------------------------------
    def document(self, label):
        lines = self.filler(self.r.randint(1, 4))
        if label == "NOT PROTECTIVELY MARKED":
            kind = self.r.randrange(3)
            if kind == 0:
                lines += self.procedure(self.r.randint(2, 6))
            elif kind == 1:
                k = self.r.randrange(5)
                lines += [self.near_miss(k) for _ in range(self.r.randint(1, 5))]
                if self.r.random() < 0.5:
                    lines += self.procedure(2)
            self.r.shuffle(lines)
            return {"lines": lines}
        if label == "PROTECT":
            lines += [self.identifier_phrase()[0] for _ in range(self.r.randint(1, 3))]
            self.r.shuffle(lines)
            return {"lines": lines}
        if label == "RESTRICTED":
            if self.r.random() < 0.3:
                # a list of 10 to 40 children under a case term: many, not 50
                return self.table(self.r.randint(10, 40))
            lines += [self.identifier_phrase()[0] for _ in range(self.r.randint(1, 3))]
            lines += [self.case_line() for _ in range(self.r.randint(1, 3))]
            self.r.shuffle(lines)
            return {"lines": lines}
        return self.table(self.r.randint(50, 90))

    def table(self, n):
        header = self.r.choice([["Name", "NHS number", "Plan"],
                                ["Child", "NHS No", "Status", "Review"],
                                ["Surname", "First name", "NHS number", "Category"]])
        rows = [header]
        for _ in range(n):
            row = []
            for h in header:
                if "NHS" in h:
                    row.append(self.nhs_pool[self.next_nhs % len(self.nhs_pool)])
                    self.next_nhs += 1
                elif h in ("Name", "Child"):
                    row.append(self.name())
                elif h == "Surname":
                    row.append(self.r.choice(LAST))
                elif h == "First name":
                    row.append(self.r.choice(FIRST))
                elif h == "Review":
                    row.append(self.date())
                else:
                    row.append(self.r.choice(["child protection plan", "child in need",
                                              "looked after child"]))
            rows.append(row)
        return {"title": "Caseload for the %s" % self.r.choice(["core group", "MARAC",
                                                                 "strategy discussion"]),
                "rows": rows}


def write(path, fmt, doc):
    lines = doc.get("lines")
    rows = doc.get("rows")
    title = doc.get("title", "")
    if fmt == "txt":
        text = "\n".join(lines) if lines else title + "\n" + "\n".join(
            " | ".join(r) for r in rows)
        data = (text + "\n").encode()
    elif fmt == "csv":
        if lines:
            data = ("\n".join(lines) + "\n").encode()
        else:
            import csv
            import io
            buf = io.StringIO()
            w = csv.writer(buf)
            w.writerow([title])
            w.writerows(rows)
            data = buf.getvalue().encode()
    elif fmt == "html":
        import html as h
        if lines:
            body = "".join("<p>%s</p>" % h.escape(l) for l in lines)
        else:
            body = "<h1>%s</h1><table>%s</table>" % (h.escape(title), "".join(
                "<tr>%s</tr>" % "".join("<td>%s</td>" % h.escape(c) for c in r) for r in rows))
        data = ("<html><head><title>Notes</title></head><body>%s</body></html>" % body).encode()
    elif fmt == "eml":
        m = EmailMessage()
        m["From"] = "worker@council.example"
        m["To"] = "team@council.example"
        m["Subject"] = "Notes"
        m["Date"] = "Tue, 24 Nov 2026 10:00:00 +0000"
        m.set_content("\n".join(lines) if lines else title + "\n" + "\n".join(
            ", ".join(r) for r in rows))
        data = m.as_bytes()
    elif fmt == "docx":
        data = office.docx(lines) if lines else office.docx([title], tables=[rows])
    elif fmt == "odt":
        data = office.odf("text", lines) if lines else office.odf("text", [title, rows])
    elif fmt == "xlsx":
        data = office.xlsx([("Sheet1", [[l] for l in lines])]) if lines else \
            office.xlsx([("Caseload", [[title]] + rows)])
    elif fmt == "pdf":
        # latin-1 text only in this simple writer
        data = office.pdf([lines]) if lines else office.pdf(
            [[title] + ["  ".join(r) for r in rows[i:i + 40]]
             for i in range(0, len(rows), 40)])
    else:
        raise ValueError(fmt)
    with open(path, "wb") as f:
        f.write(data)


# The table formats show a list as a table with a header row; the others
# as lines ("Name | NHS number | Plan" then the rows): the NHS context then
# comes from the header only in a table, so lists go to table formats.
LINE_FORMATS = ["txt", "html", "eml", "docx", "odt", "pdf", "xlsx", "csv"]
TABLE_FORMATS = ["csv", "html", "docx", "odt", "xlsx"]
LABELS = ["NOT PROTECTIVELY MARKED"] * 40 + ["PROTECT"] * 22 + ["RESTRICTED"] * 24 + \
    ["CONFIDENTIAL"] * 14


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 2026
    os.makedirs(out, exist_ok=True)
    g = Gen(seed)
    labels = {}
    for i in range(count):
        label = g.r.choice(LABELS)
        doc = g.document(label)
        fmt = g.r.choice(TABLE_FORMATS if "rows" in doc else LINE_FORMATS)
        name = "doc%04d.%s" % (i, fmt)
        write(os.path.join(out, name), fmt, doc)
        labels[name] = label
    with open(os.path.join(out, "labels.json"), "w") as f:
        json.dump(labels, f, indent=0)


if __name__ == "__main__":
    main()
