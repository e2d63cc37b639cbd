#!/bin/sh
# Installs the Debian packages JobSentry builds and tests with, only those missing.
set -e
# chromium and a CJK font: the report test renders report.html headless.
PKGS="libopenblas-dev liblapacke-dev zlib1g-dev libsqlite3-dev libxml2-utils chromium fonts-wqy-microhei"
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
