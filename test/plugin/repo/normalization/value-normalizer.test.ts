import t from 'tap'
import type { Snak } from '../../../../plugin/changes/wikibase-entity.js'
import { normalizeCommonsMediaFileName, normalizeSnak } from '../../../../plugin/repo/normalization/value-normalizer.js'

t.test('commonsMedia file names as File: titles', async t => {
  const cases: Array<[string, string]> = [
    ['Wikidata_barcode.svg', 'Wikidata barcode.svg'],
    ['wikidata barcode.svg', 'Wikidata barcode.svg'],
    ['  wikidata__barcode .svg ', 'Wikidata barcode .svg'],
    ['ärger.png', 'Ärger.png'],
    ['ß.png', 'ß.png'],
    ['a#b.png', 'a#b.png']
  ]
  for (const [input, expected] of cases) t.equal(normalizeCommonsMediaFileName(input), expected, input)
})

t.test('snaks: string values in NFC, commonsMedia as a file title, other values and snak types untouched', async t => {
  const value = (v: unknown, type = 'string'): Snak => ({ snaktype: 'value', property: 'P1', hash: 'abc', datavalue: { type, value: v } })
  const cases: Array<[string, Snak, string | undefined, Snak]> = [
    ['string to NFC, stale hash dropped', value('a\u0301'), 'string', { snaktype: 'value', property: 'P1', datavalue: { type: 'string', value: '\u00e1' } }],
    ['external-id to NFC', value('a\u0301'), 'external-id', { snaktype: 'value', property: 'P1', datavalue: { type: 'string', value: '\u00e1' } }],
    ['string keeps underscores', value('a_b'), 'string', value('a_b')],
    ['commonsMedia', value('a_b.jpg'), 'commonsMedia', { snaktype: 'value', property: 'P1', datavalue: { type: 'string', value: 'A b.jpg' } }],
    ['unknown property: by value type only', value('a_e\u0301'), undefined, { snaktype: 'value', property: 'P1', datavalue: { type: 'string', value: 'a_\u00e9' } }],
    ['unchanged: same object with hash', value('Berlin'), 'string', value('Berlin')],
    ['monolingual text untouched', value({ text: 'a', language: 'en' }, 'monolingualtext'), 'monolingualtext', value({ text: 'a', language: 'en' }, 'monolingualtext')],
    ['somevalue', { snaktype: 'somevalue', property: 'P1' }, 'string', { snaktype: 'somevalue', property: 'P1' }]
  ]
  for (const [name, snak, datatype, expected] of cases) t.same(normalizeSnak(snak, datatype), expected, name)
})
