#!/bin/sh
# Install the Debian packages labverdict needs, only those that are missing,
# saying what it installs. Run by `make deps` (and so by `make test` and
# `make report`). Extra packages may be named on the command line.
set -eu
PKGS="gcc make pkg-config libjansson-dev libcsv-dev libcmocka-dev \
libcmark-gfm-dev libcmark-gfm-extensions-dev libyajl-dev python3 $*"
# The release suites render the man page with man (man-db) or, failing that,
# groff: add groff-base only when neither is there (a minimal Debian image).
command -v man >/dev/null 2>&1 || command -v groff >/dev/null 2>&1 ||
    PKGS="$PKGS groff-base"
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
echo "deps: installing missing Debian packages:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
