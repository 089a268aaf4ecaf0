import t from 'tap'
import { transformChangeList } from '../../../plugin/changes/change-run-coalescer.js'
import { parseEntityId, type EntityId } from '../../../hooks/ids.js'
import { entityDiffChangedAspectsFromEntities } from '../../../plugin/changes/entity-diff-changed-aspects-factory.js'
import { newEntityChange, type EntityChange } from '../../../plugin/changes/entity-change.js'
import type { WikibaseEntity } from '../../../plugin/changes/wikibase-entity.js'

// Issue 18 point 4: does coalescing give one recentchanges row per page per burst? A client
// makes one row per page per change it handles, so the number of changes transformChangeList
// returns is the number of rows each affected page gets.

// Q7 revisions 1…6: each adds a qualifier-free label in another language.
const languages = ['en', 'de', 'fr', 'nl', 'it', 'es']
const revision = (n: number): WikibaseEntity => ({
  type: 'item', id: 'Q7', descriptions: {}, aliases: {}, claims: {}, sitelinks: {},
  labels: Object.fromEntries(languages.slice(0, n).map(language => [language, { language, value: `Q7 ${language}` }]))
})
const loadEntityRevision = async (_id: EntityId, rev: number) => (rev >= 1 && rev <= 6 ? revision(rev) : null)

/** The edit that made revision `rev` (parent rev − 1), by `user`. */
function edit (rev: number, user: string): EntityChange {
  return newEntityChange('update', parseEntityId('Q7'), {
    id: rev, time: `2025010100000${rev}`, revisionId: rev, userId: 1,
    compactDiff: entityDiffChangedAspectsFromEntities(revision(rev - 1), revision(rev)),
    metadata: { user_text: user, bot: true, page_id: 7, rev_id: rev, parent_id: rev - 1, comment: `edit ${rev}` }
  })
}
const options = { localSiteId: 'enwiki', loadEntityRevision }
const summary = (changes: EntityChange[]) => changes.map(c => ({ ids: c.changeIds ?? [c.id], labels: c.compactDiff.labelChanges }))

t.test('a bot burst handled in one notification: one change, so one row per page', async t => {
  const out = await transformChangeList([2, 3, 4, 5].map(rev => edit(rev, 'Bot')), options)
  t.strictSame(summary(out), [{ ids: [2, 3, 4, 5], labels: ['de', 'fr', 'nl', 'it'] }])
})

t.test('interleaved users: one change per run of one user (Wikibase\'s rule), so one row per run', async t => {
  const out = await transformChangeList([edit(2, 'Bot'), edit(3, 'Bot'), edit(4, 'Alice'), edit(5, 'Bot'), edit(6, 'Bot')], options)
  t.strictSame(summary(out), [
    { ids: [2, 3], labels: ['de', 'fr'] },
    { ids: [4], labels: ['nl'] },
    { ids: [5, 6], labels: ['it', 'es'] }
  ])
})

t.test('one burst split over two notifications (two handleChanges calls): two changes, so two rows per page', async t => {
  const first = await transformChangeList([edit(2, 'Bot'), edit(3, 'Bot')], options)
  const second = await transformChangeList([edit(4, 'Bot'), edit(5, 'Bot')], options)
  t.strictSame([...summary(first), ...summary(second)], [
    { ids: [2, 3], labels: ['de', 'fr'] },
    { ids: [4, 5], labels: ['nl', 'it'] }
  ], 'coalescing sees only the changes of one call: the burst is not merged across calls')
})
