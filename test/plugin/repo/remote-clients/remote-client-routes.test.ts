import t from 'tap'
import { freshDatabase } from '../../../support/test-database.js'
import { listeningRepo } from '../change-feed/feed-support.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'
import { remotePaths, MAX_SUBSCRIPTION_UPDATE } from '../../../../plugin/remote/remote-wire.js'
import { registerRemoteClient, revokeRemoteClient } from '../../../../plugin/repo/remote-clients/remote-client-store.js'
import { prng } from '../../../../bench/lib/prng.js'

/**
 * Issue 19 (H2): the repo's routes for its remote clients over real HTTP (the loopback) on a
 * real database: bearer authentication, the client's own rows only, body validation that
 * changes nothing, the same rows a farm client writes, the per-credential rate limit.
 */

interface Answer { status: number, headers: Headers, body: any }

async function setup (t: { teardown: (fn: () => unknown) => void }, label: string, rateLimit = { max: 1000, timeWindow: 60 }): Promise<{
  call: (method: string, site: string, token: string | null, body?: unknown, query?: string) => Promise<Answer>
  rows: () => Promise<Record<string, unknown>>
  token: (site: string) => Promise<string>
  db: ReturnType<typeof wikibaseInternals>['self']
}> {
  const { app, base } = await listeningRepo(t, await freshDatabase(t, label), { remoteClientRateLimit: rateLimit })
  const db = wikibaseInternals(app).self
  return {
    db,
    token: async site => (await registerRemoteClient(db, { siteId: site, pushUrl: `http://127.0.0.1:9/${site}` })).token,
    call: async (method, site, token, body, query = '') => {
      const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` }
      if (body !== undefined) headers['content-type'] = 'application/json'
      const response = await fetch(`${base}${remotePaths.subscriptions(site)}${query}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
      const text = await response.text()
      return { status: response.status, headers: response.headers, body: text === '' ? null : JSON.parse(text) }
    },
    rows: async () => ({
      subscriptions: (await db.pool.query('SELECT cs_subscriber_id, cs_entity_id FROM repo.wb_changes_subscription ORDER BY 1, 2')).rows.map(r => `${r.cs_subscriber_id} ${r.cs_entity_id}`),
      counts: (await db.pool.query('SELECT uc_site_id, uc_entity_id, uc_pages FROM repo.wb_entity_usage_counts ORDER BY 1, 2')).rows.map(r => `${r.uc_site_id} ${r.uc_entity_id} ${r.uc_pages}`)
    })
  }
}

t.test('a client subscribes, unsubscribes and pages through its subscriptions', async t => {
  const { call, rows, token } = await setup(t, 'rcroutes')
  const mine = await token('remotewiki')
  let answer = await call('POST', 'remotewiki', mine, { subscribe: ['Q1', 'Q2', 'Q3', 'P7'], unsubscribe: [], counts: { Q1: 2, Q2: 1 } })
  t.strictSame([answer.status, answer.body], [200, { subscribed: 4, unsubscribed: 0 }])
  answer = await call('POST', 'remotewiki', mine, { subscribe: ['Q1', 'Q4'], unsubscribe: ['Q2', 'Q9'], counts: { Q1: 5, Q2: 0 } })
  t.strictSame([answer.status, answer.body], [200, { subscribed: 1, unsubscribed: 1 }], 'pairs already in place are not counted')
  t.strictSame(await rows(), { subscriptions: ['remotewiki P7', 'remotewiki Q1', 'remotewiki Q3', 'remotewiki Q4'], counts: ['remotewiki Q1 5'] })

  answer = await call('GET', 'remotewiki', mine, undefined, '?limit=3')
  t.strictSame([answer.status, answer.body], [200, { subscriptions: ['P7', 'Q1', 'Q3'], next: 'Q3' }])
  answer = await call('GET', 'remotewiki', mine, undefined, `?limit=3&after=${answer.body.next as string}`)
  t.strictSame(answer.body, { subscriptions: ['Q4'], next: null })
  t.strictSame((await call('GET', 'remotewiki', mine)).body, { subscriptions: ['P7', 'Q1', 'Q3', 'Q4'], next: null })
})

