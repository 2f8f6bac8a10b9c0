// The reference side of the peer bench: the sprig-web destination's four presets run by
// Segment's own packages on the same source events as the crate (`run.sh` runs both).
//
//   node peer.mjs <node_modules prefix> <events.jsonl> <presets.json> <crate-calls.jsonl> [rounds]
//
// Per event, as the reference does it: `JSON.parse` of the bytes; the `integrations` check
// (`integrations["sprig-web"]`, else `integrations.All`; only `false` turns it off); each
// preset's trigger, `validate(parseFql(subscribe), event)` (@segment/destination-subscriptions);
// for each action that triggers, its mapping, `transform(mapping, event)` (@segment/actions-core);
// and the call the action's `perform` would hand the Sprig SDK (reference/destination.md). The
// presets' triggers and mappings come from the crate (`peer_bench config`), so they cannot drift.
//
// First every event's calls are checked against the crate's (`peer_bench calls`); then each
// variant is timed: a second of warm-up, then `rounds` rounds (default 15) of about 200 ms, the
// median ns per event. Prints one JSON line.

import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'

const [prefix, eventsFile, presetsFile, crateCallsFile, roundsArg] = process.argv.slice(2)
if (!prefix || !eventsFile || !presetsFile || !crateCallsFile) {
  console.error('usage: node peer.mjs <prefix> <events.jsonl> <presets.json> <crate-calls.jsonl> [rounds]')
  process.exit(2)
}
const rounds = Number(roundsArg ?? 15)

const require = createRequire(join(prefix, 'package.json'))
const { parseFql, validate } = require('@segment/destination-subscriptions')
const { transform } = require('@segment/actions-core')

// The events as bytes, one per line, as a receiver gets them.
const events = readFileSync(eventsFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => Buffer.from(line, 'utf8'))

const presets = JSON.parse(readFileSync(presetsFile, 'utf8')).actions
const actions = presets.map((preset) => ({
  partnerAction: preset.partnerAction,
  enabled: preset.enabled !== false,
  subscribe: preset.subscribe,
  ast: parseFql(preset.subscribe),
  mapping: preset.mapping ?? {},
}))
for (const action of actions) {
  if (action.ast.error) throw new Error(`${action.partnerAction}: ${action.ast.error}`)
}

// ---------------------------------------------------------------------------------------------
// The actions' `perform`: the argument list of the Sprig SDK call, or undefined when skipped.

function identifyUser(payload) {
  if (!payload || !(payload.userId || payload.anonymousId || payload.traits)) return undefined
  const argument = {}
  if (payload.userId) argument.userId = payload.userId
  if (payload.anonymousId) argument.anonymousId = payload.anonymousId
  const traits = payload.traits ? { ...payload.traits } : {}
  if (traits.email) {
    traits['!email'] = traits.email
    delete traits.email
  }
  if (Object.keys(traits).length > 0) argument.attributes = traits
  return ['identifyAndSetAttributes', argument]
}

function signoutUser() {
  return ['logoutUser']
}

function trackEvent(payload) {
  if (!payload || !payload.name) return undefined
  const argument = { eventName: payload.name }
  if (payload.userId) argument.userId = payload.userId
  if (payload.anonymousId) argument.anonymousId = payload.anonymousId
  if (payload.properties) argument.properties = payload.properties
  return ['identifyAndTrack', argument]
}

function updateUserId(payload) {
  if (!payload || !(payload.userId || payload.anonymousId)) return undefined
  const argument = {}
  if (payload.userId) argument.userId = payload.userId
  if (payload.anonymousId) argument.anonymousId = payload.anonymousId
  return ['identifyAndSetAttributes', argument]
}

const PERFORM = { identifyUser, signoutUser, trackEvent, updateUserId }
for (const action of actions) {
  action.perform = PERFORM[action.partnerAction]
  if (!action.perform) throw new Error(`no perform for ${action.partnerAction}`)
}

// ---------------------------------------------------------------------------------------------
// One event.

function destinationOn(event) {
  const integrations = event.integrations
  if (integrations === null || typeof integrations !== 'object' || Array.isArray(integrations)) return true
  const setting = (key) => (integrations[key] === undefined || integrations[key] === null ? undefined : integrations[key])
  const value = setting('sprig-web') ?? setting('All')
  return value !== false
}

// The calls one event makes. `parseEachTime`: parse each trigger for every event (a runtime that
// keeps only the subscription text does this), or use the trees parsed once.
function calls(bytes, parseEachTime) {
  const event = JSON.parse(bytes.toString('utf8'))
  const made = []
  if (!destinationOn(event)) return made
  for (const action of actions) {
    if (!action.enabled) continue
    const ast = parseEachTime ? parseFql(action.subscribe) : action.ast
    if (!validate(ast, event)) continue
    const call = action.perform(transform(action.mapping, event))
    if (call !== undefined) made.push(call)
  }
  return made
}

// ---------------------------------------------------------------------------------------------
// The same calls as the crate's?

// Keys sorted, so that two objects with the same entries in another order compare equal (the
// crate's maps are sorted by key).
function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted(value[key])]))
  }
  return value
}

const crateCalls = readFileSync(crateCallsFile, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line))
if (crateCalls.length !== events.length) {
  throw new Error(`${crateCalls.length} lines of crate calls for ${events.length} events`)
}
const differences = []
let callCount = 0
events.forEach((bytes, i) => {
  const ours = sorted(calls(bytes, true))
  callCount += ours.length
  if (!isDeepStrictEqual(ours, sorted(crateCalls[i]))) {
    differences.push({ line: i + 1, reference: ours, crate: crateCalls[i] })
  }
})
for (const difference of differences.slice(0, 5)) console.error('differs:', JSON.stringify(difference))

// ---------------------------------------------------------------------------------------------
// Timing.

let sink = 0
function pass(parseEachTime) {
  for (const bytes of events) sink += calls(bytes, parseEachTime).length
}

function medianNs(parseEachTime) {
  const warmUp = process.hrtime.bigint()
  let passes = 0
  while (process.hrtime.bigint() - warmUp < 1_000_000_000n) {
    pass(parseEachTime)
    passes++
  }
  const perRound = Math.max(1, Math.floor(passes / 5))
  const perEvent = []
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < perRound; i++) pass(parseEachTime)
    perEvent.push(Number(process.hrtime.bigint() - start) / (perRound * events.length))
  }
  perEvent.sort((a, b) => a - b)
  return perEvent[Math.floor(perEvent.length / 2)]
}

function medianParseNs() {
  let passes = 0
  const once = () => {
    for (const bytes of events) sink += JSON.parse(bytes.toString('utf8')) ? 1 : 0
  }
  const warmUp = process.hrtime.bigint()
  while (process.hrtime.bigint() - warmUp < 1_000_000_000n) {
    once()
    passes++
  }
  const perRound = Math.max(1, Math.floor(passes / 5))
  const perEvent = []
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < perRound; i++) once()
    perEvent.push(Number(process.hrtime.bigint() - start) / (perRound * events.length))
  }
  perEvent.sort((a, b) => a - b)
  return perEvent[Math.floor(perEvent.length / 2)]
}

const result = {
  events: events.length,
  rounds,
  calls: callCount,
  differences: differences.length,
  parse_each_time: medianNs(true),
  parsed_once: medianNs(false),
  json_parse: medianParseNs(),
  sink: sink > 0,
}
console.log(JSON.stringify(result))
