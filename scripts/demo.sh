#!/usr/bin/env bash
# demo.sh (`npm run demo`) — the newcomer's first run: starts the demo broker (Debian's
# x2gobroker-daemon on loopback, no authentication, scripts/demo-broker.sh) and opens the app
# on it. As root it installs the broker package when missing; it fetches the Electron binary
# when absent (needs network access). Where neither works it says exactly what to run, shows
# the same broker through the headless CLI and keeps the broker running for you. Ctrl-C stops
# everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp)
BROKER_PID=
cleanup() {
  trap - EXIT INT TERM
  [[ -n $BROKER_PID ]] && kill -TERM "$BROKER_PID" 2>/dev/null && wait "$BROKER_PID" 2>/dev/null
  rm -f "$out" "$out.electron"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

bash scripts/demo-broker.sh >"$out" &
BROKER_PID=$!
for _ in $(seq 6000); do # up to 10 min: the first run may install the broker package
  grep -q '^X2Go demo broker running' "$out" && break
  kill -0 "$BROKER_PID" 2>/dev/null || { echo "the demo broker did not start (see above)" >&2; exit 1; }
  sleep 0.1
done
url=$(grep -m1 -o 'http://127\.0\.0\.1:[0-9]*/plain/' "$out") || { echo "the demo broker did not start in time" >&2; exit 1; }
echo "Demo broker: $url (no authentication; 6 demo profiles)"

# The Electron binary: `npm ci --ignore-scripts` never downloads it. Fetch it now when absent
# (needs network access); where that fails, start.mjs below says exactly what to run.
has_electron() {
  node --input-type=module -e \
    "const m = await import('./scripts/start.mjs'); process.exit(m.findElectron().path ? 0 : 1)"
}
if ! has_electron; then
  echo "No Electron binary yet: fetching it (node node_modules/electron/install.js; needs network access)"
  if ! node node_modules/electron/install.js >"$out.electron" 2>&1; then
    echo "Could not download Electron here ($(grep -m1 -iE 'error' "$out.electron" || tail -n1 "$out.electron"))." >&2
  fi
fi

if node scripts/start.mjs "--broker-url=$url" --broker-noauth; then exit 0; fi

echo
echo "Showing the demo broker through the headless CLI instead (same core as the app):"
echo "\$ npx x2go-launcher list --broker-url $url --broker-noauth"
node bin/x2go-launcher.mjs list --broker-url "$url" --broker-noauth || true
echo
echo "More: npx x2go-launcher select demo-xfce --broker-url $url --broker-noauth --json"
echo "The demo broker keeps running until you press Ctrl-C."
wait "$BROKER_PID"
