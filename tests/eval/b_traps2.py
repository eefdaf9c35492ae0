# SPDX-License-Identifier: LGPL-2.1-or-later
"""More documents that identify no private individual (NOT PROTECTIVELY
MARKED by the rules): invoices and supplier letters, training material,
professionals-only minutes, job adverts, professional e-mails about
procedures, anonymised case studies, letters to all parents, agendas."""
import datetime

import pools
from bcommon import CSC_ROLES, SCHOOL_ROLES, HEALTH_ROLES, council, csc_org, date_text, dt_of, school_domain, quote
from gencore import fmt_date, slug

SUPPLIERS = ["Brightwater Interpreting Ltd", "Safe Steps Training CIC", "Northgate Secure Transport Ltd",
             "Kestrel Family Assessments Ltd", "Meridian Independent Chairs LLP", "ClearView Drug Testing Ltd",
             "Oakleaf Supervised Contact Services", "Cityline Taxis (Croydon) Ltd", "Harbour Print & Design"]


def b_invoice(d):
    cname, dom = council(d)
    d.trap = "invoice"
    d.agency = "council"
    d.genre = d.r.choice(["invoice", "supplier letter", "remittance advice"])
    sup = d.r.choice(SUPPLIERS)
    acct = d.prof(d.r.choice(["Accounts Manager", "Director", "Office Manager"]), sup, "%s.co.uk" % slug(sup.split()[0]))
    buyer = d.prof(d.r.choice(["Commissioning Officer", "Service Manager", "Business Support Officer"]), "London Borough of %s" % cname, dom)
    supaddr = "Unit %d, %s Business Park, %s" % (d.r.randint(1, 40), d.r.choice(["Riverside", "Beddington", "Park Royal", "Lea Valley"]), d.w.venue_address())
    L = [sup, supaddr, "VAT reg no. GB %03d %04d %02d" % (d.r.randint(100, 999), d.r.randint(0, 9999), d.r.randint(0, 99)),
         "Company no. %08d" % d.r.randint(1000000, 15999999), ""]
    L.append("To: %s, %s, London Borough of %s, %s" % (buyer.name, buyer.role, cname, d.w.venue_address()))
    L.append("")
    if d.genre == "supplier letter":
        d.title = ""
        L += ["%s" % date_text(d, style="long"), "", "Dear %s," % buyer.first, "",
              "Thank you for renewing the framework agreement for %s. Our rates for %d/%d are attached; the hourly rate for sessional workers rises to £%d." % (
                  d.r.choice(["supervised contact", "independent conference chairing", "secure transport", "parenting assessments"]),
                  d.date.year, (d.date.year + 1) % 100, d.r.randint(28, 60)),
              "All staff hold enhanced DBS checks and complete safeguarding training annually.", "",
              "Yours sincerely,", acct.name, acct.role]
        d.term("safeguarding")
        d.add(*L)
        d.formats = ["docx", "pdf", "txt", "eml", "odt", "rtf"]
    else:
        d.title = "%s %s" % ("INVOICE" if d.genre == "invoice" else "Remittance advice", "%s-%05d" % (slug(sup)[:3].upper(), d.r.randint(1, 99999)))
        L.append("Invoice date: %s   PO: %d" % (fmt_date(d.date, "dmy"), d.r.randint(4500000000, 4599999999)))
        rows = [["Description", "Qty", "Unit", "Net"]]
        items = ["Supervised contact session (2 hrs)", "Interpreter - Tigrinya, conference", "Parenting assessment (PAMS)",
                 "Hair strand test", "Escort - secure transport", "Independent chair - ICPC", "Mileage", "Printing - training packs"]
        tot = 0
        for it in d.r.sample(items, d.r.randint(2, 5)):
            q = d.r.randint(1, 12)
            u = d.r.randint(25, 450)
            tot += q * u
            rows.append([it, str(q), "£%d.00" % u, "£%d.00" % (q * u)])
        rows.append(["VAT 20%", "", "", "£%.2f" % (tot * 0.2)])
        rows.append(["Total", "", "", "£%.2f" % (tot * 1.2)])
        L.append(("table", rows))
        L.append("Payment terms: 30 days. Sort code 20-%02d-%02d, account %08d." % (d.r.randint(0, 99), d.r.randint(0, 99), d.r.randint(0, 99999999)))
        d.term("ICPC")
        d.add(*L)
        d.formats = ["pdf", "xlsx", "docx", "csv", "html", "eml"]
    d.why = "supplier and buyer at business addresses; no private person"


