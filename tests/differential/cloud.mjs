// Differential test, reference side: source events through Segment's "Sprig Cloud (Actions)"
// (`@segment/action-destinations`, run by `@segment/actions-core`'s `Destination.onEvent` with
// the destination's presets), the requests captured with nock. One JSON line per event.
//
// usage: node cloud.mjs <npm prefix> <count> <seed> <out.jsonl> [fixtures dir]
//
// Each line: {"case": n, "event": "<event JSON text>", "bodies": ["<body>", …],
// "auth": ["<authorization header>", …], "error": "<message>" | null}. With a fixtures
// folder, each `<name>.json` event is checked first against its `<name>.expect.json`
// (`texts`, where a fixture has them, are the bodies' exact bytes)
// (`{"bodies": [...], ...}`), and the script fails on the first that differs.
// Objects are written with their keys in a random order (a duplicate keeps its first place and
// its last value, as JSON.parse does), so the bodies' key order is tested too.

import { createRequire } from 'node:module'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const [prefix, countArg, seedArg, out, fixtures] = process.argv.slice(2)
if (!prefix || !countArg || !seedArg || !out) {
  console.error('usage: node cloud.mjs <npm prefix> <count> <seed> <out.jsonl> [fixtures dir]')
  process.exit(2)
}
if (process.env.TZ !== 'UTC') {
  console.error('cloud.mjs: run with TZ=UTC (dates without an offset are local time)')
  process.exit(2)
}
const require = createRequire(join(prefix, 'package.json'))
const nock = require('nock')
const { Destination } = require('@segment/actions-core')
const definition = require('@segment/action-destinations/dist/destinations/sprig').default
const destination = new Destination(definition)

const captured = []
nock.disableNetConnect()
nock('https://api.sprig.com')
  .persist()
  .post('/v2/users')
  .reply(202, function (_uri, body) {
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    captured.push({ body: text, auth: String(this.req.headers.authorization) })
    return {}
  })

async function run(event) {
  captured.length = 0
  let error = null
  try {
    await destination.onEvent(event, { apiKey: 'k', subscriptions: definition.presets })
  } catch (e) {
    error = String(e && e.message)
  }
  return { bodies: captured.map((c) => c.body), auth: captured.map((c) => c.auth), error }
}

// mulberry32: small, seedable.
function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const random = rng(Number(seedArg))
const int = (n) => Math.floor(random() * n)
const pick = (list) => list[int(list.length)]
const chance = (p) => random() < p

// An object with these entries, keys in a random order (`__proto__` as an own key).
function object(entries) {
  const o = {}
  const shuffled = [...new Map(entries)]
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = int(i + 1)
    ;[shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]]
  }
  for (const [k, v] of shuffled) {
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true })
  }
  return o
}

const KEYS = ['a', 'b', 'plan', 'email', 'name', 'a.b', 'b.c', 'enabledProducts', 'surveys', '1',
  '10', '2', '', ' ', 'x y', 'constructor', 'prototype', 'isPrototypeOf', '__proto__', 'É']
const STRINGS = ['', ' ', 'x', 'Pro', 'ada@example.com', 'a'.repeat(256), 'ünïcødé 🎉', 'a\nb',
  '"q"', 'null', 'true', '0', '12', '2024-10-30']
const NUMBERS = [0, 1, -1, 42, 1.5, 0.1, 1e21, 1e-7, 2 ** 53, 123456789012345680000, -2.5, 2.5e-6, 1e20, -0.000001]

function primitive() {
  switch (int(8)) {
    case 0: return null
    case 1: return chance(0.5)
    case 2: case 3: return pick(NUMBERS)
    default: return pick(STRINGS)
  }
}

function value(depth) {
  const roll = int(10)
  if (depth <= 0 || roll < 5) return primitive()
  if (roll < 7) return Array.from({ length: int(3) }, () => value(depth - 1))
  return traitsObject(depth - 1)
}

function traitsObject(depth) {
  const entries = []
  const n = int(5)
  for (let i = 0; i < n; i++) entries.push([pick(KEYS), value(depth)])
  if (chance(0.05)) entries.push(['constructor', object([['prototype', object([['isPrototypeOf', 1]])]])])
  return object(entries)
}

function id() {
  switch (int(14)) {
    case 0: return undefined
    case 1: return null
    case 2: return ''
    case 3: return pick(NUMBERS)
    case 4: return chance(0.5)
    case 5: return [pick(['u1', 'u2', 7])]
    case 6: return ['u1', 'u2']
    case 7: return object([['id', 'u1']])
    case 8: return 'a'.repeat(256)
    default: return pick(['u1', 'u2', '1234', 'ada@example.com', 'ü'])
  }
}

