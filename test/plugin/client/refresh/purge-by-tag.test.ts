import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { createTestHost } from '../../../support/test-host.js'
import { freshDatabase, pendingRefreshes, queuedJobs, testPool } from '../../../support/test-database.js'
import { handleChanges, type ChangeHandlerDeps } from '../../../../plugin/client/changes/change-handler.js'
import { newEntityChange } from '../../../../plugin/changes/entity-change.js'
import { encodeChange } from '../../../../plugin/changes/stored-change.js'
import { emptyEntityDiffChangedAspects, type EntityDiffChangedAspects } from '../../../../plugin/changes/entity-diff-changed-aspects.js'
import { parseEntityId } from '../../../../hooks/ids.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'
import { makePurgeCacheTagsTask } from '../../../../jobs/purge-cache-tags.js'
import type { UpdateCause } from '../../../../hooks/contract.js'

// Issue 18 point 3: a host with purgeCacheTags gets one tag purge per change instead of purge
// batches of pages; the pages' refreshes join the pending set, ranked by the usages affected.

let nextId = 100
function row (entity: string, aspects: Partial<EntityDiffChangedAspects>): ReturnType<typeof encodeChange> & { id: number } {
  nextId += 1
  const change = newEntityChange('update', parseEntityId(entity), {
    id: nextId, time: '20130101000000', revisionId: 1000 + nextId, userId: 0,
    compactDiff: { ...emptyEntityDiffChangedAspects(), ...aspects },
    metadata: { user_text: 'Some User', rev_id: 1000 + nextId, parent_id: 999 + nextId, page_id: 23, bot: 0, comment: 'c' }
  })
  return { ...encodeChange(change), id: nextId }
}

t.test('purge by cache tag', async t => {
  const url = await freshDatabase(t, 'purgebytag')
  const pool = testPool(t, url, 10)
  const host = createTestHost({ pool })
  const app = await startWiki(t, { siteId: 'enwiki', roles: ['client'], database: url, repo: { siteId: 'repo' }, host, worker: { enabled: false } })
  const emmy = await host.addPage('Emmy')
  const other = await host.addPage('Other')
  await pool.query("INSERT INTO wbc_entity_usage (eu_entity_id, eu_aspect, eu_page_id) VALUES ('Q100', 'S', $1), ('Q100', 'L.en', $1), ('Q100', 'C.P17', $2)", [emmy, other])
  const purged: Array<{ tags: string[], cause: UpdateCause }> = []
  const base = wikibaseInternals(app).client!.changeHandler
  const deps: ChangeHandlerDeps = { ...base, host: { services: { ...host.services, purgeCacheTags: async (tags: string[], cause: UpdateCause) => { purged.push({ tags, cause }) } } } }
  const reset = async (): Promise<void> => { await pool.query('DELETE FROM wikibase_jobs._private_jobs; DELETE FROM wbc_pending_refresh') }
  const jobs = async (task: string): Promise<any[]> => (await queuedJobs(pool, 'wikibase_jobs', task)).map(j => j.payload)

  t.test('a label change: one tag job, no page purge; the page pending as text', async t => {
    await reset()
    const [handled] = await handleChanges([row('Q100', { labelChanges: ['en'] })], 'repo', deps)
    t.strictSame((await jobs('wikibase:purgeCacheTags')).map(p => p.tags), [['wb-Q100-L', 'wb-Q100-L.en', 'wb-Q100-X']])
    t.strictSame(await jobs('wikibase:purgeWebCache'), [], 'no purge batches')
    t.strictSame((await pendingRefreshes(pool)).map(p => [p.id, p.priority]), [[emmy, 0]])
    t.strictSame([handled!.stats.purgeJobs, handled!.stats.purgeTagJobs, handled!.stats.refreshPages], [0, 1, 1])
  })

  t.test('several changes handled as one batch: one tag job with all their tags; priorities from the usages affected', async t => {
    await reset()
    await handleChanges([row('Q100', { siteLinkChanges: { dewiki: [null, 'Emmy', false] } }), row('Q100', { statementChangesExcludingQualOrRefOnlyChanges: ['P17'] })], 'repo', deps)
    t.strictSame((await jobs('wikibase:purgeCacheTags')).map(p => p.tags), [['wb-Q100-C', 'wb-Q100-C.P17', 'wb-Q100-CQR', 'wb-Q100-CQR.P17', 'wb-Q100-S', 'wb-Q100-X']])
    t.strictSame((await pendingRefreshes(pool)).map(p => [p.id, p.priority]), [[emmy, 2], [other, 1]], 'the language links first, then the statement')
  })

  t.test('pages a local sitelink change reaches carry no tag of the entity: purged by page', async t => {
    await reset()
    await handleChanges([row('Q200', { siteLinkChanges: { enwiki: ['Emmy', 'Other', false] } })], 'repo', deps)
    t.strictSame((await jobs('wikibase:purgeCacheTags')).map(p => p.tags), [['wb-Q200-S', 'wb-Q200-T', 'wb-Q200-X']])
    t.strictSame((await jobs('wikibase:purgeWebCache')).map(p => p.pages.map((page: { id: number }) => page.id)), [[emmy, other]])
    t.strictSame((await pendingRefreshes(pool)).map(p => [p.id, p.priority]), [[emmy, 2], [other, 2]])
  })

  t.test('without purgeCacheTags: purge batches as before, no tag job', async t => {
    await reset()
    await handleChanges([row('Q100', { labelChanges: ['en'] })], 'repo', base)
    t.strictSame(await jobs('wikibase:purgeCacheTags'), [])
    t.strictSame((await jobs('wikibase:purgeWebCache')).map(p => p.pages.map((page: { id: number }) => page.id)), [[emmy]])
  })

  t.test('the task hands the tags to the host; a host without the service does nothing', async t => {
    const cause = { action: 'update', agent: 'uid:1' }
    await makePurgeCacheTagsTask({ host: deps.host as never }).run({ tags: ['wb-Q1'], cause }, {} as never)
    t.strictSame(purged, [{ tags: ['wb-Q1'], cause }])
    await makePurgeCacheTagsTask({ host: { services: {} } }).run({ tags: ['wb-Q1'], cause }, {} as never)
    await makePurgeCacheTagsTask({ host: undefined }).run({ tags: ['wb-Q1'], cause }, {} as never)
  })

  t.test('the facade: a page\'s tags and whether its refresh is pending', async t => {
    await reset()
    t.strictSame(await app.wikibase.cacheTagsForPage(emmy), ['wb-Q100', 'wb-Q100-L.en', 'wb-Q100-S'])
    t.strictSame(await app.wikibase.cacheTagsForPage(other), ['wb-Q100', 'wb-Q100-C.P17'])
    t.equal(await app.wikibase.isRefreshPending(emmy), false)
    await handleChanges([row('Q100', { labelChanges: ['en'] })], 'repo', deps)
    t.equal(await app.wikibase.isRefreshPending(emmy), true)
    t.equal(await app.wikibase.isRefreshPending(other), false)
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 31, '1' as unknown as number]) {
      t.strictSame([await app.wikibase.cacheTagsForPage(bad), await app.wikibase.isRefreshPending(bad)], [[], false], `page id ${String(bad)}`)
    }
    t.equal(app.wikibase.pendingRefreshView, 'render', 'the default')
  })
})
