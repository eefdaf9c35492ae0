#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The whole test suite: a normal build and an ASan+UBSan build
# (-Db_sanitize=address,undefined), each configured if missing.
set -eu
cd "$(dirname "$0")/.."

[ -f build/build.ninja ] || meson setup build
# the test build also injects faults into readers (test_sandbox.py)
[ -f build-san/build.ninja ] || meson setup build-san \
  -Db_sanitize=address,undefined -Dbuildtype=debug -Dfault_injection=true

status=0
for dir in build build-san; do
  echo "== meson test -C $dir"
  meson test -C "$dir" --print-errorlogs || status=1
done
exit $status
