import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { freshDatabase, pendingRefreshes, queuedJobs } from '../../../support/test-database.js'
import { withTransaction } from '../../../../plugin/db/wiki-database.js'
import { WikiPageUpdater } from '../../../../plugin/client/changes/wiki-page-updater.js'
import { chunk, PageUpdateBatch } from '../../../../plugin/client/changes/page-update-batch.js'
import { titleBatchSignature } from '../../../../plugin/client/changes/root-job-signature.js'
import type { PageId } from '../../../../hooks/ids.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

const pages = [{ id: 21 as PageId, namespace: 0, title: 'Foo' }, { id: 22 as PageId, namespace: 0, title: 'Bar' }, { id: 23 as PageId, namespace: 0, title: 'Cuzz' }]
const change = { id: 17, type: 'wikibase-item~update', time: '20240101000000', object_id: 'Q1', revision_id: 5, user_id: 1, info: '{}' }
const update = {
  repoSiteId: 'repo', change, changeKey: '17',
  causes: () => causes
}
const causes = {
  purge: { action: 'test~action', agent: 'uid:1', rootJobSignature: 'Kittens!', rootJobTimestamp: '20202211060708' },
  refreshLinks: { action: 'test~action', agent: 'uid:1', rootJobSignature: 'Kittens!' },
  recentChanges: { rootJobSignature: 'Kittens!', rootJobTimestamp: '20202211060708' }
}

t.test('chunk', async t => {
  t.same(chunk([1, 2, 3], 2), [[1, 2], [3]])
  t.same(chunk([], 2), [])
})

