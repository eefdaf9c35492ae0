#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Installs everything pmark needs to build and test, from Debian 12's
# packages. The one list of dependencies: the README and .ci/run use it.
set -eu

BUILD="meson ninja-build pkg-config gcc python3
  libglib2.0-dev libjson-glib-dev libpcre2-dev libmagic-dev libzip-dev
  libpoppler-glib-dev libxml2-dev libsodium-dev libqpdf-dev libsqlite3-dev libpq-dev
  libgmime-3.0-dev libmilter-dev libtesseract-dev libleptonica-dev
  libcairo2-dev tesseract-ocr-eng tesseract-ocr-osd libgsf-1-dev libsoup-3.0-dev
  libseccomp-dev g++ libwpd-dev librevenge-dev"
# Real clients the tests check pmark's output against.
TEST="poppler-utils qpdf age sqlite3 postgresql-15
  libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui
  chromium miltertest postfix tesseract-ocr imagemagick libtiff-tools openssl desktop-file-utils
  clang-14 libclang-rt-14-dev"
# Debian packaging (tools/build-deb.sh): debhelper, lintian; systemd for
# systemd-sysusers and systemd-analyze in the install test.
PACKAGE="debhelper lintian fakeroot dpkg-dev systemd"
# Peers the benchmarks compare against.
BENCH="ripgrep bc unzip catdoc"

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
# Postfix is installed unconfigured: the tests run their own instance.
echo 'postfix postfix/main_mailer_type select No configuration' \
  | $SUDO debconf-set-selections
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  $BUILD $TEST $PACKAGE $BENCH

# The browser tests' drivers (puppeteer-core for Debian's Chromium, axe-core),
# from npm at the versions tests/web/package-lock.json pins. Node.js: the
# machine's, else Debian's.
if ! command -v npm >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
(cd "$(dirname "$0")/../tests/web" && npm ci --no-audit --no-fund --loglevel=error) \
  || echo "install-deps: npm ci failed: the browser tests will skip (saying so)" >&2
