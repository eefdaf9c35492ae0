#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""pmark keygen / encrypt / decrypt against Debian's age binary, both ways:
pmark-encrypted files (armored or not, with and without the marking
stanza) decrypt with `age -d`; age-encrypted files decrypt with pmark;
identity files move between the two. Truncated, tampered and wrong-key
inputs fail with a clear error and leave no output file."""
import hashlib
import base64
import json
import os
import pty
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

PMARK = os.environ["PMARK"]
AGE = shutil.which("age")
AGE_KEYGEN = shutil.which("age-keygen")


def run(*args, data=None, ok=True):
    r = subprocess.run(args, input=data, capture_output=True, timeout=120)
    if ok and r.returncode != 0:
        raise AssertionError("%s failed (%d): %s" % (args, r.returncode, r.stderr.decode()))
    return r


def read(path, n=-1):
    with open(path, "rb") as f:
        return f.read(n)


def age_with_passphrase(args, passphrase):
    """age reads passphrases only from a terminal: give it one."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(AGE, [AGE, *args])
    out = b""
    sent = 0
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        if out.count(b"passphrase") > sent:
            os.write(fd, passphrase + b"\n")
            sent += 1
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out


@unittest.skipUnless(AGE and AGE_KEYGEN,
                     "SKIP: the age CLI is not installed (apt-get install age); "
                     "interoperability not tested")
