import t from 'tap'
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify'
import wikibase from '../../plugin/index.js'
import { registerRepoRoutes } from '../../plugin/repo/rest/repo-routes.js'
import { wireRepo } from '../../plugin/repo/wire.js'
import { freshDatabase, testPool } from '../support/test-database.js'
import { addSites, editor } from '../support/repo-test-wiki.js'
import { findValueProblem, isStorableString } from '../../plugin/http/storable-strings.js'
import { createTestHost } from '../support/test-host.js'
import { prng } from '../../bench/lib/prng.js'
import { wikibaseInternals } from '../../plugin/facade.js'

/**
 * Malformed and hostile requests to every route of the plugin: wrong types, huge strings,
 * deep JSON, invalid ids, SQL-looking text, invalid UTF-8, random JSON (seeded, so a
 * failure replays). Never a 5xx, never a crash; an edit happens only when the answer is 2xx.
 */
const V1 = '/fz/w/rest.php/wikibase/v1'
const SEED = Number(process.env.FUZZ_SEED ?? '20261122')
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? '400')

const HOSTILE = [
  '', ' ', "'; DROP TABLE wb_changes; --", 'Q1 OR 1=1', '../../etc/passwd', '\u0000', '\ud800', '<script>alert(1)</script>',
  'x'.repeat(70_000), 'Q'.concat('9'.repeat(40)), 'P-1', 'Q0', 'q1', 'Q1$', '%00', '\u202e', '😀'.repeat(300), 'NaN', '-1', '1e309'
]

function randomJson (r: () => number, depth = 0): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
  const kind = Math.floor(r() * (depth > 3 ? 5 : 8))
  switch (kind) {
    case 0: return null
    case 1: return r() < 0.5
    case 2: return pick([0, -1, 1.5, 2 ** 53 + 1, -1e308, 1e-320, 42])
    case 3: return pick(HOSTILE)
    case 4: return pick(['en', 'de', 'labels', 'value', 'statement', 'P1', 'Q1', 'wikibase-item'])
    case 5: return Array.from({ length: Math.floor(r() * 4) }, () => randomJson(r, depth + 1))
    default: {
      const keys = ['labels', 'descriptions', 'aliases', 'statements', 'sitelinks', 'comment', 'bot', 'item', 'property', 'label', 'description',
        'statement', 'patch', 'op', 'path', 'value', 'content', 'mainsnak', 'property', 'data_type', 'en', 'enwiki', 'title', 'badges', '__proto__', 'constructor']
      return Object.fromEntries(Array.from({ length: Math.floor(r() * 5) }, () => [pick(keys), randomJson(r, depth + 1)]))
    }
  }
}

const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n)
const deepObject = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n)

