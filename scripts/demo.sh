#!/usr/bin/env bash
# demo.sh (`npm run demo`) — the newcomer's first run: starts the demo broker (Debian's
# x2gobroker-daemon on loopback, no authentication, scripts/demo-broker.sh) and opens the app
# on it. Where no Electron binary is installed it shows the same broker through the headless
# CLI instead and keeps the broker running for you. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp)
BROKER_PID=
cleanup() {
  trap - EXIT INT TERM
  [[ -n $BROKER_PID ]] && kill -TERM "$BROKER_PID" 2>/dev/null && wait "$BROKER_PID" 2>/dev/null
  rm -f "$out"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

bash scripts/demo-broker.sh >"$out" &
BROKER_PID=$!
for _ in $(seq 300); do
  grep -q '^X2Go demo broker running' "$out" && break
  kill -0 "$BROKER_PID" 2>/dev/null || { echo "the demo broker did not start (see above)" >&2; exit 1; }
  sleep 0.1
done
url=$(grep -m1 -o 'http://127\.0\.0\.1:[0-9]*/plain/' "$out") || { echo "the demo broker did not start in time" >&2; exit 1; }
echo "Demo broker: $url (no authentication; 6 demo profiles)"

if node scripts/start.mjs "--broker-url=$url" --broker-noauth; then exit 0; fi

echo
echo "Showing the demo broker through the headless CLI instead (same core as the app):"
echo "\$ npx x2go-launcher list --broker-url $url --broker-noauth"
node bin/x2go-launcher.mjs list --broker-url "$url" --broker-noauth || true
echo
echo "More: npx x2go-launcher select demo-xfce --broker-url $url --broker-noauth --json"
echo "The demo broker keeps running until you press Ctrl-C."
wait "$BROKER_PID"
