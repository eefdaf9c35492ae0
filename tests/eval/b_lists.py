# SPDX-License-Identifier: LGPL-2.1-or-later
"""Builders of lists: caseloads and MARAC lists (many identifiable people
with case content), class and trip lists (many people, no case content)."""
import datetime

import pools
from bcommon import CSC_ROLES, council, csc_org, assign_school, date_text
from casetext import recent, short_date
from gencore import fmt_date, school_year, year_label

TABLE_FORMATS = ["xlsx", "csv", "ods", "html", "pdf", "eml", "docx"]
STATUSES = [("CP", "Child protection plan"), ("CIN", "Child in need"), ("LAC", "Looked after"),
            ("CP", "CP plan"), ("CIN", "CIN plan"), ("CPP", "CP plan")]
CATEGORIES = ["Neglect", "Emotional abuse", "Physical abuse", "Sexual abuse", "Multiple"]


def _people(d, n, years=(0, 17)):
    out = []
    for _ in range(n):
        out.append(d.w.person(years=d.r.randint(*years)))
    return out


def _group(d, rows_desc, role, named, cues, count):
    d.group(rows_desc, role, named, sorted(cues, key=["identifier", "address", "dob", "age", "school",
                                                      "relationship", "case-subject"].index), count)


def b_caseload(d, n=None):
    """A team's caseload spreadsheet: children named with DOB or age and
    address or postcode, their plan and category."""
    cname, dom = council(d)
    d.agency = "children's social care"
    d.genre = d.r.choice(["caseload spreadsheet", "team allocation list", "CP/CIN tracker"])
    n = n or d.r.randint(50, 120)
    kids = _people(d, n)
    sws = [d.prof(d.r.choice(CSC_ROLES), csc_org(d, cname), dom, phone=False) for _ in range(d.r.randint(4, 8))]
    age_col = d.r.random() < 0.35
    addr_col = d.r.choice(["Postcode", "Address", None, "Postcode"])
    nhs_col = d.r.random() < 0.12
    numbered = d.r.random() < 0.3
    header = (["No."] if numbered else []) + ["Child", "Age" if age_col else d.r.choice(["DOB", "D.O.B", "Date of birth"])]
    if addr_col:
        header.append(addr_col)
    if nhs_col:
        header.append("NHS No")
    header += ["Status", "Category", "Allocated SW", d.r.choice(["Next review", "Next visit due", "RCPC date"])]
    rows = [header]
    for i, k in enumerate(kids, 1):
        k.addr = d.w.address()
        row = ([str(i)] if numbered else []) + [k.full if d.r.random() < 0.85 else "%s, %s" % (k.last.upper(), k.first)]
        y = d.age_years(k)
        row.append(str(y) if age_col else fmt_date(k.dob, "dmy"))
        if addr_col == "Postcode":
            row.append(k.addr.postcode)
        elif addr_col:
            row.append(k.addr.oneline())
        if nhs_col:
            row.append(d.gen_nhs())
        st = d.r.choice(STATUSES)
        row += [st[d.r.randint(0, 1)], d.r.choice(CATEGORIES) if st[0].startswith("CP") else d.r.choice(["", "-", "n/a"]),
                d.r.choice(sws).name, fmt_date(d.date + datetime.timedelta(days=d.r.randint(3, 90)), "dmy")]
        rows.append(row)
    cues = {"age" if age_col else "dob"}
    if addr_col:
        cues.add("address")
    if nhs_col:
        cues.add("identifier")
    _group(d, "rows 2-%d (children)" % (n + 1), "child", "full", cues, n)
    d.term("child protection plan", "child in need", "neglect")
    d.title = d.r.choice(["%s - caseload %s" % (d.r.choice(["Team 3", "Assessment Team B", "CP & Court Team",
                                                             "Children in Need Team 2", "Safeguarding Team East"]),
                                                 date_text(d, style="mon")),
                          "Allocations", "", "Open cases by worker"])
    d.table(rows)
    d.table_doc = True
    d.formats = TABLE_FORMATS
    d.why = "%d children named with %s and %s on a CP/CIN caseload" % (
        n, "age" if age_col else "DOB", (addr_col or "no address").lower())