class Seal(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.d = self.tmp.name
        # 200 KB: four chunks, the last one short
        self.plain = os.urandom(200_000)
        self.src = self.path("plain.bin")
        with open(self.src, "wb") as f:
            f.write(self.plain)
        self.id = self.path("pmark-id.txt")
        r = run(PMARK, "keygen", "-o", self.id)
        self.pub = r.stderr.decode().strip().split("Public key: ")[1]

    def path(self, name):
        return os.path.join(self.d, name)

    def test_keygen_file_is_0600_and_age_format(self):
        self.assertEqual(stat.S_IMODE(os.stat(self.id).st_mode), 0o600)
        with open(self.id) as f:
            lines = f.read().splitlines()
        self.assertTrue(lines[0].startswith("# created: "))
        self.assertEqual(lines[1], "# public key: " + self.pub)
        self.assertTrue(lines[2].startswith("AGE-SECRET-KEY-1"))
        # age derives the same public key from pmark's identity
        self.assertEqual(run(AGE_KEYGEN, "-y", self.id).stdout.decode().strip(), self.pub)
        # an existing key file is never overwritten without --force
        r = run(PMARK, "keygen", "-o", self.id, ok=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("exists", r.stderr.decode())

    def test_pmark_to_age(self):
        for armor in (False, True):
            for marking in (None, "RESTRICTED PERSONAL"):
                with self.subTest(armor=armor, marking=marking):
                    out = self.path("x.age")
                    args = [PMARK, "encrypt", "-r", self.pub, "-o", out]
                    if armor:
                        args.append("-a")
                    if marking:
                        args += ["--marking", marking]
                    run(*args, self.src)
                    with open(out, "rb") as f:
                        head = f.read(40)
                    self.assertTrue(head.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----"
                                                    if armor else b"age-encryption.org/v1\n"))
                    got = run(AGE, "-d", "-i", self.id, out).stdout
                    self.assertEqual(got, self.plain)
                    # the marking is readable without the key
                    c = run(PMARK, "classify", "--json", out).stdout.decode()
                    if marking:
                        self.assertIn('"existing":{"level":"RESTRICTED"', c)
                    else:
                        self.assertIn('"existing":null', c)
                    self.assertIn('"not_inspected_reason":"sealed: age-encrypted content"', c)

    def test_marking_is_checked_against_the_policy(self):
        out = self.path("m.age")
        # not a level of the policy: a usage error, nothing written
        r = run(PMARK, "encrypt", "-r", self.pub, "--marking", "TOP SECRET SQUIRREL",
                "-o", out, self.src, ok=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn("not a level of policy london-lscb", r.stderr.decode())
        self.assertFalse(os.path.exists(out))
        # checked against the policy named; the old scheme's marking is
        # written as the policy maps it (PROTECT -> OFFICIAL)
        r = run(PMARK, "encrypt", "-r", self.pub, "--marking", "AMBER", "-P", "uk-gsc-2014",
                "-o", out, self.src, ok=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn("uk-gsc-2014", r.stderr.decode())
        self.assertFalse(os.path.exists(out))
        run(PMARK, "encrypt", "-r", self.pub, "--marking", "PROTECT", "-P", "uk-gsc-2014",
            "-o", out, self.src)
        c = json.loads(run(PMARK, "classify", "-P", "uk-gsc-2014", "--json", out).stdout)
        self.assertEqual(c["existing"]["text"], "OFFICIAL")
        os.unlink(out)
        # a valid one is written the way pmark writes markings
        run(PMARK, "encrypt", "-r", self.pub, "--marking", "restricted:personal,medical",
            "-o", out, self.src)
        c = json.loads(run(PMARK, "classify", "--json", out).stdout)
        self.assertEqual(c["existing"]["text"], "RESTRICTED - PERSONAL, MEDICAL")
        os.unlink(out)
        run(PMARK, "encrypt", "-r", self.pub, "--marking", "official-sensitive",
            "-P", "uk-gsc-2014", "-o", out, self.src)
        c = json.loads(run(PMARK, "classify", "-P", "uk-gsc-2014", "--json", out).stdout)
        self.assertEqual(c["existing"]["text"], "OFFICIAL-SENSITIVE")
        os.unlink(out)
        # --policy none: carried as given
        run(PMARK, "encrypt", "-r", self.pub, "--marking", "Partner scheme: AMBER",
            "-P", "none", "-o", out, self.src)
        with open(out, "rb") as f:
            head = f.read(400)
        self.assertIn(b"pmark-marking " + base64.b64encode(b"Partner scheme: AMBER").rstrip(b"="),
                      head)

    def test_age_to_pmark(self):
        age_id = self.path("age-id.txt")
        run(AGE_KEYGEN, "-o", age_id)
        age_pub = run(AGE_KEYGEN, "-y", age_id).stdout.decode().strip()
        for armor in ([], ["-a"]):
            enc = run(AGE, *armor, "-r", age_pub, self.src).stdout
            # an age identity file works with pmark, via stdin and -o
            self.assertEqual(run(PMARK, "decrypt", "-i", age_id, data=enc).stdout, self.plain)
            # pmark encrypts to an age-generated recipient too
            enc2 = run(PMARK, "encrypt", *armor, "-r", age_pub, self.src).stdout
            self.assertEqual(run(AGE, "-d", "-i", age_id, data=enc2).stdout, self.plain)

    def test_recipients_file_with_comments(self):
        age_id = self.path("age-id.txt")
        run(AGE_KEYGEN, "-o", age_id)
        age_pub = run(AGE_KEYGEN, "-y", age_id).stdout.decode().strip()
        rf = self.path("recipients.txt")
        with open(rf, "w") as f:
            f.write("# team\n%s\n\n%s\n" % (self.pub, age_pub))
        enc = self.path("r.age")
        run(PMARK, "encrypt", "-R", rf, "-o", enc, self.src)
        for ident in (self.id, age_id):
            self.assertEqual(run(AGE, "-d", "-i", ident, enc).stdout, self.plain)
        with open(rf, "a") as f:
            f.write("not-a-key\n")
        r = run(PMARK, "encrypt", "-R", rf, "-o", enc + "2", self.src, ok=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("recipients.txt:5:", r.stderr.decode())
        self.assertFalse(os.path.exists(enc + "2"))

    def test_passphrase_both_ways(self):
        pw = self.path("pw")
        with open(pw, "w") as f:
            f.write("correct horse battery staple\n")
        enc = self.path("p.age")
        run(PMARK, "encrypt", "--passphrase-file", pw, "--marking", "PROTECT", "-o", enc, self.src)
        self.assertIn(b"-> scrypt ", read(enc, 200))
        self.assertNotIn(b"pmark-marking", read(enc, 300))
        out = self.path("p.out")
        code, tty = age_with_passphrase(["-d", "-o", out, enc], b"correct horse battery staple")
        self.assertEqual(code, 0, tty)
        self.assertEqual(read(out), self.plain)
        enc2 = self.path("p2.age")
        code, tty = age_with_passphrase(["-p", "-o", enc2, self.src], b"correct horse battery staple")
        self.assertEqual(code, 0, tty)
        self.assertEqual(run(PMARK, "decrypt", "--passphrase-file", pw, enc2).stdout, self.plain)

    def test_bad_inputs_fail_clearly_and_leave_nothing(self):
        enc = self.path("good.age")
        run(PMARK, "encrypt", "-r", self.pub, "-o", enc, self.src)
        data = read(enc)
        other = self.path("other-id.txt")
        run(PMARK, "keygen", "-o", other)
        hdr_end = data.index(b"\n---") + 1
        cases = {
            "truncated": (data[:len(data) - 1000], "invalid age payload"),
            "tampered payload": (data[:-5] + bytes([data[-5] ^ 1]) + data[-4:],
                                 "invalid age payload: a chunk fails authentication"),
            "tampered header": (data[:hdr_end - 2] + bytes([data[hdr_end - 2] ^ 1]) + data[hdr_end - 1:],
                                "age header"),
            "not age": (b"%PDF-1.7\n" + data, "invalid age header: not an age file"),
        }
        for name, (bad, msg) in cases.items():
            with self.subTest(name):
                p = self.path("bad.age")
                with open(p, "wb") as f:
                    f.write(bad)
                out = self.path("bad.out")
                r = run(PMARK, "decrypt", "-i", self.id, "-o", out, p, ok=False)
                self.assertEqual(r.returncode, 1)
                err = r.stderr.decode()
                self.assertIn("bad.age: ", err)
                self.assertIn(msg, err)
                self.assertFalse(os.path.exists(out), "partial output left behind")
                self.assertEqual([n for n in os.listdir(self.d) if ".pmark-" in n], [])
        r = run(PMARK, "decrypt", "-i", other, "-o", self.path("w.out"), enc, ok=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("no identity given opens this age file", r.stderr.decode())
        self.assertFalse(os.path.exists(self.path("w.out")))
        # age agrees that the tampered payload is bad
        p = self.path("bad.age")
        with open(p, "wb") as f:
            f.write(cases["tampered payload"][0])
        self.assertNotEqual(run(AGE, "-d", "-i", self.id, p, ok=False).returncode, 0)

    def test_mark_and_seal(self):
        src = os.path.join(self.d, "note.txt")
        with open(os.path.join(os.environ["PMARK_SOURCE_ROOT"], "samples", "case-note.txt"), "rb") as f:
            note = f.read()
        with open(src, "wb") as f:
            f.write(note)
        log = self.path("log.jsonl")
        r = run(PMARK, "mark", "--json", "--auto", "--seal", "-r", self.pub, "--log", log, src)
        res = json.loads(r.stdout)
        self.assertTrue(res["sealed"])
        self.assertEqual(res["output"], src.replace(".txt", ".marked.txt.age"))
        # only the sealed file: the marked plaintext is never left behind
        self.assertEqual(sorted(os.listdir(self.d)),
                         sorted(["note.txt", "note.marked.txt.age", "log.jsonl", "pmark-id.txt",
                                 "plain.bin"]))
        plain = run(AGE, "-d", "-i", self.id, res["output"]).stdout.decode()
        self.assertEqual(plain.splitlines()[0], "RESTRICTED - PERSONAL")
        self.assertEqual(plain.splitlines()[-1], "RESTRICTED - PERSONAL")
        c = json.loads(run(PMARK, "classify", "--json", res["output"]).stdout)
        self.assertEqual(c["existing"]["level"], "RESTRICTED")
        self.assertEqual(c["format"], "sealed")
        with open(log) as f:
            self.assertTrue(json.loads(f.readline())["sealed"])
        # in place and sealed cannot go together
        r = run(PMARK, "mark", "--auto", "--seal", "-r", self.pub, "--in-place", "--log", log,
                src, ok=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot replace the input in place", r.stderr.decode())

    def test_policy_driven_sealing(self):
        root = os.environ["PMARK_SOURCE_ROOT"]
        with open(os.path.join(root, "policies", "london-lscb.policy")) as f:
            policy = f.read()
        with open(self.path("team.recipients"), "w") as f:
            f.write("# the safeguarding team\n%s\n" % self.pub)
        for label in (True, False):
            with self.subTest(label=label):
                p = policy.replace("[level CONFIDENTIAL]\n",
                                   "[level CONFIDENTIAL]\nseal = true\n"
                                   "seal-recipients = team.recipients\n", 1)
                if not label:
                    p = p.replace("[policy]\n", "[policy]\nseal-label = false\n", 1)
                pol = self.path("sealing.policy")
                with open(pol, "w") as f:
                    f.write(p)
                out = self.path("out-%s" % label)
                os.mkdir(out)
                src = os.path.join(root, "samples", "caseload.xlsx")
                r = run(PMARK, "mark", "--json", "--policy", pol, "--level", "CONFIDENTIAL",
                        "--output-dir", out, "--log", self.path("log"), src)
                res = json.loads(r.stdout)
                self.assertTrue(res["sealed"])
                self.assertEqual(os.listdir(out), ["caseload.xlsx.age"])
                dec = self.path("dec-%s.xlsx" % label)
                run(AGE, "-d", "-i", self.id, "-o", dec, res["output"])
                c = json.loads(run(PMARK, "classify", "--json", dec).stdout)
                self.assertEqual(c["existing"]["level"], "CONFIDENTIAL")
                head = read(res["output"], 400)
                self.assertEqual(b"pmark-marking" in head, label)
                c = json.loads(run(PMARK, "classify", "--json", "--policy", pol,
                                   res["output"]).stdout)
                self.assertEqual(c["existing"]["level"] if c["existing"] else None,
                                 "CONFIDENTIAL" if label else None)

    def test_usage(self):
        r = run(PMARK, "encrypt", self.src, ok=False)
        self.assertEqual(r.returncode, 2)
        r = run(PMARK, "encrypt", "-r", "age1notakey", "-o", self.path("z"), self.src, ok=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("is not an age X25519 recipient", r.stderr.decode())


if __name__ == "__main__":
    unittest.main(verbosity=2)
