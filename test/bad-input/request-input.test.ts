import t, { type Test } from 'tap'
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify'
import wikibase from '../../plugin/index.js'
import { freshDatabase, testPool } from '../support/test-database.js'
import { editor } from '../support/repo-test-wiki.js'
import { createTestHost } from '../support/test-host.js'

/**
 * The request layer of every plugin route (REST, action API, sites, dispatch stats): strings
 * PostgreSQL cannot store are refused with a 400 naming the field, JSON too deep is refused
 * before parsing, and malformed ids, titles and numbers are 4xx, never 5xx; echoes of input
 * in the action API's `html` are escaped. Each table row failed (stored, or 5xx) before.
 */
const V1 = '/w/rest.php/wikibase/v1'
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const form = (params: Record<string, string>): string => new URLSearchParams(params).toString()

async function start (t: Test): Promise<FastifyInstance> {
  const url = await freshDatabase(t, 'reqinput')
  const app = Fastify({ logger: false })
  await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false }, host: createTestHost({ pool: testPool(t, url) }) })
  app.addHook('onRequest', async request => { if (request.headers['x-test-user'] === 'editor') request.wikiUser = editor })
  await app.ready()
  t.teardown(async () => { await app.close() })
  const as = { 'x-test-user': 'editor' }
  t.equal((await app.inject({ method: 'POST', url: `${V1}/entities/properties`, headers: as, payload: { property: { data_type: 'string', labels: { en: 'pays' } } } })).statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url: `${V1}/entities/items`, headers: as, payload: { item: { labels: { en: 'Berlin' } } } })).statusCode, 201)
  return app
}

t.test('strings PostgreSQL cannot store: 400 naming the field, in any route, key or value; nothing stored', async t => {
  const app = await start(t)
  const as = { 'x-test-user': 'editor' }
  const cases: Array<[string, InjectOptions, number, RegExp]> = [
    ['REST label with NUL', { method: 'PUT', url: `${V1}/entities/properties/P1/labels/en`, payload: { label: 'pays\u0000' } }, 400, /^body\/label: contains U\+0000/],
    ['REST label, lone low surrogate', { method: 'PUT', url: `${V1}/entities/properties/P1/labels/de`, payload: { label: '\udc00' } }, 400, /^body\/label: contains a lone UTF-16 surrogate/],
    ['REST label, lone high surrogate', { method: 'PUT', url: `${V1}/entities/properties/P1/labels/de`, payload: { label: 'a\ud800' } }, 400, /^body\/label: /],
    ['REST entity, surrogate in a key', { method: 'PUT', url: `${V1}/entities/items/Q1`, payload: { item: { labels: { en: 'B', 'd\udc00e': 'x' } } } }, 400, /^body\/item\/labels\/d\\udc00e: key contains/],
    ['REST comment with NUL', { method: 'PUT', url: `${V1}/entities/items/Q1/labels/en`, payload: { label: 'Berlin!', comment: 'a\u0000b' } }, 400, /^body\/comment: /],
    ['REST statement value with NUL', { method: 'POST', url: `${V1}/entities/items/Q1/statements`, payload: { statement: { property: { id: 'P1' }, value: { type: 'value', content: 'x\u0000' } } } }, 400, /^body\/statement\/value\/content: /],
    ['REST patch value with NUL', { method: 'PATCH', url: `${V1}/entities/items/Q1/labels`, payload: { patch: [{ op: 'add', path: '/de', value: '\u0000' }] } }, 400, /^body\/patch\/0\/value: /],
    ['REST query with NUL', { method: 'GET', url: `${V1}/entities/items/Q1/statements?property=P1%00` }, 400, /^query\/property: /],
    ['REST path with NUL', { method: 'GET', url: `${V1}/entities/items/Q1/labels/e%00n` }, 400, /^params\/language_code: /],
    ['wbsetlabel summary with NUL', { method: 'POST', url: '/w/api.php', headers: FORM, payload: form({ action: 'wbsetlabel', id: 'Q1', language: 'en', value: 'x', summary: 'a\u0000b', token: '+\\' }) }, 400, /^body\/summary: /],
    ['wbsetlabel value with NUL', { method: 'POST', url: '/w/api.php', headers: FORM, payload: form({ action: 'wbsetlabel', id: 'P1', language: 'en', value: 'pays\u0000', token: '+\\' }) }, 400, /^body\/value: /],
    ['wbeditentity data with a \\u0000 escape', { method: 'POST', url: '/w/api.php', headers: FORM, payload: form({ action: 'wbeditentity', id: 'P1', data: '{"labels":{"de":{"language":"de","value":"x\\u0000"}}}', token: '+\\' }) }, 400, /^data\/labels\/de\/value: /],
    ['wbeditentity data with a \\udc00 escape', { method: 'POST', url: '/w/api.php', headers: FORM, payload: form({ action: 'wbeditentity', id: 'P1', data: '{"labels":{"de":{"language":"de","value":"\\udc00"}}}', token: '+\\' }) }, 400, /^data\/labels\/de\/value: /],
    ['action API query with NUL', { method: 'GET', url: '/w/api.php?action=wbgetentities&ids=Q1%00' }, 400, /^query\/ids: /],
    ['sites query with NUL', { method: 'GET', url: '/wikibase/sites?group=a%00' }, 400, /^query\/group: /],
    ['dispatch stats query with NUL', { method: 'GET', url: '/wikibase/dispatch-stats?x=%00' }, 400, /^query\/x: /]
  ]
  for (const [name, request, status, message] of cases) {
    // The action API cases are anonymous: their token is the anonymous one.
    const user = String(request.url).startsWith(V1) ? as : {}
    const response = await app.inject({ ...request, headers: { ...user, ...request.headers } })
    t.equal(response.statusCode, status, `${name}: status`)
    const body = response.json()
    t.match(body.message ?? body.error?.info, message, `${name}: names the field`)
  }
  const p1 = await app.inject(`${V1}/entities/properties/P1`)
  t.same(p1.json().labels, { en: 'pays' }, 'nothing was stored')
  t.equal((await app.inject(`${V1}/entities/items/Q1/labels/en`)).json(), 'Berlin')
})

