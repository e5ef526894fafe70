#!/usr/bin/env bash
# deploy/system-packages.sh PACKAGE...: apt-get install the Debian packages
# that are not installed yet (with sudo unless root). `make run`, `make test`
# and .ci/run call it, so that on a fresh Debian or Ubuntu machine with Python
# and make the quick start needs nothing else. On a system without dpkg it
# only says what it would need, and leaves the rest to the commands that follow.
set -euo pipefail

missing=()
if ! command -v dpkg-query >/dev/null; then
    echo "system-packages: not a Debian system: make sure these are installed: $*" >&2
    exit 0
fi
for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
((${#missing[@]})) || exit 0

sudo=()
[[ "$(id -u)" == 0 ]] || sudo=(sudo)
echo "system-packages: apt-get install ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
