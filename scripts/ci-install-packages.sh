#!/usr/bin/env bash
# Debian packages the test suite needs (root): Chromium for the renderer tests, and the real
# X2Go pieces for the hand-off tests (x2goserver on loopback, x2goclient, pyhoca-cli, Xvfb).
# Installs only what is missing; keeps the packages' own services from starting.
set -euo pipefail
PKGS=(chromium curl openssl xvfb xterm x11-utils xfonts-base imagemagick
      x2goserver x2goserver-xsession x2goserver-extensions openssh-server openssh-client
      x2goclient pyhoca-cli python3-x2go nxproxy)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && { echo "all packages present"; exit 0; }
echo "installing: ${missing[*]}"
own_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  own_policy=1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; }
[ "$own_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
exit 0
