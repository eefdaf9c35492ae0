# SPDX-License-Identifier: LGPL-2.1-or-later
"""More case documents (RESTRICTED by the rules): strategy discussion
minutes, core group and conference notes, chronologies, police and
hospital notifications, GP, housing, IDVA, youth justice, early help and
CAMHS records, school referral letters."""
import datetime

import pools
from bcommon import (CSC_ROLES, SCHOOL_ROLES, HEALTH_ROLES, council, csc_org, school_domain, assign_school,
                     date_text, dt_of, mum_intro, partner_intro, sentences, quote)
from casetext import fill, concern, recent, short_date, ACTIONS
from gencore import fmt_date, school_year, year_label, typo

TEXT_FORMATS = ["txt", "docx", "odt", "pdf", "html", "rtf", "eml"]


def _attendees(d, cname, dom, kids, extra=()):
    """Professionals at a meeting, with their roles."""
    people = [d.prof("Team Manager", csc_org(d, cname), dom), d.prof("Social Worker", csc_org(d, cname), dom),
              d.prof("Detective Constable", "Metropolitan Police CAIT", "met.police.uk")]
    sch = next((k.school for k in kids if k.school), None)
    if sch:
        people.append(d.prof("Designated Safeguarding Lead", sch, school_domain(d, sch, cname)))
    people.append(d.prof(d.r.choice(["Health Visitor", "School Nurse", "Named Nurse"]), "0-19 Service", "nhs.net"))
    for role, org, dm in extra:
        people.append(d.prof(role, org, dm))
    return people


def _kid_line(d, k, style):
    if style == "dob":
        return "%s, %s" % (d.full(k), d.dob_text(k, labelled=True, style=d.r.choice(["dmy", "long", "mon"])))
    if style == "age":
        return "%s %s" % (d.full(k), d.age_text(k, d.r.choice(["paren", "aged"])))
    return "%s (%s)" % (d.full(k), d.school_text(k, with_school=True)) if k.school else "%s %s" % (d.full(k), d.age_text(k, "paren"))


def b_strategy(d):
    cname, dom = council(d)
    d.agency = "children's social care"
    d.genre = "strategy discussion minutes"
    mum, dad, kids = d.w.family()
    for k in kids:
        assign_school(d, k)
        d.reg(k, "child")
        d.subject(k)
    d.reg(mum, "parent")
    att = _attendees(d, cname, dom, kids)
    chair = att[0]
    d.title = d.r.choice(["Strategy Discussion - minutes", "Strategy meeting record", "STRATEGY DISCUSSION",
                          "Record of strategy discussion (s47)"])
    L = ["Date: %s   Time: %s   Via: %s" % (date_text(d), d.r.choice(["10:00", "11:30", "14:00", "15:15"]),
                                            d.r.choice(["Teams", "phone", "in person, Civic Centre"])),
         "Chair: %s, %s" % (chair.name, chair.role), "", "Attendees:"]
    for p in att:
        L.append("- %s, %s, %s" % (p.name, p.role, p.org))
    L.append("")
    L.append("Child(ren):")
    style = d.r.choice(["dob", "age", "school"])
    for k in kids:
        L.append("- " + _kid_line(d, k, style))
    L.append("Parents: " + mum_intro(d, mum, style="(mother)") + (
        ", %s" % partner_intro(d, d.reg(dad, "partner"), style="Partner:") if dad and d.r.random() < 0.6 else ""))
    if d.r.random() < 0.6:
        L.append("Address: %s" % kids[0].addr.oneline())
        for k in kids:
            d.cue(k, "address")
        d.cue(mum, "address")
    L.append("")
    L.append("Reason for strategy discussion:")
    pref = "mum's partner" if not (dad and dad.full in d.facts) else dad.first
    cat, ss = sentences(d, kids[0], mum_ref=mum.first, partner_ref=pref, n=2)
    L.extend(ss)
    L.append("")
    L.append("Information shared:")
    L.append("Police: %s" % d.r.choice(["no previous convictions for either parent; 2 DA call-outs in 2024.",
                                         "partner known for violence (ABH 2019).", "nothing known."]))
    L.append("Health: %s" % d.r.choice(["immunisations up to date; missed 2 appointments.", "no concerns at last contact.",
                                         "ED attendance in October with a head injury."]))
    L.append("")
    L.append("Decision: %s" % d.r.choice(["threshold met for a section 47 enquiry (joint).",
                                          "S47 single agency; child protection medical today.",
                                          "threshold for s47 not met - continue single assessment under s17.",
                                          "S47 to proceed; ICPC to be convened within 15 working days."]))
    d.term("strategy discussion", "section 47")
    L.append("Actions: SW to see the children alone by %s; police to check PNC; school to monitor." % date_text(d, d.date + datetime.timedelta(days=2), "long"))
    d.add(*L)
    d.formats = TEXT_FORMATS
    d.why = "strategy discussion: children named with %s, mother named; %s" % (style, cat)


