import t, { type Test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import wikibase from '../../../../plugin/index.js'
import { importEntity } from '../../../../plugin/repo/entities/entity-importer.js'
import { importEntities } from '../../../../cli/entities-command.js'
import { freshDatabase, testPool } from '../../../support/test-database.js'
import { addSites, editor } from '../../../support/repo-test-wiki.js'
import type { WikibaseOptions } from '../../../../plugin/options.js'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTestHost } from '../../../support/test-host.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/**
 * Issue 13 (5, 7) end to end: each hostile write through REST (PUT, POST, JSON Patch), the
 * action API and import is refused with a 4xx (action API: its error code) naming the field,
 * and nothing is stored: the revision count and the entity stay as they were.
 */
const V1 = '/w/rest.php/wikibase/v1'
const CALENDAR = 'http://www.wikidata.org/entity/Q1985727'
const DATATYPES = ['string', 'url', 'commonsMedia', 'time', 'quantity', 'globe-coordinate', 'wikibase-item', 'monolingualtext']

async function startRepo (t: Test, label: string, options: Partial<WikibaseOptions> = {}): Promise<FastifyInstance> {
  const url = await freshDatabase(t, label)
  const app = Fastify({ logger: false })
  await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false }, host: createTestHost({ pool: testPool(t, url) }), ...options })
  app.addHook('onRequest', async request => { request.wikiUser = editor })
  await app.ready()
  t.teardown(async () => { await app.close() })
  await addSites(wikibaseInternals(app).self, ['enwiki'])
  return app
}

const revisions = async (app: FastifyInstance): Promise<number> =>
  Number((await wikibaseInternals(app).self.pool.query('SELECT count(*) FROM wb_entity_revisions')).rows[0].count)
const stored = async (app: FastifyInstance, id: string): Promise<string> =>
  (await wikibaseInternals(app).self.pool.query<{ c: string }>('SELECT r.rev_content::text AS c FROM wb_entity_revisions r JOIN wb_entities e ON e.entity_latest_rev = r.rev_id WHERE e.entity_id = $1', [id])).rows[0]?.c ?? ''

const nested = (depth: number): unknown => { let v: unknown = 'x'; for (let i = 0; i < depth; i++) v = { a: v }; return v }
const value = (property: string, content: unknown): Record<string, unknown> => ({ property: { id: property }, value: { type: 'value', content } })
const canonicalValue = (property: string, type: string, v: unknown): Record<string, unknown> => ({ mainsnak: { snaktype: 'value', property, datavalue: { type, value: v } } })