t.test('fuzzing the HTTP routes: no 5xx, nothing written on a 4xx', async t => {
  const url = await freshDatabase(t, 'httpfuzz')
  const host = createTestHost({ pool: testPool(t, url) })
  const app: FastifyInstance = Fastify({ logger: false })
  await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false }, host })
  await app.after()
  app.addHook('onRequest', async request => { if (request.headers['x-test-user'] === 'editor') request.wikiUser = editor })
  registerRepoRoutes(app, { ...(await wireRepo(wikibaseInternals(app))).restRoutes, routePrefix: '/fz' })
  await app.ready()
  t.teardown(async () => { await app.close() })
  await addSites(wikibaseInternals(app).self, ['enwiki'])
  const as = { 'x-test-user': 'editor' }
  const made = await app.inject({ method: 'POST', url: `${V1}/entities/items`, headers: as, payload: { item: { labels: { en: 'Berlin' } } } })
  t.equal(made.statusCode, 201)
  const property = await app.inject({ method: 'POST', url: `${V1}/entities/properties`, headers: as,
    payload: { property: { data_type: 'string', labels: { en: 'p' } } } })
  t.equal(property.statusCode, 201)

  const paths = [
    `${V1}/entities/items`, `${V1}/entities/properties`, `${V1}/entities/items/Q1`, `${V1}/entities/properties/P1`,
    `${V1}/entities/items/Q1/labels`, `${V1}/entities/items/Q1/labels/en`, `${V1}/entities/items/Q1/descriptions/de`,
    `${V1}/entities/items/Q1/aliases/en`, `${V1}/entities/items/Q1/sitelinks/enwiki`, `${V1}/entities/items/Q1/statements`,
    `${V1}/entities/items/Q1/statements/Q1$00000000-0000-0000-0000-000000000000`, `${V1}/entities/items/Q1/undelete`,
    '/wikibase/sites', '/wikibase/dispatch-stats', '/wikibase/metrics'
  ]
  const badPaths = [
    `${V1}/entities/items/Q0`, `${V1}/entities/items/${encodeURIComponent("Q1' OR '1'='1")}`, `${V1}/entities/items/Q${'9'.repeat(30)}`,
    `${V1}/entities/items/%ff%fe`, `${V1}/entities/items/Q1/labels/${'x'.repeat(300)}`, `${V1}/entities/items/Q1/labels/%00`,
    `${V1}/entities/items?limit=-1`, `${V1}/entities/items?limit=abc&after=1e400`, `${V1}/entities/items?after=${'9'.repeat(40)}`,
    '/wikibase/sites?group=%ff', `/wikibase/sites?group=${'x'.repeat(100)}`, '/wikibase/sites?group[]=a&group[]=b', '/wikibase/sites?unknown=1',
    '/wikibase/dispatch-stats?x=%00'
  ]
  const methods: InjectOptions['method'][] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']
  const r = prng(SEED)
  const requests: InjectOptions[] = []
  for (const path of [...paths, ...badPaths]) {
    for (const method of methods) {
      requests.push({ method, url: path, headers: as })
      if (method !== 'GET' && method !== 'DELETE') {
        const bodies = [deep(5000), deepObject(5000), '{"item":', '\u0000', 'null', '[]', '"x"', '{"comment":' + JSON.stringify('c'.repeat(600_000)) + '}']
        for (const body of bodies) {
          requests.push({ method, url: path, headers: { ...as, 'content-type': 'application/json' }, payload: body })
        }
        requests.push({ method, url: path, headers: { ...as, 'content-type': 'application/json' },
          payload: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) })
        requests.push({ method, url: path, headers: { ...as, 'content-type': 'text/plain' }, payload: 'label=x' })
        requests.push({ method, url: path, headers: { ...as, 'if-match': '"not a revision"' }, payload: { label: 'x' } })
      }
    }
  }
  for (let i = 0; i < ROUNDS; i++) {
    const path = paths[Math.floor(r() * paths.length)]!
    const method = methods[1 + Math.floor(r() * 4)]!
    requests.push({ method, url: path, headers: as, payload: JSON.stringify(randomJson(r)) })
  }

  const editsBefore = host.edits.length
  let writes = 0
  const fives: string[] = []
  for (const request of requests) {
    const response = await app.inject(request)
    const payload = typeof request.payload === 'string' ? request.payload : request.payload === undefined ? '' : 'buffer/object'
    const shown = `${request.method} ${String(request.url).slice(0, 90)} ${String(payload).slice(0, 60)}`
    if (response.statusCode >= 500) fives.push(`${response.statusCode} ${shown} → ${response.body.slice(0, 200)}`)
    // 412 (a failed precondition) has no body, as the spec and Wikibase answer it.
    if (response.statusCode >= 400 && response.statusCode < 500 && response.statusCode !== 412 && (request.url as string).includes('/w/rest.php/')) {
      const body = response.json()
      if (typeof body.message !== 'string' || body.message === '') fives.push(`unclear 4xx: ${shown} → ${response.body.slice(0, 200)}`)
    }
    if (response.statusCode < 300 && request.method !== 'GET') writes += 1
  }
  t.same(fives, [], `${requests.length} requests, seed ${SEED}: no 5xx, every 4xx with a message`)
  t.ok(host.edits.length - editsBefore <= writes, `edits only on 2xx answers (${host.edits.length - editsBefore} edits, ${writes} 2xx writes)`)
  const still = await app.inject({ method: 'GET', url: `${V1}/entities/items/Q1/labels/en` })
  t.equal(still.statusCode, 200, 'the item is still readable')
})

/**
 * Stored, then read: hostile values the repo accepts (or must refuse) are written through one
 * route — REST or the action API — and read back through all the others. Every read answers
 * without a 5xx, twice the same (stable), and bounded in size; a refused value is nowhere.
 */
const STORED = [
  "Côte d'Ivoire & Co", '<script>alert(1)</script>', '{{#property:P1}}', '[[Main Page]] [http://evil.example x]', '\u202eevil', '😀🇩🇪',
  "'; DROP TABLE wb_entities; --", '&amp;&lt;', 'a\tb', '%00', '\\u0000', 'x'.repeat(250), 'ﷺ', '\u0301', '  spaced  ',
  'pays\u0000', '\udc00', '\ud800x', 'a\u0000b'
]

