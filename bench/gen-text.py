#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes a large synthetic case-file text for benchmarks: prose, meeting
notes and, in a few percent of paragraphs, identifiers (valid and invalid),
dates of birth and child-protection case words. Deterministic."""
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
    return " ".join(parts) + "\n\n"


def main():
    out, size_mb = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 110
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
