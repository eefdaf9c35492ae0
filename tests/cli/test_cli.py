#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The pmark command line: options, exit statuses, JSON output, masking."""
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

PMARK = os.environ["PMARK"]
ROOT = os.environ["PMARK_SOURCE_ROOT"]
sys.path.insert(0, os.path.join(ROOT, "tools"))
import ids  # noqa: E402

NHS = ids.nhs_numbers(3)


def run(*args, stdin=None, env=None):
    return subprocess.run([PMARK, *args], input=stdin, capture_output=True,
                          text=True, timeout=60,
                          env=dict(os.environ, **env) if env else None)


class Tmp:
    def __init__(self):
        self.dir = tempfile.TemporaryDirectory()

    def file(self, name, text):
        path = os.path.join(self.dir.name, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path


CASE = "Child: Robin Sample\nNHS number %s\nSection 47 enquiry.\n" % NHS[0]
PLAIN = "Meeting agenda.\n"


class Basics(unittest.TestCase):
    def test_version(self):
        r = run("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^pmark \d+\.\d+\.\d+\n$")

    def test_help_everywhere(self):
        for args in (["--help"], ["help"], ["classify", "--help"],
                     ["policy", "--help"], ["help", "classify"]):
            r = run(*args)
            self.assertEqual(r.returncode, 0, args)
            self.assertIn("Usage:", r.stdout, args)

    def test_usage_errors(self):
        for args in ([], ["frobnicate"], ["classify"],
                     ["classify", "--no-such-option", "x"],
                     ["classify", "--policy", "no-such-policy", "x"],
                     ["classify", "--fail-at", "ULTRA", "x"],
                     ["policy"], ["policy", "explode"]):
            r = run(*args)
            self.assertEqual(r.returncode, 2, (args, r.stderr))
            self.assertTrue(r.stderr.strip(), args)


class Classify(unittest.TestCase):
    def setUp(self):
        self.t = Tmp()

    def classify_json(self, *paths, extra=()):
        r = run("classify", "--json", *extra, *paths)
        lines = [json.loads(l) for l in r.stdout.splitlines()]
        return r, lines

    def test_json_schema(self):
        case = self.t.file("case.txt", CASE)
        plain = self.t.file("plain.txt", PLAIN)
        r, out = self.classify_json(case, plain)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(out), 2)
        for obj in out:
            for key in ("path", "type", "level", "descriptors", "existing",
                        "reasons", "error"):
                self.assertIn(key, obj)
            self.assertIsInstance(obj["descriptors"], list)
            self.assertIsNone(obj["error"])
        c, p = out
        self.assertEqual(c["path"], case)
        self.assertEqual(c["type"], "text/plain")
        self.assertEqual(c["level"], "RESTRICTED")
        self.assertEqual(c["descriptors"], ["PERSONAL"])
        self.assertIsNone(c["existing"])
        rules = {x["rule"] for x in c["reasons"]}
        self.assertEqual(rules, {"safeguarding-case"})
        for reason in c["reasons"]:
            self.assertIsInstance(reason["count"], int)
            self.assertEqual(len(reason["where"]), len(reason["evidence"]))
        # the person the number belongs to, named on line 1, counted once
        ident = [x for x in c["reasons"] if x["match"] == "people"][0]
        self.assertEqual(ident["count"], 1)
        self.assertEqual(ident["where"], ["line 1"])
        self.assertEqual(ident["evidence"], ["R**** S*****"])
        self.assertNotIn(NHS[0], json.dumps(c))
        self.assertNotIn("Robin", json.dumps(c))
        self.assertEqual(p["level"], "NOT PROTECTIVELY MARKED")
        self.assertEqual(p["reasons"], [])

    def test_no_full_identifier_in_any_output(self):
        case = self.t.file("case.txt", CASE)
        compact = NHS[0].replace(" ", "")
        for args in (["classify", case], ["classify", "--json", case]):
            r = run(*args)
            self.assertNotIn(NHS[0], r.stdout + r.stderr)
            self.assertNotIn(compact, r.stdout + r.stderr)

    def test_existing_marking_json(self):
        f = self.t.file("m.txt", "OFFICIAL-SENSITIVE\nnotes\n")
        r, (obj,) = self.classify_json(f)
        self.assertEqual(obj["existing"]["level"], "RESTRICTED")
        self.assertEqual(obj["existing"]["text"], "OFFICIAL-SENSITIVE")
        self.assertEqual(obj["existing"]["where"], "line 1")
        self.assertEqual(obj["level"], "RESTRICTED")

    def test_exit_1_when_a_file_fails(self):
        good = self.t.file("good.txt", PLAIN)
        missing = os.path.join(self.t.dir.name, "missing.txt")
        r, out = self.classify_json(good, missing)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(len(out), 2, "the failed file still gets its line")
        self.assertIsNone(out[0]["error"])
        self.assertEqual(out[1]["error"]["code"], "io")
        self.assertIn("missing.txt: cannot open", out[1]["error"]["message"])
        self.assertIsNone(out[1]["level"])

    def test_fail_at(self):
        case = self.t.file("case.txt", CASE)
        plain = self.t.file("plain.txt", PLAIN)
        self.assertEqual(run("classify", "--fail-at", "RESTRICTED", case, plain).returncode, 3)
        self.assertEqual(run("classify", "--fail-at", "restricted", case).returncode, 3)
        self.assertEqual(run("classify", "--fail-at", "CONFIDENTIAL", case, plain).returncode, 0)
        self.assertEqual(run("classify", "--fail-at", "PROTECT", plain).returncode, 0)

    def test_content_level_and_over_marking(self):
        marked = self.t.file("m.txt", "CONFIDENTIAL\nThe car park rota.\nCONFIDENTIAL\n")
        case = self.t.file("case.txt", "RESTRICTED\n" + CASE)
        r, (m, c) = self.classify_json(marked, case)
        # the level it must carry stays its marking; its content needs the lowest
        self.assertEqual((m["level"], m["content_level"], m["over_marked"]),
                         ("CONFIDENTIAL", "NOT PROTECTIVELY MARKED", True))
        self.assertEqual((c["level"], c["content_level"], c["over_marked"]),
                         ("RESTRICTED", "RESTRICTED", False))
        line = run("classify", marked).stdout
        self.assertIn("[over-marked: the content needs NOT PROTECTIVELY MARKED]", line)
        # the policy's margin: 3 levels still over-marked, 4 or 0 not
        with open(os.path.join(ROOT, "policies", "london-lscb.policy")) as f:
            text = f.read()
        for margin, want in (("3", True), ("4", False), ("0", False)):
            pol = self.t.file("m%s.policy" % margin, text.replace(
                "[policy]\n", "[policy]\nover-marking-margin = %s\n" % margin, 1))
            r, (m,) = self.classify_json(marked, extra=("--policy", pol))
            self.assertEqual(m["over_marked"], want, margin)

    def test_reasons_in_words(self):
        case = self.t.file("case.txt", CASE)
        r = run("classify", case)
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), 2, r.stdout)
        self.assertTrue(lines[1].startswith(
            "  - It identifies a child (R**** S*****) named with an identifier, the subject "
            "of a case record, and is about a child-protection or safeguarding case: it uses "
            "terms such as '"), lines[1])
        r, (obj,) = self.classify_json(case)
        self.assertTrue(all("child-protection or safeguarding case" in x["explanation"]
                            for x in obj["reasons"]))
        # an existing marking's sentence names where it was found, masked
        f = self.t.file("named.txt", "RESTRICTED\nnotes\n")
        r, (obj,) = self.classify_json(f)
        self.assertIn("It already carries the marking 'RESTRICTED' (line 1)",
                      obj["reasons"][0]["explanation"])

    def test_unicode_does_not_hide_identifiers_or_terms(self):
        nhs = NHS[0].replace(" ", "")
        fullwidth = "".join(chr(0xFF10 + int(d)) for d in nhs)
        hidden = {
            "nbsp": "%s\u00a0%s\u00a0%s" % (nhs[:3], nhs[3:6], nhs[6:]),
            "soft-hyphen": nhs[:3] + "\u00ad" + nhs[3:6] + "\u00ad" + nhs[6:],
            "zero-width": nhs[:5] + "\u200b" + nhs[5:],
            "full-width": fullwidth,
        }
        for how, number in hidden.items():
            with self.subTest(how):
                # the term hidden too: a ligature (U+FB01) and a soft hyphen
                f = self.t.file(how + ".txt", "Child: NHS number %s.\n"
                                "Risk of signi\ufb01cant harm; strategy dis\u00adcussion held.\n"
                                % number)
                r, (obj,) = self.classify_json(f)
                self.assertEqual(obj["level"], "RESTRICTED", obj)
                ident = [x for x in obj["reasons"] if x["match"] == "people"][0]
                # masked as read once normalised: spaced, or run together
                self.assertIn(ident["evidence"][0], (nhs[:3] + " *** **" + nhs[-2:],
                                                     nhs[:3] + "*****" + nhs[-2:]))
                out = r.stdout + run("classify", f).stdout
                for full in (nhs, number):
                    self.assertNotIn(full, out)
        # keywords beyond ASCII match whatever their case
        with open(os.path.join(ROOT, "policies", "london-lscb.policy")) as f:
            text = f.read()
        pol = self.t.file("es.policy", text.replace(
            "keywords = section 47,", "keywords = protección de menores, section 47,", 1))
        f = self.t.file("es.txt", "Niño: NHS %s. PROTECCIÓN DE MENORES.\n" % NHS[0])
        r, (obj,) = self.classify_json(f, extra=("--policy", pol))
        self.assertEqual(obj["level"], "RESTRICTED", obj)

    def test_practitioners_vocabulary(self):
        # a procedure that discusses the processes names nobody: the lowest level
        procedure = self.t.file("procedure.txt",
            "Procedure: when the MASH receives a contact, the LADO is consulted on "
            "allegations; an ICPC is held within 15 days and an RCPC within three months. "
            "Child in need plans, looked after children, child criminal exploitation (CCE), "
            "the public law outline and care proceedings are covered in chapter 4; DASH risk "
            "assessment guidance is in the appendix. Return home interviews follow any "
            "missing episode.\n")
        r, (obj,) = self.classify_json(procedure)
        self.assertEqual(obj["level"], "NOT PROTECTIVELY MARKED", obj)
        # a person with the same words: a case
        for term in ("ICPC", "LADO", "looked after child", "public law outline",
                     "child criminal exploitation", "return home interview"):
            with self.subTest(term):
                f = self.t.file("case.txt", "Child: NHS number %s. Discussed at the %s.\n"
                                % (NHS[1], term))
                r, (obj,) = self.classify_json(f)
                self.assertEqual(obj["level"], "RESTRICTED", obj)
        # a common word that only looks like a term does not count
        f = self.t.file("clinic.txt", "Patient NHS number %s. See the clinic dashboard; a dash "
                        "of colour in the care order form.\n" % NHS[1])
        r, (obj,) = self.classify_json(f)
        self.assertEqual(obj["level"], "PROTECT", obj)

    def test_human_line(self):
        case = self.t.file("case.txt", CASE)
        r = run("classify", case)
        self.assertEqual(r.returncode, 0)
        line = r.stdout.strip()
        self.assertTrue(line.startswith(case + ": RESTRICTED PERSONAL -- safeguarding-case:"), line)
        self.assertIn("people x1 (line 1: R**** S*****)", line)
        self.assertNotIn(NHS[0], line)

    def test_stdin(self):
        r = run("classify", "--json", "-", stdin=CASE)
        self.assertEqual(r.returncode, 0, r.stderr)
        obj = json.loads(r.stdout)
        self.assertEqual(obj["path"], "-")
        self.assertEqual(obj["level"], "RESTRICTED")

    def test_directory_walk_and_exclude(self):
        self.t.file("b/two.txt", PLAIN)
        self.t.file("a/one.txt", CASE)
        self.t.file("a/skip.expected.json", "{}")
        os.symlink("/etc", os.path.join(self.t.dir.name, "link"))
        r, out = self.classify_json(self.t.dir.name,
                                    extra=("--exclude", "*.expected.json"))
        self.assertEqual(r.returncode, 0, r.stderr)
        names = [os.path.relpath(o["path"], self.t.dir.name) for o in out]
        self.assertEqual(names, ["a/one.txt", "b/two.txt"])

    def test_policy_option(self):
        case = self.t.file("case.txt", CASE)
        r, (obj,) = self.classify_json(case, extra=("--policy", "uk-gsc-2014"))
        self.assertEqual(obj["level"], "OFFICIAL-SENSITIVE")
        path = os.path.join(ROOT, "policies", "uk-gsc-2014.policy")
        r, (obj,) = self.classify_json(case, extra=("-P", path))
        self.assertEqual(obj["level"], "OFFICIAL-SENSITIVE")

    def test_unsupported_is_typed(self):
        path = os.path.join(self.t.dir.name, "blob.bin")
        with open(path, "wb") as f:
            f.write(b"\x7fELF\x02\x01\x01" + bytes(57))
        r, (obj,) = self.classify_json(path)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(obj["error"]["code"], "unsupported-format")
        self.assertTrue(obj["type"].startswith("application/"))


    def test_fifo_and_directory_entries_do_not_hang(self):
        fifo = os.path.join(self.t.dir.name, "pipe.txt")
        os.mkfifo(fifo)
        r, (obj,) = self.classify_json(fifo)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(obj["error"]["code"], "not-regular-file")
        self.assertEqual(obj["error"]["message"], fifo + ": not a regular file")

    def test_binary_noise_never_crashes(self):
        import random
        rnd = random.Random(7)
        paths = []
        for i in range(40):
            p = os.path.join(self.t.dir.name, "noise%02d.txt" % i)
            with open(p, "wb") as f:
                f.write(bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 4000))))
            paths.append(p)
        r, out = self.classify_json(*paths)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        self.assertEqual(len(out), len(paths))
        for obj in out:
            if obj["error"]:
                self.assertEqual(obj["error"]["code"], "unsupported-format", obj)
            else:
                self.assertIsNotNone(obj["level"])


    def test_no_ocr_engine_is_never_clean(self):
        # The OCR engine is a module (libpmark-ocr.so) loaded when a page
        # needs it; pmark itself does not link Tesseract. A module that
        # cannot be loaded leaves scanned pages and photos unread, with why.
        ldd = subprocess.run(["ldd", PMARK], capture_output=True, text=True).stdout
        self.assertNotIn("libtesseract", ldd)
        bogus = os.path.join(self.t.dir.name, "modules")
        os.makedirs(bogus)
        open(os.path.join(bogus, "libpmark-ocr.so"), "w").close()
        scans = [os.path.join(ROOT, "samples", f)
                 for f in ("scanned-referral.pdf", "referral-photo.jpg")]
        for env in ({}, {"PMARK_MODULE_DIR": bogus}):
            r = run("classify", "--json", *scans, env=env)
            out = [json.loads(line) for line in r.stdout.splitlines()]
            self.assertEqual(len(out), 2, r.stderr)
            for obj in out:
                if env:
                    self.assertFalse(obj["inspected"], obj)
                    self.assertIn("no OCR engine", json.dumps(obj))
                    self.assertIn("libpmark-ocr.so", json.dumps(obj))
                else:
                    self.assertTrue(obj["inspected"], obj)
                self.assertNotEqual(obj["level"], "NOT PROTECTIVELY MARKED", obj)

    def test_no_pdf_modules_is_never_clean(self):
        # poppler, cairo, qpdf and libpq live in modules (core/module.h),
        # loaded by the process that needs them; pmark itself links none.
        # A PDF reader that cannot be loaded leaves a PDF not inspected,
        # with why, never clean; a PDF writer that cannot be is an error
        # naming it, and the input is left as it was.
        ldd = subprocess.run(["ldd", PMARK], capture_output=True, text=True).stdout
        for lib in ("libpoppler", "libcairo", "libqpdf", "libpq", "libtesseract"):
            self.assertNotIn(lib, ldd)
        bogus = os.path.join(self.t.dir.name, "pdf-modules")
        os.makedirs(bogus)
        for m in ("pdf-reader", "pdf-writer"):
            open(os.path.join(bogus, "libpmark-%s.so" % m), "w").close()
        pdf = os.path.join(ROOT, "samples", "case-summary.pdf")
        for sandbox in ([], ["--no-sandbox"]):
            r = run(*sandbox, "classify", "--json", pdf, env={"PMARK_MODULE_DIR": bogus})
            obj = json.loads(r.stdout)
            self.assertFalse(obj["inspected"], obj)
            self.assertIn("no PDF reader", json.dumps(obj))
            self.assertIn("libpmark-pdf-reader.so", json.dumps(obj))
            self.assertNotEqual(obj["level"], "NOT PROTECTIVELY MARKED", obj)
            # and with the modules where they belong, it is read
            obj = json.loads(run(*sandbox, "classify", "--json", pdf).stdout)
            self.assertTrue(obj["inspected"], obj)
            self.assertEqual(obj["level"], "RESTRICTED", obj)

    def test_a_module_of_another_version_is_refused(self):
        # A module that loads but was built for another pmark (its
        # pmark_module_version differs) is refused before any of its code
        # is used: the PDF is not inspected, and says which module and why
        cc = shutil.which("cc") or shutil.which("gcc")
        if not cc:
            self.skipTest("SKIP: no C compiler to build a stand-in module")
        d = os.path.join(self.t.dir.name, "old-modules")
        os.makedirs(d)
        src = os.path.join(d, "m.c")
        with open(src, "w") as f:
            f.write('const char pmark_module_version[] = "0.0.1";\n'
                    'const char pmark_pdf_reader[64] = { 0 };\n')
        subprocess.run([cc, "-shared", "-fPIC", "-o",
                        os.path.join(d, "libpmark-pdf-reader.so"), src], check=True)
        pdf = os.path.join(ROOT, "samples", "case-summary.pdf")
        for sandbox in ([], ["--no-sandbox"]):
            r = run(*sandbox, "classify", "--json", pdf, env={"PMARK_MODULE_DIR": d})
            obj = json.loads(r.stdout)
            self.assertFalse(obj["inspected"], obj)
            self.assertIn("is of another version (0.0.1, not", obj["not_inspected_reason"])
            self.assertNotEqual(obj["level"], "NOT PROTECTIVELY MARKED", obj)

    def test_text_in_an_unknown_charset_is_read_as_utf8(self):
        # An HTML body labelled with a charset nobody knows, holding a byte
        # that is not UTF-8: GMime leaves it undecoded, and libxml2 passed
        # it on; marking recognition then walked past the end of the line
        # (found by fuzz-marking; its input is in tests/fuzz/regressions).
        # The text comes out as UTF-8, the byte as U+FFFD, in both the
        # sandboxed and the in-process reader.
        msg = (b"From: a@example.com\nTo: b@example.com\nSubject: Notes\n"
               b"Content-Type: text/html; charset=utf-9\n\n"
               b"<html><body><h2>Article Ti\xf4le</h2>"
               b"<p>NHS number " + NHS[1].encode() + b"</p></body></html>\n")
        p = os.path.join(self.t.dir.name, "unknown-charset.eml")
        with open(p, "wb") as f:
            f.write(msg)
        clean = os.path.join(self.t.dir.name, "known-charset.eml")
        with open(clean, "wb") as f:
            f.write(msg.replace(b"utf-9", b"utf-8").replace(b"\xf4", b"t"))
        r, want = self.classify_json(clean)
        self.assertNotEqual(want[0]["level"], "NOT PROTECTIVELY MARKED", want)
        for sandbox in ([], ["--no-sandbox"]):
            r = subprocess.run([PMARK, *sandbox, "extract", "--json", p], capture_output=True,
                               timeout=60)
            self.assertEqual(r.returncode, 0, r.stderr)
            doc = json.loads(r.stdout.decode("utf-8"))  # strict: fails on raw bytes
            text = "".join(part["text"] for part in doc["parts"])
            self.assertIn("Article Ti\ufffdle", text)
            self.assertIn("Article Ti\ufffdle", [m["value"] for m in doc["markings"]])
            r = subprocess.run([PMARK, *sandbox, "classify", "--json", p], capture_output=True,
                               timeout=60)
            out = json.loads(r.stdout.decode("utf-8"))
            self.assertEqual(out["level"], want[0]["level"], out)