def b_core_group(d):
    cname, dom = council(d)
    d.agency = "children's social care"
    kind = d.r.choice(["core group", "ICPC", "RCPC", "CIN review"])
    d.genre = "%s notes" % kind
    mum, dad, kids = d.w.family(nkids=d.r.choice([1, 2, 3]))
    for k in kids:
        assign_school(d, k)
        d.reg(k, "child")
    d.reg(mum, "parent")
    att = _attendees(d, cname, dom, kids)
    d.title = {"core group": "Core Group Meeting", "ICPC": "Initial Child Protection Conference - decision and plan",
               "RCPC": "Review Child Protection Conference", "CIN review": "Child in Need review meeting"}[kind]
    d.term(kind if kind != "CIN review" else "child in need")
    L = ["Date: %s" % date_text(d)]
    fam = []
    style = d.r.choice(["age", "dob", "school", "age"])
    for k in kids:
        fam.append(_kid_line(d, k, style))
    L.append("Children: " + "; ".join(fam))
    L.append("Present: %s; %s" % (mum_intro(d, mum, style=d.r.choice(["(mother)", "mum"])),
                                   ", ".join("%s (%s)" % (p.name, p.role) for p in att[1:])))
    L.append("")
    if kind in ("ICPC", "RCPC"):
        cat = d.r.choice(["neglect", "emotional abuse", "physical abuse", "sexual abuse"])
        L.append("Decision: the children %s subject to child protection plans under the category of %s." % (
            d.r.choice(["are to be", "remain"]), cat))
        d.term("child protection plan", cat)
    L.append(d.r.choice(["Progress since the last meeting:", "Update:", "What's working well / what are we worried about:"]))
    c2, ss = sentences(d, kids[0], mum_ref=mum.first, n=1)
    L.extend(ss)
    L.append(d.r.choice(["%s has engaged with the parenting course and attended 4 of 6 sessions." % mum.first,
                         "%s said she feels the plan is working and the house is calmer." % mum.first,
                         "Home conditions have improved but there is still no working cooker."]))
    L.append("")
    L.append("Actions")
    rows = [["Action", "Who", "By when"]]
    for a, who in [("Unannounced home visits fortnightly", att[1].name), ("Monitor attendance and presentation", att[-2].name if len(att) > 4 else att[1].name),
                   ("Referral to the Freedom Programme", mum.first), ("Health assessment", att[-1].name)]:
        rows.append([a, who, fmt_date(d.date + datetime.timedelta(days=d.r.randint(5, 40)), "dmy")])
    L.append(("table", rows))
    L.append("Next %s: %s" % ("review" if kind == "CIN review" else "core group", fmt_date(d.date + datetime.timedelta(days=d.r.choice([14, 21, 28, 42])), "long")))
    d.term("core group" if kind != "CIN review" else "CIN")
    d.add(*L)
    d.formats = TEXT_FORMATS
    d.why = "%s notes: %d children named with %s, mother named" % (kind, len(kids), style)


