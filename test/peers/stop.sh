#!/usr/bin/env bash
# stop.sh — stop exactly the test peers that start.sh started for a state directory.
#
#   usage: bash test/peers/stop.sh [STATE]        (default: $PEERS_STATE, else /tmp/x2go-launcher-peers)
#
# Signals the PIDs in STATE/run/*.pid, each only while it still belongs to STATE (its working
# directory is STATE or its command line names a file in STATE), then whatever was started
# through the peers' sshd and is still running (X2Go sessions a failed test left behind, stray
# logins): those carry the X2GOBROKER_CONFIG of STATE that the sshd puts into every login's
# environment. Nothing is matched by program name. Logs and keys stay in STATE.
set -uo pipefail
PEERS_LOG_NAME=peers-stop
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap '' PIPE

STATE=${1:-${PEERS_STATE:-/tmp/x2go-launcher-peers}}
if [[ ! -d $STATE/run ]]; then
  log "nothing to stop ($STATE/run does not exist)"
  exit 0
fi
STATE=$(cd "$STATE" && pwd -P)

signalled=()
term() { # pid what
  log "stopping $2 (pid $1)"
  kill -TERM "$1" 2>/dev/null && signalled+=("$1")
}
shopt -s nullglob
for f in "$STATE"/run/*.pid; do
  pid=$(head -n1 "$f" 2>/dev/null | tr -dc '0-9')
  if [[ -n $pid ]] && peer_owned "$pid" "$STATE"; then
    term "$pid" "$(basename "$f" .pid)"
  elif [[ -n $pid ]]; then
    log "$(basename "$f"): pid $pid is not running (or not ours), skipping"
  fi
  rm -f "$f"
done
# processes started through our sshd (children of logins that outlived them): one grep over
# every process environment
mapfile -t marked < <(grep -lzxF -e "X2GOBROKER_CONFIG=$STATE/etc/x2gobroker-main.conf" \
  -e "X2GOBROKER_CONFIG=$STATE/etc/x2gobroker-cookie.conf" /proc/[0-9]*/environ 2>/dev/null)
for f in "${marked[@]}"; do
  pid=${f#/proc/}
  pid=${pid%/environ}
  term "$pid" "$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | cut -c1-60)"
done

# wait up to 10 s, then SIGKILL what of ours is left
for _ in $(seq 100); do
  alive=0
  for pid in "${signalled[@]}"; do peer_owned "$pid" "$STATE" && alive=1; done
  ((alive)) || break
  sleep 0.1
done
for pid in "${signalled[@]}"; do
  if peer_owned "$pid" "$STATE"; then
    log "pid $pid did not exit, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null
  fi
done
rm -f "$STATE/run/authservice/authservice.socket"
log "stopped (state kept in $STATE)"
exit 0
