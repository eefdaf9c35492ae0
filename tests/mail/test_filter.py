#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""pmark filter: decisions under the London policy (mark, upgrade, refuse a
downgraded reply, recipients outside the secure domains, hold what cannot
be read), markings read from the subject, X-Protective-Marking and
msip_labels, attachments of every format through the document pipeline,
nested messages and zips, exit statuses by sendmail's convention, masked
reasons, and every byte but pmark's own header fields preserved. Also
pmark classify on saved messages."""
import base64
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from mailtest import (main, PMARK, PLAIN_TEXT, RESTRICTED_TEXT, assert_preserved,  # noqa: E402
                      message, run_filter, sample, split_header)

GUID = "1b7d8e2a-0c1f-4d3e-9a5b-6c7d8e9f0a1b"


def locked_pdf():
    """A sample PDF that needs a password to open (qpdf)."""
    with tempfile.TemporaryDirectory() as tmp:
        plain = os.path.join(tmp, "a.pdf")
        enc = os.path.join(tmp, "e.pdf")
        with open(plain, "wb") as f:
            f.write(sample("case-summary.pdf"))
        subprocess.run(["qpdf", "--encrypt", "u", "o", "256", "--", plain, enc], check=True)
        with open(enc, "rb") as f:
            return f.read()


def decide(data, *args):
    r = run_filter(data, "--json", *args)
    if r.returncode not in (0, 77):
        raise AssertionError("exit %d: %s" % (r.returncode, r.stderr.decode()))
    return json.loads(r.stdout)


class Decisions(unittest.TestCase):
    def test_plain_message_is_marked_at_the_lowest_level(self):
        data = message()
        r = run_filter(data, ok=0)
        owned = assert_preserved(self, data, r.stdout)
        self.assertIn(b"SEC=NOT PROTECTIVELY MARKED", owned["x-protective-marking"])
        self.assertIn(b"ORIGIN=amy.worker@council.gov.uk", owned["x-protective-marking"])
        self.assertTrue(owned["x-pmark-result"].startswith(b"X-pmark-Result: deliver;"))
        # the lowest level gets no subject prefix: the subject is untouched
        self.assertEqual(owned["subject"], b"Subject: Notes\r\n")

    def test_restricted_body_to_secure_domain(self):
        data = message(RESTRICTED_TEXT, subject="Case conference")
        r = run_filter(data, ok=0)
        owned = assert_preserved(self, data, r.stdout)
        self.assertEqual(owned["subject"],
                         b"Subject: [RESTRICTED - PERSONAL] Case conference\r\n")
        self.assertEqual(owned["x-protective-marking"],
                         b"X-Protective-Marking: VER=2018.4, NS=gov.uk, SEC=RESTRICTED, "
                         b"ACCESS=PERSONAL, ORIGIN=amy.worker@council.gov.uk\r\n")
        # the reason is masked, never the whole number
        self.assertIn(b"A** T***", owned["x-pmark-result"])
        self.assertNotIn(b"999 000 0018", owned["x-pmark-result"])
        self.assertNotIn(b"Amy Test", owned["x-pmark-result"])

    def test_restricted_to_an_insecure_domain_is_rejected(self):
        data = message(RESTRICTED_TEXT, to=("cara@nhs.net", "bob@example.com"))
        r = run_filter(data, "--log-stderr")
        self.assertEqual(r.returncode, 77, r.stderr)
        self.assertEqual(r.stdout, b"")
        err = r.stderr.decode()
        self.assertIn("550 5.7.1", err)
        self.assertIn("not to bob@example.com", err)
        self.assertNotIn("cara@nhs.net,", err.split("not to")[1])
        self.assertNotIn("999 000 0018", err)

    def test_a_refusal_says_refused_not_held(self):
        # content not all read would hold the message; a recipient outside
        # the secure domains refuses it: it is refused, and says only that
        part = [("x.age", b"age-encryption.org/v1\n-> X25519 abc\n--- def\n\x00\x01junk",
                 "application/octet-stream")]
        for to, action in ((("bob@example.com",), "reject"), (("cara@nhs.net",), "hold")):
            r = subprocess.run([PMARK, "filter", "--json"],
                               input=message(RESTRICTED_TEXT, to=to, attachments=part),
                               capture_output=True, timeout=120)
            d = json.loads(r.stdout)
            self.assertEqual(d["action"], action, d)
            self.assertIn("not all of it could be read", d["why"])
            if action == "reject":
                self.assertNotIn("held", d["why"])
                self.assertIn("not to bob@example.com", d["why"])
            else:
                self.assertTrue(d["why"].endswith("; held for a person to review"), d["why"])

    def test_result_header_stays_inside(self):
        # X-pmark-Result (the decision and its masked reasons) goes on mail
        # whose every recipient is the organisation's own ([mail]
        # internal-domains), never on mail leaving it; the log keeps it
        with tempfile.TemporaryDirectory() as tmp:
            local = os.path.join(tmp, "local.policy")
            with open(local, "w") as f:
                f.write("[mail]\ninternal-domains = council.gov.uk\n")
            log = os.path.join(tmp, "gateway.jsonl")

            def run(to, local_policy=local, text=RESTRICTED_TEXT):
                env = dict(os.environ, PMARK_LOCAL_POLICY=local_policy)
                r = subprocess.run([PMARK, "filter", "--log", log],
                                   input=message(text, to=to),
                                   capture_output=True, timeout=120, env=env)
                self.assertEqual(r.returncode, 0, r.stderr)
                head = r.stdout.split(b"\r\n\r\n")[0].split(b"\n\n")[0]
                with open(log) as f:
                    last = json.loads(f.read().splitlines()[-1])
                return head, last
            head, last = run(("team.manager@council.gov.uk",))
            self.assertIn(b"X-pmark-Result: deliver;", head)
            self.assertEqual(last["result_header_added"], last["result"])
            for to in (("cara@nhs.net",), ("team.manager@council.gov.uk", "cara@nhs.net")):
                head, last = run(to)
                self.assertNotIn(b"X-pmark-Result", head, to)
                self.assertIn(b"X-Protective-Marking:", head)  # the marking itself goes
                self.assertIsNone(last["result_header_added"])
                self.assertTrue(last["result"].startswith("deliver;"), last)
            # with no internal domains, no recipient is known to be inside
            head, last = run(("team.manager@council.gov.uk",), local_policy="", text=PLAIN_TEXT)
            self.assertNotIn(b"X-pmark-Result", head)
            self.assertEqual(last["action"], "deliver")
            # a held message to an outside recipient: "hold;" for the MTA's
            # header check, without the reasons
            holding = os.path.join(tmp, "holding.policy")
            with open(holding, "w") as f:
                f.write("[mail]\ninternal-domains = council.gov.uk\n"
                        "insecure-recipient = hold\n")
            head, last = run(("bob@example.com",), local_policy=holding)
            self.assertEqual(last["action"], "hold", last)
            self.assertIn(b"X-pmark-Result: hold; the reasons are in the gateway's log\r\n",
                          head + b"\r\n")
            self.assertNotIn(b"strategy", head)
            # an earlier X-pmark-Result (forged, or from inside) is removed
            # on the way out
            forged = message(RESTRICTED_TEXT, to=("cara@nhs.net",), headers=(
                ("X-pmark-Result", "deliver; level=NOT PROTECTIVELY MARKED"),))
            r = subprocess.run([PMARK, "filter"], input=forged, capture_output=True, timeout=120,
                               env=dict(os.environ, PMARK_LOCAL_POLICY=local))
            self.assertNotIn(b"X-pmark-Result", r.stdout.split(b"\r\n\r\n")[0])

    def test_the_organisations_own_domains_are_internal(self):
        # a council's own mail: a reply from the NHS to one of our
        # mailboxes, a message between our own mailboxes; a partner outside
        # still needs a secure domain
        with tempfile.TemporaryDirectory() as tmp:
            local = os.path.join(tmp, "local.policy")
            with open(local, "w") as f:
                f.write("[mail]\ninternal-domains = council.gov.uk, lewisham.gov.uk\n")
            env = dict(os.environ, PMARK_LOCAL_POLICY=local)

            def act(to, sender="amy.worker@council.gov.uk"):
                r = subprocess.run([PMARK, "filter", "--json"],
                                   input=message(RESTRICTED_TEXT, to=to, sender=sender),
                                   capture_output=True, timeout=120, env=env)
                return json.loads(r.stdout)["action"]
            self.assertEqual(act(("team.manager@council.gov.uk",)), "deliver")
            self.assertEqual(act(("sam.patel@lewisham.gov.uk",), sender="j.brown@nhs.net"), "deliver")
            self.assertEqual(act(("a@sub.council.gov.uk", "cara@nhs.net")), "deliver")
            self.assertEqual(act(("team.manager@council.gov.uk", "bob@example.com")), "reject")
            # without the setting, the council's own mailbox is outside
            self.assertEqual(decide(message(RESTRICTED_TEXT, to=("team.manager@council.gov.uk",))
                                    )["action"], "reject")
            r = subprocess.run([PMARK, "policy", "show"], capture_output=True, text=True, env=env)
            self.assertIn("internal-domains = council.gov.uk, lewisham.gov.uk", r.stdout)

    def test_subdomains_of_secure_domains_count_and_lookalikes_do_not(self):
        ok = message(RESTRICTED_TEXT, to=("a@x.nhs.net", "b@LONDON.GCSX.GOV.UK"))
        self.assertEqual(decide(ok)["action"], "deliver")
        bad = message(RESTRICTED_TEXT, to=("a@evilnhs.net",))
        self.assertEqual(decide(bad)["action"], "reject")

    def test_envelope_recipients_override_the_header(self):
        data = message(RESTRICTED_TEXT, to=("cara@nhs.net",))
        d = decide(data, "--recipient", "leak@example.org")
        self.assertEqual(d["action"], "reject")
        self.assertEqual(d["recipients"], ["leak@example.org"])

    def test_content_above_the_senders_marking_is_upgraded(self):
        data = message(RESTRICTED_TEXT, subject="[PROTECT] notes")
        r = run_filter(data, ok=0)
        owned = assert_preserved(self, data, r.stdout)
        self.assertEqual(owned["subject"], b"Subject: [RESTRICTED - PERSONAL] notes\r\n")
        self.assertIn(b"upgraded-from=PROTECT", owned["x-pmark-result"])

    def test_upgrade_can_be_a_rejection(self):
        with tempfile.TemporaryDirectory() as tmp:
            policy = os.path.join(tmp, "strict.policy")
            with open(os.path.join(os.environ["PMARK_SOURCE_ROOT"], "policies",
                                   "london-lscb.policy")) as f:
                text = f.read()
            with open(policy, "w") as f:
                f.write(text.replace("above-sender = upgrade", "above-sender = reject"))
            data = message(RESTRICTED_TEXT, subject="[PROTECT] notes")
            r = run_filter(data, "--policy", policy)
            self.assertEqual(r.returncode, 77)
            self.assertIn(b"content needs RESTRICTED, the sender marked it PROTECT", r.stderr)

    def test_reply_marked_lower_than_the_thread_is_refused(self):
        body = ("Thanks, agreed.\n\n-----Original Message-----\n"
                "From: x@nhs.net\nSubject: [RESTRICTED] strategy meeting\n\nsee you\n")
        r = run_filter(message(body, subject="[PROTECT] Re: strategy meeting"))
        self.assertEqual(r.returncode, 77)
        self.assertIn(b"marked PROTECT but quotes or forwards a message marked RESTRICTED",
                      r.stderr)
        # the same reply marked as the thread goes
        r = run_filter(message(body, subject="[RESTRICTED] Re: strategy meeting"), ok=0)

    def test_forwarded_message_with_a_higher_marking_is_refused(self):
        inner = message(PLAIN_TEXT, subject="minutes",
                        headers=[("X-Protective-Marking",
                                  "VER=2018.4, NS=gov.uk, SEC=CONFIDENTIAL, ORIGIN=x@nhs.net")])
        import email
        outer = message("FYI\n", subject="[RESTRICTED] Fwd: minutes",
                        attachments=[("fwd.eml", email.message_from_bytes(inner),
                                      "message/rfc822")])
        d = decide(outer)
        self.assertEqual(d["action"], "reject")
        self.assertEqual(d["thread_level"], "CONFIDENTIAL")
        self.assertEqual(d["sender_level"], "RESTRICTED")

    def test_header_wins_over_subject(self):
        data = message(PLAIN_TEXT, subject="[CONFIDENTIAL] notes",
                       headers=[("X-Protective-Marking",
                                 "VER=2018.4, NS=gov.uk, SEC=PROTECT, ACCESS=PERSONAL, "
                                 "ORIGIN=amy.worker@council.gov.uk")])
        d = decide(data)
        self.assertEqual(d["sender_level"], "PROTECT")
        # the message's marking is still the highest it carries
        self.assertEqual(d["level"], "CONFIDENTIAL")

    def test_non_ascii_subject_is_encoded(self):
        import email.header
        data = message(RESTRICTED_TEXT, subject="[PROTECT] Zoë’s review")
        self.assertIn(b"=?utf-8?", data)
        r = run_filter(data, ok=0)
        owned = assert_preserved(self, data, r.stdout)
        raw = owned["subject"].split(b":", 1)[1].strip().decode("ascii")
        text = str(email.header.make_header(email.header.decode_header(raw)))
        self.assertEqual(text, "[RESTRICTED - PERSONAL] Zoë’s review")

    def test_epms_subject_and_escapes(self):
        data = message(PLAIN_TEXT, subject="notes [SEC=RESTRICTED, ACCESS=PERSONAL]")
        d = decide(data)
        self.assertEqual(d["sender_level"], "RESTRICTED")
        self.assertEqual(d["descriptors"], ["PERSONAL"])
        # an escaped comma is part of a value, not a separator
        data = message(PLAIN_TEXT, headers=[(
            "X-Protective-Marking",
            "VER=2018.4, NS=gov.uk, SEC=PROTECT, NOTE=a\\, b, ORIGIN=x@nhs.net")])
        self.assertEqual(decide(data)["sender_level"], "PROTECT")

    def test_msip_labels_header(self):
        with tempfile.TemporaryDirectory() as tmp:
            policy = os.path.join(tmp, "labels.policy")
            with open(os.path.join(os.environ["PMARK_SOURCE_ROOT"], "policies",
                                   "london-lscb.policy")) as f:
                text = f.read()
            with open(policy, "w") as f:
                f.write(text + "\n[labels]\n%s = RESTRICTED\n" % GUID)
            data = message(PLAIN_TEXT, headers=[(
                "msip_labels", "MSIP_Label_%s_Enabled=true; MSIP_Label_%s_SiteId=x;"
                % (GUID, GUID))])
            d = decide(data, "--policy", policy)
            self.assertEqual(d["sender_level"], "RESTRICTED")
            self.assertEqual(d["level"], "RESTRICTED")

    def test_sio_label_display_markings_are_read(self):
        # RFC 7444: the value is MIME parameters (RFC 2045), continued and
        # charset-encoded as RFC 2231 allows, folded like any field
        for value, level in (
                ('marking="RESTRICTED"; fgcolor=black; bgcolor=orange', "RESTRICTED"),
                ('marking*0="CONFIDENTIAL "; marking*1="- PERSONAL"', "CONFIDENTIAL"),
                ("marking*=utf-8''PROTECT%20-%20PERSONAL", "PROTECT"),
                ('fgcolor=black; bgcolor=red; marking="RESTRICTED"', "RESTRICTED")):
            with self.subTest(value=value):
                data = message(PLAIN_TEXT, headers=[("SIO-Label", value)])
                # folded on the wire
                data = data.replace(b"black; bgcolor", b"black;\r\n bgcolor")
                d = decide(data)
                self.assertEqual(d["sender_level"], level)
                self.assertEqual(d["level"], level)
                ex = d["classification"]["existing"]
                self.assertEqual(ex["where"], "header SIO-Label (display marking)")

    def test_sio_label_security_label_classification_is_read(self):
        # an ESS security label (RFC 2634): SET { policy OID 1.1, classification 3 }
        ess = base64.b64encode(bytes([0x31, 0x06, 0x06, 0x01, 0x29, 0x02, 0x01, 0x03])).decode()
        data = message(PLAIN_TEXT, headers=[("SIO-Label", 'type=":ess"; label=%s' % ess)])
        d = decide(data)
        self.assertEqual(d["sender_level"], "CONFIDENTIAL")
        self.assertIn("ess security label, classification 3",
                      d["classification"]["existing"]["where"])
        # a label pmark cannot read is not a level; a broken one not a crash
        for bad in ('type=":xml"; label=PFNlY3VyaXR5TGFiZWwvPg==', 'type=":ess"; label=MQ',
                    'type=":ess"; label="!!"', 'marking=""'):
            with self.subTest(bad=bad):
                d = decide(message(PLAIN_TEXT, headers=[("SIO-Label", bad)]))
                self.assertIsNone(d["sender_level"])

    def test_sio_label_written_when_the_policy_asks(self):
        with tempfile.TemporaryDirectory() as tmp:
            policy = os.path.join(tmp, "sio.policy")
            with open(os.path.join(os.environ["PMARK_SOURCE_ROOT"], "policies",
                                   "london-lscb.policy")) as f:
                text = f.read()
            with open(policy, "w") as f:
                f.write(text.replace("[mail]\n", "[mail]\nsio-label = true\n"))
            data = message(RESTRICTED_TEXT,
                           headers=[("SIO-Label", 'marking="PROTECT - PERSONAL"')])
            r = run_filter(data, "--policy", policy, ok=0)
            fields, _ = split_header(r.stdout)
            sio = [v for n, v in fields if n == "sio-label"]
            self.assertEqual(sio, [b'SIO-Label: marking="RESTRICTED - PERSONAL"\r\n'])
            # it reads back as the marking, and a second pass keeps one
            again = run_filter(r.stdout, "--policy", policy, ok=0).stdout
            fields, _ = split_header(again)
            self.assertEqual([v for n, v in fields if n == "sio-label"], sio)
            # without the setting, a sender's SIO-Label is left as it came
            r = run_filter(data, ok=0)
            fields, _ = split_header(r.stdout)
            self.assertEqual([v for n, v in fields if n == "sio-label"],
                             [b'SIO-Label: marking="PROTECT - PERSONAL"\r\n'])

    def test_partner_on_the_old_scheme_gets_its_marking(self):
        base = open(os.path.join(os.environ["PMARK_SOURCE_ROOT"], "policies",
                                 "uk-gsc-2014.policy")).read()
        partner = ("\n[translate gpms-2008]\n"
                   "domains = legacy-borough.example.gov.uk, .partner.example.org\n"
                   "OFFICIAL = PROTECT\nOFFICIAL-SENSITIVE = RESTRICTED\n"
                   "SECRET = CONFIDENTIAL\n")
        with tempfile.TemporaryDirectory() as tmp:
            policy = os.path.join(tmp, "partner.policy")
            with open(policy, "w") as f:
                f.write(base + partner)
            data = message(RESTRICTED_TEXT, subject="Case conference",
                           to=("duty@legacy-borough.example.gov.uk",))
            d = decide(data, "--policy", policy)
            self.assertEqual(d["level"], "OFFICIAL-SENSITIVE")
            self.assertEqual(d["translated_to"], "gpms-2008")
            self.assertIn("SEC=RESTRICTED, ACCESS=PERSONAL",
                          d["headers"]["X-Protective-Marking"])
            self.assertIn("translated-to=gpms-2008", d["headers"]["X-pmark-Result"])
            r = run_filter(data, "--policy", policy, ok=0)
            owned = assert_preserved(self, data, r.stdout)
            self.assertEqual(owned["subject"],
                             b"Subject: [RESTRICTED - PERSONAL] Case conference\r\n")
            # a second pass reads the partner's marking through the mapping:
            # same level, same headers, one subject marking
            again = run_filter(r.stdout, "--policy", policy, ok=0).stdout
            mine = ("subject", "x-protective-marking")
            self.assertEqual([f for f in split_header(again)[0] if f[0] in mine],
                             [f for f in split_header(r.stdout)[0] if f[0] in mine])
            # subdomains count; envelope recipients decide
            d = decide(data, "--policy", policy, "--recipient", "a@x.partner.example.org")
            self.assertEqual(d["translated_to"], "gpms-2008")
            # mixed recipients: one set of headers serves all, the policy's own
            d = decide(data, "--policy", policy, "--recipient",
                       "duty@legacy-borough.example.gov.uk", "--recipient", "cara@nhs.net")
            self.assertIsNone(d["translated_to"])
            self.assertIn("SEC=OFFICIAL-SENSITIVE,", d["headers"]["X-Protective-Marking"])
            self.assertIn("not all of one partner scheme", d["not_translated"])
            # a level the table leaves out goes out in the policy's own words
            with open(policy, "w") as f:
                f.write(base + partner.replace("OFFICIAL-SENSITIVE = RESTRICTED\n", ""))
            d = decide(data, "--policy", policy)
            self.assertIsNone(d["translated_to"])
            self.assertIn("no gpms-2008 marking", d["not_translated"])
            # the policy is checked: never lower, a mapping to check with, domains
            for bad, says in (
                    (partner.replace("= RESTRICTED", "= PROTECT"), "would lower the marking"),
                    (partner.replace("gpms-2008", "other-scheme"), "needs [mapping other-scheme]"),
                    (partner.replace("OFFICIAL = PROTECT", "MEDIUM = PROTECT"),
                     "'MEDIUM' is not a level"),
                    (partner.replace("= PROTECT", "= BANANA"), "'BANANA' is not a marking"),
                    ("\n[translate gpms-2008]\nOFFICIAL = PROTECT\n", "needs 'domains'")):
                with self.subTest(says=says):
                    with open(policy, "w") as f:
                        f.write(base + bad)
                    r = subprocess.run([os.environ["PMARK"], "policy", "check", policy],
                                       capture_output=True, text=True)
                    self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
                    self.assertIn(says, r.stderr)

    def test_a_marking_the_policy_does_not_know_is_held_as_it_came(self):
        for name, value in (("SIO-Label", 'marking="TOP SECRET UMBRA"'),
                            ("X-Protective-Marking", "VER=2018.4, NS=gov.uk, SEC=COSMIC"),
                            ("X-Protective-Marking", "not a marking at all")):
            with self.subTest(value=value):
                data = message(PLAIN_TEXT, subject="Lunch", headers=[(name, value)])
                d = decide(data)
                self.assertEqual(d["action"], "hold", d)
                self.assertIn("does not know", d["why"])
                self.assertIsNone(d["headers"]["X-Protective-Marking"])
                self.assertIsNone(d["headers"]["Subject"])
                self.assertNotIn("level=", d["headers"]["X-pmark-Result"])
                r = run_filter(data)
                fields, _ = split_header(r.stdout)
                kept = [v for n, v in fields if n == name.lower()]
                self.assertEqual(len(kept), 1, fields)
                self.assertIn(value.encode(), kept[0])
                self.assertIn(("subject", b"Subject: Lunch\r\n"), fields)
        # markings it knows, in any of the fields, are decided as before
        d = decide(message(PLAIN_TEXT, headers=[("SIO-Label", 'marking="PROTECT"')]))
        self.assertEqual((d["action"], d["level"]), ("deliver", "PROTECT"))

    def test_earlier_markings_are_replaced_not_repeated(self):
        data = message(PLAIN_TEXT, subject="[RESTRICTED] [SEC=PROTECT] notes",
                       headers=[("X-Protective-Marking", "VER=2012.3, NS=gov.uk, SEC=RESTRICTED"),
                                ("X-pmark-Result", "deliver; forged")])
        r = run_filter(data, ok=0)
        fields, _ = split_header(r.stdout)
        names = [n for n, _ in fields]
        self.assertEqual(names.count("x-protective-marking"), 1)
        self.assertEqual(names.count("x-pmark-result"), 1)
        self.assertNotIn(b"forged", r.stdout)
        subject = dict(fields)["subject"]
        self.assertEqual(subject, b"Subject: [RESTRICTED] notes\r\n")
        # and a second pass changes nothing more
        again = run_filter(r.stdout, ok=0).stdout
        self.assertEqual(again.replace(b"\r\n", b"\n").split(b"\nX-pmark-Result")[0],
                         r.stdout.replace(b"\r\n", b"\n").split(b"\nX-pmark-Result")[0])


class Parts(unittest.TestCase):
    def test_attachments_go_through_the_document_pipeline(self):
        for name, ctype, level in [
                ("case-summary.pdf", "application/pdf", "RESTRICTED"),
                ("strategy-minutes.docx",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "RESTRICTED"),
                ("caseload.xlsx",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "CONFIDENTIAL"),
                ("pupil-letter.odt", "application/vnd.oasis.opendocument.text", "PROTECT"),
                ("referral-cp1252.txt", "text/plain", "RESTRICTED")]:
            with self.subTest(name=name):
                data = message("See attached.\n", attachments=[(name, sample(name), ctype)])
                d = decide(data)
                self.assertEqual(d["level"], level)
                wheres = [w for r in d["classification"]["reasons"] for w in r["where"]]
                self.assertTrue(any(w.startswith("attachment %s" % name) for w in wheres),
                                wheres)

    def test_attachment_type_from_content_not_name(self):
        data = message("See attached.\n", attachments=[
            ("holiday.jpg", sample("case-summary.pdf"), "image/jpeg")])
        self.assertEqual(decide(data)["level"], "RESTRICTED")

    def test_zip_attachment_members_are_read(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("readme.txt", "nothing here\n")
            z.writestr("case/minutes.docx", sample("strategy-minutes.docx"))
        data = message("Zipped.\n", attachments=[("files.zip", buf.getvalue(),
                                                   "application/zip")])
        d = decide(data)
        self.assertEqual(d["level"], "RESTRICTED")
        wheres = [w for r in d["classification"]["reasons"] for w in r["where"]]
        self.assertTrue(any("member case/minutes.docx" in w for w in wheres), wheres)

    def test_html_body_quoted_printable_and_latin1(self):
        html = ("<html><head><style>p{}</style><script>var x='999 000 0018';</script>"
                "</head><body><p>Strategy discussion</p><p>Name: Amy Test, NHS number "
                "999&nbsp;000&nbsp;0018, s47 enquiry</p></body></html>")
        data = message("see the HTML part\n", html=html)
        self.assertEqual(decide(data)["level"], "RESTRICTED")
        latin = message("Pupil: Zoë Test, date of birth 01/02/2015, UPN A12345678901B\n",
                        charset="latin-1", cte="quoted-printable")
        self.assertIn(b"Zo=EB", latin)
        d = decide(latin)
        self.assertEqual(d["level"], "PROTECT")
        with tempfile.NamedTemporaryFile(suffix=".eml") as f:
            f.write(latin)
            f.flush()
            r = subprocess.run([PMARK, "extract", "--json", f.name],
                               capture_output=True, check=True)
        texts = [p["text"] for p in json.loads(r.stdout)["parts"]]
        self.assertTrue(any("Pupil: Zoë Test" in t for t in texts), texts)

    def test_a_nul_in_a_text_part_hides_nothing(self):
        # one NUL byte, in base64 or raw 8-bit, ended GMime's text there:
        # the case content after it was never read, and the message went
        # out as NOT PROTECTIVELY MARKED (issue 37)
        body = ("Hello\x00\nName: Amy Test, NHS number 999 000 0018\n"
                "Strategy discussion held; s47 enquiry.\n")
        for cte in ("base64", "8bit"):
            with self.subTest(cte=cte):
                data = message(body, cte=cte)
                self.assertIn(b"\x00" if cte == "8bit" else b"SGVsbG8A", data)
                d = decide(data)
                self.assertEqual(d["level"], "RESTRICTED", d)

    def test_inline_uuencoded_attachment_is_read(self):
        # "begin 644 name" ... "end" in a plain body, as old clients and
        # scripts attach files: a document of its own, read as any other
        import binascii
        data = RESTRICTED_TEXT.encode()
        lines = [binascii.b2a_uu(data[i:i + 45]).decode().rstrip("\n")
                 for i in range(0, len(data), 45)]
        uu = "begin 644 referral.txt\n" + "\n".join(lines) + "\n`\nend\n"
        d = decide(message("Please see the attached.\n\n" + uu, to=("bob@example.com",)))
        self.assertEqual(d["action"], "reject", d)
        self.assertEqual(d["level"], "RESTRICTED")
        self.assertIn("referral.txt (uuencoded)", json.dumps(d))
        # cut short (no "end"): read as far as it goes, and said so
        cut = "begin 644 referral.txt\n" + "\n".join(lines) + "\n"
        d = decide(message("Please see the attached.\n\n" + cut, to=("cara@nhs.net",)))
        self.assertEqual(d["level"], "RESTRICTED")
        self.assertIn("uuencoded attachment referral.txt: cut short", json.dumps(d))

    def test_transfer_encodings_gmime_does_not_know(self):
        # an encoding pmark cannot decode: read as it came, and held (issue
        # 37: x-rot13 text went out NOT PROTECTIVELY MARKED); a writer's
        # slip for a known one is decoded as meant
        head = (b"From: a@council.gov.uk\nTo: b@gmail.com\nSubject: update\n"
                b"MIME-Version: 1.0\nContent-Type: text/plain\nContent-Transfer-Encoding: ")
        d = decide(head + b"x-rot13\n\nNzl Grfg, AUF ahzore 999 000 0018. F47 radhvel.\n")
        self.assertIsNone(d["level"], d)
        self.assertEqual(d["action"], "hold", d)
        self.assertIn('part text/plain: its transfer encoding "x-rot13" is unknown',
                      d["classification"]["unread"][0])
        qp = (b"Name: Amy Test, NHS number 999 000 0018. Strategy=\n discussion held; "
              b"Section=2047 enquiry.\n")
        for slip in (b"quoted printable", b"Quoted-Printable;"):
            with self.subTest(cte=slip):
                d = decide(head + slip + b"\n\n" + qp)
                self.assertEqual(d["level"], "RESTRICTED", d)
                self.assertNotIn("is unknown", json.dumps(d))

    def test_encrypted_attachment_is_held_for_review(self):
        data = message("Password by phone.\n",
                       attachments=[("locked.pdf", locked_pdf(), "application/pdf")])
        r = run_filter(data, ok=0)
        owned = assert_preserved(self, data, r.stdout)
        self.assertTrue(owned["x-pmark-result"].startswith(b"X-pmark-Result: hold;"),
                        owned["x-pmark-result"])
        self.assertIn(b"attachment locked.pdf", owned["x-pmark-result"])

    def test_held_message_claims_no_level_it_does_not_know(self):
        # the sender marked it the lowest level; an attachment cannot be read:
        # held, and if released it must not leave labelled NOT PROTECTIVELY MARKED
        locked = locked_pdf()
        data = message("Password by phone.\n", subject="[NOT PROTECTIVELY MARKED] papers",
                       headers=[("X-Protective-Marking",
                                 "VER=2018.4, NS=gov.uk, SEC=NOT PROTECTIVELY MARKED, "
                                 "ORIGIN=amy.worker@council.gov.uk")],
                       attachments=[("locked.pdf", locked, "application/pdf")])
        r = run_filter(data, ok=0)
        owned = assert_preserved(self, data, r.stdout)
        self.assertNotIn("x-protective-marking", owned)  # the sender's claim is not kept
        self.assertNotIn(b"NOT PROTECTIVELY MARKED", owned["subject"])
        self.assertIn(b"papers", owned["subject"])
        res = owned["x-pmark-result"]
        self.assertTrue(res.startswith(b"X-pmark-Result: hold;"), res)
        self.assertIn(b"inspected=partly", res)
        self.assertNotIn(b"level=", res)
        # what is known is kept: a readable attachment that needs RESTRICTED
        data = message(RESTRICTED_TEXT, subject="[PROTECT] papers",
                       attachments=[("locked.pdf", locked, "application/pdf")])
        r = run_filter(data, ok=0)
        owned = assert_preserved(self, data, r.stdout)
        self.assertIn(b"SEC=RESTRICTED", owned["x-protective-marking"])
        self.assertIn(b"level=RESTRICTED at least", owned["x-pmark-result"])
        self.assertIn(b"inspected=partly", owned["x-pmark-result"])

    def test_result_says_why_in_words(self):
        r = run_filter(message(RESTRICTED_TEXT, subject="[RESTRICTED] notes"), ok=0)
        owned = assert_preserved(self, message(RESTRICTED_TEXT, subject="[RESTRICTED] notes"),
                                 r.stdout)
        res = owned["x-pmark-result"].decode()
        self.assertIn("level=RESTRICTED", res)
        self.assertIn("It identifies a person (A** T***) named with an identifier", res)
        self.assertIn("and is about a child-protection or safeguarding case", res)
        self.assertNotIn("\n ", res.rstrip("\r\n"))  # one line

    def test_marking_never_below_the_thread(self):
        # a reply marked lower than the message it quotes is held or
        # refused by the policy; the marking it would carry is the thread's
        body = ("Thanks, agreed.\n\n-----Original Message-----\n"
                "From: x@nhs.net\nSubject: [RESTRICTED] strategy meeting\n\nsee you\n")
        d = decide(message(body, subject="[PROTECT] Re: strategy meeting"))
        self.assertEqual(d["level"], "RESTRICTED")
        self.assertEqual(d["thread_level"], "RESTRICTED")

    def test_nesting_is_bounded(self):
        import email
        data = message(RESTRICTED_TEXT, subject="[RESTRICTED] deepest")
        for i in range(8):
            data = message("level %d\n" % i, subject="[RESTRICTED] Fwd",
                           attachments=[("m.eml", email.message_from_bytes(data),
                                         "message/rfc822")])
        d = decide(data)
        self.assertEqual(d["action"], "hold")
        self.assertIn("max-nesting", d["why"])

    def test_zip_bomb_attachment_is_a_decision_not_a_crash(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("zeros.txt", b"\0" * (300 << 20))
        data = message("x\n", attachments=[("bomb.zip", buf.getvalue(), "application/zip")])
        d = decide(data)
        self.assertEqual(d["action"], "hold")
        self.assertIn("budget", d["why"])


@unittest.skipUnless(shutil.which("age"), "SKIP: the age CLI is not installed")
class Sealing(unittest.TestCase):
    """Levels with seal = true, recipients with keys in recipient-keys: the
    attachments leave sealed; Debian's age opens them."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        t = self.tmp.name
        subprocess.run(["age-keygen", "-o", os.path.join(t, "cara.key")],
                       check=True, capture_output=True)
        with open(os.path.join(t, "cara.key")) as f:
            pub = [l.split(": ")[1].strip() for l in f if l.startswith("# public key")][0]
        with open(os.path.join(t, "keys.txt"), "w") as f:
            f.write("# address  age recipients\ncara@nhs.net %s\n" % pub)
        with open(os.path.join(os.environ["PMARK_SOURCE_ROOT"], "policies",
                               "london-lscb.policy")) as f:
            text = f.read()
        self.policy = os.path.join(t, "seal.policy")
        with open(self.policy, "w") as f:
            f.write(text.replace("label = RESTRICTED\n", "label = RESTRICTED\nseal = true\n")
                    + "recipient-keys = keys.txt\n")

    def tearDown(self):
        self.tmp.cleanup()

    def test_attachments_are_sealed_and_age_opens_them(self):
        import email
        import email.policy
        pdf = sample("case-summary.pdf")
        data = message(RESTRICTED_TEXT, attachments=[("case-summary.pdf", pdf,
                                                      "application/pdf")])
        r = run_filter(data, "--policy", self.policy, ok=0)
        self.assertIn(b"attachments-sealed-to=1", r.stdout)
        m = email.message_from_bytes(r.stdout, policy=email.policy.default)
        parts = list(m.iter_attachments())
        self.assertEqual([p.get_filename() for p in parts], ["case-summary.pdf.age"])
        self.assertEqual(parts[0].get_content_type(), "application/x-age-encrypted")
        sealed = parts[0].get_payload(decode=True)
        self.assertFalse(sealed.startswith(b"%PDF-"))
        out = subprocess.run(["age", "-d", "-i", os.path.join(self.tmp.name, "cara.key")],
                             input=sealed, capture_output=True, check=True).stdout
        self.assertEqual(out, pdf)
        # the text part is as it was
        self.assertEqual(m.get_body(("plain",)).get_content(),
                         email.message_from_bytes(data, policy=email.policy.default)
                         .get_body(("plain",)).get_content())

    def test_a_recipient_without_a_key_stops_the_message(self):
        data = message(RESTRICTED_TEXT, to=("cara@nhs.net", "dan@nhs.net"),
                       attachments=[("case-summary.pdf", sample("case-summary.pdf"),
                                     "application/pdf")])
        r = run_filter(data, "--policy", self.policy)
        self.assertEqual(r.returncode, 77)
        self.assertIn(b"no age key for dan@nhs.net", r.stderr)

    def test_lower_levels_are_not_sealed(self):
        data = message(PLAIN_TEXT, attachments=[("note.txt", b"hello\n", "text/plain")])
        r = run_filter(data, "--policy", self.policy, ok=0)
        assert_preserved(self, data, r.stdout)


