#!/usr/bin/env bash
# Installs the Debian packages the tests need (scripts/apt-packages.txt) when any is missing.
# Idempotent and quick when everything is present. Not root → print the exact command and fail.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t wanted < <(grep -vE '^\s*(#|$)' scripts/apt-packages.txt | awk '{print $1}' | sort -u)
[ ${#wanted[@]} -gt 0 ] || exit 0
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && { echo "system packages: all ${#wanted[@]} present"; exit 0; }
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
  echo "Missing system packages. Run as root: apt-get update && $cmd" >&2
  exit 1
fi
echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Package scripts must not try to start services on a test machine.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" > /tmp/freezer-apt-install.log 2>&1 || {
  tail -20 /tmp/freezer-apt-install.log >&2
  echo "apt-get failed; the command was: $cmd" >&2
  exit 1
}
echo "system packages: installed ${#missing[@]}"
