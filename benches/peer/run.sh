#!/usr/bin/env bash
# The crate against the reference runtime, on the same source events, back to back.
#
#   benches/peer/run.sh [events.jsonl] [rounds]     (defaults: benches/small_source_events.jsonl, 15)
#
# Installs the reference packages (@segment/destination-subscriptions, @segment/actions-core)
# into a temporary folder from the committed lockfile, builds the Rust side
# (examples/peer_bench.rs) in release, checks that both sides make the same calls for every
# event, then times each (node: peer.mjs) and prints ns per event and the ratio node / Rust.
# Needs node, npm (registry reachable) and cargo; not part of `cargo test`. Honours
# CARGO_TARGET_DIR.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
events="$(realpath "${1:-$root/benches/small_source_events.jsonl}")"
rounds="${2:-15}"

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

echo "timing: node (reference), then Rust (crate), $rounds rounds each" >&2
node "$here/peer.mjs" "$work" "$events" "$work/presets.json" "$work/calls.jsonl" "$rounds" >"$work/node.json"
"$bin" time "$events" "$rounds" >"$work/rust.json"

node - "$work/node.json" "$work/rust.json" "$events" <<'EOF'
const { readFileSync } = require('node:fs')
const [nodeFile, rustFile, events] = process.argv.slice(2)
const node = JSON.parse(readFileSync(nodeFile, 'utf8'))
const rust = JSON.parse(readFileSync(rustFile, 'utf8'))
const ns = (x) => x.toFixed(0).padStart(7)
const ratio = (a, b) => (a / b).toFixed(1).padStart(6)
console.log(`${node.events} events (${events}), ${node.calls} calls, ${node.differences} events whose calls differ`)
console.log(`median of ${node.rounds} rounds, ns per event (node ${process.version}):`)
console.log(`  node: JSON.parse + triggers (parseFql each event) + transform + call   ${ns(node.parse_each_time)}`)
console.log(`  node: JSON.parse + triggers (parsed once)         + transform + call   ${ns(node.parsed_once)}`)
console.log(`  node: JSON.parse alone                                               ${ns(node.json_parse)}`)
console.log(`  Rust: parse_source_event + route                                     ${ns(rust.route)}`)
console.log(`  Rust: parse_source_event + Destination::route (every preset)         ${ns(rust.destination_route)}`)
console.log(`  Rust: parse_source_event alone                                       ${ns(rust.parse)}`)
console.log('ratio node / Rust:')
console.log(`  parseFql each event / route                ${ratio(node.parse_each_time, rust.route)}`)
console.log(`  triggers parsed once / route               ${ratio(node.parsed_once, rust.route)}`)
console.log(`  triggers parsed once / Destination::route  ${ratio(node.parsed_once, rust.destination_route)}`)
console.log(`  JSON.parse / parse_source_event            ${ratio(node.json_parse, rust.parse)}`)
EOF
