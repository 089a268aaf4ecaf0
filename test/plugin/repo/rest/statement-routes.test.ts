import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import wikibase from '../../../../plugin/index.js'
import { freshDatabase, testPool } from '../../../support/test-database.js'
import { editor, fixtureEntity } from '../../../support/repo-test-wiki.js'
import { importEntity } from '../../../../plugin/repo/entities/entity-importer.js'
import { createTestHost } from '../../../support/test-host.js'
import { validateAgainstSpec } from '../../../support/rest-spec.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

const V1 = '/w/rest.php/wikibase/v1'
const GREGORIAN = 'http://www.wikidata.org/entity/Q1985727'
const UUID = /^Q1\$[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/

t.test('statement routes in the REST statement shape', async t => {
  const url = await freshDatabase(t, 'statements')
  const app: FastifyInstance = Fastify({ logger: false })
  // Every answer checked against the spec; headers and content types are another branch's (wt/core),
  // so the shapes and statuses are asserted here (below), the rest collected.
  const spec = validateAgainstSpec(app, t)
  await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false }, host: createTestHost({ pool: testPool(t, url) }) })
  app.addHook('onRequest', async request => { request.wikiUser = editor })
  await app.ready()
  t.teardown(async () => { await app.close() })
  const db = wikibaseInternals(app).self
  const send = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, payload?: object): Promise<{ status: number, body: any, headers: Record<string, unknown> }> => {
    const response = await app.inject({ method, url: `${V1}${path}`, ...(payload === undefined ? {} : { payload }) })
    return { status: response.statusCode, body: response.body === '' ? undefined : response.json(), headers: response.headers }
  }
  for (const dataType of ['string', 'wikibase-item', 'time', 'url']) {
    t.equal((await send('POST', '/entities/properties', { property: { data_type: dataType, labels: { en: `a ${dataType}` } } })).status, 201)
  }
  t.equal((await send('POST', '/entities/items', { item: { labels: { en: 'Berlin' } } })).status, 201)
  const storedClaims = async (id: string): Promise<any> => (await db.pool.query(`SELECT r.rev_content->'claims' AS c FROM wb_entity_revisions r
    JOIN wb_entities e ON e.entity_latest_rev = r.rev_id WHERE e.entity_id = $1`, [id])).rows[0].c

  const posted = await send('POST', '/entities/items/Q1/statements', {
    statement: {
      property: { id: 'P3' },
      value: { type: 'value', content: { time: '+1237-01-01T00:00:00Z', precision: 9, calendarmodel: GREGORIAN } },
      qualifiers: [{ property: { id: 'P2' }, value: { type: 'value', content: 'Q1' } }],
      references: [{ parts: [{ property: { id: 'P4' }, value: { type: 'value', content: 'https://berlin.de/' } }] }]
    },
    comment: 'founded'
  })
  t.equal(posted.status, 201, JSON.stringify(posted.body))
  const guid = posted.body.id as string
  t.match(guid, UUID)
  t.equal(posted.headers.location, `http://localhost:80${V1}/entities/items/Q1/statements/${encodeURIComponent(guid)}`, 'Location: absolute URL of the statement')
  t.same(posted.body, {
    id: guid,
    rank: 'normal',
    qualifiers: [{ property: { id: 'P2', data_type: 'wikibase-item' }, value: { type: 'value', content: 'Q1' } }],
    references: [{ hash: posted.body.references[0].hash, parts: [{ property: { id: 'P4', data_type: 'url' }, value: { type: 'value', content: 'https://berlin.de/' } }] }],
    property: { id: 'P3', data_type: 'time' },
    value: { type: 'value', content: { time: '+1237-01-01T00:00:00Z', precision: 9, calendarmodel: GREGORIAN } }
  })
  t.match(posted.body.references[0].hash, /^[0-9a-f]{40}$/)
  t.same((await storedClaims('Q1')).P3, [{
    mainsnak: { snaktype: 'value', property: 'P3', datavalue: { type: 'time', value: { time: '+1237-01-01T00:00:00Z', timezone: 0, before: 0, after: 0, precision: 9, calendarmodel: GREGORIAN } } },
    type: 'statement',
    qualifiers: { P2: [{ snaktype: 'value', property: 'P2', datavalue: { type: 'wikibase-entityid', value: { 'entity-type': 'item', 'numeric-id': 1, id: 'Q1' } } }] },
    'qualifiers-order': ['P2'],
    id: guid,
    rank: 'normal',
    references: [{ snaks: { P4: [{ snaktype: 'value', property: 'P4', datavalue: { type: 'string', value: 'https://berlin.de/' } }] }, 'snaks-order': ['P4'] }]
  }], 'stored as canonical statement JSON')
  const api = await app.inject('/w/api.php?action=wbgetentities&format=json&ids=Q1')
  t.equal(api.json().entities.Q1.claims.P3[0].references[0].hash, posted.body.references[0].hash, 'the action API shows the same reference hash')

  t.test('POST: a given id is checked, then replaced by a new one (as Wikibase\'s AddItemStatement does)', async t => {
    const withId = await send('POST', '/entities/items/Q1/statements', { statement: { id: guid, property: { id: 'P1' }, value: { type: 'novalue' } } })
    t.equal(withId.status, 201)
    t.not(withId.body.id, guid)
    t.match(withId.body.id, UUID)
    const badId = await send('POST', '/entities/items/Q1/statements', { statement: { id: 7, property: { id: 'P1' }, value: { type: 'novalue' } } })
    t.same([badId.status, badId.body.code, badId.body.context], [400, 'invalid-value', { path: '/statement/id' }])
    t.equal((await send('DELETE', `/entities/items/Q1/statements/${encodeURIComponent(withId.body.id as string)}`)).status, 200)
    const badItem = await send('POST', '/entities/items/X1/statements', { statement: { property: { id: 'P1' }, value: { type: 'novalue' } } })
    t.same([badItem.status, badItem.body.code, badItem.body.context], [400, 'invalid-path-parameter', { parameter: 'item_id' }])
  })

  t.test('GET statements, one statement, /statements/{id}; ids of other entities and bad ids', async t => {
    t.same(await send('GET', '/entities/items/Q1/statements').then(r => r.body), { P3: [posted.body] })
    t.same(await send('GET', '/entities/items/Q1/statements?property=P3').then(r => r.body), { P3: [posted.body] })
    t.same(await send('GET', '/entities/items/Q1/statements?property=P1').then(r => r.body), {})
    const cases: Array<[string, number, object]> = [
      ['/entities/items/Q1/statements?property=Q3', 400, { code: 'invalid-query-parameter', context: { parameter: 'property' } }],
      [`/entities/items/Q1/statements/${encodeURIComponent(guid)}`, 200, posted.body],
      [`/statements/${encodeURIComponent(guid)}`, 200, posted.body],
      [`/entities/items/Q2/statements/${encodeURIComponent(guid)}`, 400,
        { code: 'item-statement-id-mismatch', message: 'IDs of the Item and the Statement do not match', context: { item_id: 'Q2', statement_id: guid } }],
      [`/entities/properties/P1/statements/${encodeURIComponent(guid)}`, 400, { code: 'property-statement-id-mismatch', context: { property_id: 'P1', statement_id: guid } }],
      ['/entities/items/Q1/statements/Q1%24nope', 400, { code: 'invalid-path-parameter', context: { parameter: 'statement_id' } }],
      ['/statements/nope', 400, { code: 'invalid-path-parameter', context: { parameter: 'statement_id' } }],
      ['/entities/items/Q1/statements/Q1%2400000000-0000-0000-0000-000000000000', 404, { code: 'resource-not-found', context: { resource_type: 'statement' } }],
      ['/statements/Q99%2400000000-0000-0000-0000-000000000000', 404, { code: 'resource-not-found', context: { resource_type: 'statement' } }],
      ['/entities/items/Q99/statements/Q99%2400000000-0000-0000-0000-000000000000', 404, { code: 'resource-not-found', context: { resource_type: 'item' } }]
    ]
    for (const [path, status, body] of cases) {
      const response = await send('GET', path)
      t.equal(response.status, status, `${path}: ${status}`)
      t.match(response.body, body, path)
    }
  })

  t.test('PUT and PATCH: replaced in place; id and property are read only', async t => {
    const at = `/entities/items/Q1/statements/${encodeURIComponent(guid)}`
    const put = await send('PUT', at, { statement: { property: { id: 'P3', data_type: 'string' }, value: { type: 'somevalue' }, rank: 'preferred' } })
    t.equal(put.status, 200)
    t.same(put.body, { id: guid, rank: 'preferred', qualifiers: [], references: [], property: { id: 'P3', data_type: 'time' }, value: { type: 'somevalue' } })
    const patched = await send('PATCH', `/statements/${encodeURIComponent(guid)}`, { patch: [{ op: 'replace', path: '/rank', value: 'deprecated' },
      { op: 'add', path: '/qualifiers/-', value: { property: { id: 'P1' }, value: { type: 'value', content: 'from a patch' } } }] })
    t.equal(patched.status, 200)
    t.same(patched.body.rank, 'deprecated')
    t.same(patched.body.qualifiers, [{ property: { id: 'P1', data_type: 'string' }, value: { type: 'value', content: 'from a patch' } }])
    const cases: Array<['PUT' | 'PATCH', object, number, object]> = [
      ['PUT', { statement: { id: 'Q1$00000000-0000-0000-0000-000000000000', property: { id: 'P3' }, value: { type: 'novalue' } } }, 400,
        { code: 'cannot-modify-read-only-value', context: { path: '/statement/id' } }],
      ['PUT', { statement: { property: { id: 'P1' }, value: { type: 'novalue' } } }, 400, { code: 'cannot-modify-read-only-value', context: { path: '/statement/property/id' } }],
      ['PUT', { statement: { property: { id: 'P3' } } }, 400, { code: 'missing-field', context: { path: '/statement', field: 'value' } }],
      ['PATCH', { patch: [{ op: 'replace', path: '/property/id', value: 'P1' }] }, 422,
        { code: 'patch-result-modified-read-only-value', context: { path: '/property/id' } }],
      ['PATCH', { patch: [{ op: 'replace', path: '/id', value: 'Q1$00000000-0000-0000-0000-000000000000' }] }, 422,
        { code: 'patch-result-modified-read-only-value', context: { path: '/id' } }],
      ['PATCH', { patch: [{ op: 'remove', path: '/value' }] }, 422, { code: 'patch-result-missing-field', context: { path: '', field: 'value' } }],
      ['PATCH', { patch: [{ op: 'replace', path: '/qualifiers/0/property/id', value: 'P404' }] }, 422,
        { code: 'patch-result-referenced-resource-not-found', context: { path: '/qualifiers/0/property/id', value: 'P404' } }],
      ['PATCH', { patch: [{ op: 'replace', path: '/qualifiers/0/value/content', value: 5 }] }, 422,
        { code: 'patch-result-invalid-value', context: { path: '/qualifiers/0/value/content', value: 5 } }],
      ['PATCH', { patch: [{ op: 'test', path: '/rank', value: 'normal' }] }, 409, { code: 'patch-test-failed' }]
    ]
    const before = await storedClaims('Q1')
    for (const [method, payload, status, body] of cases) {
      const response = await send(method, at, payload)
      t.equal(response.status, status, `${method} ${JSON.stringify(payload)}: ${status}`)
      t.match(response.body, body, `${method} ${JSON.stringify(payload)}`)
    }
    t.same(await storedClaims('Q1'), before, 'none of them changed anything')
  })

  t.test('statements of a whole item; statements of properties; data_type null once the property is gone', async t => {
    const created = await send('POST', '/entities/items', { item: { statements: { P1: [{ property: { id: 'P1' }, value: { type: 'value', content: 'x' } }] } } })
    t.equal(created.status, 201)
    t.match(created.body.statements.P1[0], { id: /^Q2\$/, property: { id: 'P1', data_type: 'string' }, value: { type: 'value', content: 'x' } })
    const mismatch = await send('POST', '/entities/items', { item: { statements: { P2: [{ property: { id: 'P1' }, value: { type: 'novalue' } }] } } })
    t.equal(mismatch.status, 400)
    t.same(mismatch.body.context, { path: 'P2/0/property/id', statement_group_property_id: 'P2', statement_property_id: 'P1' })
    t.equal(mismatch.body.code, 'statement-group-property-id-mismatch')
    const badValue = await send('POST', '/entities/items', { item: { statements: { P1: [{ property: { id: 'P1' }, value: { type: 'value', content: 1 } }] } } })
    t.same([badValue.status, badValue.body.code, badValue.body.context], [400, 'invalid-value', { path: '/item/statements/P1/0/value/content' }])
    const patched = await send('PATCH', '/entities/items/Q2', { patch: [{ op: 'add', path: '/statements/P2', value: [{ property: { id: 'P2' }, value: { type: 'value', content: 'Q1' } }] }] })
    t.equal(patched.status, 200)
    t.same(patched.body.statements.P1, created.body.statements.P1, 'an untouched statement is unchanged')
    t.match(patched.body.statements.P2[0], { id: /^Q2\$/, value: { content: 'Q1' } })
    const patchMismatch = await send('PATCH', '/entities/items/Q2', { patch: [{ op: 'add', path: '/statements/P3', value: [{ property: { id: 'P1' }, value: { type: 'novalue' } }] }] })
    t.same([patchMismatch.status, patchMismatch.body.code], [422, 'patched-statement-group-property-id-mismatch'])
    const onProperty = await send('POST', '/entities/properties/P1/statements', { statement: { property: { id: 'P4' }, value: { type: 'value', content: 'https://example.org/' } } })
    t.equal(onProperty.status, 201)
    t.match(onProperty.body.id, /^P1\$/)
    t.same((await send('GET', '/entities/properties/P1/statements')).body, { P4: [onProperty.body] })
    const removed = await send('DELETE', `/statements/${encodeURIComponent(onProperty.body.id as string)}`)
    t.same([removed.status, removed.body], [200, 'Statement deleted'])
    t.equal((await send('GET', `/statements/${encodeURIComponent(onProperty.body.id as string)}`)).status, 404)
    t.equal((await app.inject({ method: 'DELETE', url: `${V1}/entities/properties/P2` })).statusCode, 200)
    t.same((await send('GET', '/entities/items/Q2/statements?property=P2')).body.P2[0].property, { id: 'P2', data_type: null })
  })

  t.test('every answer has a shape and status of the spec', async t => {
    t.ok(spec.checked() > 30)
    t.same(spec.failures.filter(f => f.problem.startsWith('body') || f.problem.startsWith('status')), [])
  })
})