def b_chronology(d):
    cname, dom = council(d)
    d.agency = d.r.choice(["children's social care", "health", "school"])
    d.genre = "chronology"
    mum, dad, kids = d.w.family(nkids=d.r.choice([1, 2]))
    k = kids[0]
    assign_school(d, k)
    d.reg(k, "child")
    d.subject(k)
    d.title = d.r.choice(["Chronology - %s" % d.full(k), "Multi-agency chronology", "Significant events chronology"])
    L = []
    if not d.title.endswith(k.full):
        L.append("Child: %s" % d.full(k))
    L.append(d.dob_text(k, labelled=True))
    if d.r.random() < 0.5:
        L.append("Address: %s" % d.addr_text(k, "oneline"))
    L.append("")
    rows = [["Date", "Event", "Source", "Impact on child"]]
    dt = d.date - datetime.timedelta(days=d.r.randint(300, 700))
    events = [("Health visitor notes bruise to cheek; mum says fall.", "HV", "Possible physical harm"),
              ("Police called to DV incident at the home; children present.", "Police", "Exposure to DA"),
              ("MASH referral from school - %s arrived hungry, no coat." % k.first, "School", "Neglect"),
              ("Strategy discussion; S47 agreed.", "CSC", "-"),
              ("ICPC - CP plan, category neglect.", "CSC", "Plan in place"),
              ("Missed paediatric appointment (was not brought).", "Health", "Unmet health needs"),
              ("Mum's partner moved back in.", "SW visit", "Increased risk"),
              ("Core group: home conditions improved.", "CSC", "Positive"),
              ("%s disclosed mum's partner hits %s." % (k.first, k.them), "School", "Physical harm")]
    n = d.r.randint(5, len(events))
    for ev, src, imp in sorted(d.r.sample(events, n), key=lambda e: events.index(e)):
        rows.append([fmt_date(dt, "dmy"), ev, src, imp])
        dt += datetime.timedelta(days=d.r.randint(10, 70))
        if dt > d.date:
            dt = d.date
    d.term("MASH referral", "strategy discussion", "CP plan", "neglect")
    L.append(("table", rows))
    d.add(*L)
    d.formats = ["docx", "xlsx", "pdf", "odt", "html", "csv"]
    d.table_doc = False
    d.why = "chronology about a named child with DOB"


def b_police(d):
    cname, dom = council(d)
    d.agency = "police"
    d.genre = d.r.choice(["police notification (PPN)", "Merlin report", "DA incident notification", "Operation Encompass notification"])
    mum, dad, kids = d.w.family(nkids=d.r.choice([1, 2, 3]))
    for k in kids:
        assign_school(d, k)
        d.reg(k, "child")
    d.reg(mum, "parent")
    off = d.prof(d.r.choice(["PC", "DC", "PS"]) + " " + str(d.r.randint(100, 9999)), "Metropolitan Police", "met.police.uk")
    d.title = {"police notification (PPN)": "Public Protection Notice (PPN) - Child Coming to Notice",
               "Merlin report": "MERLIN - Child Coming to Notice",
               "DA incident notification": "Domestic Abuse Incident - notification to Children's Services",
               "Operation Encompass notification": "Operation Encompass - notification to school"}[d.genre]
    L = ["Report ref: %s/%d/%02d" % (d.r.choice(["CAD", "CRIS", "MERLIN"]), d.r.randint(1000, 99999), d.date.year % 100),
         "Date/time of incident: %s %02d:%02d" % (fmt_date(d.date - datetime.timedelta(days=1), "dmy"), d.r.randint(0, 23), d.r.randint(0, 59)),
         "Location: %s" % kids[0].addr.oneline(), ""]
    for k in kids:
        d.cue(k, "address")
    d.cue(mum, "address")
    L.append("Subject(s) of notification:")
    for k in kids:
        d.subject(k)
        L.append("  %s  %s  %s" % (d.full(k).upper() if d.r.random() < 0.5 else d.full(k), d.dob_text(k, labelled=True, style="dmy"),
                                  ("School: %s" % k.school) if k.school and d.r.random() < 0.5 else ""))
        if "School:" in L[-1]:
            d.cue(k, "school")
    L.append("Adults present:")
    L.append("  " + mum_intro(d, mum, style="(mother)") + "  DOB %s" % d.dob_bare(mum, "dmy"))
    pref = "the partner"
    if dad:
        d.reg(dad, "partner")
        L.append("  %s (mother's partner)  DOB %s" % (d.full(dad), d.dob_bare(dad, "dmy")))
        d.rel(dad)
        pref = dad.first
    L.append("")
    L.append("Circumstances:")
    cat, ss = sentences(d, kids[0], mum_ref=mum.first, partner_ref=pref, n=1, cat="domestic-abuse" if "Encompass" in d.genre or "DA " in d.genre else d.r.choice(["domestic-abuse", "neglect", "physical"]))
    L.extend(ss)
    L.append("Risk assessment: %s" % d.r.choice(["DASH - HIGH", "DASH - MEDIUM", "Standard", "BRAG: Red"]))
    d.term("DASH")
    L.append("Officer: %s %s" % (off.role, off.name))
    d.add(*L)
    d.formats = TEXT_FORMATS
    d.why = "police notification: children named with DOB and home address; %s" % cat


