# SPDX-License-Identifier: LGPL-2.1-or-later
"""Builders of documents that identify no private individual (NOT
PROTECTIVELY MARKED by the rules) but look like they might: procedures
dense with case terms, anonymised reviews, rotas and contact lists of
staff, newsletters and press releases naming councillors and venues,
blank forms, statistics."""
import datetime

import pools
from bcommon import CSC_ROLES, SCHOOL_ROLES, HEALTH_ROLES, council, csc_org, date_text, school_domain
from gencore import fmt_date

PROC_TOPICS = {
    "strategy discussions": [
        "A strategy discussion is held whenever there is reasonable cause to suspect that a child is suffering, or is likely to suffer, significant harm.",
        "The strategy discussion decides whether a section 47 enquiry is needed and whether an initial child protection conference (ICPC) should be convened.",
        "Police, children's social care and health must take part; the referring agency and the school should be invited.",
        "Where a child has an injury, a child protection medical is arranged the same day.",
        "The outcome is recorded on the child's file within one working day and shared with all participants.",
    ],
    "referrals to the MASH": [
        "Any practitioner who is worried that a child may be at risk of harm should discuss it with their DSL or named lead and make a referral to the MASH.",
        "Referrals should say what has happened, what the child has said (in their own words), and what is known about the family.",
        "Consent from parents should be sought unless doing so would place the child at increased risk of significant harm.",
        "The MASH will RAG-rate the referral within 24 hours; red referrals are passed to the assessment team the same day.",
        "Referrers receive feedback on the outcome within three working days.",
    ],
    "child protection conferences": [
        "An initial child protection conference is held within 15 working days of the strategy discussion that initiated the section 47 enquiry.",
        "Parents are invited to attend with an advocate; the child's views are presented by their social worker.",
        "The conference decides whether the child should be the subject of a child protection plan and under which category: neglect, physical, emotional or sexual abuse.",
        "A core group meets within ten working days of the conference and then at least every six weeks.",
        "Review conferences (RCPCs) are held within three months of the initial conference and then every six months.",
    ],
    "allegations against staff": [
        "Any allegation that a person who works with children has harmed a child must be reported to the LADO within one working day.",
        "The LADO will consider whether the threshold for a position of trust meeting is met.",
        "The employer should not investigate before speaking to the LADO, and must not alert the member of staff if the police are involved.",
        "Records of allegations are kept until the person's normal retirement age or for ten years, whichever is longer.",
    ],
    "missing children": [
        "A child who goes missing from home or care must be reported to the police as soon as the carer is worried.",
        "Every child returning from a missing episode is offered a return home interview within 72 hours by an independent worker.",
        "Three or more missing episodes in 90 days triggers a strategy discussion and referral to the MACE panel.",
        "Indicators of exploitation include unexplained money or phones, older friends, and being found out of borough.",
    ],
    "domestic abuse": [
        "All practitioners should complete a DASH risk checklist where domestic abuse is disclosed.",
        "A score of 14 or more, or professional judgement, means a referral to MARAC.",
        "Where children live in the household, a referral to the MASH must also be made.",
        "Operation Encompass notifies schools before 9am on the day after a police call-out to a child's home.",
        "Victims should be offered a referral to the IDVA service; perpetrators may be referred to a behaviour change programme.",
    ],
    "exploitation": [
        "Child criminal exploitation (CCE) and county lines involve children being used to carry drugs or money.",
        "Practitioners concerned that a child is being exploited should consider an NRM referral as a first responder organisation.",
        "The MACE panel meets monthly to look at patterns, locations and perpetrators across the borough.",
        "Contextual safeguarding looks beyond the family to peer groups, schools and public spaces.",
    ],
    "information sharing": [
        "The Data Protection Act 2018 and UK GDPR do not prevent sharing information to keep a child safe.",
        "Practitioners should record what they shared, with whom and why.",
        "Where there is a risk of significant harm, information may be shared without consent.",
        "Seek advice from the Caldicott Guardian or data protection officer if unsure.",
    ],
}
ANON_EXAMPLES = [
    "For example, a child (we will call her Child B, aged 8) who discloses a serious injury at school needs a strategy discussion the same day.",
    "Case example: Child X, a 14-year-old boy, was found in another county with £600 and two phones. He was reported missing three times in a month.",
    "Example: Mother A disclosed to her health visitor that her partner had strangled her; the DASH score was 17 and the baby (aged 6 weeks) was in the room.",
    "Scenario 2: YP1, aged 15, tells a youth worker that an older man is giving her lifts and gifts.",
    "In one case a 7-year-old girl told her teacher that she was hungry every morning; the school had logged twelve similar concerns.",
]
CONTACTS = ["MASH: %s (9am-5pm)", "Emergency Duty Team (out of hours): %s", "LADO: %s", "Police (non-emergency): 101",
            "Safeguarding advice line: %s"]


