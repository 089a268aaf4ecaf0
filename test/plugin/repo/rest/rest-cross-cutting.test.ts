import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import wikibase from '../../../../plugin/index.js'
import { freshDatabase, testPool } from '../../../support/test-database.js'
import { editor } from '../../../support/repo-test-wiki.js'
import { createTestHost } from '../../../support/test-host.js'
import { validateAgainstSpec } from '../../../support/rest-spec.js'
import { insertEntityRow } from '../../../../plugin/repo/entities/entity-store.js'
import type { EntityId } from '../../../../hooks/ids.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

const V1 = '/w/rest.php/wikibase/v1'

t.test('REST cross-cutting rules: conditional requests, headers, edit metadata, NFC input', async t => {
  const url = await freshDatabase(t, 'restcond')
  const host = createTestHost({ pool: testPool(t, url) })
  const app: FastifyInstance = Fastify({ logger: false })
  const spec = validateAgainstSpec(app, t)
  await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false }, host })
  app.addHook('onRequest', async request => { if (request.headers['x-test-user'] === 'editor') request.wikiUser = editor })
  await app.ready()
  t.teardown(async () => { await app.close() })
  const as = { 'x-test-user': 'editor' }

  const created = await app.inject({ method: 'POST', url: `${V1}/entities/items`, headers: as, payload: { item: { labels: { en: 'Cafe\u0301' } } } })
  t.equal(created.statusCode, 201)
  const labelUrl = `${V1}/entities/items/Q1/labels/en`
  const read = await app.inject(labelUrl)
  t.equal(read.json(), 'Café', 'a\\u0301 arrived as á: input is NFC-normalised before the route sees it')
  t.equal(read.headers['content-type'], 'application/json', 'no charset')
  const etag = read.headers.etag as string
  const lastModified = read.headers['last-modified'] as string
  t.match(etag, /^"\d+"$/)
  t.equal(read.headers['x-authenticated-user'], undefined, 'anonymous: no X-Authenticated-User')
  t.equal((await app.inject({ url: labelUrl, headers: as })).headers['x-authenticated-user'], 'Editor')

  t.test('reads: 304 and 412', async t => {
    const cases: Array<[string, Record<string, string>, number]> = [
      ['If-None-Match current', { 'if-none-match': etag }, 304],
      ['If-None-Match list', { 'if-none-match': `"0", ${etag}` }, 304],
      ['If-None-Match other', { 'if-none-match': '"0"' }, 200],
      ['If-Modified-Since Last-Modified', { 'if-modified-since': lastModified }, 304],
      ['If-Modified-Since long ago', { 'if-modified-since': 'Thu, 01 Jan 2015 00:00:00 GMT' }, 200],
      ['If-Match stale', { 'if-match': '"0"' }, 412],
      ['If-Match current', { 'if-match': etag }, 200],
      ['If-Unmodified-Since long ago', { 'if-unmodified-since': 'Thu, 01 Jan 2015 00:00:00 GMT' }, 412]
    ]
    for (const [name, headers, status] of cases) {
      for (const path of [labelUrl, `${V1}/entities/items/Q1`]) {
        const response = await app.inject({ url: path, headers })
        t.equal(response.statusCode, status, `${name}: ${path}`)
        if (status === 304) t.same([response.headers.etag, response.body], [etag, ''], `${name}: ETag and no body`)
        if (status === 412) t.equal(response.body, '', `${name}: no body`)
      }
    }
  })

  t.test('edits: a failed precondition is 412 and writes nothing', async t => {
    const cases: Array<[string, Record<string, string>]> = [
      ['stale If-Match', { 'if-match': '"0"' }],
      ['If-Unmodified-Since before the revision', { 'if-unmodified-since': 'Thu, 01 Jan 2015 00:00:00 GMT' }],
      ['If-None-Match * on an existing item', { 'if-none-match': '*' }],
      ['If-None-Match current', { 'if-none-match': etag }]
    ]
    for (const [name, headers] of cases) {
      const response = await app.inject({ method: 'PUT', url: labelUrl, headers: { ...as, ...headers }, payload: { label: 'Changed' } })
      t.equal(response.statusCode, 412, name)
      t.equal(response.body, '', `${name}: no body`)
    }
    t.equal((await app.inject(labelUrl)).json(), 'Café', 'nothing was written')
  })

  t.test('edits: met preconditions and edit metadata (tags, bot, comment) go through', async t => {
    const before = host.edits.length
    const response = await app.inject({
      method: 'PUT', url: labelUrl, headers: { ...as, 'if-match': etag, 'if-unmodified-since': lastModified },
      payload: { label: 'Café (Paris)', comment: 'fix', tags: [], bot: false }
    })
    t.equal(response.statusCode, 200)
    t.equal(response.headers['x-authenticated-user'], 'Editor')
    t.not(response.headers.etag, etag, 'a new revision')
    t.same(host.edits.slice(before).map(e => e.comment), ['fix'])
    const stale = await app.inject({ method: 'PUT', url: labelUrl, headers: { ...as, 'if-match': etag }, payload: { label: 'Again' } })
    t.equal(stale.statusCode, 412, 'the old ETag is stale now')
  })

  t.test('error answers: Content-Language en, spec codes', async t => {
    const response = await app.inject({ method: 'PUT', url: labelUrl, headers: as, payload: { label: 'x', comment: 'c'.repeat(501) } })
    t.equal(response.statusCode, 400)
    t.equal(response.headers['content-language'], 'en')
    t.equal(response.headers['content-type'], 'application/json')
    t.same(response.json(), { code: 'value-too-long', message: 'The input value is too long', context: { path: '/comment', limit: 500 } })
  })

  t.test('a redirected item: reads 308 with an absolute Location, edits 409 redirected-item', async t => {
    const db = wikibaseInternals(app).self
    const client = await db.pool.connect()
    try {
      await insertEntityRow(client, db, 'Q50' as EntityId, { redirectTarget: 'Q1' as EntityId })
    } finally {
      client.release()
    }
    const read = await app.inject({ url: `${V1}/entities/items/Q50/labels/en`, headers: { host: 'wiki.example' } })
    t.equal(read.statusCode, 308)
    t.equal(read.headers.location, `http://wiki.example${V1}/entities/items/Q1/labels/en`)
    const edit = await app.inject({ method: 'PUT', url: `${V1}/entities/items/Q50/labels/en`, headers: as, payload: { label: 'x' } })
    t.equal(edit.statusCode, 409)
    t.same(edit.json(), { code: 'redirected-item', message: 'Item Q50 has been redirected to Q1', context: { redirect_target: 'Q1' } })
  })

  t.test('the action API gets NFC input too (the same request guard)', async t => {
    const form = new URLSearchParams({ action: 'wbsetlabel', format: 'json', id: 'Q1', language: 'de', value: 'Cafe\u0301', token: '+\\' }).toString()
    const response = await app.inject({ method: 'POST', url: '/w/api.php', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form })
    t.equal(response.statusCode, 200, response.body.slice(0, 200))
    t.equal((await app.inject(`${V1}/entities/items/Q1/labels/de`)).json(), 'Café')
  })

  t.test('every response above was checked against the spec', async t => {
    t.ok(spec.checked() > 20)
  })
})
