#!/usr/bin/env bash
# The crate against the reference runtime, on the same source events, back to back.
#
#   benches/peer/run.sh [events.jsonl] [rounds] [pairs]
#
# (defaults: benches/small_source_events.jsonl, 15 rounds, 3 pairs)
#
# Installs the reference packages (@segment/destination-subscriptions, @segment/actions-core)
# into a temporary folder from the committed lockfile, builds the Rust side
# (examples/peer_bench.rs) in release, checks that both sides make the same calls for every
# event, then times node (peer.mjs) and Rust back to back, `pairs` times over, and prints ns per
# event and the ratio node / Rust within each pair (the machine's speed drifts between pairs)
# with the median of those ratios (summary.mjs). Needs node, npm (registry reachable) and cargo;
# not part of `cargo test`. Honours CARGO_TARGET_DIR.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
events="$(realpath "${1:-$root/benches/small_source_events.jsonl}")"
rounds="${2:-15}"
pairs="${3:-3}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "installing the reference packages (npm ci)" >&2
cp "$here/package.json" "$here/package-lock.json" "$work/"
npm ci --prefix "$work" --no-audit --no-fund --loglevel=error >/dev/null

echo "building examples/peer_bench (release)" >&2
cd "$root"
cargo build --release --example peer_bench >&2
target="${CARGO_TARGET_DIR:-$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')}"
bin="$target/release/examples/peer_bench"

"$bin" config >"$work/presets.json"
"$bin" calls "$events" >"$work/calls.jsonl"

echo "timing: $pairs pairs of runs, node (reference) then Rust (crate), $rounds rounds each" >&2
for pair in $(seq "$pairs"); do
  node "$here/peer.mjs" "$work" "$events" "$work/presets.json" "$work/calls.jsonl" "$rounds" >"$work/node$pair.json"
  "$bin" time "$events" "$rounds" >"$work/rust$pair.json"
done

node "$here/summary.mjs" "$work" "$pairs" "$events"
