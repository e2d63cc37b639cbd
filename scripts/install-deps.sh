#!/bin/sh
# Installs the Debian packages JobSentry builds and tests with, only those missing.
set -e
# chromium and a CJK font: the report test renders report.html headless.
# xmlsec1 and openssl: the tests check each CAP message's XML Signature with xmlsec1 and
# make an office-style key and certificate with openssl.
PKGS="libopenblas-dev liblapacke-dev zlib1g-dev libsqlite3-dev libxml2-utils chromium fonts-wqy-microhei xmlsec1 openssl"
# WMO's capvalidator (PyPI) checks the CAP messages in strict mode (signature required) in
# the tests; only where python3 is there (the test skips, saying so, where it is not).
if command -v python3 >/dev/null 2>&1 && ! python3 -c "import capvalidator" 2>/dev/null; then
  echo "installing: capvalidator (pip)" >&2
  python3 -m pip install -q capvalidator 2>/dev/null || python3 -m pip install -q --break-system-packages capvalidator
fi
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "installing:$missing" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >&2
