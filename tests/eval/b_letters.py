# SPDX-License-Identifier: LGPL-2.1-or-later
"""Builders of ordinary letters about identifiable people with no case
content (PROTECT by the rules): clinic letters, school letters to parents,
admission offers."""
import datetime

import pools
from bcommon import council, assign_school, date_text, school_domain
from gencore import fmt_date, school_year, year_label

LETTER_FORMATS = ["docx", "pdf", "odt", "txt", "rtf", "html", "eml"]
CLINICS = [("asthma review", "Paediatric Respiratory Clinic"), ("eczema follow-up", "Paediatric Dermatology"),
           ("hearing test", "Children's Audiology"), ("allergy clinic", "Paediatric Allergy Service"),
           ("diabetes review", "Children's Diabetes Clinic"), ("fracture clinic follow-up", "Orthopaedic Outpatients"),
           ("ENT review (grommets)", "ENT Outpatients"), ("eye test", "Orthoptics"),
           ("growth review", "General Paediatrics"), ("continence assessment", "Children's Continence Service")]


def _addr_block(d, parent, include_name=True, salutation=None):
    d.cue(parent, "address")
    a = parent.addr
    lines = []
    if include_name:
        lines.append(salutation or "%s %s" % (parent.title, d.full(parent)))
    lines.extend(a.block())
    return lines


def b_clinic_letter(d):
    d.agency = "hospital"
    d.genre = "clinic appointment letter"
    mum, dad, kids = d.w.family(nkids=1, kid_ages=[d.r.randint(1, 15)])
    k = kids[0]
    mum._title = d.r.choice(["Ms", "Mrs", "Miss"])
    hosp = d.r.choice(pools.HOSPITALS)
    what, clinic = d.r.choice(CLINICS)
    doc = d.prof("Consultant Paediatrician", hosp, None, title="Dr", phone=False)
    d.reg(mum, "parent")
    d.reg(k, "child")
    L = [hosp, clinic, "Tel: %s" % d.w.phone(), ""]
    L += _addr_block(d, mum, salutation="%s %s" % (mum._title, d.full(mum)))
    L += ["", date_text(d, style="long"), ""]
    cue = d.r.choice(["age", "dob", "nhs", "age"])
    if cue == "age":
        kt = "%s %s" % (d.full(k), d.age_text(k, d.r.choice(["aged", "paren"])) if d.age_years(k) >= 2 else "(%s)" % d.age_text(k))
    elif cue == "dob":
        kt = "%s, %s" % (d.full(k), d.dob_text(k, labelled=True, style=d.r.choice(["dmy", "long"])))
    else:
        d.ident(k)
        kt = "%s (NHS No. %s)" % (d.full(k), d.gen_nhs())
    d.rel(k)
    d.rel(mum)
    rel = "son" if k.gender == "m" else "daughter"
    appt = d.date + datetime.timedelta(days=d.r.randint(7, 60))
    L.append("Dear %s %s," % (mum._title, mum.last))
    L.append("")
    L.append(d.r.choice([
        "An appointment has been made for your %s %s with %s on %s at %s in %s (%s)." % (
            rel, kt, doc.formal(), fmt_date(appt, "long"), d.r.choice(["09:30", "10:30", "14:15", "15:40"]),
            d.r.choice(["Clinic 4", "Outpatients B", "the Children's Unit"]), what),
        "Re: %s\nI am writing to confirm your %s's appointment for a %s on %s." % (kt, rel, what, fmt_date(appt, "ordinal")),
    ]))
    L.append(d.r.choice(["Please bring any medicines %s takes and %s red book." % (k.they, k.their),
                         "If you cannot attend, please ring the booking office so the slot can be offered to someone else.",
                         "Parking is limited; the 57 and 109 buses stop outside the main entrance."]))
    L += ["", "Yours sincerely,", "", "Outpatient Booking Team", "on behalf of %s" % doc.formal()]
    if d.r.random() < 0.4:
        L += ["", "cc: GP, %s" % d.r.choice(pools.GP_PRACTICES)]
    d.add(*[x for l in L for x in l.split("\n")])
    d.formats = LETTER_FORMATS
    d.why = "parent named with home address, child named with %s; routine appointment" % {"nhs": "NHS number", "age": "age", "dob": "DOB"}[cue]


SCHOOL_TOPICS = [
    ("Year %(y)s residential trip to %(place)s", "I am delighted to confirm that %(child)s has a place on the residential trip to %(place)s from %(d1)s. The balance of £%(amt)s is due by %(d2)s."),
    ("Parents' evening", "Parents' evening for %(class)s is on %(d1)s. You can book a ten-minute slot with %(teacher)s to talk about %(child)s's progress."),
    ("Instrumental lessons", "%(child)s has been offered violin lessons on Tuesday afternoons this term. Lessons are free for the first half-term."),
    ("Swimming lessons", "%(child)s's class (%(class)s) will start swimming lessons at %(place)s Leisure Centre on %(d1)s. Please send a named kit bag."),
    ("School photographs", "Individual and sibling photographs will be taken on %(d1)s. %(child)s's proofs will come home in a card folder."),
    ("Reading award", "We are delighted to tell you that %(child)s (%(class)s) has completed the Gold reading challenge and will receive a certificate in assembly."),
    ("Transition day", "%(child)s will spend %(d1)s at %(school2)s for the Year 6 transition day. Please pack a lunch and a water bottle."),
    ("Uniform reminder", "A reminder that PE kit is needed on Mondays and Thursdays for %(class)s. %(child)s has been borrowing spare kit."),
]


