#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The installed library: `meson install` into a scratch root, then a small
program compiled against the installed headers with pkg-config's flags
and linked against the installed libpmark.so classifies a note and checks
a signed marking's key format; the library exports exactly the functions
the public headers declare (tools/public-symbols.py), no internals."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.environ["PMARK_SOURCE_ROOT"]
BUILD = os.environ["PMARK_BUILD_ROOT"]
sys.path.insert(0, os.path.join(ROOT, "tools"))
import importlib.util  # noqa: E402

spec = importlib.util.spec_from_file_location("public_symbols",
                                              os.path.join(ROOT, "tools", "public-symbols.py"))
public_symbols = importlib.util.module_from_spec(spec)
spec.loader.exec_module(public_symbols)

CC = shutil.which("cc") or shutil.which("gcc")
PKG_CONFIG = shutil.which("pkg-config")

PROGRAM = os.path.join(ROOT, "tests", "cli", "libpmark-user.c")


@unittest.skipIf(os.environ.get("PMARK_SANITIZED"),
                 "SKIP: the ASan+UBSan build's library needs the sanitizer runtime in "
                 "every program that loads it; the install is tested by the normal build")
@unittest.skipUnless(CC and PKG_CONFIG, "SKIP: no C compiler or pkg-config to build against "
                                        "the installed library")
class Installed(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dest = os.path.join(cls.tmp.name, "root")
        r = subprocess.run(["meson", "install", "-C", BUILD, "--destdir", cls.dest,
                            "--no-rebuild", "--quiet"], capture_output=True, text=True,
                           timeout=300)
        assert r.returncode == 0, r.stdout + r.stderr
        pcs = glob.glob(os.path.join(cls.dest, "**", "pkgconfig", "pmark.pc"), recursive=True)
        assert len(pcs) == 1, pcs
        cls.pc_dir = os.path.dirname(pcs[0])
        cls.lib_dir = os.path.dirname(cls.pc_dir)
        cls.env = dict(os.environ, PKG_CONFIG_PATH=cls.pc_dir, LD_LIBRARY_PATH=cls.lib_dir)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_every_public_header_is_installed(self):
        installed = sorted(os.path.basename(h) for h in glob.glob(
            os.path.join(self.dest, "**", "include", "pmark", "*.h"), recursive=True))
        source = sorted(os.listdir(os.path.join(ROOT, "include", "pmark")))
        self.assertEqual(installed, [h for h in source if h.endswith(".h")])

    def test_a_program_builds_and_runs_against_the_installed_tree(self):
        src = PROGRAM
        exe = os.path.join(self.tmp.name, "prog")
        flags = subprocess.run([PKG_CONFIG, "--cflags", "--libs", "pmark"], env=self.env,
                               capture_output=True, text=True, check=True).stdout.split()
        # pmark's own directories are the prefix's, which lives in the scratch root
        prefix = subprocess.run([PKG_CONFIG, "--variable=prefix", "pmark"], env=self.env,
                                capture_output=True, text=True, check=True).stdout.strip()
        self.assertIn("-lpmark", flags)
        ours = [f for f in flags if f[:2] in ("-I", "-L") and f[2:].startswith(prefix)]
        self.assertEqual(len(ours), 2, flags)
        flags = [f[:2] + self.dest + f[2:] if f in ours else f for f in flags]
        r = subprocess.run([CC, "-Wall", "-Werror", "-o", exe, src, *flags], env=self.env,
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        policies = glob.glob(os.path.join(self.dest, "**", "pmark", "policies"), recursive=True)
        env = dict(self.env, PMARK_POLICY_PATH=policies[0])
        r = subprocess.run([exe], env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.split("\n")[:2], ["0.1.0 RESTRICTED", "pmarksign1"])
        # a PDF, through the installed module: it resolves what it calls
        # in libpmark.so (PMARK_PRIVATE_0)
        env["PMARK_MODULE_DIR"] = os.path.join(self.lib_dir, "pmark")
        pdf = os.path.join(ROOT, "samples", "case-summary.pdf")
        r = subprocess.run([exe, pdf], env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.split("\n")[2].strip(), "RESTRICTED read", r.stdout)
        # it loaded the installed library
        ldd = subprocess.run(["ldd", exe], env=env, capture_output=True, text=True).stdout
        self.assertIn(self.lib_dir, ldd)

    def test_the_modules_are_installed_and_the_library_links_none_of_theirs(self):
        # Tesseract, poppler with cairo, qpdf (twice: the writer and the
        # signed-marking check) and libpq live in modules under
        # LIBDIR/pmark (where the installed library looks, PMARK_MODULE_DIR),
        # loaded when first needed (core/module.h); the library links none
        so = glob.glob(os.path.join(self.lib_dir, "libpmark.so.*.*"))[0]
        ldd = subprocess.run(["ldd", so], capture_output=True, text=True).stdout
        for module, lib in (("ocr", "libtesseract"), ("pdf-reader", "libpoppler-glib"),
                            ("pdf-signature", "libqpdf"), ("pdf-writer", "libqpdf"),
                            ("store-pg", "libpq"), ("wpd-reader", "libwpd")):
            mods = glob.glob(os.path.join(self.lib_dir, "pmark", "libpmark-%s.so" % module))
            self.assertEqual(len(mods), 1, os.listdir(os.path.join(self.lib_dir, "pmark")))
            self.assertNotIn(lib, ldd)
            self.assertIn(lib, subprocess.run(["ldd", mods[0]], capture_output=True,
                                              text=True).stdout)

    def test_exports_are_the_public_functions(self):
        # the public headers' functions in PMARK_0; in PMARK_PRIVATE_0 only
        # what pmark's own modules import (src/lib/module-imports.txt)
        sos = glob.glob(os.path.join(self.lib_dir, "libpmark.so.*.*"))
        self.assertEqual(len(sos), 1, sos)
        nm = subprocess.run(["nm", "-D", "--defined-only", sos[0]], capture_output=True,
                            text=True, check=True).stdout
        exported = {}
        for l in nm.splitlines():
            f = l.split()
            if len(f) >= 3 and f[1] in "TDBRW" and not f[-1].startswith("PMARK_"):
                name, _, version = f[-1].partition("@@")
                exported.setdefault(version, set()).add(name)
        public = public_symbols.declared()
        self.assertEqual(sorted(exported.pop("PMARK_0")), public)
        self.assertEqual(sorted(exported.pop("PMARK_PRIVATE_0")),
                         [s for s in public_symbols.module_imports() if s not in public])
        self.assertEqual(exported, {})

    def test_a_pdf_through_the_installed_modules(self):
        # the installed pmark classifies a PDF (module "pdf-reader", in the
        # worker and in-process) and finds the person in it
        pmark = glob.glob(os.path.join(self.dest, "**", "bin", "pmark"), recursive=True)[0]
        policies = glob.glob(os.path.join(self.dest, "**", "pmark", "policies"), recursive=True)
        env = dict(self.env, PMARK_POLICY_PATH=policies[0],
                   PMARK_MODULE_DIR=os.path.join(self.lib_dir, "pmark"))
        pdf = os.path.join(ROOT, "samples", "case-summary.pdf")
        for sandbox in ([], ["--no-sandbox"]):
            r = subprocess.run([pmark, *sandbox, "classify", "--json", pdf], env=env,
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn('"inspected":true', r.stdout.replace(" ", ""))
            self.assertIn("RESTRICTED", r.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
