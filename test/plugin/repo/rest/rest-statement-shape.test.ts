import t from 'tap'
import type { Statement } from '../../../../plugin/changes/wikibase-entity.js'
import { RestApiError } from '../../../../plugin/repo/rest/rest-api-error.js'
import { statementFromRestInput, statementGroupsFromRest, type StatementReader } from '../../../../plugin/repo/rest/rest-statement-input.js'
import { restStatementOf } from '../../../../plugin/repo/rest/rest-statement-shape.js'
import { WIKIBASE_VALIDATION_DEFAULTS } from '../../../../plugin/repo/validation/validation-settings.js'

const GREGORIAN = 'http://www.wikidata.org/entity/Q1985727'
const EARTH = 'http://www.wikidata.org/entity/Q2'
const datatypes = new Map<string, string>([
  ['P1', 'string'], ['P2', 'external-id'], ['P3', 'url'], ['P4', 'commonsMedia'], ['P5', 'geo-shape'], ['P6', 'tabular-data'],
  ['P7', 'math'], ['P8', 'musical-notation'], ['P9', 'wikibase-item'], ['P10', 'wikibase-property'], ['P11', 'wikibase-lexeme'],
  ['P12', 'wikibase-form'], ['P13', 'wikibase-sense'], ['P14', 'monolingualtext'], ['P15', 'time'], ['P16', 'quantity'],
  ['P17', 'globe-coordinate']
])
const reader: StatementReader = { datatypes, settings: WIKIBASE_VALIDATION_DEFAULTS, patched: false }
const datatypeOf = (p: string): string | null => datatypes.get(p) ?? null
const statementWith = (property: string, datavalue: { type: string, value: unknown }): Statement =>
  ({ mainsnak: { snaktype: 'value', property, datavalue }, type: 'statement', id: 'Q1$5627445F-43CB-ED6D-3AD6-F0E8A2D3B6B3', rank: 'normal' }) as Statement

t.test('each data type: canonical datavalue ↔ REST content', async t => {
  const cases: Array<[string, { type: string, value: unknown }, unknown]> = [
    ['P1', { type: 'string', value: 'Berlin' }, 'Berlin'],
    ['P2', { type: 'string', value: '4005728-8' }, '4005728-8'],
    ['P3', { type: 'string', value: 'https://berlin.de/' }, 'https://berlin.de/'],
    ['P4', { type: 'string', value: 'Berlin Skyline.jpg' }, 'Berlin Skyline.jpg'],
    ['P5', { type: 'string', value: 'Data:Berlin.map' }, 'Data:Berlin.map'],
    ['P6', { type: 'string', value: 'Data:Population.tab' }, 'Data:Population.tab'],
    ['P7', { type: 'string', value: 'E=mc^2' }, 'E=mc^2'],
    ['P8', { type: 'string', value: "\\relative c' { c d e }" }, "\\relative c' { c d e }"],
    ['P9', { type: 'wikibase-entityid', value: { 'entity-type': 'item', 'numeric-id': 64, id: 'Q64' } }, 'Q64'],
    ['P10', { type: 'wikibase-entityid', value: { 'entity-type': 'property', 'numeric-id': 31, id: 'P31' } }, 'P31'],
    ['P11', { type: 'wikibase-entityid', value: { 'entity-type': 'lexeme', 'numeric-id': 7, id: 'L7' } }, 'L7'],
    ['P12', { type: 'wikibase-entityid', value: { 'entity-type': 'form', id: 'L7-F2' } }, 'L7-F2'],
    ['P13', { type: 'wikibase-entityid', value: { 'entity-type': 'sense', id: 'L7-S1' } }, 'L7-S1'],
    ['P14', { type: 'monolingualtext', value: { text: 'Berlin', language: 'de' } }, { text: 'Berlin', language: 'de' }],
    ['P15', { type: 'time', value: { time: '+1237-01-01T00:00:00Z', timezone: 0, before: 0, after: 0, precision: 9, calendarmodel: GREGORIAN } },
      { time: '+1237-01-01T00:00:00Z', precision: 9, calendarmodel: GREGORIAN }],
    ['P16', { type: 'quantity', value: { amount: '+3677472', unit: '1' } }, { amount: '+3677472', unit: '1' }],
    ['P16', { type: 'quantity', value: { amount: '+891.8', unit: 'http://www.wikidata.org/entity/Q712226', upperBound: '+892', lowerBound: '+891' } },
      { amount: '+891.8', unit: 'http://www.wikidata.org/entity/Q712226', upperBound: '+892', lowerBound: '+891' }],
    ['P17', { type: 'globecoordinate', value: { latitude: 52.516666666667, longitude: 13.383333333333, altitude: null, precision: 0.016666666666667, globe: EARTH } },
      { latitude: 52.516666666667, longitude: 13.383333333333, precision: 0.016666666666667, globe: EARTH }]
  ]
  for (const [property, datavalue, content] of cases) {
    const rest = restStatementOf(statementWith(property, datavalue), datatypeOf)
    t.same(rest.value, { type: 'value', content }, `${datatypes.get(property)!}: REST content`)
    t.same(rest.property, { id: property, data_type: datatypes.get(property) }, `${datatypes.get(property)!}: property with its data type`)
    t.strictSame(statementFromRestInput(rest, '/statement', reader), statementWith(property, datavalue), `${datatypes.get(property)!}: back to canonical`)
  }
  t.same(restStatementOf(statementWith('P9', { type: 'wikibase-entityid', value: { 'entity-type': 'item', 'numeric-id': 5 } }), datatypeOf).value,
    { type: 'value', content: 'Q5' }, 'an old entity id value without `id` shows the id')
  t.same(restStatementOf(statementWith('P404', { type: 'string', value: 'x' }), datatypeOf).property, { id: 'P404', data_type: null },
    'a property the repo lacks: data_type null')
})