def b_training(d):
    cname, dom = council(d)
    d.trap = "training"
    d.agency = "safeguarding partnership"
    d.genre = d.r.choice(["training slides", "course programme", "training handout"])
    trainer = d.prof(d.r.choice(["Safeguarding Trainer", "Learning and Development Lead", "Principal Social Worker"]),
                     "%s Safeguarding Children Partnership" % cname, dom)
    topic = d.r.choice(["Recognising neglect", "Domestic abuse and children", "Child exploitation: county lines",
                        "Working Together: strategy discussions and section 47", "Safer recruitment", "Harmful sexual behaviour"])
    d.title = "%s - %s" % (topic, d.r.choice(["level 2 course", "slides", "half-day workshop", "briefing"]))
    L = ["Trainer: %s, %s" % (trainer.name, trainer.role), "Venue: %s" % d.w.venue_address(), ""]
    slides = [
        ("Slide 1: Learning outcomes", ["Know the signs and indicators", "Know when to make a MASH referral", "Understand the threshold document"]),
        ("Slide 2: What the research says", ["Neglect is the most common category of child protection plan in England",
                                             "Domestic abuse features in over half of serious case reviews"]),
        ("Slide 3: Case study", ["Child D, aged 6, often arrives late and hungry", "Mother E has a new partner, Mr F",
                                 "What would you do? Who would you tell?"]),
        ("Slide 4: Strategy discussions", ["Held when there is reasonable cause to suspect significant harm",
                                           "Police, CSC and health must attend", "Decides whether to start a section 47 enquiry"]),
        ("Slide 5: Exploitation", ["A 15-year-old boy with two phones and new trainers", "Missing episodes and return home interviews",
                                   "NRM referrals and the MACE panel"]),
        ("Slide 6: Questions", ["Contact the MASH: %s" % d.w.phone(), "Evaluation forms on the table"]),
    ]
    for title, bullets in sorted(d.r.sample(slides[:5], d.r.randint(3, 5))) + [slides[5]]:
        L.append(title)
        L.extend("  * " + b for b in bullets)
    d.term("MASH", "section 47", "neglect", "child protection plan")
    d.add(*L)
    d.formats = ["pdf", "docx", "odt", "html", "txt", "rtf"]
    d.why = "training material; case study anonymised; trainer in work role"


def b_minutes_prof(d):
    cname, dom = council(d)
    d.trap = "minutes-professional"
    d.agency = "safeguarding partnership"
    d.genre = "minutes (professionals only)"
    group = d.r.choice(["Quality Assurance Subgroup", "Exploitation Subgroup", "Practice Review Group", "MASH Steering Group",
                        "Neglect Strategy Group", "DSL Network Meeting"])
    d.title = "%s Safeguarding Children Partnership - %s, %s" % (cname, group, date_text(d, style="long"))
    att = [d.prof(r, o, dm) for r, o, dm in [
        ("Chair, Head of Safeguarding", csc_org(d, cname), dom), ("Detective Inspector", "Metropolitan Police", "met.police.uk"),
        ("Designated Nurse", "%s ICB" % d.r.choice(["South East London", "North Central London", "North East London"]), "nhs.net"),
        ("Education Safeguarding Lead", "London Borough of %s" % cname, dom), ("Partnership Manager", "%s SCP" % cname, dom)]]
    L = ["Present: " + "; ".join("%s (%s)" % (p.name, p.role) for p in att),
         "Apologies: %s" % d.prof("Service Manager, Early Help", "London Borough of %s" % cname, dom).name, ""]
    items = [
        "1. Minutes of the last meeting agreed.",
        "2. Multi-agency audit of %d strategy discussions: police attended %d%%; health information was missing in a third of cases." % (d.r.randint(15, 40), d.r.randint(60, 95)),
        "3. The MASH has received %d contacts this quarter; %d%% went on to a section 47 enquiry." % (d.r.randint(1500, 4000), d.r.randint(5, 20)),
        "4. Exploitation: MACE panel now meets fortnightly; %d young people discussed (no names in these minutes)." % d.r.randint(10, 40),
        "5. The neglect toolkit will be relaunched in May; DSLs to cascade.",
        "6. Learning from the recent rapid review (Child %s) to be shared at the next DSL network." % d.r.choice("HJKLMN"),
        "7. AOB: the LADO annual report will be presented in June.",
    ]
    L.extend(items[:1] + sorted(d.r.sample(items[1:], d.r.randint(3, 6))))
    L.append("")
    L.append("Actions: %s to circulate the audit report; %s to update the procedure." % (att[-1].name, att[0].name))
    d.term("strategy discussion", "MASH", "section 47", "MACE", "neglect")
    d.add(*L)
    d.formats = ["docx", "pdf", "odt", "txt", "html", "eml", "rtf"]
    d.why = "professionals-only meeting; aggregates and anonymised references"


