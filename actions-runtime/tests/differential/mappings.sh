#!/usr/bin/env bash
# Differential test of the crate's field mappings against the reference runtime itself.
#
#   actions-runtime/tests/differential/mappings.sh [mappings] [seed]     (defaults: 20000 mappings, seed 1)
#
# Installs @segment/actions-core 3.170.0 into a temporary folder, checks the mapping fixtures
# against it (mappings.fixtures.mjs), records the reference's `transform` result (value,
# undefined, or error messages) for random mappings, two events each (mappings.mjs), then
# compares the crate's `Mapping` on every case (tests/differential_mappings.rs). Needs node and npm with the npm registry reachable.
# Set KEEP_CASES=<file> to keep the recorded cases.
set -euo pipefail

count="${1:-20000}"
seed="${2:-1}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The reference runtime and everything it pulls in, as the lockfile pins them (3.170.0 loads
# liquidjs, for @liquid, without declaring it: the lockfile pins it beside, at the version the
# reference's repository pins).
cp "$here/npm/mappings/package.json" "$here/npm/mappings/package-lock.json" "$work/"
npm ci --prefix "$work" --no-audit --no-fund --loglevel=error >/dev/null

# The fixtures first: every row must be what the reference gives.
node "$here/mappings.fixtures.mjs" "$work" "$root/fixtures/mappings"

node "$here/mappings.mjs" "$work" "$count" "$seed" "$work/cases.jsonl"
if [ -n "${KEEP_CASES:-}" ]; then
  cp "$work/cases.jsonl" "$KEEP_CASES"
fi

cd "$root"
MAPPING_CASES="$work/cases.jsonl" \
  cargo test ${DIFFERENTIAL_PROFILE---release} -p actions-runtime --test differential_mappings -- --ignored --nocapture
