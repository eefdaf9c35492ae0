#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Replaces the output shown under each '$ build/src/pmark/pmark ...' line
of README.md's code blocks with what that command prints now, so that the
README shows real output (tests/cli/test_docs.py checks it)."""
import os
import re
import subprocess

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
path = os.path.join(ROOT, "README.md")
text = open(path).read()


def run(m):
    cmd = m.group(1)
    out = subprocess.run(cmd, shell=True, cwd=ROOT, capture_output=True, text=True).stdout
    return "$ %s\n%s```" % (cmd, out)


text = re.sub(r"^\$ (build/src/pmark/pmark [^\n]*)\n.*?```", run, text, flags=re.S | re.M)
open(path, "w").write(text)
