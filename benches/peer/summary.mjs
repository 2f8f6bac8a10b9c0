// The table `run.sh` prints: ns per event of each side in each pair of runs, and the ratios
// node / Rust within each pair, with their median.
//
//   node summary.mjs <work dir with node<i>.json and rust<i>.json> <pairs> <events file>

import { readFileSync } from 'node:fs'

const [work, pairs, events] = process.argv.slice(2)
const read = (file) => JSON.parse(readFileSync(`${work}/${file}`, 'utf8'))
const runs = Array.from({ length: Number(pairs) }, (_, i) => ({
  node: read(`node${i + 1}.json`),
  rust: read(`rust${i + 1}.json`),
}))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const first = runs[0].node
const differences = Math.max(...runs.map((run) => run.node.differences))
console.log(`${first.events} events (${events}), ${first.calls} calls, ${differences} events whose calls differ`)
console.log(`ns per event, median of ${first.rounds} rounds, in ${runs.length} pairs of runs, node then Rust (node ${process.version})`)

const WIDTH = 72
const heading = (label, extra = '') =>
  console.log(label.padEnd(WIDTH) + runs.map((_, i) => `pair ${i + 1}`.padStart(8)).join('') + extra)
const row = (label, values, digits) =>
  console.log(`  ${label}`.padEnd(WIDTH) + values.map((v) => v.toFixed(digits).padStart(8)).join(''))

heading('')
const times = [
  ['node: JSON.parse + triggers (parseFql per event) + transform + call', (r) => r.node.parse_each_time],
  ['node: JSON.parse + triggers (parsed once) + transform + call', (r) => r.node.parsed_once],
  ['node: JSON.parse alone', (r) => r.node.json_parse],
  ['Rust: parse_source_event + route', (r) => r.rust.route],
  ['Rust: parse_source_event + into_route (takes the event)', (r) => r.rust.into_route],
  ['Rust: parse_source_event + Destination::route (every preset)', (r) => r.rust.destination_route],
  ['Rust: parse_source_event alone', (r) => r.rust.parse],
]
for (const [label, of] of times) row(label, runs.map(of), 0)

heading('ratio node / Rust, within each pair', '  median')
const ratios = [
  ['triggers parsed per event / route', (r) => r.node.parse_each_time / r.rust.route],
  ['triggers parsed per event / into_route', (r) => r.node.parse_each_time / r.rust.into_route],
  ['triggers parsed once / route', (r) => r.node.parsed_once / r.rust.route],
  ['triggers parsed once / into_route', (r) => r.node.parsed_once / r.rust.into_route],
  ['triggers parsed once / Destination::route', (r) => r.node.parsed_once / r.rust.destination_route],
  ['JSON.parse / parse_source_event', (r) => r.node.json_parse / r.rust.parse],
]
for (const [label, of] of ratios) {
  const values = runs.map(of)
  row(label, [...values, median(values)], 1)
}
