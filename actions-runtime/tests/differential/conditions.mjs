// Differential test, reference side: random trigger conditions and events, run through
// Segment's own `@segment/destination-subscriptions` (parseFql, validate, generateFql).
//
// Usage: node conditions.mjs <count> <seed> <output.jsonl>   (run by conditions.sh)
//
// Writes one JSON line of events first ({"events": [...]}), then one line per condition:
// {"text", "ok", "results": [[eventIndex, true | false | "throw", insideMethod?], ...],
//  "generated": text | null, "generateThrows": bool}
// `insideMethod` is set when a path lookup, in the reference's own runtime, looked up a key on
// a function (a built-in method such as `constructor`), which the crate does not model.

import { createRequire } from 'node:module'
import { writeFileSync } from 'node:fs'

const require = createRequire(process.env.SUBSCRIPTIONS_PREFIX + '/')
const { parseFql, validate, generateFql } = require('@segment/destination-subscriptions')

const [count, seed, output] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]]
if (!Number.isInteger(count) || !Number.isInteger(seed) || !output) {
  console.error('usage: node conditions.mjs <count> <seed> <output.jsonl>')
  process.exit(2)
}

// mulberry32: small, seeded, good enough to spread choices.
let state = seed >>> 0
function random() {
  state = (state + 0x6d2b79f5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const int = (n) => Math.floor(random() * n)
const pick = (list) => list[int(list.length)]
const chance = (p) => random() < p
// Weighted choice: [[weight, value or thunk], ...]
function weighted(options) {
  const total = options.reduce((sum, [w]) => sum + w, 0)
  let r = random() * total
  for (const [w, v] of options) {
    r -= w
    if (r < 0) return typeof v === 'function' ? v() : v
  }
  const last = options[options.length - 1][1]
  return typeof last === 'function' ? last() : last
}

// ---------------------------------------------------------------------------------------------
// Conditions.

const KEYS = ['a', 'b', 'x', 'price', 'total', 'items', 'name', 'plan', 'email', 'tags', 'nested', 'flag', 'count']
const ODD_KEYS = ['0', '1', '01', 'length', 'constructor', 'toString', '__proto__', 'valueOf', 'push', 'or', 'and', 'null',
  'true', 'e5', '-x', '_y', 'a-b', 'key with space', 'dot.key', 'ünï', '日本', 'Nike']
const WORDS = ['Order', 'Completed', 'Signed', 'Out', 'track', 'identify', 'page', 'Nike', 'abc', 'an', 'ax', 'nul', 'n',
  'a', 'o', 'ox', 'true', 'false', 'null', 'NaN', 'Infinity', 'AND', 'OR', 'Null', 'eos', 'x1', '_u', 'e5']
const TEXTS = ['', 'track', 'identify', 'page', 'screen', 'group', 'alias', 'Order Completed', 'Signed Out', 'Signed',
  'Nike', 'Nike Air', 'abc', 'bc', 'b', 'X', 'Xyz', 'true', 'false', 'null', '123', '10', '5', '0', '-1', '1.5', ' 12 ',
  '0x1F', '1e3', 'Infinity', 'é', '😀', '😀x', 'x😀', 'a*b', '*', '**', "it's", 'u1', 'pro', 'a.b', 'eos', ' ']

function escapeChar(c) {
  return '\\' + c
}

// A path segment as written after `properties.`: plain, escaped, odd.
function segment() {
  return weighted([
    [10, () => pick(KEYS)],
    [3, () => pick(ODD_KEYS).replace(/[^A-Za-z0-9_-]/gu, escapeChar)],
    [2, () => pick(ODD_KEYS)], // raw: numbers and keywords break the path, spaces end the word
    [1, () => escapeChar(pick(['0', '1', 'é', '[', ']', '.', ' ', '"', '*', 'a']))],
    [1, () => pick(KEYS) + escapeChar('[') + pick(['0', '1', '2']) + escapeChar(']')],
    [1, () => pick(KEYS) + '\\.' + pick(KEYS)],
  ])
}

function path(root) {
  const parts = [root]
  const n = weighted([[2, 0], [10, 1], [5, 2], [2, 3]])
  for (let i = 0; i < n; i++) parts.push(segment())
  return parts.join('.')
}

function field() {
  return weighted([
    [6, 'type'],
    [6, 'event'],
    [3, 'name'],
    [4, 'userId'],
    [10, () => path('properties')],
    [5, () => path('traits')],
    [4, () => path('context')],
    [1, () => pick(['type.x', 'event.name', 'userId.a', 'name.b'])],
    [1, () => pick(['anonymousId', 'messageId', 'Type', 'groupId', 'Event', 'foo'])],
    [1, () => pick(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'propertiesX', 'traitsY', 'contextual'])],
    [1, () => pick(['properties', 'traits', 'context', '\\type', 'ev\\ent', 'properties\\.a'])],
  ])
}

function quoted(text, quote = '"') {
  // No escapes exist: a quote of the same kind inside ends the string, which is part of the fun.
  return quote + text + quote
}

function number() {
  return weighted([
    [6, () => String(int(200) - 50)],
    [2, () => (random() * 200 - 50).toFixed(int(3))],
    [3, () => pick(['007', '+1', '-', '+', '-0', '0', '10', '100', '1.5', '-1.5', '-.5', '1.x', '1e5', '00.50', '5.0',
      '100000000000000000000000', '0.0000001', '9007199254740993', '123'])],
    [1, () => pick(['10.', '1.2.3', '1..2'])], // lexer errors
  ])
}

function value() {
  return weighted([
    [12, () => quoted(pick(TEXTS))],
    [2, () => quoted(pick(TEXTS), "'")],
    [8, number],
    [4, () => pick(['true', 'false', 'null'])],
    [3, () => pick(WORDS)],
    [1, () => pick(['Signed Out', 'Order Completed'])],
    [1, () => pick(['', '(', ')', ',', '.', '=', '!=', 'and', 'or', '\\null', 'nul\\l', '\\true', '"a"b', '"x"or', "'a''b'"])],
  ])
}

function operator() {
  return weighted([
    [12, '='],
    [8, '!='],
    [3, () => pick(['<', '<=', '>', '>='])],
    [1, () => pick(['contains', 'exists', 'not_exists', 'starts_with', 'ends_with', 'is_true', 'number_equals', 'is', 'equals',
      '==', '!', '=!', '"="', '5'])],
  ])
}

function space() {
  return weighted([[20, ' '], [2, ''], [1, '  '], [1, '\t'], [1, '\n'], [0.2, '\r']])
}

function infix() {
  const glue = weighted([[12, 'spaced'], [1, 'tight-left'], [1, 'tight-right'], [1, 'tight']])
  const [l, r] = {
    spaced: [space() || ' ', space() || ' '],
    'tight-left': ['', ' '],
    'tight-right': [' ', ''],
    tight: ['', ''],
  }[glue]
  if (chance(0.03)) return field() // no operator or value
  if (chance(0.03)) return field() + ' ' + operator() // no value
  return field() + l + operator() + r + value()
}

function pattern() {
  const text = pick(TEXTS)
  return weighted([
    [4, () => quoted(text + '*')],
    [4, () => quoted('*' + text)],
    [3, () => quoted(text)],
    [1, () => quoted('*' + text + '*')],
    [1, () => quoted(text, "'")],
    [1, () => quoted(text + '*', "'")],
    [1, () => pick(WORDS)],
    [1, number],
    [0.5, () => pick(['\\*\\"', '"😀bc"', '"😀"', '"*😀"', '""', '"*"'])],
  ])
}

function functionClause() {
  const name = weighted([[5, 'contains'], [5, 'match'], [0.3, '\\contains']])
  const arg = weighted([[10, field], [1, () => quoted('event')], [1, number], [0.5, () => pick(['', 'type'])]])
  const val = name.includes('match') ? pattern() : weighted([[10, value], [1, () => quoted(pick(TEXTS), "'")]])
  const neg = chance(0.3) ? '!' : ''
  const form = weighted([
    [20, () => `${neg}${name}(${arg},${space()}${val})`],
    [1, () => `${neg}${name}(${arg}, ${val}`], // no `)`
    [1, () => `${neg}${name}(${arg},`],
    [1, () => `${neg}${name}(${arg}`],
    [0.5, () => `${neg}${name}`],
    [0.5, () => `${neg}${name} ${arg} , ${val} )`],
  ])
  return form
}

function clause(depth) {
  return weighted([
    [14, infix],
    [6, functionClause],
    [depth < 2 ? 3 : 0.3, () => '(' + space() + condition(depth + 1) + space() + ')'],
    [1, () => '!' + pick(['(', '']) + infix() + (chance(0.5) ? ')' : '')],
    [0.3, () => '()'],
    [0.3, () => pick(['(', ')', '((', '))', ',', '.', '[', ']'])],
    [0.2, () => pick(['*', '$', '@', '#', '&', '|', 'é', '&&', '||'])],
  ])
}

function conditional() {
  return weighted([[10, 'and'], [10, 'or'], [0.5, () => pick(['AND', 'OR', '&&', '', 'and and', 'or or', 'And'])]])
}

function condition(depth = 0) {
  const n = weighted([[8, 1], [8, 2], [5, 3], [2, 4], [1, 6]])
  const mix = chance(0.5) ? 'same' : 'mixed'
  let c = conditional()
  let text = clause(depth)
  for (let i = 1; i < n; i++) {
    if (mix === 'mixed') c = conditional()
    text += ' ' + c + ' ' + clause(depth)
  }
  if (chance(0.03)) text = conditional() + ' ' + text
  if (chance(0.03)) text = text + ' ' + conditional()
  return text
}

// ---------------------------------------------------------------------------------------------
// Events.

function jsonValue(depth) {
  return weighted([
    [8, () => pick(TEXTS)],
    [5, () => int(40) - 10],
    [2, () => Number((random() * 200 - 50).toFixed(int(4)))],
    [1, () => pick([0, -0, 0.1, 1e21, 1e-7, 9007199254740993, 100, 10, 5, 123, 1.5, -1.5, 2 ** 53])],
    [3, () => chance(0.5)],
    [2, null],
    [depth < 3 ? 2 : 0, () => Array.from({ length: int(4) }, () => jsonValue(depth + 1))],
    [depth < 3 ? 3 : 0, () => object(depth + 1)],
  ])
}

// Objects are built as [key, value] lists and written as JSON text by hand, so a key such as
// `__proto__` is an ordinary key, as JSON.parse (and serde_json) read it.
function object(depth) {
  const entries = []
  const n = int(6)
  for (let i = 0; i < n; i++) {
    const key = weighted([[10, () => pick(KEYS)], [3, () => pick(ODD_KEYS)], [1, () => pick(['', 'a.b', '[0]', '__proto__'])]])
    if (!entries.some(([k]) => k === key)) entries.push([key, jsonValue(depth)])
  }
  return { entries }
}

function toJson(v) {
  if (v && typeof v === 'object' && Array.isArray(v.entries)) {
    return '{' + v.entries.map(([k, x]) => JSON.stringify(k) + ':' + toJson(x)).join(',') + '}'
  }
  if (Array.isArray(v)) return '[' + v.map(toJson).join(',') + ']'
  return JSON.stringify(v)
}

function event() {
  const entries = []
  const put = (key, p, make) => {
    if (chance(p)) entries.push([key, make()])
  }
  put('type', 0.9, () => weighted([[10, () => pick(['track', 'identify', 'page', 'screen', 'group', 'alias'])], [1, () => jsonValue(2)]]))
  put('event', 0.6, () => weighted([[10, () => pick(TEXTS)], [2, () => jsonValue(2)]]))
  put('name', 0.4, () => weighted([[10, () => pick(TEXTS)], [2, () => jsonValue(2)]]))
  put('userId', 0.6, () => weighted([[10, () => pick(TEXTS)], [2, () => int(200)], [2, () => jsonValue(2)]]))
  put('anonymousId', 0.3, () => pick(TEXTS))
  for (const key of ['properties', 'traits', 'context']) {
    put(key, 0.75, () => weighted([[12, () => object(0)], [1, () => jsonValue(2)]]))
  }
  return { entries }
}

// ---------------------------------------------------------------------------------------------
// Running the reference.

// Whether the reference's `get` looks a key up on a function somewhere in this condition for
// this event (the crate models built-in methods as values that exist, not what is inside them).
function looksInsideMethod(node, data) {
  if (!node) return false
  if (node.type === 'group') return node.children.some((child) => looksInsideMethod(child, data))
  const root = { 'event-property': 'properties', 'event-trait': 'traits', 'event-context': 'context' }[node.type]
  if (!root || !node.name) return false
  const keys = node.name.match(/([^[.\]])+/g)
  if (!keys) return false
  let value = data[root]
  for (const key of keys) {
    if (!value) return false
    if (typeof value === 'function') return true
    try {
      value = value[key]
    } catch {
      return true
    }
  }
  return false
}

const EVENTS = 300
const PER_CONDITION = 8
const events = Array.from({ length: EVENTS }, () => toJson(event()))
const parsedEvents = events.map((text) => JSON.parse(text))

const lines = [JSON.stringify({ events: parsedEvents, seed, count })]
let parsedOk = 0
let evaluations = 0
for (let i = 0; i < count; i++) {
  const text = condition()
  const ast = parseFql(text)
  const ok = !ast.error
  const record = { text, ok }
  if (ok) {
    parsedOk++
    record.results = []
    for (let j = 0; j < PER_CONDITION; j++) {
      const index = int(EVENTS)
      const data = parsedEvents[index]
      let result
      try {
        result = validate(ast, data)
      } catch {
        result = 'throw'
      }
      const inside = looksInsideMethod(ast, data)
      record.results.push(inside ? [index, result, true] : [index, result])
      evaluations++
    }
    try {
      record.generated = generateFql(ast).toWellFormed()
      record.generateThrows = false
    } catch {
      record.generated = null
      record.generateThrows = true
    }
  }
  lines.push(JSON.stringify(record))
}
writeFileSync(output, lines.join('\n') + '\n')
console.error(`conditions: ${count}, parsed: ${parsedOk}, events: ${EVENTS}, evaluations: ${evaluations}`)
