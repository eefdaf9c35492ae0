# SPDX-License-Identifier: LGPL-2.1-or-later
"""Everyday documents about identifiable people with no case content
(PROTECT by the rules): routine health visiting, GP and immunisation
letters, housing letters, school newsletters naming pupils, reports,
funding letters, holiday club lists, an NHS number on its own."""
import datetime

import pools
from bcommon import council, assign_school, date_text, school_domain
from gencore import fmt_date, school_year, year_label

LETTER_FORMATS = ["docx", "pdf", "odt", "txt", "rtf", "html", "eml"]


def b_hv_routine(d):
    d.agency = "health visiting"
    d.genre = "health visiting contact (routine)"
    mum, dad, kids = d.w.family(nkids=1, kid_ages=[0])
    baby = kids[0]
    hv = d.prof("Health Visitor", "0-19 Service", "nhs.net")
    d.reg(baby, "child")
    d.reg(mum, "parent")
    kind = d.r.choice(["New birth visit", "6-8 week review", "Routine contact", "Well baby clinic"])
    d.title = "%s - %s" % (kind, date_text(d, style="dmy"))
    L = [d.r.choice(["Baby %s, %s, seen at home (%s) with %s." % (d.full(baby), d.age_text(baby), d.addr_text(baby, "oneline"), "mum " + d.first(mum)),
                     "Seen %s (%s) with %s at %s." % (d.full(baby), d.age_text(baby), "mum " + d.first(mum), d.addr_text(baby, "line1pc"))])]
    d.rel(mum)
    d.cue(mum, "address")
    L.append("Weight %.2f kg (%s centile). %s" % (d.r.uniform(3.2, 8.5), d.r.choice(["25th", "50th", "75th", "9th-25th"]),
                                                   d.r.choice(["Feeding well (breast).", "Formula fed, 150ml 3-hourly.", "Mixed feeding, going well."])))
    L.append(d.r.choice(["Cord healed. Skin clear.", "Hips and eyes checked by GP at 6 weeks.", "Good eye contact and social smile.",
                         "Sleeping in own cot in parents' room; safe sleep advice given."]))
    L.append(d.r.choice(["Immunisations due at 8 weeks - booked at the surgery.", "Vitamin D drops discussed.",
                         "Mum's mood good (PHQ-2 negative).", "Dad present and supportive."]))
    L.append("Next contact: %s." % d.r.choice(["1-year review", "clinic in 4 weeks", "as needed via duty line"]))
    L += ["", "%s, %s" % (hv.name, hv.role)]
    d.add(*L)
    d.formats = LETTER_FORMATS
    d.why = "baby named with age and address, mother named; routine contact, no concerns"


def b_gp_letter(d):
    d.agency = "GP"
    d.genre = d.r.choice(["immunisation invitation", "appointment reminder", "repeat prescription letter"])
    mum, dad, kids = d.w.family(nkids=1, kid_ages=[d.r.choice([1, 3, 12, 13, 14])])
    k = kids[0]
    prac = d.r.choice(pools.GP_PRACTICES)
    gp = d.prof("Practice Nurse", prac, None, phone=False)
    d.reg(k, "child")
    d.reg(mum, "parent")
    L = [prac, d.w.venue_address(), "Tel: %s" % d.w.phone(), ""]
    t = d.r.choice(["Ms", "Mrs", "Miss"])
    L += ["%s %s" % (t, d.full(mum))] + mum.addr.block()
    d.cue(mum, "address")
    d.rel(mum)
    L += ["", date_text(d, style="long"), ""]
    vac = {1: "MMR and Hib/MenC (1 year) immunisations", 3: "pre-school booster and second MMR", 12: "HPV vaccine",
           13: "HPV vaccine", 14: "teenage booster (Td/IPV) and MenACWY"}.get(d.age_years(k), "routine immunisations")
    L.append("Dear %s," % d.r.choice(["Parent/Carer", "%s %s" % (t, mum.last)]))
    L.append("")
    which = d.r.choice(["nhs", "dob", "both"])
    ref = "Patient: %s" % d.full(k)
    if which in ("dob", "both"):
        ref += "   %s" % d.dob_text(k, labelled=True, style="dmy")
    if which in ("nhs", "both"):
        ref += "   NHS No: %s" % d.gen_nhs()
        d.ident(k)
    L.append(ref)
    d.rel(k)
    L.append("")
    L.append("Our records show that your %s is due the %s. Please book an appointment with the practice nurse." % (
        "son" if k.gender == "m" else "daughter", vac))
    L.append("You can book online through the NHS App or by ringing reception after 10am.")
    L += ["", "Yours sincerely,", gp.name, "%s, %s" % (gp.role, prac)]
    d.add(*L)
    d.formats = LETTER_FORMATS
    d.why = "parent at home address, child with %s; immunisation reminder" % which


