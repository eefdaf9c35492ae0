#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Checks libpmark's layering (ARCHITECTURE.md): which folder of src/lib
uses which, by the symbols each object file needs and the others define
(nm), and by the private headers each source includes. A folder may use
only the folders below it:

    core < seal, ocr < recognise < policy < formats < init.c < stamp < mark, mail < audit

The modules' objects (libpmark-NAME.so, core/module.h) count in the folder
of their source, and may call into libpmark only through what
src/lib/module-imports.txt lists (the symbols the programs export).

Prints the edges; exits 1 on an edge that goes up or sideways, or on a
module import that is not listed.
Usage: layering.py BUILD_DIR SOURCE_DIR"""
import glob
import os
import re
import subprocess
import sys

RANK = {"core": 0, "seal": 1, "ocr": 1, "recognise": 1.5, "policy": 2, "formats": 3, "init.c": 3.5,
        "stamp": 4, "mark": 5, "mail": 5, "audit": 6}

build, src = sys.argv[1], sys.argv[2]
lib_objs = glob.glob(os.path.join(build, "src", "lib", "libpmark.a.p", "*.o"))
module_objs = glob.glob(os.path.join(build, "src", "lib", "libpmark-*.so.p", "*.o"))
objs = lib_objs + module_objs
if not lib_objs:
    print("Bail out! no objects under %s (build first)" % build)
    sys.exit(1)


def folder(o):
    b = os.path.basename(o)
    return "init.c" if b.startswith("init.c") else b.split("_", 1)[0]


def nm(args):
    """(object, fields) for every line of nm over all objects at once."""
    out = subprocess.run(["nm", "-A"] + args + objs, capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines():
        path, _, rest = line.partition(":")
        yield path, rest.split()


lib_set = set(lib_objs)
defined = {}
in_lib = set()  # defined by libpmark itself, not by a module
for o, f in nm(["--defined-only"]):
    if len(f) == 3 and f[1] in "TDBR":
        defined[f[2]] = folder(o)
        if o in lib_set:
            in_lib.add(f[2])
edges = {}
needed = {}  # what the modules need of libpmark: symbol -> modules
for o, f in nm(["-u"]):
    if not f:
        continue
    s = f[-1]
    a, b = folder(o), defined.get(s)
    if b and a != b:
        edges.setdefault((a, b), set()).add("%s: %s" % (os.path.basename(o)[:-4], s))
    if o not in lib_set and s in in_lib:
        needed.setdefault(s, set()).add(os.path.basename(os.path.dirname(o))[:-5])
# private headers: "folder/x.h" or a sibling's header
lib = os.path.join(src, "src", "lib")
for path in glob.glob(os.path.join(lib, "*", "*.[ch]")):
    a = os.path.basename(os.path.dirname(path))
    for inc in re.findall(r'#include "([a-z]+)/[^"]+"', open(path).read()):
        if inc in RANK and inc != a:
            edges.setdefault((a, inc), set()).add("%s includes %s/" % (os.path.relpath(path, lib), inc))
# what the modules need of libpmark, against the exported list
with open(os.path.join(src, "src", "lib", "module-imports.txt")) as f:
    listed = {l.strip() for l in f if l.strip() and not l.startswith("#")}
bad = 0
for sym in sorted(set(needed) - listed):
    print("UNLISTED %s (needed by %s): add it to src/lib/module-imports.txt"
          % (sym, ", ".join(sorted(needed[sym]))))
    bad += 1
for sym in sorted(listed - set(needed)):
    print("# listed in module-imports.txt but no module needs it: %s" % sym)
for (a, b), why in sorted(edges.items()):
    ok = RANK.get(a, 99) > RANK.get(b, -1)
    print("%s %s -> %s (%d)" % ("ok" if ok else "UP", a, b, len(why)))
    if not ok:
        bad += 1
        for w in sorted(why)[:8]:
            print("    " + w)
sys.exit(1 if bad else 0)