t.test('statement fields: rank, qualifiers in qualifiers-order, references with their hash and parts in snaks-order', async t => {
  const snak = (property: string, value: string): { snaktype: 'value', property: string, datavalue: { type: string, value: string } } =>
    ({ snaktype: 'value', property, datavalue: { type: 'string', value } })
  const stored = {
    mainsnak: { snaktype: 'somevalue', property: 'P1', hash: 'abc' },
    type: 'statement',
    qualifiers: { P2: [snak('P2', 'a')], P7: [snak('P7', 'b'), snak('P7', 'c')] },
    'qualifiers-order': ['P7', 'P2'],
    id: 'Q1$5627445F-43CB-ED6D-3AD6-F0E8A2D3B6B3',
    rank: 'preferred',
    references: [{ hash: 'fa278ebfc458360e5aed63d5058cca83c46134f1', snaks: { P3: [snak('P3', 'https://a.example/')], P1: [snak('P1', 'x')] }, 'snaks-order': ['P1', 'P3'] }]
  } as unknown as Statement
  const pair = (property: string, content: string): unknown => ({ property: { id: property, data_type: datatypes.get(property) }, value: { type: 'value', content } })
  const rest = restStatementOf(stored, datatypeOf)
  t.same(JSON.parse(JSON.stringify(rest)), {
    id: 'Q1$5627445F-43CB-ED6D-3AD6-F0E8A2D3B6B3',
    rank: 'preferred',
    qualifiers: [pair('P7', 'b'), pair('P7', 'c'), pair('P2', 'a')],
    references: [{ hash: 'fa278ebfc458360e5aed63d5058cca83c46134f1', parts: [pair('P1', 'x'), pair('P3', 'https://a.example/')] }],
    property: { id: 'P1', data_type: 'string' },
    value: { type: 'somevalue' }
  })
  t.same(Object.keys(rest), ['id', 'rank', 'qualifiers', 'references', 'property', 'value'], "Wikibase's field order")
  const back = statementFromRestInput(rest, '/statement', reader)
  t.strictSame(back, {
    mainsnak: { snaktype: 'somevalue', property: 'P1' },
    type: 'statement',
    qualifiers: { P7: [snak('P7', 'b'), snak('P7', 'c')], P2: [snak('P2', 'a')] },
    'qualifiers-order': ['P7', 'P2'],
    id: 'Q1$5627445F-43CB-ED6D-3AD6-F0E8A2D3B6B3',
    rank: 'preferred',
    references: [{ snaks: { P1: [snak('P1', 'x')], P3: [snak('P3', 'https://a.example/')] }, 'snaks-order': ['P1', 'P3'] }]
  }, 'canonical again, without stored hashes (the repo stores none it computes)')
  t.same(Object.keys(back), ['mainsnak', 'type', 'qualifiers', 'qualifiers-order', 'id', 'rank', 'references'], 'canonical key order')
  t.strictSame(statementFromRestInput({ property: { id: 'P1', data_type: 'wikibase-item' }, value: { type: 'novalue' } }, '/statement', reader),
    { mainsnak: { snaktype: 'novalue', property: 'P1' }, type: 'statement', rank: 'normal' }, 'defaults; data_type ignored; no empty qualifiers or references')
})