def _phone(d):
    return d.w.phone()


def b_procedure(d):
    cname, dom = council(d)
    d.agency = d.r.choice(["safeguarding partnership", "children's social care", "school", "health"])
    d.genre = d.r.choice(["procedure", "practice guidance", "policy", "flowchart text", "one-minute guide"])
    d.trap = "procedure"
    topics = d.r.sample(list(PROC_TOPICS), d.r.randint(1, 3))
    d.title = d.r.choice(["%s: practice guidance", "Procedure - %s", "%s (one-minute guide)", "Safeguarding policy: %s",
                          "%s Safeguarding Children Partnership - %%s" % cname]) % topics[0].capitalize()
    L = []
    if d.r.random() < 0.5:
        L.append("Version %d.%d, reviewed %s" % (d.r.randint(1, 6), d.r.randint(0, 9), fmt_date(d.date, "mon")))
        L.append("")
    for t in topics:
        if len(topics) > 1:
            L.append(t.capitalize())
        paras = PROC_TOPICS[t][:]
        if d.r.random() < 0.3:
            d.r.shuffle(paras)
        L.extend(paras[:d.r.randint(3, len(paras))])
        L.append("")
    if d.r.random() < 0.6:
        L.append(d.r.choice(ANON_EXAMPLES))
        L.append("")
    L.append("Contacts")
    for c in d.r.sample(CONTACTS, 3):
        L.append(c % _phone(d) if "%s" in c else c)
    if d.r.random() < 0.4:
        owner = d.prof(d.r.choice(["Head of Safeguarding", "Partnership Manager", "Principal Social Worker"]),
                       "%s Safeguarding Children Partnership" % cname, dom)
        L += ["", "Document owner: %s, %s" % (owner.name, owner.role)]
    d.add(*L)
    d.term("strategy discussion", "section 47", "MASH", "child protection")
    d.formats = ["pdf", "docx", "html", "odt", "txt", "rtf"]
    d.why = "procedure dense with case terms; examples anonymised; nobody identifiable"


