import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { eventually, freshDatabase } from '../../../support/test-database.js'
import { orphanSubscribers, purgeSize } from '../../../../plugin/repo/dispatch/orphan-subscribers.js'
import { findOrphans, sweepOrphanSubscriptions } from '../../../../plugin/repo/dispatch/orphan-sweep.js'
import { subscriberSites } from '../../../../plugin/repo/dispatch/orphan-subscription-store.js'
import type { WikiDatabase } from '../../../../plugin/db/wiki-database.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'
import { registerRemoteClient, revokeRemoteClient } from '../../../../plugin/repo/remote-clients/remote-client-store.js'

/**
 * Issue 16.5 (T292512): what a closed or removed client wiki holds on the repo is dropped by
 * the orphan sweep, with a log line, instead of being kept (and skipped on every dispatch) forever.
 */
t.test('orphanSubscribers as data', async t => {
  const configured = new Set(['enwiki', 'dewiki', 'repowiki'])
  const cases: Array<[found: string[], orphans: string[]]> = [
    [[], []],
    [['enwiki', 'dewiki'], []],
    [['oldwiki', 'enwiki', 'closedwiki', 'oldwiki'], ['closedwiki', 'oldwiki']],
    [['ENWIKI'], ['ENWIKI']], // site ids are exact: another case is another site
    [['repowiki'], []] // the repo as its own client
  ]
  for (const [found, orphans] of cases) t.strictSame(orphanSubscribers(found, configured), orphans, found.join(',') || 'none')
  t.strictSame(orphanSubscribers(['enwiki'], new Set()), ['enwiki'], 'no clients configured: every subscriber is an orphan')
  t.equal(purgeSize({ site: 'x', subscriptions: 3, deliveries: 2, usageCounts: 1 }), 6)
})

/** Rows of a repo: subscriptions of enwiki (configured) and oldwiki (removed), deliveries of both. */
async function seed (db: WikiDatabase): Promise<{ shared: number, onlyOld: number }> {
  const q = async (sql: string, params: unknown[] = []): Promise<any[]> => (await db.pool.query(sql, params)).rows
  await q(`INSERT INTO repo.wb_changes_subscription (cs_entity_id, cs_subscriber_id)
           SELECT 'Q' || n, s FROM generate_series(1, 5) AS n, unnest(ARRAY['enwiki', 'oldwiki']) AS s`)
  await q('INSERT INTO repo.wb_entity_usage_counts (uc_entity_id, uc_site_id, uc_pages) VALUES (\'Q1\', \'enwiki\', 2), (\'Q1\', \'oldwiki\', 7), (\'Q2\', \'oldwiki\', 1)')
  const [shared] = await q('INSERT INTO repo.wb_changes (change_type, change_object_id, change_info) VALUES (\'wikibase-item~update\', \'Q1\', \'{}\') RETURNING change_id')
  const [onlyOld] = await q('INSERT INTO repo.wb_changes (change_type, change_object_id, change_info) VALUES (\'wikibase-item~update\', \'Q2\', \'{}\') RETURNING change_id')
  await q('INSERT INTO repo.wb_changes_delivery (cd_change_id, cd_site_id) VALUES ($1, \'enwiki\'), ($1, \'oldwiki\'), ($2, \'oldwiki\')', [shared.change_id, onlyOld.change_id])
  await q('INSERT INTO repo.wb_dispatch_client_state (ds_site_id, ds_delivered_total) VALUES (\'oldwiki\', 40), (\'enwiki\', 12)')
  return { shared: Number(shared.change_id), onlyOld: Number(onlyOld.change_id) }
}