t.test('authentication: no token, a wrong one, another site\'s path, a revoked client', async t => {
  const { call, rows, token, db } = await setup(t, 'rcauth')
  const mine = await token('remotewiki')
  const other = await token('otherwiki')
  const update = { subscribe: ['Q1'], unsubscribe: [] }
  const cases: Array<[string, string, string | null, number, string, RegExp]> = [
    ['no header', 'remotewiki', null, 401, 'unauthorized', /Authorization: Bearer <token>/],
    ['not a bearer token', 'remotewiki', 'x y', 401, 'unauthorized', /Authorization: Bearer <token>/],
    ['an unknown token', 'remotewiki', `${mine}x`, 401, 'unauthorized', /not valid/],
    ['another site\'s path', 'otherwiki', mine, 403, 'forbidden', /The token of remotewiki cannot act for site otherwiki/],
    ['an unregistered site\'s path', 'nowiki', mine, 403, 'forbidden', /cannot act for site nowiki/]
  ]
  for (const [name, site, bearer, status, code, message] of cases) {
    for (const method of ['GET', 'POST']) {
      const answer = await call(method, site, bearer, method === 'POST' ? update : undefined)
      t.equal(answer.status, status, `${method} ${name}`)
      t.match(answer.body, { code, message }, `${method} ${name}`)
    }
  }
  t.strictSame(await rows(), { subscriptions: [], counts: [] }, 'nothing was written')

  t.equal((await call('POST', 'otherwiki', other, update)).status, 200)
  await revokeRemoteClient(db.pool, db, 'otherwiki')
  for (const method of ['GET', 'POST']) {
    const answer = await call(method, 'otherwiki', other, method === 'POST' ? { subscribe: ['Q2'], unsubscribe: [] } : undefined)
    t.strictSame([answer.status, answer.body.code, answer.body.message], [403, 'forbidden', 'This client\'s token was revoked'], `${method} revoked`)
  }
  t.strictSame((await rows()).subscriptions, ['otherwiki Q1'], 'the revoked client wrote nothing more')
  t.equal((await call('GET', 'remotewiki', mine)).status, 200, 'the other client is not affected')
})

t.test('an invalid query or body: 400 naming the problem, nothing written', async t => {
  const { call, rows, token } = await setup(t, 'rcbad')
  const mine = await token('remotewiki')
  await call('POST', 'remotewiki', mine, { subscribe: ['Q5'], unsubscribe: [], counts: { Q5: 1 } })
  const before = await rows()
  const many = Array.from({ length: MAX_SUBSCRIPTION_UPDATE + 1 }, (_, i) => `Q${i + 1}`)
  const cases: Array<[unknown, string, string]> = [
    [{ subscribe: ['Q1', 'X1'], unsubscribe: [] }, 'invalid-value', 'Invalid value at \'/subscribe/1\': "X1" is not an entity id'],
    [{ subscribe: ['Q1'], unsubscribe: ['Q1'] }, 'invalid-value', 'Invalid value at \'/unsubscribe/0\': Q1 is both subscribed and unsubscribed'],
    [{ subscribe: ['Q1', 'Q1'], unsubscribe: [] }, 'invalid-value', 'Invalid value at \'/subscribe/1\': Q1 is named twice'],
    [{ subscribe: many, unsubscribe: [] }, 'invalid-value', `Invalid value at '/subscribe': at most ${MAX_SUBSCRIPTION_UPDATE} entries per update`],
    [{ subscribe: ['Q1'], unsubscribe: [], counts: { Q1: -2 } }, 'invalid-value', 'Invalid value at \'/counts/Q1\': the page count must be an integer from 0 to 2000000000'],
    [{ subscribe: ['Q1'], unsubscribe: [], counts: { Q1: 1.5 } }, 'invalid-value', 'Invalid value at \'/counts/Q1\''],
    [{ subscribe: ['Q1'], unsubscribe: [], counts: { Q0: 1 } }, 'invalid-value', 'Invalid value at \'/counts/Q0\': "Q0" is not an entity id'],
    [{ subscribe: ['Q1'] }, 'missing-field', 'Required field missing'],
    [{ subscribe: [{ id: 'Q1' }], unsubscribe: [] }, 'invalid-value', 'Invalid value at \'/subscribe/0\''],
    [[], 'invalid-value', 'Invalid value at \'\'']
  ]
  for (const [body, code, message] of cases) {
    const answer = await call('POST', 'remotewiki', mine, body)
    t.strictSame([answer.status, answer.body.code, answer.body.message], [400, code, message], JSON.stringify(body).slice(0, 80))
  }
  const queries: Array<[string, string]> = [['?limit=0', 'limit'], ['?limit=5001', 'limit'], ['?limit=x', 'limit'], [`?after=${'Q'.repeat(65)}`, 'after']]
  for (const [query, parameter] of queries) {
    const answer = await call('GET', 'remotewiki', mine, undefined, query)
    t.strictSame([answer.status, answer.body.code, answer.body.context], [400, 'invalid-query-parameter', { parameter }], query)
  }
  t.strictSame(await rows(), before, 'nothing changed')
})

