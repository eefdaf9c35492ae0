# SPDX-License-Identifier: LGPL-2.1-or-later
"""Builders of case documents: an identifiable private individual with
safeguarding case content (RESTRICTED by the rules)."""
import datetime

import pools
from bcommon import (CSC_ROLES, SCHOOL_ROLES, HEALTH_ROLES, council, csc_org, school_domain,
                     assign_school, date_text, dt_of, mum_intro, partner_intro, sentences, quote)
from casetext import fill, concern, action, short_date, recent, term_date, CONCERNS, ACTIONS
from gencore import fmt_date, school_year, year_label, typo

TEXT_FORMATS = ["txt", "docx", "odt", "pdf", "html", "rtf", "eml"]


def b_mash_referral(d):
    """A multi-agency referral form, filled in."""
    cname, dom = council(d)
    agency = d.r.choice(["school", "health", "police", "voluntary", "housing", "school"])
    d.agency = agency
    d.genre = "MASH referral form"
    mum, dad, kids = d.w.family()
    for k in kids:
        assign_school(d, k)
    if agency == "school":
        sch = next((k.school for k in kids if k.school), d.r.choice(pools.SCHOOL_NAMES_PRIMARY))
        ref = d.prof(d.r.choice(SCHOOL_ROLES[:2]), sch, school_domain(d, sch, cname))
    elif agency == "health":
        ref = d.prof(d.r.choice(HEALTH_ROLES), d.r.choice(pools.HOSPITALS + pools.GP_PRACTICES), "nhs.net")
    elif agency == "police":
        ref = d.prof("Detective Constable, Child Abuse Investigation Team", "Metropolitan Police", "met.police.uk")
    elif agency == "voluntary":
        org, od = d.r.choice(pools.VOLUNTARY)
        ref = d.prof(d.r.choice(["Outreach Worker", "IDVA", "Project Worker"]), org, od)
    else:
        org, od = d.r.choice(pools.HOUSING)
        ref = d.prof(d.r.choice(["Housing Officer", "Tenancy Sustainment Officer"]), org, od)
    d.title = d.r.choice(["MASH Referral Form", "Multi-Agency Referral Form (MARF)",
                          "Request for Support - Children's Front Door", "%s MASH - Referral" % cname,
                          "Referral to Children's Social Care"])
    d.term("MASH")
    L = []
    L.append("Date of referral: %s" % date_text(d))
    L.append("Referrer: %s, %s, %s. Tel %s" % (ref.name, ref.role, ref.org, ref.phone))
    L.append("")
    L.append(d.r.choice(["Child/ren details", "CHILD(REN)", "Children in the household"]))
    rows = [["Name", "DOB", "Gender", "School / setting"]]
    tab = d.r.random() < 0.5
    for k in kids:
        d.reg(k, "child")
        d.subject(k)
        dob = d.dob_bare(k, d.r.choice(["dmy", "dmy", "long", "mon"]))
        g = "M" if k.gender == "m" else "F"
        if k.school:
            d.cue(k, "school")
            yl = year_label(school_year(k.dob, d.date), "full")
            s = "%s, %s" % (k.school, yl)
        else:
            s = "not in school"
        if tab:
            rows.append([d.full(k), dob, g, s])
        else:
            L.append("Name: %s   DOB: %s   Gender: %s   School: %s" % (d.full(k), dob, g, s))
    if tab:
        L.append(("table", rows))
    L.append("Address: %s" % kids[0].addr.oneline())
    for k in kids:
        d.cue(k, "address")
    d.reg(mum, "parent")
    d.cue(mum, "address")
    L.append(mum_intro(d, mum, style="Mother:") + ("  DOB: %s" % d.dob_bare(mum, "dmy") if d.r.random() < 0.5 else ""))
    partner = None
    if dad is not None:
        d.reg(dad, "parent" if d.r.random() < 0.5 else "partner")
        role = d.facts[dad.full]["role"]
        d.rel(dad)
        L.append(("Father: %s" if role == "parent" else "Mother's partner: %s") % d.full(dad))
        partner = dad
    L.append("Is the family aware of this referral? %s" % d.r.choice([
        "Yes - mum informed by phone", "No - police advised not to inform (risk to child)",
        "Yes, consent given", "No, informing would place the children at increased risk"]))
    L.append("")
    L.append(d.r.choice(["Reason for referral:", "Concerns:", "What are you worried about?",
                         "Details of concern (what has happened, when, who told you):"]))
    k = kids[0]
    pref = d.first(partner) if partner and d.r.random() < 0.6 else ("dad" if partner and d.facts[partner.full]["role"] == "parent" else "mum's partner")
    cat, ss = sentences(d, k, mum_ref=d.r.choice(["mum", d.first(mum), "Ms %s" % mum.last]),
                        partner_ref=pref, n=d.r.randint(1, 3))
    L.extend(ss)
    L.append("")
    L.append(d.r.choice(["Action taken so far:", "What have you done?", "Immediate actions:"]))
    L.append(d.r.choice(["Spoke to the child using open questions; recorded verbatim. DSL informed.",
                         "Discussed with my line manager and the named nurse.",
                         "Police informed (CAD ref given to MASH).",
                         "No action other than this referral."]))
    d.blocks = [b if isinstance(b, str) else b for b in L]
    d.formats = TEXT_FORMATS
    d.why = "%s referral naming %d child(ren) with DOB, address, school; %s concerns" % (agency, len(kids), cat)


