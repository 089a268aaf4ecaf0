import t from 'tap'
import {
  deserializeEntityDiffChangedAspects,
  emptyEntityDiffChangedAspects,
  entityDiffChangedAspectsFromArray,
  entityDiffChangedAspectsToArray,
  isEmptyEntityDiffChangedAspects,
  newEntityDiffChangedAspects,
  serializeEntityDiffChangedAspects,
  statementChanges,
  type EntityDiffChangedAspects
} from '../../../plugin/changes/entity-diff-changed-aspects.js'

const valid = (): { [K in keyof EntityDiffChangedAspects]: unknown } => ({
  labelChanges: ['a', '1'],
  descriptionChanges: ['b', '2'],
  aliasChanges: ['f', '1'],
  statementChangesExcludingQualOrRefOnlyChanges: ['c', '3'],
  statementChangesQualOrRefOnly: ['q', '4'],
  siteLinkChanges: { d: [null, null, true] },
  otherChanges: true
})

t.test('construction rejects what Wikibase rejects, naming the field (facts §7.2)', async t => {
  const cases: Array<[string, Partial<ReturnType<typeof valid>>, RegExp]> = [
    ['integer in labelChanges', { labelChanges: ['a', 1] }, /labelChanges: member 1 is number/],
    ['integer in descriptionChanges', { descriptionChanges: [2] }, /descriptionChanges: member 0 is number/],
    ['integer in aliasChanges', { aliasChanges: ['f', 1] }, /aliasChanges: member 1 is number/],
    ['integer in excluding list', { statementChangesExcludingQualOrRefOnlyChanges: [3] }, /statementChangesExcludingQualOrRefOnlyChanges: member 0/],
    ['integer in qual/ref list', { statementChangesQualOrRefOnly: [4] }, /statementChangesQualOrRefOnly: member 0/],
    ['a list that is not a list', { labelChanges: 'de' }, /labelChanges: expected a list of strings/],
    ['non-string sitelink key (Map)', { siteLinkChanges: new Map([[1, [null, null, true]]]) }, /siteLinkChanges: key 1 is not a site id string/],
    ['integer-like sitelink key (an int key to PHP)', { siteLinkChanges: { 0: [null, null, true] } }, /siteLinkChanges: key "0" is not a site id string/],
    ['non-array sitelink value', { siteLinkChanges: { d: 'foo' } }, /siteLinkChanges: value for d is not an array/],
    ['malformed sitelink triple', { siteLinkChanges: { d: [null, null] } }, /value for d is not \[old title\|null, new title\|null, badges changed\]/],
    ['siteLinkChanges not a map', { siteLinkChanges: 'enwiki' }, /siteLinkChanges: expected a map/],
    ['otherChanges null', { otherChanges: null }, /otherChanges: expected a boolean \(got null\)/],
    ['otherChanges 1', { otherChanges: 1 }, /otherChanges: expected a boolean \(got 1\)/]
  ]
  for (const [name, override, message] of cases) {
    t.throws(() => newEntityDiffChangedAspects({ ...valid(), ...override }), { name: 'InvalidEntityDiffChangedAspectsError', message }, name)
  }
})

t.test('toArray has arrayFormatVersion 1 first and Wikibase\'s key order', async t => {
  const array = entityDiffChangedAspectsToArray(newEntityDiffChangedAspects(valid()))
  t.same(Object.keys(array), [
    'arrayFormatVersion',
    'labelChanges',
    'descriptionChanges',
    'aliasChanges',
    'statementChangesExcludingQualOrRefOnlyChanges',
    'statementChangesQualOrRefOnly',
    'siteLinkChanges',
    'otherChanges'
  ])
  t.strictSame(array, {
    arrayFormatVersion: 1,
    labelChanges: ['a', '1'],
    descriptionChanges: ['b', '2'],
    aliasChanges: ['f', '1'],
    statementChangesExcludingQualOrRefOnlyChanges: ['c', '3'],
    statementChangesQualOrRefOnly: ['q', '4'],
    siteLinkChanges: { d: [null, null, true] },
    otherChanges: true
  })
})