async function state (db: WikiDatabase): Promise<Record<string, unknown>> {
  const q = async (sql: string): Promise<unknown[]> => (await db.pool.query(sql)).rows.map(r => Object.values(r).join(' '))
  return {
    subscriptions: await q('SELECT cs_subscriber_id, count(*) FROM repo.wb_changes_subscription GROUP BY 1 ORDER BY 1'),
    usageCounts: await q('SELECT uc_site_id, uc_entity_id, uc_pages FROM repo.wb_entity_usage_counts ORDER BY 1, 2'),
    deliveries: await q('SELECT cd_site_id, cd_change_id FROM repo.wb_changes_delivery ORDER BY 1, 2'),
    changes: await q('SELECT change_id FROM repo.wb_changes ORDER BY 1'),
    dispatchState: await q('SELECT ds_site_id FROM repo.wb_dispatch_client_state ORDER BY 1')
  }
}

t.test('the sweep drops an orphan\'s rows in batches, logs it, and leaves the configured clients alone', async t => {
  const url = await freshDatabase(t, 'orphansweep')
  const app = await startWiki(t, {
    siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' }, clients: [{ siteId: 'enwiki' }], worker: { enabled: false }
  })
  const db = wikibaseInternals(app).self
  const { shared, onlyOld } = await seed(db)
  t.strictSame(await subscriberSites(db.pool, db), ['enwiki', 'oldwiki'])
  t.strictSame(await findOrphans(db, new Set(['enwiki'])), [{ site: 'oldwiki', subscriptions: 5, deliveries: 2, usageCounts: 2 }])

  const lines: Array<[Record<string, unknown>, string]> = []
  const progress: number[] = []
  const purged = await sweepOrphanSubscriptions(db, new Set(['enwiki']), { warn: (o: Record<string, unknown>, m: string) => { lines.push([o, m]) } } as any,
    { batchSize: 2, onProgress: (_site, n) => { progress.push(n) } })
  t.strictSame(purged, [{ site: 'oldwiki', subscriptions: 5, deliveries: 2, usageCounts: 2 }])
  t.strictSame(progress, [2, 2, 2, 1, 2], 'deliveries, then subscriptions in batches of 2, then usage counts')
  t.equal(lines.length, 1, 'one log line per dropped site')
  t.match(lines[0], [{ site: 'oldwiki', subscriptions: 5, deliveries: 2, usageCounts: 2, configuredClients: ['enwiki'] }, /not a configured client/])
  t.strictSame(await state(db), {
    subscriptions: ['enwiki 5'],
    usageCounts: ['enwiki Q1 2'],
    deliveries: [`enwiki ${shared}`],
    changes: [String(shared)], // the change only oldwiki waited for is gone; the other still waits for enwiki
    dispatchState: ['enwiki']
  })
  t.not(onlyOld, shared)
  t.strictSame(await sweepOrphanSubscriptions(db, new Set(['enwiki']), { warn: () => { t.fail('nothing to log') } } as any), [], 'a second sweep finds nothing')
})

t.test('end to end: a client removed from the configuration is swept by the job queued at start', async t => {
  const url = await freshDatabase(t, 'orphanstart')
  const options = (clients: string[]): Parameters<typeof startWiki>[1] => ({
    siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' },
    clients: clients.map(siteId => ({ siteId })), worker: { enabled: true, pollInterval: 100 }
  })
  // First run: both clients configured; their rows are kept.
  const first = await startWiki({ teardown: () => {} }, options(['enwiki', 'oldwiki']))
  await seed(wikibaseInternals(first).self)
  await first.close()
  const kept = await startWiki(t, { ...options(['enwiki', 'oldwiki']), worker: { enabled: false } })
  t.strictSame(await findOrphans(wikibaseInternals(kept).self, new Set(['enwiki', 'oldwiki'])), [])
  const queued = async (): Promise<number> => Number((await wikibaseInternals(kept).self.pool.query(
    "SELECT count(*) FROM repo_jobs._private_jobs j JOIN repo_jobs._private_tasks k ON k.id = j.task_id WHERE k.identifier = 'wikibase:sweepOrphanSubscriptions'")).rows[0].count)
  t.equal(await queued(), 0, 'nothing orphaned: no sweep queued')
  await kept.close()

  // oldwiki closed: removed from the repo's clients. The restart queues the sweep; its worker runs it.
  const restarted = await startWiki(t, options(['enwiki']))
  const db = wikibaseInternals(restarted).self
  const after = await eventually(async () => {
    const s = await state(db)
    return (s.subscriptions as string[]).length === 1 && (s.deliveries as string[]).length === 1 ? s : undefined
  }, 30_000)
  t.strictSame(after.subscriptions, ['enwiki 5'], 'the removed client\'s subscriptions are gone after the sweep')
  t.strictSame(after.usageCounts, ['enwiki Q1 2'])
  t.strictSame(after.dispatchState, ['enwiki'])
})