def b_case_note(d, only_subject=None):
    """A children's social care case note about one child."""
    cname, dom = council(d)
    d.agency = "children's social care"
    d.genre = "case note"
    only = only_subject if only_subject is not None else d.r.random() < 0.45
    mum, dad, kids = d.w.family(nkids=d.r.choice([1, 1, 2]))
    k = kids[0]
    sw = d.prof(d.r.choice(CSC_ROLES), csc_org(d, cname), dom)
    d.reg(k, "child")
    d.subject(k)
    head = d.r.choice(["Case Note", "CASE NOTE", "Case recording", "Contact record", "Visit record"])
    d.title = "%s - %s" % (head, d.full(k)) if d.r.random() < 0.6 else head
    L = []
    if not d.title.endswith(k.full):
        L.append("Child: %s" % d.full(k))
    if d.r.random() < 0.4:
        L.append("Mosaic ID: %d" % d.r.randint(100000, 999999))
    L.append("Date: %s" % date_text(d))
    L.append("Type: %s" % d.r.choice(["Home visit (announced)", "Home visit (unannounced)", "Phone call",
                                      "Office visit", "School visit", "Virtual visit (Teams)"]))
    L.append("Worker: %s, %s" % (sw.name, sw.role))
    if not only:
        L.append(d.dob_text(k))
        if d.r.random() < 0.6:
            L.append("Address: %s" % d.addr_text(k, "oneline"))
    L.append("")
    if only:
        mref = d.r.choice(["mum", "Mum", "mother"])
    else:
        d.reg(mum, "parent")
        L.append(d.r.choice(["Present: ", "Seen with "]) + mum_intro(d, mum, k, style=d.r.choice(["mum", "(mother)"])) + ".")
        mref = d.r.choice([d.first(mum), "mum"])
    lower = d.r.random() < 0.25
    c = k.first.lower() if lower else k.first
    pref = d.r.choice(["mum's partner", "the partner", "mum's boyfriend"])
    cat, ss = sentences(d, k, mum_ref=mref, partner_ref=pref, n=2)
    body = []
    body.append(d.r.choice([
        "Visit to see %s as part of the ongoing assessment." % c,
        "Purpose: to see %s alone and discuss the recent concerns." % c,
        "Seen %s in %s bedroom, which was tidy; spoke alone for 20 mins." % (c, k.their),
        "%s was seen and spoken to alone." % c]))
    body.extend(ss)
    body.append(d.r.choice([
        "Analysis: risk remains high; %s is not yet safe at home." % c,
        "Plan: to discuss with manager today and update the chronology.",
        "Next visit within 10 working days.",
        "Management oversight requested re next steps."]))
    if lower:
        body = [typo(d.r, b.replace(k.first, c)) for b in body]
        d.lower = True
    L.extend(body)
    L.append("")
    L.append("%s, %s" % (sw.name, sw.role))
    d.blocks = L
    d.formats = TEXT_FORMATS
    d.why = ("named subject of a case note only (no age, DOB, address, school, relatives named); %s" % cat
             if only else "case note: child with DOB/address, mother named; %s" % cat)


