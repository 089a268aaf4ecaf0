import t from 'tap'
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify'
import wikibase from '../../plugin/index.js'
import { registerRepoRoutes } from '../../plugin/repo/repo-routes.js'
import { freshDatabase } from '../support/test-database.js'
import { addSites, editor, recordingHost } from '../repo/repo-test-wiki.js'

/**
 * Malformed and hostile requests to every route of the plugin: wrong types, huge strings,
 * deep JSON, invalid ids, SQL-looking text, invalid UTF-8, random JSON (seeded, so a
 * failure replays). Never a 5xx, never a crash; an edit happens only when the answer is 2xx.
 */
const V1 = '/fz/w/rest.php/wikibase/v1'
const SEED = Number(process.env.FUZZ_SEED ?? '20261122')
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? '400')

function prng (seed: number): () => number {
  let s = seed >>> 0
  return () => { s = (s + 0x6D2B79F5) >>> 0; let x = s; x = Math.imul(x ^ (x >>> 15), x | 1); x ^= x + Math.imul(x ^ (x >>> 7), x | 61); return ((x ^ (x >>> 14)) >>> 0) / 4294967296 }
}

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
        'statement', 'patch', 'op', 'path', 'value', 'mainsnak', 'property', 'data_type', 'en', 'enwiki', 'title', 'badges', '__proto__', 'constructor']
      return Object.fromEntries(Array.from({ length: Math.floor(r() * 5) }, () => [pick(keys), randomJson(r, depth + 1)]))
    }
  }
}

const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n)
const deepObject = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n)

t.test('fuzzing the HTTP routes: no 5xx, nothing written on a 4xx', async t => {
  const url = await freshDatabase(t, 'httpfuzz')
  const host = recordingHost()
  const app: FastifyInstance = Fastify({ logger: false })
  await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false }, host })
  await app.after()
  app.addHook('onRequest', async request => { if (request.headers['x-test-user'] === 'editor') request.wikiUser = editor })
  registerRepoRoutes(app, { ...app.wikibase, options: { ...app.wikibase.options, routePrefix: '/fz' } })
  await app.ready()
  t.teardown(async () => { await app.close() })
  await addSites(app.wikibase.self, ['enwiki'])
  const as = { 'x-test-user': 'editor' }
  const made = await app.inject({ method: 'POST', url: `${V1}/entities/items`, headers: as, payload: { item: { labels: { en: 'Berlin' } } } })
  t.equal(made.statusCode, 201)
  const property = await app.inject({ method: 'POST', url: `${V1}/entities/properties`, headers: as, payload: { property: { data_type: 'string', labels: { en: 'p' } } } })
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
        for (const body of [deep(5000), deepObject(5000), '{"item":', '\u0000', 'null', '[]', '"x"', '{"comment":' + JSON.stringify('c'.repeat(600_000)) + '}']) {
          requests.push({ method, url: path, headers: { ...as, 'content-type': 'application/json' }, payload: body })
        }
        requests.push({ method, url: path, headers: { ...as, 'content-type': 'application/json' }, payload: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) })
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
    const shown = `${request.method} ${String(request.url).slice(0, 90)} ${String(typeof request.payload === 'string' ? request.payload : request.payload === undefined ? '' : 'buffer/object').slice(0, 60)}`
    if (response.statusCode >= 500) fives.push(`${response.statusCode} ${shown} → ${response.body.slice(0, 200)}`)
    if (response.statusCode >= 400 && response.statusCode < 500 && (request.url as string).includes('/w/rest.php/')) {
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
