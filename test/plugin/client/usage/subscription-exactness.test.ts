import t from 'tap'
import type pg from 'pg'
import { startWiki } from '../../../support/farm.js'
import { eventually, freshDatabase } from '../../../support/test-database.js'
import { newEntityUsageFromIdentity, type EntityUsage } from '../../../../plugin/client/usage/entity-usage.js'
import { SqlUsageTracker } from '../../../../plugin/client/usage/sql-usage-tracker.js'
import { sqlSubscriptionManager, UsageUpdater, type SubscriptionManager } from '../../../../plugin/client/usage/usage-updater.js'
import { withTransaction, type WikiDatabase } from '../../../../plugin/db/wiki-database.js'
import type { PageId } from '../../../../hooks/ids.js'
import { subscriptions, usageRows } from '../../../support/usage-test-wiki.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'
import { repairSubscriptions } from '../../../../plugin/client/usage/subscription-repair.js'
import { runSubscriptionsRepair } from '../../../../cli/subscriptions-command.js'

/**
 * A page save subscribes only to entities new to the wiki and unsubscribes only from entities
 * gone from it; `wb_changes_subscription` must stay exact when two saves race on one entity.
 */
const u = (identities: string[]): EntityUsage[] => identities.map(newEntityUsageFromIdentity)
const P = (n: number): PageId => n as PageId