t.test('REST, JSON Patch, action API: hostile writes are 4xx naming the field; nothing is stored', async t => {
  const app = await startRepo(t, 'validation')
  const properties: Record<string, string> = {}
  for (const datatype of DATATYPES) {
    const response = await app.inject({ method: 'POST', url: `${V1}/entities/properties`, payload: { property: { data_type: datatype, labels: { en: datatype } } } })
    t.equal(response.statusCode, 201, `property ${datatype}`)
    properties[datatype] = response.json().id
  }
  const P = (datatype: string): string => properties[datatype]!
  t.equal((await app.inject({ method: 'POST', url: `${V1}/entities/items`, payload: { item: { labels: { en: 'Berlin' } } } })).statusCode, 201)
  const tokens = await app.inject('/w/api.php?action=query&meta=tokens&format=json')
  const token = tokens.json().query.tokens.csrftoken as string
  const before = await revisions(app)
  const berlin = await stored(app, 'Q1')

  const rest: Array<[string, string, string, unknown, number, string, string]> = [
    ['label 1e400 (a number, not "Infinity")', 'PUT', '/entities/items/Q1/labels/en', '{"label": 1e400}', 400, 'invalid-value', '/label'],
    ['label 5 (a number)', 'PUT', '/entities/items/Q1/labels/en', '{"label": 5}', 400, 'invalid-value', '/label'],
    ['label with NUL', 'PUT', '/entities/items/Q1/labels/en', { label: 'pays\u0000' }, 400, 'invalid-value', '/label'],
    ['label with a lone surrogate', 'PUT', '/entities/items/Q1/labels/en', '{"label": "\\udc00"}', 400, 'invalid-value', '/label'],
    ['label with a line break', 'PUT', '/entities/items/Q1/labels/en', { label: 'Ber\nlin' }, 400, 'invalid-value', '/label'],
    ['label in language constructor', 'PUT', '/entities/items/Q1/labels/constructor', { label: 'x' }, 400, 'invalid-path-parameter', 'language_code'],
    ['label in language tostring', 'PATCH', '/entities/items/Q1', { patch: [{ op: 'add', path: '/labels/toString', value: 'x' }] }, 422, 'patch-result-invalid-key', '/labels/toString'],
    ['label in language hasOwnProperty by PATCH of labels', 'PATCH', '/entities/items/Q1/labels', { patch: [{ op: 'add', path: '/hasOwnProperty', value: 'x' }] }, 422, 'patch-result-invalid-key', '/hasOwnProperty'],
    ['description of 251 characters by JSON Patch', 'PATCH', '/entities/items/Q1', { patch: [{ op: 'add', path: '/descriptions/en', value: 'x'.repeat(251) }] }, 422, 'patch-result-value-too-long', '/descriptions/en'],
    ['string of 100,000 characters', 'POST', '/entities/items/Q1/statements', { statement: value(P('string'), 'x'.repeat(100_000)) }, 400, 'invalid-value', '/statement/value/content'],
    ['javascript: URL with newlines and wikitext', 'POST', '/entities/items/Q1/statements', { statement: value(P('url'), 'javascript:alert(7)\n== x ==\n[[Main Page]]') }, 400, 'invalid-value', '/statement/value/content'],
    ['commonsMedia with wikitext', 'POST', '/entities/items/Q1/statements', { statement: value(P('commonsMedia'), 'x.jpg]] [http://evil.example/p Click] [[Main Page') }, 400, 'invalid-value', '/statement/value/content'],
    ['amount 1e400', 'POST', '/entities/items/Q1/statements', `{"statement": {"property": {"id": "${P('quantity')}"}, "value": {"type": "value", "content": {"amount": 1e400, "unit": "1"}}}}`, 400, 'invalid-value', '/statement/value/content'],
    ['time of 80,000 digits', 'POST', '/entities/items/Q1/statements', { statement: value(P('time'), { time: `+${'1'.repeat(80_000)}-01-01T00:00:00Z`, precision: 11, calendarmodel: CALENDAR }) }, 400, 'invalid-value', '/statement/value/content'],
    ['item Q0 as a value', 'POST', '/entities/items/Q1/statements', { statement: value(P('wikibase-item'), 'Q0') }, 400, 'invalid-value', '/statement/value/content'],
    ['latitude 1e400', 'POST', '/entities/items/Q1/statements', `{"statement": {"property": {"id": "${P('globe-coordinate')}"}, "value": {"type": "value", "content": {"latitude": 1e400, "longitude": 1, "precision": 1, "globe": "http://www.wikidata.org/entity/Q2"}}}}`, 400, 'invalid-value', '/statement/value/content'],
    ['monolingual text in language __proto__-like constructor', 'POST', '/entities/items/Q1/statements', { statement: value(P('monolingualtext'), { text: 'x', language: 'constructor' }) }, 400, 'invalid-value', '/statement/value/content'],
    // Refused by the request layer before the body is parsed (maxRequestJsonDepth)…
    ['statement with an unknown key nested 2,500 deep', 'POST', '/entities/items/Q1/statements', { statement: { ...value(P('string'), 'x'), evil: nested(2500) } }, 400, 'invalid-request-body', ''],
    // …and within that depth by the value's checks, which never look inside an unknown key (one
    // of a statement itself is ignored, as Wikibase's REST API ignores it).
    ['value with an unknown key nested 40 deep', 'POST', '/entities/items/Q1/statements', { statement: value(P('monolingualtext'), { text: 'x', language: 'en', evil: nested(40) }) }, 400, 'invalid-value', '/statement/value/content'],
    ['unknown key in a value by JSON Patch', 'PATCH', '/entities/items/Q1', { patch: [{ op: 'add', path: `/statements/${P('monolingualtext')}`, value: [value(P('monolingualtext'), { text: 'x', language: 'en', evil: 1 })] }] }, 422, 'patch-result-invalid-value', `/statements/${P('monolingualtext')}/0/value/content`],
    ['property with datatype <script>', 'POST', '/entities/properties', { property: { data_type: '<script>', labels: { en: 'evil' } } }, 400, 'invalid-value', '/property/data_type'],
    ['sitelink title with <', 'PUT', '/entities/items/Q1/sitelinks/enwiki', { sitelink: { title: '<script>' } }, 400, 'invalid-value', '/sitelink/title'],
    ['sitelink title with [[', 'PUT', '/entities/items/Q1/sitelinks/enwiki', { sitelink: { title: 'A [[B]]' } }, 400, 'invalid-value', '/sitelink/title'],
    ['sitelink title with {', 'PUT', '/entities/items/Q1/sitelinks/enwiki', { sitelink: { title: '{{x}}' } }, 400, 'invalid-value', '/sitelink/title'],
    ['sitelink title with |', 'PATCH', '/entities/items/Q1/sitelinks', { patch: [{ op: 'add', path: '/enwiki', value: { title: 'A|B' } }] }, 422, 'patch-result-invalid-value', '/enwiki/title']
  ]
  for (const [name, method, path, payload, status, code, field] of rest) {
    const response = await app.inject({ method: method as 'PUT', url: `${V1}${path}`, headers: { 'content-type': 'application/json' }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) })
    t.equal(response.statusCode, status, `REST ${name}: status (${response.body.slice(0, 160)})`)
    t.equal(response.json().code, code, `REST ${name}: code`)
    // The spec's contexts: `parameter` (invalid-path-parameter), `path` (invalid-value, value-too-long) or `path` of the
    // parent and `key` (invalid-key).
    const { context } = response.json() as { context?: { parameter?: string, path?: string, key?: string } }
    const where = context?.parameter ?? (context?.key === undefined ? context?.path : `${context.path}/${context.key}`)
    t.equal(where, field, `REST ${name}: names ${field}`)
  }

  const api: Array<[string, Record<string, string>, string]> = [
    // (A NUL in a parameter is refused before any module runs: test/bad-input/request-input.test.ts.)
    ['wbsetlabel in language constructor', { action: 'wbsetlabel', id: 'Q1', language: 'constructor', value: 'x' }, 'not-recognized-language'],
    ['wbsetlabel in language __proto__', { action: 'wbsetlabel', id: 'Q1', language: '__proto__', value: 'x' }, 'not-recognized-language'],
    ['wbsetaliases in language toString', { action: 'wbsetaliases', id: 'Q1', language: 'toString', add: 'x' }, 'not-recognized-language'],
    ['wbsetdescription of 251 characters', { action: 'wbsetdescription', id: 'Q1', language: 'en', value: 'x'.repeat(251) }, 'modification-failed'],
    ['wbsetsitelink title with <', { action: 'wbsetsitelink', id: 'Q1', linksite: 'enwiki', linktitle: 'a<b' }, 'modification-failed'],
    ['wbsetsitelink to site __proto__', { action: 'wbsetsitelink', id: 'Q1', linksite: '__proto__', linktitle: 'B' }, 'not-recognized-siteid'],
    ['wbcreateclaim javascript: URL', { action: 'wbcreateclaim', entity: 'Q1', property: P('url'), snaktype: 'value', value: '"javascript:alert(7)"' }, 'modification-failed'],
    ['wbcreateclaim commonsMedia with wikitext', { action: 'wbcreateclaim', entity: 'Q1', property: P('commonsMedia'), snaktype: 'value', value: JSON.stringify('x.jpg]] [http://evil.example/p Click] [[Main Page') }, 'modification-failed'],
    ['wbcreateclaim amount 1e400', { action: 'wbcreateclaim', entity: 'Q1', property: P('quantity'), snaktype: 'value', value: '{"amount":1e400,"unit":"1"}' }, 'invalid-snak'],
    ['wbcreateclaim time of 80,000 digits', { action: 'wbcreateclaim', entity: 'Q1', property: P('time'), snaktype: 'value', value: JSON.stringify({ time: `+${'1'.repeat(80_000)}-01-01T00:00:00Z`, timezone: 0, before: 0, after: 0, precision: 11, calendarmodel: CALENDAR }) }, 'invalid-snak'],
    ['wbcreateclaim Q0', { action: 'wbcreateclaim', entity: 'Q1', property: P('wikibase-item'), snaktype: 'value', value: '{"entity-type":"item","numeric-id":0}' }, 'invalid-snak'],
    ['wbsetclaim with an unknown key in the snak', { action: 'wbsetclaim', claim: JSON.stringify({ id: 'Q1$5627445F-43CB-ED6D-3644-5DB9E1577C6A', type: 'statement', mainsnak: { snaktype: 'novalue', property: P('string'), evil: nested(50) }, rank: 'normal' }) }, 'modification-failed'],
    ['wbeditentity label 1e400', { action: 'wbeditentity', id: 'Q1', data: '{"labels":{"en":{"language":"en","value":1e400}}}' }, 'invalid-json'],
    ['wbeditentity label in language hasOwnProperty', { action: 'wbeditentity', id: 'Q1', data: '{"labels":{"hasOwnProperty":{"language":"hasOwnProperty","value":"x"}}}' }, 'not-recognized-language'],
    ['wbeditentity string of 100,000 characters', { action: 'wbeditentity', id: 'Q1', data: JSON.stringify({ claims: [{ ...canonicalValue(P('string'), 'string', 'x'.repeat(100_000)), type: 'statement' }] }) }, 'modification-failed'],
    ['wbeditentity new property with datatype <script>', { action: 'wbeditentity', new: 'property', data: '{"datatype":"<script>","labels":{"en":{"language":"en","value":"p"}}}' }, 'modification-failed']
  ]
  for (const [name, params, code] of api) {
    const response = await app.inject({ method: 'POST', url: '/w/api.php', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ format: 'json', token, ...params }).toString() })
    t.equal(response.statusCode, 200, `API ${name}: HTTP 200`)
    t.equal(response.json().error?.code, code, `API ${name}: ${code} (${response.body.slice(0, 160)})`)
  }

  t.equal(await revisions(app), before, 'no revision was written by any of them')
  t.equal(await stored(app, 'Q1'), berlin, 'Berlin is as it was')
  const valid = await app.inject({ method: 'POST', url: `${V1}/entities/items/Q1/statements`, payload: { statement: value(P('url'), 'https://berlin.de/') } })
  t.equal(valid.statusCode, 201, 'a valid URL statement is stored')
  const dropped = await app.inject({
    method: 'POST', url: '/w/api.php', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ format: 'json', token, action: 'wbsetclaim', claim: JSON.stringify({ id: 'Q1$5627445F-43CB-ED6D-3644-5DB9E1577C6A', type: 'statement', ...canonicalValue(P('string'), 'string', 'x'), rank: 'normal', evil: nested(40) }) }).toString()
  })
  t.equal(dropped.json().success, 1, 'wbsetclaim reads a statement\'s known keys, as Wikibase\'s deserializer does')
  t.notMatch(await stored(app, 'Q1'), /evil/, 'the unknown key was dropped, not stored')
})

