import t from 'tap'
import { parseEntityId } from '../../../hooks/ids.js'
import { emptyEntityDiffChangedAspects, entityDiffChangedAspectsToArray, type EntityDiffChangedAspects } from '../../../plugin/changes/entity-diff-changed-aspects.js'
import {
  addUserMetadata,
  changeAction,
  changeAge,
  changeComment,
  changeCompactDiff,
  changeEntityType,
  changeMetadata,
  changeUserId,
  deserializeChange,
  deserializeChangeInfo,
  getSiteLinkDiff,
  isItemChange,
  newEntityChange,
  newEntityChangeForChangeType,
  newFromUpdate,
  serializeChangeForJob,
  serializeChangeInfo,
  setChangeMetadata,
  toMwTimestamp,
  type EntityChange
} from '../../../plugin/changes/entity-change.js'

const Q42 = parseEntityId('Q42')
const fresh = (): EntityChange => newEntityChange('update', Q42)

t.test('a fresh change (EntityChangeFactory::newForEntity)', async t => {
  t.strictSame(fresh(), { id: null, type: 'wikibase-item~update', time: '', object_id: 'Q42', revision_id: 0, user_id: 0, info: {} })
  t.equal(newEntityChange('add', parseEntityId('P31')).type, 'wikibase-property~add')
  t.equal(newEntityChangeForChangeType('wikibase-item~restore', Q42).type, 'wikibase-item~restore')
  t.throws(() => newEntityChangeForChangeType('wikibase-item', Q42), { name: 'InvalidChangeTypeError', message: /"wikibase-item".*wikibase-<entityType>~<action>/ })
})

t.test('type parts, user id and age', async t => {
  const cases: Array<[string, string, string, boolean]> = [
    ['wikibase-item~update', 'update', 'item', true],
    ['wikibase-property~add', 'add', 'property', false],
    ['wikibase-item~change', 'change', 'item', true],
    ['x~y~z', 'y~z', 'x', false]
  ]
  for (const [type, action, entityType, item] of cases) {
    t.strictSame([changeAction({ type }), changeEntityType({ type }), isItemChange({ type })], [action, entityType, item], type)
  }
  t.equal(changeUserId({}), 0)
  t.equal(changeUserId({ user_id: 7 }), 7)
  t.equal(changeAge({ time: '20130101000000' }, new Date('2013-01-01T00:01:40Z')), 100)
  t.equal(toMwTimestamp(new Date('2017-11-22T04:05:06.789Z')), '20171122040506')
})

t.test('metadata (facts §7.3)', async t => {
  let change = setChangeMetadata(fresh(), { kittens: 3, rev_id: 23, user_text: '171.80.182.208' })
  t.strictSame(changeMetadata(change), { page_id: 0, rev_id: 23, parent_id: 0, user_text: '171.80.182.208', comment: 'wikibase-comment-update' }, 'unknown key dropped, comment filled in')
  change = setChangeMetadata(change, { rev_id: 25, comment: 'foo' })
  t.strictSame(changeMetadata(change), { page_id: 0, rev_id: 25, parent_id: 0, user_text: '171.80.182.208', comment: 'foo' }, 'merged into the existing metadata')

  t.strictSame(changeMetadata(setChangeMetadata(fresh(), { user_text: 'kitten' })), { page_id: 0, rev_id: 0, parent_id: 0, user_text: 'kitten', comment: 'wikibase-comment-update' })
  t.strictSame(changeMetadata({ ...fresh(), info: {} }), {}, 'no metadata → {} (no defaults)')

  t.equal(changeComment(fresh()), 'wikibase-comment-update')
  t.equal(changeComment(newEntityChange('remove', Q42)), 'wikibase-comment-remove')
  t.equal(changeComment(setChangeMetadata(fresh(), { comment: 'Foo!' })), 'Foo!')

  const withUser = addUserMetadata(fresh(), 17, 'Some User', 1017)
  t.equal(withUser.user_id, 17)
  t.strictSame(changeMetadata(withUser), { page_id: 0, rev_id: 0, parent_id: 0, user_text: 'Some User', central_user_id: 1017, comment: 'wikibase-comment-update' })
  t.strictSame(fresh().info, {}, 'functions do not modify their input')
})

const labelsFa: EntityDiffChangedAspects = { ...emptyEntityDiffChangedAspects(), labelChanges: ['fa'] }

t.test('serialized info (facts §7.3, §1.2)', async t => {
  t.equal(serializeChangeInfo({ info: { field: 'value' } }), '{"field":"value"}')
  t.equal(serializeChangeInfo({ info: { field: 'value', evil: 'yes' } }, ['evil']), '{"field":"value"}')
  t.equal(serializeChangeInfo({ info: {} }), '[]', 'PHP writes an empty array')

  const info = {
    compactDiff: { ...labelsFa, siteLinkChanges: { enwiki: ['AC/DC', null, false] } } as EntityDiffChangedAspects,
    metadata: { user_text: 'Ümit', comment: '/* wbsetlabel-add:1|fa */' }
  }
  t.equal(
    serializeChangeInfo({ info }),
    '{"compactDiff":"{\\"arrayFormatVersion\\":1,\\"labelChanges\\":[\\"fa\\"],\\"descriptionChanges\\":[],\\"aliasChanges\\":[],' +
      '\\"statementChangesExcludingQualOrRefOnlyChanges\\":[],\\"statementChangesQualOrRefOnly\\":[],\\"siteLinkChanges\\":{\\"enwiki\\":[\\"AC\\\\\\/DC\\",null,false]},\\"otherChanges\\":false}",' +
      '"metadata":{"user_text":"\\u00dcmit","comment":"\\/* wbsetlabel-add:1|fa *\\/"}}',
    'compactDiff is a JSON string inside the JSON (double encoded, as on Wikidata: {"compactDiff":"{\\"arrayFormatVersio…)'
  )
})

