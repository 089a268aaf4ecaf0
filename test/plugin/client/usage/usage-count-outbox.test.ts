import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { freshDatabase, queuedJobs } from '../../../support/test-database.js'
import { newEntityUsageFromIdentity, type EntityUsage } from '../../../../plugin/client/usage/entity-usage.js'
import { SqlUsageTracker } from '../../../../plugin/client/usage/sql-usage-tracker.js'
import { sqlSubscriptionManager, UsageUpdater } from '../../../../plugin/client/usage/usage-updater.js'
import { syncUsageCounts } from '../../../../plugin/client/usage/usage-count-sync.js'
import { deleteWrittenCounts, readUsageCountOutbox } from '../../../../plugin/client/usage/usage-count-outbox.js'
import { setUsageCounts } from '../../../../plugin/repo-reader/entity-usage-counts.js'
import { withTransaction, type WikiDatabase } from '../../../../plugin/db/wiki-database.js'
import type { PageId } from '../../../../hooks/ids.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/**
 * Deferred usage counts (client migration 080): a save marks the entities it gained or lost
 * in the client's outbox and queues one keyed wikibase:syncUsageCounts; the sync writes
 * recounted absolute counts to wb_entity_usage_counts. Subscriptions stay in the save.
 */
const u = (identities: string[]): EntityUsage[] => identities.map(newEntityUsageFromIdentity)
const P = (n: number): PageId => n as PageId