def b_housing_letter(d):
    d.agency = "housing"
    d.genre = d.r.choice(["repairs appointment letter", "rent statement letter", "tenancy audit letter"])
    org, od = d.r.choice(pools.HOUSING)
    off = d.prof(d.r.choice(["Repairs Coordinator", "Income Officer", "Housing Officer"]), org, od)
    t = d.w.person(adult=True)
    t.addr = d.w.address()
    d.reg(t, "other-private")
    L = [org, d.w.venue_address(), ""]
    L += ["%s %s" % (t.title, d.full(t))] + d.r.choice([t.addr.block(), [t.addr.oneline()]])
    d.cue(t, "address")
    L += ["", date_text(d, style="long"), "", "Dear %s %s," % (t.title, t.last), ""]
    if d.genre == "repairs appointment letter":
        L.append("Your repair (ref %d, %s) has been booked for %s between 8am and 1pm. Please make sure someone over 18 is at home." % (
            d.r.randint(100000, 999999), d.r.choice(["leaking kitchen tap", "boiler service", "damp in bathroom", "broken window latch"]),
            fmt_date(d.date + datetime.timedelta(days=d.r.randint(3, 20)), "long")))
    elif d.genre == "rent statement letter":
        L.append("Your rent account shows a balance of £%d.%02d %s at %s. Your weekly rent from April will be £%d.%02d." % (
            d.r.randint(0, 900), d.r.randint(0, 99), d.r.choice(["in credit", "owing"]), fmt_date(d.date, "long"),
            d.r.randint(110, 240), d.r.randint(0, 99)))
    else:
        L.append("We are visiting all tenants on your estate to update our records. Please have photo ID ready.")
    L += ["", "Yours sincerely,", off.name, off.role]
    d.add(*L)
    d.formats = LETTER_FORMATS
    d.why = "tenant named with home address; routine housing letter"


def b_pupil_newsletter(d):
    cname, dom = council(d)
    d.agency = "school"
    d.genre = "school newsletter naming pupils"
    school = d.r.choice(pools.SCHOOL_NAMES_PRIMARY)
    head = d.prof("Headteacher", school, school_domain(d, school, cname), formal=True)
    pe = d.prof("PE Lead", school, None, formal=True, phone=False)
    d.title = "%s - Newsletter %d" % (school, d.r.randint(3, 30))
    L = ["Dear families,", "", d.r.choice(["What a busy half-term it has been!", "Spring is here and the children have been working hard.",
                                           "Thank you for all your support with our book fair."]), ""]
    L.append("Stars of the week")
    n = d.r.randint(4, 9)
    for _ in range(n):
        p = d.w.person(years=d.r.randint(5, 10))
        d.reg(p, "child")
        y = school_year(p.dob, d.date)
        d.cue(p, "school")
        form = d.r.choice(["%s (%s)", "%s, %s", "%s in %s"])
        cl = d.r.choice([year_label(y, "full"), "%d%s" % (y, d.r.choice("ABCDEFGHNRSW")) if y > 0 else year_label(y, "full")])
        L.append("- " + form % (d.first(p) if d.r.random() < 0.6 else d.full(p), cl) + d.r.choice(
            [" for brilliant reading", " for kindness", " for a super science project", " for 100% attendance", ""]))
    L.append("")
    L.append("Sports: %s, %s, reports that our netball team reached the borough final." % (pe.formal(), pe.role))
    L.append("Dates: INSET day %s; parents' evening %s." % (fmt_date(d.date + datetime.timedelta(days=d.r.randint(5, 30)), "long"),
                                                           fmt_date(d.date + datetime.timedelta(days=d.r.randint(31, 60)), "long")))
    L += ["", head.formal(), head.role]
    d.add(*L)
    d.formats = ["html", "pdf", "docx", "eml", "txt", "odt"]
    d.why = "newsletter naming pupils with year group/class; no case content"