t.test('stored then read: values written by one route read back through every other', async t => {
  const url = await freshDatabase(t, 'storedread')
  const host = createTestHost({ pool: testPool(t, url) })
  const app: FastifyInstance = Fastify({ logger: false })
  await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false }, host })
  app.addHook('onRequest', async request => { if (request.headers['x-test-user'] === 'editor') request.wikiUser = editor })
  await app.ready()
  t.teardown(async () => { await app.close() })
  const V = '/w/rest.php/wikibase/v1'
  const as = { 'x-test-user': 'editor' }
  const form = { 'content-type': 'application/x-www-form-urlencoded' }
  t.equal((await app.inject({ method: 'POST', url: `${V}/entities/properties`, headers: as,
    payload: { property: { data_type: 'string', labels: { en: 'p' } } } })).statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url: `${V}/entities/items`, headers: as, payload: { item: { labels: { en: 'item' } } } })).statusCode, 201)

  const writes: Array<(value: string) => InjectOptions> = [
    value => ({ method: 'PUT', url: `${V}/entities/properties/P1/labels/en`, headers: as, payload: { label: value } }),
    value => ({ method: 'PUT', url: `${V}/entities/items/Q1/descriptions/en`, headers: as, payload: { description: value, comment: value } }),
    value => ({ method: 'PATCH', url: `${V}/entities/items/Q1/aliases`, headers: as, payload: { patch: [{ op: 'add', path: '/de', value: [value] }] } }),
    value => ({ method: 'POST', url: `${V}/entities/items/Q1/statements`, headers: as,
      payload: { statement: { property: { id: 'P1' }, value: { type: 'value', content: value } } } }),
    value => ({ method: 'POST', url: '/w/api.php', headers: form,
      payload: new URLSearchParams({ action: 'wbsetlabel', id: 'Q1', language: 'fr', value, summary: value, token: '+\\' }).toString() }),
    value => ({ method: 'POST', url: '/w/api.php', headers: form,
      payload: new URLSearchParams({ action: 'wbeditentity', id: 'P1', data: JSON.stringify({ descriptions: { de: { language: 'de', value } } }),
        token: '+\\' }).toString() })
  ]
  const reads = [
    '/w/api.php?action=wbgetentities&ids=Q1|P1', '/w/api.php?action=wbgetentities&ids=Q1&props=labels|descriptions|aliases|claims&languages=en|de|fr',
    '/wiki/Special:EntityData/Q1.json', '/wiki/Special:EntityData/P1.json', '/w/index.php?title=Special:EntityData/Q1.json',
    `${V}/entities/items/Q1`, `${V}/entities/properties/P1`, `${V}/entities/items/Q1/statements`, `${V}/entities/items/Q1/labels`,
    `${V}/entities/items/Q1/descriptions/en`, `${V}/entities/items/Q1/aliases`, `${V}/entities/properties/P1/labels/en`
  ]
  const problems: string[] = []
  let stored = 0
  let refused = 0
  for (const value of STORED) {
    for (const write of writes) {
      const request = write(value)
      // A form body cannot carry a lone surrogate (URLSearchParams writes U+FFFD); JSON can.
      const asForm = request.headers?.['content-type'] === form['content-type'] && !String(request.payload).includes('data=')
      const sent = asForm ? value.replace(/[\ud800-\udfff]/g, '\ufffd') : value
      const unstorable = !isStorableString(sent)
      const response = await app.inject(request)
      const shown = `${String(request.method)} ${String(request.url)} ${JSON.stringify(value).slice(0, 40)}`
      if (response.statusCode >= 500) problems.push(`write ${shown} → ${response.statusCode}`)
      const failed = response.statusCode >= 400 || response.json()?.error !== undefined
      if (unstorable && !failed) problems.push(`stored an unstorable value: ${shown}`)
      if (failed) refused++
      else stored++
    }
    for (const read of reads) {
      const [first, second] = [await app.inject(read), await app.inject(read)]
      if (first.statusCode >= 500) problems.push(`read ${read} after ${JSON.stringify(value).slice(0, 40)} → ${first.statusCode} ${first.body.slice(0, 120)}`)
      if (first.statusCode !== second.statusCode || first.body !== second.body) problems.push(`read ${read}: two reads differ`)
      if (first.body.length > 256 * 1024) problems.push(`read ${read}: ${first.body.length} bytes`)
      if (first.statusCode === 200 && findValueProblem(JSON.parse(first.body), 'body') !== null) problems.push(`read ${read}: an unstorable value came back`)
    }
  }
  t.same(problems, [], `${STORED.length} values × ${writes.length} writes, ${reads.length} reads after each`)
  t.ok(stored > STORED.length, `values were stored (${stored}) and refused (${refused})`)
})