t.test('page saves keep wb_changes_subscription exact', async t => {
  const url = await freshDatabase(t, 'usageexact')
  const app = await startWiki(t, { siteId: 'testwiki', roles: ['repo', 'client'], database: url, schema: { data: 'testwiki', queue: 'testwiki_jobs' }, worker: { enabled: false } })
  const db: WikiDatabase = wikibaseInternals(app).self
  const tracker = new SqlUsageTracker(db, { addEntityUsagesBatchSize: 500, entityUsagePerPageLimit: 100, disabledUsageAspects: new Map() })
  const clear = async (): Promise<void> => {
    await db.pool.query('TRUNCATE testwiki.wbc_entity_usage, testwiki.wb_changes_subscription, testwiki.wb_entity_usage_counts')
  }
  const counts = async (): Promise<string[]> =>
    (await db.pool.query('SELECT uc_entity_id, uc_pages FROM testwiki.wb_entity_usage_counts ORDER BY 1')).rows.map(r => `${String(r.uc_entity_id)}=${String(r.uc_pages)}`)

  t.test('the repo is written once when an entity is gained or lost, never when only aspects change', async t => {
    await clear()
    const real = sqlSubscriptionManager(db)
    const writes: string[] = []
    const spy: SubscriptionManager = {
      ...real,
      update: async (site, changes, q) => {
        writes.push(`+${changes.subscribe.join(',')} -${changes.unsubscribe.join(',')} ${[...changes.counts].map(([e, n]) => `${e}=${n}`).join(',')}`)
        await real.update!(site, changes, q)
      }
    }
    const updater = new UsageUpdater({ tracker, subscriptions: spy, subscriberId: 'testwiki', repoInClientTransaction: false })
    const save = async (page: number, usages: string[]): Promise<void> => { await withTransaction(db.pool, async tx => { await updater.replaceUsagesForPage(P(page), u(usages), tx) }) }
    await save(1, ['Q1#S', 'Q1#L.en', 'Q2#C.P31'])
    await save(1, ['Q1#S', 'Q1#D.en', 'Q2#C.P17'])
    await save(2, ['Q2#S'])
    await save(1, ['Q1#S', 'Q3#L.en'])
    await save(2, ['Q2#S'])
    t.strictSame(writes, ['+Q1,Q2 - Q1=1,Q2=1', '+ - Q2=2', '+Q3 - Q2=1,Q3=1'], 'one write per save that gains or loses an entity')
    t.strictSame(await subscriptions(db), ['testwiki@Q1', 'testwiki@Q2', 'testwiki@Q3'])
    t.strictSame(await counts(), ['Q1=1', 'Q2=1', 'Q3=1'])
    await save(2, [])
    t.strictSame(await subscriptions(db), ['testwiki@Q1', 'testwiki@Q3'])
    t.strictSame(await counts(), ['Q1=1', 'Q3=1'])
  })

  for (const repoInClientTransaction of [false, true]) {
    /**
     * `first` saves and keeps its transaction open (holding the entity's lock); `second` is
     * started and must wait for that lock (seen in pg_locks); then `first` commits.
     */
    const race = async (first: (tx: pg.PoolClient) => Promise<unknown>, second: (tx: pg.PoolClient) => Promise<unknown>): Promise<void> => {
      const tx = await db.pool.connect()
      try {
        await tx.query('BEGIN')
        await first(tx)
        const waiting = withTransaction(db.pool, second)
        await eventually(async () => {
          const { rows } = await db.pool.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
          return rows.length > 0 ? true : undefined
        })
        await tx.query('COMMIT')
        await waiting
      } finally {
        tx.release()
      }
    }

    t.test(`page 2 adds Q9 while page 1 drops its last use of it (repo in the client's transaction: ${String(repoInClientTransaction)})`, async t => {
      const updater = new UsageUpdater({ tracker, subscriptions: sqlSubscriptionManager(db), subscriberId: 'testwiki', repoInClientTransaction })
      const adds = async (tx: pg.PoolClient): Promise<unknown> => await updater.replaceUsagesForPage(P(2), u(['Q9#L.en']), tx)
      const drops = async (tx: pg.PoolClient): Promise<unknown> => await updater.replaceUsagesForPage(P(1), u(['Q8#S']), tx)
      for (const [name, first, second] of [['add first', adds, drops], ['drop first', drops, adds]] as const) {
        await clear()
        await withTransaction(db.pool, async tx => { await updater.replaceUsagesForPage(P(1), u(['Q9#S']), tx) })
        await race(first, second)
        t.strictSame(await usageRows(db), ['1:Q8#S', '2:Q9#L.en'], `${name}: usages`)
        t.strictSame(await subscriptions(db), ['testwiki@Q8', 'testwiki@Q9'], `${name}: Q9 stays subscribed`)
        t.strictSame(await counts(), ['Q8=1', 'Q9=1'], `${name}: counts`)
      }
    })

    t.test(`two pages drop Q9 at once (repo in the client's transaction: ${String(repoInClientTransaction)})`, async t => {
      const updater = new UsageUpdater({ tracker, subscriptions: sqlSubscriptionManager(db), subscriberId: 'testwiki', repoInClientTransaction })
      await clear()
      await withTransaction(db.pool, async tx => { await updater.replaceUsagesForPage(P(1), u(['Q9#S']), tx) })
      await withTransaction(db.pool, async tx => { await updater.replaceUsagesForPage(P(2), u(['Q9#S']), tx) })
      await race(async tx => await updater.replaceUsagesForPage(P(1), [], tx), async tx => await updater.replaceUsagesForPage(P(2), [], tx))
      t.strictSame(await usageRows(db), [])
      t.strictSame(await subscriptions(db), [], 'the last one out unsubscribes')
      t.strictSame(await counts(), [])
    })
  }

  t.test('subscriptions repair: rows lost or left on the repo become exact again', async t => {
    await clear()
    const updater = new UsageUpdater({ tracker, subscriptions: sqlSubscriptionManager(db), subscriberId: 'testwiki', repoInClientTransaction: true })
    for (const [page, usages] of [[1, ['Q1#S', 'Q2#L.en']], [2, ['Q2#S', 'Q3#X']], [3, ['Q4#S']]] as const) {
      await withTransaction(db.pool, async tx => { await updater.replaceUsagesForPage(P(page), u([...usages]), tx) })
    }
    const exact = { subscriptions: ['testwiki@Q1', 'testwiki@Q2', 'testwiki@Q3', 'testwiki@Q4'], counts: ['Q1=1', 'Q2=2', 'Q3=1', 'Q4=1'] }
    t.strictSame({ subscriptions: await subscriptions(db), counts: await counts() }, exact)
    // A purge by mistake of two rows, a stale subscription and count, a wrong count.
    await db.pool.query("DELETE FROM testwiki.wb_changes_subscription WHERE cs_entity_id IN ('Q2', 'Q4')")
    await db.pool.query("INSERT INTO testwiki.wb_changes_subscription (cs_entity_id, cs_subscriber_id) VALUES ('Q9', 'testwiki'), ('Q9', 'otherwiki')")
    await db.pool.query("INSERT INTO testwiki.wb_entity_usage_counts VALUES ('Q9', 'testwiki', 3)")
    await db.pool.query("UPDATE testwiki.wb_entity_usage_counts SET uc_pages = 7 WHERE uc_entity_id = 'Q2'")
    // A save that changes nothing new or gone does not repair anything by itself.
    await withTransaction(db.pool, async tx => { await updater.replaceUsagesForPage(P(3), u(['Q4#S', 'Q4#L.en']), tx) })
    t.notOk((await subscriptions(db)).includes('testwiki@Q4'))
    const progress: number[] = []
    const result = await repairSubscriptions(db, db, 'testwiki', { batchSize: 2, onProgress: n => { progress.push(n) } })
    t.strictSame(result, { used: 4, dropped: 1 })
    t.strictSame(progress, [2, 2, 2, 2, 1], 'client entities Q1..Q4 in 2 batches, then the repo\'s Q1..Q4, Q9 in 3')
    t.strictSame({ subscriptions: await subscriptions(db), counts: await counts() }, { ...exact, subscriptions: [...exact.subscriptions, 'otherwiki@Q9'].sort() })
    // The same through the CLI (the client's database; the repo is in it too): nothing left to change.
    const url = (db.pool as unknown as { options: { connectionString: string } }).options.connectionString
    const lines: string[] = []
    const again = await runSubscriptionsRepair({ database: url, schema: 'testwiki', queueSchema: 'testwiki_jobs', siteId: 'testwiki' }, { log: line => { lines.push(line) } })
    t.strictSame(again, { used: 4, dropped: 0 })
    t.strictSame(lines, ['testwiki: 4 used entities subscribed and counted, 0 unused subscriptions dropped'])
    t.strictSame({ subscriptions: await subscriptions(db), counts: await counts() }, { ...exact, subscriptions: [...exact.subscriptions, 'otherwiki@Q9'].sort() })
  })
})