t.test('a real imported statement sent back as GET gave it stays byte for byte as stored', async t => {
  const url = await freshDatabase(t, 'statementsreal')
  const app: FastifyInstance = Fastify({ logger: false })
  await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false }, host: createTestHost({ pool: testPool(t, url) }) })
  app.addHook('onRequest', async request => { request.wikiUser = editor })
  await app.ready()
  t.teardown(async () => { await app.close() })
  const db = wikibaseInternals(app).self
  for (const file of ['P625.json', 'P248.json', 'P5017.json', 'Q120248304.json']) await importEntity(db, fixtureEntity(file), { checkSites: false })
  const claimsText = async (): Promise<string> => (await db.pool.query<{ c: string }>(`SELECT (r.rev_content->'claims')::text AS c
    FROM wb_entity_revisions r JOIN wb_entities e ON e.entity_latest_rev = r.rev_id WHERE e.entity_id = 'Q120248304'`)).rows[0]!.c
  const before = await claimsText()
  const at = `${V1}/statements/${encodeURIComponent('Q120248304$AAD044A2-1D4C-4EF6-91E1-B23E5E373233')}`
  const got = await app.inject(at)
  t.equal(got.statusCode, 200)
  t.match(got.json(), { property: { id: 'P625', data_type: 'globe-coordinate' }, value: { content: { globe: 'http://www.wikidata.org/entity/Q2' } } })
  t.notOk('altitude' in got.json().value.content, 'REST shows no altitude')
  const put = await app.inject({ method: 'PUT', url: at, payload: { statement: got.json() } })
  t.equal(put.statusCode, 200, put.body.slice(0, 200))
  t.same(put.json(), got.json())
  const patch = await app.inject({ method: 'PATCH', url: at, payload: { patch: [{ op: 'test', path: '/rank', value: got.json().rank }] } })
  t.equal(patch.statusCode, 200, patch.body.slice(0, 200))
  t.equal(await claimsText(), before, 'the stored statements are as imported: hashes, key order and all')
})