t.test('the rate limit: per credential, 429 with retry-after', async t => {
  const { call, token } = await setup(t, 'rclimit', { max: 3, timeWindow: 60 })
  const mine = await token('remotewiki')
  const other = await token('otherwiki')
  for (let i = 1; i <= 3; i++) t.equal((await call('GET', 'remotewiki', mine)).status, 200, `request ${i}`)
  const limited = await call('POST', 'remotewiki', mine, { subscribe: ['Q1'], unsubscribe: [] })
  t.equal(limited.status, 429)
  t.match(limited.body, { code: 'rate-limited', message: /^Too many requests: at most 3 per 60 s per client; retry after / })
  const retryAfter = Number(limited.headers.get('retry-after'))
  t.ok(retryAfter >= 1 && retryAfter <= 60, `retry-after ${retryAfter}`)
  t.equal((await call('GET', 'otherwiki', other)).status, 200, 'another client has its own budget')
  t.equal((await call('GET', 'remotewiki', null)).status, 401, 'a request without a token is refused before the limit counts it')
})

t.test('the OpenAPI document describes the routes', async t => {
  const { app } = await listeningRepo(t, await freshDatabase(t, 'rcopenapi'))
  const document = (await app.inject({ url: '/w/rest.php/wikibase/v1/openapi.json' })).json()
  const item = document.paths['/v1/clients/{siteId}/subscriptions']
  t.strictSame(item.servers, [{ url: '/wikibase' }])
  t.strictSame(Object.keys(item.get.responses), ['200', '400', '401', '403', '429'])
  t.strictSame(Object.keys(item.post.responses), ['200', '400', '401', '403', '429'])
  t.equal(item.post.operationId, 'updateRemoteClientSubscriptions')
})

t.test('hostile requests (seeded): never a 5xx, nothing written unless the answer is 2xx', async t => {
  const { call, rows, token } = await setup(t, 'rcfuzz', { max: 100_000, timeWindow: 60 })
  const mine = await token('remotewiki')
  const r = prng(Number(process.env.FUZZ_SEED ?? '20261205'))
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
  const values = ['Q1', 'P2', 'L3', 'Q0', 'q1', '', 'Q1 OR 1=1', "'; DROP TABLE wb_remote_client; --", '\u0000', '\ud800', 'x'.repeat(5000),
    'Q'.concat('9'.repeat(40)), '__proto__', -1, 1.5, 2 ** 53 + 1, null, true, {}, []]
  const list = (): unknown => r() < 0.2 ? pick(values) : Array.from({ length: Math.floor(r() * 4) }, () => pick(values))
  const body = (): unknown => {
    const shape: Record<string, unknown> = {}
    if (r() < 0.9) shape.subscribe = list()
    if (r() < 0.9) shape.unsubscribe = list()
    if (r() < 0.5) shape.counts = r() < 0.2 ? pick(values) : Object.fromEntries(Array.from({ length: Math.floor(r() * 3) }, () => [String(pick(values)), pick(values)]))
    return r() < 0.1 ? pick(values) : shape
  }
  const rounds = Number(process.env.FUZZ_ROUNDS ?? '150')
  for (let i = 0; i < rounds; i++) {
    const before = await rows()
    const site = r() < 0.9 ? 'remotewiki' : pick(['otherwiki', 'remote%20wiki', 'x'.repeat(40), '..', 'remotewiki%00'])
    const bearer = r() < 0.9 ? mine : pick([null, `${mine}x`, 'wbc_', 'Bearer', 'x'.repeat(600)])
    const get = r() < 0.2
    const payload = body()
    const answer = get
      ? await call('GET', site, bearer, undefined, pick(['', '?limit=1', '?limit=-1', '?after=%00', '?limit=1e3', '?after=Q1&limit=99999']))
      : await call('POST', site, bearer, payload)
    const what = `${get ? 'GET' : 'POST'} ${site.slice(0, 20)} ${JSON.stringify(payload)?.slice(0, 120)}`
    if (answer.status >= 500) t.fail(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`)
    if (answer.status >= 400 && answer.status !== 404) t.match(answer.body, { code: String, message: String }, what)
    if (answer.status !== 200 || get) t.strictSame(await rows(), before, `${what}: nothing written`)
  }
  t.pass(`${rounds} rounds`)
})
