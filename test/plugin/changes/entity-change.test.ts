import t from 'tap'
import { parseEntityId } from '../../../hooks/ids.js'
import { emptyEntityDiffChangedAspects } from '../../../plugin/changes/entity-diff-changed-aspects.js'
import {
  addUserMetadata,
  changeComment,
  changeMetadata,
  changeType,
  getSiteLinkDiff,
  isItemChange,
  newEntityChange,
  newFromUpdate,
  NO_COMPACT_DIFF,
  setChangeMetadata,
  toMwTimestamp,
  type EntityChange
} from '../../../plugin/changes/entity-change.js'
import { decodeChange, encodeChange, parseChangeType } from '../../../plugin/changes/stored-change.js'

const Q42 = parseEntityId('Q42')
const fresh = (): EntityChange => newEntityChange('update', Q42)

t.test('a fresh change (EntityChangeFactory::newForEntity)', async t => {
  t.strictSame(encodeChange(fresh()), { id: null, type: 'wikibase-item~update', time: '', object_id: 'Q42', revision_id: 0, user_id: 0, info: '[]' })
  t.strictSame(fresh(), {
    id: null, time: '', revisionId: 0, userId: 0, compactDiffProblem: NO_COMPACT_DIFF, compactDiff: emptyEntityDiffChangedAspects(),
    action: 'update', entityId: 'Q42', entityType: 'item'
  }, 'decoded: no compact diff yet, no metadata')
  t.equal(changeType(newEntityChange('add', parseEntityId('P31'))), 'wikibase-property~add')
  t.equal(changeType(newEntityChange('restore', Q42)), 'wikibase-item~restore')
  t.throws(() => decodeChange({ ...encodeChange(fresh()), type: 'wikibase-item' }), { name: 'InvalidChangeTypeError', message: /"wikibase-item"/ })
})

t.test('type parts', async t => {
  const cases: Array<[string, string, string]> = [
    ['wikibase-item~update', 'update', 'item'],
    ['wikibase-property~add', 'add', 'property'],
    ['wikibase-item~change', 'change', 'item'],
    ['x~y~z', 'y~z', 'x']
  ]
  for (const [type, action, entityType] of cases) t.strictSame(parseChangeType(type), { entityType, action }, type)
  t.equal(isItemChange(fresh()), true)
  t.equal(isItemChange(newEntityChange('add', parseEntityId('P31'))), false)
  t.equal(toMwTimestamp(new Date('2017-11-22T04:05:06.789Z')), '20171122040506')
})

t.test('metadata (facts §7.3)', async t => {
  let change = setChangeMetadata(fresh(), { kittens: 3, rev_id: 23, user_text: '171.80.182.208' })
  t.strictSame(changeMetadata(change), { page_id: 0, rev_id: 23, parent_id: 0, user_text: '171.80.182.208', comment: 'wikibase-comment-update' }, 'unknown key dropped, comment filled in')
  change = setChangeMetadata(change, { rev_id: 25, comment: 'foo' })
  t.strictSame(changeMetadata(change), { page_id: 0, rev_id: 25, parent_id: 0, user_text: '171.80.182.208', comment: 'foo' }, 'merged into the existing metadata')

  t.strictSame(changeMetadata(setChangeMetadata(fresh(), { user_text: 'kitten' })), { page_id: 0, rev_id: 0, parent_id: 0, user_text: 'kitten', comment: 'wikibase-comment-update' })
  t.strictSame(changeMetadata(fresh()), {}, 'no metadata → {} (no defaults)')

  t.equal(changeComment(fresh()), 'wikibase-comment-update')
  t.equal(changeComment(newEntityChange('remove', Q42)), 'wikibase-comment-remove')
  t.equal(changeComment(setChangeMetadata(fresh(), { comment: 'Foo!' })), 'Foo!')

  const base = fresh()
  const withUser = addUserMetadata(base, 17, 'Some User', 1017)
  t.equal(withUser.userId, 17)
  t.strictSame(changeMetadata(withUser), { page_id: 0, rev_id: 0, parent_id: 0, user_text: 'Some User', central_user_id: 1017, comment: 'wikibase-comment-update' })
  t.strictSame(base, fresh(), 'functions do not modify their input')
})

t.test('getSiteLinkDiff (facts §2.1): title changes only, badge-only left out', async t => {
  const change = newEntityChange('update', Q42, {
    compactDiff: {
      ...emptyEntityDiffChangedAspects(),
      siteLinkChanges: { enwiki: [null, 'A', false], dewiki: ['B', null, true], frwiki: ['C', 'D', false], ruwiki: [null, null, true] }
    }
  })
  t.strictSame(getSiteLinkDiff(change), {
    enwiki: { name: { op: 'add', newValue: 'A' } },
    dewiki: { name: { op: 'remove', oldValue: 'B' } },
    frwiki: { name: { op: 'change', oldValue: 'C', newValue: 'D' } }
  })
  const warnings: string[] = []
  t.strictSame(getSiteLinkDiff(fresh(), m => warnings.push(m)), {})
  const invalid = decodeChange({ ...encodeChange(fresh()), info: '{"compactDiff":"{\\"arrayFormatVersion\\":\\"Milch\\"}"}' })
  t.strictSame(getSiteLinkDiff(invalid, m => warnings.push(m)), {})
  t.match(warnings, [/no compact diff/, /invalid compact diff/])
})

t.test('newFromUpdate (facts §2.2)', async t => {
  const before = { type: 'item', id: 'Q42', labels: { en: { language: 'en', value: 'Douglas Adams' } } }
  const after = { ...before, labels: { ...before.labels, de: { language: 'de', value: 'Douglas Adams' } } }
  const update = newFromUpdate('update', before, after)
  t.strictSame(update, {
    id: null, time: '', revisionId: 0, userId: 0, compactDiff: { ...emptyEntityDiffChangedAspects(), labelChanges: ['de'] },
    action: 'update', entityId: 'Q42', entityType: 'item'
  })
  t.strictSame(newFromUpdate('add', null, after).compactDiff.labelChanges, ['en', 'de'], 'creation')
  t.strictSame(newFromUpdate('remove', before, null).compactDiff.labelChanges, ['en'], 'deletion')
  t.equal(changeType(newFromUpdate('add', null, { type: 'property', id: 'P5', datatype: 'string' })), 'wikibase-property~add')
  t.throws(() => newFromUpdate('update', null, null), { name: 'EntityChangeUpdateError', message: /both the old and the new entity are null/ })
  t.throws(() => newFromUpdate('update', before, { type: 'property', id: 'Q42' }), { name: 'EntityChangeUpdateError', message: /old entity is a item, new entity a property/ })
  t.throws(() => newFromUpdate('update', before, { ...after, id: 'Q43' }), { name: 'EntityChangeUpdateError', message: /Q42.*Q43/ })
})