def b_job_advert(d):
    cname, dom = council(d)
    d.trap = "job-advert"
    d.agency = "council"
    d.genre = "job advert"
    role = d.r.choice(["Social Worker - Child Protection and Court Team", "Senior Practitioner - MASH", "Family Support Worker",
                       "Independent Reviewing Officer", "Designated Safeguarding Lead (Primary)", "Health Visitor (Band 6)"])
    mgr = d.prof("Team Manager", csc_org(d, cname), dom)
    d.title = "%s - London Borough of %s" % (role, cname)
    L = ["Salary: £%d - £%d plus London weighting" % (d.r.randint(35, 45) * 1000, d.r.randint(46, 58) * 1000),
         "Location: %s" % d.w.venue_address(), "",
         "We are looking for an experienced practitioner to join our %s. You will hold a caseload of children subject to child protection plans and care proceedings, chair strategy discussions and work closely with the MASH." % d.r.choice(["friendly team", "award-winning service", "newly restructured service"]),
         "You will need: a social work degree and Social Work England registration; knowledge of the Children Act 1989 and section 47 enquiries; a full driving licence.",
         "We offer: a protected caseload in the first year, hybrid working, and a relocation package.", "",
         "For an informal chat contact %s, %s, on %s or %s." % (mgr.name, mgr.role, mgr.phone, mgr.email),
         "Closing date: %s. Interviews: week of %s." % (fmt_date(d.date + datetime.timedelta(days=21), "long"),
                                                        fmt_date(d.date + datetime.timedelta(days=35), "long"))]
    d.term("child protection plan", "care proceedings", "section 47")
    d.add(*L)
    d.formats = ["html", "pdf", "docx", "txt", "rtf", "odt"]
    d.why = "job advert; manager named in work role"


def b_prof_email(d):
    cname, dom = council(d)
    d.trap = "email-professional"
    d.agency = d.r.choice(["children's social care", "school", "safeguarding partnership"])
    d.genre = "e-mail between professionals (no case)"
    a = d.prof(d.r.choice(CSC_ROLES + ["Partnership Manager"]), csc_org(d, cname), dom)
    b = d.prof(d.r.choice(["Designated Safeguarding Lead", "Headteacher", "Named Nurse"]), d.r.choice(pools.SCHOOL_NAMES_PRIMARY), "%s.sch.uk" % slug(d.r.choice(pools.SCHOOL_NAMES_PRIMARY))[:14])
    topics = [
        ("Strategy discussion invites", ["From Monday, strategy discussion invitations will come from the MASH inbox rather than individual workers.",
                                          "Please make sure your DSL and deputy can join at short notice; we will send a Teams link."]),
        ("Core group template", ["Attached is the new core group template. It now has a section for the child's own words.",
                                 "Please use it from 1 April for all children on CP plans."]),
        ("Room booking - ICPC", ["I've booked Committee Room 3 at the Civic Centre for the ICPCs on Thursday.",
                                 "Parking is available in the visitors' car park at %s." % d.w.venue_address()]),
        ("DSL network", ["The next DSL network meeting is on %s at %s." % (fmt_date(d.date + datetime.timedelta(days=10), "long"), d.w.venue_address()),
                         "Topic: Operation Encompass and responding to domestic abuse notifications."]),
        ("LADO referrals", ["Reminder that LADO referrals now go through the online form.",
                            "If you are unsure whether something meets the harm threshold, ring the LADO duty line on %s." % d.w.phone()]),
    ]
    subj, lines = d.r.choice(topics)
    body = ["Hi %s," % b.first, ""] + lines + ["", "Thanks,", a.first, "", a.name, a.role, a.org]
    if d.r.random() < 0.5:
        when0 = dt_of(d, hour=9)
        prior = ["Hi %s," % a.first, "", d.r.choice(["Quick question - who should we send this to now?", "Is this still going ahead?",
                                                      "Can you confirm the arrangements?"]), "", b.name, b.role]
        body = ["Thanks %s - all noted." % a.first, "", b.first, "", "On %s, %s <%s> wrote:" % (when0.strftime("%a, %d %b %Y at %H:%M"), a.name, a.email)] + quote(body)
        d.email = {"frm": (b.name, b.email), "to": [(a.name, a.email)], "subject": "RE: " + subj, "date": dt_of(d, hour=14)}
    else:
        d.email = {"frm": (a.name, a.email), "to": [(b.name, b.email)], "subject": subj, "date": dt_of(d)}
    d.term("strategy discussion", "core group", "ICPC", "LADO", "MASH")
    d.add(*body)
    d.formats = ["eml", "eml", "txt", "pdf"]
    d.why = "e-mail between professionals about arrangements; nobody's case"


