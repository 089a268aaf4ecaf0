import t from 'tap'
import { transformChangeList, sortChanges } from '../../../plugin/changes/change-run-coalescer.js'
import { parseEntityId, type EntityId } from '../../../hooks/ids.js'
import { emptyEntityDiffChangedAspects, type EntityDiffChangedAspects } from '../../../plugin/changes/entity-diff-changed-aspects.js'
import { entityDiffChangedAspectsFromEntities } from '../../../plugin/changes/entity-diff-changed-aspects-factory.js'
import { newEntityChange, type EntityChange, type EntityChangeAction } from '../../../plugin/changes/entity-change.js'
import type { SiteLink, WikibaseEntity } from '../../../plugin/changes/wikibase-entity.js'

// ---- the repo history of ChangeRunCoalescerTest (facts §7.4) ----
// Q1 has revisions 1111…1118, Q2 1211…1218 (there is no r16).

function historyOf (id: string): Map<number, WikibaseEntity> {
  const base = id === 'Q1' ? 1100 : 1200
  const label = (language: string, value: string) => ({ language, value })
  const link = (site: string, title: string, badges: string[] = []): SiteLink => ({ site, title, badges })
  const r11: WikibaseEntity = { type: 'item', id, labels: { en: label('en', 'ORIGINAL') }, descriptions: {}, aliases: {}, claims: {}, sitelinks: { enwiki: link('enwiki', 'Original') } }
  const r12 = { ...r11, labels: { ...r11.labels, de: label('de', 'Test') } }
  const r13 = { ...r12, labels: { ...r12.labels, nl: label('nl', 'Test') } }
  const r14 = { ...r13, sitelinks: { enwiki: link('enwiki', 'Original'), dewiki: link('dewiki', 'Testen') } }
  const r15 = { ...r14, sitelinks: { enwiki: link('enwiki', 'Original', ['Q12345']), dewiki: link('dewiki', 'Testen') } }
  const r17 = { ...r15, sitelinks: { enwiki: link('enwiki', 'Spam', ['Q12345']), dewiki: link('dewiki', 'Testen') } }
  const r18 = { ...r17, sitelinks: { enwiki: link('enwiki', 'Spam', ['Q54321']), dewiki: link('dewiki', 'Testen') } }
  return new Map([[11, r11], [12, r12], [13, r13], [14, r14], [15, r15], [17, r17], [18, r18]].map(([n, e]) => [base + (n as number), e as WikibaseEntity]))
}
const histories = new Map([['Q1', historyOf('Q1')], ['Q2', historyOf('Q2')]])
const entityAt = (id: string, revision: number): WikibaseEntity | null => revision === 0 ? null : histories.get(id)?.get(revision) ?? null
const loadEntityRevision = async (id: EntityId, revision: number) => entityAt(id, revision)

function change (id: number, action: EntityChangeAction, time: string, objectId: string, revision: number, userId: number, parent: number): EntityChange {
  return newEntityChange(action, parseEntityId(objectId), {
    id,
    time,
    revisionId: revision,
    userId,
    compactDiff: entityDiffChangedAspectsFromEntities(entityAt(objectId, parent), entityAt(objectId, revision)),
    metadata: { user_text: `User${userId}`, bot: false, page_id: 0, rev_id: revision, parent_id: parent, comment: `wikibase-item-${action}` }
  })
}

const create11 = change(1, 'add', '20130101010101', 'Q1', 1111, 1, 0)
const update11 = change(2, 'update', '20130102020202', 'Q1', 1112, 1, 1111)
const another11 = change(3, 'update', '20130102020203', 'Q1', 1113, 1, 1112)
const another21 = change(4, 'update', '20130102020203', 'Q1', 1113, 2, 1112)
const xlink11 = change(5, 'update', '20130101020304', 'Q1', 1114, 1, 1113)
const badge11 = change(6, 'update', '20130101020305', 'Q1', 1115, 1, 1114)
const link11 = change(7, 'update', '20130102030407', 'Q1', 1117, 1, 1115)
const delete11 = change(8, 'remove', '20130102030409', 'Q1', 0, 1, 1118)
const update12 = change(9, 'update', '20130102020102', 'Q2', 1212, 1, 1211)
const another12 = change(10, 'update', '20130102020303', 'Q2', 1213, 1, 1213)

/** "M(a, b, …)": the merged change the PHP test expects. */
function merged (run: EntityChange[], compactDiff: Partial<EntityDiffChangedAspects>): EntityChange {
  const first = run[0]!
  const last = run[run.length - 1]!
  const parent = first.metadata!.parent_id!
  return newEntityChange(parent !== 0 ? 'update' : 'add', last.entityId, {
    id: null,
    time: last.time,
    revisionId: last.revisionId,
    userId: last.userId,
    compactDiff: { ...emptyEntityDiffChangedAspects(), ...compactDiff },
    metadata: { page_id: 0, rev_id: last.revisionId, parent_id: parent, user_text: last.metadata!.user_text!, comment: last.metadata!.comment!, bot: false },
    changeIds: run.map(c => c.id),
    mergedChanges: run
  })
}

