# SPDX-License-Identifier: LGPL-2.1-or-later
"""Helpers shared by the evaluation set's document builders."""
import datetime

import pools
from casetext import fill, concern, action, short_date, recent
from gencore import fmt_date, school_year, slug, DATE_STYLES

CSC_ROLES = ["Social Worker", "Senior Social Worker", "Advanced Practitioner", "Team Manager",
             "Practice Manager", "Duty Social Worker", "Family Support Worker", "Assistant Team Manager"]
SCHOOL_ROLES = ["Designated Safeguarding Lead", "Deputy DSL", "Headteacher", "Class Teacher",
                "SENCo", "Pastoral Lead", "Attendance Officer", "Assistant Head (Inclusion)"]
HEALTH_ROLES = ["Health Visitor", "School Nurse", "Named Nurse for Safeguarding Children",
                "Paediatric Liaison Nurse", "Safeguarding Midwife", "Community Staff Nurse"]


def council(d):
    return d.r.choice(pools.COUNCILS)


def csc_org(d, cname):
    return d.r.choice(["%s Children's Social Care", "London Borough of %s - Children's Services",
                       "%s MASH", "%s Children and Families Service", "%s Children's Services"]) % cname


def school_domain(d, school, cname=None):
    base = slug(school.replace("School", "").replace("Primary", "pri").replace("Academy", "acad"))[:18]
    if cname and d.r.random() < 0.5:
        return "%s.%s.sch.uk" % (base, slug(cname)[:10])
    return "%s.sch.uk" % base


def assign_school(d, p, secondary=None):
    y = school_year(p.dob, d.date)
    if y < -1:
        p.school = None
    elif y <= 6:
        p.school = d.r.choice(pools.SCHOOL_NAMES_PRIMARY)
    elif y <= 13:
        p.school = d.r.choice(pools.SCHOOL_NAMES_SECONDARY)
    return p.school


def date_text(d, dt=None, style=None):
    return fmt_date(dt or d.date, style or d.r.choice(["dmy", "long", "ordinal", "dmy", "short-mon"]))


def dt_of(d, hour=None):
    h = hour if hour is not None else d.r.randint(8, 17)
    return datetime.datetime(d.date.year, d.date.month, d.date.day, h, d.r.randint(0, 59),
                             d.r.randint(0, 59), tzinfo=datetime.timezone.utc)


def mum_intro(d, mum, kid=None, style=None):
    """The mother named with her relationship: records the cue."""
    d.rel(mum)
    style = style or d.r.choice(["Mother:", "mum", "(mother)", "mum's name", "Mum:"])
    if style == "Mother:":
        return "Mother: %s" % d.full(mum)
    if style == "Mum:":
        return "Mum: %s" % d.full(mum)
    if style == "mum":
        return "mum %s" % d.first(mum)
    if style == "(mother)":
        return "%s (mother)" % d.full(mum)
    return "%s's mum %s" % (d.first(kid), d.full(mum)) if kid else "mum %s" % d.full(mum)


def partner_intro(d, partner, style=None):
    d.rel(partner)
    style = style or d.r.choice(["mum's partner", "mum's boyfriend", "stepdad", "Partner:"])
    if style == "Partner:":
        return "Mother's partner: %s" % d.full(partner)
    if style == "stepdad":
        return "stepdad %s" % d.first(partner)
    return "%s %s" % (style, d.r.choice([d.first, d.full])(partner))


def sentences(d, kid, mum_ref="mum", partner_ref="mum's partner", n=None, cat=None, lower=False, school=None):
    """Concern and action sentences about kid; records the case terms."""
    out = []
    n = n or d.r.randint(1, 2)
    c = d.nm(kid.first) if kid is not None else "the child"
    from casetext import eligible
    age = d.age_years(kid) if kid is not None else None
    cat, _ = concern(d.r, cat, age)
    pool = eligible(age)[cat]
    for t, terms in d.r.sample(pool, min(n, len(pool))):
        out.append(fill(t, d.r, c=c, p=kid, mum=mum_ref, partner=partner_ref, ref=d.date))
        d.term(*terms)
    school = d.agency == "school" if school is None else school
    for _ in range(d.r.randint(1, 2)):
        t, terms = action(d.r)
        while not school and ("CPOMS" in t or "DSL" in t):
            t, terms = action(d.r)
        out.append(fill(t, d.r, c=c, p=kid, ref=d.date))
        d.term(*terms)
    return cat, out


def quote(lines):
    return ["> " + l if l else ">" for l in lines]


def wrote_line(d, who, when):
    return d.r.choice([
        "On %s, %s <%s> wrote:" % (when.strftime("%a, %d %b %Y at %H:%M"), who.name, who.email),
        "On %s %s wrote:" % (when.strftime("%d/%m/%Y %H:%M"), who.name),
        "-----Original Message-----\nFrom: %s <%s>\nSent: %s\nSubject: %%s" % (
            who.name, who.email, when.strftime("%d %B %Y %H:%M")),
    ])