def b_hospital(d):
    d.agency = "hospital"
    d.genre = d.r.choice(["ED safeguarding notification", "paediatric liaison form", "discharge summary (safeguarding)"])
    mum, dad, kids = d.w.family(nkids=1, kid_ages=[d.r.randint(0, 16)])
    k = kids[0]
    d.reg(k, "child")
    d.subject(k)
    d.reg(mum, "parent")
    hosp = d.r.choice(pools.HOSPITALS)
    nurse = d.prof("Paediatric Liaison Nurse", hosp, "nhs.net")
    reg = d.prof("Paediatric Registrar", hosp, None, title="Dr", phone=False)
    d.title = d.r.choice(["Paediatric Liaison - notification of attendance", "Emergency Department: safeguarding concern",
                          "Safeguarding children - ED attendance"])
    L = ["Hospital: %s" % hosp, "Patient: %s" % d.full(k)]
    which = d.r.choice(["dob", "nhs", "both", "age"])
    if which in ("dob", "both"):
        L.append(d.dob_text(k, labelled=True, style="dmy"))
    if which in ("nhs", "both"):
        L.append("NHS No: %s" % d.gen_nhs())
        d.ident(k)
    if which == "age":
        L.append("Age: %s" % d.age_text(k, "age").replace("age ", ""))
    if d.r.random() < 0.6:
        L.append("Home address: %s" % d.addr_text(k, "oneline"))
    L.append("Accompanied by: %s" % mum_intro(d, mum, style="(mother)"))
    L.append("Attendance: %s %02d:%02d" % (fmt_date(d.date, "dmy"), d.r.randint(0, 23), d.r.randint(0, 59)))
    L.append("")
    cat, ss = sentences(d, k, mum_ref="mum", n=1, cat=d.r.choice(["physical", "physical", "substance", "emotional", "sexual"]))
    L.append("Presenting complaint and concern:")
    L.extend(ss)
    L.append("Seen by %s." % reg.formal())
    L.append(d.r.choice(["Referral to MASH sent; GP and HV informed.", "Discussed with on-call consultant; CP medical done.",
                         "Allocated SW informed (child known - CP plan).", "Police informed; child kept overnight on the ward."]))
    d.term("MASH")
    L += ["", "%s, %s, ext %d" % (nurse.name, nurse.role, d.r.randint(2000, 7999))]
    d.add(*L)
    d.formats = TEXT_FORMATS
    d.why = "ED notification: child patient named with %s; %s" % (which, cat)