def b_cpoms(d, with_year=None, n_pupils=None):
    """A CPOMS / MyConcern style log export: pupils with safeguarding
    incidents."""
    cname, dom = council(d)
    d.agency = "school"
    d.genre = d.r.choice(["CPOMS log", "MyConcern export", "safeguarding log"])
    with_year = with_year if with_year is not None else d.r.random() < 0.6
    secondary = d.r.random() < 0.5
    school = d.r.choice(pools.SCHOOL_NAMES_SECONDARY if secondary else pools.SCHOOL_NAMES_PRIMARY)
    staff = [d.prof(r, school, None, formal=True, phone=False) for r in
             d.r.sample(["Class Teacher", "Teaching Assistant", "DSL", "Deputy DSL", "Head of Year", "Midday Supervisor",
                         "Form Tutor", "Pastoral Lead"], 4)]
    n = n_pupils or d.r.choice([1, 1, 2, 3])
    pupils = []
    for _ in range(n):
        yrs = d.r.randint(11, 15) if secondary else d.r.randint(5, 10)
        p = d.w.person(years=yrs)
        p.school = school
        d.reg(p, "child")
        d.subject(p)
        pupils.append(p)
    header = ["Date", "Pupil"] + (["Year"] if with_year else []) + ["Category", "Details", "Action", "Logged by"]
    if d.r.random() < 0.3:
        header = ["Date/Time", "Student"] + (["Form"] if with_year else []) + ["Concern type", "Incident", "Action taken", "Staff"]
    rows = [header]
    ts = sorted(term_date(d.r, d.date, 40) for _ in range(d.r.randint(3, 8)))
    for i, t in enumerate(ts):
        p = pupils[i % n] if i < n else d.r.choice(pupils)
        cat, (tmpl, terms) = concern(d.r, age=d.age_years(p))
        text = fill(tmpl, d.r, c=p.first, p=p, mum="mum", partner="mum's partner", ref=d.date)
        d.term(*terms)
        act, aterms = d.r.choice(ACTIONS)
        d.term(*aterms)
        s = d.r.choice(staff)
        yrcell = []
        if with_year:
            d.cue(p, "school")
            y = school_year(p.dob, d.date)
            yrcell = [d.r.choice([year_label(y, "full"), "%d%s" % (y, d.r.choice("ABCDEFGHNRSW")), "Y%d" % y])]
        name = d.full(p) if d.r.random() < 0.8 else "%s, %s" % (p.last.upper(), p.first)
        rows.append(["%02d/%02d/%d %02d:%02d" % (t.day, t.month, t.year, d.r.randint(8, 16), d.r.randint(0, 59)) if "Time" in header[0] else "%02d/%02d/%d" % (t.day, t.month, t.year),
                     name] + yrcell + [{"physical": "Physical abuse", "neglect": "Neglect", "domestic-abuse": "Domestic abuse",
                                        "sexual": "Sexual abuse", "exploitation": "Exploitation", "emotional": "Emotional wellbeing",
                                        "substance": "Parental substance misuse", "hba-fgm": "HBA/FGM"}[cat],
                                       text, fill(act, d.r, ref=d.date), s.formal() if d.r.random() < 0.5 else s.name])
    d.title = d.r.choice(["%s - safeguarding log" % school, "CPOMS export %s" % school, "", "Incident log"])
    d.table(rows)
    d.table_doc = True
    d.formats = ["csv", "xlsx", "ods", "html", "pdf", "eml"]
    d.why = ("pupil(s) named with year group in a safeguarding log" if with_year
             else "pupil(s) identified only as the named subject of safeguarding log entries")


