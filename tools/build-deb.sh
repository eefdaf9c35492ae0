#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Builds pmark's Debian packages from a clean copy of the checkout, checks
# them with lintian and, as root, installs them with dpkg, tries them from
# /usr, purges them and checks nothing is left (debian/README.source).
#
#   tools/build-deb.sh [--no-install-test] [--keep] [OUTDIR]
#
# The copy is the last commit plus the checkout's changes to tracked files
# (git stash create), never untracked files or build trees. The version
# comes from one place, meson.build: debian/changelog is written from it.
# The .debs are left in OUTDIR (default: a temporary directory, removed
# unless --keep). Prints TAP: one line per check.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
INSTALL_TEST=1
KEEP=0
OUT=
while [ $# -gt 0 ]; do
  case $1 in
    --no-install-test) INSTALL_TEST=0 ;;
    --keep) KEEP=1 ;;
    -*) echo "build-deb: unknown option $1" >&2; exit 2 ;;
    *) OUT=$1 ;;
  esac
  shift
done

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
finish() { echo "1..$n"; [ "$failed" = 0 ]; exit $?; }
check() { # check DESCRIPTION COMMAND...: ok when COMMAND succeeds
  desc=$1; shift
  if "$@"; then ok "$desc"; else notok "$desc"; fi
}

for tool in dpkg-buildpackage dh lintian git fakeroot; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "1..0 # SKIP $tool is not installed (tools/install-deps.sh installs the packaging tools)"
    exit 0
  fi
done

if ! git -C "$ROOT" rev-parse --verify -q HEAD >/dev/null; then
  echo "1..0 # SKIP $ROOT is not a git checkout: the packages are built from one"
  exit 0
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pmark-deb.XXXXXX")
cleanup() { [ "$KEEP" = 1 ] || rm -rf "$WORK"; }
trap cleanup EXIT
[ -n "$OUT" ] || OUT=$WORK/out
mkdir -p "$OUT"

# --- the source: a clean copy, its changelog from meson.build -------------
VERSION=$(sed -n "s/^ *version *: *'\([^']*\)'.*/\1/p" "$ROOT/meson.build" | head -n 1)
if [ -z "$VERSION" ]; then
  notok "meson.build names the project's version"
  finish
fi
ref=$(git -C "$ROOT" stash create 2>/dev/null)
[ -n "$ref" ] || ref=HEAD
SRC=$WORK/pmark-$VERSION
mkdir -p "$SRC"
git -C "$ROOT" archive --format=tar "$ref" | tar -x -C "$SRC"
commit=$(git -C "$ROOT" rev-parse --short HEAD)
when=$(git -C "$ROOT" log -1 --format=%aD HEAD)
maint=$(sed -n 's/^Maintainer: //p' "$SRC/debian/control")
cat > "$SRC/debian/changelog" <<EOF
pmark ($VERSION) unstable; urgency=medium

  * pmark $VERSION, built from commit $commit (tools/build-deb.sh).

 -- $maint  $when
EOF

# --- build -----------------------------------------------------------------
jobs=$(nproc 2>/dev/null || echo 2)
if (cd "$SRC" && DEB_BUILD_OPTIONS="parallel=$jobs ${DEB_BUILD_OPTIONS:-}" \
      dpkg-buildpackage -us -uc -b) > "$WORK/build.log" 2>&1; then
  ok "dpkg-buildpackage -us -uc -b builds pmark $VERSION"
else
  notok "dpkg-buildpackage -us -uc -b (the log's end follows)"
  tail -n 40 "$WORK/build.log" | sed 's/^/# /'
  finish