const cases: Array<[string, EntityChange[], EntityChange[]]> = [
  ['empty', [], []],
  ['one change', [create11], [create11]],
  ['two updates by the same user merge', [update11, another11], [merged([update11, another11], { labelChanges: ['de', 'nl'] })]],
  ['create + updates merge into an add', [create11, update11, another11], [merged([create11, update11, another11], { labelChanges: ['en', 'de', 'nl'], siteLinkChanges: { enwiki: [null, 'Original', false] } })]],
  ['different items', [update11, another12], [update11, another12]],
  ['different users', [update11, another21], [update11, another21]],
  ['sorted by time', [update12, create11], [create11, update12]],
  ['two items, two runs', [update12, update11, another11, another12], [
    merged([update11, another11], { labelChanges: ['de', 'nl'] }),
    merged([update12, another12], { labelChanges: ['de', 'nl'] })
  ]],
  ['action change breaks', [update11, delete11], [update11, delete11]],
  ['local sitelink title change breaks', [update11, link11], [update11, link11]],
  ['local badge-only change does not break (spans parent 1111 → 1115)', [update11, badge11], [
    merged([update11, badge11], { labelChanges: ['de', 'nl'], siteLinkChanges: { dewiki: [null, 'Testen', false], enwiki: [null, null, true] } })
  ]],
  ['other site\'s sitelink change does not break', [update11, xlink11], [
    merged([update11, xlink11], { labelChanges: ['de', 'nl'], siteLinkChanges: { dewiki: [null, 'Testen', false] } })
  ]]
]

t.test('transformChangeList (facts §7.4), local site enwiki', async t => {
  for (const [name, input, expected] of cases) {
    const warnings: string[] = []
    const output = await transformChangeList(input, { localSiteId: 'enwiki', loadEntityRevision, onWarning: m => warnings.push(m) })
    t.strictSame(output, expected, name)
    t.strictSame(warnings, [], `${name}: no warnings`)
  }
})

t.test('unmerged changes are passed on as the same objects', async t => {
  const output = await transformChangeList([update11, link11], { localSiteId: 'enwiki', loadEntityRevision })
  t.equal(output[0], update11)
  t.equal(output[1], link11)
})

t.test('a merged change\'s compact diff is recomputed from full revisions', async t => {
  const [m] = await transformChangeList([update11, badge11], { localSiteId: 'enwiki', loadEntityRevision })
  t.strictSame(m!.compactDiff, entityDiffChangedAspectsFromEntities(entityAt('Q1', 1111), entityAt('Q1', 1115)))
})

t.test('an add after an update breaks the run; add then update does not', async t => {
  const lateCreate = { ...create11, id: 11, time: '20130103000000' }
  const output = await transformChangeList([update11, lateCreate], { localSiteId: 'enwiki', loadEntityRevision })
  t.strictSame(output.map(c => c.id), [2, 11])
})

t.test('the local sitelink check is skipped for a change that already breaks (Wikibase quirk kept)', async t => {
  const badge18 = change(12, 'update', '20130102030408', 'Q1', 1118, 1, 1117)
  // link11 stands alone after update11 (same user and action: the sitelink rule breaks, and breaks the next one too) …
  const alone = await transformChangeList([update11, link11, badge18], { localSiteId: 'enwiki', loadEntityRevision })
  t.strictSame(alone.map(c => c.id), [2, 7, 12])
  // … but after another user's change it already breaks for the user, the sitelink check is skipped,
  // and the badge change after it joins its run.
  const joined = await transformChangeList([another21, link11, badge18], { localSiteId: 'enwiki', loadEntityRevision })
  t.strictSame(joined.map(c => c.id), [4, null])
  t.strictSame(joined[1]!.changeIds, [7, 12])
  t.strictSame(joined[1]!.compactDiff.siteLinkChanges, { enwiki: ['Original', 'Spam', true] })
})

t.test('MergeFailed keeps the originals', async t => {
  const warnings: Array<[string, Record<string, unknown>]> = []
  const missing = async (): Promise<null> => null
  const output = await transformChangeList([update11, another11], { localSiteId: 'enwiki', loadEntityRevision: missing, onWarning: (m, c) => warnings.push([m, c]) })
  t.strictSame(output, [update11, another11])
  t.match(warnings, [[/cannot merge changes of Q1: revision 1113 not found/, { entityId: 'Q1', changeIds: [2, 3] }]])

  const failing = async (): Promise<never> => { throw new Error('database gone') }
  const again = await transformChangeList([update11, another11], { localSiteId: 'enwiki', loadEntityRevision: failing })
  t.strictSame(again, [update11, another11])
})

t.test('bot is true only if every change in the run was a bot edit', async t => {
  const bot = (c: EntityChange, value: boolean): EntityChange => ({ ...c, metadata: { ...c.metadata, bot: value } })
  const [allBots] = await transformChangeList([bot(update11, true), bot(another11, true)], { localSiteId: 'enwiki', loadEntityRevision })
  t.equal(allBots!.metadata!.bot, true)
  const [mixed] = await transformChangeList([bot(update11, true), bot(another11, false)], { localSiteId: 'enwiki', loadEntityRevision })
  t.equal(mixed!.metadata!.bot, false)
})

t.test('sortChanges: by time, then id, stable', async t => {
  const at = (id: number | null, time: string) => ({ ...update11, id, time })
  const input = [at(3, '2'), at(null, '2'), at(1, '1'), at(2, '2'), at(null, '2')]
  t.strictSame(sortChanges(input).map(c => [c.id, c.time]), [[1, '1'], [null, '2'], [null, '2'], [2, '2'], [3, '2']])
})
