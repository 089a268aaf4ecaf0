import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { freshDatabase } from '../../../support/test-database.js'
import { identityOf, newEntityUsageFromIdentity, type EntityUsage } from '../../../../plugin/client/usage/entity-usage.js'
import { SqlUsageTracker, type UsageTrackerSettings } from '../../../../plugin/client/usage/sql-usage-tracker.js'
import { sqlSubscriptionManager, UsageUpdater, type SubscriptionManager } from '../../../../plugin/client/usage/usage-updater.js'
import { parseDisabledUsageAspects } from '../../../../plugin/client/usage/usage-accumulator.js'
import { withTransaction, type WikiDatabase } from '../../../../plugin/db/wiki-database.js'
import type { PageId } from '../../../../hooks/ids.js'
import type { EntityId } from '../../../../hooks/ids.js'
import { subscriptions } from '../../../support/usage-test-wiki.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

const u = (identities: string[]): EntityUsage[] => identities.map(newEntityUsageFromIdentity)
const show = (usages: EntityUsage[]): string[] => usages.map(identityOf)
const sorted = (usages: EntityUsage[]): string[] => show(usages).sort()
const P = (n: number): PageId => n as PageId
const T1 = ['Q3#S', 'Q3#L.de', 'Q4#L.de']
const T2 = ['Q3#S', 'Q4#L', 'Q5#X']
const settings = (over: Partial<UsageTrackerSettings> = {}): UsageTrackerSettings =>
  ({ addEntityUsagesBatchSize: 500, entityUsagePerPageLimit: 100, disabledUsageAspects: new Map(), ...over })