t.test('registered remote clients are clients: kept by the sweep at start; a revoked one is swept, its row kept (issue 19)', async t => {
  const url = await freshDatabase(t, 'orphanremote')
  const options = (worker: boolean): Parameters<typeof startWiki>[1] => ({
    siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' },
    clients: [{ siteId: 'enwiki' }], worker: { enabled: worker, pollInterval: 100 }
  })
  const first = await startWiki({ teardown: () => {} }, options(false))
  const db0 = wikibaseInternals(first).self
  await registerRemoteClient(db0, { siteId: 'remotewiki', pushUrl: 'http://127.0.0.1:9' })
  await registerRemoteClient(db0, { siteId: 'revokedwiki', pushUrl: 'http://127.0.0.1:9' })
  await db0.pool.query(`INSERT INTO repo.wb_changes_subscription (cs_entity_id, cs_subscriber_id)
    SELECT 'Q' || n, s FROM generate_series(1, 3) AS n, unnest(ARRAY['enwiki', 'remotewiki', 'revokedwiki']) AS s`)
  await db0.pool.query("INSERT INTO repo.wb_entity_usage_counts VALUES ('Q1', 'remotewiki', 4), ('Q1', 'revokedwiki', 2)")
  t.strictSame(await findOrphans(db0, new Set(['enwiki'])), [], 'both remote clients are clients')
  await revokeRemoteClient(db0.pool, db0, 'revokedwiki')
  t.strictSame((await findOrphans(db0, new Set(['enwiki']))).map(o => o.site), ['revokedwiki'])
  await first.close()

  // The restart queues the sweep for revokedwiki only; its worker runs it.
  const restarted = await startWiki(t, options(true))
  const db = wikibaseInternals(restarted).self
  const subscribers = async (): Promise<string[]> =>
    (await db.pool.query('SELECT cs_subscriber_id AS s, count(*) AS n FROM repo.wb_changes_subscription GROUP BY 1 ORDER BY 1')).rows.map(r => `${r.s} ${r.n}`)
  t.strictSame(await eventually(async () => { const s = await subscribers(); return s.length === 2 ? s : undefined }, 30_000), ['enwiki 3', 'remotewiki 3'])
  t.strictSame((await db.pool.query('SELECT uc_site_id AS s FROM repo.wb_entity_usage_counts')).rows, [{ s: 'remotewiki' }])
  t.strictSame((await db.pool.query('SELECT rc_site_id AS s FROM repo.wb_remote_client ORDER BY 1')).rows, [{ s: 'remotewiki' }, { s: 'revokedwiki' }], 'the revoked registration stays')
})

t.test('a configured client that is also a registered remote client: the repo refuses to start', async t => {
  const url = await freshDatabase(t, 'orphancollide')
  const options = (clients: string[]): Parameters<typeof startWiki>[1] => ({
    siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' }, clients: clients.map(siteId => ({ siteId })), worker: { enabled: false }
  })
  const first = await startWiki({ teardown: () => {} }, options(['enwiki']))
  await registerRemoteClient(wikibaseInternals(first).self, { siteId: 'remotewiki', pushUrl: 'http://127.0.0.1:9' })
  await first.close()
  await t.rejects(startWiki(t, options(['enwiki', 'remotewiki'])), {
    name: 'InvalidOptionError',
    message: 'fastify-wikibase: option "clients" names remotewiki, also registered as remote client(s) of this repo: remove the site from `clients` or revoke it with `fastify-wikibase clients remove`'
  })
})
