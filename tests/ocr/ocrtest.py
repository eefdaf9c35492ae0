# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the OCR tests share: running pmark, its JSON, and the London
policy with an [ocr] section of a test's own."""
import json
import os
import subprocess

PMARK = os.environ["PMARK"]
ROOT = os.environ["PMARK_SOURCE_ROOT"]


def run(*args, stdin=None, timeout=300):
    return subprocess.run([PMARK, *args], input=stdin, capture_output=True,
                          timeout=timeout)


def classify(path, *opts):
    """(exit status, the first JSON object classify prints)"""
    r = run("classify", "--json", *opts, path)
    line = r.stdout.decode().splitlines()[0]
    return r.returncode, json.loads(line)


def where_of(obj):
    return [w for reason in obj["reasons"] for w in reason["where"]]


def policy_with(directory, name, ocr_section):
    """The London policy with an [ocr] section of its own, written to
    DIRECTORY/NAME."""
    src = open(os.path.join(ROOT, "policies", "london-lscb.policy")).read()
    pol = os.path.join(directory, name)
    with open(pol, "w") as f:
        f.write(src + "\n[ocr]\n" + ocr_section + "\n")
    return pol
