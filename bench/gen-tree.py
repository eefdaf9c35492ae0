#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes a department share for the audit benchmark: COUNT files in
nested folders, 40% text, 15% each PDF, docx, xlsx and odt, a few percent
of them sensitive (identifiers, dates of birth, case words; the prose of
bench/gen-text.py). Deterministic."""
import importlib.util
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import office  # noqa: E402

spec = importlib.util.spec_from_file_location("gen_text", os.path.join(HERE, "gen-text.py"))
gen_text = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen_text)

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
rnd = random.Random(20261124)
kinds = ["txt"] * 8 + ["pdf", "docx", "xlsx", "odt"] * 3
teams = ["children-in-care", "early-help", "safeguarding", "schools", "finance", "hr"]
for i in range(count):
    kind = kinds[i % len(kinds)]
    paras = [gen_text.paragraph().strip() for _ in range(rnd.randint(2, 8))]
    d = os.path.join(out, teams[i % len(teams)], "%03d" % (i // 200))
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "doc-%05d.%s" % (i, kind))
    if kind == "txt":
        data = "\n\n".join(paras).encode()
    elif kind == "pdf":
        data = office.pdf([[p[:90] for p in paras[:6]]])
    elif kind == "docx":
        data = office.docx(paras)
    elif kind == "xlsx":
        data = office.xlsx([("Register", [[str(n)] + p.split(". ")[:3] for n, p in enumerate(paras, 1)])])
    else:
        data = office.odf("text", paras)
    with open(path, "wb") as f:
        f.write(data)
print("%s: %d files" % (out, count))
