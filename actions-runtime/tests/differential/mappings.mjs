// Differential test, reference side: random mappings and events, run through the reference's
// own `transform` (@segment/actions-core), one JSON line per case.
//
// usage: node mappings.mjs <npm prefix holding @segment/actions-core> <count> <seed> <out.jsonl>
//
// Each line: {"case": n, "mapping": …, "event": …, "expect": {"value": …} | {"undefined": true}
// | {"error": [message, …]}}. Objects are handed to `transform` with their keys in code-point
// order, which is the order a serde_json map reads them in, so both sides see the same order.

import { createRequire } from 'node:module'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

const [prefix, countArg, seedArg, out] = process.argv.slice(2)
if (!prefix || !countArg || !seedArg || !out) {
  console.error('usage: node mappings.mjs <npm prefix> <count> <seed> <out.jsonl>')
  process.exit(2)
}
const require = createRequire(join(prefix, 'package.json'))
const { transform } = require('@segment/actions-core')

// mulberry32: small, seedable, good enough to spread cases.
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

// ---------------------------------------------------------------------------------------------
// Events: a small vocabulary of keys, so that paths often hit.

const KEYS = ['a', 'b', 'c', 'name', 'email', 'traits', 'properties', 'items', '0', '1', '10', '$',
  '[x] y', 'a.b', '', 'x y', 'Name', 'n', "it's", 'a/b', '9']
const STRINGS = ['', ' ', '0', 'x', 'Hello', 'hello world', 'ÉCOLE', 'straße', 'ΟΔΟΣ', 'İstanbul',
  'a.b.c', 'many+different+things', 'aab-----AaB', '{{a}}', '{{{b}}}', '{"x":1,"a":[1,2]}',
  '[1,2]', '"q"', 'null', 'true', '1e400', '1.0', '-0', '12', ' {"y": {}} ', '{bad json',
  'tRuE', 'ß', 'ǅ', 'ﬀ', 'Ada@Example.COM', '$&', '😀x', 'a\nb', 'caf\u00e9', '\ufeffpad\u0085',
  '100%', 'a,b', '[object Object]']
const NUMBERS = [0, 1, -1, 2, 1.5, 0.1, 10, 1e21, 1e-7, 123456789012345680000, 0.000001, -2.5,
  4294967295, 9007199254740993]

function primitive() {
  switch (int(10)) {
    case 0: return null
    case 1: return random() < 0.5
    case 2: case 3: return pick(NUMBERS)
    default: return pick(STRINGS)
  }
}

function eventValue(depth) {
  const roll = int(10)
  if (depth <= 0 || roll < 5) return primitive()
  if (roll < 7) {
    return Array.from({ length: int(4) }, () => eventValue(depth - 1))
  }
  return eventObject(depth - 1)
}

function eventObject(depth) {
  const obj = {}
  const n = int(5)
  for (let i = 0; i < n; i++) obj[pick(KEYS)] = eventValue(depth)
  return obj
}

function event() {
  if (chance(0.02)) return pick([[], 'text', 5, null, [1, 2]])
  const e = eventObject(3)
  // The common fields mappings read, often present.
  if (chance(0.7)) e.traits = eventObject(2)
  if (chance(0.7)) e.properties = eventObject(2)
  if (chance(0.5)) e.items = Array.from({ length: int(4) }, () => (chance(0.8) ? eventObject(1) : primitive()))
  if (chance(0.5)) e.name = pick(STRINGS)
  if (chance(0.4)) e.a = eventValue(2)
  return e
}

// ---------------------------------------------------------------------------------------------
// Paths and templates.

function segment() {
  return pick(KEYS.filter((k) => k !== '' && !k.includes('.')).concat(['length', '0', '1', 'x']))
}

function path() {
  switch (int(12)) {
    case 0: return pick(['', '.', '$.', '$', 'a..b', 'a[0]]', '[x] y', "['a.b']", 'a.$.b', '$.$.a',
      'items.length', 'name.0', 'name.length', "['']", 'traits[txt]', '$.items[1].name'])
    default: {
      const parts = Array.from({ length: 1 + int(3) }, segment)
      let text = parts[0]
      for (const part of parts.slice(1)) {
        const style = int(6)
        if (style < 3) text += `.${part}`
        else if (style === 3) text += `["${part}"]`
        else if (style === 4) text += `['${part}']`
        else text += /^\d+$/.test(part) ? `[${part}]` : `.${part}`
      }
      return chance(0.6) ? `$.${text}` : text
    }
  }
}

function template() {
  const pieces = Array.from({ length: 1 + int(4) }, () => {
    switch (int(9)) {
      case 0: return pick(['Hi ', '-', ' ', '}', '{', '{x}', '}}', '{{', 'text'])
      case 1: return `{{{${path()}}}}`
      case 2: return pick(['{{}}', '{{ }}', '{{.}}', '{{{{a}}}}', '{{$.name}}', '{{{a}}', '{{a}}}',
        '{{\u00a0name\ufeff}}', '{{\u0085name}}', '{{\u2028name\t}}', "{{it's}}", '{{its}}'])
      case 3: return `{{ ${path()} }}`
      default: return `{{${path().replace(/^\$\./, '')}}}`
    }
  })
  return pieces.join('')
}