t.test('JSON nested too deep: 400 before parsing, bodies and action API JSON parameters alike', async t => {
  const app = await start(t)
  const as = { 'x-test-user': 'editor', 'content-type': 'application/json' }
  const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n)
  const tooDeep = await app.inject({ method: 'POST', url: `${V1}/entities/items`, headers: as, payload: `{"item":{"labels":${deep(70)}}}` })
  t.equal(tooDeep.statusCode, 400)
  t.match(tooDeep.json(), { code: 'invalid-request-body', message: /nested deeper than 64 levels \(option maxRequestJsonDepth\)/ })
  for (const type of ['application/json', 'application/json-patch+json']) {
    const patch = await app.inject({ method: 'PATCH', url: `${V1}/entities/items/Q1`, headers: { ...as, 'content-type': type }, payload: `{"patch":[{"op":"add","path":"/aliases/en","value":${deep(70)}}]}` })
    t.equal(patch.statusCode, 400, `a PATCH sent as ${type} is depth-checked too`)
    t.match(patch.json(), { code: 'invalid-request-body', message: /nested deeper than 64 levels/ })
  }
  const huge = await app.inject({ method: 'POST', url: `${V1}/entities/items`, headers: as, payload: deep(500_000) })
  t.equal(huge.statusCode, 400)
  const shallow = await app.inject({ method: 'POST', url: `${V1}/entities/items`, headers: as, payload: `{"item":{"labels":${deep(30)}}}` })
  t.equal(shallow.statusCode, 400, 'within the depth limit: the schema answers')
  t.match(shallow.json(), { code: 'invalid-value' })
  const data = await app.inject({ method: 'POST', url: '/w/api.php', headers: FORM, payload: form({ action: 'wbeditentity', id: 'Q1', data: `{"claims":${deep(100)}}`, token: '+\\' }) })
  t.equal(data.statusCode, 400)
  t.match(data.json(), { error: { code: 'json-too-deep', info: /^data: JSON nested deeper than 64/ } })
  t.equal((await app.inject({ method: 'GET', url: '/w/api.php?action=wbgetentities&ids=Q2' })).statusCode, 200, 'the API still answers')
})