t.test('maxSerializedEntitySize: an item grown by three alias edits is refused once over the limit; the limit is an option', async t => {
  const app = await startRepo(t, 'entitysize')
  t.equal((await app.inject({ method: 'POST', url: `${V1}/entities/items`, payload: { item: { labels: { en: 'Big' } } } })).statusCode, 201)
  const aliases = (prefix: string): string[] => Array.from({ length: 4000 }, (_, i) => `${prefix}${i} ${'x'.repeat(240)}`)
  const statuses: number[] = []
  for (const language of ['en', 'de', 'fr']) {
    const response = await app.inject({ method: 'POST', url: `${V1}/entities/items/Q1/aliases/${language}`, payload: { aliases: aliases(language) } })
    statuses.push(response.statusCode)
    if (response.statusCode !== 201) t.match(response.json(), { code: 'resource-too-large', context: { limit: 2048 } }, `${language}: ${response.body.slice(0, 160)}`)
  }
  t.same(statuses, [201, 400, 400], 'the first edit fits in 2048 KiB, the ones that would pass it are refused')
  t.ok(Buffer.byteLength(await stored(app, 'Q1')) < 2048 * 1024, 'what is stored is under the limit')

  const small = await startRepo(t, 'entitysizeopt', { repoSettings: { maxSerializedEntitySize: 4, urlSchemes: ['https'], 'string-limits': { multilang: { length: 10 } } } as never })
  t.equal((await small.inject({ method: 'POST', url: `${V1}/entities/items`, payload: { item: { labels: { en: 'Small' } } } })).statusCode, 201)
  const tooBig = await small.inject({ method: 'POST', url: `${V1}/entities/items/Q1/aliases/en`, payload: { aliases: Array.from({ length: 500 }, (_, i) => `a${i}`) } })
  t.match(tooBig.json(), { code: 'resource-too-large', context: { limit: 4 } })
  const token = (await small.inject('/w/api.php?action=query&meta=tokens&format=json')).json().query.tokens.csrftoken as string
  const api = await small.inject({ method: 'POST', url: '/w/api.php', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ action: 'wbsetaliases', format: 'json', token, id: 'Q1', language: 'en', add: Array.from({ length: 500 }, (_, i) => `a${i}`).join('|') }).toString() })
  t.match(api.json().error, { code: 'failed-save', messages: [{ name: 'wikibase-error-entity-too-big', parameters: [{ size: 4096 }] }] })
  t.match((await small.inject({ method: 'PUT', url: `${V1}/entities/items/Q1/labels/de`, payload: { label: 'Eleven char' } })).json(), { code: 'value-too-long', context: { path: '/label', limit: 10 } }, 'string-limits.multilang from the option')
  const property = await small.inject({ method: 'POST', url: `${V1}/entities/properties`, payload: { property: { data_type: 'url', labels: { en: 'url' } } } })
  const http = await small.inject({ method: 'POST', url: `${V1}/entities/items/Q1/statements`, payload: { statement: value(property.json().id, 'http://example.org/') } })
  t.match(http.json(), { code: 'invalid-value', context: { path: '/statement/value/content' } }, 'urlSchemes from the option (http is one of the defaults)')
})