t.test('bad input: the spec\'s error with the JSON Pointer of the field (400; 422 patch-result-* in a patch result)', async t => {
  const P1 = { id: 'P1' }
  const cases: Array<[string, unknown, string, Record<string, unknown>]> = [
    ['not an object', 'Berlin', 'invalid-value', { path: '/statement' }],
    ['no value', { property: P1 }, 'missing-field', { path: '/statement', field: 'value' }],
    ['no property', { value: { type: 'novalue' } }, 'missing-field', { path: '/statement', field: 'property' }],
    ['property a string', { property: 'P1', value: { type: 'novalue' } }, 'invalid-value', { path: '/statement/property' }],
    ['property without id', { property: {}, value: { type: 'novalue' } }, 'missing-field', { path: '/statement/property', field: 'id' }],
    ['property id a number', { property: { id: 1 }, value: { type: 'novalue' } }, 'invalid-value', { path: '/statement/property/id' }],
    ['property id of an item', { property: { id: 'Q1' }, value: { type: 'novalue' } }, 'invalid-value', { path: '/statement/property/id' }],
    ['unknown property', { property: { id: 'P404' }, value: { type: 'novalue' } }, 'referenced-resource-not-found', { path: '/statement/property/id' }],
    ['value without type', { property: P1, value: {} }, 'missing-field', { path: '/statement/value', field: 'type' }],
    ['unknown value type', { property: P1, value: { type: 'some' } }, 'invalid-value', { path: '/statement/value/type' }],
    ['value without content', { property: P1, value: { type: 'value' } }, 'missing-field', { path: '/statement/value', field: 'content' }],
    ['string content a number', { property: P1, value: { type: 'value', content: 5 } }, 'invalid-value', { path: '/statement/value/content' }],
    ['item content a property id', { property: { id: 'P9' }, value: { type: 'value', content: 'P1' } }, 'invalid-value', { path: '/statement/value/content' }],
    ['time without precision', { property: { id: 'P15' }, value: { type: 'value', content: { time: '+2001-01-01T00:00:00Z', calendarmodel: GREGORIAN } } },
      'missing-field', { path: '/statement/value', field: 'precision' }],
    ['time precision a string', { property: { id: 'P15' }, value: { type: 'value', content: { time: '+2001-01-01T00:00:00Z', precision: '11', calendarmodel: GREGORIAN } } },
      'invalid-value', { path: '/statement/value/precision' }],
    ['quantity without unit', { property: { id: 'P16' }, value: { type: 'value', content: { amount: '+1' } } }, 'invalid-value', { path: '/statement/value/content' }],
    ['time of day', { property: { id: 'P15' }, value: { type: 'value', content: { time: '+2001-01-01T10:00:00Z', precision: 14, calendarmodel: GREGORIAN } } },
      'invalid-value', { path: '/statement/value/content' }],
    ['url without scheme', { property: { id: 'P3' }, value: { type: 'value', content: 'berlin.de' } }, 'invalid-value', { path: '/statement/value/content' }],
    ['bad rank', { property: P1, value: { type: 'novalue' }, rank: 'best' }, 'invalid-value', { path: '/statement/rank' }],
    ['id a number', { id: 5, property: P1, value: { type: 'novalue' } }, 'invalid-value', { path: '/statement/id' }],
    ['qualifiers an object', { property: P1, value: { type: 'novalue' }, qualifiers: {} }, 'invalid-value', { path: '/statement/qualifiers' }],
    ['qualifier a number', { property: P1, value: { type: 'novalue' }, qualifiers: [5] }, 'invalid-value', { path: '/statement/qualifiers/0' }],
    ['qualifier without value', { property: P1, value: { type: 'novalue' }, qualifiers: [{ property: P1 }] },
      'missing-field', { path: '/statement/qualifiers/0', field: 'value' }],
    ['reference without parts', { property: P1, value: { type: 'novalue' }, references: [{}] }, 'missing-field', { path: '/statement/references/0', field: 'parts' }],
    ['reference part of an unknown property', { property: P1, value: { type: 'novalue' }, references: [{ parts: [{ property: { id: 'P404' }, value: { type: 'novalue' } }] }] },
      'referenced-resource-not-found', { path: '/statement/references/0/parts/0/property/id' }]
  ]
  for (const [name, input, code, context] of cases) {
    try {
      statementFromRestInput(input, '/statement', reader)
      t.fail(`${name}: accepted`)
    } catch (error) {
      t.ok(error instanceof RestApiError && error.statusCode === 400, `${name}: 400`)
      t.same({ code: (error as RestApiError).code, context: (error as RestApiError).context }, { code, context }, name)
    }
  }
  const patched = { ...reader, patched: true }
  const patchCases: Array<[unknown, string, Record<string, unknown>]> = [
    [{ property: P1 }, 'patch-result-missing-field', { path: '', field: 'value' }],
    [{ property: { id: 'P404' }, value: { type: 'novalue' } }, 'patch-result-referenced-resource-not-found', { path: '/property/id', value: 'P404' }],
    [{ property: P1, value: { type: 'value', content: 5 } }, 'patch-result-invalid-value', { value: 5, path: '/value/content' }]
  ]
  for (const [input, code, context] of patchCases) {
    t.throws(() => statementFromRestInput(input, '', patched), { statusCode: 422, code, context }, code)
  }
})

