# SPDX-License-Identifier: LGPL-2.1-or-later
"""More lists with case content: a whole school's safeguarding log, a
child protection register extract or conference schedule, a missing
episodes tracker. With 50 or more identifiable people they are
CONFIDENTIAL by the rules; shorter ones RESTRICTED."""
import datetime

import pools
from bcommon import CSC_ROLES, council, csc_org, date_text
from casetext import concern, fill, recent, term_date
from gencore import fmt_date, school_year, year_label
from b_lists import _group, TABLE_FORMATS

CAT_NAMES = {"physical": "Physical abuse", "neglect": "Neglect", "domestic-abuse": "Domestic abuse", "sexual": "Sexual abuse",
             "exploitation": "Exploitation", "emotional": "Emotional wellbeing", "substance": "Parental substance misuse",
             "hba-fgm": "HBA/FGM"}


def b_school_log(d, n=None, upn=None):
    """A whole school's safeguarding log export: n distinct pupils."""
    d.agency = "school"
    d.genre = "school safeguarding log export"
    n = n or d.r.randint(50, 75)
    secondary = d.r.random() < 0.6
    school = d.r.choice(pools.SCHOOL_NAMES_SECONDARY if secondary else pools.SCHOOL_NAMES_PRIMARY)
    upn = d.r.random() < 0.25 if upn is None else upn
    staff = [d.prof(r, school, None, formal=True, phone=False) for r in ("DSL", "Deputy DSL", "Head of Year", "Pastoral Lead")]
    header = ["Date", "Pupil"] + (["UPN"] if upn else []) + ["Year", "Category", "Summary", "Status", "Staff"]
    rows = [header]
    pupils = []
    for _ in range(n):
        p = d.w.person(years=d.r.randint(11, 16) if secondary else d.r.randint(5, 10))
        pupils.append(p)
    entries = pupils + d.r.sample(pupils, d.r.randint(0, n // 3))
    ts = sorted(term_date(d.r, d.date, 120) for _ in entries)
    d.r.shuffle(entries)
    for t, p in zip(ts, entries):
        cat, (tmpl, terms) = concern(d.r, age=d.age_years(p))
        d.term(*terms)
        y = school_year(p.dob, d.date)
        text = fill(tmpl, d.r, c=p.first, p=p, ref=d.date)
        if len(text) > 90 and d.r.random() < 0.5:
            text = text[:text.index(".") + 1] if "." in text[:-1] else text
        rows.append([fmt_date(t, "dmy"), p.full] + ([d.gen_upn()] if upn else []) +
                    [year_label(y, d.r.choice(["full", "Y"])), CAT_NAMES[cat], text,
                     d.r.choice(["Open", "Closed", "Referred to MASH", "Monitoring", "EH referral"]), d.r.choice(staff).formal()])
    cues = {"school"} | ({"identifier"} if upn else set())
    _group(d, "pupils (%d distinct)" % n, "child", "full", cues, n)
    d.title = d.r.choice(["%s - safeguarding log export %s" % (school, fmt_date(d.date, "dmy")), "CPOMS - all incidents this term",
                          "MyConcern report: open and closed concerns"])
    d.table(rows)
    d.table_doc = True
    d.formats = TABLE_FORMATS
    d.why = "%d distinct pupils named with year group%s in a safeguarding log" % (n, " and UPN" if upn else "")


def b_cp_register(d, n=None):
    cname, dom = council(d)
    d.agency = "children's social care"
    d.genre = d.r.choice(["CP register extract", "conference schedule", "RCPC schedule"])
    n = n or d.r.randint(50, 90)
    chairs = [d.prof("Child Protection Chair", csc_org(d, cname), dom, phone=False) for _ in range(d.r.randint(2, 4))]
    sws = [d.prof("Social Worker", csc_org(d, cname), dom, phone=False) for _ in range(d.r.randint(5, 9))]
    header = ["Child", d.r.choice(["DOB", "Date of birth"]), "Category", "Plan start", "Conference", "Chair", "SW"]
    rows = [header]
    kids = []
    fams = []
    while len(kids) < n:
        m, dd, ks = d.w.family()
        for k in ks[:n - len(kids)]:
            kids.append(k)
    for k in kids:
        rows.append([k.full, fmt_date(k.dob, "dmy"), d.r.choice(["Neglect", "Emotional", "Physical", "Sexual", "Multiple"]),
                     fmt_date(d.date - datetime.timedelta(days=d.r.randint(20, 600)), "dmy"),
                     "%s %s" % (d.r.choice(["RCPC", "ICPC"]), fmt_date(d.date + datetime.timedelta(days=d.r.randint(1, 60)), "dmy")),
                     d.r.choice(chairs).name, d.r.choice(sws).name])
    _group(d, "children on the list", "child", "full", {"dob"}, n)
    d.term("child protection plan", "RCPC", "ICPC", "neglect")
    d.title = d.r.choice(["Children subject to a child protection plan - %s" % fmt_date(d.date, "mon"),
                          "Conference schedule %s" % fmt_date(d.date, "mon"), ""])
    d.table(rows)
    d.table_doc = True
    d.formats = TABLE_FORMATS
    d.why = "%d children named with DOB on CP plans" % n


def b_missing_tracker(d, n=None):
    cname, dom = council(d)
    d.agency = d.r.choice(["children's social care", "police"])
    d.genre = d.r.choice(["missing episodes tracker", "MACE tracker"])
    n = n or d.r.randint(50, 80)
    header = ["Name", "Age", "School", "Episodes (90 days)", "Last missing", "RHI", "Exploitation risk", "Notes"]
    if d.r.random() < 0.4:
        header = ["YP", "Age", "Episodes", "Last missing", "RHI offered/done", "Risk", "Flags"]
    rows = [header]
    for _ in range(n):
        p = d.w.person(years=d.r.randint(11, 17))
        row = [p.full, str(d.age_years(p))]
        if header[2] == "School":
            row.append(d.r.choice(pools.SCHOOL_NAMES_SECONDARY + ["NEET", "Alternative provision"]))
        row += [str(d.r.randint(1, 14)), fmt_date(recent(d.r, d.date, 60), "dmy"), d.r.choice(["Y/Y", "Y/N", "declined", "Y"]),
                d.r.choice(["High", "Medium", "Low", "Significant"]),
                d.r.choice(["County lines", "CSE concerns", "Found OOB", "Older associates", "NRM submitted", "Knife crime", "-"])]
        rows.append(row)
    cues = {"age"} | ({"school"} if "School" in header else set())
    _group(d, "young people", "child", "full", cues, n)
    d.term("missing episode", "return home interview", "county lines", "CSE", "NRM")
    d.title = d.r.choice(["Missing children tracker %s" % fmt_date(d.date, "mon"), "MACE - young people of concern", ""])
    d.table(rows)
    d.table_doc = True
    d.formats = TABLE_FORMATS
    d.why = "%d young people named with ages and missing/exploitation flags" % n
