// Checks the mapping fixtures against the reference itself: every row of
// fixtures/mappings/*.json (of the actions-runtime crate) is run through @segment/actions-core's `transform`
// (objects' keys in code-point order, as the crate's serde_json maps hold them).
//
// usage: node mappings.fixtures.mjs <npm prefix holding @segment/actions-core> <fixtures dir>

import { createRequire } from 'node:module'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'

const [prefix, dir] = process.argv.slice(2)
if (!prefix || !dir) {
  console.error('usage: node mappings.fixtures.mjs <npm prefix> <fixtures dir>')
  process.exit(2)
}
const { transform } = createRequire(join(prefix, 'package.json'))('@segment/actions-core')

const byCodePoint = (a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical)
  if (value !== null && typeof value === 'object') {
    const out = {}
    for (const k of Object.keys(value).sort(byCodePoint)) out[k] = canonical(value[k])
    return out
  }
  return value
}

function run(row) {
  try {
    const args = [canonical(row.mapping)]
    if ('event' in row) args.push(canonical(row.event))
    const result = transform(...args)
    return result === undefined ? { undefined: true } : { value: JSON.parse(JSON.stringify(result)) }
  } catch (err) {
    const errors = typeof err[Symbol.iterator] === 'function' ? [...err] : [err]
    return { error: errors.map((e) => e.message) }
  }
}

let checked = 0
let skipped = 0
const wrong = []
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  for (const row of JSON.parse(readFileSync(join(dir, file), 'utf8'))) {
    if ('unsupported' in row) {
      skipped++
      continue
    }
    const got = run(row)
    let ok
    if (row.valid) ok = !(got.error && got.error[0].startsWith('/'))
    else if ('error' in row) ok = isDeepStrictEqual(got.error, row.error)
    else if (row.undefined) ok = got.undefined === true
    else ok = 'value' in got && isDeepStrictEqual(got.value, row.expected)
    checked++
    if (!ok) wrong.push(`${file}: ${row.name}: reference gives ${JSON.stringify(got)}`)
  }
}
for (const line of wrong) console.log(line)
console.log(`fixtures: ${checked} rows checked against the reference, ${wrong.length} differ; ${skipped} @liquid rows not run`)
process.exit(wrong.length ? 1 : 0)