def b_gp(d):
    d.agency = "GP"
    d.genre = d.r.choice(["GP safeguarding letter", "GP record entry", "GP report for conference"])
    mum, dad, kids = d.w.family(nkids=d.r.choice([1, 2]))
    prac = d.r.choice(pools.GP_PRACTICES)
    gp = d.prof("GP Partner, Safeguarding Lead", prac, "nhs.net", title="Dr")
    for k in (kids[:1] if d.genre == "GP record entry" else kids):
        d.reg(k, "child")
    d.reg(mum, "parent")
    L = []
    if d.genre == "GP record entry":
        k = kids[0]
        d.subject(k)
        d.title = ""
        L.append("%s  %s  %s" % (d.full(k), d.dob_text(k, labelled=True, style="dmy"), "NHS %s" % d.gen_nhs() if d.r.random() < 0.5 else ""))
        if "NHS" in L[-1]:
            d.ident(k)
        L.append("%s  Dr %s" % (fmt_date(d.date, "dmy"), gp.surname))
        L.append("Consultation with %s." % mum_intro(d, mum, style="mum"))
        cat, ss = sentences(d, k, mum_ref="mum", n=1)
        L.extend(ss)
        L.append("Read code: Child is cause for concern. Safeguarding template completed.")
        d.term("cause for concern")
    else:
        cname, dom = council(d)
        d.title = prac
        L.append(d.w.venue_address())
        L.append(date_text(d, style="long"))
        L.append("")
        L.append(d.r.choice(["Dear Colleague,", "To the allocated social worker,", "Dear Conference Chair,"]))
        L.append("")
        fam = []
        for k in kids:
            fam.append("%s (%s)" % (d.full(k), d.dob_bare(k, "dmy")))
        L.append("Re: %s" % ", ".join(fam))
        L.append("Mother: %s, %s" % (d.full(mum), d.addr_text(mum, "oneline")))
        d.rel(mum)
        for k in kids:
            d.cue(k, "address")
        L.append("")
        cat, ss = sentences(d, kids[0], mum_ref="Ms %s" % mum.last, n=1)
        L.extend(ss)
        L.append(d.r.choice(["I support the decision to hold an initial child protection conference.",
                             "I would be grateful for an update on the outcome of the section 47 enquiry.",
                             "Please invite me to the next core group."]))
        d.term("child protection")
        L += ["", "Yours sincerely,", "", "Dr %s" % gp.name, gp.role]
    d.add(*L)
    d.formats = TEXT_FORMATS
    d.why = "GP record about a named child with DOB; case content"


def b_housing(d):
    d.agency = "housing"
    d.genre = d.r.choice(["housing referral", "tenancy note", "homelessness assessment note"])
    org, od = d.r.choice(pools.HOUSING)
    officer = d.prof(d.r.choice(["Housing Officer", "Tenancy Sustainment Officer", "Homelessness Caseworker"]), org, od)
    mum, dad, kids = d.w.family(nkids=d.r.choice([1, 2, 3]))
    d.reg(mum, "parent")
    L = []
    d.title = d.r.choice(["Tenancy file note", "Housing - safeguarding referral", "Homeless assessment - case note"])
    L.append("Tenant: %s" % d.full(mum))
    L.append("Property: %s" % d.addr_text(mum, "oneline"))
    for k in kids:
        d.reg(k, "child")
    L.append("Household: %s" % ", ".join("%s %s" % (d.first(k), d.age_text(k, "paren")) for k in kids))
    L.append("")
    cat, ss = sentences(d, kids[0], mum_ref=mum.first, partner_ref="her ex-partner", n=1,
                        cat=d.r.choice(["domestic-abuse", "neglect"]))
    L.append(d.r.choice(["Visited the property today.", "Tenant came to the office.", "Call from the tenant."]))
    L.extend(ss)
    L.append(d.r.choice(["Management transfer requested on DA grounds; sanctuary scheme referral.",
                         "Referred to the MASH and the IDVA service with consent.",
                         "Repairs raised; safeguarding referral made to CSC."]))
    d.term("safeguarding referral")
    L += ["", "%s, %s" % (officer.name, officer.role)]
    d.add(*L)
    d.formats = TEXT_FORMATS
    d.why = "tenant named with address, children by first name and age; %s" % cat