t.test('malformed ids, titles and numbers: 4xx, never 5xx', async t => {
  const app = await start(t)
  const as = { 'x-test-user': 'editor' }
  const digits = ['٤٢', '४२', '４２', '²', '߄', '১', '𝟒𝟐', '٤']
  const cases: Array<[string, InjectOptions, number]> = [
    ...digits.flatMap(d => [
      [`Special:EntityData/Q${d}`, { url: `/wiki/Special:EntityData/Q${encodeURIComponent(d)}` }, 404],
      [`Special:EntityData/q${d}.json`, { url: `/wiki/Special:EntityData/q${encodeURIComponent(d)}.json` }, 404],
      [`index.php title Q${d}`, { url: `/w/index.php?title=Special:EntityData/Q${encodeURIComponent(d)}` }, 404],
      [`revision=${d}`, { url: `/wiki/Special:EntityData/Q1.json?revision=${encodeURIComponent(d)}` }, 400]
    ] as Array<[string, InjectOptions, number]>),
    ...['%0d%0a', '%0a', '%0d', '%09', '%7f', '%e2%80%a8', '%c2%85'].flatMap(c => [
      [`Special:EntityData/Q1${c}`, { url: `/wiki/Special:EntityData/Q1${c}` }, 404],
      [`Special:EntityData/q1${c}`, { url: `/wiki/Special:EntityData/q1${c}` }, 404],
      [`index.php title Q1${c}`, { url: `/w/index.php?title=Special:EntityData/Q1${c}` }, 404]
    ] as Array<[string, InjectOptions, number]>),
    ['revision too large', { url: '/wiki/Special:EntityData/Q1.json?revision=99999999999999999999999' }, 400],
    ['oldid too large', { url: '/w/index.php?title=Special:EntityData/Q1.json&oldid=99999999999999999999999' }, 400],
    ['revision above bigint', { url: '/wiki/Special:EntityData/Q1.json?revision=9223372036854775808' }, 400],
    ['revision too large, no format', { url: '/wiki/Special:EntityData/Q1?revision=99999999999999999999999' }, 400],
    ['id above bigint', { url: `/wiki/Special:EntityData/Q${'9'.repeat(25)}.json` }, 404],
    ['REST If-Match too large: no revision has that ETag, a failed precondition', { method: 'PUT', url: `${V1}/entities/items/Q1/labels/en`, headers: { 'if-match': '"99999999999999999999999"' }, payload: { label: 'x' } }, 412],
    ['REST after too large', { url: `${V1}/entities/items?after=99999999999999999999999` }, 400]
  ]
  for (const [name, request, status] of cases) {
    const response = await app.inject({ ...request, headers: { ...as, ...request.headers } })
    t.equal(response.statusCode, status, name)
  }
  const apiCases: Array<[string, Record<string, string>, string]> = [
    ['baserevid too large', { action: 'wbsetlabel', id: 'Q1', language: 'en', value: 'x', baserevid: '99999999999999999999999', token: '+\\' }, 'badinteger'],
    ['baserevid in Arabic-Indic digits', { action: 'wbsetlabel', id: 'Q1', language: 'en', value: 'x', baserevid: '٤', token: '+\\' }, 'badinteger'],
    ['maxlag too large', { action: 'wbgetentities', ids: 'Q1', maxlag: '99999999999999999999999' }, 'badinteger'],
    ['ids in other digits', { action: 'wbgetentities', ids: 'Q٤٢' }, 'no-such-entity']
  ]
  for (const [name, params, code] of apiCases) {
    const response = await app.inject({ method: 'POST', url: '/w/api.php', headers: FORM, payload: form(params) })
    t.ok(response.statusCode < 500, `${name}: not a 5xx`)
    t.equal(response.json().error?.code, code, name)
  }
})

