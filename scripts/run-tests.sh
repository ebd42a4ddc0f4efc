#!/usr/bin/env bash
# The test command: `npm test` (every test) and `npm run test:unit` (--unit: only the tests
# that need no peer; never starts one). Extra arguments narrow the run to files or folders:
# `npm test -- test/core` runs only that folder.
#
# test/peers/plan.mjs sorts the files: `*.int.test.ts` files are integration tests (they import
# a test peer's helper), every other `*.test.ts` is a unit test; a file whose name and imports
# disagree stops the run (test/README.md, "How to add a test"). For integration files, `npm test`
#   * uses the peers BROKER_JSON describes, when they answer;
#   * as root otherwise installs what is missing (test/peers/install.sh), starts its own peers
#     (test/peers/start.sh) in a fresh /tmp directory and stops them when the run ends;
#   * otherwise leaves those files out and says once, at the end, which groups were skipped
#     and the one command that runs them (under CI=true that is a failure).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=all
if [[ ${1:-} == --unit ]]; then
  mode=unit
  shift
fi

plan=$(node test/peers/plan.mjs "--mode=$mode" "$@")
files=()
skipped=()
summary=()
install=()
start_peers=0
while IFS= read -r line; do
  case $line in
    'RUN '*) files+=("${line#RUN }") ;;
    'SKIP '*) skipped+=("${line#SKIP }") ;;
    'SUMMARY '*) summary+=("${line#SUMMARY }") ;;
    'INSTALL '*) read -ra install <<<"${line#INSTALL }" ;;
    START_PEERS) start_peers=1 ;;
  esac
done <<<"$plan"

print_summary() {
  ((${#summary[@]})) || return 0
  printf '\n'
  printf '# %s\n' "${summary[@]}"
}

if ((${#install[@]})); then bash test/peers/install.sh "${install[@]}"; fi

state=
stop_peers() {
  [[ -n $state ]] || return 0
  bash test/peers/stop.sh "$state" || true
  # the hostile broker test/hostile starts on first use lives in the same state (below)
  if [[ -f $state/hostile/run/daemon.pid ]]; then
    bash test/hostile/start-hostile-broker.sh --stop "$state/hostile" || true
  fi
  if [[ ${1:-1} == 0 ]]; then rm -rf "$state"; else echo "# peer logs kept in $state/log" >&2; fi
}
if ((start_peers)); then
  state=$(mktemp -d /tmp/x2go-launcher-peers.XXXXXX)
  chmod 755 "$state"
  trap 'stop_peers 1' EXIT
  trap 'exit 130' INT TERM
  bash test/peers/start.sh "$state"
  export BROKER_JSON="$state/broker.json"
  export HOSTILE_BROKER_STATE="$state/hostile"
fi

rc=0
if ((${#files[@]})); then
  node --import tsx --test --test-concurrency="${TEST_CONCURRENCY:-2}" "${files[@]}" || rc=$?
fi
if [[ -n $state ]]; then
  trap - EXIT
  stop_peers "$rc"
fi
print_summary
if ((${#skipped[@]})) && [[ $mode == all && ${CI:-} == true ]]; then
  echo "# CI=true: every test must run; the skipped files above are a failure" >&2
  rc=1
fi
exit "$rc"
