# lib.sh — functions shared by the test-peer scripts in this directory (sourced, not run).
# shellcheck shell=bash

# The x2gobroker executables start with "#!/usr/bin/env python3": the system directories come
# first so that this is Debian's python3 (with the broker's modules), not a pyenv/venv one.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin${PATH:+:$PATH}
export LC_ALL=C.UTF-8 LANG=C.UTF-8

# shellcheck disable=SC2034 # used by the scripts that source this file
PEERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The system user of Debian's x2gobroker packages: the daemons drop their privileges to it and
# x2gobroker-ssh is setuid to it (X2GOBROKER_DAEMON_USER of the package).
# shellcheck disable=SC2034
BROKER_SYSTEM_USER=x2gobroker

log() { printf '[%s] %s\n' "$PEERS_LOG_NAME" "$*" >&2 || true; }
die() {
  printf '[%s] ERROR: %s\n' "$PEERS_LOG_NAME" "$*" >&2 || true
  exit 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# GET / answers 200 (every x2gobroker-daemon serves "It works" there).
http_ok() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    IFS= read -r -t 3 line <&3 && [[ $line == *" 200 "* ]]
  ) 2>/dev/null
}

package_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# Is PID a process that start.sh started for STATE? Its working directory is STATE, or its
# command line names a file in STATE, or (children of our sshd: logins, X2Go sessions) its
# environment carries the X2GOBROKER_CONFIG that our sshd sets for every login.
peer_owned() { # pid state
  local pid=$1 state=$2 cwd args
  [[ $pid =~ ^[0-9]+$ && -d /proc/$pid ]] || return 1
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || cwd=
  [[ $cwd == "$state" ]] && return 0
  mapfile -d '' args 2>/dev/null <"/proc/$pid/cmdline" || args=()
  [[ " ${args[*]} " == *"$state/"* ]] && return 0
  grep -qzxF -e "X2GOBROKER_CONFIG=$state/etc/x2gobroker-main.conf" \
    -e "X2GOBROKER_CONFIG=$state/etc/x2gobroker-cookie.conf" "/proc/$pid/environ" 2>/dev/null
}
