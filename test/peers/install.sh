#!/usr/bin/env bash
# install.sh — install the Debian/Ubuntu packages the tests need, only those missing (root).
#
#   usage: bash test/peers/install.sh [GROUP...]     (no GROUP: all of them)
#
# Groups (the same names as in test/peers/plan.mjs):
#   broker    the peers start.sh runs: Debian's x2gobroker (HTTP daemon, PAM helper, SSH broker),
#             a private OpenSSH server with sftp, openssl for the test CA, x2goserver with
#             an xterm for real sessions on that sshd, tinyproxy as the loopback HTTP
#             proxy and dante-server as the loopback SOCKS server of the proxy tests
#             (docs/proxies.md)
#   clients   the local X2Go clients the hand-off tests start, and the X server they draw on:
#             x2goclient, pyhoca-cli (python3-x2go), nxproxy, Xvfb, xwininfo, fonts
#   chromium  Debian's Chromium for the renderer tests
#   daemon    x2gobroker-daemon alone (npm run demo-broker and its test)
#   shells    the login shells test/core/transport/ssh-login-shells.test.ts gives its broker
#             accounts (quoting of remote commands must survive each of them)
#   packaging `npm run package:linux` (fakeroot for dpkg-deb, rpmbuild, lintian) and what the deb
#             it builds depends on, so test/packaging/linux-packages.test.ts can dpkg -i it;
#             `time` for npm run bench's peak-memory figures
#             desktop-file-validate (desktop-file-utils) for the shortcut tests
# The packages' own services (system sshd on :22, x2gobroker-daemon on :8080, x2goserver's
# cleanup daemon) are kept from starting: a temporary /usr/sbin/policy-rc.d (only if none
# exists) answers "no" during the installation and is removed again.
set -euo pipefail
PEERS_LOG_NAME=install
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

declare -A GROUP_PACKAGES=(
  [broker]="x2gobroker-daemon x2gobroker-authservice x2gobroker-ssh openssh-server openssh-client
            openssh-sftp-server openssl x2goserver x2goserver-xsession x2goserver-extensions xterm
            xfonts-base tinyproxy dante-server"
  [clients]="x2goclient pyhoca-cli python3-x2go nxproxy xvfb x11-utils xfonts-base openssh-client"
  [chromium]="chromium"
  [daemon]="x2gobroker-daemon"
  [shells]="dash zsh fish tcsh"
  [packaging]="fakeroot rpm lintian libgtk-3-0 libnotify4 libnss3 xdg-utils libatspi2.0-0 libdrm2
               libgbm1 libxcb-dri3-0 libglib2.0-bin libxss1 libxtst6 libasound2 time
               desktop-file-utils"
)
groups=("$@")
((${#groups[@]})) || groups=(broker clients chromium shells packaging)

wanted=()
for g in "${groups[@]}"; do
  [[ -n ${GROUP_PACKAGES[$g]:-} ]] || die "unknown group '$g' (known: ${!GROUP_PACKAGES[*]})"
  # shellcheck disable=SC2206 # word splitting of the package list is intended
  wanted+=(${GROUP_PACKAGES[$g]})
done
missing=()
for p in $(printf '%s\n' "${wanted[@]}" | sort -u); do package_installed "$p" || missing+=("$p"); done
if ((${#missing[@]} == 0)); then
  log "packages present (${groups[*]})"
  exit 0
fi
[[ $(id -u) -eq 0 ]] || die "missing packages: ${missing[*]}; as root: apt-get install --no-install-recommends ${missing[*]}"
command -v apt-get >/dev/null || die "no apt-get here (Debian/Ubuntu only); install: ${missing[*]}"

log "installing: ${missing[*]}"
POLICY=/usr/sbin/policy-rc.d
OWN_POLICY=0
trap 'if [[ $OWN_POLICY == 1 ]]; then rm -f "$POLICY"; fi' EXIT
if [[ ! -e $POLICY ]]; then
  printf '#!/bin/sh\n# temporary, test/peers/install.sh\nexit 101\n' >"$POLICY"
  chmod 755 "$POLICY"
  OWN_POLICY=1
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  log "apt-get install failed, running apt-get update and retrying"
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