def b_marac(d, n_cases=None, min_people=50):
    """A MARAC meeting list: victims with DOB and address, perpetrators
    with their relationship, children with ages; risk summaries."""
    d.agency = d.r.choice(["police", "voluntary sector", "children's social care"])
    d.genre = "MARAC list"
    n_cases = n_cases or d.r.randint(15, 30)
    header = ["Case", "Victim", "DOB", "Address", "Perpetrator", "Relationship", "Children", "Referrer", "Risk summary"]
    if d.r.random() < 0.4:
        header = ["Ref", "Victim name", "D.O.B", "Address", "Alleged perpetrator", "Rel. to victim", "Children in household",
                  "Referring agency", "Summary"]
    rows = [header]
    counts = {"victim": 0, "perp": 0, "kids_age": 0}
    summaries = [
        "Strangulation, threats to kill; DASH %d", "Repeat incident (4th in 12 months), stalking; DASH %d",
        "Assault while pregnant, coercive control; DASH %d", "Threats with a knife, children present; DASH %d",
        "Breach of non-molestation order; DASH %d", "Sexual assault by partner, isolation from family; DASH %d",
        "Honour-based abuse threats from in-laws; DASH %d", "Financial abuse, damage to property, jealousy; DASH %d"]
    refs = ["Police", "IDVA", "Health visitor", "Housing", "CSC", "GP", "ED", "Probation", "Refuge outreach"]
    i = 0
    while True:
        i += 1
        v = d.w.person("f" if d.r.random() < 0.9 else "m", adult=True)
        v.addr = d.w.address()
        p = d.w.person("m" if v.gender == "f" else "f", adult=True)
        nk = d.r.choice([0, 1, 1, 2, 2, 3])
        kid_txt = []
        for _ in range(nk):
            k = d.w.person(years=d.r.randint(0, 15), community=v.community)
            kid_txt.append("%s (%d)" % (k.first, d.age_years(k)))
            counts["kids_age"] += 1
        rel = d.r.choice(["ex-partner", "partner", "husband", "ex-husband", "son", "brother-in-law", "boyfriend"]
                         if p.gender == "m" else ["ex-partner", "partner", "wife", "daughter", "girlfriend"])
        rows.append(["M%03d" % i, v.full, fmt_date(v.dob, "dmy"), v.addr.oneline(), p.full, rel,
                     ", ".join(kid_txt) if kid_txt else "none", d.r.choice(refs),
                     d.r.choice(summaries) % d.r.randint(14, 24)])
        counts["victim"] += 1
        counts["perp"] += 1
        total = sum(counts.values())
        if i >= n_cases and (total >= min_people or min_people == 0):
            break
        if min_people == 0 and i >= n_cases:
            break
    _group(d, "victims", "other-private", "full", {"dob", "address"}, counts["victim"])
    _group(d, "perpetrators", "partner", "full", {"relationship"}, counts["perp"])
    if counts["kids_age"]:
        _group(d, "children", "child", "first", {"age"}, counts["kids_age"])
    d.term("MARAC", "DASH", "domestic abuse")
    d.title = d.r.choice(["MARAC %s - case list" % date_text(d, style="dmy"),
                          "Multi-Agency Risk Assessment Conference - cases for %s" % date_text(d, style="long"),
                          "MARAC agenda"])
    d.table(rows)
    d.table_doc = True
    d.formats = TABLE_FORMATS
    d.why = "MARAC list of %d cases: %d victims (DOB, address), %d perpetrators (relationship), %d children (ages)" % (
        i, counts["victim"], counts["perp"], counts["kids_age"])


def b_class_list(d, n=None, kind=None):
    """A class list or trip consent list: pupils with year group or class;
    medical notes, no case content."""
    d.agency = "school"
    kind = kind or d.r.choice(["class", "trip", "club", "swimming"])
    secondary = d.r.random() < 0.4
    school = d.r.choice(pools.SCHOOL_NAMES_SECONDARY if secondary else pools.SCHOOL_NAMES_PRIMARY)
    yg = d.r.randint(7, 11) if secondary else d.r.randint(1, 6)
    n = n or d.r.choice([d.r.randint(18, 32), d.r.randint(40, 90)])
    teachers = [d.prof(r, school, None, formal=True, phone=False) for r in ("Class Teacher", "Teaching Assistant")]
    header = {"class": ["Surname", "Forename", "Class", "DOB", "Medical / dietary"],
              "trip": ["Pupil", "Class", "Consent", "Paid", "Medical"],
              "club": ["Name", "Year", "Club", "Collected by"],
              "swimming": ["Pupil", "Year", "Group", "Notes"]}[kind]
    with_dob = kind == "class" and d.r.random() < 0.6
    if kind == "class" and not with_dob:
        header = ["Surname", "Forename", "Class", "Medical / dietary"]
    rows = [header]
    classes = ["%d%s" % (yg, c) for c in d.r.sample("ABCDEFGHNRSW", 3)] if n > 35 else ["%d%s" % (yg, d.r.choice("ABCDEFGHNRSW"))]
    ylabel = d.r.choice(["Year %d" % yg, "Y%d" % yg])
    med = ["", "", "", "", "Asthma - inhaler in bag", "Nut allergy (EpiPen)", "Vegetarian", "Halal", "Eczema cream",
           "Wears glasses", "Coeliac", "Type 1 diabetes - see care plan"]
    for _ in range(n):
        p = d.w.person(years=yg + 4 + (1 if d.r.random() < 0.6 else 0))
        cls = d.r.choice(classes)
        if kind == "class":
            row = [p.last, p.first, cls] + ([fmt_date(p.dob, "dmy")] if with_dob else []) + [d.r.choice(med)]
        elif kind == "trip":
            row = [p.full, cls, d.r.choice(["Y", "Y", "Y", "N", "awaiting"]), d.r.choice(["£12.50", "£12.50", "0", "PP"]),
                   d.r.choice(med)]
        elif kind == "club":
            row = [p.full, ylabel, d.r.choice(["Football", "Coding", "Choir", "Netball", "Art"]),
                   d.r.choice(["Parent", "Walks home", "After-school club", "Grandparent"])]
        else:
            row = [p.full, ylabel, d.r.choice(["Dolphins", "Sharks", "Stage 1", "Stage 2"]), d.r.choice(med)]
        rows.append(row)
    cues = {"school"} | ({"dob"} if with_dob else set())
    _group(d, "pupils", "child", "full", cues, n)
    d.title = {"class": "%s - class list %s" % (school, ylabel), "trip": "%s trip - consent list" % ylabel,
               "club": "After-school clubs - spring term", "swimming": "Swimming groups %s" % ylabel}[kind]
    if d.r.random() < 0.5:
        d.add("Staff: %s (%s), %s (%s)" % (teachers[0].formal(), teachers[0].role, teachers[1].formal(), teachers[1].role))
    d.table(rows)
    d.table_doc = True
    d.genre = {"class": "class list", "trip": "school trip consent list", "club": "club list", "swimming": "swimming list"}[kind]
    d.formats = TABLE_FORMATS
    d.why = "%d pupils named with class/year group%s; no case content" % (n, " and DOB" if with_dob else "")