t.test('statement groups of a whole entity: group key, ids, unchanged statements kept as stored', async t => {
  const stored = statementWith('P1', { type: 'string', value: 'kept' })
  const storedById = new Map([[stored.id!, { ...stored, mainsnak: { ...stored.mainsnak, hash: 'stored-hash' } }]])
  const restOfStored = restStatementOf(stored, datatypeOf)
  const groups = statementGroupsFromRest({ P1: [restOfStored, { property: { id: 'P1' }, value: { type: 'somevalue' } }] }, '/item/statements', reader, 'Q1', storedById)
  t.equal(groups.P1![0], storedById.get(stored.id!), 'an unchanged statement is the stored object, hash and all')
  t.match(groups.P1![1]!.id, /^Q1\$[0-9A-F-]{36}$/, 'a new statement gets a GUID of the entity')
  const fails: Array<[unknown, string, Record<string, unknown>]> = [
    [{ P2: [{ property: { id: 'P1' }, value: { type: 'novalue' } }] }, 'statement-group-property-id-mismatch',
      { path: 'P2/0/property/id', statement_group_property_id: 'P2', statement_property_id: 'P1' }],
    [{ P1: { property: { id: 'P1' } } }, 'invalid-value', { path: '/item/statements/P1' }],
    [[], 'invalid-value', { path: '/item/statements' }],
    [{ 'a/b~': 5 }, 'invalid-value', { path: '/item/statements/a~1b~0' }],
    [{ P1: [{ ...restOfStored, id: 'Q1$00000000-0000-0000-0000-000000000000' }] }, 'cannot-modify-read-only-value', { path: '/item/statements/P1/0/id' }]
  ]
  for (const [input, code, context] of fails) {
    t.throws(() => statementGroupsFromRest(input, '/item/statements', reader, 'Q1', storedById), { statusCode: 400, code, context }, code)
  }
  t.throws(() => statementGroupsFromRest({ P2: [{ property: { id: 'P1' }, value: { type: 'novalue' } }] }, '/statements', { ...reader, patched: true }, 'Q1', storedById),
    { statusCode: 422, code: 'patched-statement-group-property-id-mismatch' })
})