def b_hv_note(d):
    """A health visiting record with a concern."""
    d.agency = "health visiting"
    d.genre = "health visiting note"
    mum, dad, kids = d.w.family(kid_ages=[0] + ([d.r.randint(2, 6)] if d.r.random() < 0.4 else []))
    baby = kids[0]
    hv = d.prof("Health Visitor", d.r.choice(["0-19 Service", "Health Visiting Team"]) + ", " +
                d.r.choice(["Whittington Health", "Bromley Healthcare", "Lewisham and Greenwich NHS Trust",
                            "Central London Community Healthcare"]), "nhs.net")
    d.reg(baby, "child")
    d.reg(mum, "parent")
    kind = d.r.choice(["New birth visit", "Targeted contact", "6-8 week review", "Health visiting contact",
                       "Home visit", "Antenatal/postnatal contact"])
    d.title = "%s - %s" % (kind, date_text(d, style="dmy"))
    L = []
    intro = d.r.choice(["Baby %s, %s, seen at home (%s) with %s.",
                        "Seen %s (%s) at home, %s. Present: %s.",
                        "HV visit to %s, %s, at %s; %s present."])
    L.append(intro % (d.full(baby), d.age_text(baby), d.addr_text(baby, d.r.choice(["oneline", "line1pc"])),
                      mum_intro(d, mum, style="mum")))
    d.cue(mum, "address")
    d.subject(baby)
    if d.r.random() < 0.35:
        L.append("NHS No: %s" % d.gen_nhs())
        d.ident(baby)
    if len(kids) > 1:
        sib = kids[1]
        d.reg(sib, "child")
        d.rel(sib)
        L.append("Older sibling %s, %s, also present." % (d.first(sib), d.age_text(sib, "aged")))
    mref = d.first(mum)
    if d.r.random() < 0.5:
        cat = "domestic-abuse"
        L.append(d.r.choice(["Weight static since last visit. ", "Feeding well, weight on 50th centile. ", ""]) +
                 "%s disclosed that her ex-partner has turned up at the flat twice and threatened her; she is frightened for %s." % (mref, baby.first))
        L.append("DASH completed with %s: score %d, referral to MARAC made and GP informed." % (mref, d.r.randint(14, 22)))
        d.term("DASH", "MARAC", "domestic abuse")
    else:
        cat, ss = sentences(d, baby, mum_ref=mref, partner_ref="dad", n=1,
                            cat=d.r.choice(["neglect", "substance", "domestic-abuse"]))
        L.extend(ss)
    L.append(d.r.choice(["Plan: weekly visits; liaise with allocated SW.", "Will discuss at safeguarding supervision.",
                         "Next contact 2 weeks. Safeguarding team aware.", "Datix not required. GP and midwife informed."]))
    L.append("")
    L.append("%s, %s" % (hv.name, hv.role))
    d.add(*L)
    d.formats = TEXT_FORMATS
    d.why = "baby named with age and address, mother named; %s" % cat


