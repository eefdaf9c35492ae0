#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Signed markings: pmark keygen --sign, pmark mark --sign, pmark verify.

A signed document verifies as intact in every format pmark signs; an edit
of the body, of a picture, of the visible marking or of the metadata
marking is reported as what it is; a signature altered by hand is
invalid; a key not in the trusted list is reported; a re-marking without
--sign leaves no stale signature; classify and audit report the state;
LibreOffice's re-save without edits is reported honestly (intact where the
content pmark reads is unchanged, content-changed only where it really
changed); a sealed file's stanza carries the signature, and the real age
still opens it."""
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from standin import crashing_module  # noqa: E402

PMARK = os.environ["PMARK"]
ROOT = os.environ["PMARK_SOURCE_ROOT"]
SAMPLES = os.path.join(ROOT, "samples")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
QPDF = shutil.which("qpdf")
AGE = shutil.which("age")

SIGNABLE = ("meeting-notes.docx", "caseload.xlsx", "training.pptx", "pupil-letter.odt",
            "attendance.ods", "briefing.odp", "referral.fodt", "case-summary.pdf")


def run(*args, ok=0, **kw):
    r = subprocess.run([PMARK, *args], capture_output=True, text=True, timeout=300, **kw)
    if ok is not None:
        assert r.returncode == ok, "%s: exit %d (wanted %d): %s%s" % (
            args, r.returncode, ok, r.stdout, r.stderr)
    return r


def rezip(src, dst, edit):
    """A copy of a zip package with edit(name, bytes) -> bytes (None drops)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info, data)
        extra = edit(None, None)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)