t.test('usage tracking on PostgreSQL', async t => {
  const url = await freshDatabase(t, 'usagetracker')
  // One wiki that is its own repo: wbc_entity_usage and wb_changes_subscription in one schema.
  const app = await startWiki(t, { siteId: 'testwiki', roles: ['repo', 'client'], database: url, schema: { data: 'testwiki', queue: 'testwiki_jobs' }, worker: { enabled: false } })
  const db: WikiDatabase = wikibaseInternals(app).self
  const clear = async (): Promise<void> => {
    await db.pool.query('TRUNCATE testwiki.wbc_entity_usage, testwiki.wb_changes_subscription')
  }
  const tracker = new SqlUsageTracker(db, settings())

  t.test('§7.9 add is additive; a bare usage replaces stored modified ones', async t => {
    await clear()
    await tracker.addUsedEntities(P(23), u(T1))
    t.strictSame(sorted(await tracker.getUsagesForPage(P(23))), ['Q3#L.de', 'Q3#S', 'Q4#L.de'])
    await tracker.addUsedEntities(P(23), u(T2))
    t.strictSame(sorted(await tracker.getUsagesForPage(P(23))), ['Q3#L.de', 'Q3#S', 'Q4#L', 'Q5#X'])
  })

  t.test('§7.9 replace', async t => {
    await clear()
    await tracker.replaceUsedEntities(P(23), u(T1))
    t.strictSame(sorted(await tracker.getUsagesForPage(P(23))), [...T1].sort())
    const removed = await tracker.replaceUsedEntities(P(23), u(T2))
    t.strictSame(sorted(removed), ['Q3#L.de', 'Q4#L.de'], 'returns the removed usages')
    t.strictSame(sorted(await tracker.getUsagesForPage(P(23))), [...T2].sort())
    await tracker.replaceUsedEntities(P(42), u([...T1, ...T2]))
    t.strictSame(sorted(await tracker.getUsagesForPage(P(42))), [...new Set([...T1, ...T2])].sort())
    t.strictSame(sorted(await tracker.getUsagesForPage(P(23))), [...T2].sort(), 'page 23 untouched')
  })

  t.test('§7.9 replace writes only the difference: unchanged rows keep their row ids', async t => {
    await clear()
    await tracker.replaceUsedEntities(P(23), u(T1))
    const before = await db.pool.query<{ eu_row_id: string, eu_aspect: string }>("SELECT eu_row_id, eu_aspect FROM testwiki.wbc_entity_usage WHERE eu_entity_id = 'Q3' AND eu_aspect = 'S'")
    await tracker.replaceUsedEntities(P(23), u(T2))
    const after = await db.pool.query<{ eu_row_id: string }>("SELECT eu_row_id FROM testwiki.wbc_entity_usage WHERE eu_entity_id = 'Q3' AND eu_aspect = 'S'")
    t.equal(after.rows[0]!.eu_row_id, before.rows[0]!.eu_row_id)
  })

  t.test('§7.9 prune removes one page only', async t => {
    await clear()
    await tracker.addUsedEntities(P(23), u(T1))
    await tracker.addUsedEntities(P(24), u(T1))
    t.strictSame(sorted(await tracker.pruneUsages(P(23))), [...T1].sort(), 'returns the pruned usages')
    t.strictSame(await tracker.getUsagesForPage(P(23)), [])
    t.strictSame(sorted(await tracker.getUsagesForPage(P(24))), [...T1].sort())
  })

  t.test('§7.9 disabledUsageAspects {C, D → O}', async t => {
    await clear()
    const disabled = new SqlUsageTracker(db, settings({ disabledUsageAspects: parseDisabledUsageAspects({ 0: 'C', D: 'O' }) }))
    await disabled.addUsedEntities(P(23), u(['Q3#S', 'Q3#C.P12', 'Q3#D.es', 'Q4#L.de', 'Q4#O', 'Q5#O', 'Q5#D.ru']))
    t.strictSame(show(await disabled.getUsagesForPage(P(23))), ['Q3#S', 'Q3#O', 'Q4#L.de', 'Q4#O', 'Q5#O'], 'stored in this order')
  })

  t.test('§7.9 replace with the same usages under disabled [C] drops the C rows', async t => {
    await clear()
    await tracker.addUsedEntities(P(23), u(['Q3#S', 'Q3#C.P12', 'Q4#L.de']))
    const disabled = new SqlUsageTracker(db, settings({ disabledUsageAspects: parseDisabledUsageAspects(['C']) }))
    await disabled.replaceUsedEntities(P(23), u(['Q3#S', 'Q3#C.P12', 'Q4#L.de']))
    t.strictSame(show(await disabled.getUsagesForPage(P(23))), ['Q3#S', 'Q4#L.de'])
  })

  t.test('§7.9 add Q3#C removes Q3#C.P12; add Q3#C.P12 under Q3#C changes nothing', async t => {
    await clear()
    await tracker.addUsedEntities(P(23), u(['Q3#S', 'Q3#C.P12', 'Q4#L.de']))
    await tracker.addUsedEntities(P(23), u(['Q3#C']))
    t.strictSame(sorted(await tracker.getUsagesForPage(P(23))), ['Q3#C', 'Q3#S', 'Q4#L.de'])
    await clear()
    await tracker.addUsedEntities(P(23), u(['Q3#S', 'Q3#C', 'Q4#L.de']))
    t.strictSame(await tracker.addUsedEntities(P(23), u(['Q3#C.P12'])), [], 'nothing inserted')
    t.strictSame(sorted(await tracker.getUsagesForPage(P(23))), ['Q3#C', 'Q3#S', 'Q4#L.de'])
  })

  t.test('§7.9 lookup contract', async t => {
    await clear()
    await tracker.replaceUsedEntities(P(23), u(['Q3#S', 'Q3#L.de', 'Q4#L.de']))
    await tracker.replaceUsedEntities(P(42), u(['Q4#L.de', 'Q4#T']))
    const pages = async (ids: string[], aspects: string[] = []): Promise<Record<string, string[]>> =>
      Object.fromEntries([...await tracker.getPagesUsing(ids as EntityId[], aspects)].map(([p, us]) => [String(p), show(us)]))
    t.strictSame(await tracker.getUsagesForPage(P(24)), [])
    t.strictSame(await pages(['Q6']), {})
    t.strictSame(await pages(['Q3']), { 23: ['Q3#L.de', 'Q3#S'] })
    t.strictSame(await pages(['Q4', 'Q3'], ['L.de']), { 23: ['Q3#L.de', 'Q4#L.de'], 42: ['Q4#L.de'] })
    t.strictSame(await pages(['Q3'], ['X']), {})
    t.strictSame(await pages(['Q4'], ['S']), {})
    t.equal(Object.keys(await pages(['Q3', 'Q4'], ['T', 'S'])).length, 2)
    t.strictSame(await tracker.getUnusedEntities(['Q4' as EntityId]), [])
    t.strictSame(await tracker.getUnusedEntities(['Q4', 'Q6'] as EntityId[]), ['Q6'])
    t.strictSame(await tracker.getUnusedEntities([]), [])
  })

  t.test('inserts go in batches of addEntityUsagesBatchSize; deletes by row id', async t => {
    await clear()
    const statements: string[] = []
    const spy = {
      ...db,
      pool: new Proxy(db.pool, {
        get (target, key) {
          if (key === 'query') return async (text: string, values?: unknown[]) => { statements.push(text.trim().split(/\s+/).slice(0, 2).join(' ')); return await target.query(text, values) }
          return Reflect.get(target, key)
        }
      })
    }
    const small = new SqlUsageTracker(spy, settings({ addEntityUsagesBatchSize: 2 }))
    await small.replaceUsedEntities(P(7), u(['Q1#S', 'Q2#S', 'Q3#S', 'Q4#S', 'Q5#S']))
    t.equal(statements.filter(s => s === 'INSERT INTO').length, 3, '5 rows in batches of 2 → 3 INSERTs')
    statements.length = 0
    await small.replaceUsedEntities(P(7), u(['Q1#S', 'Q2#S', 'Q3#S', 'Q4#S', 'Q5#S']))
    t.strictSame(statements, ['SELECT eu_page_id,'], 'no change → only the read')
    statements.length = 0
    await small.replaceUsedEntities(P(7), u(['Q1#S']))
    t.strictSame(statements, ['SELECT eu_page_id,', 'SELECT eu_row_id', 'DELETE FROM'], 'ids resolved, then deleted by id')
    t.strictSame(show(await small.getUsagesForPage(P(7))), ['Q1#S'])
  })

  t.test('a page id below 1 is skipped', async t => {
    await clear()
    t.strictSame(await tracker.replaceUsedEntities(P(0), u(T1)), [])
    t.strictSame(await tracker.getUsagesForPage(P(0)), [])
  })

  t.test('§7.11 SqlSubscriptionManager', async t => {
    await clear()
    const manager = sqlSubscriptionManager(db)
    await manager.subscribe('enwiki', ['Q11', 'P11'] as EntityId[])
    await manager.subscribe('dewiki', ['Q22'] as EntityId[])
    await manager.subscribe('dewiki', ['Q22', 'Q11'] as EntityId[])
    t.strictSame(await subscriptions(db), ['dewiki@Q11', 'dewiki@Q22', 'enwiki@P11', 'enwiki@Q11'])
    await manager.unsubscribe('enwiki', ['Q11', 'Q22'] as EntityId[])
    await manager.unsubscribe('dewiki', ['Q22'] as EntityId[])
    await manager.unsubscribe('dewiki', [])
    t.strictSame(await subscriptions(db), ['dewiki@Q11', 'enwiki@P11'])
  })

  t.test('§7.10 UsageUpdater (client testwiki, page 23) against real tables', async t => {
    const calls: string[] = []
    const real = sqlSubscriptionManager(db)
    const recording: SubscriptionManager = {
      subscribe: async (site, ids, q) => { calls.push(`subscribe ${site} ${[...ids].sort().join(',')}`); await real.subscribe(site, ids, q) },
      unsubscribe: async (site, ids, q) => { calls.push(`unsubscribe ${site} ${[...ids].sort().join(',')}`); await real.unsubscribe(site, ids, q) }
    }
    const updater = new UsageUpdater({ tracker, subscriptions: recording, subscriberId: 'testwiki', repoInClientTransaction: true })
    const U = ['Q1#L', 'Q2#X']
    // Other pages make an entity "used elsewhere" where a case needs it.
    const scenario = async (name: string, setup: () => Promise<void>, run: () => Promise<void>, expected: string[], subs?: string[]): Promise<void> => {
      await clear()
      await setup()
      calls.length = 0
      await run()
      t.strictSame(calls, expected, name)
      if (subs !== undefined) t.strictSame(await subscriptions(db), subs, `${name}: subscriptions`)
    }
    const none = async (): Promise<void> => {}
    const add = async (usages: string[]): Promise<void> => { await updater.addUsagesForPage(P(23), u(usages)) }
    const replace = async (usages: string[]): Promise<void> => { await withTransaction(db.pool, async tx => { await updater.replaceUsagesForPage(P(23), u(usages), tx) }) }
    const prune = async (): Promise<void> => { await withTransaction(db.pool, async tx => { await updater.pruneUsagesForPage(P(23), tx) }) }
    const on = async (pageId: number, usages: string[]): Promise<void> => { await tracker.replaceUsedEntities(P(pageId), u(usages)) }

    await scenario('add [] → nothing', none, async () => { await add([]) }, [], [])
    await scenario('add U, both unused → subscribe Q1,Q2', none, async () => { await add(U) }, ['subscribe testwiki Q1,Q2'], ['testwiki@Q1', 'testwiki@Q2'])
    await scenario('add U, Q1 used elsewhere → subscribe Q2', async () => { await on(99, ['Q1#S']) }, async () => { await add(U) }, ['subscribe testwiki Q2'])
    await scenario('add U, both used elsewhere → no call', async () => { await on(99, ['Q1#S', 'Q2#S']) }, async () => { await add(U) }, [])
    await scenario('prune, nothing pruned → no unsubscribe', none, prune, [])
    await scenario('prune U, Q1 still used elsewhere → unsubscribe Q2',
      async () => { await on(23, U); await on(99, ['Q1#S']); await real.subscribe('testwiki', ['Q1', 'Q2'] as EntityId[]) },
      prune, ['unsubscribe testwiki Q2'], ['testwiki@Q1'])
    await scenario('replace [] by [] → nothing', none, async () => { await replace([]) }, [])
    await scenario('replace [] by U → subscribe Q1,Q2', none, async () => { await replace(U) }, ['subscribe testwiki Q1,Q2'], ['testwiki@Q1', 'testwiki@Q2'])
    await scenario('replace U by [], Q2 used elsewhere → unsubscribe Q1',
      async () => { await on(23, U); await on(99, ['Q2#S']); await real.subscribe('testwiki', ['Q1', 'Q2'] as EntityId[]) },
      async () => { await replace([]) }, ['unsubscribe testwiki Q1'], ['testwiki@Q2'])
    // Beyond Wikibase (which re-subscribes every entity of the page on each save and asks the
    // lookup about removed usages): only entities the page gained or lost are looked at, and
    // only those new to the wiki or gone from it reach the repo.
    await scenario('replace U by U → no call', async () => { await on(23, U) }, async () => { await replace(U) }, [])
    await scenario('replace U by [Q2#X, Q1#L.en] (aspects only) → no call', async () => { await on(23, U) }, async () => { await replace(['Q2#X', 'Q1#L.en']) }, [])
    await scenario('replace U by [Q2#X], Q1 now unused → unsubscribe Q1', async () => { await on(23, U); await real.subscribe('testwiki', ['Q1', 'Q2'] as EntityId[]) },
      async () => { await replace(['Q2#X']) }, ['unsubscribe testwiki Q1'], ['testwiki@Q2'])
    await scenario('replace [Q2#X] by U → subscribe Q1', async () => { await on(23, ['Q2#X']) }, async () => { await replace(U) }, ['subscribe testwiki Q1'])
    await scenario('replace [Q2#X] by [Q1#L], Q2 used elsewhere → subscribe Q1 only',
      async () => { await on(23, ['Q2#X']); await on(99, ['Q2#S']) }, async () => { await replace(['Q1#L']) }, ['subscribe testwiki Q1'])
    await scenario('replace [Q2#X] by [Q1#L], Q2 unused → subscribe Q1, unsubscribe Q2',
      async () => { await on(23, ['Q2#X']) }, async () => { await replace(['Q1#L']) }, ['subscribe testwiki Q1', 'unsubscribe testwiki Q2'])
  })

  t.test('concurrent saves of two pages cannot leave a used entity unsubscribed', async t => {
    await clear()
    const updater = new UsageUpdater({ tracker, subscriptions: sqlSubscriptionManager(db), subscriberId: 'testwiki', repoInClientTransaction: false })
    await withTransaction(db.pool, async tx => { await updater.replaceUsagesForPage(P(1), u(['Q9#S']), tx) })
    // Page 2 starts using Q9 (subscribes, not yet committed) while page 1 stops: without the
    // entity lock page 1 would not see page 2's row and unsubscribe after page 2 subscribed.
    await Promise.all([
      withTransaction(db.pool, async tx => { await updater.replaceUsagesForPage(P(2), u(['Q9#L.en']), tx); await new Promise(resolve => setTimeout(resolve, 100)) }),
      withTransaction(db.pool, async tx => { await new Promise(resolve => setTimeout(resolve, 30)); await updater.replaceUsagesForPage(P(1), [], tx) })
    ])
    t.strictSame(await subscriptions(db), ['testwiki@Q9'])
  })
})
