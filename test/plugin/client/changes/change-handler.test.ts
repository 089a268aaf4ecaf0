import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { createTestHost } from '../../../support/test-host.js'
import { freshDatabase, queuedJobs, testPool, pendingRefreshPageIds } from '../../../support/test-database.js'
import { handleChanges, changeKey } from '../../../../plugin/client/changes/change-handler.js'
import { newEntityChange, type EntityChange } from '../../../../plugin/changes/entity-change.js'
import { encodeChange } from '../../../../plugin/changes/stored-change.js'
import { emptyEntityDiffChangedAspects, type EntityDiffChangedAspects } from '../../../../plugin/changes/entity-diff-changed-aspects.js'
import { parseEntityId } from '../../../../hooks/ids.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

let nextId = 100
function row (entity: string, aspects: Partial<EntityDiffChangedAspects>, user = 'Some User'): ReturnType<typeof encodeChange> & { id: number } {
  nextId += 1
  const change: EntityChange = newEntityChange('update', parseEntityId(entity), {
    id: nextId, time: '20130101000000', revisionId: 1000 + nextId, userId: 0,
    compactDiff: { ...emptyEntityDiffChangedAspects(), ...aspects },
    metadata: { user_text: user, rev_id: 1000 + nextId, parent_id: 999 + nextId, page_id: 23, bot: 0, comment: 'c' }
  })
  return { ...encodeChange(change), id: nextId }
}

t.test('ChangeHandler', async t => {
  const url = await freshDatabase(t, 'handler')
  const pool = testPool(t, url, 20)
  const host = createTestHost({ pool })
  const app = await startWiki(t, { siteId: 'enwiki', roles: ['client'], database: url, repo: { siteId: 'repo' }, host, worker: { enabled: false } })
  const emmy = await host.addPage('Emmy')
  const other = await host.addPage('Other')
  await pool.query("INSERT INTO wbc_entity_usage (eu_entity_id, eu_aspect, eu_page_id) VALUES ('Q100', 'S', $1), ('Q100', 'L.en', $1)", [emmy])
  const refreshJobs = async (): Promise<number[]> => await pendingRefreshPageIds(pool)

  t.test('the batch hook runs once per notification and the per-change hooks once per change', async t => {
    const seen: string[] = []
    const off = [
      app.wikibase.hooks.hook('changes:coalesced', () => { seen.push('coalesced') }),
      app.wikibase.hooks.hook('change:affectedPages', () => { seen.push('affected') }),
      app.wikibase.hooks.hook('change:handled', () => { seen.push('handled') })
    ]
    t.teardown(() => { for (const f of off) f() })
    await handleChanges([row('Q100', { labelChanges: ['de'] }, 'A'), row('Q100', { labelChanges: ['fr'] }, 'B')], 'repo', wikibaseInternals(app).client!.changeHandler)
    t.same(seen, ['coalesced', 'affected', 'handled', 'affected', 'handled'], 'different users: two changes')
    t.same(await refreshJobs(), [], 'L.de and L.fr changes affect no page here')
  })

  t.test('set-en-label on a linked item updates its page; set-de-label does not', async t => {
    await handleChanges([row('Q100', { labelChanges: ['de'] })], 'repo', wikibaseInternals(app).client!.changeHandler)
    t.same(await refreshJobs(), [])
    const [handled] = await handleChanges([row('Q100', { labelChanges: ['en'] })], 'repo', wikibaseInternals(app).client!.changeHandler)
    t.same(handled!.pageIds, [emmy])
    t.same(await refreshJobs(), [emmy])
  })

  t.test('a replayed notification is not handled again', async t => {
    await pool.query('DELETE FROM wikibase_jobs._private_jobs; DELETE FROM wbc_pending_refresh')
    const notification = [row('Q100', { siteLinkChanges: { dewiki: [null, 'Emmy', false] } })]
    const first = await handleChanges(notification, 'repo', wikibaseInternals(app).client!.changeHandler)
    const again = await handleChanges(notification, 'repo', wikibaseInternals(app).client!.changeHandler)
    t.equal(first.length, 1)
    t.same(again, [], 'the second delivery finds the change handled')
    t.same(await refreshJobs(), [emmy], 'one refresh')
    t.equal((await queuedJobs(pool, 'wikibase_jobs', 'wikibase:purgeWebCache')).length, 1, 'one purge')
  })

  t.test('other plugins can add and drop affected pages', async t => {
    await pool.query('DELETE FROM wikibase_jobs._private_jobs; DELETE FROM wbc_pending_refresh')
    const off = app.wikibase.hooks.hook('change:affectedPages', event => { event.pageIds = event.pageIds.filter(id => id !== emmy).concat(other) })
    t.teardown(off)
    await handleChanges([row('Q100', { labelChanges: ['en'] })], 'repo', wikibaseInternals(app).client!.changeHandler)
    t.same(await refreshJobs(), [other])
  })

  t.test('a local sitelink change updates the old and the new page even without usages', async t => {
    await pool.query('DELETE FROM wikibase_jobs._private_jobs; DELETE FROM wbc_pending_refresh')
    const [handled] = await handleChanges([row('Q200', { siteLinkChanges: { enwiki: ['Emmy', 'Other', false] } })], 'repo', wikibaseInternals(app).client!.changeHandler)
    t.same(handled!.pageIds, [emmy, other])
  })

  t.test('change keys: an id, or the ids a coalesced change was merged from', async t => {
    t.equal(changeKey(newEntityChange('update', parseEntityId('Q1'), { id: 17 })), '17')
    t.equal(changeKey(newEntityChange('update', parseEntityId('Q1'), { changeIds: [18, 19, 17] })), 'batch:17,18,19')
  })

  t.test('the key of a long coalesced run fits the varchar(255) it is stored in, and is the same on replay', async t => {
    const ids = Array.from({ length: 1000 }, (_, i) => 100000 + i)
    const key = changeKey(newEntityChange('update', parseEntityId('Q1'), { changeIds: ids }))
    t.match(key, /^batch:100000\.\.100999:1000:[0-9a-f]{32}$/)
    t.ok(key.length <= 255)
    t.equal(changeKey(newEntityChange('update', parseEntityId('Q1'), { changeIds: [...ids].reverse() })), key)
    t.not(changeKey(newEntityChange('update', parseEntityId('Q1'), { changeIds: ids.filter(id => id !== 100500) })), key, 'another run, another key')
  })
})