const EMPTY_OTHER_BODY = '{"arrayFormatVersion":1,"labelChanges":[],"descriptionChanges":[],"aliasChanges":[],"statementChangesExcludingQualOrRefOnlyChanges":[],"statementChangesQualOrRefOnly":[],"siteLinkChanges":[],"otherChanges":true}'
const OLD_BODY_WITHOUT_ALIASES = '{"arrayFormatVersion":1,"labelChanges":[],"descriptionChanges":[],"statementChangesExcludingQualOrRefOnlyChanges":[],"statementChangesQualOrRefOnly":[],"siteLinkChanges":[],"otherChanges":true}'

t.test('serialization is the JSON text PHP writes', async t => {
  const otherOnly = { ...emptyEntityDiffChangedAspects(), otherChanges: true }
  t.equal(serializeEntityDiffChangedAspects(otherOnly), EMPTY_OTHER_BODY, 'empty siteLinkChanges is []')
  const filled: EntityDiffChangedAspects = {
    ...emptyEntityDiffChangedAspects(),
    labelChanges: ['fa'],
    siteLinkChanges: { enwiki: ['AC/DC', 'Münster', false], dewiki: [null, null, true] }
  }
  t.equal(
    serializeEntityDiffChangedAspects(filled),
    '{"arrayFormatVersion":1,"labelChanges":["fa"],"descriptionChanges":[],"aliasChanges":[],"statementChangesExcludingQualOrRefOnlyChanges":[],"statementChangesQualOrRefOnly":[],' +
      '"siteLinkChanges":{"enwiki":["AC\\/DC","M\\u00fcnster",false],"dewiki":[null,null,true]},"otherChanges":false}',
    'filled siteLinkChanges is an object; / and non-ASCII escaped'
  )
  t.strictSame(deserializeEntityDiffChangedAspects(serializeEntityDiffChangedAspects(filled)), filled, 'round trip')
})

t.test('deserialization (facts §7.2)', async t => {
  const expected = { ...emptyEntityDiffChangedAspects(), otherChanges: true }
  t.strictSame(deserializeEntityDiffChangedAspects(EMPTY_OTHER_BODY), expected)
  t.strictSame(deserializeEntityDiffChangedAspects(OLD_BODY_WITHOUT_ALIASES), expected, 'missing aliasChanges reads as []')
  for (const version of [-1, 0, 2, 'Milch', '1', null]) {
    const body = EMPTY_OTHER_BODY.replace('"arrayFormatVersion":1', `"arrayFormatVersion":${JSON.stringify(version)}`)
    t.throws(() => deserializeEntityDiffChangedAspects(body), { name: 'InvalidEntityDiffChangedAspectsError', message: /arrayFormatVersion: unsupported array format version, expected 1/ }, `version ${JSON.stringify(version)}`)
  }
  t.throws(() => entityDiffChangedAspectsFromArray({ labelChanges: [] }), { message: /arrayFormatVersion: unsupported array format version, expected 1 \(got undefined\)/ }, 'missing version')
  t.throws(() => deserializeEntityDiffChangedAspects('{"arrayFormatVersion":1,'), { name: 'InvalidEntityDiffChangedAspectsError', message: /not JSON/ })
  t.throws(() => deserializeEntityDiffChangedAspects(EMPTY_OTHER_BODY.replace('"labelChanges":[]', '"labelChanges":[7]')), { message: /labelChanges: member 0 is number/ })
})

t.test('helpers', async t => {
  const aspects = newEntityDiffChangedAspects(valid())
  t.strictSame(statementChanges(aspects), ['c', '3', 'q', '4'], 'getStatementChanges: excluding first, then qual/ref-only')
  t.equal(isEmptyEntityDiffChangedAspects(emptyEntityDiffChangedAspects()), true)
  t.equal(isEmptyEntityDiffChangedAspects(aspects), false)
  t.equal(isEmptyEntityDiffChangedAspects({ ...emptyEntityDiffChangedAspects(), siteLinkChanges: { d: [null, null, true] } }), false)
})