t.test('WikiPageUpdater (facts §7.14): batch 2 for purges and recentchanges', async t => {
  const url = await freshDatabase(t, 'pageupdater')
  const app = await startWiki(t, { siteId: 'enwiki', roles: ['client'], database: url, repo: { siteId: 'repo' }, worker: { enabled: false } })
  const db = wikibaseInternals(app).self
  const stats = await withTransaction(db.pool, async tx => {
    const updater = new WikiPageUpdater(tx, db, { purgeCacheBatchSize: 2, recentChangesBatchSize: 2, injectRecentChanges: true }, update)
    await updater.schedule(pages)
    return updater.stats
  })

  const purges = await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:purgeWebCache')
  t.strictSame(purges.map(j => j.payload), [
    { pages: [{ id: 21, namespace: 0, title: 'Foo' }, { id: 22, namespace: 0, title: 'Bar' }], cause: causes.purge },
    { pages: [{ id: 23, namespace: 0, title: 'Cuzz' }], cause: causes.purge }
  ], 'purge: two jobs of at most 2 pages, together {21: [0, Foo], 22: [0, Bar], 23: [0, Cuzz]}, each with the root job parameters')

  // Issue 18: the pages join the set of pending refreshes (no usages given: priority 1), one drain job.
  t.strictSame(await pendingRefreshes(db.pool), ['Foo', 'Bar', 'Cuzz'].map((title, i) => ({ id: 21 + i, namespace: 0, title, priority: 1, cause: causes.refreshLinks })),
    'refreshes: Foo, Bar, Cuzz pending, each with the root job parameters')
  t.strictSame((await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:refreshPages')).map(j => [j.key, j.payload]), [['enwiki/refreshPages', {}]], 'one keyed drain job')
  t.strictSame(await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:refreshLinks'), [], 'no job per page')

  const rc = await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:injectRCRecords')
  t.strictSame(rc.map(j => j.payload), [{
    repoSiteId: 'repo',
    entries: [{
      change,
      changeKey: '17',
      pages: [{ id: 21, namespace: 0, title: 'Foo' }, { id: 22, namespace: 0, title: 'Bar' }],
      rootJobSignature: 'Kittens!',
      rootJobTimestamp: '20202211060708'
    }]
  }], 'injectRC: one job for the first batch only ({21: [0, Foo], 22: [0, Bar]}), root job parameters preserved')

  t.strictSame(stats, { purgeJobs: 2, purgeTagJobs: 0, refreshPages: 3, rcJobs: 1, titles: 3, rcTitles: 2, discardedTitles: 1, incompleteChanges: 1 },
    'stats: purge jobs 2 / titles 3; 3 pages to refresh; InjectRCRecords jobs 1, titles 2, discardedTitles 1, incompleteChanges 1')
})

t.test('the recentchanges limit spans streamed batches; a change is incomplete once; injectRecentChanges off queues none', async t => {
  const url = await freshDatabase(t, 'pageupdater2')
  const app = await startWiki(t, { siteId: 'enwiki', roles: ['client'], database: url, repo: { siteId: 'repo' }, worker: { enabled: false } })
  const db = wikibaseInternals(app).self
  await withTransaction(db.pool, async tx => {
    const updater = new WikiPageUpdater(tx, db, { purgeCacheBatchSize: 300, recentChangesBatchSize: 2, injectRecentChanges: true }, update)
    await updater.schedule(pages.slice(0, 1))
    await updater.schedule(pages.slice(1))
    t.strictSame(updater.stats, { purgeJobs: 2, purgeTagJobs: 0, refreshPages: 3, rcJobs: 2, titles: 3, rcTitles: 2, discardedTitles: 1, incompleteChanges: 1 })
  })
  await withTransaction(db.pool, async tx => {
    const updater = new WikiPageUpdater(tx, db, { purgeCacheBatchSize: 300, recentChangesBatchSize: 1, injectRecentChanges: true }, update)
    for (const page of pages) await updater.schedule([page])
    t.strictSame(updater.stats, { purgeJobs: 3, purgeTagJobs: 0, refreshPages: 3, rcJobs: 1, titles: 3, rcTitles: 1, discardedTitles: 2, incompleteChanges: 1 },
      'two batches lose their rows: two discarded titles, still one incomplete change')
  })
  await withTransaction(db.pool, async tx => {
    const updater = new WikiPageUpdater(tx, db, { purgeCacheBatchSize: 300, recentChangesBatchSize: 300, injectRecentChanges: true }, update)
    await updater.schedule(pages)
    t.strictSame(updater.stats, { purgeJobs: 1, purgeTagJobs: 0, refreshPages: 3, rcJobs: 1, titles: 3, rcTitles: 3, discardedTitles: 0, incompleteChanges: 0 }, 'nothing discarded: complete')
  })
  t.equal((await pendingRefreshes(db.pool)).length, 3, 'pending refreshes of a page collapse into one')
  t.equal((await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:refreshPages')).length, 1, 'so do the drain jobs')
  await db.pool.query('DELETE FROM wikibase_jobs._private_jobs')
  await db.pool.query('DELETE FROM wbc_pending_refresh')
  await withTransaction(db.pool, async tx => {
    const updater = new WikiPageUpdater(tx, db, { purgeCacheBatchSize: 300, recentChangesBatchSize: 300, injectRecentChanges: false }, update)
    await updater.schedule(pages)
    t.strictSame(updater.stats, { purgeJobs: 1, purgeTagJobs: 0, refreshPages: 3, rcJobs: 0, titles: 3, rcTitles: 0, discardedTitles: 0, incompleteChanges: 0 })
  })
  t.strictSame(await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:injectRCRecords'), [], 'injectRecentChanges off: no recentchanges job')
  t.equal((await pendingRefreshes(db.pool)).length, 3, 'but the pages are still refreshed')
})

t.test('PageUpdateBatch: the updates of several changes merge — a page purged once, refreshes keyed, one recentchanges job', async t => {
  const url = await freshDatabase(t, 'pageupdatebatch')
  const app = await startWiki(t, { siteId: 'enwiki', roles: ['client'], database: url, repo: { siteId: 'repo' }, worker: { enabled: false } })
  const db = wikibaseInternals(app).self
  const settings = { purgeCacheBatchSize: 2, recentChangesBatchSize: 300, injectRecentChanges: true }
  const change2 = { ...change, id: 18, object_id: 'Q2' }
  const causes2 = { ...causes, purge: { ...causes.purge, agent: 'uid:2' }, refreshLinks: { ...causes.refreshLinks, agent: 'uid:2' } }
  const batchStats = await withTransaction(db.pool, async tx => {
    const batch = new PageUpdateBatch(tx, db, settings, 'repo')
    await new WikiPageUpdater(tx, db, settings, update, batch).schedule(pages.slice(0, 1))
    await new WikiPageUpdater(tx, db, settings, { ...update, change: change2, changeKey: '18', causes: () => causes2 }, batch).schedule(pages)
    t.strictSame(await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:injectRCRecords'), [], 'nothing for recentchanges before the flush')
    await batch.flush()
    return batch.stats
  })
  t.strictSame(batchStats, { purgeJobs: 2, purgeTagJobs: 0, refreshPages: 4, rcJobs: 1 }, 'Foo asked twice, pending once')
  const purges = await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:purgeWebCache')
  t.strictSame(purges.map(j => j.payload), [
    {
      pages: [{ id: 21, namespace: 0, title: 'Foo' }, { id: 22, namespace: 0, title: 'Bar' }],
      cause: { ...causes.purge, rootJobSignature: titleBatchSignature(pages.slice(0, 2)) }
    },
    { pages: [{ id: 23, namespace: 0, title: 'Cuzz' }], cause: causes2.purge }
  ], 'Foo once; a job of pages of two changes: the first one\'s cause, signed with its own title batch')
  const refreshes = (await pendingRefreshes(db.pool)).sort((a, b) => a.id - b.id)
  t.strictSame(refreshes.map(r => ({ page: { id: r.id, namespace: r.namespace, title: r.title }, cause: r.cause })),
    ['Foo', 'Bar', 'Cuzz'].map((title, i) => ({ page: { id: 21 + i, namespace: 0, title }, cause: causes2.refreshLinks })),
    'one pending refresh per page; the last change\'s cause')
  const rc = await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:injectRCRecords')
  t.strictSame(rc.map(j => j.payload), [{
    repoSiteId: 'repo',
    entries: [
      { change, changeKey: '17', pages: [pages[0]], ...causes.recentChanges },
      { change: change2, changeKey: '18', pages, ...causes2.recentChanges }
    ]
  }], 'one job: both changes, each with its pages')
})