class Interface(unittest.TestCase):
    def test_empty_input_is_not_a_message(self):
        r = run_filter(b"")
        self.assertEqual(r.returncode, 69)
        self.assertIn(b"not a message", r.stderr)

    def test_garbage_is_still_decided(self):
        r = run_filter(os.urandom(4096))
        self.assertIn(r.returncode, (0, 77), r.stderr)

    def test_lf_only_message_keeps_its_line_endings(self):
        data = message(RESTRICTED_TEXT).replace(b"\r\n", b"\n")
        r = run_filter(data, ok=0)
        self.assertNotIn(b"\r", r.stdout)
        assert_preserved(self, data, r.stdout)

    def test_message_without_body_or_subject(self):
        data = b"From: a@council.gov.uk\r\nTo: c@nhs.net\r\n"
        r = run_filter(data, ok=0)
        self.assertTrue(r.stdout.startswith(data))
        self.assertIn(b"X-Protective-Marking: VER=2018.4", r.stdout)

    def test_unwritable_log_is_a_temporary_failure(self):
        with tempfile.NamedTemporaryFile() as f:
            r = run_filter(message(), "--log", os.path.join(f.name, "log.jsonl"))
        self.assertEqual(r.returncode, 75)
        self.assertEqual(r.stdout, b"")
        self.assertIn(b"temporary failure", r.stderr)

    def test_log_records_masked_decisions(self):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "sub", "mail.jsonl")
            run_filter(message(RESTRICTED_TEXT), "--log", log, ok=0)
            run_filter(message(RESTRICTED_TEXT, to=("x@example.com",)), "--log", log)
            with open(log) as f:
                lines = [json.loads(l) for l in f]
            self.assertEqual(os.stat(log).st_mode & 0o777, 0o600)
        self.assertEqual([l["action"] for l in lines], ["deliver", "reject"])
        self.assertEqual(lines[0]["level"], "RESTRICTED")
        self.assertNotIn("999 000 0018", json.dumps(lines))

    def test_audit_finds_under_marked_saved_messages(self):
        with tempfile.TemporaryDirectory() as tmp:
            tree = os.path.join(tmp, "share")
            os.makedirs(tree)
            with open(os.path.join(tree, "low.eml"), "wb") as f:
                f.write(message(RESTRICTED_TEXT, subject="[PROTECT] notes"))
            with open(os.path.join(tree, "fine.eml"), "wb") as f:
                f.write(message(PLAIN_TEXT))
            db = os.path.join(tmp, "audit.db")
            subprocess.run([PMARK, "audit", "--db", db, tree], check=True,
                           capture_output=True)
            r = subprocess.run([PMARK, "report", "--db", db, "--format", "jsonl"],
                               check=True, capture_output=True)
        rows = {os.path.basename(j["path"]): j for j in map(json.loads, r.stdout.splitlines())}
        self.assertEqual(rows["low.eml"]["type"], "message/rfc822")
        self.assertEqual(rows["low.eml"]["existing"], "PROTECT")
        self.assertEqual(rows["low.eml"]["level"], "RESTRICTED")
        self.assertEqual(rows["low.eml"]["finding"], "under-marked")
        self.assertIsNone(rows["fine.eml"]["finding"])

    def test_classify_reads_saved_messages(self):
        data = message("See attached.\n", attachments=[
            ("case-summary.pdf", sample("case-summary.pdf"), "application/pdf")])
        with tempfile.TemporaryDirectory() as tmp:
            for name in ("saved.eml", "no-extension"):
                path = os.path.join(tmp, name)
                with open(path, "wb") as f:
                    f.write(data.replace(b"\r\n", b"\n"))
                r = subprocess.run([PMARK, "classify", "--json", path],
                                   capture_output=True, check=True)
                j = json.loads(r.stdout)
                self.assertEqual(j["format"], "mail")
                self.assertEqual(j["level"], "RESTRICTED")


if __name__ == "__main__":
    main()