def b_review(d):
    """A safeguarding practice review or audit summary with anonymised
    people (Child A, Mother B...)."""
    cname, dom = council(d)
    d.agency = "safeguarding partnership"
    d.genre = d.r.choice(["child safeguarding practice review", "rapid review", "multi-agency audit summary", "learning brief"])
    d.trap = "anonymised-review"
    letter = d.r.choice("ABCDFGHJKMPQRSTVXYZ")
    child = "Child %s" % letter
    g = d.r.choice(["boy", "girl"])
    age = d.r.randint(0, 16)
    age_txt = "%d months" % d.r.randint(2, 11) if age == 0 else "%d years" % age
    d.title = d.r.choice(["Child Safeguarding Practice Review: %s" % child, "Learning brief - %s" % child,
                          "Rapid review: %s" % child, "%s SCP: Local review of %s" % (cname, child)])
    L = ["Summary", ""]
    L.append("%s was a %s aged %s at the time of the incident. %s lived with Mother %s and her partner, Mr %s, and two siblings (Sibling 1, aged 4, and Sibling 2, aged 9)." % (
        child, g, age_txt, "He" if g == "boy" else "She", "%s", d.r.choice("FGHJK")))
    mletter = d.r.choice("BCDE")
    events = [
        "In {when} the health visitor noted bruising to {child}'s ear; no referral was made.",
        "Mother {m} disclosed domestic abuse to her GP in {when}; a DASH was not completed.",
        "The school made two referrals to the MASH in {when} about neglect; both were closed with advice.",
        "A strategy discussion was held in {when} after {child} was admitted to hospital with a head injury.",
        "Care proceedings were issued in {when} and the siblings were placed with a maternal relative.",
        "Police attended the home in {when} following a DV call; the children were not seen.",
        "The family moved boroughs in {when} and the child protection plan transferred late.",
    ]
    months = ["January", "March", "April", "June", "August", "October", "November"]
    L[-1] = L[-1] % mletter
    for e in d.r.sample(events, d.r.randint(3, 6)):
        L.append(e.format(child=child, m=mletter, when="%s %d" % (d.r.choice(months), d.date.year - d.r.randint(1, 3))))
    L.append("")
    L.append("Learning")
    L.extend(d.r.sample([
        "Professional curiosity about the adults in the household was lacking.",
        "Agencies did not share information about the partner's history of violence.",
        "The voice of the child was not heard: %s was never seen alone." % child,
        "Threshold decisions at the front door did not consider the cumulative impact of neglect.",
        "Bruising in a non-mobile baby must always lead to a referral.",
        "Escalation procedures were not used when the case was closed."], 3))
    L.append("")
    L.append("Recommendations are set out in the full report; the partnership will monitor the action plan.")
    if d.r.random() < 0.5:
        author = d.prof("Independent Reviewer", "%s Safeguarding Children Partnership" % cname, None, phone=False)
        L.append("Lead reviewer: %s" % author.name)
    d.add(*L)
    d.term("MASH", "strategy discussion", "care proceedings", "domestic abuse", "neglect")
    d.formats = ["pdf", "docx", "odt", "html", "txt", "rtf"]
    d.why = "anonymised review: Child %s, Mother, siblings by letter/number only" % letter


def b_rota(d):
    cname, dom = council(d)
    d.trap = "rota"
    kind = d.r.choice(["csc", "school", "health"])
    d.agency = {"csc": "children's social care", "school": "school", "health": "health"}[kind]
    d.genre = d.r.choice(["duty rota", "on-call rota", "DSL rota"])
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    wc = d.date - datetime.timedelta(days=d.date.weekday())
    if kind == "csc":
        org = csc_org(d, cname)
        roles = CSC_ROLES + ["MASH Manager", "Business Support Officer"]
        d.title = "Duty rota, %s front door, week commencing %s" % (cname, fmt_date(wc, "long"))
    elif kind == "school":
        org = d.r.choice(pools.SCHOOL_NAMES_PRIMARY + pools.SCHOOL_NAMES_SECONDARY)
        roles = ["DSL", "Deputy DSL", "Headteacher", "Pastoral Lead", "SENCo", "PE Lead", "Site Manager"]
        d.title = "%s - DSL on-call rota, %s" % (org, fmt_date(wc, "mon"))
    else:
        org = d.r.choice(["Safeguarding Children Team", "Paediatric ED", "0-19 Service"])
        roles = HEALTH_ROLES + ["Consultant Paediatrician", "Duty Nurse"]
        d.title = "%s on-call rota w/c %s" % (org, fmt_date(wc, "dmy"))
    staff = [d.prof(d.r.choice(roles), org, None, formal=(kind == "school" and d.r.random() < 0.5), phone=False)
             for _ in range(d.r.randint(5, 10))]
    if d.r.random() < 0.5:
        rows = [["Day", "Name", "Role", "Cover"]]
        for day in days:
            a, b = d.r.sample(staff, 2)
            rows.append([day, a.formal() if a.title else a.name, a.role, b.formal() if b.title else b.name])
        d.table(rows)
        d.table_doc = True
        d.formats = ["xlsx", "csv", "docx", "html", "pdf", "ods", "txt"]
    else:
        L = []
        for day in days:
            ps = d.r.sample(staff, d.r.randint(1, 3))
            L.append("%-10s - %s" % (day, ", ".join("%s (%s)" % (p.formal() if p.title else p.name, p.role) for p in ps)))
        L.append("Out of hours: Emergency Duty Team, %s" % d.w.phone())
        d.add(*L)
        d.formats = ["txt", "docx", "pdf", "html", "rtf", "odt", "eml"]
    d.why = "professionals named in their work role only"


