# SPDX-License-Identifier: LGPL-2.1-or-later
"""The evaluation generator's machinery: made-up people, addresses, dates,
and a document under construction that records, as its text is written,
which people it names and which cues it puts beside them (the facts
label.py turns into a level). Used by generate.py; shares nothing with
pmark."""
import datetime
import re

import pools

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
PRIVATE = ("child", "parent", "carer", "relative", "partner", "other-private")


def ordinal(n):
    if 10 <= n % 100 <= 20:
        return "%dth" % n
    return "%d%s" % (n, {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th"))


def fmt_date(d, style):
    if style == "dmy":
        return "%02d/%02d/%04d" % (d.day, d.month, d.year)
    if style == "dmy-short":
        return "%d/%d/%02d" % (d.day, d.month, d.year % 100)
    if style == "dmy-dots":
        return "%02d.%02d.%04d" % (d.day, d.month, d.year)
    if style == "long":
        return "%d %s %d" % (d.day, MONTHS[d.month - 1], d.year)
    if style == "ordinal":
        return "%s %s %d" % (ordinal(d.day), MONTHS[d.month - 1], d.year)
    if style == "mon":
        return "%02d-%s-%d" % (d.day, MONTHS[d.month - 1][:3], d.year)
    if style == "iso":
        return d.isoformat()
    if style == "short-mon":
        return "%d %s %d" % (d.day, MONTHS[d.month - 1][:3], d.year)
    raise ValueError(style)


DATE_STYLES = ["dmy", "dmy-short", "dmy-dots", "long", "ordinal", "mon", "iso", "short-mon"]


def years_between(dob, ref):
    return ref.year - dob.year - ((ref.month, ref.day) < (dob.month, dob.day))


def school_year(dob, ref):
    """England's year group on date ref: -2 none yet, -1 Nursery,
    0 Reception, 1..13."""
    start = ref.year if ref.month >= 9 else ref.year - 1
    cohort = dob.year if dob.month >= 9 else dob.year - 1
    return start - (cohort + 5)


def year_label(y, style):
    if y == -1:
        return "Nursery"
    if y == 0:
        return "Reception"
    return {"full": "Year %d", "Y": "Y%d", "Yr": "Yr %d", "yr": "yr%d", "YEAR": "Year %d"}[style] % y


class Person:
    def __init__(self, first, last, gender, community, dob):
        self.first, self.last, self.gender, self.community, self.dob = first, last, gender, community, dob
        self.addr = None
        self.school = None
        self.nhs = None

    @property
    def full(self):
        return "%s %s" % (self.first, self.last)

    @property
    def they(self):
        return "he" if self.gender == "m" else "she"

    @property
    def them(self):
        return "him" if self.gender == "m" else "her"

    @property
    def their(self):
        return "his" if self.gender == "m" else "her"

    @property
    def title(self):
        return "Mr" if self.gender == "m" else self.__dict__.get("_title", "Ms")


class Address:
    def __init__(self, number, flat, street, town, postcode, estate=None):
        self.number, self.flat, self.street, self.town, self.postcode, self.estate = (
            number, flat, street, town, postcode, estate)

    def line1(self):
        if self.estate:
            return "Flat %d, %s, %s" % (self.flat, self.estate, self.street) if self.flat else self.estate
        if self.flat:
            return "Flat %d, %d %s" % (self.flat, self.number, self.street)
        return "%d %s" % (self.number, self.street)

    def oneline(self):
        return "%s, %s %s" % (self.line1(), self.town, self.postcode)

    def block(self):
        parts = [self.line1(), self.town, self.postcode]
        if self.estate and self.flat:
            parts = ["Flat %d, %s" % (self.flat, self.estate), self.street, self.town, self.postcode]
        return parts


class Pools:
    """Name pools, flattened once."""

    def __init__(self):
        self.comm = {}
        for c, (f, m, s) in pools.COMMUNITIES.items():
            sur = [tuple(x.split("/")) if "/" in x else (x, x) for x in s.split()]
            self.comm[c] = (f.split(), m.split(), sur)
        self.weights = [(c, pools.WEIGHTS[c]) for c in pools.COMMUNITIES]
        firsts = set()
        surs = set(pools.DOUBLE_BARRELLED)
        for f, m, s in self.comm.values():
            firsts.update(f)
            firsts.update(m)
            for a, b in s:
                surs.update((a, b))
        self.n_first, self.n_surname = len(firsts), len(surs)


POOLS = Pools()


class World:
    """Random made-up people and places for one document."""

    def __init__(self, r, date):
        self.r = r
        self.date = date
        self.used = set()
        self.used_first = set()

    def community(self):
        tot = sum(w for _, w in POOLS.weights)
        x = self.r.uniform(0, tot)
        for c, w in POOLS.weights:
            x -= w
            if x <= 0:
                return c
        return "british"

    def surname(self, community, gender):
        f, m, s = POOLS.comm[community]
        a, b = self.r.choice(s)
        return a if gender == "m" else b

    def firstname(self, community, gender):
        f, m, s = POOLS.comm[community]
        for _ in range(20):
            n = self.r.choice(m if gender == "m" else f)
            if n not in self.used_first:
                return n
        return n

    def dob_for_age(self, years=None, months=None, weeks=None):
        ref = self.date
        if weeks is not None:
            return ref - datetime.timedelta(days=weeks * 7 + self.r.randint(0, 6))
        if months is not None:
            return ref - datetime.timedelta(days=int(months * 30.44) + self.r.randint(0, 25))
        lo = datetime.date(ref.year - years - 1, ref.month, min(ref.day, 28)) + datetime.timedelta(days=1)
        return lo + datetime.timedelta(days=self.r.randint(0, 363))

    def person(self, gender=None, community=None, surname=None, years=None, months=None, weeks=None,
               adult=False):
        gender = gender or self.r.choice("mf")
        community = community or self.community()
        for _ in range(50):
            first = self.firstname(community, gender)
            last = surname or self.surname(community, gender)
            if (first, last) not in self.used:
                break
            surname = None
        if years is None and months is None and weeks is None:
            years = self.r.randint(22, 48) if adult else self.r.randint(0, 17)
        dob = self.dob_for_age(years, months, weeks)
        p = Person(first, last, gender, community, dob)
        self.used.add((first, last))
        self.used_first.add(first)
        return p

    def family(self, nkids=None, kid_ages=None, father=None, mixed=None):
        """A mother (and maybe a father) with children sharing a surname
        (now and then a double-barrelled one)."""
        c = self.community()
        mum = self.person("f", c, years=self.r.randint(20, 44))
        nkids = nkids or self.r.choice([1, 1, 2, 2, 3])
        kid_ages = kid_ages or sorted((self.r.randint(0, 16) for _ in range(nkids)), reverse=True)
        fam = mum.last
        r = self.r.random()
        if r < 0.08:
            fam = self.r.choice(pools.DOUBLE_BARRELLED)
        elif r < 0.2:
            fam = self.surname(self.community(), "m")
        kids = []
        for a in kid_ages:
            g = self.r.choice("mf")
            sn = fam
            if "/" not in sn:
                for base, fem in POOLS.comm[c][2]:
                    if fam in (base, fem):
                        sn = base if g == "m" else fem
            if a == 0:
                k = self.person(g, c, surname=sn, weeks=self.r.randint(2, 40))
            else:
                k = self.person(g, c, surname=sn, years=a)
            kids.append(k)
        dad = None
        if father or (father is None and self.r.random() < 0.5):
            dad = self.person("m", c if self.r.random() < 0.7 else self.community(), years=self.r.randint(22, 50),
                              surname=fam if fam != mum.last and self.r.random() < 0.6 else None)
        addr = self.address()
        for p in [mum] + kids:
            p.addr = addr
        return mum, dad, kids

    def postcode(self, district=None):
        L = pools.POSTCODE_LETTERS
        return "%s %d%s%s" % (district, self.r.randint(1, 9), self.r.choice(L), self.r.choice(L))

    def address(self, place=None):
        town, districts = place or self.r.choice(pools.PLACES)
        street = "%s %s" % (self.r.choice(pools.STREETS), self.r.choice(pools.STREET_TYPES))
        pc = self.postcode(self.r.choice(districts))
        x = self.r.random()
        if x < 0.15:
            return Address(0, self.r.randint(1, 120), street, town, pc, self.r.choice(pools.ESTATES))
        if x < 0.4:
            return Address(self.r.randint(1, 240), self.r.randint(1, 9), street, town, pc)
        return Address(self.r.randint(1, 240), 0, street, town, pc)

    def venue_address(self):
        town, districts = self.r.choice(pools.PLACES)
        street = "%s %s" % (self.r.choice(pools.STREETS), self.r.choice(["Street", "Road", "Square", "Parade", "Way"]))
        return "%d %s, %s %s" % (self.r.randint(1, 120), street, town, self.postcode(self.r.choice(districts)))

    def phone(self, work=True):
        if work:
            return self.r.choice(["020 8%03d %04d", "020 7%03d %04d", "020 3%03d %04d"]) % (
                self.r.randint(100, 999), self.r.randint(0, 9999))
        return "07700 9%05d" % self.r.randint(0, 99999)


# --- words that mark a document's protective level: the set measures content
MARKING = re.compile(r"\b(OFFICIAL|PROTECT|RESTRICTED|CONFIDENTIAL|Protect|Restricted|Confidential|Official)\b"
                     r"|private and confidential|not protectively marked|official-sensitive"
                     r"|\bconfidential\b|\brestricted\b|\bprotect\b|\bofficial\b", re.I)


def marking_words(text):
    return sorted(set(m.group(0) for m in MARKING.finditer(text)))


TYPOS = {"received": "recieved", "appointment": "apointment", "because": "becuase",
         "definitely": "definately", "separate": "seperate", "tomorrow": "tommorow",
         "which": "wich", "really": "realy", "about": "abt", "would": "wd", "discussed": "discused",
         "necessary": "neccessary", "immediately": "immediatly", "concerned": "concered",
         "meeting": "meeing", "arrived": "arrvied", "believe": "beleive", "until": "untill"}


def typo(r, text, rate=0.35):
    def sub(m):
        w = m.group(0)
        return TYPOS[w] if r.random() < rate else w
    return re.sub(r"\b(%s)\b" % "|".join(TYPOS), sub, text)


class Prof:
    """A professional in their work role (never identifiable)."""

    def __init__(self, name, role, org, email, phone, title=None):
        self.name, self.role, self.org, self.email, self.phone, self.title = name, role, org, email, phone, title

    @property
    def first(self):
        return self.name.split()[0]

    @property
    def surname(self):
        return self.name.split()[-1]

    def formal(self):
        return "%s %s" % (self.title, self.surname) if self.title else self.name

    def sig(self, phone=True):
        lines = [self.name, self.role, self.org]
        if phone and self.phone:
            lines.append("Tel: %s" % self.phone)
        if self.email:
            lines.append(self.email)
        return lines


def slug(s):
    import unicodedata
    s = s.replace("ı", "i").replace("ł", "l").replace("Ł", "L")
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", s.lower().replace("'", ""))


class Doc:
    """A document under construction: its text blocks and the facts about
    the people in it, recorded by the helpers that write their mentions."""

    def __init__(self, did, r, date):
        self.id = did
        self.r = r
        self.date = date
        self.w = World(r, date)
        self.title = ""
        self.blocks = []          # str lines/paragraphs, or ("table", rows)
        self.genre = self.agency = ""
        self.trap = None
        self.why = ""
        self.formats = ["txt"]
        self.email = None         # for e-mails: dict(frm, to, cc, subject, date)
        self.table_doc = False    # content is essentially one table
        self.facts = {}           # key -> dict
        self.order = []
        self.terms = []
        self.lower = False
        self.lc_first = False

    # people
    def reg(self, p, role, key=None):
        key = key or (p.full if isinstance(p, Person) else p.name if isinstance(p, Prof) else p)
        if key not in self.facts:
            named = "none"
            self.facts[key] = {"ref": key, "role": role, "named": named, "cues": []}
            self.order.append(key)
        else:
            self.facts[key]["role"] = role
        return p

    def _f(self, p):
        key = p.full if isinstance(p, Person) else p.name if isinstance(p, Prof) else p
        if key not in self.facts:
            raise KeyError("person %r used before reg()" % key)
        return self.facts[key]

    def named(self, p, how):
        f = self._f(p)
        if how == "full" or f["named"] == "none":
            f["named"] = how if f["named"] != "full" else "full"

    def cue(self, p, c):
        f = self._f(p)
        if c not in f["cues"]:
            f["cues"].append(c)

    def group(self, ref, role, named, cues, count):
        self.facts[ref] = {"ref": ref, "role": role, "named": named, "cues": list(cues), "count": count}
        self.order.append(ref)

    def prof(self, role, org, domain=None, title=None, formal=False, email_style=None, phone=True):
        p = self.w.person(adult=True)
        name = p.full
        email = None
        if domain:
            st = email_style or self.r.choice(["first.last", "flast", "first.last", "firstlast"])
            loc = {"first.last": "%s.%s" % (slug(p.first), slug(p.last)),
                   "flast": "%s%s" % (slug(p.first)[0], slug(p.last)),
                   "firstlast": "%s%s" % (slug(p.first), slug(p.last))}[st]
            email = "%s@%s" % (loc, domain)
        t = title
        if formal and not t:
            t = "Mr" if p.gender == "m" else self.r.choice(["Mrs", "Ms", "Miss"])
        pr = Prof(name, role, org, email, self.w.phone() if phone else None, t)
        self.reg(pr, "professional")
        self.facts[pr.name]["named"] = "full"
        return pr

    def public(self, text_name):
        self.reg(text_name, "public")
        self.facts[text_name]["named"] = "full"
        return text_name

    def nm(self, s):
        return s.lower() if self.lower else s

    def full(self, p):
        self.named(p, "full")
        return self.nm(p.full)

    def first(self, p):
        self.named(p, "first")
        return self.nm(p.first)

    def cap_first(self, p):
        self.named(p, "first")
        return p.first

    # cues
    def age_text(self, p, style=None):
        """The person's age as practitioners write it; records the cue."""
        self.cue(p, "age")
        days = (self.date - p.dob).days
        y = years_between(p.dob, self.date)
        if y < 2:
            if days < 7 * 13:
                n = days // 7
                return self.r.choice(["%d weeks", "%d wks", "%d weeks old"]) % n
            m = int(days / 30.44)
            return self.r.choice(["%d months", "%d mths", "%d months old"] + (["%d/12"] if m < 12 else [])) % m
        style = style or self.r.choice(["aged", "paren", "yo", "age", "y/o", "aged", "paren", "yrs"])
        return {"aged": "aged %d", "paren": "(%d)", "yo": "%dyo", "age": "age %d", "y/o": "%d y/o",
                "yrs": "%d yrs"}[style] % y

    def age_years(self, p):
        return years_between(p.dob, self.date)

    def dob_text(self, p, labelled=True, style=None):
        self.cue(p, "dob")
        style = style or self.r.choice(DATE_STYLES)
        d = fmt_date(p.dob, style)
        if labelled:
            return self.r.choice(["DOB %s", "DOB: %s", "D.O.B. %s", "dob %s", "Date of birth: %s",
                                  "date of birth %s", "DoB %s", "d.o.b %s"]) % d
        return self.r.choice(["(%s)", "born %s", "b. %s", ", %s", "(born %s)"]) % d

    def dob_bare(self, p, style=None):
        self.cue(p, "dob")
        return fmt_date(p.dob, style or self.r.choice(DATE_STYLES))

    def school_text(self, p, style=None, with_school=None):
        self.cue(p, "school")
        y = school_year(p.dob, self.date)
        yl = year_label(y, self.r.choice(["full", "full", "Y", "Yr"]))
        sch = p.school or "the school"
        if with_school is None:
            with_school = self.r.random() < 0.5
        if with_school and p.school:
            if y <= 0:
                return "%s at %s" % (yl, sch)
            return self.r.choice(["%s at %s", "%s, %s", "a %s pupil at %s"]) % (yl, sch)
        return yl

    def addr_text(self, p, style=None):
        self.cue(p, "address")
        a = p.addr
        style = style or self.r.choice(["oneline", "oneline", "postcode", "line1pc"])
        if style == "postcode":
            return a.postcode
        if style == "line1pc":
            return "%s, %s" % (a.line1(), a.postcode)
        return a.oneline()

    def rel(self, p):
        self.cue(p, "relationship")

    def subject(self, p):
        self.cue(p, "case-subject")

    def ident(self, p):
        self.cue(p, "identifier")

    # text
    def term(self, *ts):
        for t in ts:
            if t not in self.terms:
                self.terms.append(t)

    def add(self, *lines):
        self.blocks.extend(lines)

    def table(self, rows):
        self.blocks.append(("table", rows))

    def facts_json(self):
        persons = []
        for k in self.order:
            f = dict(self.facts[k])
            if f.get("count", 1) == 1:
                f.pop("count", None)
            persons.append(f)
        return {"id": self.id, "agency": self.agency, "genre": self.genre, "persons": persons,
                "case_content": bool(self.terms), "case_terms": list(self.terms), "trap": self.trap,
                "why": self.why}

    def plain_text(self):
        out = [self.title] if self.title else []
        for b in self.blocks:
            if isinstance(b, tuple):
                out.extend(" | ".join(row) for row in b[1])
            else:
                out.append(b)
        if self.email:
            e = self.email
            out = [e.get("subject", "")] + out
        return "\n".join(out)


# formal identifiers, made up (tools/ids.py: NHS numbers from the 999 range)
import os as _os
import sys as _sys
_sys.path.insert(0, _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "..", "..", "tools"))
import ids as _ids  # noqa: E402

_NHS = _ids.nhs_numbers(4000, start=200000)
_NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"


def _gen_nhs(self):
    n = self.r.choice(_NHS)
    return n if self.r.random() < 0.75 else n.replace(" ", "")


def _gen_ni(self):
    while True:
        p = self.r.choice(_NI_FIRST) + self.r.choice(_NI_SECOND)
        if p not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            break
    dg = "%06d" % self.r.randrange(10 ** 6)
    s = self.r.choice("ABCD")
    return self.r.choice(["%s %s %s %s %s" % (p, dg[:2], dg[2:4], dg[4:], s), "%s%s%s" % (p, dg, s)])


def _gen_upn(self):
    la = self.r.choice(["306", "208", "210", "209", "204", "309", "211", "320", "317", "303", "307", "316"])
    body = la + "%04d" % self.r.randint(2000, 7999) + "%02d" % self.r.randint(12, 22) + "%03d" % self.r.randint(1, 999)
    return _ids.upn(body)


Doc.gen_nhs = _gen_nhs
Doc.gen_ni = _gen_ni
Doc.gen_upn = _gen_upn