// ---------------------------------------------------------------------------------------------
// Mappings.

const FALSY = [0, '', false, null]

function pathDirective() {
  return chance(0.9) ? { '@path': path() } : { '@path': { '@template': pick(['{{a}}', 'name', '$.traits']) } }
}

function valueMapping(depth) {
  return chance(0.6) ? pathDirective() : mapping(depth)
}

function options(entries) {
  const obj = {}
  for (const [k, v] of entries) if (v !== undefined) obj[k] = v
  return obj
}

function directive(depth) {
  const d = depth - 1
  const maybe = (p, f) => (chance(p) ? f() : undefined)
  switch (int(16)) {
    case 0: return chance(0.85) ? { '@path': chance(0.85) ? path() : mapping(d) } : { '@path': pick([5, true, null, {}, []]) }
    case 1: return chance(0.85) ? { '@template': chance(0.9) ? template() : pathDirective() } : { '@template': pick([5, false, {}, null]) }
    case 2: return { '@literal': mapping(d) }
    case 3: {
      const cond = chance(0.8) ? pathDirective() : pick([...FALSY, 1, 'x', [], {}])
      return {
        '@if': chance(0.95)
          ? options([
            [chance(0.6) ? 'exists' : 'blank', cond],
            ...(chance(0.1) ? [['blank', pathDirective()]] : []),
            ['then', maybe(0.8, () => mapping(d))],
            ['else', maybe(0.7, () => (chance(0.3) ? pick(FALSY) : mapping(d)))]
          ])
          : pick(['x', 3, []])
      }
    }
    case 4:
      return {
        '@case': chance(0.95)
          ? options([
            ['operator', maybe(0.9, () => pick(['lower', 'upper', 'lower', 'upper', 'LOWER', 'title', 1, '']))],
            ['value', maybe(0.95, () => (chance(0.8) ? pathDirective() : pick(['MiXeD', '', 'ß', 3, false])))]
          ])
          : 'nope'
      }
    case 5:
      return {
        '@replace': options([
          ['pattern', maybe(0.95, () => pick(['+', '.', 'a', 'A', 'e', 'ß', 'é', '$', ' ', 'ab', 'l', 'O', 'toolongpattern!', '', '0', 'true', '[', '\\', 'σ', 'Σ']))],
          ['replacement', maybe(0.8, () => pick(['', '_', 'x', '$&', '[$&]', '$`', "$'", '$$', '$1', '$0', '$<n>', 'waytoolongreplacement', null]))],
          ['pattern2', maybe(0.3, () => pick(['x', 'o', '_', 'thisistoolong', '', 'e']))],
          ['replacement2', maybe(0.3, () => pick(['', 'Y', '$&$&', 'longerthanten!', 5]))],
          ['value', maybe(0.95, () => (chance(0.8) ? pathDirective() : pick(['abc', true, 12, 0, '', null])))],
          ['ignorecase', maybe(0.4, () => pick([true, false, 'yes', null]))],
          ['global', maybe(0.4, () => pick([true, false, 1, null]))]
        ])
      }
    case 6: {
      if (chance(0.05)) return { '@arrayPath': pick(['items', 5, {}]) }
      const shape = pick([
        () => undefined,
        () => ({}),
        () => options([['id', { '@path': pick(['$.name', 'a', '$.0', '$.', '', 'length']) }], ['n', maybe(0.5, () => mapping(d))]]),
        () => ({ '@path': '$.a' }),
        () => 'shape'
      ])()
      const first = chance(0.8) ? path() : pick([pathDirective(), 5, null, { '@literal': [{ a: 1 }, 2] }])
      return { '@arrayPath': shape === undefined ? [first] : [first, shape] }
    }
    case 7:
      return {
        '@json': options([
          ['mode', maybe(0.95, () => pick(['encode', 'decode', 'encode', 'decode', 'ENCODE', 'oops', 1]))],
          ['value', maybe(0.95, () => (chance(0.8) ? valueMapping(d) : pick([...FALSY, '{"x":1}', 'plain', 5])))]
        ])
      }
    case 8:
      return {
        '@flatten': options([
          ['value', maybe(0.95, () => valueMapping(d))],
          ['separator', maybe(0.9, () => pick(['.', '_', '/', '.', '', 3, { '@literal': '-' }]))],
          ['omitArrays', maybe(0.4, () => pick([true, false, 1, 0, 'yes']))]
        ])
      }
    case 9:
      return {
        '@merge': options([
          ['objects', maybe(0.95, () => (chance(0.9)
            ? Array.from({ length: int(4) }, () => pick([() => mapping(d), pathDirective, () => ({ '@literal': pick(['ab', [1, 2], null, 7]) }), () => pick([3, null, 'str', []])])())
            : pick([{ a: 1 }, 'ab', 0])))],
          ['direction', maybe(0.9, () => pick(['left', 'right', 'left', 'right', 'LEFT', 'up', '']))]
        ])
      }
    case 10: {
      const apply = chance(0.9) ? plainObject(d) : pick([[], 'x', null, { '@path': 'traits' }])
      if (chance(0.1) && apply && typeof apply === 'object' && !Array.isArray(apply)) {
        apply.__segment_internal_directive = pick([{ '@path': 'x' }, { '@literal': { k: 1 } }, 'x', null])
      }
      return {
        '@transform': options([
          ['apply', maybe(0.95, () => apply)],
          ['mapping', maybe(0.95, () => (chance(0.8) ? plainObject(d) : pick([pathDirective(), 'm', 0])))]
        ])
      }
    }
    case 11: return { '@excludeWhenNull': valueMapping(d) }
    case 12: return pick([{ '@oops': 1 }, { '@path': 'a', '@template': 'b' }, { '@path': 'a', extra: 1 },
      { '@template': '{{name}}', _metadata: { label: 'x' } }, { '@': 1 }])
    case 13: return chance(0.03) ? { '@liquid': '{{ name }}' } : pathDirective()
    default: return pathDirective()
  }
}