def b_contact_list(d, n=None):
    cname, dom = council(d)
    d.trap = "contact-list"
    d.agency = d.r.choice(["children's social care", "safeguarding partnership", "school"])
    d.genre = d.r.choice(["staff contact list", "team directory", "DSL contact list"])
    n = n or d.r.choice([d.r.randint(8, 25), d.r.randint(50, 90)])
    if d.genre == "DSL contact list":
        rows = [["School", "DSL", "Deputy DSL", "Phone", "E-mail"]]
        schools = d.r.sample(pools.SCHOOL_NAMES_PRIMARY + pools.SCHOOL_NAMES_SECONDARY, min(n, 40))
        for s in schools:
            a = d.prof("DSL", s, school_domain(d, s, cname), formal=d.r.random() < 0.5)
            b = d.prof("Deputy DSL", s, school_domain(d, s, cname), formal=d.r.random() < 0.5)
            rows.append([s, a.formal() if a.title else a.name, b.formal() if b.title else b.name, a.phone, a.email])
        d.title = "%s schools - Designated Safeguarding Leads %d/%d" % (cname, d.date.year - 1, d.date.year % 100)
    else:
        rows = [["Name", "Job title", "Team", "Direct line", "Mobile (work)", "E-mail"]]
        teams = ["MASH", "Assessment Team 1", "CP & Court", "CIN Team", "Children Looked After", "Leaving Care",
                 "Early Help Hub", "Family Time", "Fostering", "Disabled Children's Team"]
        for _ in range(n):
            p = d.prof(d.r.choice(CSC_ROLES + ["Business Support Officer", "Independent Reviewing Officer"]),
                       csc_org(d, cname), dom)
            rows.append([p.name, p.role, d.r.choice(teams), p.phone, d.w.phone(work=False), p.email])
        d.title = "%s Children's Services - staff directory (%s)" % (cname, fmt_date(d.date, "mon"))
    d.table(rows)
    d.table_doc = True
    d.formats = ["xlsx", "csv", "ods", "html", "pdf", "docx"]
    d.why = "%d staff with work phones and e-mails; professionals only" % (len(rows) - 1)


def b_newsletter(d):
    cname, dom = council(d)
    d.trap = "newsletter"
    d.agency = d.r.choice(["safeguarding partnership", "school", "council"])
    d.genre = "newsletter"
    cllr_p = d.w.person(adult=True)
    cllr = d.public("Councillor %s" % cllr_p.full)
    L = []
    season = ["Winter", "Winter", "Spring", "Spring", "Spring", "Summer", "Summer", "Summer", "Autumn", "Autumn", "Autumn", "Winter"][d.date.month - 1]
    d.title = d.r.choice(["Safeguarding Partnership newsletter - %s %d" % (season, d.date.year),
                          "%s Family Hubs news" % cname, "Partnership bulletin no. %d" % d.r.randint(12, 80)])
    hub = d.r.choice(["family hub", "youth centre", "community library", "children's centre"])
    L.append("%s opened our new %s at %s on %s. Over %d families attended the launch." % (
        cllr, hub, d.w.venue_address(), fmt_date(d.date - datetime.timedelta(days=d.r.randint(5, 40)), "long"), d.r.randint(50, 400)))
    if d.r.random() < 0.5:
        mp_p = d.w.person(adult=True)
        mp = d.public("%s MP" % mp_p.full)
        L.append("%s, Member of Parliament for %s, visited the %s and met the volunteers." % (mp, d.r.choice(["Croydon North", "Lewisham West", "Edmonton", "Brent Central", "Ilford South"]), hub))
    trainer = d.prof("Training Coordinator", "%s Safeguarding Children Partnership" % cname, dom)
    L.append("")
    L.append("Training: places remain on the \"%s\" course on %s. Book with %s, training coordinator, on %s." % (
        d.r.choice(["Working Together", "Neglect toolkit", "Understanding county lines", "Domestic abuse and children"]),
        fmt_date(d.date + datetime.timedelta(days=d.r.randint(5, 40)), "ordinal"), trainer.name, trainer.phone))
    L.append("")
    L.append(d.r.choice([
        "Our annual report shows %d referrals to the MASH last year, and %d children on child protection plans at year end." % (d.r.randint(3000, 9000), d.r.randint(150, 450)),
        "Reminder: the new threshold guidance is on the website, with a section on strategy discussions.",
        "Thanks to everyone who took part in the neglect audit; the learning brief is attached.",
        "Half-term activities are free for families receiving free school meals: see the HAF page."]))
    if "MASH" in L[-1] or "strategy" in L[-1] or "neglect" in L[-1]:
        d.term("MASH")
    L.append("")
    L.append("Venue for the next partnership forum: %s, %s." % (d.r.choice(["Town Hall, Committee Room 2", "Civic Centre", "The Old Fire Station"]), d.w.venue_address()))
    d.add(*L)
    d.formats = ["html", "pdf", "docx", "txt", "eml", "odt"]
    d.why = "councillor/MP are public figures, venues' addresses, staff in work role"