def b_idva(d):
    org, od = d.r.choice(pools.VOLUNTARY)
    d.agency = "voluntary sector"
    d.genre = d.r.choice(["IDVA case note", "outreach support plan", "refuge referral"])
    worker = d.prof(d.r.choice(["IDVA", "Outreach Worker", "Children and Young People's Worker"]), org, od)
    v = d.w.person("f", adult=True)
    v.addr = d.w.address()
    d.reg(v, "other-private")
    perp = d.w.person("m", adult=True)
    d.reg(perp, "partner")
    d.title = d.r.choice(["IDVA contact record", "Support plan - review", "Referral to refuge"])
    L = ["Client: %s   %s" % (d.full(v), d.dob_text(v, labelled=True, style="dmy"))]
    if d.r.random() < 0.6:
        L.append("Safe contact address: %s" % d.addr_text(v, "oneline"))
    L.append("Perpetrator: %s (%s)" % (d.full(perp), d.r.choice(["ex-partner", "husband", "partner"])))
    d.rel(perp)
    kids = []
    if d.r.random() < 0.7:
        for _ in range(d.r.randint(1, 3)):
            k = d.w.person(years=d.r.randint(0, 15), community=v.community)
            d.reg(k, "child")
            d.rel(k)
            kids.append("%s (%s)" % (d.first(k), d.age_text(k, "paren")[1:-1] if d.age_years(k) >= 2 else d.age_text(k)))
        L.append("Children: %s" % ", ".join(kids))
    L.append("")
    L.append(d.r.choice([
        "%s disclosed that %s has been sending up to 80 messages a day and waited outside the children's school. DASH score %d." % (v.first, perp.first, d.r.randint(14, 23)),
        "%s reports non-fatal strangulation last weekend; she lost consciousness. DASH %d - referred to MARAC." % (v.first, d.r.randint(15, 23)),
        "Safety planning completed with %s; panic alarm fitted; non-mol application supported." % v.first]))
    d.term("DASH", "MARAC", "domestic abuse")
    L.append("Children's social care informed; %s" % d.r.choice(["CP plan in place.", "MASH referral sent.", "allocated SW aware."]))
    L += ["", worker.name, worker.role, worker.org]
    d.add(*L)
    d.formats = TEXT_FORMATS
    d.why = "DA victim named with DOB, perpetrator by relationship, children by age; IDVA work"


def b_yot(d):
    cname, dom = council(d)
    d.agency = "youth justice"
    d.genre = d.r.choice(["YOT case note", "youth justice assessment summary", "referral order panel report"])
    k = d.w.person(years=d.r.randint(12, 17))
    k.addr = d.w.address()
    assign_school(d, k)
    d.reg(k, "child")
    d.subject(k)
    worker = d.prof(d.r.choice(["YOT Case Manager", "Youth Justice Worker", "Senior Practitioner"]), "%s Youth Justice Service" % cname, dom)
    d.title = d.r.choice(["YJS contact record - %s" % d.full(k), "Youth Justice Service - case note", "AssetPlus summary"])
    L = []
    if not d.title.endswith(k.full):
        L.append("Young person: %s" % d.full(k))
    pick = d.r.choice(["age", "dob", "school"])
    if pick == "age":
        L.append("Age: %d" % d.age_years(k))
        d.cue(k, "age")
    elif pick == "dob":
        L.append(d.dob_text(k, labelled=True))
    else:
        L.append("Education: %s" % d.school_text(k, with_school=True))
    L.append("Order: %s" % d.r.choice(["Referral Order (9 months)", "Youth Rehabilitation Order", "Out of court disposal - Youth Caution"]))
    L.append("")
    cat, ss = sentences(d, k, n=2, cat="exploitation")
    L.extend(ss)
    L.append(d.r.choice(["Discussed at MACE; NRM decision awaited.", "Safety plan updated with mum.", "Risk of serious harm: HIGH."]))
    d.term("MACE")
    L += ["", "%s, %s" % (worker.name, worker.role)]
    d.add(*L)
    d.formats = TEXT_FORMATS
    d.why = "young person named (%s) in youth justice record; exploitation" % pick


def b_early_help(d):
    cname, dom = council(d)
    d.agency = "early help"
    d.genre = d.r.choice(["early help assessment", "team around the family review", "early help closure summary"])
    mum, dad, kids = d.w.family(nkids=d.r.choice([1, 2, 3]))
    worker = d.prof(d.r.choice(["Early Help Practitioner", "Family Practitioner", "Family Support Worker"]), "%s Early Help Hub" % cname, dom)
    for k in kids:
        assign_school(d, k)
        d.reg(k, "child")
    d.reg(mum, "parent")
    d.title = d.r.choice(["Early Help Assessment", "TAF review meeting", "Early help - step up to CSC"])
    L = ["Family: %s household" % mum.last, "Lead practitioner: %s, %s" % (worker.name, worker.role), ""]
    L.append("Family members:")
    L.append("  %s" % mum_intro(d, mum, style="Mum:"))
    for k in kids:
        L.append("  %s, %s" % (d.full(k), d.r.choice([lambda: d.age_text(k, "aged"), lambda: d.school_text(k, with_school=True) if k.school else d.age_text(k, "aged")])()))
    L.append("")
    L.append(d.r.choice(["What we are worried about:", "Needs identified:", "Reason for step-up:"]))
    cat, ss = sentences(d, kids[0], mum_ref=mum.first, n=1, cat=d.r.choice(["neglect", "domestic-abuse", "emotional", "substance"]))
    L.extend(ss)
    L.append(d.r.choice(["Step up to CSC agreed with the Early Help manager.", "Family agreed to a TAF plan; review in 6 weeks.",
                         "Consent withdrawn by mum; concerns escalated to the MASH."]))
    d.term("early help")
    d.add(*L)
    d.formats = TEXT_FORMATS
    d.why = "early help record: mother and children named with ages/school; %s" % cat


