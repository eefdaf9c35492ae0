#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# pmark mark --in-place against a concurrent editor: TRIALS trials (default
# 10,000) in which an edit lands at a random moment (an append, or a save
# by rename), as tests/cli/test_mark_safety.py's race test, many more
# times. Prints how many edits were lost (must be 0), how many markings
# went through and how many were refused as "changed".
#   bench/inplace-race.sh [PMARK [TRIALS]]
set -eu
cd "$(dirname "$0")/.."
PMARK=${1:-build/src/pmark/pmark}
TRIALS=${2:-10000}
python3 - "$PMARK" "$TRIALS" <<'PY'
import os, random, subprocess, sys, tempfile, threading, time
pmark, trials = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
d = tempfile.mkdtemp()
src, log = os.path.join(d, "note.txt"), os.path.join(d, "log.jsonl")
lost = marked = refused = 0
t0 = time.monotonic()
for trial in range(trials):
    with open(src, "w") as f:
        f.write("Case note %d.\nJayden Smith, aged 7, Year 3.\n" % trial)
    edit, by_rename, delay = "edit %d\n" % trial, trial % 2 == 1, rng.uniform(0, 0.03)
    def editor():
        time.sleep(delay)
        if by_rename:
            text = open(src).read()
            with open(src + ".save", "w") as f:
                f.write(text + edit)
            os.rename(src + ".save", src)
        else:
            with open(src, "a") as f:
                f.write(edit)
    t = threading.Thread(target=editor)
    t.start()
    r = subprocess.run([pmark, "mark", "--level", "RESTRICTED", "--justify", "race", "--log", log,
                        "--in-place", src], capture_output=True, text=True)
    t.join()
    lost += edit not in open(src).read()
    marked += r.returncode == 0
    refused += r.returncode != 0
print("%s: %d trials in %.0f s: %d edits lost, %d marked, %d refused (changed meanwhile)"
      % (pmark, trials, time.monotonic() - t0, lost, marked, refused))
PY
