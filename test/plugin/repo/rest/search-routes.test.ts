import t from 'tap'
import { createEntity, deleteEntity, editEntity, restoreEntity, type EditContext } from '../../../../plugin/repo/entities/entity-editor.js'
import { tableName } from '../../../../plugin/db/wiki-database.js'
import { importEntity } from '../../../../plugin/repo/entities/entity-importer.js'
import { editor, startRepo } from '../../../support/repo-test-wiki.js'
import { createTestHost } from '../../../support/test-host.js'
import type { WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

const V1 = '/w/rest.php/wikibase/v1'
type Terms = Record<string, string>
const terms = (map: Terms): Record<string, { language: string, value: string }> =>
  Object.fromEntries(Object.entries(map).map(([language, value]) => [language, { language, value }]))
const item = (labels: Terms, aliases: Record<string, string[]> = {}, descriptions: Terms = {}): WikibaseEntity => ({
  type: 'item',
  labels: terms(labels),
  descriptions: terms(descriptions),
  aliases: Object.fromEntries(Object.entries(aliases).map(([language, list]) => [language, list.map(value => ({ language, value }))]))
} as WikibaseEntity)

t.test('search and suggest over labels and aliases with language fallback', async t => {
  const host = createTestHost()
  const app = await startRepo(t, 'search', host)
  const db = wikibaseInternals(app).self
  const ctx: EditContext = { db, host, user: editor }
  await createEntity(ctx, 'item', item({ de: 'Berlin', en: 'Berlin' }, {}, { de: 'Hauptstadt von Deutschland' }))
  await createEntity(ctx, 'item', item({ de: 'Berliner Mauer', en: 'Berlin Wall' }, { de: ['Mauer'] }))
  await createEntity(ctx, 'item', item({ en: 'Berlinale' }, {}, { en: 'film festival' }))
  await createEntity(ctx, 'item', item({ de: 'Freie Universität Berlin' }, { de: ['FU Berlin'] }))
  await createEntity(ctx, 'item', item({ de: 'Kleinberl' }, { de: ['Berl'] }))
  await createEntity(ctx, 'property', { type: 'property', datatype: 'quantity', labels: terms({ en: 'population' }), aliases: { en: [{ language: 'en', value: 'inhabitants' }] } } as unknown as WikibaseEntity)

  const get = async (path: string): Promise<{ status: number, body: any, headers: Record<string, unknown> }> => {
    const response = await app.inject(`${V1}/${path}`)
    return { status: response.statusCode, body: response.json(), headers: response.headers }
  }
  const ids = async (path: string): Promise<string[]> => {
    const { status, body } = await get(path)
    t.equal(status, 200, path)
    return body.results.map((r: { id: string }) => r.id)
  }

  t.test('suggest: term starts with the query; exact first, requested language before fallback', async t => {
    const { status, body, headers } = await get('suggest/items?q=Berl&language=de')
    t.equal(status, 200)
    t.match(headers['content-type'], /^application\/json/)
    t.same(body, {
      results: [
        { id: 'Q5', 'display-label': { language: 'de', value: 'Kleinberl' }, description: null, match: { type: 'alias', language: 'de', text: 'Berl' } },
        { id: 'Q1', 'display-label': { language: 'de', value: 'Berlin' }, description: { language: 'de', value: 'Hauptstadt von Deutschland' }, match: { type: 'label', language: 'de', text: 'Berlin' } },
        { id: 'Q2', 'display-label': { language: 'de', value: 'Berliner Mauer' }, description: null, match: { type: 'label', language: 'de', text: 'Berliner Mauer' } },
        { id: 'Q3', 'display-label': { language: 'en', value: 'Berlinale' }, description: { language: 'en', value: 'film festival' }, match: { type: 'label', language: 'en', text: 'Berlinale' } }
      ]
    })
    t.same(await ids('suggest/items?q=BERLIN&language=de'), ['Q1', 'Q2', 'Q3'], 'case-insensitive; the exact match first')
    t.same(await ids('suggest/items?q=Berlin&language=fr'), ['Q1', 'Q2', 'Q3'], 'fr falls back to en')
    t.same(await ids('suggest/items?q=mauer&language=de'), ['Q2'], 'an alias')
    t.same(await ids('suggest/items?q=universit%C3%A4t&language=de'), [], 'suggest matches no word inside a term')
    t.same(await ids('suggest/items?q=&language=de'), [], 'an empty query finds nothing')
    t.same(await ids('suggest/items?q=Berl&language=de&limit=2&offset=1'), ['Q1', 'Q2'])
    t.same(await ids('suggest/items?q=Berl&language=de&offset=4'), [])
  })

  t.test('search: also a later word of a term', async t => {
    t.same(await ids('search/items?q=Berl&language=de'), ['Q5', 'Q1', 'Q2', 'Q3', 'Q4'])
    t.same(await ids('search/items?q=universita%CC%88t&language=de'), ['Q4'], 'a decomposed query is NFC-normalised')
    const { body } = await get('search/items?q=fu%20berlin&language=de')
    t.same(body.results, [{ id: 'Q4', 'display-label': { language: 'de', value: 'Freie Universität Berlin' }, description: null, match: { type: 'alias', language: 'de', text: 'FU Berlin' } }])
    t.same(await ids('search/items?q=Berl&language=de&limit=2&offset=1'), ['Q1', 'Q2'])
  })

  t.test('properties', async t => {
    const { body } = await get('search/properties?q=inhab&language=en')
    t.same(body.results, [{ id: 'P1', 'display-label': { language: 'en', value: 'population' }, description: null, match: { type: 'alias', language: 'en', text: 'inhabitants' } }])
    t.same(await ids('suggest/properties?q=pop&language=de'), ['P1'])
    t.same(await ids('suggest/items?q=pop&language=en'), [], 'items do not find properties')
  })

  t.test('the index follows label changes, deletion, restoration, imports and redirects', async t => {
    await editEntity(ctx, 'Q1' as never, entity => ({ ...entity, labels: terms({ de: 'Hauptstadt Berlin', en: 'Berlin' }) }))
    t.same(await ids('suggest/items?q=Berl&language=de'), ['Q5', 'Q2', 'Q1', 'Q3'], 'Q1 now matches by its en label only')
    t.same(await ids('suggest/items?q=hauptstadt&language=de'), ['Q1'])
    await deleteEntity(ctx, 'Q2' as never)
    t.same(await ids('search/items?q=Berl&language=de'), ['Q5', 'Q1', 'Q3', 'Q4'], 'a deleted item is not found')
    await restoreEntity(ctx, 'Q2' as never)
    t.same(await ids('search/items?q=Berl&language=de'), ['Q5', 'Q2', 'Q1', 'Q3', 'Q4'], 'a restored item is found again')
    await importEntity(db, { ...item({ de: 'Berlin-Mitte' }), id: 'Q40' } as WikibaseEntity)
    t.same(await ids('suggest/items?q=berlin-&language=de'), ['Q40'], 'an imported item')
    await db.pool.query(`UPDATE ${tableName(db, 'wb_entities')} SET entity_redirect_target = 'Q1' WHERE entity_id = 'Q40'`)
    t.same(await ids('suggest/items?q=berlin-&language=de'), [], 'a redirect is not found')
  })

  t.test('bad parameters: 400 invalid-query-parameter naming the parameter', async t => {
    const cases: Array<[string, string]> = [
      ['search/items?language=de', 'q'],
      ['search/items?q=a&q=b&language=de', 'q'],
      ['search/items?q=a', 'language'],
      ['search/items?q=a&language=', 'language'],
      ['search/items?q=a&language=EN', 'language'],
      ['search/items?q=a&language=xyz-unknown', 'language'],
      ['search/items?q=a&language=mul', 'language'],
      ['search/items?q=a&language=constructor', 'language'],
      ['search/items?q=a&language=de&language=en', 'language'],
      ['search/items?q=a&language=de&limit=0', 'limit'],
      ['search/items?q=a&language=de&limit=501', 'limit'],
      ['search/items?q=a&language=de&limit=1.5', 'limit'],
      ['search/items?q=a&language=de&limit=abc', 'limit'],
      ['search/properties?q=a&language=de&limit=-1', 'limit'],
      ['suggest/items?q=a&language=de&limit=51', 'limit'],
      ['suggest/properties?q=a&language=de&offset=-1', 'offset'],
      ['suggest/items?q=a&language=de&offset=1e3', 'offset'],
      ['suggest/items?q=a&language=de&offset=99999999999999999999', 'offset'],
      ['search/items?q=a&language=zz&limit=0', 'language']
    ]
    for (const [path, parameter] of cases) {
      const { status, body } = await get(path)
      t.equal(status, 400, path)
      t.same(body, { code: 'invalid-query-parameter', message: `Invalid query parameter: '${parameter}'`, context: { parameter } }, path)
    }
    for (const path of ['search/items?q=a%00&language=de', 'search/items?q=a&language=de%00']) {
      const { status, body } = await get(path)
      t.equal(status, 400, path)
      t.equal(body.code, 'invalid-query-parameter', path)
    }
    t.same(await ids(`search/items?q=${'b'.repeat(5000)}&language=de`), [], 'a very long query')
    t.same(await ids('suggest/items?q=%ED%A0%80&language=de'), [], 'bytes that are not UTF-8 are no surrogate once decoded: no match')
    t.same(await ids('search/items?q=a&language=de&limit=500&offset=10000000'), [], 'an offset past the result window answers no results')
    t.same(await ids('suggest/items?q=a&language=de&limit=50'), [])
  })
})

t.test('GET property-data-types: each data type with its value type', async t => {
  const app = await startRepo(t, 'datatypes')
  const response = await app.inject(`${V1}/property-data-types`)
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.match(body, {
    commonsMedia: 'string',
    'geo-shape': 'string',
    'tabular-data': 'string',
    url: 'string',
    'external-id': 'string',
    'wikibase-item': 'wikibase-entityid',
    'wikibase-property': 'wikibase-entityid',
    'globe-coordinate': 'globecoordinate',
    monolingualtext: 'monolingualtext',
    quantity: 'quantity',
    string: 'string',
    time: 'time'
  })
  t.ok(Object.values(body).every(v => typeof v === 'string'))
})