t.test('action API: input echoed in messages[].html is escaped (any errorformat)', async t => {
  const app = await start(t)
  for (const errorformat of ['html', 'plaintext', 'wikitext', 'bc', 'raw']) {
    const response = await app.inject({ url: `/w/api.php?action=wbgetentities&ids=${encodeURIComponent('<img src=x onerror=alert(1)>')}&errorformat=${errorformat}` })
    // bc: `error` with the data beside the code; the others: `errors[0]` with it under `data`.
    const answer = response.json()
    const error = errorformat === 'bc' ? answer.error : answer.errors[0]
    const messages = errorformat === 'bc' ? error.messages : error.data.messages
    t.equal(error.code, 'no-such-entity')
    t.equal(messages[0].html['*'], 'Could not find an entity with the ID &quot;&lt;img src=x onerror=alert(1)&gt;&quot;.', errorformat)
    if (errorformat === 'bc') t.equal(error.info, 'Could not find an entity with the ID "<img src=x onerror=alert(1)>".', 'info stays plain text')
    if (errorformat === 'html') t.equal(error['*'], 'Could not find an entity with the ID &quot;&lt;img src=x onerror=alert(1)&gt;&quot;.', 'html is escaped')
    if (errorformat === 'plaintext') t.equal(error['*'], 'Could not find an entity with the ID "<img src=x onerror=alert(1)>".', 'plaintext stays plain text')
  }
  const claim = await app.inject({ url: `/w/api.php?action=wbgetclaims&claim=${encodeURIComponent("Q1$<b>'&")}` })
  for (const message of claim.json().error?.messages ?? []) t.notMatch(message.html['*'], /<b>|'|&(?!amp;|lt;|gt;|quot;|#039;)/, 'escaped')
})

t.test('JSON Patch amplification over REST: refused within the bounds, before the edit transaction, nothing written', async t => {
  const app = await start(t)
  const as = { 'x-test-user': 'editor' }
  const labels = Object.fromEntries(['en', 'de', 'fr', 'nl', 'it', 'es', 'pl', 'sv'].map(language => [language, `${language}x`.repeat(60)]))
  t.equal((await app.inject({ method: 'PATCH', url: `${V1}/entities/items/Q1`, headers: as, payload: { patch: [{ op: 'add', path: '/labels', value: labels }] } })).statusCode, 200)
  const before = await app.inject(`${V1}/entities/items/Q1`)
  const copies = Array.from({ length: 20 }, (_, i) => ({ op: 'copy', from: '/labels', path: `/labels/a${i}` }))
  for (const url of [`${V1}/entities/items/Q1`, `${V1}/entities/items/Q1/labels`]) {
    const from = url.endsWith('/labels') ? '' : '/labels'
    const patch = copies.map(c => ({ ...c, from, path: `${from}/${c.path.split('/').at(-1)!}` }))
    const started = Date.now()
    const response = await app.inject({ method: 'PATCH', url, headers: as, payload: { patch } })
    t.equal(response.statusCode, 400, url)
    t.match(response.json(), { code: 'resource-too-large', context: { limit: 2048 } })
    t.ok(Date.now() - started < 3000, `answered in ${Date.now() - started} ms`)
  }
  const many = await app.inject({ method: 'PATCH', url: `${V1}/entities/items/Q1`, headers: as, payload: { patch: Array.from({ length: 1001 }, () => ({ op: 'test', path: '/id', value: 'Q1' })) } })
  t.equal(many.statusCode, 400)
  t.match(many.json(), { code: 'value-too-long', context: { path: '/patch', limit: 1000 } })
  const after = await app.inject(`${V1}/entities/items/Q1`)
  t.equal(after.headers.etag, before.headers.etag, 'no revision was written')
})
