#!/usr/bin/env bash
# Differential test of trigger conditions against Segment's reference implementation.
#
#   actions-runtime/tests/differential/conditions.sh [count] [seed]     (defaults: 100000 conditions, seed 1)
#
# Installs @segment/destination-subscriptions into a temporary folder, has it parse, evaluate
# and regenerate `count` random conditions (tests/differential/conditions.mjs), then compares
# every answer with the crate's (tests/differential_conditions.rs). Needs node, npm and cargo;
# not part of `cargo test`.
set -euo pipefail

count="${1:-100000}"
seed="${2:-1}"
version="3.37.0" # as pinned in npm/conditions/package.json
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "installing @segment/destination-subscriptions@$version" >&2
# The reference package and everything it pulls in, as the lockfile pins them.
cp "$here/npm/conditions/package.json" "$here/npm/conditions/package-lock.json" "$work/"
npm ci --prefix "$work" --no-audit --no-fund --silent >&2

echo "generating $count conditions (seed $seed)" >&2
SUBSCRIPTIONS_PREFIX="$work" node "$here/conditions.mjs" "$count" "$seed" "$work/conditions.jsonl"

cd "$root"
SUBSCRIPTION_DIFFERENTIAL="$work/conditions.jsonl" \
  cargo test ${DIFFERENTIAL_PROFILE---release} -p actions-runtime --test differential_conditions -- --ignored --nocapture