def b_email_thread(d):
    """An e-mail thread about a family between professionals, with a quoted
    earlier message."""
    cname, dom = council(d)
    d.agency = d.r.choice(["children's social care", "school", "health"])
    d.genre = "e-mail thread"
    mum, dad, kids = d.w.family(nkids=d.r.choice([1, 2, 2, 3]), kid_ages=None)
    kids = [k for k in kids if d.age_years(k) >= 2] or kids
    for k in kids:
        assign_school(d, k)
    sw = d.prof(d.r.choice(CSC_ROLES), csc_org(d, cname), dom)
    sch = next((k.school for k in kids if k.school), None)
    if sch:
        other = d.prof(d.r.choice(["Designated Safeguarding Lead", "Deputy DSL", "Pastoral Lead"]), sch,
                       school_domain(d, sch, cname))
    else:
        other = d.prof(d.r.choice(["Health Visitor", "School Nurse"]), "0-19 Service", "nhs.net")
    first_from, first_to = (sw, other) if d.r.random() < 0.5 else (other, sw)
    # the first message
    A = []
    A.append(d.r.choice(["Hi %s," % first_to.first, "Dear %s," % first_to.first, "%s -" % first_to.first]))
    A.append("")
    names = []
    for k in kids:
        d.reg(k, "child")
        bits = []
        cue = d.r.choice(["age", "age", "school", "dob"])
        if cue == "age" or not k.school:
            bits.append("%s %s" % (d.first(k) if names else d.full(k), d.age_text(k, "paren")))
        elif cue == "school":
            bits.append("%s (%s)" % (d.first(k) if names else d.full(k), d.school_text(k, with_school=False)))
        else:
            bits.append("%s %s" % (d.full(k), d.dob_text(k, labelled=d.r.random() < 0.5, style="dmy")))
        names.append(bits[0])
    fam = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
    k0 = kids[0]
    A.append(d.r.choice([
        "Quick update on %s." % fam,
        "Just to let you know about %s." % fam,
        "Following our call, I'm writing about %s." % fam,
        "I need to share some info re %s." % fam]))
    mref = "mum"
    if d.r.random() < 0.6:
        d.reg(mum, "parent")
        A.append(d.r.choice(["Mum (%s) ", "Their mum %s ", "Mum, %s, "]) % d.first(mum) +
                 d.r.choice(["rang this morning.", "came in to see me yesterday.", "has not been answering calls."]))
        d.rel(mum)
        mref = mum.first
    cat, ss = sentences(d, k0, mum_ref=mref, partner_ref=d.r.choice(["mum's partner", "dad", "mum's boyfriend"]), n=2)
    A.extend(ss)
    if d.r.random() < 0.4:
        for k in kids:
            d.cue(k, "address")
        d.reg(mum, "parent") if mref != "mum" else None
        A.append(d.r.choice(["Next visit is at the family home, %s.", "Their address is still %s.",
                             "Core group will be at the family home, %s."]) % kids[0].addr.oneline())
        d.term("core group") if "Core group" in A[-1] else None
        if mum.full in d.facts:
            d.cue(mum, "address")
    A.append("")
    A.append(d.r.choice(["Thanks", "Many thanks", "Best wishes", "Kind regards"]) + ",")
    A.extend(first_from.sig(phone=d.r.random() < 0.5))
    # the reply
    B = [d.r.choice(["Hi %s," % first_from.first, "Thanks %s," % first_from.first, "%s," % first_from.first]), ""]
    B.append(d.r.choice([
        "Thanks for this. I'll add it to our log and we'll keep a close eye on %s in school." % d.nm(k0.first),
        "Noted. Can we discuss at the strat disc tomorrow? I'd like the police there.",
        "That's really worrying - I'll bring it to the core group on Thursday.",
        "Thank you. I have spoken to my manager and we agree this needs a strategy discussion.",
        "Thanks - we'll add this to the chronology. Will ring you after the home visit."]))
    for w in ("strat disc", "core group", "strategy discussion", "chronology"):
        if w in B[-1]:
            d.term(w)
    B.append("")
    B.extend([first_to.first] if d.r.random() < 0.5 else first_to.sig(phone=False))
    when0 = dt_of(d, hour=9) - datetime.timedelta(days=d.r.randint(0, 2))
    when1 = dt_of(d, hour=15)
    subj = d.r.choice(["%s family - update" % k0.last, "Update", "re: our call", "%s" % k0.first,
                       "info sharing - %s" % k0.last, "Concerns"])
    sep = d.r.choice(["on", "outlook"])
    if sep == "on":
        q = ["On %s, %s <%s> wrote:" % (when0.strftime("%a, %d %b %Y at %H:%M"), first_from.name, first_from.email)]
    else:
        q = ["", "-----Original Message-----", "From: %s <%s>" % (first_from.name, first_from.email),
             "Sent: %s" % when0.strftime("%d %B %Y %H:%M"), "To: %s <%s>" % (first_to.name, first_to.email),
             "Subject: %s" % subj, ""]
    body = B + [""] + q + (quote(A) if sep == "on" else A)
    d.add(*body)
    d.email = {"frm": (first_to.name, first_to.email), "to": [(first_from.name, first_from.email)],
               "subject": "RE: " + subj, "date": when1}
    d.formats = ["eml", "eml", "eml", "txt", "pdf", "html"]
    d.why = "e-mail thread: %d child(ren) named with age/school/DOB; %s" % (len(kids), cat)