class Policy(unittest.TestCase):
    def test_check_shipped(self):
        pol = os.path.join(ROOT, "policies")
        r = run("policy", "check", os.path.join(pol, "london-lscb.policy"),
                os.path.join(pol, "uk-gsc-2014.policy"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("ok: policy 'london-lscb', 4 levels", r.stdout)

    def test_check_broken(self):
        t = Tmp()
        path = t.file("bad.policy", "[policy]\nname = bad\n[level A]\nlabel = A\n"
                      "colour = #000000\n[level B]\nlabel = B\ncolour = #111111\n"
                      "[rule r]\nwhen = nothing\nlevel = B\n")
        r = run("policy", "check", path)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.strip(),
                         "%s:10: [rule r]: in 'when': unknown match 'nothing'" % path)

    def test_check_local_settings(self):
        # a local settings file is checked as it would be merged over a
        # policy, not refused for having no [policy] of its own; the
        # shipped template for /etc/pmark/local.policy is one
        t = Tmp()
        good = t.file("local.policy", "[mail]\nsecure-domains += partner.example.org\n")
        bad = t.file("bad-local.policy", "[mail]\nsecure-domains += partner.example.org\n"
                     "bogus-key = 1\n")
        r = run("policy", "check", good, os.path.join(ROOT, "debian", "local.policy"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("%s: ok: local settings over policy 'london-lscb'" % good, r.stdout)
        r = run("policy", "check", "-P", "uk-gsc-2014", good)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("over policy 'uk-gsc-2014'", r.stdout)
        r = run("policy", "check", bad)
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr.startswith("%s:3: [mail]: unknown key 'bogus-key'" % bad), r.stderr)

    def test_show(self):
        r = run("policy", "show")
        self.assertEqual(r.returncode, 0)
        self.assertIn("[policy]\nname = london-lscb\n", r.stdout)
        self.assertIn("[rule aggregated-case-records]\nwhen = people >= 50 and case-context\n", r.stdout)
        r = run("policy", "show", "uk-gsc-2014")
        self.assertIn("[level OFFICIAL-SENSITIVE]", r.stdout)

    def test_local_override_survives_the_shipped_policy(self):
        # a council's own settings in a local file: merged over whichever
        # policy is loaded, said where they came from, errors named there
        t = Tmp()
        local = t.file("local.policy", "# our partners\n[mail]\n"
                       "secure-domains += partner.example.org\n"
                       "[policy]\naudit-log = /var/log/pmark/marking.jsonl\n")
        env = {"PMARK_LOCAL_POLICY": local}
        r = run("policy", "show", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        shown = r.stdout
        self.assertIn("# from %s:3\nsecure-domains = " % local, shown)
        line = shown.split("\nsecure-domains = ")[1].split("\nsecure-from")[0]
        self.assertIn("partner.example.org", line)
        self.assertIn("nhs.net", line)        # the shipped ones are kept
        self.assertIn("# from %s:5\naudit-log = /var/log/pmark/marking.jsonl" % local, shown)
        # without it, the shipped policy as it is
        self.assertNotIn("partner.example.org", run("policy", "show").stdout)
        # the mail filter honours it: RESTRICTED mail to the partner goes
        msg = ("From: amy@council.gov.uk\nTo: cara@partner.example.org\nSubject: [RESTRICTED] x"
               "\n\nChild: NHS number %s. Section 47 enquiry.\n" % NHS[0])
        held = subprocess.run([PMARK, "filter", "--json"], input=msg, capture_output=True,
                              text=True, timeout=60)
        sent = subprocess.run([PMARK, "filter", "--json"], input=msg, capture_output=True,
                              text=True, timeout=60, env=dict(os.environ, **env))
        self.assertNotEqual(json.loads(held.stdout)["action"], "deliver", held.stdout)
        self.assertEqual(json.loads(sent.stdout)["action"], "deliver", sent.stdout)
        # a mistake in it is named in it
        bad = t.file("bad-local.policy", "[mail]\nsecure-from = SECRETISH\n")
        r = run("policy", "show", env={"PMARK_LOCAL_POLICY": bad})
        self.assertEqual(r.returncode, 1, r.stderr)  # an invalid policy (pmark-policy(1))
        self.assertIn("%s:2: [mail]: secure-from" % bad, r.stderr)

    def test_include(self):
        t = Tmp()
        mine = t.file("mine.policy", "[policy]\nname = my-london\ninclude = london-lscb\n"
                      "[mail]\nsecure-domains = only.example.org\n")
        r = run("policy", "show", mine)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("[policy]\nname = my-london\n", r.stdout)
        self.assertIn("[level CONFIDENTIAL]", r.stdout)   # from the included policy
        self.assertIn("london-lscb.policy:", r.stdout)      # said so
        self.assertIn("\nsecure-domains = only.example.org\n", r.stdout)
        r = run("classify", "--json", "--policy", mine, t.file("c.txt", CASE))
        self.assertEqual(json.loads(r.stdout)["level"], "RESTRICTED")
        self.assertEqual(json.loads(r.stdout)["policy"], "my-london")
        # a loop is an error, not a hang
        a = t.file("a.policy", "[policy]\nname = a\ninclude = %s\n" % os.path.join(
            t.dir.name, "b.policy"))
        t.file("b.policy", "[policy]\nname = b\ninclude = %s\n" % a)
        r = run("policy", "check", a)
        self.assertEqual(r.returncode, 1)
        self.assertIn("more than 8 policies deep", r.stderr)

    def test_list(self):
        r = run("policy", "list")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"(?m)^london-lscb .*\(default\)$")
        self.assertRegex(r.stdout, r"(?m)^uk-gsc-2014 ")


class LargeFiles(unittest.TestCase):
    def test_unsupported_large_file_is_not_read_whole(self):
        import resource
        t = Tmp()
        self.addCleanup(t.dir.cleanup)
        path = os.path.join(t.dir.name, "disk.img")
        with open(path, "wb") as f:
            f.truncate(1 << 30)  # 1 GiB, sparse
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        r = run("classify", "--json", path)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(json.loads(r.stdout)["error"]["code"], "unsupported-format")
        # this command's peak alone (pmark and the workers it waits for),
        # measured in a process of its own: this one's children include
        # every earlier test's
        m = subprocess.run([sys.executable, "-c",
                            "import resource, subprocess, sys\n"
                            "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
                            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
                            PMARK, "classify", "--json", path],
                           capture_output=True, text=True, check=True)
        peak_mb = int(m.stdout) / 1024
        # judged by its first MiB: nowhere near the gigabyte it was
        self.assertLess(peak_mb, 512, "peak RSS %.0f MB (before: %.0f)" % (peak_mb, before / 1024))


class Tables(unittest.TestCase):
    """A column header's context applies to every cell under it."""

    def table(self, delim, header, numbers, name):
        t = Tmp()
        self.addCleanup(t.dir.cleanup)
        rows = [delim.join(header)]
        for i, n in enumerate(numbers):
            rows.append(delim.join(["Child %02d Example" % i, n, "01/02/2025"]))
        return t.file(name, "\n".join(rows) + "\n")

    def classify(self, path):
        r = run("classify", "--json", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def test_column_header_context(self):
        many = ids.nhs_numbers(60)
        for delim, name in ((",", "export.csv"), ("\t", "export.tsv"), (";", "export.txt")):
            with self.subTest(delim=delim):
                path = self.table(delim, ["Name", "NHS number", "Child protection plan start"],
                                  many, name)
                obj = self.classify(path)
                self.assertEqual(obj["level"], "CONFIDENTIAL", obj)
                # "Child 05 Example" names nobody: sixty people by their numbers
                ident = [r for r in obj["reasons"] if r["match"] == "people"][0]
                self.assertEqual(ident["count"], 60)
                self.assertTrue(ident["where"][0].startswith("column B (NHS number), line "), ident)
                self.assertNotIn(many[5], json.dumps(obj))

    def test_prose_with_commas_is_no_table(self):
        # every line says the same three comma-separated things: prose, and
        # reading it as columns would copy it thrice over
        line = ("Meeting notes: the car park rota, the training calendar and the "
                "kitchen. Nothing about anyone in particular.\n")
        t = Tmp()
        self.addCleanup(t.dir.cleanup)
        obj = json.loads(run("extract", "--json", t.file("notes.txt", line * 200)).stdout)
        wheres = [p["where"] for p in obj["parts"]]
        self.assertEqual(len(wheres), 1, wheres)
        self.assertFalse(any("column" in (w or "") for w in wheres), wheres)

    def test_xml_field_names_are_context(self):
        # a case-system export: the element names say what the values are
        t = Tmp()
        self.addCleanup(t.dir.cleanup)
        rows = "".join("<child><Name>Child %02d Example</Name><NHSNumber>%s</NHSNumber>"
                       "<plan_type>child protection plan</plan_type></child>" % (i, n)
                       for i, n in enumerate(ids.nhs_numbers(55)))
        path = t.file("export.xml", '<?xml version="1.0"?><caseload>%s</caseload>' % rows)
        obj = json.loads(run("classify", "--json", path).stdout)
        self.assertEqual(obj["format"], "xml")
        self.assertEqual(obj["level"], "CONFIDENTIAL", obj)
        ident = [r for r in obj["reasons"] if r["match"] == "people"][0]
        self.assertEqual(ident["count"], 55)

    def test_sheet_column_headers(self):
        sys.path.insert(0, os.path.join(ROOT, "tools"))
        import office
        many = ids.nhs_numbers(60)
        rows = [["Caseload extract"], ["Name", "NHS number", "Plan"]] + \
            [["Child %02d" % i, n, "child protection plan"] for i, n in enumerate(many)]
        t = Tmp()
        self.addCleanup(t.dir.cleanup)
        for name, data in (("caseload.xlsx", office.xlsx([("Caseload", rows)])),
                           ("caseload.ods", office.odf("spreadsheet", [("Caseload", rows)]))):
            with self.subTest(name=name):
                self.assert_caseload(os.path.join(t.dir.name, name), data,
                                     'sheet "Caseload", column B (NHS number), line ', many)

    def assert_caseload(self, path, data, where, numbers):
        """60 NHS numbers under an NHS number column: CONFIDENTIAL, each
        number counted, found in the column, none shown whole"""
        with open(path, "wb") as f:
            f.write(data)
        obj = self.classify(path)
        self.assertEqual(obj["level"], "CONFIDENTIAL", obj)
        ident = [r for r in obj["reasons"] if r["match"] == "people"][0]
        self.assertEqual(ident["count"], len(numbers))
        self.assertTrue(any(w.startswith(where) for w in ident["where"]), ident)
        self.assertNotIn(numbers[7], json.dumps(obj))

    def test_document_tables(self):
        # Word, OpenDocument text and HTML tables: the column header is the
        # context of every cell under it, as in sheets and CSV
        sys.path.insert(0, os.path.join(ROOT, "tools"))
        import office
        many = ids.nhs_numbers(60)
        rows = [["Name", "NHS number", "Plan"]] + \
            [["Child %02d" % i, n, "child protection plan"] for i, n in enumerate(many)]
        html = ("<html><body><p>Caseload for the core group.</p><table><tr>%s</tr>%s</table>"
                "</body></html>" % ("".join("<th>%s</th>" % h for h in rows[0]),
                                    "".join("<tr>%s</tr>" % "".join("<td>%s</td>" % c
                                                                    for c in r)
                                            for r in rows[1:])))
        t = Tmp()
        self.addCleanup(t.dir.cleanup)
        for name, data, where in (
                ("caseload.docx", office.docx(["Caseload for the core group."], tables=[rows]),
                 "body, table 1, column B (NHS number), line "),
                ("caseload.odt", office.odf("text", ["Caseload for the core group.", rows]),
                 "body, table 1, column B (NHS number), line "),
                ("caseload.html", html.encode(),
                 "table 1, column B (NHS number), line ")):
            with self.subTest(name=name):
                self.assert_caseload(os.path.join(t.dir.name, name), data, where, many)
        # the same numbers under another header: nothing
        other = [["Name", "Order number", "Plan"]] + rows[1:]
        path = os.path.join(t.dir.name, "orders.docx")
        with open(path, "wb") as f:
            f.write(office.docx(["Orders."], tables=[other]))
        self.assertEqual(self.classify(path)["level"], "NOT PROTECTIVELY MARKED")

    def test_numbers_under_other_headers_count_for_nothing(self):
        path = self.table(",", ["Name", "Order number", "Child protection plan start"],
                          ids.nhs_numbers(60), "orders.csv")
        self.assertEqual(self.classify(path)["level"], "NOT PROTECTIVELY MARKED")

    def test_prose_with_commas_is_not_a_table(self):
        t = Tmp()
        self.addCleanup(t.dir.cleanup)
        path = t.file("note.txt", "Name, role and team\nWe met, talked, and agreed.\n"
                      "NHS trusts, councils and schools attended.\n%s was a phone number.\n"
                      % NHS[0])
        r = run("extract", "--json", path)
        self.assertEqual([p["where"] for p in json.loads(r.stdout)["parts"]], ["text"])


class NotReadIsNeverClean(unittest.TestCase):
    def test_attachment_cut_short_is_not_read(self):
        # a CRLF message whose attachment's last base64 line ends in a lone
        # LF before the boundary: the parser drops that line's last
        # character, and with it the end of the NHS number
        import base64
        note = base64.encodebytes(("Strategy discussion. NHS number %s\n" % NHS[0]).encode()).decode()
        mail = ("From: a@example.org\r\nTo: b@example.org\r\nSubject: notes\r\n"
                "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                "--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--b\r\n"
                "Content-Type: text/plain; name=x.txt\r\nContent-Transfer-Encoding: base64\r\n"
                "\r\n" + note + "--b--\r\n")
        t = Tmp()
        self.addCleanup(t.dir.cleanup)
        r = run("classify", "--json", t.file("notes.eml", mail))
        obj = json.loads(r.stdout)
        self.assertFalse(obj["inspected"], obj)
        self.assertIn("cut short", obj["not_inspected_reason"])
        self.assertNotEqual(obj["level"], "NOT PROTECTIVELY MARKED")

    def nested_zip(self, depth, inner_name, inner):
        data, name = inner, inner_name
        for level in range(depth):
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as z:
                z.writestr(name, data)
            data, name = buf.getvalue(), "folder%d.zip" % level
        return data

    def test_zip_nested_past_max_nesting(self):
        t = Tmp()
        self.addCleanup(t.dir.cleanup)
        path = os.path.join(t.dir.name, "deep.zip")
        with open(path, "wb") as f:
            f.write(self.nested_zip(7, "note.txt", CASE.encode()))
        r = run("classify", "--json", path)
        obj = json.loads(r.stdout)
        self.assertEqual((obj["inspected"], obj["level"], obj["review"]), (False, None, True), obj)
        self.assertIn("max-nesting", obj["not_inspected_reason"])
        self.assertIn("max-nesting", obj["unread"][0])
        r = run("classify", "--fail-at", "PROTECT", path)
        self.assertEqual(r.returncode, 3)
        self.assertIn("NOT INSPECTED", r.stdout)
        self.assertNotIn("NOT PROTECTIVELY MARKED", r.stdout)
        # within the budget the same note is read and decides
        with open(path, "wb") as f:
            f.write(self.nested_zip(3, "note.txt", CASE.encode()))
        obj = json.loads(run("classify", "--json", path).stdout)
        self.assertEqual((obj["inspected"], obj["level"]), (True, "RESTRICTED"), obj)

    def test_partly_read_keeps_what_the_rest_proves(self):
        t = Tmp()
        self.addCleanup(t.dir.cleanup)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("note.txt", CASE)
            z.writestr("deep.zip", self.nested_zip(6, "x.txt", b"anything"))
        path = os.path.join(t.dir.name, "mixed.zip")
        with open(path, "wb") as f:
            f.write(buf.getvalue())
        obj = json.loads(run("classify", "--json", path).stdout)
        self.assertEqual((obj["inspected"], obj["level"], obj["review"]),
                         (False, "RESTRICTED", True), obj)


if __name__ == "__main__":
    unittest.main(verbosity=2)
