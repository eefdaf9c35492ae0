#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The whole test suite: a normal build, an ASan+UBSan build
# (-Db_sanitize=address,undefined, with fault injection) and the libFuzzer
# harnesses (clang), each configured if missing.
set -eu
cd "$(dirname "$0")/.."

[ -f build/build.ninja ] || meson setup build
# the test build also injects faults into readers (test_sandbox.py)
[ -f build-san/build.ninja ] || meson setup build-san \
  -Db_sanitize=address,undefined -Dbuildtype=debug -Dfault_injection=true

# libFuzzer harnesses, each run briefly (tests/fuzz), when clang is there
dirs="build build-san"
if command -v clang-14 >/dev/null 2>&1; then
  [ -f build-fuzz/build.ninja ] || CC=clang-14 CXX=clang++-14 meson setup build-fuzz -Dfuzzing=true \
    -Db_sanitize=address,undefined -Db_lundef=false
  dirs="$dirs build-fuzz"
else
  echo "== SKIP: clang-14 not installed: the fuzz harnesses are not run" >&2
fi

status=0
for dir in $dirs; do
  echo "== meson test -C $dir"
  meson test -C "$dir" --print-errorlogs || status=1
done
exit $status