class Verify(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.d = cls.tmp.name
        cls.key = os.path.join(cls.d, "officer.key")
        r = run("keygen", "--sign", "--signer", "A. Officer, Test Borough", "-o", cls.key)
        cls.public = re.search(r"Public key: (pmarksign1\S+)", r.stderr).group(1)
        cls.other = os.path.join(cls.d, "other.key")
        r = run("keygen", "--sign", "-o", cls.other)
        cls.other_public = re.search(r"Public key: (pmarksign1\S+)", r.stderr).group(1)
        cls.trusted = os.path.join(cls.d, "trusted")
        with open(cls.trusted, "w") as f:
            f.write("# the borough's markers\n%s A. Officer\n" % cls.public)
        cls.log = os.path.join(cls.d, "log.jsonl")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.d, name)

    def signed(self, sample, level="RESTRICTED:PERSONAL", name=None, *extra):
        out = self.path(name or "signed-" + sample)
        if os.path.exists(out):
            os.unlink(out)
        run("mark", "--level", level, "--justify", "test", "--sign", self.key, "--log",
            self.log, "-o", out, *extra, os.path.join(SAMPLES, sample))
        return out

    def verify(self, path, *args, ok=None):
        r = run("verify", "--json", *args, path, ok=ok)
        return json.loads(r.stdout.splitlines()[0]), r.returncode

    # ---- keys --------------------------------------------------------------

    def test_key_file_is_private_and_named(self):
        self.assertEqual(os.stat(self.key).st_mode & 0o777, 0o600)
        with open(self.key) as f:
            text = f.read()
        self.assertIn("# public key: %s\n" % self.public, text)
        self.assertIn("# signer: A. Officer, Test Borough\n", text)
        self.assertRegex(text, r"\nPMARK-SIGN-SECRET-KEY-1[0-9A-Z]+\n")
        # a key others can read is refused, naming the fix
        loose = self.path("loose.key")
        shutil.copy(self.key, loose)
        os.chmod(loose, 0o644)
        r = run("mark", "--level", "RESTRICTED", "--sign", loose, "-o", self.path("x.docx"),
                os.path.join(SAMPLES, "meeting-notes.docx"), ok=2)
        self.assertIn("chmod 600", r.stderr)
        self.assertFalse(os.path.exists(self.path("x.docx")))
        # an age identity is not a signing key
        age_id = self.path("age.key")
        run("keygen", "-o", age_id)
        r = run("mark", "--level", "RESTRICTED", "--sign", age_id, "-o", self.path("x.docx"),
                os.path.join(SAMPLES, "meeting-notes.docx"), ok=2)
        self.assertIn("no signing key", r.stderr)
        run("keygen", "--signer", "x", ok=2)

    # ---- every format ------------------------------------------------------

    def test_signed_documents_verify_in_every_format(self):
        for sample in SIGNABLE:
            with self.subTest(sample=sample):
                out = self.signed(sample)
                res, rc = self.verify(out, "--trusted", self.trusted)
                self.assertEqual((res["state"], rc), ("intact", 0), res)
                self.assertEqual(res["signed_marking"], "RESTRICTED - PERSONAL")
                self.assertEqual(res["marking_now"], "RESTRICTED - PERSONAL")
                self.assertEqual(res["signer"], "A. Officer, Test Borough")
                self.assertEqual(res["key"], self.public)
                self.assertEqual(res["trusted_as"], "A. Officer")
                self.assertEqual(res["signed_content"], res["content_now"])
                # classify reads the same state
                c = json.loads(run("classify", "--json", out).stdout)
                self.assertEqual(c["signature"]["state"], "intact")
        # the marking log names the signer and what was signed
        with open(self.log) as f:
            last = json.loads(f.read().splitlines()[-1])
        self.assertEqual(last["signed_by"], "A. Officer, Test Borough")
        self.assertEqual(last["signing_key"], self.public)
        self.assertTrue(last["signed_content"].startswith("sha256:"))

    def test_unsigned_and_unsignable(self):
        res, rc = self.verify(os.path.join(SAMPLES, "meeting-notes.docx"))
        self.assertEqual((res["state"], rc), ("unsigned", 5))
        # plain text has no metadata to carry a signature: refused, nothing written
        out = self.path("note.txt")
        r = run("mark", "--level", "RESTRICTED", "--sign", self.key, "-o", out,
                os.path.join(SAMPLES, "board-report.txt"), ok=1)
        self.assertIn("cannot sign", r.stderr)
        self.assertFalse(os.path.exists(out))
        c = json.loads(run("classify", "--json", os.path.join(SAMPLES, "meeting-notes.docx")).stdout)
        self.assertIsNone(c["signature"])

    def test_re_marking_without_sign_removes_the_signature(self):
        out = self.signed("meeting-notes.docx")
        again = self.path("again.docx")
        run("mark", "--level", "CONFIDENTIAL", "--log", self.log, "-o", again, out)
        res, rc = self.verify(again)
        self.assertEqual((res["state"], rc), ("unsigned", 5))
        with zipfile.ZipFile(again) as z:
            self.assertNotIn("pmark-signature", z.read("docProps/custom.xml").decode())
        # and re-signing by someone else signs the new marking
        third = self.path("third.docx")
        run("mark", "--level", "CONFIDENTIAL", "--sign", self.other, "--signer", "B. Other",
            "--log", self.log, "-o", third, again)
        res, rc = self.verify(third, "--trusted", self.trusted)
        self.assertEqual((res["state"], rc), ("signer-not-trusted", 5), res)
        self.assertEqual(res["signer"], "B. Other")
        res, rc = self.verify(third)
        self.assertEqual((res["state"], rc), ("intact", 0))
        self.assertFalse(res["trust_checked"])

    def test_policy_names_the_trusted_keys(self):
        pdir = self.path("policy")
        os.makedirs(pdir, exist_ok=True)
        with open(os.path.join(ROOT, "policies", "london-lscb.policy")) as f:
            text = f.read()
        policy = os.path.join(pdir, "signed.policy")
        with open(policy, "w") as f:
            f.write(text + "\n[sign]\ntrusted = markers.txt\n")
        shutil.copy(self.trusted, os.path.join(pdir, "markers.txt"))
        self.assertIn("trusted = %s" % os.path.join(pdir, "markers.txt"),
                      run("policy", "show", policy).stdout)
        ours = self.signed("meeting-notes.docx", "RESTRICTED", "ours.docx")
        theirs = self.path("theirs.docx")
        run("mark", "--level", "RESTRICTED", "--sign", self.other, "--log", self.log,
            "-o", theirs, os.path.join(SAMPLES, "meeting-notes.docx"))
        c = json.loads(run("classify", "-P", policy, "--json", theirs).stdout)
        self.assertEqual(c["signature"]["state"], "signer-not-trusted")
        c = json.loads(run("classify", "-P", policy, "--json", ours).stdout)
        self.assertEqual(c["signature"]["state"], "intact")
        self.assertEqual(c["signature"]["trusted_as"], "A. Officer")
        res, rc = self.verify(theirs, "-P", policy)
        self.assertEqual((res["state"], rc), ("signer-not-trusted", 5))
        run("verify", "-P", policy, "--trusted", self.trusted, ours, ok=2)
        tree = self.path("trust-share")
        os.makedirs(tree, exist_ok=True)
        shutil.copy(theirs, tree)
        db = self.path("trust.sqlite")
        run("audit", "-P", policy, "--db", db, tree)
        with sqlite3.connect(db) as con:
            findings = [f for (f,) in con.execute("SELECT finding FROM files")]
        self.assertEqual(findings, ["signer-not-trusted"])
        # a trusted list that is not there is a policy error, not an empty list
        with open(policy, "w") as f:
            f.write(text + "\n[sign]\ntrusted = missing.txt\n")
        r = run("policy", "check", policy, ok=1)
        self.assertIn("missing.txt", r.stderr)

    def test_audit_apply_signs_where_the_format_allows(self):
        tree = self.path("apply-share")
        os.makedirs(tree, exist_ok=True)
        shutil.copy(os.path.join(SAMPLES, "case-note.txt"), tree)
        # an unmarked document whose content needs RESTRICTED
        sys.path.insert(0, os.path.join(ROOT, "tools"))
        import office
        with open(os.path.join(tree, "minutes.docx"), "wb") as f:
            f.write(office.docx(["Strategy discussion - minutes",
                                 "Child: Riley Sample, NHS number 999 000 0018",
                                 "A section 47 enquiry will follow."]))
        out = self.path("apply-out")
        db = self.path("apply.sqlite")
        run("audit", "--db", db, tree)
        r = run("audit", "--db", db, "--apply", "--apply-dir", out, "--sign", self.key, tree)
        self.assertIn("signed)", r.stdout)
        self.assertIn("--apply: 1 signed, 1 in formats that carry no signature", r.stdout)
        marked = {}
        for d, _, names in os.walk(out):
            for n in names:
                marked[n] = os.path.join(d, n)
        self.assertIn("case-note.txt", marked)  # marked, unsigned
        res, _ = self.verify(marked["case-note.txt"])
        self.assertEqual(res["state"], "unsigned")
        for n in marked:
            if not n.endswith(".txt"):
                res, rc = self.verify(marked[n], "--trusted", self.trusted)
                self.assertEqual((res["state"], rc), ("intact", 0), (n, res))
        run("audit", "--db", db, "--sign", self.key, tree, ok=2)

    # ---- tampering -----------------------------------------------------------

    def test_docx_body_picture_marking_and_metadata_edits(self):
        out = self.signed("meeting-notes.docx")

        def body(name, data):
            if name == "word/document.xml":
                return data.replace(b"Team meeting notes", b"Team meeting minutes")
            return data
        edited = self.path("body.docx")
        rezip(out, edited, body)
        res, rc = self.verify(edited)
        self.assertEqual((res["state"], rc), ("content-changed", 4), res)
        self.assertFalse(res["marking_changed"])

        # a picture slipped into the package
        pic = self.path("picture.docx")
        rezip(out, pic, lambda n, d: {"word/media/image9.png": b"\x89PNG not really"}
              if n is None else d)
        res, _ = self.verify(pic)
        self.assertEqual(res["state"], "content-changed")

        # the visible marking lowered by hand in the header and footer
        def lowered(name, data):
            if name and re.match(r"word/[^/]*(header|footer)\d*\.xml", name):
                return data.replace(b"RESTRICTED - PERSONAL", b"PROTECT")
            return data
        low = self.path("lowered.docx")
        rezip(out, low, lowered)
        res, rc = self.verify(low)
        self.assertEqual((res["state"], rc), ("marking-changed", 4), res)
        self.assertIn("no page, header or footer shows", res["reason"])

        # the metadata marking changed, the visible one left
        def meta(name, data):
            if name == "docProps/custom.xml":
                return data.replace(b">RESTRICTED - PERSONAL<", b">PROTECT<")
            return data
        m = self.path("meta.docx")
        rezip(out, m, meta)
        res, _ = self.verify(m)
        self.assertEqual(res["state"], "marking-changed")
        self.assertEqual(res["marking_now"], "PROTECT")

        # the signature itself altered: its statement no longer verifies
        def forged(name, data):
            if name == "docProps/custom.xml":
                return re.sub(rb"(pmark-sig1\.[A-Za-z0-9_-]{20})([A-Za-z0-9_-])",
                              lambda mm: mm.group(1) + (b"A" if mm.group(2) != b"A" else b"B"),
                              data, count=1)
            return data
        f = self.path("forged.docx")
        rezip(out, f, forged)
        res, rc = self.verify(f)
        self.assertEqual((res["state"], rc), ("invalid", 4), res)

        # classify and audit report it
        c = json.loads(run("classify", "--json", edited).stdout)
        self.assertEqual(c["signature"]["state"], "content-changed")
        line = run("classify", low).stdout
        self.assertIn("[signed marking: marking-changed]", line)
        tree = self.path("share")
        os.makedirs(tree, exist_ok=True)
        for p in (out, edited, low):
            shutil.copy(p, tree)
        db = self.path("audit.sqlite")
        run("audit", "--db", db, tree)
        with sqlite3.connect(db) as con:
            rows = dict((os.path.basename(p), f) for p, f in
                        con.execute("SELECT path, finding FROM files"))
        self.assertEqual(rows["body.docx"], "marking-tampered")
        self.assertEqual(rows["lowered.docx"], "marking-tampered")
        self.assertEqual(rows[os.path.basename(out)], "over-marked")  # signed, intact
        # exit status: the worst file decides
        r = run("verify", out, edited, os.path.join(SAMPLES, "meeting-notes.docx"), ok=4)
        self.assertIn("%s: intact:" % out, r.stdout)

    @unittest.skipUnless(QPDF, "SKIP: qpdf (CLI) not installed: PDF tampering not tested")
    def test_pdf_content_and_marking_edits(self):
        out = self.signed("case-summary.pdf")
        qdf = self.path("qdf.pdf")
        subprocess.run([QPDF, "--qdf", "--object-streams=disable", out, qdf], check=True)
        with open(qdf, "rb") as f:
            data = f.read()

        def variant(name, old, new):
            self.assertIn(old, data)
            self.assertEqual(len(old), len(new))  # offsets stay right
            p = self.path(name)
            with open(p, "wb") as f:
                f.write(data.replace(old, new))
            return p
        # qpdf's own rewrite changes no content
        res, rc = self.verify(qdf)
        self.assertEqual((res["state"], rc), ("intact", 0), res)
        body = variant("body.pdf", b"(Prepared for the core group.)",
                       b"(Prepared for the core gr0up.)")
        res, rc = self.verify(body)
        self.assertEqual((res["state"], rc), ("content-changed", 4), res)
        shown = variant("shown.pdf", b"Tm (RESTRICTED - PERSONAL) Tj",
                        b"Tm (PROTECT    - PERSONAL) Tj")
        res, _ = self.verify(shown)
        self.assertEqual(res["state"], "marking-changed", res)
        self.assertFalse(res["content_changed"])
        info = variant("info.pdf", b"/PmarkMarking (RESTRICTED - PERSONAL)",
                       b"/PmarkMarking (PROTECT    - PERSONAL)")
        res, _ = self.verify(info)
        self.assertEqual(res["state"], "marking-changed", res)

    @unittest.skipUnless(QPDF, "SKIP: qpdf (CLI) not installed: no QDF rewrite to edit")
    def test_a_token_only_in_the_info_dictionary_is_found(self):
        # The PDF reader takes the token from the XMP packet, or, where the
        # XMP lost it, from Info's /PmarkSignature (qpdf, in the worker):
        # such a PDF still verifies, is never "unsigned", and classify
        # checks its signature as verify does
        out = self.signed("case-summary.pdf", name="info-only.pdf")
        qdf = self.path("info-only-qdf.pdf")
        subprocess.run([QPDF, "--qdf", "--object-streams=disable", out, qdf], check=True)
        with open(qdf, "rb") as f:
            data = f.read()
        self.assertEqual(data.count(b"<pmark:Signature>"), 1)
        # same length: the cross-reference offsets stay right
        data = data.replace(b"<pmark:Signature>", b"<pmark:Signaturx>")
        with open(qdf, "wb") as f:
            f.write(data)
        # the same file with its objects in object streams: Info's key is
        # then compressed, and only qpdf finds it
        packed = self.path("info-only-packed.pdf")
        subprocess.run([QPDF, "--object-streams=generate", qdf, packed], check=True)
        with open(packed, "rb") as f:
            self.assertNotIn(b"PmarkSignature", f.read())
        # and its content edited (same length)
        edited = self.path("info-only-edited.pdf")
        with open(edited, "wb") as f:
            self.assertIn(b"(Prepared for the core group.)", data)
            f.write(data.replace(b"(Prepared for the core group.)",
                                 b"(Prepared for the core gr0up.)"))
        for sandbox in ([], ["--no-sandbox"]):
            for path, state in ((qdf, "intact"), (packed, "intact"),
                                (edited, "content-changed")):
                r = run(*sandbox, "verify", "--json", path, ok=None)
                res = json.loads(r.stdout)
                self.assertEqual(res["state"], state, (path, res))
                # classify (and so audit) checks it too, as verify does
                r = run(*sandbox, "classify", "--json", path, ok=None)
                res = json.loads(r.stdout)
                self.assertEqual(res["signature"] and res["signature"]["state"], state,
                                 (path, sandbox, res))

    def test_a_crash_checking_a_signature_costs_that_check_only(self):
        # Checking a signed marking parses the file again (qpdf for a PDF):
        # where documents are read, in a worker process. A stand-in module
        # "pdf-signature" whose reader crashes (as a qpdf bug would) costs
        # the PDF's check only: classify still reports its level and the
        # other files' signatures, verify reports the others.
        d = crashing_module(PMARK, self.path("crashing-modules"), "pdf-signature",
                            "pmark_pdf_signature")
        if not d:
            self.skipTest("SKIP: no C compiler to build a stand-in module")
        env = dict(os.environ, PMARK_MODULE_DIR=d)
        pdf = self.signed("case-summary.pdf", name="crash-check.pdf")
        docx = self.signed("meeting-notes.docx", name="crash-check.docx")
        want = json.loads(run("classify", "--json", pdf).stdout)
        self.assertEqual(want["signature"]["state"], "intact", want)
        r = run("classify", "--json", pdf, docx, env=env, ok=None)
        got = [json.loads(l) for l in r.stdout.splitlines()]
        self.assertEqual([g["path"] for g in got], [pdf, docx], r.stderr)
        self.assertEqual(got[0]["level"], want["level"])
        self.assertEqual(got[0]["signature"]["state"], "invalid", got[0])
        # (signal 6 under AddressSanitizer, which catches the fault and aborts)
        self.assertRegex(got[0]["signature"]["reason"],
                         r"could not be checked: .*pdf signature reader crashed \(signal (11|6)")
        self.assertEqual(got[1]["signature"]["state"], "intact", got[1])
        r = run("verify", pdf, docx, env=env, ok=1)
        self.assertRegex(r.stderr, r"crash-check\.pdf.*pdf signature reader crashed")
        self.assertRegex(r.stdout, r"^.*crash-check\.docx: intact: ")
        self.assertNotIn("crash-check.pdf", r.stdout)
        # in-process (--no-sandbox, for debugging) the crash is pmark's
        r = subprocess.run([PMARK, "--no-sandbox", "verify", pdf], env=env,
                           capture_output=True, text=True, timeout=120)
        self.assertNotEqual(r.returncode, 0)
        self.assertNotIn("intact", r.stdout)

    @unittest.skipUnless(QPDF, "SKIP: qpdf (CLI) not installed: encrypted PDFs not made")
    def test_encrypted_pdf(self):
        plain = os.path.join(SAMPLES, "case-summary.pdf")
        locked = self.path("locked.pdf")
        subprocess.run([QPDF, "--encrypt", "u", "o", "256", "--", plain, locked], check=True)
        out = self.path("locked-signed.pdf")
        if os.path.exists(out):
            os.unlink(out)
        run("mark", "--level", "RESTRICTED:PERSONAL", "--justify", "t", "--password", "u",
            "--sign", self.key, "--log", self.log, "-o", out, locked)
        res, rc = self.verify(out, "--password", "u")
        self.assertEqual((res["state"], rc), ("intact", 0), res)
        # without the password its signature cannot be checked: an error,
        # never "unsigned"
        r = run("verify", out, ok=1)
        self.assertIn("give --password", r.stderr)
        self.assertEqual(r.stdout, "")

    def test_handling_line_is_part_of_the_marking(self):
        out = self.signed("meeting-notes.docx", "RESTRICTED:PERSONAL", "handling.docx",
                          "--handling")
        res, rc = self.verify(out)
        self.assertEqual((res["state"], rc), ("intact", 0), res)
        self.assertTrue(res["signed_handling"])
        handling = res["signed_handling"].encode()

        def dropped(name, data):
            if name and re.match(r"word/[^/]*(header|footer)\d*\.xml", name):
                return data.replace(handling, b"")
            return data
        p = self.path("no-handling.docx")
        rezip(out, p, dropped)
        res, _ = self.verify(p)
        self.assertEqual(res["state"], "marking-changed", res)

    # ---- LibreOffice ---------------------------------------------------------

    def test_libreoffice_resave_is_reported_honestly(self):
        if not SOFFICE:
            self.skipTest("SKIP: LibreOffice (soffice) not installed: re-saving not checked")
        src = self.path("lo-in")
        dst = self.path("lo-out")
        os.makedirs(src, exist_ok=True)
        formats = {"meeting-notes.docx": "docx", "pupil-letter.odt": "odt",
                   "training.pptx": "pptx", "attendance.ods": "ods", "caseload.xlsx": "xlsx"}
        for sample in formats:
            self.signed(sample, "RESTRICTED:PERSONAL", os.path.join("lo-in", sample))
        env = dict(os.environ, HOME=self.d)
        for sample, fmt in formats.items():
            subprocess.run([SOFFICE, "--headless", "--norestore", "--convert-to", fmt,
                            "--outdir", dst, os.path.join(src, sample)],
                           capture_output=True, timeout=600, env=env)
        for sample in formats:
            with self.subTest(sample=sample):
                resaved = os.path.join(dst, sample)
                self.assertTrue(os.path.exists(resaved))
                res, _ = self.verify(resaved)
                # LibreOffice keeps pmark's marking and its signature
                self.assertFalse(res["marking_changed"], res)
                if res["state"] != "intact":
                    # content-changed only where what pmark reads really differs
                    self.assertEqual(res["state"], "content-changed", res)
                    before = run("extract", os.path.join(src, sample)).stdout.splitlines()[1:]
                    after = run("extract", resaved).stdout.splitlines()[1:]
                    self.assertNotEqual(before, after)
                elif sample != "caseload.xlsx":
                    self.assertEqual(res["state"], "intact")
        # documents LibreOffice re-saves without changing a word stay intact
        for sample in ("meeting-notes.docx", "pupil-letter.odt", "training.pptx",
                       "attendance.ods"):
            res, _ = self.verify(os.path.join(dst, sample))
            self.assertEqual(res["state"], "intact", (sample, res))

    # ---- sealed --------------------------------------------------------------

    def test_sealed_files_carry_the_signature(self):
        ident = self.path("seal.key")
        r = run("keygen", "-o", ident)
        recipient = re.search(r"Public key: (age1\S+)", r.stderr).group(1)
        sealed = self.path("sealed.docx.age")
        run("mark", "--level", "RESTRICTED:PERSONAL", "--justify", "t", "--sign", self.key,
            "--seal", "-r", recipient, "--log", self.log, "-o", sealed,
            os.path.join(SAMPLES, "meeting-notes.docx"))
        res, rc = self.verify(sealed)
        self.assertEqual((res["state"], rc), ("content-sealed", 5), res)
        self.assertEqual(res["signed_marking"], "RESTRICTED - PERSONAL")
        # opened with the identity: the document inside is verified
        res, rc = self.verify(sealed, "-i", ident)
        self.assertEqual((res["state"], rc), ("intact", 0), res)
        self.assertTrue(res["reason"].startswith("sealed, opened: "), res)
        inner = self.path("opened.docx")
        run("decrypt", "-i", ident, "-o", inner, sealed)
        # sealed again by hand with a lower marking outside: the outside lies
        relabelled = self.path("relabelled.docx.age")
        run("encrypt", "-r", recipient, "--marking", "PROTECT", "-o", relabelled, inner)
        res, rc = self.verify(relabelled, "-i", ident)
        self.assertEqual((res["state"], rc), ("marking-changed", 4), res)
        self.assertIn('outside marking reads "PROTECT"', res["reason"])
        # an identity that does not open it: an error, not a verdict
        other = self.path("other-id.key")
        run("keygen", "-o", other)
        r = run("verify", "-i", other, sealed, ok=1)
        self.assertIn("no identity", r.stderr)
        res, rc = self.verify(inner)
        self.assertEqual((res["state"], rc), ("intact", 0), res)
        if AGE:
            plain = self.path("age-opened.docx")
            subprocess.run([AGE, "-d", "-i", ident, "-o", plain, sealed], check=True)
            with open(plain, "rb") as a, open(inner, "rb") as b:
                self.assertEqual(a.read(), b.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
