#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes pmark's evaluation set: made-up safeguarding and everyday
documents, each labelled with the protective marking the London
Safeguarding Children Board guidance intends, worked out by label.py from
the facts that were put into the document (who is named, with which cues,
whether there is case content) -- never from pmark.

  generate.py OUTDIR [--seed N]

Two sources:
  - this generator's own documents (the builders in b_*.py), written the
    way practitioners write, in many agencies, genres and formats;
  - the hand-written documents in handwritten/ (<id>.txt|.eml|.csv with
    <id>.facts.json), a deterministic share of them rendered into
    docx/odt/pdf/html/rtf (text) and xlsx/ods (CSV).

Writes the documents and OUTDIR/labels.json: {file: {level, split, id,
genre, agency, format, cues, n_identifiable, trap, why}}. The split is
"test" when sha256(id) is odd, else "dev"."""
import argparse
import datetime
import hashlib
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, HERE)

import label as labelmod  # noqa: E402
import render  # noqa: E402
from gencore import Doc, marking_words, POOLS, slug  # noqa: E402
import b_case  # noqa: E402
import b_only  # noqa: E402
import b_lists  # noqa: E402
import b_letters  # noqa: E402
import b_traps  # noqa: E402
import b_traps2  # noqa: E402
import b_more  # noqa: E402
import b_plain  # noqa: E402
import b_lists2  # noqa: E402
import pools  # noqa: E402

HANDWRITTEN = os.path.join(HERE, "handwritten")
START = datetime.date(2025, 9, 1)
SPAN_DAYS = 210
FORMATS = ["txt", "docx", "odt", "pdf", "eml", "xlsx", "csv", "html", "rtf"]

# (name, builder, number of documents). Names are part of each document's
# id: renaming one changes its documents' ids and so their split.
PLAN = [
    # RESTRICTED: identifiable people and case content
    ("mash-referral", b_case.b_mash_referral, 12),
    ("case-note", b_case.b_case_note, 10),
    ("case-note-subject", lambda d: b_case.b_case_note(d, only_subject=True), 7),
    ("cpoms", b_case.b_cpoms, 8),
    ("cpoms-subject", lambda d: b_case.b_cpoms(d, with_year=False), 5),
    ("hv-note", b_case.b_hv_note, 8),
    ("email-thread", b_case.b_email_thread, 12),
    ("only-age", lambda d: b_only.b_only(d, "age"), 6),
    ("only-school", lambda d: b_only.b_only(d, "school"), 6),
    ("only-relationship", lambda d: b_only.b_only(d, "relationship"), 6),
    ("only-dob", lambda d: b_only.b_only(d, "dob"), 6),
    ("only-address", lambda d: b_only.b_only(d, "address"), 5),
    ("only-identifier", lambda d: b_only.b_only(d, "identifier"), 5),
    ("strategy", b_more.b_strategy, 8),
    ("core-group", b_more.b_core_group, 8),
    ("chronology", b_more.b_chronology, 6),
    ("police", b_more.b_police, 8),
    ("hospital", b_more.b_hospital, 7),
    ("gp", b_more.b_gp, 6),
    ("housing", b_more.b_housing, 4),
    ("idva", b_more.b_idva, 5),
    ("yot", b_more.b_yot, 5),
    ("early-help", b_more.b_early_help, 5),
    ("camhs", b_more.b_camhs, 5),
    ("school-referral", b_more.b_school_referral, 6),
    # RESTRICTED lists, under 50 people
    ("caseload-small", lambda d: b_lists.b_caseload(d, n=d.r.randint(20, 49)), 3),
    ("marac-small", lambda d: b_lists.b_marac(d, n_cases=d.r.randint(5, 12), min_people=0), 3),
    ("school-log-small", lambda d: b_lists2.b_school_log(d, n=d.r.randint(15, 49)), 2),
    ("cp-register-small", lambda d: b_lists2.b_cp_register(d, n=d.r.randint(25, 49)), 2),
    # CONFIDENTIAL: 50 or more identifiable people with case content
    ("caseload", b_lists.b_caseload, 7),
    ("marac", b_lists.b_marac, 6),
    ("school-log", b_lists2.b_school_log, 5),
    ("cp-register", b_lists2.b_cp_register, 5),
    ("missing-tracker", b_lists2.b_missing_tracker, 5),
    # PROTECT: identifiable people, no case content
    ("clinic-letter", b_letters.b_clinic_letter, 8),
    ("school-letter", b_letters.b_school_letter, 8),
    ("admission", b_letters.b_admission, 6),
    ("class-list", b_lists.b_class_list, 8),
    ("hv-routine", b_plain.b_hv_routine, 6),
    ("gp-letter", b_plain.b_gp_letter, 6),
    ("housing-letter", b_plain.b_housing_letter, 4),
    ("pupil-newsletter", b_plain.b_pupil_newsletter, 5),
    ("ident-protect", b_plain.b_ident_protect, 4),
    ("club-booking", b_plain.b_club_booking, 5),
    ("nursery-letter", b_plain.b_nursery_letter, 4),
    ("school-report", b_plain.b_school_report, 5),
    ("nursery-register", b_plain.b_nursery_register, 5),
    # NOT PROTECTIVELY MARKED traps
    ("procedure", b_traps.b_procedure, 12),
    ("review", b_traps.b_review, 8),
    ("rota", b_traps.b_rota, 8),
    ("contact-list", b_traps.b_contact_list, 8),
    ("newsletter", b_traps.b_newsletter, 7),
    ("press-release", b_traps.b_press_release, 6),
    ("blank-form", b_traps.b_blank_form, 7),
    ("statistics", b_traps.b_statistics, 8),
    ("invoice", b_traps2.b_invoice, 7),
    ("training", b_traps2.b_training, 6),
    ("minutes-professional", b_traps2.b_minutes_prof, 7),
    ("job-advert", b_traps2.b_job_advert, 5),
    ("email-professional", b_traps2.b_prof_email, 8),
    ("case-study", b_traps2.b_case_study, 6),
    ("dear-parent", b_traps2.b_dear_parent, 6),
    ("agenda", b_traps2.b_agenda, 5),
    ("anonymised-list", b_traps2.b_anon_list, 5),
    ("training-record", b_traps2.b_training_record, 5),
]


def split_of(did):
    return "test" if int(hashlib.sha256(did.encode()).hexdigest(), 16) % 2 else "dev"


def choose_format(d, counts, r):
    weights = {}
    for f in d.formats:
        weights[f] = weights.get(f, 0) + 1
    return min(weights, key=lambda f: (counts.get(f, 0) + r.random() * 1.5) / weights[f])


AGENCY_SENDER = {
    "school": ("Designated Safeguarding Lead", "school"),
    "health": ("Named Nurse for Safeguarding Children", "nhs"),
    "health visiting": ("Health Visitor", "nhs"),
    "hospital": ("Paediatric Liaison Nurse", "nhs"),
    "GP": ("Practice Manager", "nhs"),
    "police": ("Detective Sergeant, Public Protection", "police"),
}


def cover_people(d):
    """A sender and a recipient at work addresses, for a document sent by
    e-mail."""
    cname, dom = d.r.choice(pools.COUNCILS)
    role, kind = AGENCY_SENDER.get(d.agency, (d.r.choice(["Business Support Officer", "Team Manager", "Practice Manager",
                                                           "Partnership Manager", "Senior Practitioner"]), "council"))
    if kind == "school":
        sch = d.r.choice(pools.SCHOOL_NAMES_PRIMARY + pools.SCHOOL_NAMES_SECONDARY)
        org, sdom = sch, "%s.sch.uk" % slug(sch.replace("School", ""))[:16]
    elif kind == "nhs":
        org, sdom = d.r.choice(pools.HOSPITALS + pools.GP_PRACTICES), "nhs.net"
    elif kind == "police":
        org, sdom = "Metropolitan Police", "met.police.uk"
    else:
        org, sdom = "London Borough of %s" % cname, dom
    frm = d.prof(role, org, sdom)
    to = d.prof(d.r.choice(["Team Manager", "Duty Social Worker", "Business Support", "Safeguarding Lead",
                            "Head of Service"]), "London Borough of %s" % cname, dom)
    return frm, to


def email_head_lines(e):
    lines = ["From: %s <%s>" % e["frm"], "Sent: %s" % e["date"].strftime("%A, %d %B %Y %H:%M"),
             "To: %s" % "; ".join("%s <%s>" % p for p in e["to"])]
    if e.get("cc"):
        lines.append("Cc: %s" % "; ".join("%s <%s>" % p for p in e["cc"]))
    lines += ["Subject: %s" % e["subject"], ""]
    return lines


def render_doc(d, fmt):
    """bytes of d in fmt, and the text as written (for the check against
    marking words)."""
    r = d.r
    if d.email:
        e = d.email
        if fmt == "eml":
            data = render.make_eml(e["frm"], e["to"], e["subject"], e["date"],
                                   [b for b in d.blocks if isinstance(b, str)], cc=e.get("cc"),
                                   msgid="<%s@mail.example.net>" % d.id)
            return data, e["subject"] + "\n" + d.plain_text()
        blocks = email_head_lines(e) + d.blocks
        return render.WRITERS[fmt]("", blocks, r), "\n".join(email_head_lines(e)) + d.plain_text()
    if fmt != "eml":
        return render.WRITERS[fmt](d.title, d.blocks, r), d.plain_text()
    frm, to = cover_people(d)
    when = datetime.datetime(d.date.year, d.date.month, d.date.day, r.randint(8, 18), r.randint(0, 59),
                             tzinfo=datetime.timezone.utc)
    subject = d.title or d.r.choice(["Document", "As discussed", "For your records", "See attached"])
    how = r.choice(["attach", "attach", "inline"])
    greet = [r.choice(["Hi %s," % to.first, "Dear %s," % to.first, "Hello,"]), ""]
    sign = ["", r.choice(["Thanks", "Kind regards", "Many thanks", "Best wishes"]) + ",", ""] + frm.sig()
    if how == "inline":
        body = greet + [r.choice(["As requested:", "Please see below.", "Pasting this in below:"]), ""] + \
            render.flat_lines(d.title, d.blocks, r) + sign
        data = render.make_eml((frm.name, frm.email), [(to.name, to.email)], subject, when, body,
                               msgid="<%s@mail.example.net>" % d.id)
        return data, subject + "\n" + "\n".join(body)
    if d.table_doc:
        kind = r.choice(["csv", "xlsx"])
    else:
        kind = r.choice(["docx", "pdf"])
    att = render.WRITERS[kind](d.title, d.blocks, r)
    name = r.choice(["Document%d" % r.randint(1, 9), "scan_%04d" % r.randint(1, 9999), "export", "attachment",
                     "file%d" % r.randint(10, 99)]) + "." + kind
    body = greet + [r.choice(["Please find attached.", "Please see the attached.", "Attached as discussed.",
                              "Sending this over securely."])] + sign
    data = render.make_eml((frm.name, frm.email), [(to.name, to.email)], subject, when, body,
                           attachments=[(name, att)], msgid="<%s@mail.example.net>" % d.id,
                           boundary="==pmark-eval-%s==" % d.id)
    return data, subject + "\n" + "\n".join(body) + "\n" + d.plain_text()


def entry(facts, fmt, did):
    lab = labelmod.label(facts)
    return {"level": lab["level"], "split": split_of(did), "id": did, "genre": facts.get("genre", ""),
            "agency": facts.get("agency", ""), "format": fmt, "cues": lab["cues"],
            "n_identifiable": lab["n_identifiable"], "trap": facts.get("trap"), "why": facts.get("why", "")}


def build_own(outdir, seed, labels, warn):
    counts = {}
    for name, fn, n in PLAN:
        for j in range(n):
            did = "gen-" + hashlib.sha256(("%s:%d" % (name, j)).encode()).hexdigest()[:10]
            r = random.Random("%d:%s:%d" % (seed, name, j))
            date = START + datetime.timedelta(days=r.randint(0, SPAN_DAYS))
            d = Doc(did, r, date)
            fn(d)
            fmt = choose_format(d, counts, r)
            data, text = render_doc(d, fmt)
            bad = marking_words(text)
            if bad:
                raise SystemExit("generate.py: %s (%s) contains marking words %s" % (did, name, bad))
            counts[fmt] = counts.get(fmt, 0) + 1
            fname = "%s.%s" % (did, fmt)
            with open(os.path.join(outdir, fname), "wb") as f:
                f.write(data)
            facts = d.facts_json()
            facts["file"] = fname
            labels[fname] = entry(facts, fmt, did)
            labels[fname]["builder"] = name
    return counts


# handwritten/: .txt rendered to docx, odt, pdf, html or rtf for about five
# in eight of them, .csv to xlsx or ods for about two in three
TXT_RENDER = ["docx", "odt", "pdf", "html", "rtf", None, None, None]
CSV_RENDER = ["xlsx", "ods", None]


def build_handwritten(outdir, labels, warn, hwdir=HANDWRITTEN):
    if not os.path.isdir(hwdir):
        return 0
    n = 0
    for fn in sorted(os.listdir(hwdir)):
        if not fn.endswith(".facts.json"):
            continue
        path = os.path.join(hwdir, fn)
        try:
            with open(path, encoding="utf-8") as f:
                facts = json.load(f)
            labelmod.validate(facts)
        except (ValueError, OSError) as e:
            warn("handwritten/%s: skipped: %s" % (fn, e))
            continue
        did = facts["id"]
        src = facts.get("file") or ""
        if not src or not os.path.exists(os.path.join(hwdir, src)):
            cands = [x for x in os.listdir(hwdir) if x.startswith(did + ".") and not x.endswith(".facts.json")]
            if not cands:
                warn("handwritten/%s: no document beside the facts; skipped" % fn)
                continue
            src = cands[0]
        with open(os.path.join(hwdir, src), "rb") as f:
            data = f.read()
        ext = src.rsplit(".", 1)[-1].lower()
        h = int(hashlib.sha256(("render:" + did).encode()).hexdigest(), 16)
        target = None
        if ext == "txt":
            target = TXT_RENDER[h % len(TXT_RENDER)]
        elif ext == "csv":
            target = CSV_RENDER[h % len(CSV_RENDER)]
        text = data.decode("utf-8-sig", errors="replace")
        if target:
            if ext == "txt":
                lines = text.splitlines()
                out = render.WRITERS[target]("", lines)
            else:
                import csv as csvmod
                import io
                rows = list(csvmod.reader(io.StringIO(text)))
                out = render.WRITERS[target]("", [("table", rows)])
            fmt = target
        else:
            out, fmt = data, ext
        bad = marking_words(text)
        if bad:
            warn("handwritten/%s: contains marking words %s" % (src, bad))
        fname = "%s.%s" % (did, fmt)
        with open(os.path.join(outdir, fname), "wb") as f:
            f.write(out)
        e = entry(facts, fmt, did)
        e["source"] = "handwritten/" + src
        if facts.get("expected") and facts["expected"] != e["level"]:
            warn("handwritten/%s: facts say expected %s but the rules give %s" % (fn, facts["expected"], e["level"]))
        labels[fname] = e
        n += 1
    return n


def main(argv=None):
    ap = argparse.ArgumentParser(description="Writes the labelled evaluation set.")
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--no-handwritten", action="store_true")
    a = ap.parse_args(argv)
    os.makedirs(a.outdir, exist_ok=True)
    assert POOLS.n_first >= 400 and POOLS.n_surname >= 400, (POOLS.n_first, POOLS.n_surname)
    labels, warnings = {}, []
    build_own(a.outdir, a.seed, labels, warnings.append)
    if not a.no_handwritten:
        build_handwritten(a.outdir, labels, warnings.append)
    with open(os.path.join(a.outdir, "labels.json"), "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1, sort_keys=True, ensure_ascii=False)
    for w in warnings:
        print("warning: " + w, file=sys.stderr)
    if not a.quiet:
        summary(labels)
    return 0


def summary(labels):
    by = {}
    for k, v in labels.items():
        src = "hand" if v.get("source") else "gen"
        for key in (("level", v["level"]), ("format", v["format"]), ("split", v["split"]), ("source", src)):
            by.setdefault(key[0], {}).setdefault(key[1], 0)
            by[key[0]][key[1]] += 1
    print("%d documents" % len(labels))
    for k in ("source", "split", "level", "format"):
        print("  %-7s %s" % (k, ", ".join("%s %d" % kv for kv in sorted(by.get(k, {}).items()))))


if __name__ == "__main__":
    sys.exit(main())