def b_ident_protect(d):
    d.agency = d.r.choice(["hospital", "GP", "health"])
    d.genre = d.r.choice(["pathology result slip", "audiology result", "clinic attendance slip"])
    d.reg("the patient", "child" if d.r.random() < 0.7 else "other-private")
    d.ident("the patient")
    lab = d.r.choice(pools.HOSPITALS)
    d.title = d.r.choice(["Pathology - result", "Audiology - test summary", "Outpatient attendance"])
    L = ["%s" % lab, "", d.r.choice(["NHS No: %s", "NHS number: %s", "NHS Number %s"]) % d.gen_nhs(),
         "Specimen/test: %s" % d.r.choice(["Full blood count", "Ferritin", "Vitamin D", "Pure tone audiogram", "Tympanometry"]),
         "Received: %s" % fmt_date(d.date, "dmy"),
         "Result: %s" % d.r.choice(["within normal limits", "normal - no further action", "mildly low - repeat in 3 months"]),
         "Requested by: %s" % d.r.choice(pools.GP_PRACTICES)]
    d.add(*L)
    d.formats = ["txt", "pdf", "html", "eml", "docx", "rtf"]
    d.why = "a labelled NHS number with no name; routine result"


def b_club_booking(d, n=None):
    cname, dom = council(d)
    d.agency = d.r.choice(["council", "voluntary sector"])
    d.genre = d.r.choice(["holiday club booking list", "youth club register", "HAF bookings"])
    n = n or d.r.choice([d.r.randint(15, 40), d.r.randint(50, 85)])
    rows = [["Name", "Age", "Days booked", "Lunch", "Collected by"] if d.r.random() < 0.5 else
            ["Child", "Age", "Session", "Allergies", "Photo consent"]]
    for _ in range(n):
        p = d.w.person(years=d.r.randint(5, 15))
        if len(rows[0]) == 5 and rows[0][2] == "Days booked":
            rows.append([p.full, str(d.age_years(p)), d.r.choice(["Mon-Thu", "Mon, Wed", "All week", "Tue, Thu"]),
                         d.r.choice(["Yes", "Packed", "Yes (halal)"]), d.r.choice(["Parent", "Walks home", "Grandparent", "Sibling 16+"])])
        else:
            rows.append([p.full, str(d.age_years(p)), d.r.choice(["Morning", "Afternoon", "Full day"]),
                         d.r.choice(["", "", "Nuts", "Dairy", "Gluten"]), d.r.choice(["Y", "Y", "N"])])
    d.group("children (rows)", "child", "full", ["age"], n)
    d.title = d.r.choice(["%s Easter holiday club - bookings" % cname, "Youth club register", "HAF programme - %s" % d.w.venue_address()])
    d.table(rows)
    d.table_doc = True
    d.formats = ["xlsx", "csv", "ods", "html", "pdf", "docx"]
    d.why = "%d children named with ages on an activity list; no case content" % n


def b_nursery_letter(d):
    cname, dom = council(d)
    d.agency = "early years"
    d.genre = d.r.choice(["two-year-old funding letter", "nursery place offer", "30 hours code letter"])
    mum, dad, kids = d.w.family(nkids=1, kid_ages=[d.r.choice([1, 2, 3])])
    k = kids[0]
    off = d.prof("Early Years Funding Officer", "London Borough of %s" % cname, dom)
    d.reg(k, "child")
    d.reg(mum, "parent")
    L = ["London Borough of %s - Early Years" % cname, ""]
    t = d.r.choice(["Ms", "Mrs", "Miss"])
    L += ["%s %s" % (t, d.full(mum))] + mum.addr.block()
    d.cue(mum, "address")
    d.rel(mum)
    d.rel(k)
    L += ["", date_text(d, style="long"), "", "Dear %s," % d.r.choice(["Parent", "%s %s" % (t, mum.last)]), ""]
    born = d.dob_bare(k, d.r.choice(["long", "ordinal", "dmy"]))
    L.append(d.r.choice([
        "I am pleased to tell you that your child, %s (born %s), is eligible for 15 hours of free early education from next term." % (d.full(k), born),
        "Re: %s - date of birth %s. Your child has been offered a funded place at %s." % (d.full(k), born, d.r.choice(pools.NURSERIES))]))
    L.append("Take this letter to your chosen nursery or childminder to claim the place.")
    L += ["", "Yours sincerely,", off.name, off.role]
    d.add(*L)
    d.formats = LETTER_FORMATS
    d.why = "child named with date of birth, parent with address; funding letter"


