#!/usr/bin/env bash
# Differential test of api::CloudDestination against Segment's "Sprig Cloud (Actions)" itself.
#
#   tests/differential/cloud.sh [events] [seed]     (defaults: 20000 events, seed 1)
#
# Installs @segment/action-destinations 3.387.0 (with @segment/actions-core as it resolves),
# fast-uri 3.0.6 (ajv 8 refuses to load schemas with later ones) and nock 13.5.6 into a
# temporary folder; checks the fixtures in fixtures/api/cloud against the reference; runs
# random source events through the reference's Destination.onEvent with its presets, nock
# capturing each POST (cloud.mjs, TZ=UTC); then compares the crate body for body
# (tests/differential_cloud.rs). Needs node and npm with the npm registry reachable.
# DIFFERENTIAL_PROFILE picks the cargo profile flag (default --release; empty: a debug build).
# Set KEEP_CASES=<file> to keep the recorded cases.
set -euo pipefail

count="${1:-20000}"
seed="${2:-1}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The reference destination, its runtime and nock, as the committed lockfile pins them.
cp "$here/npm/cloud/package.json" "$here/npm/cloud/package-lock.json" "$work/"
npm ci --prefix "$work" --no-audit --no-fund --loglevel=error >/dev/null

TZ=UTC node "$here/cloud.mjs" "$work" "$count" "$seed" "$work/cases.jsonl" "$root/fixtures/api/cloud"
if [ -n "${KEEP_CASES:-}" ]; then
  cp "$work/cases.jsonl" "$KEEP_CASES"
fi

cd "$root"
CLOUD_CASES="$work/cases.jsonl" \
  cargo test ${DIFFERENTIAL_PROFILE---release} --test differential_cloud -- --ignored --nocapture