def b_blank_form(d):
    cname, dom = council(d)
    d.trap = "blank-form"
    d.agency = d.r.choice(["children's social care", "school", "health"])
    d.genre = d.r.choice(["blank referral form", "template", "body map template", "consent form template"])
    d.title = d.r.choice(["Multi-Agency Referral Form", "MASH Referral Form (template)", "Safeguarding concern form",
                          "Record of concern - to be completed by staff", "Early Help Assessment - template"])
    blank = d.r.choice(["______________", "..............................", "[            ]", "<enter>", ""])
    L = ["Please complete all sections. Return to the MASH (%s) or e-mail the secure inbox." % d.w.phone(), ""]
    fields = ["Child's name", "Date of birth", "Age", "Gender", "Ethnicity", "Address", "Postcode", "School / nursery",
              "Year group", "NHS number", "Mother's name", "Father's name", "Other household members",
              "Name of person with parental responsibility", "GP"]
    for f in fields[:d.r.randint(8, len(fields))]:
        L.append("%s: %s" % (f, blank))
    L.append("")
    L.append("Category of concern (tick): [ ] Physical abuse  [ ] Neglect  [ ] Sexual abuse  [ ] Emotional abuse  [ ] Domestic abuse  [ ] CSE/CCE")
    L.append("Details of concern (what did the child say? use their words): %s" % blank)
    L.append("Have parents been told of this referral? Yes / No. If no, why not: %s" % blank)
    L.append("Referrer name, role and agency: %s" % blank)
    L.append("Signature: %s   Date: __/__/____" % blank)
    d.add(*L)
    d.term("MASH", "neglect", "sexual abuse")
    d.formats = ["docx", "pdf", "odt", "html", "rtf", "txt"]
    d.why = "blank form: field labels only, no one filled in"


