# SPDX-License-Identifier: LGPL-2.1-or-later
"""Short, informal case documents in which every identifiable person is
identified by one kind of cue only (age, school, relationship, an
unlabelled date of birth, address, a formal identifier)."""
import pools
from bcommon import CSC_ROLES, council, csc_org, school_domain, assign_school, date_text, dt_of
from casetext import fill, concern, ACTIONS, CONCERNS
from gencore import school_year, year_label, fmt_date, typo

GENRES = ["duty log entry", "Teams message", "handover note", "e-mail", "e-mail", "phone message"]


def _concern_lines(d, kid, c, mum="mum", partner="mum's partner", cat=None, n=1):
    from casetext import eligible
    age = d.age_years(kid) if kid is not None else None
    cat, _ = concern(d.r, cat, age)
    out = []
    pool = eligible(age)[cat]
    for t, terms in d.r.sample(pool, min(n, len(pool))):
        out.append(fill(t, d.r, c=c, p=kid, mum=mum, partner=partner, ref=d.date))
        d.term(*terms)
    t, terms = d.r.choice(ACTIONS)
    out.append(fill(t, d.r, c=c, p=kid, ref=d.date))
    d.term(*terms)
    return cat, out


def _wrap(d, genre, lines, cname, dom, subject):
    """Puts the lines into the genre: header, sign-off, e-mail headers."""
    author = d.prof(d.r.choice(CSC_ROLES + ["DSL", "Health Visitor", "Early Help Practitioner"]),
                    csc_org(d, cname), dom)
    if genre == "e-mail":
        to = d.prof(d.r.choice(CSC_ROLES), csc_org(d, cname), dom)
        body = [d.r.choice(["Hi %s," % to.first, "%s," % to.first, "Morning %s," % to.first]), ""] + lines + [
            "", d.r.choice(["Thanks", "Cheers", "Speak later", "Many thanks"]) + ",", author.first]
        if d.r.random() < 0.5:
            body += ["", author.name, author.role, author.org]
        d.add(*body)
        d.email = {"frm": (author.name, author.email), "to": [(to.name, to.email)], "subject": subject,
                   "date": dt_of(d)}
        d.formats = ["eml", "eml", "txt", "pdf", "html"]
    elif genre == "Teams message":
        t = dt_of(d)
        d.title = ""
        d.add("%s  %s" % (author.name, t.strftime("%d/%m/%Y %H:%M")))
        d.add(*lines)
        d.add("", "%s  %s" % (author.name, t.strftime("%H:%M")), d.r.choice(["will update mosaic later",
                                                                            "can someone pick this up pls",
                                                                            "thx"]))
        d.formats = ["txt", "docx", "html", "rtf"]
    else:
        d.title = d.r.choice({"duty log entry": ["Duty log", "Front door duty log - %s" % date_text(d, style="dmy")],
                              "handover note": ["Handover", "Handover notes (EDT to day team)"],
                              "phone message": ["Telephone message", "Phone msg"]}[genre])
        d.add("Date: %s   Taken by: %s" % (date_text(d, style="dmy"), author.name))
        d.add("")
        d.add(*lines)
        d.formats = ["txt", "docx", "odt", "pdf", "rtf", "html"]