def b_case_study(d):
    d.trap = "anonymised-case-study"
    d.agency = d.r.choice(["safeguarding partnership", "training"])
    d.genre = "anonymised case study"
    who = d.r.choice(["YP1", "Child X", "Child Q", "Young Person A", "Baby J"])
    d.title = "Case study: %s" % who
    age = {"YP1": 15, "Child X": 9, "Child Q": 12, "Young Person A": 16, "Baby J": 0}[who]
    L = ["This case study is based on a real case; names and details have been changed and it does not identify anyone.", ""]
    if age == 0:
        L.append("%s was 11 weeks old when brought to ED with a bruise to the ear. Mother M said the baby had rolled against the cot." % who)
        L.append("Father F had a history of violence towards a previous partner. A strategy discussion was held and a child protection medical arranged.")
    elif age < 12:
        L.append("%s, a %d-year-old boy, told a teaching assistant that there was no food at home and that his mum sleeps all day." % (who, age))
        L.append("The school had logged 14 concerns on CPOMS over two years. A MASH referral led to a section 47 enquiry and an ICPC.")
    else:
        L.append("%s, aged %d, went missing 11 times in three months and was found in Southend with £400 and a burner phone." % (who, age))
        L.append("An NRM referral was made and %s was discussed at MACE. The return home interviews were declined." % who)
    L.append("")
    L.append("Questions for discussion: What were the missed opportunities? What would you do differently?")
    d.term("strategy discussion", "MASH referral", "section 47", "NRM", "MACE")
    d.add(*L)
    d.formats = ["docx", "pdf", "html", "txt", "odt", "rtf"]
    d.why = "anonymised case study (%s); nobody identifiable" % who


def b_dear_parent(d):
    cname, dom = council(d)
    d.trap = "dear-parent"
    d.agency = "school"
    d.genre = "letter to all parents"
    school = d.r.choice(pools.SCHOOL_NAMES_PRIMARY + pools.SCHOOL_NAMES_SECONDARY)
    head = d.prof("Headteacher", school, school_domain(d, school, cname), formal=True)
    dsl = d.prof("Designated Safeguarding Lead", school, None, formal=True, phone=False)
    L = [school, d.w.venue_address(), "", date_text(d, style="long"), "", "Dear Parent/Carer,", ""]
    L.append(d.r.choice([
        "We have been informed that a child in Year %d has chickenpox. If your child develops spots, please keep them at home until they have crusted over." % d.r.randint(1, 6),
        "Online safety: we are aware that some pupils in Year %d have been using an app that lets strangers message them. Please check your child's settings." % d.r.randint(5, 9),
        "As part of our safeguarding duties, all visitors must now sign in at reception and wear a lanyard. Our Designated Safeguarding Lead is %s." % dsl.formal(),
        "If you are ever worried about a child's safety, you can speak to %s (DSL) or contact the MASH directly on %s." % (dsl.formal(), d.w.phone())]))
    L.append(d.r.choice(["Thank you for your support.", "Please get in touch with the office if you have any questions."]))
    L += ["", "Yours faithfully,", head.formal(), head.role]
    if "safeguarding" in " ".join(L).lower() or "MASH" in " ".join(L):
        d.term("safeguarding")
    d.add(*L)
    d.formats = ["docx", "pdf", "html", "txt", "eml", "odt", "rtf"]
    d.why = "letter to all parents; no pupil named"