def b_school_report(d):
    cname, dom = council(d)
    d.agency = "school"
    d.genre = d.r.choice(["end of term report", "attendance certificate", "EHCP annual review invitation"])
    k = d.w.person(years=d.r.randint(5, 15))
    assign_school(d, k)
    d.reg(k, "child")
    t = d.prof(d.r.choice(["Class Teacher", "Form Tutor", "SENCo"]), k.school, None, formal=True, phone=False)
    y = school_year(k.dob, d.date)
    d.cue(k, "school")
    if d.genre == "end of term report":
        d.title = "%s - Report to parents" % k.school
        L = ["Pupil: %s   %s   Class teacher: %s" % (d.full(k), year_label(y, "full"), t.formal()),
             "Attendance: %d%%" % d.r.randint(88, 100), ""]
        for subj in d.r.sample(["English", "Maths", "Science", "History", "Art", "PE", "Computing", "French"], 4):
            L.append("%s: %s" % (subj, d.r.choice(["Working at the expected standard.", "Working towards the expected standard.",
                                                   "Greater depth - excellent effort.", "Good progress this term."])))
        L.append("Comment: %s" % d.r.choice(["%s is a kind member of the class." % k.first, "%s should read every night." % k.first,
                                             "A lovely term, well done %s!" % k.first]))
    elif d.genre == "attendance certificate":
        d.title = "Certificate"
        L = ["This certificate is awarded to", d.full(k), year_label(y, "full"), "for 100% attendance this term", "", t.formal()]
    else:
        d.title = "EHC plan - annual review"
        L = ["Dear Parent/Carer,", "", "The annual review of %s's Education, Health and Care plan (%s) will be held on %s in the SENCo office." % (
            d.full(k), year_label(y, "full"), fmt_date(d.date + datetime.timedelta(days=d.r.randint(10, 40)), "long")),
            "Please let us know which professionals you would like us to invite.", "", t.formal(), t.role]
    d.add(*L)
    d.formats = LETTER_FORMATS
    d.why = "pupil named with year group; no case content"


def b_nursery_register(d):
    """A nursery or breakfast club register: children with DOB and the
    parents to contact."""
    d.agency = "early years"
    d.genre = d.r.choice(["nursery register", "breakfast club register", "emergency contacts list"])
    setting = d.r.choice(pools.NURSERIES)
    rows = [["Child", "DOB", "Room", "Parent/carer", "Contact", "Allergies"]]
    n = d.r.randint(12, 40)
    for _ in range(n):
        mum, dad, kids = d.w.family(nkids=1, kid_ages=[d.r.randint(1, 4)])
        k = kids[0]
        parent = mum if dad is None or d.r.random() < 0.7 else dad
        rel = "Mum" if parent is mum else "Dad"
        rows.append([k.full, fmt_date(k.dob, "dmy"), d.r.choice(["Caterpillars", "Butterflies", "Ladybirds", "Pre-school"]),
                     "%s (%s)" % (parent.full, rel), d.w.phone(work=False), d.r.choice(["", "", "Dairy", "Egg", "None known"])])
    d.group("children", "child", "full", ["dob"], n)
    d.group("parents", "parent", "full", ["relationship"], n)
    d.title = "%s - %s" % (setting, d.genre)
    d.table(rows)
    d.table_doc = True
    d.formats = ["xlsx", "csv", "ods", "html", "pdf", "docx"]
    d.why = "%d children with DOB and %d parents by relationship; no case content" % (n, n)