fi
cp "$WORK"/*.deb "$WORK"/*.changes "$WORK"/*.buildinfo "$OUT"/ 2>/dev/null
for p in pmark libpmark0 libpmark-dev pmark-milter pmark-serve; do
  set -- "$OUT"/${p}_"$VERSION"_*.deb
  check "package $p built" test -f "$1"
done

# --- lintian: no errors (warnings overridden only with a reason) ----------
changes=$(ls "$OUT"/pmark_"$VERSION"_*.changes | head -n 1)
lintian --fail-on error --tag-display-limit 0 "$changes" > "$WORK/lintian.log" 2>&1
lstatus=$?
sed 's/^/# /' "$WORK/lintian.log"
if [ $lstatus = 0 ] && ! grep -q '^E: ' "$WORK/lintian.log"; then
  ok "lintian reports no errors ($(grep -c '^W: ' "$WORK/lintian.log") warnings)"
else
  notok "lintian reports errors"
fi

# --- the install test -----------------------------------------------------
if [ "$INSTALL_TEST" = 0 ]; then
  skip "the install test was not asked for: it installs with dpkg and purges, so it runs on a throwaway machine (.ci/run sets PMARK_DEB_INSTALL_TEST=1)"
  finish
fi
if [ "$(id -u)" != 0 ]; then
  skip "the install test installs with dpkg: run as root (or in a throwaway machine)"
  finish
fi
for p in pmark libpmark0 libpmark-dev pmark-milter pmark-serve; do
  if dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q ' installed'; then
    skip "the install test: $p is already installed here, and the test would purge it"
    finish
  fi
done

MULTIARCH=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
debs=
for p in pmark libpmark0 libpmark-dev pmark-milter pmark-serve; do
  debs="$debs $(ls "$OUT"/${p}_"$VERSION"_*.deb)"
done
# shellcheck disable=SC2086
if dpkg -i $debs > "$WORK/dpkg.log" 2>&1; then
  ok "dpkg -i installs the five packages"
else
  notok "dpkg -i installs the five packages (dependencies missing? the log follows)"
  sed 's/^/# /' "$WORK/dpkg.log"
  dpkg --purge pmark-serve pmark-milter libpmark-dev pmark libpmark0 >/dev/null 2>&1
  finish
fi
dpkg-query -L pmark libpmark0 libpmark-dev pmark-milter pmark-serve 2>/dev/null \
  | sort -u > "$WORK/files"

# pmark classify from /usr/bin on the samples: each file's level is the one
# its .expected.json gives (the PDF reader and OCR load as modules from
# /usr/lib/<triplet>/pmark)
(cd "$ROOT" && /usr/bin/pmark classify --json --exclude '*.expected.json' samples/) \
  > "$WORK/classify.jsonl" 2> "$WORK/classify.err"
python3 - "$ROOT/samples" "$WORK/classify.jsonl" > "$WORK/levels.log" 2>&1 <<'PY'
import json, os, sys
samples, out = sys.argv[1], sys.argv[2]
got = {os.path.basename(json.loads(l)["path"]): json.loads(l) for l in open(out) if l.strip()}
bad = 0
for f in sorted(os.listdir(samples)):
    if not f.endswith(".expected.json"):
        continue
    name = f[:-len(".expected.json")]
    want = json.load(open(os.path.join(samples, f)))["level"]
    have = got.get(name, {}).get("level")
    if have != want:
        print("%s: %s, expected %s" % (name, have, want))
        bad += 1
print("%d samples, %d wrong" % (len(got), bad))
sys.exit(1 if bad or not got else 0)
PY
lv=$?
sed 's/^/# /' "$WORK/levels.log"
check "/usr/bin/pmark classify gives every sample its expected level" test $lv = 0
check "the policies are found in /usr/share/pmark/policies" \
  sh -c '/usr/bin/pmark policy show uk-gsc-2014 >/dev/null'
check "the modules are installed in /usr/lib/$MULTIARCH/pmark" \
  sh -c "ls /usr/lib/$MULTIARCH/pmark/*.so >/dev/null 2>&1"
check "/etc/pmark/local.policy is a conffile of pmark" \
  sh -c "dpkg-query -W -f '\${Conffiles}' pmark | grep -q ' /etc/pmark/local.policy '"
check "the system user pmark exists" sh -c "getent passwd pmark >/dev/null"
check "the milter's socket directory is in Postfix's chroot, pmark:postfix 0750" \
  sh -c 'test "$(stat -c "%U:%G %a" /var/spool/postfix/pmark)" = "pmark:postfix 750"'
check "no maintainer script restarts, reloads or reconfigures Postfix" \
  sh -c "! grep -lE '(systemctl|invoke-rc\\.d|deb-systemd-invoke|service)[^#]*postfix|postfix +(reload|stop|start|restart|set-permissions)|postconf +-e' \
    /var/lib/dpkg/info/pmark*.postinst /var/lib/dpkg/info/pmark*.prerm \
    /var/lib/dpkg/info/pmark*.postrm /var/lib/dpkg/info/libpmark*.post* 2>/dev/null"
if command -v systemd-analyze >/dev/null 2>&1; then
  # the audit units are templates: verified as an instance
  check "systemd-analyze verify the units" \
    sh -c "systemd-analyze verify /lib/systemd/system/pmark-milter.service \
      /lib/systemd/system/pmark-audit@.timer > '$WORK/verify.log' 2>&1 \
      && cp /lib/systemd/system/pmark-audit@.service '$WORK/pmark-audit@node1.service' \
      && systemd-analyze verify '$WORK/pmark-audit@node1.service' >> '$WORK/verify.log' 2>&1 \
      && ! grep -v -e 'Cannot add dependency job' -e 'Failed to resolve unit' -e '^ *$' '$WORK/verify.log' | grep -q ."
  sed 's/^/# /' "$WORK/verify.log"
else
  skip "systemd-analyze is not installed: the units are not verified"
fi
# a program as a libpmark-dev user writes one (tests/cli/libpmark-user.c):
# a note classified, a signing key made, and a PDF read through the module
# the installed libpmark.so loads
if cc -Wall -Werror -o "$WORK/prog" "$ROOT/tests/cli/libpmark-user.c" \
     $(pkg-config --cflags --libs pmark) > "$WORK/cc.log" 2>&1; then
  "$WORK/prog" "$ROOT/samples/case-summary.pdf" > "$WORK/prog.out" 2>&1
  sed 's/^/# /' "$WORK/prog.out"
  check "a program built with pkg-config --cflags --libs pmark classifies a note" \
    test "$(sed -n 1p "$WORK/prog.out")" = "$VERSION RESTRICTED"
  check "... and reads a PDF through the installed module" \
    test "$(sed -n 3p "$WORK/prog.out" | sed 's/ *$//')" = "RESTRICTED read"
  check "it runs against /usr/lib/$MULTIARCH/libpmark.so.0" \
    sh -c "ldd '$WORK/prog' | grep -qE 'libpmark\\.so\\.0 => (/usr)?/lib/$MULTIARCH/libpmark\\.so\\.0'"
else
  sed 's/^/# /' "$WORK/cc.log"
  notok "a program built with pkg-config --cflags --libs pmark"
fi

# purge: nothing the packages installed or made is left (the system user
# stays, as Debian leaves system users)
if dpkg --purge pmark-serve pmark-milter libpmark-dev pmark libpmark0 > "$WORK/purge.log" 2>&1; then
  ok "dpkg --purge removes the five packages"
else
  notok "dpkg --purge removes the five packages"
  sed 's/^/# /' "$WORK/purge.log"
fi
# every file the packages listed, and every directory of pmark's own
left=$(while read -r f; do
  if [ -d "$f" ]; then
    case ${f##*/} in *pmark*) ;; *) continue ;; esac
  fi
  [ -e "$f" ] && echo "$f"
done < "$WORK/files")
for d in /etc/pmark /var/spool/postfix/pmark /var/log/pmark /var/lib/pmark /etc/default/pmark-milter; do
  [ -e "$d" ] && left="$left $d"
done
if [ -z "$left" ]; then
  ok "nothing is left after the purge ($(wc -l < "$WORK/files") paths checked)"
else
  notok "left after the purge: $left"
fi
finish
