#!/usr/bin/env bash
# The test command (npm test). Node 20's --test takes no globs, so the files are listed here.
# Extra arguments narrow the run: `npm test -- test/core` runs only that folder.
set -euo pipefail
cd "$(dirname "$0")/.."
roots=("$@")
[ ${#roots[@]} -gt 0 ] || roots=(test)
mapfile -t files < <(find "${roots[@]}" -name '*.test.ts' -not -path '*/node_modules/*' | sort)
if [ ${#files[@]} -eq 0 ]; then echo "no test files under ${roots[*]}" >&2; exit 1; fi
exec node --import tsx --test --test-concurrency="${TEST_CONCURRENCY:-2}" "${files[@]}"