function plainObject(depth) {
  const obj = {}
  const n = 1 + int(3)
  for (let i = 0; i < n; i++) obj[pick(['x', 'y', 'name', 'traits', 'properties', 'a', '0', '10', 'nested'])] = mapping(depth)
  return obj
}

function mapping(depth) {
  const roll = int(10)
  if (depth <= 0 || roll < 2) return chance(0.5) ? primitive() : pathDirective()
  if (roll < 7) return directive(depth)
  if (roll < 9) return plainObject(depth - 1)
  return Array.from({ length: int(3) }, () => mapping(depth - 1))
}

function rootMapping() {
  const roll = int(40)
  if (roll === 0) return pick([['a', { '@path': 'name' }], 'neat', 12, null, true])
  if (roll === 1) {
    return options([
      ['__segment_internal_directive', pick([
        () => ({ '@transform': { apply: plainObject(1) } }),
        () => ({ '@transform': { apply: plainObject(1), mapping: { old: 1 } } }),
        () => ({ '@path': 'x' }),
        () => [{ '@transform': { apply: plainObject(1) } }],
        () => 'x', () => null, () => ({ a: {}, b: {} })
      ])()],
      ['properties', mapping(2)],
      ['topLevel', maybe2(() => mapping(2))]
    ])
  }
  if (roll < 8) return directive(4)
  return plainObject(4)
}
function maybe2(f) { return chance(0.5) ? f() : undefined }

// ---------------------------------------------------------------------------------------------
// Key order: sort every object's keys by code point, as a serde_json map holds them.

function utf8Order(a, b) {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical)
  if (value !== null && typeof value === 'object') {
    const out = {}
    for (const k of Object.keys(value).sort(utf8Order)) out[k] = canonical(value[k])
    return out
  }
  return value
}

// Rust strings cannot hold half a surrogate pair; the crate puts U+FFFD where the reference
// makes one (a string's index, a string spread into keys). The expectation gets the same, and
// the case says so, so that the comparison can count it as that known difference.
// `@json` encode writes such a half as an escape (`\ud83d`), which becomes U+FFFD too.
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
const LONE_ESCAPED = /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/g
function scrub(value, found) {
  if (typeof value === 'string') {
    const clean = value.replace(LONE, '\ufffd').replace(LONE_ESCAPED, '\ufffd')
    if (clean !== value) found.lone = true
    return clean
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, found))
  if (value !== null && typeof value === 'object') {
    const out = {}
    for (const [k, v] of Object.entries(value)) out[scrub(k, found)] = scrub(v, found)
    return out
  }
  return value
}

function run(mappingValue, eventValue) {
  // A fresh copy each time: the reference writes defaults and the root's `mapping` into it.
  const m = JSON.parse(JSON.stringify(mappingValue))
  const e = JSON.parse(JSON.stringify(eventValue))
  try {
    const result = transform(m, e)
    return result === undefined ? { undefined: true } : { value: result }
  } catch (err) {
    const errors = typeof err[Symbol.iterator] === 'function' ? [...err] : [err]
    return { error: errors.map((x) => String(x && x.message)) }
  }
}

// Most mappings are drawn again (a few times) when the reference refuses them at validation,
// so that most cases get as far as resolving; the rest stay as drawn.
function drawMapping() {
  const tries = chance(0.6) ? 5 : 1
  let m
  for (let t = 0; t < tries; t++) {
    m = canonical(rootMapping())
    const probe = run(m, {})
    if (!probe.error || !probe.error[0].startsWith('/')) break
  }
  return m
}

const count = Number(countArg)
const lines = []
for (let i = 0; i < count; i++) {
  const m = drawMapping()
  for (let j = 0; j < 2; j++) {
    const e = canonical(event())
    const found = {}
    const expect = scrub(JSON.parse(JSON.stringify(run(m, e))), found)
    lines.push(JSON.stringify({ case: i, mapping: m, event: e, expect, ...(found.lone ? { loneSurrogate: true } : {}) }))
  }
}
writeFileSync(out, lines.join('\n') + '\n')
console.log(`wrote ${lines.length} cases (${count} mappings × 2 events, seed ${seedArg}) to ${out}`)