t.test('import: the same validator; the refused entity is not stored', async t => {
  const app = await startRepo(t, 'validationimport')
  const db = wikibaseInternals(app).self
  const good = { type: 'item', id: 'Q5', labels: { en: { language: 'en', value: 'human' } } }
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['label with NUL', { ...good, labels: { en: { language: 'en', value: 'pays\u0000' } } }, /labels\/en\/value/],
    ['label with a lone surrogate', { ...good, labels: { en: { language: 'en', value: '\udc00' } } }, /labels\/en\/value/],
    ['label in language constructor', { ...good, labels: { constructor: { language: 'constructor', value: 'x' } } }, /labels\/constructor/],
    ['label 1e400', { ...good, labels: { en: { language: 'en', value: JSON.parse('1e400') } } }, /labels\/en\/value/],
    ['statement with an unknown key nested 2,500 deep', { ...good, claims: { P1: [{ ...canonicalValue('P1', 'string', 'x'), type: 'statement', rank: 'normal', evil: nested(2500) }] } }, /statements\/P1\/0\/evil/],
    ['amount 1e400', { ...good, claims: { P1: [{ ...canonicalValue('P1', 'quantity', { amount: JSON.parse('1e400'), unit: '1' }), type: 'statement', rank: 'normal' }] } }, /amount/],
    ['time of 80,000 digits', { ...good, claims: { P1: [{ ...canonicalValue('P1', 'time', { time: `+${'1'.repeat(80_000)}-01-01T00:00:00Z`, timezone: 0, before: 0, after: 0, precision: 11, calendarmodel: CALENDAR }), type: 'statement', rank: 'normal' }] } }, /value\/time/],
    ['javascript: URL (the snak says url)', { ...good, claims: { P1: [{ mainsnak: { snaktype: 'value', property: 'P1', datatype: 'url', datavalue: { type: 'string', value: 'javascript:alert(7)' } }, type: 'statement', rank: 'normal' }] } }, /scheme/],
    ['property with datatype <script>', { type: 'property', id: 'P9', datatype: '<script>' }, /datatype/],
    ['sitelink title with [[', { ...good, sitelinks: { enwiki: { site: 'enwiki', title: 'A[[B', badges: [] } } }, /sitelinks\/enwiki\/title/],
    ['an entity over maxSerializedEntitySize', { ...good, aliases: { en: Array.from({ length: 9000 }, (_, i) => ({ language: 'en', value: `${i} ${'x'.repeat(240)}` })) } }, /maxSerializedEntitySize/]
  ]
  for (const [name, entity, message] of cases) {
    await t.rejects(importEntity(db, entity as never), { statusCode: 400, message }, `import ${name}`)
  }
  t.equal(await revisions(app), 0, 'nothing was stored')
  t.equal((await db.pool.query('SELECT count(*)::int AS n FROM wb_entities')).rows[0].n, 0, 'not even an entity row')

  const dir = await mkdtemp(join(tmpdir(), 'wb-validation-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  await writeFile(join(dir, 'Q5.json'), JSON.stringify({ entities: { Q5: { ...good, labels: { en: { language: 'en', value: 'x\u0000' } } } } }))
  const report = await importEntities(db, dir)
  t.match(report.failed, [{ file: join(dir, 'Q5.json'), error: /labels\/en\/value: must not contain the NUL character/ }], 'the CLI names the file and the field')
  t.equal(await revisions(app), 0)
})

t.test('malformed statements from clients: 4xx or an action API error code, never a 5xx', async t => {
  const app = await startRepo(t, 'validationshapes')
  t.equal((await app.inject({ method: 'POST', url: `${V1}/entities/properties`, payload: { property: { data_type: 'string', labels: { en: 's' } } } })).statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url: `${V1}/entities/items`, payload: { item: { labels: { en: 'B' } } } })).statusCode, 201)
  const token = (await app.inject('/w/api.php?action=query&meta=tokens&format=json')).json().query.tokens.csrftoken as string
  const before = await revisions(app)
  const G = 'Q1$5627445F-43CB-ED6D-3644-5DB9E1577C6A'
  const ms = { snaktype: 'novalue', property: 'P1' }
  const shapes: Array<Record<string, unknown>> = [
    { mainsnak: ms, qualifiers: { P1: 5 } }, { mainsnak: ms, qualifiers: 5 }, { mainsnak: ms, qualifiers: [5] }, { mainsnak: ms, qualifiers: [{ snaktype: 'novalue', property: '__proto__' }] },
    { mainsnak: ms, references: 5 }, { mainsnak: ms, references: [5] }, { mainsnak: ms, references: [{ snaks: 5 }] }, { mainsnak: ms, references: [{ snaks: { P1: 5 } }] },
    { mainsnak: ms, references: [{ snaks: [5] }] }, { mainsnak: ms, references: [{ snaks: [{ snaktype: 'novalue', property: '__proto__' }] }] }, { mainsnak: ms, references: [{}] },
    { mainsnak: { snaktype: 'value', property: 'P1' } }, { mainsnak: { property: 5 } }, { mainsnak: ms, rank: 5 }, { mainsnak: ms, qualifiers: { P1: [ms] }, 'qualifiers-order': 5 },
    { mainsnak: ms, qualifiers: { P1: [ms] }, 'qualifiers-order': [5] }, { mainsnak: { snaktype: 'value', property: 'P1', datavalue: 5 } },
    { mainsnak: { snaktype: 'value', property: '__proto__', datavalue: { type: 'string', value: 'x' } } }, { mainsnak: { snaktype: 'novalue', property: 'constructor' } },
    { mainsnak: ms, qualifiers: { constructor: [ms] } }, { mainsnak: { snaktype: 'value', property: 'P1', datavalue: { type: 'string', value: nested(100) } } }
  ]
  const post = async (params: Record<string, string>): Promise<string> =>
    (await app.inject({ method: 'POST', url: '/w/api.php', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ format: 'json', token, ...params }).toString() })).json().error?.code ?? 'success'
  for (const [i, shape] of shapes.entries()) {
    const name = `${i}: ${JSON.stringify(shape).slice(0, 100)}`
    t.match(await post({ action: 'wbsetclaim', claim: JSON.stringify({ ...shape, id: G, type: 'statement' }) }), /^(invalid-claim|invalid-snak|modification-failed|invalid-guid|json-too-deep)$/, `wbsetclaim ${name}`)
    t.match(await post({ action: 'wbeditentity', id: 'Q1', data: JSON.stringify({ claims: [shape] }) }), /^(invalid-claim|invalid-snak|modification-failed|json-too-deep)$/, `wbeditentity ${name}`)
    const rest = await app.inject({ method: 'POST', url: `${V1}/entities/items/Q1/statements`, payload: { statement: shape } })
    t.equal(rest.statusCode, 400, `REST ${name}: ${rest.body.slice(0, 120)}`)
  }
  t.match(await post({ action: 'wbsetreference', statement: G, snaks: JSON.stringify([{ snaktype: 'novalue', property: '__proto__' }]) }), /^(invalid-snak|no-such-claim)$/, 'wbsetreference with a __proto__ snak')
  t.equal(await revisions(app), before, 'nothing was stored')
})