t.test('compact diff round trip (facts §7.3)', async t => {
  const stored = serializeChangeInfo({ info: { compactDiff: labelsFa } })
  const decoded = deserializeChangeInfo(stored)
  t.type(decoded.compactDiff, 'string', 'kept as text until read')
  t.strictSame(changeCompactDiff({ info: decoded }), labelsFa)

  const arrayForm = entityDiffChangedAspectsToArray(labelsFa)
  const change = { ...fresh(), info: { compactDiff: arrayForm } }
  t.equal(change.info.compactDiff, arrayForm, 'the array form stays an array')
  t.strictSame(changeCompactDiff(change), labelsFa, 'and reads as aspects')
  t.strictSame(changeCompactDiff(fresh()), emptyEntityDiffChangedAspects(), 'no compact diff → empty')
  t.throws(() => changeCompactDiff({ info: { compactDiff: '{"arrayFormatVersion":2}' } }), { name: 'InvalidEntityDiffChangedAspectsError' })
})

t.test('info from stored text', async t => {
  const warnings: string[] = []
  t.strictSame(deserializeChangeInfo('{nope', m => warnings.push(m)), {})
  t.strictSame(deserializeChangeInfo('"text"', m => warnings.push(m)), {})
  t.strictSame(deserializeChangeInfo('[]'), {})
  t.equal(warnings.length, 2)
  t.match(warnings[0], /not valid JSON/)
  const row = { id: 5, type: 'wikibase-item~update', time: '20130101000000', object_id: 'Q42', revision_id: 9, user_id: 1, info: '{"metadata":{"rev_id":9}}' }
  t.strictSame(deserializeChange(row).info, { metadata: { rev_id: 9 } })
})

t.test('job serialization strips the coalesced originals', async t => {
  const original = setChangeMetadata({ ...fresh(), id: 3 }, { rev_id: 1 })
  const merged: EntityChange = { ...fresh(), info: { compactDiff: labelsFa, 'change-ids': [3, 4], changes: [original] } }
  const forJob = serializeChangeForJob(merged)
  t.type(forJob.info, 'string')
  const info = JSON.parse(forJob.info) as Record<string, unknown>
  t.strictSame(Object.keys(info), ['compactDiff', 'change-ids'])
  t.strictSame(info['change-ids'], [3, 4])
  t.match(JSON.parse(serializeChangeInfo(merged)), { changes: [{ id: 3, info: { metadata: { rev_id: 1 } } }] }, 'kept when storing')
})

t.test('getSiteLinkDiff (facts §2.1): title changes only, badge-only left out', async t => {
  const change = { info: { compactDiff: { ...emptyEntityDiffChangedAspects(), siteLinkChanges: { enwiki: [null, 'A', false], dewiki: ['B', null, true], frwiki: ['C', 'D', false], ruwiki: [null, null, true] } } as EntityDiffChangedAspects } }
  t.strictSame(getSiteLinkDiff(change), {
    enwiki: { name: { op: 'add', newValue: 'A' } },
    dewiki: { name: { op: 'remove', oldValue: 'B' } },
    frwiki: { name: { op: 'change', oldValue: 'C', newValue: 'D' } }
  })
  const warnings: string[] = []
  t.strictSame(getSiteLinkDiff({ info: {} }, m => warnings.push(m)), {})
  t.strictSame(getSiteLinkDiff({ info: { compactDiff: '{"arrayFormatVersion":"Milch"}' } }, m => warnings.push(m)), {})
  t.match(warnings, [/no compact diff/, /invalid compact diff/])
})

t.test('newFromUpdate (facts §2.2)', async t => {
  const before = { type: 'item', id: 'Q42', labels: { en: { language: 'en', value: 'Douglas Adams' } } }
  const after = { ...before, labels: { ...before.labels, de: { language: 'de', value: 'Douglas Adams' } } }
  const update = newFromUpdate('update', before, after)
  t.strictSame(update, { id: null, type: 'wikibase-item~update', time: '', object_id: 'Q42', revision_id: 0, user_id: 0, info: { compactDiff: { ...emptyEntityDiffChangedAspects(), labelChanges: ['de'] } } })
  t.strictSame(changeCompactDiff(newFromUpdate('add', null, after)).labelChanges, ['en', 'de'], 'creation')
  t.strictSame(changeCompactDiff(newFromUpdate('remove', before, null)).labelChanges, ['en'], 'deletion')
  t.equal(newFromUpdate('add', null, { type: 'property', id: 'P5', datatype: 'string' }).type, 'wikibase-property~add')
  t.throws(() => newFromUpdate('update', null, null), { name: 'EntityChangeUpdateError', message: /both the old and the new entity are null/ })
  t.throws(() => newFromUpdate('update', before, { type: 'property', id: 'Q42' }), { name: 'EntityChangeUpdateError', message: /old entity is a item, new entity a property/ })
  t.throws(() => newFromUpdate('update', before, { ...after, id: 'Q43' }), { name: 'EntityChangeUpdateError', message: /Q42.*Q43/ })
})