def b_only(d, mode):
    cname, dom = council(d)
    d.agency = d.r.choice(["children's social care", "school", "health", "police", "early help"])
    genre = d.r.choice(GENRES)
    d.genre = "%s (%s only)" % (genre, mode)
    if genre in ("Teams message", "handover note", "phone message") and d.r.random() < 0.3:
        d.lower = True
    subject = d.r.choice(["Quick one", "Update", "FYI", "for tomorrow", "Worry", "Duty", "call back pls"])
    lines = []
    if mode == "age":
        kid = d.w.person(years=d.r.randint(2, 16))
        d.reg(kid, "child")
        style = d.r.choice(["paren", "aged", "yo", "y/o", "a-year-old"])
        c = d.first(kid) if d.r.random() < 0.6 else d.full(kid)
        if style == "a-year-old":
            d.cue(kid, "age")
            intro = "%s, a %d-year-old %s," % (c, d.age_years(kid), "boy" if kid.gender == "m" else "girl")
        else:
            intro = "%s %s" % (c, d.age_text(kid, style))
        cat, cl = _concern_lines(d, kid, d.nm(kid.first))
        lines.append(d.r.choice(["Re %s:" % intro.rstrip(","), "Call from mum re %s." % intro.rstrip(","),
                                 "Concern raised about %s." % intro.rstrip(",")]))
        lines.extend(cl)
        d.why = "child named with an age only; %s" % cat
    elif mode == "school":
        kid = d.w.person(years=d.r.randint(5, 15))
        assign_school(d, kid)
        d.reg(kid, "child")
        c = d.first(kid) if d.r.random() < 0.6 else d.full(kid)
        y = school_year(kid.dob, d.date)
        d.cue(kid, "school")
        ys = d.r.choice([year_label(y, "full"), year_label(y, "Y"), year_label(y, "Yr")])
        intro = d.r.choice(["%s in %s" % (c, ys), "%s (%s)" % (c, ys), "%s, %s at %s," % (c, ys, kid.school),
                            "%s from %s" % (c, ys)])
        cat, cl = _concern_lines(d, kid, d.nm(kid.first))
        lines.append(d.r.choice(["Flagging %s." % intro.rstrip(","), "DSL here re %s." % intro.rstrip(","),
                                 "%s -" % intro.rstrip(",")]))
        lines.extend(cl)
        d.why = "child named with a school/year group only; %s" % cat
    elif mode == "relationship":
        variant = d.r.choice(["son", "son", "partner", "dad"])
        if variant == "son":
            mum = d.w.person("f", adult=True)
            kid = d.w.person(years=d.r.randint(3, 16), community=mum.community)
            d.reg(kid, "child")
            d.rel(kid)
            rel = "son" if kid.gender == "m" else "daughter"
            what = d.r.choice(["has not been home since Friday", "came home with a black eye",
                               "is refusing to go home", "has been self-harming"])
            lines.append(d.r.choice(["Mum rang duty: her %s %s %s." % (rel, d.first(kid), what),
                                     "Call from a mum about her %s %s, who %s." % (rel, d.first(kid), what)]))
            if "since Friday" in what:
                d.term("missing")
            cat, cl = _concern_lines(d, kid, d.nm(kid.first))
        else:
            adult = d.w.person("m", adult=True)
            d.reg(adult, "partner" if variant == "partner" else "parent")
            d.rel(adult)
            ref = ("mum's partner %s" % d.first(adult)) if variant == "partner" else ("the children's dad %s" % d.first(adult))
            lines.append(d.r.choice(["Worries about the family; %s is back in the house." % ref,
                                     "Neighbour reports %s shouting at the children most nights." % ref]))
            cat, cl = _concern_lines(d, None, "the child", partner=adult.first,
                                     cat=d.r.choice(["domestic-abuse", "physical"]))
        lines.extend(cl)
        d.why = "a family member named through a relationship only; %s" % cat
    elif mode == "dob":
        kid = d.w.person(years=d.r.randint(0, 16))
        d.reg(kid, "child")
        style = d.r.choice(["dmy", "ordinal", "long", "mon", "dmy-dots", "dmy-short"])
        form = d.r.choice(["(%s)", "born %s", "(born %s)", ", %s"])
        dtxt = form % d.dob_bare(kid, style)
        sep = "" if form.startswith(",") else " "
        intro = "%s%s%s" % (d.full(kid), sep, dtxt)
        subject = d.r.choice(["%s - strat disc outcome" % kid.full, "Re: %s" % kid.full, subject])
        cat, cl = _concern_lines(d, kid, d.nm(kid.first))
        lines.append(d.r.choice(["Re: %s" % intro, "Outcome for %s:" % intro, "Following up on %s." % intro]))
        lines.extend(cl)
        d.why = "child named with a date of birth without a DOB label; %s" % cat
    elif mode == "address":
        victim = d.w.person("f", adult=True)
        victim.addr = d.w.address()
        d.reg(victim, "parent")
        style = d.r.choice(["oneline", "line1pc", "postcode"])
        a = d.addr_text(victim, style)
        c = d.full(victim)
        if style == "postcode":
            lines.append(d.r.choice(["DA call from %s, postcode %s." % (c, a), "%s (%s) rang 999." % (c, a)]))
        else:
            lines.append(d.r.choice(["Police attended %s at 02:10 following a 999 call from %s." % (a, c),
                                     "%s, of %s, came into the office." % (c, a),
                                     "Visit to %s at %s." % (c, a)]))
        cat, cl = _concern_lines(d, None, "the children", mum=victim.first, partner="her ex-partner", cat="domestic-abuse")
        lines.extend(cl)
        lines.append("Two children in the household, not named on the log.")
        d.why = "adult named with a home address only; domestic abuse"
    elif mode == "identifier":
        kind = d.r.choice(["nhs", "nhs", "upn", "ni"])
        p = d.w.person(years=d.r.randint(0, 15))
        key = "the child" if kind != "ni" else "the parent"
        d.reg(key, "child" if kind != "ni" else "parent")
        d.ident(key)
        if kind == "nhs":
            lines.append(d.r.choice(["NHS No: %s", "NHS number %s", "Patient NHS no. %s"]) % d.gen_nhs())
            cat, cl = _concern_lines(d, p, "the child", cat=d.r.choice(["physical", "neglect"]))
        elif kind == "upn":
            lines.append(d.r.choice(["UPN: %s", "Pupil UPN %s", "Unique pupil number: %s"]) % d.gen_upn())
            cat, cl = _concern_lines(d, p, "the pupil")
        else:
            lines.append(d.r.choice(["NI number: %s", "Claimant NINO %s", "National Insurance no. %s"]) % d.gen_ni())
            cat, cl = _concern_lines(d, None, "the children", mum="the claimant", cat="domestic-abuse")
        lines.extend(cl)
        lines.append("Name withheld in this message - see the secure record.")
        d.why = "no name: a labelled %s number only; %s" % (kind.upper(), cat)
    if d.r.random() < 0.3:
        lines = [typo(d.r, l) for l in lines]
    _wrap(d, genre, lines, cname, dom, subject)