def b_camhs(d):
    d.agency = "CAMHS"
    d.genre = d.r.choice(["CAMHS clinic letter", "CAMHS risk assessment", "CAMHS triage note"])
    mum, dad, kids = d.w.family(nkids=1, kid_ages=[d.r.randint(10, 17)])
    k = kids[0]
    assign_school(d, k)
    clin = d.prof(d.r.choice(["Clinical Psychologist", "CAMHS Clinician", "Consultant Child and Adolescent Psychiatrist"]),
                  "%s CAMHS" % d.r.choice(["Croydon", "Lambeth", "Southwark", "Lewisham", "Enfield"]), "nhs.net", title="Dr" if d.r.random() < 0.5 else None)
    d.reg(k, "child")
    d.reg(mum, "parent")
    d.subject(k)
    L = [d.r.choice(["Child and Adolescent Mental Health Service", "CAMHS Tier 3 team"]), date_text(d, style="long"), ""]
    L.append("Re: %s, %s" % (d.full(k), d.dob_text(k, labelled=True, style="dmy")))
    if d.r.random() < 0.5:
        L.append(d.addr_text(k, "oneline"))
    L.append("")
    L.append("I saw %s with %s today." % (k.first, mum_intro(d, mum, style="mum")))
    cat, ss = sentences(d, k, mum_ref=mum.first, n=1, cat=d.r.choice(["emotional", "sexual", "exploitation"]))
    L.extend(ss)
    L.append(d.r.choice(["Given the disclosure I have made a referral to the MASH today and informed the GP.",
                         "This has been shared with the allocated social worker as %s is on a child protection plan." % k.first,
                         "Safeguarding advice sought from the named nurse; strategy discussion requested."]))
    d.term("MASH", "child protection plan")
    L += ["", "Yours sincerely,", clin.formal() if clin.title else clin.name, clin.role]
    d.add(*L)
    d.formats = TEXT_FORMATS
    d.why = "CAMHS letter about a named young person with DOB; safeguarding"


def b_school_referral(d):
    cname, dom = council(d)
    d.agency = "school"
    d.genre = "school referral letter"
    mum, dad, kids = d.w.family(nkids=1, kid_ages=[d.r.randint(4, 15)])
    k = kids[0]
    assign_school(d, k)
    dsl = d.prof("Designated Safeguarding Lead", k.school, school_domain(d, k.school, cname), formal=True)
    d.reg(k, "child")
    d.subject(k)
    d.reg(mum, "parent")
    d.title = "Referral to Children's Social Care (%s MASH)" % cname
    L = ["Child: %s, %s, %s, %s" % (d.full(k), d.age_text(k, "aged"), year_label(school_year(k.dob, d.date), "full"), k.school)]
    d.cue(k, "school")
    if d.r.random() < 0.6:
        L.append("Address: %s" % d.addr_text(k, "oneline"))
    L.append(mum_intro(d, mum, style="Mother:"))
    L.append("")
    cat, ss = sentences(d, k, mum_ref="mum", n=2, school=True)
    L.append(" ".join(ss))
    L.append("The DSL has made this MASH referral and asks for a strategy discussion to consider a section 47 enquiry.")
    d.term("MASH referral", "strategy discussion", "section 47")
    L += ["", dsl.formal(), dsl.role, dsl.org]
    d.add(*L)
    d.formats = TEXT_FORMATS
    d.why = "child named with age, year, school; %s; MASH referral" % cat
