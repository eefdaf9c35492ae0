#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Docs move with code: every command has its man page, and every option a
command's --help lists is described in that page."""
import os
import re
import shutil
import subprocess
import sys
import unittest

PMARK = os.environ["PMARK"]
MAN = os.path.join(os.environ["PMARK_SOURCE_ROOT"], "man")


def help_text(*args):
    return subprocess.run([PMARK, *args], capture_output=True, text=True,
                          check=True).stdout


def man_page(cmd):
    """Commands are in section 1; daemons (the milter) in section 8."""
    for section in ("1", "8"):
        page = os.path.join(MAN, "pmark-%s.%s" % (cmd, section))
        if os.path.exists(page):
            return page
    return os.path.join(MAN, "pmark-%s.1" % cmd)


def commands():
    out = help_text("--help")
    block = out.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in block.splitlines() if line.strip()]


# Public headers documented in gtk-doc form so far (issue 12): every
# function they declare has a "/**\n * name:" block naming each parameter.
# every public header
GTKDOC_HEADERS = sorted(os.listdir(os.path.join(os.environ["PMARK_SOURCE_ROOT"], "include", "pmark")))
GTKDOC_HEADERS = [h for h in GTKDOC_HEADERS if h.endswith(".h")]


class Docs(unittest.TestCase):
    def test_public_functions_have_gtk_doc_blocks(self):
        for h in GTKDOC_HEADERS:
            with open(os.path.join(os.environ["PMARK_SOURCE_ROOT"], "include", "pmark", h)) as f:
                text = f.read()
            blocks = {m.group(1): m.group(0) for m in re.finditer(
                r"/\*\*\n \* (pmark_\w+):\n.*?\*/", text, flags=re.S)}
            bare = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
            decls = re.findall(r"^[A-Za-z][\w\s\*]*?\b(pmark_\w+)\s*\(([^)]*)\)\s*;",
                               bare, flags=re.M)
            self.assertTrue(decls, h)
            for name, params in decls:
                self.assertIn(name, blocks, "%s: %s has no gtk-doc block" % (h, name))
                for p in params.split(","):
                    p = p.strip()
                    if not p or p == "void":
                        continue
                    pname = re.findall(r"(\w+)\s*(?:\[[^\]]*\])?$", p)[0]
                    self.assertIn("@%s:" % pname, blocks[name],
                                  "%s: %s does not document @%s" % (h, name, pname))

    def test_pages_exist(self):
        for page in ("pmark.1", "pmark.policy.5"):
            self.assertTrue(os.path.exists(os.path.join(MAN, page)), page)
        cmds = commands()
        self.assertIn("classify", cmds)
        for cmd in cmds:
            page = man_page(cmd)
            self.assertTrue(os.path.exists(page), "no man page for " + cmd)
            with open(os.path.join(MAN, "pmark.1")) as f:
                self.assertIn("pmark\\-%s" % cmd, f.read(),
                              "pmark(1) does not mention " + cmd)

    def test_options_documented(self):
        for cmd in commands():
            opts = set(re.findall(r"--([a-z][a-z-]+)", help_text(cmd, "--help")))
            opts -= {"help", "help-all"}
            with open(man_page(cmd)) as f:
                page = f.read().replace("\\-", "-")
            for opt in opts:
                self.assertIn("--" + opt, page,
                              "pmark-%s.1 does not document --%s" % (cmd, opt))

    def test_readme_shows_real_output(self):
        root = os.environ["PMARK_SOURCE_ROOT"]
        with open(os.path.join(root, "README.md")) as f:
            readme = f.read()
        cmd = "$ build/src/pmark/pmark classify --exclude '*.expected.json' samples/\n"
        self.assertIn(cmd, readme)
        shown = readme.split(cmd, 1)[1].split("```", 1)[0]
        r = subprocess.run([PMARK, "classify", "--exclude", "*.expected.json",
                            "samples/"], cwd=root, capture_output=True,
                           text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(shown, r.stdout,
                         "README's sample output is stale: rerun and paste")

    def test_pages_render_cleanly(self):
        if not shutil.which("man"):
            self.skipTest("SKIP: man(1) not installed; pages not rendered")
        for page in sorted(os.listdir(MAN)):
            if not re.search(r"\.[1-8]$", page):
                continue
            r = subprocess.run(["man", "--warnings", "-l", os.path.join(MAN, page)],
                               capture_output=True, text=True,
                               env=dict(os.environ, MANWIDTH="80", MANPAGER="cat"))
            self.assertEqual(r.returncode, 0, page)
            self.assertEqual(r.stderr.strip(), "", page)

    def test_font_macros_do_not_run_words_together(self):
        # ".BR a );the subject's..." alternates fonts with no space between
        # its arguments: two plain words side by side are run together
        # ("thesubject'smarking")
        macro = re.compile(r"^\.(BR|RB|BI|IB|IR|RI)\s+(.*)$")
        word = re.compile(r"[A-Za-z][A-Za-z']+")
        for page in sorted(os.listdir(MAN)):
            if not re.search(r"\.[1-8]$", page):
                continue
            with open(os.path.join(MAN, page)) as f:
                for n, line in enumerate(f, 1):
                    m = macro.match(line.rstrip("\n"))
                    if not m:
                        continue
                    args = [a if a else b for a, b in re.findall(r'"([^"]*)"|(\S+)', m.group(2))]
                    for a, b in zip(args, args[1:]):
                        self.assertFalse(word.fullmatch(a) and word.fullmatch(b),
                                         "%s:%d: words run together: %s" % (page, n, line.strip()))


if __name__ == "__main__":
    unittest.main(verbosity=2)
