// Writes benches/small_webhooks.jsonl: short Sprig webhook bodies (150–700 bytes, the Test
// ping excepted: Sprig's fixed ping is 93 bytes), one per line, for the `small_webhook_mix` of
// `cargo bench --bench parse`.
//
//   node benches/small_webhooks.mjs > benches/small_webhooks.jsonl
//
// Deterministic (a seeded generator), so the file only changes when this script does. The web
// SDK's answers with a desktop user agent run 850–1,300 bytes and are in fixtures/webhooks/;
// these are the short ones: mobile SDKs (an app's own short user agent), link studies (no
// browser), senders that leave most optional fields out, and web answers whose user agent
// came through null or empty. Mostly Answer Submitted, one answer each, over every question
// type the crate knows (and one it does not), skipped answers included, plus the other kinds
// and the Test ping, with the wire's quirks: JSON sent as strings, numbers as strings, nulls,
// uppercase question types, and keys no documentation lists.

// mulberry32, seeded: small and good enough to spread the choices.
let state = 20250601
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
const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('')
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`

// Times: a spread over 2024–2026, `createdAt` a little before `timestamp`.
function times() {
  const ms = 1704067200000 + int(2 * 365 * 24 * 3600) * 1000 + int(1000)
  return { ms, iso: new Date(ms - 120 - int(200)).toISOString() }
}

// ---------------------------------------------------------------------------------------------
// The products the answers come from, each with its studies' questions by type.

const PRODUCTS = [
  {
    env: 'Xk2mQw9Lp', name: 'Ledgerly Web', id: 20871, user: () => `usr_${hex(6)}`,
    events: ['invoice_sent', 'bill_approved', 'reports_export_clicked', 'bank_sync_failed'],
    attributes: () => ({ plan: pick(['Starter', 'Growth', 'Enterprise']), role: pick(['owner', 'cfo', 'bookkeeper']) }),
    path: () => pick(['/invoices', '/bills/approvals', '/reports/pnl', '/banking']),
    host: 'https://app.ledgerly.com',
  },
  {
    env: 'Pw3eZk7Hd', name: 'PulseTrack', id: 22519, user: () => `pt_${40000 + int(9999)}`,
    events: ['workout_logged', 'plan_created', 'workout_completed'],
    attributes: () => ({ subscription: pick(['trial', 'annual', 'monthly']) }),
    path: () => pick(['/log', '/plans/new', '/runs']),
    host: 'https://app.pulsetrack.fit',
  },
  {
    env: 'Hq4rT7uYe', name: 'Wayfare', id: 31405, user: () => String(1100000 + int(300000)),
    events: ['trip_booked', 'hotel_added_to_trip', 'signup_completed', 'trip_ended'],
    attributes: () => ({ membership: pick(['free', 'plus']) }),
    path: () => pick(['/welcome', '/trips', '/stays/search']),
    host: 'https://www.wayfare.travel',
  },
  {
    env: 'Mv6cN2bRs', name: 'Roadcrest', id: 19044, user: () => `RC-${550000 + int(20000)}`,
    events: ['exit_rental_booking', 'rental_returned', 'pickup_completed'],
    attributes: () => ({ plan: pick(['Basic', 'Enterprise']) }),
    path: () => pick(['/rentals/search', '/returns', '/account']),
    host: 'https://book.roadcrest.com',
  },
]

const ROWS = ['Pickup', 'Vehicle', 'Return', 'Invoicing', 'Payroll', 'Support']
const RATINGS = ['Poor', 'Fair', 'Good', 'Excellent']
const FEATURES = ['Weekly plan', 'Heart-rate zones', 'Recovery score', 'Offline maps', 'Price alerts']

// Per question type: [question, () => [response as JSON, selectedIndexes or undefined]].
// A response of `undefined` leaves the key out.
const str = (value) => JSON.stringify(value)
const TYPES = {
  open: [
    'What is the one thing we could improve?',
    () => [pick(['Export keeps timing out on big ranges.', 'Love it!', 'n/a', '{"not": "json, just text"}', '42',
      'Approvals from my phone, please', "Dark mode. It's 2025."]), undefined],
  ],
  nps: [
    'How likely are you to recommend us to a friend?',
    () => {
      const n = int(11)
      return [chance(0.6) ? n : String(n), undefined]
    },
  ],
  likert: [
    'How easy was it to add a hotel to your trip?',
    () => {
      const n = 1 + int(5)
      return [chance(0.5) ? n : String(n), undefined]
    },
  ],
  multiplechoice: [
    'How often do you travel for leisure?',
    () => {
      const options = ['Rarely', 'Once a year', 'A few times a year', 'Once a month or more']
      const i = int(options.length)
      return [options[i], weighted([[3, i], [3, String(i)], [1, undefined]])]
    },
  ],
  multipleselect: [
    'Which vehicle classes would you consider?',
    () => {
      const options = ['Compact', 'Sedan', 'SUV', 'Minivan', 'Electric']
      const chosen = [...new Set([int(5), int(5)])].sort()
      const labels = chosen.map((i) => options[i])
      return chance(0.5) ? [str(labels), str(chosen)] : [labels, chance(0.5) ? chosen : str(chosen)]
    },
  ],
  matrix: [
    'How would you rate each part of your trip?',
    () => {
      const rows = {}
      for (const row of [pick(ROWS.slice(0, 3)), pick(ROWS.slice(3))]) rows[row] = chance(0.2) ? null : pick(RATINGS)
      return [chance(0.5) ? str(rows) : rows, undefined]
    },
  ],
  consentlegal: [
    'I agree to be contacted for paid research sessions.',
    () => [chance(0.8) ? { submitted: true } : null, undefined],
  ],
  videovoice: [
    'Record a short clip of how you plan your week.',
    () => {
      const recording = { mediaRecordingUid: uuid(), mediaType: pick(['video', 'audio']) }
      return [chance(0.5) ? str(recording) : recording, undefined]
    },
  ],
  recordedtask: [
    'Book a one-way rental for next Friday.',
    () => [{ taskStatus: pick(['completed', 'completed', 'given.up', 'abandoned']) }, undefined],
  ],
  texturlprompt: [
    'Continue to the beta sign-up page.',
    () => [weighted([[2, { skipped: true }], [1, null], [1, undefined]]), undefined],
  ],
  rankorder: [
    'Rank these features by how often you use them.',
    () => {
      const ranks = {}
      const shown = [...FEATURES].sort(() => random() - 0.5).slice(0, 3)
      shown.forEach((feature, i) => { ranks[feature] = i + 1 })
      return [chance(0.5) ? str(ranks) : ranks, undefined]
    },
  ],
  maxdiff: [
    'Which matters most, and which least?',
    () => {
      const round = [{ id: 501, option: 'Price', selected: 'left' }, { id: 502, option: 'Design', selected: null },
        { id: 503, option: 'Sync', selected: 'right' }]
      if (chance(0.5)) round.reverse()
      return [chance(0.5) ? str([round]) : [round], undefined]
    },
  ],
}

// Weighted choice: [[weight, value], ...].
function weighted(options) {
  const total = options.reduce((sum, [w]) => sum + w, 0)
  let r = random() * total
  for (const [w, v] of options) {
    r -= w
    if (r < 0) return v
  }
  return options[options.length - 1][1]
}

// ---------------------------------------------------------------------------------------------
// Answer Submitted.

// A skipped answer, as the wire sends one for a question type.
const SKIPPED = [[3, null], [2, ''], [1, 'null']]

function answerSubmitted(type, { skipped = false, typeSpelling = type } = {}) {
  const product = pick(PRODUCTS)
  const [question, answer] = TYPES[type] ?? [
    'Rank these factors from most to least important.',
    () => [[{ label: 'Price', rank: 1 }, { label: 'Reviews', rank: 2 }], [1, 0]],
  ]
  let [response, selected] = answer()
  if (skipped) [response, selected] = [weighted(SKIPPED), undefined]
  const { ms, iso } = times()
  const profile = weighted([[3, 'mobile'], [3, 'link'], [2, 'minimal'], [2, 'web']])
  const asString = chance(0.25) // numbers as strings
  const num = (n) => (asString ? String(n) : n)
  const body = {
    id: num(5000000 + int(4000000)),
    environmentId: product.env,
    createdAt: iso,
    responseGroupUid: uuid(),
    response,
    surveyId: num(30000 + int(30000)),
  }
  if (profile !== 'minimal') body.surveyName = pick(['Quarterly NPS', 'Beta feedback', 'Trip survey', 'Onboarding'])
  body.question = question
  body.questionType = typeSpelling
  body.visitorId = uuid()
  if (profile === 'minimal') {
    body.timestamp = num(ms)
    if (selected !== undefined) body.selectedIndexes = selected
    body.eventType = 'survey_response'
    if (chance(0.5)) body.eventName = 'surveyResponse'
    return body
  }
  const userId = profile === 'link' && chance(0.5) ? '' : product.user()
  Object.assign(body, {
    oldVisitorId: weighted([[3, 0], [1, null], [1, '0']]),
    userId,
    anonymousId: null,
  })
  if (profile !== 'link') body.triggeringEvent = pick(product.events)
  body.timestamp = num(ms)
  body.email = profile === 'link' ? '' : pick(['', '', 'sam.k@fastmail.com', 'lea.f@posteo.de'])
  const attributes = profile === 'link' ? {} : product.attributes()
  body.attributes = chance(0.3) ? str(attributes) : attributes
  if (profile === 'mobile') {
    const ios = chance(0.5)
    body.os = ios ? 'iOS' : 'Android'
    body.userAgent = ios
      ? `${product.name.split(' ')[0]}/8.${int(20)}.0 (iOS 18.${int(4)}) Alamofire/5.9.1`
      : `okhttp/4.12.0 ${product.name.split(' ')[0]}-android/3.${int(9)}`
  } else if (profile === 'web') {
    body.href = product.host + product.path()
    body.os = pick(['Mac OS X', 'Windows'])
    body.browser = pick(['Chrome', 'Safari', 'Firefox'])
    body.userAgent = pick([null, ''])
  }
  body.customMetadata = weighted([[4, '{}'], [1, {}], [1, str({ panel: 'userinterviews' })]])
  if (selected !== undefined) body.selectedIndexes = selected
  body.eventType = 'survey_response'
  body.eventName = 'surveyResponse'
  body.eventProperties = weighted([[4, {}], [2, '{}'], [1, { source: 'push' }]])
  if (profile === 'mobile') {
    body.sdkVersion = `${1 + int(4)}.${int(30)}.${int(9)}`
    body.platform = body.os === 'iOS' ? 'ios' : 'android'
  }
  if (chance(0.2)) Object.assign(body, { questionId: 180000 + int(9999), isLastQuestion: chance(0.5) })
  return body
}

// ---------------------------------------------------------------------------------------------
// The other kinds.

function studySubmitted() {
  const product = pick(PRODUCTS)
  const { ms, iso } = times()
  const asString = chance(0.3)
  const num = (n) => (asString ? String(n) : n)
  const questions = []
  for (let order = 1; order <= 1 + int(2); order++) {
    const type = pick(['nps', 'likert', 'open', 'multipleselect'])
    const [question, answer] = TYPES[type]
    const [response] = answer()
    const q = { question, response, order: num(order) }
    if (chance(0.5)) q.questionType = type
    questions.push(q)
  }
  return {
    visitorId: uuid(),
    platform: pick(['web', 'link', 'ios', 'android']),
    surveyId: num(30000 + int(30000)),
    timestamp: num(ms),
    environmentId: product.env,
    eventDate: iso,
    recordType: 'survey',
    action: 'completed',
    responseGroupUid: uuid(),
    productName: product.name,
    productId: num(product.id),
    eventName: 'surveySubmitted',
    questions,
    eventType: 'product_message',
  }
}

function studyDelivery(action) {
  const product = pick(PRODUCTS)
  const { ms, iso } = times()
  const body = {}
  if (action === 'seen') body.isUserInterviews = false
  Object.assign(body, {
    visitorId: uuid(),
    timestamp: chance(0.3) ? String(ms) : ms,
    environmentId: chance(0.2) ? '' : product.env,
    platform: pick(['web', 'ios', 'android', 'email', 'react-native']),
    recordType: 'survey',
    eventDate: iso,
    surveyId: 30000 + int(30000),
    action,
    responseGroupUid: uuid(),
    productName: product.name,
    productId: product.id,
    teamId: 7000 + int(999),
    eventName: action === 'sent' ? 'studySent' : 'studySeen',
    triggeringEvent: pick(product.events),
    surveyName: pick(['Quarterly NPS', 'Beta feedback', 'Trip survey']),
    attributes: chance(0.5) ? {} : product.attributes(),
    email: '',
    oldVisitorId: null,
    userId: chance(0.5) ? null : product.user(),
    anonymousId: null,
    customMetadata: '{}',
    eventType: 'product_message',
  })
  return body
}

function studyStatusChanged() {
  const product = pick(PRODUCTS)
  const [oldStatus, status] = pick([['NEW', 'IN_PROGRESS'], ['IN_PROGRESS', 'PAUSED'], ['PAUSED', 'COMPLETED'],
    ['COMPLETED', 'ARCHIVED'], ['DRAFT', 'NEW']])
  const questions = []
  for (let i = 0; i <= int(3); i++) {
    const type = pick(Object.keys(TYPES))
    questions.push({ question: TYPES[type][0], questionTypeId: chance(0.2) ? type.toUpperCase() : type })
  }
  return {
    surveyId: chance(0.3) ? String(30000 + int(30000)) : 30000 + int(30000),
    surveyName: pick(['Quarterly NPS', 'Beta feedback', 'Trip survey']),
    oldStatus,
    status,
    environmentId: product.env,
    productName: product.name,
    productId: product.id,
    eventName: 'surveyStatusChange',
    questions,
    eventType: 'product_message',
  }
}

function themeIdentified() {
  const product = pick(PRODUCTS)
  const { iso } = times()
  const type = pick(['open', 'videovoice'])
  const body = {
    themename: pick(['Slow exports', 'Wants mobile approvals', 'Pricing confusion', 'Plans around rest days']),
    updatedAt: iso,
  }
  if (chance(0.6)) Object.assign(body, { productName: product.name, productId: chance(0.3) ? String(product.id) : product.id })
  Object.assign(body, { environmentId: product.env, questionText: TYPES[type][0], questionType: type })
  return body
}

// ---------------------------------------------------------------------------------------------
// The mix.

// A body of 150–700 bytes from `make`: drawn again while it is longer or shorter (a web answer
// with a long list, say), so the file holds only short bodies but every kind of them.
function sized(make) {
  for (;;) {
    const body = make()
    const length = JSON.stringify(body).length
    if (length >= 150 && length <= 700) return body
  }
}

const bodies = []
const types = [...Object.keys(TYPES)]
for (let round = 0; round < 8; round++) {
  for (const type of types) {
    // Uppercase types now and then: Sprig's older API spelled them so.
    const typeSpelling = chance(0.1) ? type.toUpperCase() : type
    bodies.push(sized(() => answerSubmitted(type, { typeSpelling })))
  }
}
for (const type of ['nps', 'nps', 'open', 'likert', 'multipleselect', 'matrix', 'consentlegal', 'texturlprompt']) {
  bodies.push(sized(() => answerSubmitted(type, { skipped: true })))
}
bodies.push(sized(() => answerSubmitted('ranking')), sized(() => answerSubmitted('ranking')))
for (let i = 0; i < 10; i++) bodies.push(sized(studySubmitted))
for (let i = 0; i < 8; i++) bodies.push(sized(() => studyDelivery('sent')), sized(() => studyDelivery('seen')))
for (let i = 0; i < 6; i++) bodies.push(sized(studyStatusChanged))
for (let i = 0; i < 6; i++) bodies.push(sized(themeIdentified))
bodies.push(
  { id: 1, environmentId: 'abc123', surveyId: 1, surveyName: 'TEST_SURVEY', eventType: 'TEST' },
  { id: '1', environmentId: 'abc123', surveyId: '1', surveyName: 'TEST_SURVEY', eventType: 'TEST' },
)

// Shuffled, so that no kind runs in a block (a parser's branch predictor would learn the order).
for (let i = bodies.length - 1; i > 0; i--) {
  const j = int(i + 1)
  ;[bodies[i], bodies[j]] = [bodies[j], bodies[i]]
}
const lines = bodies.map((body) => JSON.stringify(body))
for (const line of lines) {
  const test = line.includes('"eventType":"TEST"')
  if (!test && (line.length < 150 || line.length > 700)) {
    throw new Error(`${line.length} bytes: ${line}`)
  }
}
process.stdout.write(lines.join('\n') + '\n')