def b_school_letter(d):
    cname, dom = council(d)
    d.agency = "school"
    d.genre = "school letter to parents"
    mum, dad, kids = d.w.family(nkids=1, kid_ages=[d.r.randint(5, 14)])
    k = kids[0]
    assign_school(d, k)
    y = school_year(k.dob, d.date)
    head = d.prof("Headteacher", k.school, school_domain(d, k.school, cname), formal=True, phone=False)
    teacher = d.prof("Class Teacher", k.school, None, formal=True, phone=False)
    d.reg(mum, "parent")
    d.reg(k, "child")
    both = False
    sal = "%s %s" % (d.r.choice(["Ms", "Mrs", "Miss"]), d.full(mum))
    d.rel(mum)
    topic, text = d.r.choice(SCHOOL_TOPICS)
    cls = "%s%s" % (y, d.r.choice("ABCDEFGHNRSW")) if d.r.random() < 0.5 else year_label(y, "full")
    d.cue(k, "school")
    d.rel(k)
    vals = {"y": y, "place": d.r.choice(["Osmington Bay", "the Isle of Wight", "Hindleap Warren", "Crystal Palace", "Brixton"]),
            "child": d.full(k) if d.r.random() < 0.5 else d.first(k), "d1": fmt_date(d.date + datetime.timedelta(days=d.r.randint(5, 40)), "long"),
            "d2": fmt_date(d.date + datetime.timedelta(days=d.r.randint(5, 40)), "ordinal"), "amt": d.r.choice(["85", "120", "46.50"]),
            "class": cls if cls[0] != "Y" else cls, "teacher": teacher.formal(),
            "school2": d.r.choice(pools.SCHOOL_NAMES_SECONDARY)}
    if "%(child)s" not in text:
        pass
    L = [k.school, d.w.venue_address(), "Headteacher: %s" % head.formal(), ""]
    L += _addr_block(d, mum, salutation=sal)
    L += ["", date_text(d, style="long"), ""]
    L.append("Dear %s," % (sal if both else "%s %s" % (sal.split()[0], mum.last)))
    L.append("")
    L.append("Re: %s - %s, %s" % (topic % vals, d.full(k), cls))
    L.append("")
    L.append(text % vals)
    L.append(d.r.choice(["Please return the reply slip to the school office.", "Payment can be made on ParentPay.",
                         "Thank you for your continued support.", "Please contact the office with any questions."]))
    L += ["", "Yours sincerely,", "", head.formal(), head.role]
    d.add(*L)
    d.formats = LETTER_FORMATS
    d.why = "letter to a parent at home address about her child, named with class/year; no case content"


def b_admission(d):
    cname, dom = council(d)
    d.agency = "school admissions"
    d.genre = "admission offer letter"
    mum, dad, kids = d.w.family(nkids=1, kid_ages=[d.r.choice([3, 4, 10])])
    k = kids[0]
    y = d.age_years(k)
    phase = "Reception" if y <= 4 else "Year 7"
    school = d.r.choice(pools.SCHOOL_NAMES_PRIMARY if phase == "Reception" else pools.SCHOOL_NAMES_SECONDARY)
    officer = d.prof("Admissions Officer", "London Borough of %s" % cname, "admissions@" + dom, phone=True)
    d.reg(k, "child")
    d.reg(mum, "parent")
    labelled = d.r.random() < 0.4
    style = d.r.choice(["long", "ordinal", "dmy", "mon"])
    if labelled:
        ktxt = "%s, %s" % (d.full(k), d.dob_text(k, labelled=True, style=style))
    else:
        ktxt = d.r.choice(["%s, date of birth %s", "%s (born %s)", "%s - %s"]) % (d.full(k), d.dob_bare(k, style))
    d.cue(k, "school")
    L = ["London Borough of %s - School Admissions" % cname, ""]
    if d.r.random() < 0.7:
        L += _addr_block(d, mum, salutation="%s %s" % (d.r.choice(["Ms", "Mrs"]), d.full(mum)))
        L.append("")
        d.rel(mum)
        opening = "Dear %s %s," % (d.r.choice(["Ms", "Mrs"]), mum.last)
    else:
        opening = "Dear Parent/Carer,"
        d.facts.pop(mum.full)
        d.order.remove(mum.full)
    L += [date_text(d, style="long"), "", opening, "", "Re: %s" % ktxt, ""]
    L.append(d.r.choice([
        "I am pleased to offer %s a %s place at %s from September %d." % (k.first, phase, school, d.date.year if d.date.month < 9 else d.date.year + 1),
        "Following your application, %s has been offered a place at %s (%s) for September." % (k.first, school, phase)]))
    L.append("Please accept or decline the offer online by %s." % fmt_date(d.date + datetime.timedelta(days=14), "long"))
    L += ["", "Yours faithfully,", officer.name, officer.role]
    d.add(*L)
    d.formats = LETTER_FORMATS
    d.why = "child named with a date of birth%s; admission offer, no case content" % ("" if labelled else " (no DOB label)")
