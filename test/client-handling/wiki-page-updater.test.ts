import t from 'tap'
import { startWiki } from '../support/farm.js'
import { freshDatabase, queuedJobs } from '../support/test-database.js'
import { withTransaction } from '../../plugin/db/wiki-database.js'
import { WikiPageUpdater, chunk } from '../../plugin/client/wiki-page-updater.js'
import type { PageId } from '../../plugin/client/page-id.js'

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
  const db = app.wikibase.self
  const stats = await withTransaction(db.pool, async tx => {
    const updater = new WikiPageUpdater(tx, db, { purgeCacheBatchSize: 2, recentChangesBatchSize: 2, injectRecentChanges: true }, update)
    await updater.schedule(pages)
    return updater.stats
  })
  const purges = await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:purgeWebCache')
  t.equal(purges.length, 2, 'two purge jobs')
  t.same(purges.flatMap(j => j.payload.pages), [{ id: 21, namespace: 0, title: 'Foo' }, { id: 22, namespace: 0, title: 'Bar' }, { id: 23, namespace: 0, title: 'Cuzz' }])
  t.same(purges[0]!.payload.cause, causes.purge, 'root job parameters preserved')
  const refreshes = await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:refreshLinks')
  t.same(refreshes.map(j => j.payload.page.title), ['Foo', 'Bar', 'Cuzz'], 'one refresh per title, in order')
  t.same(refreshes[0]!.payload.cause, causes.refreshLinks)
  const rc = await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:injectRCRecords')
  t.equal(rc.length, 1, 'one recentchanges job')
  t.same(rc[0]!.payload.pages.map((p: { id: number }) => p.id), [21, 22], 'for the first batch only')
  t.same(stats, { purgeJobs: 2, refreshLinksJobs: 3, rcJobs: 1, titles: 3, rcTitles: 2, discardedTitles: 1 })
})

t.test('the recentchanges limit spans streamed batches; injectRecentChanges off queues none', async t => {
  const url = await freshDatabase(t, 'pageupdater2')
  const app = await startWiki(t, { siteId: 'enwiki', roles: ['client'], database: url, repo: { siteId: 'repo' }, worker: { enabled: false } })
  const db = app.wikibase.self
  await withTransaction(db.pool, async tx => {
    const updater = new WikiPageUpdater(tx, db, { purgeCacheBatchSize: 300, recentChangesBatchSize: 2, injectRecentChanges: true }, update)
    await updater.schedule(pages.slice(0, 1))
    await updater.schedule(pages.slice(1))
    t.same(updater.stats, { purgeJobs: 2, refreshLinksJobs: 3, rcJobs: 2, titles: 3, rcTitles: 2, discardedTitles: 1 })
  })
  await withTransaction(db.pool, async tx => {
    const updater = new WikiPageUpdater(tx, db, { purgeCacheBatchSize: 300, recentChangesBatchSize: 300, injectRecentChanges: false }, update)
    await updater.schedule(pages)
    t.equal(updater.stats.rcJobs, 0)
  })
  t.equal((await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:refreshLinks')).length, 3, 'pending refreshes of a page collapse into one')
})
