# SPDX-License-Identifier: LGPL-2.1-or-later
"""The intended protective marking of an evaluation document, worked out
from the facts that were put into it (never from its text, never by asking
pmark).

A private individual (child, parent, carer, relative, partner or another
private person) is identifiable when they carry a formal identifier, or when
they are named (full name or first name) together with at least one cue:
address, dob, age, school, relationship, case-subject. Professionals in
their work role and public figures are never identifiable; people who are
not named ("Child A", "mum", "a 7-year-old boy") are identifiable only by a
formal identifier.

Levels, with n the number of distinct identifiable private individuals
(a person's "count", default 1, stands for table rows):
  n >= 50 and case content -> CONFIDENTIAL
  n >= 1 and case content  -> RESTRICTED
  n >= 1                   -> PROTECT
  otherwise                -> NOT PROTECTIVELY MARKED
"""

LEVELS = ["NOT PROTECTIVELY MARKED", "PROTECT", "RESTRICTED", "CONFIDENTIAL"]
NPM, PROTECT, RESTRICTED, CONFIDENTIAL = LEVELS
PRIVATE_ROLES = ("child", "parent", "carer", "relative", "partner", "other-private")
ROLES = PRIVATE_ROLES + ("professional", "public")
NAMED = ("full", "first", "none")
CUES = ("identifier", "address", "dob", "age", "school", "relationship", "case-subject")
CONFIDENTIAL_THRESHOLD = 50


class FactsError(ValueError):
    pass


def validate(facts):
    """Raises FactsError when the facts do not follow the schema."""
    where = facts.get("id", "?") if isinstance(facts, dict) else "?"
    if not isinstance(facts, dict):
        raise FactsError("%s: facts must be an object" % where)
    for key in ("id", "persons", "case_content"):
        if key not in facts:
            raise FactsError("%s: missing %r" % (where, key))
    if not isinstance(facts["case_content"], bool):
        raise FactsError("%s: case_content must be true or false" % where)
    if not isinstance(facts["persons"], list):
        raise FactsError("%s: persons must be a list" % where)
    for p in facts["persons"]:
        if not isinstance(p, dict):
            raise FactsError("%s: a person must be an object" % where)
        if p.get("role") not in ROLES:
            raise FactsError("%s: %r: role %r not one of %s" % (where, p.get("ref"), p.get("role"), ROLES))
        if p.get("named") not in NAMED:
            raise FactsError("%s: %r: named %r not one of %s" % (where, p.get("ref"), p.get("named"), NAMED))
        cues = p.get("cues", [])
        if not isinstance(cues, list) or any(c not in CUES for c in cues):
            raise FactsError("%s: %r: cues %r not all in %s" % (where, p.get("ref"), cues, CUES))
        count = p.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise FactsError("%s: %r: count must be a positive integer" % (where, p.get("ref")))
    return facts


def identifiable(person):
    """True when this person (one facts entry) is an identifiable private
    individual."""
    if person.get("role") not in PRIVATE_ROLES:
        return False
    cues = person.get("cues") or []
    if "identifier" in cues:
        return True
    return person.get("named", "none") != "none" and len(cues) > 0


def label(facts):
    """facts -> {"level", "n_identifiable", "cues" (the union, in CUES
    order), "persons": [(ref, count, cues)] for the identifiable ones}."""
    validate(facts)
    who = [p for p in facts["persons"] if identifiable(p)]
    n = sum(p.get("count", 1) for p in who)
    union = set()
    for p in who:
        union.update(p.get("cues") or [])
    case = facts["case_content"]
    if n >= CONFIDENTIAL_THRESHOLD and case:
        level = CONFIDENTIAL
    elif n >= 1 and case:
        level = RESTRICTED
    elif n >= 1:
        level = PROTECT
    else:
        level = NPM
    return {"level": level, "n_identifiable": n,
            "cues": [c for c in CUES if c in union],
            "persons": [(p.get("ref", ""), p.get("count", 1), list(p.get("cues") or [])) for p in who]}


def level(facts):
    return label(facts)["level"]


if __name__ == "__main__":
    import json
    import sys
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            r = label(json.load(f))
        print("%s\t%s\tn=%d\t%s" % (path, r["level"], r["n_identifiable"], ",".join(r["cues"])))