def b_statistics(d):
    cname, dom = council(d)
    d.trap = "statistics"
    d.agency = d.r.choice(["children's social care", "safeguarding partnership", "police", "health"])
    d.genre = d.r.choice(["performance report", "statistics return", "quarterly dataset"])
    q = d.r.choice(["Q1", "Q2", "Q3", "Q4"])
    d.title = "%s children's safeguarding data - %s %d/%d" % (cname, q, d.date.year - 1, d.date.year % 100)
    kind = d.r.choice(["wards", "categories", "months"])
    if kind == "wards":
        wards = d.r.sample(["Thornton Heath", "Selhurst", "Broad Green", "Fieldway", "New Addington", "Norbury", "Waddon",
                            "Woodside", "South Norwood", "Bensham Manor", "West Thornton", "Fairfield", "Addiscombe"], 8)
        rows = [["Ward", "Referrals", "S47 enquiries", "CP plans", "Rate per 10,000"]]
        for w in wards:
            rows.append([w, str(d.r.randint(40, 400)), str(d.r.randint(5, 90)), str(d.r.randint(3, 60)), "%.1f" % d.r.uniform(20, 80)])
    elif kind == "categories":
        rows = [["Category of plan", "Number", "%", "Change on last quarter"]]
        for c in ["Neglect", "Emotional abuse", "Physical abuse", "Sexual abuse", "Multiple"]:
            rows.append([c, str(d.r.randint(5, 200)), "%d%%" % d.r.randint(2, 55), "%+d" % d.r.randint(-20, 20)])
    else:
        rows = [["Month", "Contacts", "MASH referrals", "Strategy discussions", "ICPCs", "Missing episodes"]]
        for m in ["April", "May", "June", "July", "August", "September"]:
            rows.append([m] + [str(d.r.randint(5, 900)) for _ in range(5)])
    L = [d.r.choice(["Commentary: referrals rose by %d%% on the previous quarter, driven by domestic abuse notifications." % d.r.randint(3, 20),
                     "The number of children subject to a child protection plan fell to %d (rate %.1f per 10,000)." % (d.r.randint(150, 400), d.r.uniform(30, 60)),
                     "Re-referrals within 12 months: %d%% (England average 22%%)." % d.r.randint(15, 30)])]
    d.add(*L)
    d.table(rows)
    d.table_doc = True
    d.term("child protection plan", "MASH", "section 47")
    d.formats = ["xlsx", "csv", "ods", "pdf", "html", "docx"]
    d.why = "aggregate numbers only; no person"


def b_press_release(d):
    cname, dom = council(d)
    d.trap = "press-release"
    d.agency = "council"
    d.genre = "press release"
    cllr_p = d.w.person(adult=True)
    cllr = d.public("Councillor %s" % cllr_p.full)
    director = d.prof("Director of Children's Services", "London Borough of %s" % cname, dom)
    topic = d.r.choice(["hub", "fostering", "ofsted", "youth"])
    heads = {"hub": "New family hub opens in %s" % cname, "fostering": "%s needs more foster carers" % cname,
             "ofsted": "Ofsted rates %s children's services Good" % cname, "youth": "Youth centre reopens after refurbishment"}
    d.title = "Press release: %s" % heads[topic]
    age = d.r.choice(["", ", %d," % d.r.randint(38, 66)])
    L = ["For immediate release - %s" % fmt_date(d.date, "long"), ""]
    venue = d.w.venue_address()
    if topic == "hub":
        L.append("A new family hub at %s was opened today by %s%s Cabinet Member for Children and Young People." % (venue, cllr, age or ","))
    elif topic == "fostering":
        L.append("%s%s Cabinet Member for Children and Young People, today launched a campaign to recruit 40 new foster carers." % (cllr, age or ","))
        L.append("Information evenings will be held at %s." % venue)
    elif topic == "ofsted":
        L.append("Inspectors found that children in need of help and protection receive a good service. %s%s Cabinet Member for Children, welcomed the report." % (cllr, age or ","))
    else:
        L.append("The youth centre at %s reopened today after a £1.2m refurbishment, with %s%s the ward councillor, cutting the ribbon." % (venue, cllr, age or ","))
    L.append("\"%s\" said %s." % (d.r.choice(["Every child deserves to grow up safe and loved.",
                                              "This is a proud day for our borough.",
                                              "We listened to young people and they told us what they needed."]), cllr.replace("Councillor ", "Cllr ")))
    L.append("%s, %s, added: \"%s\"" % (director.name, director.role, d.r.choice([
        "Our social workers do an extraordinary job keeping children safe.",
        "We want more local families to consider fostering.", "Early help makes a real difference."])))
    L.append("")
    L.append("Notes to editors: media enquiries to the press office on %s." % d.w.phone())
    d.add(*L)
    d.formats = ["html", "pdf", "docx", "txt", "eml", "rtf"]
    d.why = "councillor (public figure), director in work role, venue address"
