import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { freshDatabase } from '../../../support/test-database.js'
import { newEntityUsageFromIdentity, type EntityUsage } from '../../../../plugin/client/usage/entity-usage.js'
import { SqlUsageTracker } from '../../../../plugin/client/usage/sql-usage-tracker.js'
import { sqlSubscriptionManager, UsageUpdater } from '../../../../plugin/client/usage/usage-updater.js'
import { withTransaction, type WikiDatabase } from '../../../../plugin/db/wiki-database.js'
import type { PageId } from '../../../../hooks/ids.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/**
 * The repo's usage-count aggregate (wb_entity_usage_counts, repo/040) as a client keeps it:
 * a recount of its own pages per entity whenever a page's usages of that entity change.
 */
const u = (identities: string[]): EntityUsage[] => identities.map(newEntityUsageFromIdentity)
const P = (n: number): PageId => n as PageId

t.test('recounts on PostgreSQL', async t => {
  const url = await freshDatabase(t, 'usagecounts')
  const app = await startWiki(t, { siteId: 'testwiki', roles: ['repo', 'client'], database: url, schema: { data: 'testwiki', queue: 'testwiki_jobs' }, worker: { enabled: false } })
  const db: WikiDatabase = wikibaseInternals(app).self
  const tracker = new SqlUsageTracker(db, { addEntityUsagesBatchSize: 500, entityUsagePerPageLimit: 100, disabledUsageAspects: new Map() })
  const counts = async (): Promise<string[]> =>
    (await db.pool.query('SELECT uc_site_id, uc_entity_id, uc_pages FROM testwiki.wb_entity_usage_counts ORDER BY 1, 2')).rows
      .map(r => `${String(r.uc_site_id)}@${String(r.uc_entity_id)}=${String(r.uc_pages)}`)

  for (const repoInClientTransaction of [true, false]) {
    t.test(`add, replace and prune keep the count (repo in the client's transaction: ${String(repoInClientTransaction)})`, async t => {
      await db.pool.query('TRUNCATE testwiki.wbc_entity_usage, testwiki.wb_changes_subscription, testwiki.wb_entity_usage_counts')
      const updater = new UsageUpdater({ tracker, subscriptions: sqlSubscriptionManager(db), subscriberId: 'testwiki', repoInClientTransaction })
      const inTx = async (f: (tx: import('pg').PoolClient) => Promise<unknown>): Promise<void> => { await withTransaction(db.pool, async tx => { await f(tx) }) }
      await inTx(async tx => await updater.replaceUsagesForPage(P(1), u(['Q1#S', 'Q1#L.en', 'Q2#X']), tx))
      t.strictSame(await counts(), ['testwiki@Q1=1', 'testwiki@Q2=1'], 'several aspects of one entity count the page once')
      await inTx(async tx => await updater.addUsagesForPage(P(2), u(['Q1#T']), tx))
      await inTx(async tx => await updater.addUsagesForPage(P(2), u(['Q1#T']), tx))
      t.strictSame(await counts(), ['testwiki@Q1=2', 'testwiki@Q2=1'], 'adding a usage again does not count the page again')
      await inTx(async tx => await updater.replaceUsagesForPage(P(1), u(['Q1#S']), tx))
      t.strictSame(await counts(), ['testwiki@Q1=2'], 'the dropped entity loses its row; Q1 keeps page 1')
      await inTx(async tx => await updater.pruneUsagesForPage(P(2), tx))
      t.strictSame(await counts(), ['testwiki@Q1=1'], 'a deleted page is no more counted')
      await inTx(async tx => await updater.pruneUsagesForPage(P(1), tx))
      t.strictSame(await counts(), [])
    })
  }

  t.test('concurrent saves of many pages using one entity: the count is exact', async t => {
    await db.pool.query('TRUNCATE testwiki.wbc_entity_usage, testwiki.wb_changes_subscription, testwiki.wb_entity_usage_counts')
    // The repo's rows in the client's transaction: every save holds one connection (with a
    // separate repo pool each would need a second one from the same test pool).
    const updater = new UsageUpdater({ tracker, subscriptions: sqlSubscriptionManager(db), subscriberId: 'testwiki', repoInClientTransaction: true })
    const pages = Array.from({ length: 12 }, (_, i) => i + 1)
    await Promise.all(pages.map(async n => { await withTransaction(db.pool, async tx => { await updater.replaceUsagesForPage(P(n), u(['Q7#S', `Q${100 + n}#L.en`]), tx) }) }))
    t.strictSame((await counts()).filter(c => c.startsWith('testwiki@Q7=')), ['testwiki@Q7=12'])
    // All at once: the even pages stop using anything, the odd ones keep Q7 only.
    await Promise.all(pages.map(async n => {
      await withTransaction(db.pool, async tx => { await updater.replaceUsagesForPage(P(n), u(n % 2 === 0 ? [] : ['Q7#S', 'Q7#D.de']), tx) })
    }))
    t.strictSame(await counts(), ['testwiki@Q7=6'], 'each page\'s own Q1xx is gone with its replace; Q7 has the odd pages')
  })
})