t.test('deferred usage counts on PostgreSQL', async t => {
  const url = await freshDatabase(t, 'usagecountoutbox')
  const app = await startWiki(t, { siteId: 'testwiki', roles: ['repo', 'client'], database: url, schema: { data: 'testwiki', queue: 'testwiki_jobs' }, worker: { enabled: false } })
  const db: WikiDatabase = wikibaseInternals(app).self
  const tracker = new SqlUsageTracker(db, { addEntityUsagesBatchSize: 500, entityUsagePerPageLimit: 100, disabledUsageAspects: new Map() })
  // The repo is this wiki's own database, written outside the save's transaction (as a farm client's repo is).
  const updater = new UsageUpdater({ tracker, subscriptions: sqlSubscriptionManager(db), subscriberId: 'testwiki', repoInClientTransaction: false, countOutbox: db })
  const sync = async (): Promise<number> => await syncUsageCounts({ db, tracker, repo: db })
  const save = async (page: number, identities: string[]): Promise<void> => {
    await withTransaction(db.pool, async tx => { await updater.replaceUsagesForPage(P(page), u(identities), tx) })
  }
  const rows = async (sql: string): Promise<string[]> => (await db.pool.query(sql)).rows.map(r => Object.values(r).join(':'))
  const counts = async (): Promise<string[]> => await rows('SELECT uc_entity_id, uc_pages FROM testwiki.wb_entity_usage_counts ORDER BY 1')
  const subscriptions = async (): Promise<string[]> => await rows('SELECT cs_entity_id FROM testwiki.wb_changes_subscription ORDER BY 1')
  const outbox = async (): Promise<string[]> => await rows('SELECT uo_entity_id FROM testwiki.wbc_usage_count_outbox ORDER BY 1')
  const jobs = async (): Promise<number> => (await queuedJobs(db.pool, 'testwiki_jobs', 'wikibase:syncUsageCounts')).length
  const reset = async (): Promise<void> => {
    await db.pool.query(`TRUNCATE testwiki.wbc_entity_usage, testwiki.wb_changes_subscription, testwiki.wb_entity_usage_counts,
      testwiki.wbc_usage_count_outbox`)
    await db.pool.query('DELETE FROM testwiki_jobs._private_jobs')
  }

  t.test('two saves collapse into one job; the sync writes exact counts and empties the outbox', async t => {
    await reset()
    await save(1, ['Q1#S', 'Q1#L.en', 'Q2#X'])
    await save(2, ['Q1#T', 'Q3#S'])
    t.strictSame(await subscriptions(), ['Q1', 'Q2', 'Q3'], 'subscriptions are written by the save itself')
    t.strictSame(await counts(), [], 'counts are not')
    t.strictSame(await outbox(), ['Q1', 'Q2', 'Q3'])
    t.equal(await jobs(), 1, 'one keyed job for both saves')
    t.equal(await sync(), 3)
    t.strictSame(await counts(), ['Q1:2', 'Q2:1', 'Q3:1'])
    t.strictSame(await outbox(), [])
    await save(1, ['Q1#S', 'Q1#D.de', 'Q2#X'])
    t.strictSame(await outbox(), [], 'a save that changes aspects only gains and loses no entity: nothing marked')
  })

  t.test('a save while a run waits share-locks it instead of re-queueing; a run already started gets a new one', async t => {
    await reset()
    const job = async (): Promise<string[]> =>
      await rows('SELECT revision, locked_at IS NOT NULL AS locked FROM testwiki_jobs._private_jobs ORDER BY id')
    await save(1, ['Q1#S'])
    await save(2, ['Q2#S'])
    await save(3, ['Q3#S'])
    t.strictSame(await job(), ['0:false'], 'one waiting job, never updated by add_job after the first save')
    await db.pool.query('UPDATE testwiki_jobs._private_jobs SET locked_at = now(), locked_by = \'test-worker\'')
    await save(4, ['Q4#S'])
    t.strictSame(await job(), ['0:true', '0:false'], 'the running one may have read the outbox already: a new job')
    await db.pool.query('UPDATE testwiki_jobs._private_jobs SET attempts = max_attempts, locked_at = NULL, locked_by = NULL WHERE locked_at IS NULL')
    await db.pool.query('DELETE FROM testwiki_jobs._private_jobs WHERE locked_at IS NOT NULL')
    await save(5, ['Q5#S'])
    t.strictSame(await rows('SELECT count(*) FROM testwiki_jobs._private_jobs WHERE is_available'), ['1'], 'a permanently failed job does not hold the marks back: a run is queued')
  })

  t.test('replay: a run killed after the repo write and run again writes the same counts', async t => {
    await reset()
    await save(1, ['Q1#S', 'Q2#S'])
    await save(2, ['Q1#S'])
    // A run that wrote the repo and died before deleting: the rows are still there.
    const batch = await readUsageCountOutbox(db.pool, db, 100)
    await setUsageCounts(db.pool, db, 'testwiki', await tracker.countPagesUsing(batch.map(b => b.entityId)))
    t.strictSame(await counts(), ['Q1:2', 'Q2:1'])
    t.equal(await sync(), 2, 'the retry writes them again')
    t.strictSame(await counts(), ['Q1:2', 'Q2:1'], 'absolute counts: no double increment')
    t.equal(await sync(), 0, 'nothing left')
    t.strictSame(await counts(), ['Q1:2', 'Q2:1'])
  })

  t.test('a save between the read and the delete keeps its row for the next run', async t => {
    await reset()
    await save(1, ['Q1#S'])
    const read = await readUsageCountOutbox(db.pool, db, 100)
    await save(2, ['Q1#S'])
    await deleteWrittenCounts(db.pool, db, read)
    t.strictSame(await outbox(), ['Q1'], 'marked again after the read: not deleted')
    await sync()
    t.strictSame(await counts(), ['Q1:2'])
  })

  t.test('page deletion and emptied pages remove the rows', async t => {
    await reset()
    await save(1, ['Q1#S', 'Q2#S'])
    await save(2, ['Q1#S'])
    await sync()
    await withTransaction(db.pool, async tx => { await updater.pruneUsagesForPage(P(1), tx) })
    t.strictSame(await subscriptions(), ['Q1'], 'Q2 unsubscribed by the deletion itself')
    t.strictSame(await outbox(), ['Q1', 'Q2'])
    await sync()
    t.strictSame(await counts(), ['Q1:1'])
    await save(2, [])
    await sync()
    t.strictSame(await counts(), [])
    t.strictSame(await subscriptions(), [])
  })

  t.test('addUsagesForPage marks the entities it inserted', async t => {
    await reset()
    await withTransaction(db.pool, async tx => { await updater.addUsagesForPage(P(3), u(['Q5#S']), tx) })
    t.strictSame(await outbox(), ['Q5'])
    await sync()
    t.strictSame(await counts(), ['Q5:1'])
  })
})
