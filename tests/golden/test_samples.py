#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Every document in samples/ and tests/golden/data/ against the expected
result beside it (NAME.expected.json), through the CLI's JSON output.
samples/ holds what the README's first command classifies; files that must
end in an error (unsupported formats) live in tests/golden/data/."""
import json
import os
import subprocess
import sys

PMARK = os.environ["PMARK"]
ROOT = os.environ["PMARK_SOURCE_ROOT"]
DIRS = [os.path.join(ROOT, "samples"), os.path.join(ROOT, "tests", "golden", "data")]

docs = sorted(os.path.join(d, f) for d in DIRS for f in os.listdir(d)
              if not f.endswith(".expected.json") and not f.startswith("."))
failures = 0
print("1..%d" % len(docs))
for i, path in enumerate(docs, 1):
    name = os.path.relpath(path, ROOT)
    exp_path = path + ".expected.json"
    if not os.path.exists(exp_path):
        print("not ok %d - %s has no .expected.json beside it" % (i, name))
        failures += 1
        continue
    with open(exp_path) as f:
        exp = json.load(f)
    r = subprocess.run([PMARK, "classify", "--json", path],
                       capture_output=True, text=True, timeout=60)
    got = json.loads(r.stdout)
    actual = {
        "type": got["type"],
        "level": got["level"],
        "descriptors": got["descriptors"],
        "existing": got["existing"]["level"] if got["existing"] else None,
        "rules": sorted({x["rule"] for x in got["reasons"]}),
        "error": got["error"]["code"] if got["error"] else None,
        "extension_mismatch": got["extension_mismatch"],
        # optional in the expected file: what the content alone needs, and
        # whether the marking is above it by the policy's margin
        "content_level": got.get("content_level"),
        "over_marked": got.get("over_marked"),
        # optional too: the state of a signed marking
        "signature": got["signature"]["state"] if got.get("signature") else None,
    }
    want_rc = 1 if exp["error"] else 0
    exp["rules"] = sorted(exp["rules"])
    diffs = ["%s: expected %r, got %r" % (k, exp[k], actual[k])
             for k in exp if exp[k] != actual[k]]
    if r.returncode != want_rc:
        diffs.append("exit status %d, expected %d" % (r.returncode, want_rc))
    if diffs:
        failures += 1
        print("not ok %d - %s" % (i, name))
        for d in diffs:
            print("#   " + d)
    else:
        print("ok %d - %s" % (i, name))
sys.exit(1 if failures else 0)