function name() {
  switch (int(12)) {
    case 0: return undefined
    case 1: return null
    case 2: return ''
    case 3: return pick(NUMBERS)
    case 4: return true
    case 5: return ['Wrapped']
    case 6: return object([['x', 1]])
    case 7: return 'Signed Out'
    default: return pick(['Report Exported', 'Order Completed', 'Home', 'e'.repeat(300), 'ü 🎉'])
  }
}

const TIMES = [
  '2024-10-30T04:48:18.620Z', '2024-10-30T04:48:18Z', '2024-10-30T04:48:18.620+0000',
  '2024-10-30T04:48:18+01:00', '2024-10-30T04:48:18.6204-05:30', '2024-10-30', '2024-10',
  '2024', '2024-10-30T04:48:18', '2024-10-30 04:48:18', '2024-10-30T24:00:00Z',
  '2024-02-31', '+002024-10-30T00:00:00Z', '-000001-01-01T00:00:00Z', '1730263698620',
  '1730263698', '0', '12', '-1', 'Wed, 30 Oct 2024 04:48:18 GMT',
  'Wed Oct 30 2024 05:48:18 GMT+0100 (Central European Standard Time)', '10/30/2024',
  '10/30/2024 4:48 PM', 'Oct 30, 2024', '30 Oct 2024 04:48 EST', 'October 30 2024 12:00 UTC',
  'not a date', '', ' ', 'T', '2024-13-01', '2024-10-30T25:00:00Z', '12:30', 'null', '1e3',
  '2024-10-30T04:48:18.620Zjunk', '  2024-10-30T04:48:18Z', '2024/10/30', '30.10.2024',
]
function time() {
  switch (int(12)) {
    case 0: return undefined
    case 1: return null
    case 2: return pick([1730263698620, 1730263698, 0, 12, 1.5, -1])
    case 3: return object([['t', 1]])
    case 4: return [pick(TIMES)]
    case 5: return true
    default: return pick(TIMES)
  }
}

function event() {
  if (chance(0.01)) return pick([[], 'text', 5, null])
  const type = chance(0.03) ? pick([undefined, 'Track', 5, 'bogus']) :
    pick(['track', 'track', 'track', 'identify', 'identify', 'identify', 'screen', 'screen', 'page', 'group', 'alias'])
  const entries = []
  const put = (k, v) => { if (v !== undefined) entries.push([k, v]) }
  put('type', type)
  put('userId', id())
  if (chance(0.5)) put('anonymousId', pick(['a1', 5, null]))
  put('event', type === 'track' || chance(0.1) ? name() : undefined)
  put('name', type === 'screen' || type === 'page' || chance(0.1) ? name() : undefined)
  put('timestamp', time())
  if (chance(0.3)) put('originalTimestamp', time())
  if (chance(0.3)) put('receivedAt', '2024-10-30T04:48:19.000Z')
  if (type === 'identify' || chance(0.2)) {
    put('traits', chance(0.9) ? traitsObject(3) : pick(['str', 5, [1], null]))
  }
  if (chance(0.3)) put('context', object([['traits', traitsObject(2)]]))
  if (chance(0.3)) put('properties', traitsObject(2))
  if (chance(0.1)) put('integrations', object([['All', false]]))
  return object(entries)
}

let failures = 0
if (fixtures) {
  for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.json') && !f.endsWith('.expect.json')).sort()) {
    const text = readFileSync(join(fixtures, file), 'utf8')
    const expect = JSON.parse(readFileSync(join(fixtures, file.replace(/\.json$/, '.expect.json')), 'utf8'))
    const got = await run(JSON.parse(text))
    const bodies = got.bodies.map((b) => JSON.parse(b))
    const same = JSON.stringify(bodies) === JSON.stringify(expect.bodies) &&
      (expect.texts === undefined || JSON.stringify(got.bodies) === JSON.stringify(expect.texts)) &&
      (expect.refused === undefined || expect.refused === got.error)
    if (!same) {
      failures++
      console.error(`fixture ${file}: the reference sends ${JSON.stringify(bodies)} (error ${got.error}), the fixture says ${JSON.stringify(expect)}`)
    }
  }
  if (failures > 0) process.exit(1)
  console.error(`cloud.mjs: every fixture agrees with the reference`)
}

const lines = []
for (let n = 0; n < Number(countArg); n++) {
  const text = JSON.stringify(event())
  const got = await run(JSON.parse(text))
  lines.push(JSON.stringify({ case: n, event: text, ...got }))
}
writeFileSync(out, lines.join('\n') + '\n')
console.error(`cloud.mjs: ${lines.length} events recorded`)
