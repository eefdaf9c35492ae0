#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes a large synthetic case-file text for benchmarks: prose, meeting
notes and, in a few percent of paragraphs, identifiers (valid and invalid),
dates of birth and child-protection case words. With --people, a third of
the paragraphs are written the way case notes name people (a child with an
age, a school, an address; a parent by relationship; a worker by role),
the load the person recognisers carry. Deterministic.
Usage: gen-text.py OUT [SIZE_MB] [--people]"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import ids  # noqa: E402

rnd = random.Random(20261124)
WORDS = ("the of and to in a is that for it as was with be by on not he this "
         "are or his from at which but have an they you were her she there "
         "one all we their been has would when who will more no if out so "
         "said what up its about into than them can only other new some could "
         "time these two may then do first any my now such like our over man "
         "me even most made after also did many before must through back years "
         "where much your way well down should because each just those people "
         "school health visit family meeting report review service support plan "
         "agency officer record referral assessment housing team manager").split()
CASE = ["Section 47 enquiry", "strategy discussion", "child protection plan",
        "core group", "MARAC", "sexual exploitation", "LADO referral"]
NHS = ids.nhs_numbers(5000)
BAD = ids.nhs_invalid(2000)
NAMES = ["Robin Sample", "Casey Madeup", "Jordan Example", "Alex Testcase"]
FIRST = ("Jayden Amira Zayn Leo Chloe Maya Daisy Daniel Oliwia Kacper Aaliyah Mohammed "
         "Temitope Hamza Niamh Tyler Ruby Kai Destiny Alfie Harper Noah Isla Ayaan "
         "Fatima Kofi Ewa Tomasz Grace Hope Will").split()
LAST = ("Smith Okafor Hussain Brennan Balogun Wright Price Kowalczyk Nowak Popescu "
        "Adeyemi Mensah Osei Abdi Nguyen Yilmaz Begum Chaudhry McDonagh O'Brien "
        "Wood Hall Young Green Fitzgerald-Jones").split()
STREETS = ("Elm Road", "Canal View", "Brook Crescent", "Wellington Street", "Mill Lane",
           "Park Avenue", "Church Close")
ROLES = ("social worker", "Team Manager", "DSL", "health visitor", "class teacher")
RELS = ("mum", "dad", "her brother", "his sister", "mum's partner", "nan")


def person():
    return "%s %s" % (rnd.choice(FIRST), rnd.choice(LAST))


def people_sentence():
    r = rnd.random()
    if r < 0.25:
        return "%s, aged %d, Year %d, lives at %d %s, Croydon CR0 %dAB." % (
            person(), rnd.randint(4, 16), rnd.randint(1, 11), rnd.randint(1, 99),
            rnd.choice(STREETS), rnd.randint(1, 9))
    if r < 0.5:
        return "%s was seen with %s %s (%d) at home." % (
            person(), rnd.choice(RELS), rnd.choice(FIRST), rnd.randint(2, 15))
    if r < 0.75:
        return "%s, %s, visited on %d March and spoke to %s." % (
            person(), rnd.choice(ROLES), rnd.randint(1, 28), rnd.choice(FIRST))
    return "Kind regards,\n%s\n%s, Children's Social Care\n" % (person(), rnd.choice(ROLES))


def sentence():
    n = rnd.randint(6, 18)
    s = " ".join(rnd.choice(WORDS) for _ in range(n))
    return s[0].upper() + s[1:] + "."


def paragraph():
    parts = [sentence() for _ in range(rnd.randint(2, 6))]
    r = rnd.random()
    if r < 0.02:
        parts.insert(1, "NHS number %s." % rnd.choice(NHS))
    elif r < 0.03:
        parts.insert(1, "Reference %s." % rnd.choice(BAD))
    elif r < 0.035:
        parts.insert(1, "Name: %s, date of birth %02d/%02d/20%02d." % (
            rnd.choice(NAMES), rnd.randint(1, 28), rnd.randint(1, 12),
            rnd.randint(5, 20)))
    elif r < 0.04:
        parts.insert(1, "Phone 0%d." % rnd.randint(10**9, 10**10 - 1))
    if rnd.random() < 0.01:
        parts.append("A %s was held." % rnd.choice(CASE))
    if PEOPLE and rnd.random() < 0.33:
        parts.insert(rnd.randint(0, len(parts)), people_sentence())
    return " ".join(parts) + "\n\n"


PEOPLE = False


def main():
    global PEOPLE
    args = [a for a in sys.argv[1:] if a != "--people"]
    PEOPLE = "--people" in sys.argv
    out, size_mb = args[0], int(args[1]) if len(args) > 1 else 110
    target = size_mb * 1024 * 1024
    written = 0
    with open(out, "w") as f:
        while written < target:
            block = "".join(paragraph() for _ in range(200))
            f.write(block)
            written += len(block)
    print("%s: %.1f MB" % (out, written / 1e6))


if __name__ == "__main__":
    main()
