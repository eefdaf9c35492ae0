# SPDX-License-Identifier: LGPL-2.1-or-later
"""Made-up identifiers for samples and tests, computed with the published
check-digit rules (NHS numbers from the never-issued 999 range)."""

UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ0123456789"


def nhs_check(nine):
    s = sum(int(d) * (10 - i) for i, d in enumerate(nine))
    c = 11 - s % 11
    return None if c == 10 else (0 if c == 11 else c)


def _nhs_999(count, start, wrong):
    """999-range numbers, formatted 3-3-4, with the right check digit or
    (wrong=True) a wrong one; nine-digit stems whose check would be 10
    (never issued) are skipped."""
    out, n = [], start
    while len(out) < count:
        nine = "999%06d" % n
        n += 1
        c = nhs_check(nine)
        if c is None:
            continue
        d = nine + str((c + 1) % 10 if wrong else c)
        out.append("%s %s %s" % (d[:3], d[3:6], d[6:]))
    return out


def nhs_numbers(count, start=0):
    """Valid NHS numbers 999 xxx xxxx."""
    return _nhs_999(count, start, False)


def nhs_invalid(count, start=0):
    """999-range numbers whose check digit is wrong."""
    return _nhs_999(count, start, True)


def upn(body12):
    s = sum(k * UPN_ALPHABET.index(ch) for k, ch in enumerate(body12, start=2))
    return UPN_ALPHABET[s % 23] + body12


def chi(ddmmyy, serial3):
    nine = ddmmyy + serial3
    c = nhs_check(nine)
    return None if c is None else nine + str(c)