def b_agenda(d):
    cname, dom = council(d)
    d.trap = "agenda"
    d.agency = "safeguarding partnership"
    d.genre = "meeting agenda"
    chair = d.prof("Independent Chair", "%s Safeguarding Children Partnership" % cname, dom)
    d.title = "%s - agenda, %s" % (d.r.choice(["MARAC Steering Group", "Safeguarding Partnership Executive", "MACE Strategic Group",
                                               "Child Death Overview Panel (business meeting)"]), date_text(d, style="long"))
    L = ["Venue: %s" % d.w.venue_address(), "Chair: %s" % chair.name, ""]
    items = ["Welcome and apologies", "Minutes and action log", "MARAC performance: repeat referrals %d%%" % d.r.randint(20, 40),
             "Section 47 and ICPC timeliness report", "County lines: partnership response", "Budget %d/%d" % (d.date.year, (d.date.year + 1) % 100),
             "Learning from reviews", "Any other business"]
    for i, it in enumerate(items[:2] + d.r.sample(items[2:-1], 3) + items[-1:], 1):
        L.append("%d. %s" % (i, it))
    d.term("MARAC", "section 47", "ICPC")
    d.add(*L)
    d.formats = ["docx", "pdf", "txt", "html", "odt", "rtf"]
    d.why = "agenda; chair in work role; venue address"


def b_anon_list(d):
    """A list of cases with no names: ages, sexes, postcode districts and
    categories only."""
    cname, dom = council(d)
    d.trap = "anonymised-list"
    d.agency = d.r.choice(["safeguarding partnership", "police", "children's social care"])
    d.genre = d.r.choice(["anonymised case list", "audit sample", "MARAC repeat-case analysis"])
    n = d.r.randint(20, 70)
    rows = [["Case", "Sex", "Age", "Area", "Category", "Outcome"]]
    for i in range(1, n + 1):
        rows.append(["Case %d" % i, d.r.choice(["F", "M"]), str(d.r.randint(0, 17)),
                     d.r.choice(["SE15", "CR0", "E17", "N9", "HA0", "IG1", "SW2", "RM9"]),
                     d.r.choice(["Neglect", "Physical abuse", "Domestic abuse", "CSE", "CCE", "Emotional abuse"]),
                     d.r.choice(["CP plan", "CIN plan", "NFA", "Early help", "Care proceedings"])])
    d.title = d.r.choice(["Audit sample (anonymised) - %s" % fmt_date(d.date, "mon"), "Cases reviewed - no identifying details",
                          "Thematic audit: children subject to a CP plan"])
    d.add("Names and identifying details removed. Ages at the date of audit; area is the postcode district only.")
    d.table(rows)
    d.table_doc = True
    d.term("CP plan", "care proceedings", "neglect")
    d.formats = ["xlsx", "csv", "ods", "html", "pdf", "docx"]
    d.why = "%d cases with age, sex and postcode district only; nobody named" % n


def b_training_record(d):
    """Staff training and DBS records: names beside dates that are not
    dates of birth."""
    cname, dom = council(d)
    d.trap = "staff-training-record"
    d.agency = d.r.choice(["school", "children's social care", "voluntary sector"])
    d.genre = "staff training record"
    org = d.r.choice(pools.SCHOOL_NAMES_PRIMARY + pools.SCHOOL_NAMES_SECONDARY) if d.agency == "school" else csc_org(d, cname)
    roles = SCHOOL_ROLES + ["Teaching Assistant", "Midday Supervisor", "Office Manager"] if d.agency == "school" else CSC_ROLES
    rows = [["Name", "Role", "DBS issued", "Safeguarding training", "Level", "Renewal due"]]
    for _ in range(d.r.randint(10, 60)):
        p = d.prof(d.r.choice(roles), org, None, phone=False)
        t = d.date - datetime.timedelta(days=d.r.randint(30, 900))
        rows.append([p.name, p.role, fmt_date(d.date - datetime.timedelta(days=d.r.randint(100, 1500)), "dmy"),
                     fmt_date(t, "dmy"), d.r.choice(["1", "2", "3", "DSL"]), fmt_date(t + datetime.timedelta(days=730), "dmy")])
    d.title = "%s - single central record extract (training)" % org
    d.table(rows)
    d.table_doc = True
    d.term("safeguarding")
    d.formats = ["xlsx", "csv", "ods", "html", "pdf", "docx"]
    d.why = "staff with DBS and training dates; professionals only"
