import t from 'tap'
import { entityMap, unwrapEntity } from '../../../plugin/changes/wikibase-entity.js'
import { loadCanonicalEntity, readFixtureJson } from '../../fixtures-support/wikidata-fixtures.js'

t.test('unwrapEntity reads both envelopes of the fixtures', async t => {
  const bare = loadCanonicalEntity('entities/P6.json', 'P6')
  t.match(bare, { type: 'property', id: 'P6', datatype: 'wikibase-item' })
  const wrapped = loadCanonicalEntity('entities/Q42.json', 'Q42')
  t.match(wrapped, { type: 'item', id: 'Q42', lastrevid: 2441354823 })
  t.equal(unwrapEntity(readFixtureJson('entities/Q42.json')).id, 'Q42', 'a single entity needs no id')
  t.equal(unwrapEntity(readFixtureJson('responses/wbgetentities-Q6-Q42-P31.json'), 'P31').id, 'P31', 'picked from several')
  t.equal(unwrapEntity(readFixtureJson('entities/Q1040.json'), 'Q32063953').id, 'Q1040', 'a redirect source finds its target')
})

t.test('unwrapEntity says what is wrong', async t => {
  const cases: Array<[unknown, string | undefined, RegExp]> = [
    [null, undefined, /expected an object/],
    [{ entities: { Q1: { type: 'item' }, Q2: { type: 'item' } } }, undefined, /holds 2 entities \(Q1, Q2\); say which one/],
    [{ entities: { Q1: { type: 'item' } } }, 'Q9', /for Q9: the envelope holds Q1/],
    [readFixtureJson('responses/wbgetentities-Q6-Q42-P31.json'), 'Q6', /for Q6: the API reports the entity as missing/],
    [readFixtureJson('revisions/Q1/legacy-r103.json'), undefined, /no "type" string \(legacy serialization\?\)/]
  ]
  for (const [json, id, message] of cases) t.throws(() => unwrapEntity(json, id), { name: 'EntityJsonError', message })
})

t.test('entityMap reads PHP\'s [] and absence as empty', async t => {
  t.strictSame(entityMap([]), {})
  t.strictSame(entityMap(undefined), {})
  t.strictSame(entityMap({ en: 1 }), { en: 1 })
})
