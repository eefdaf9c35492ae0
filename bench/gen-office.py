#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes COUNT generated case-file documents of each of docx, xlsx and odt
into DIR/{docx,xlsx,odt}/ for the throughput benchmark: the prose of
bench/gen-text.py (identifiers, dates of birth and case words in a few
percent of paragraphs), PARAS paragraphs per document. Deterministic."""
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import office  # noqa: E402

spec = importlib.util.spec_from_file_location("gen_text", os.path.join(HERE, "gen-text.py"))
gen_text = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen_text)

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
paras = int(sys.argv[3]) if len(sys.argv) > 3 else 400
for kind in ("docx", "xlsx", "odt"):
    os.makedirs(os.path.join(out, kind), exist_ok=True)
for i in range(count):
    lines = [gen_text.paragraph().strip() for _ in range(paras)]
    docs = {
        "docx": office.docx(lines, header="Case file %d" % i),
        # a register: one row per paragraph, the paragraph split over cells
        "xlsx": office.xlsx([("Register", [[str(n)] + l.split(". ")[:4]
                                          for n, l in enumerate(lines, 1)])]),
        "odt": office.odf("text", lines, header="Case file %d" % i),
    }
    for kind, data in docs.items():
        with open(os.path.join(out, kind, "case-%04d.%s" % (i, kind)), "wb") as f:
            f.write(data)
print("%s: %d documents each of docx, xlsx, odt, %d paragraphs each" % (out, count, paras))
