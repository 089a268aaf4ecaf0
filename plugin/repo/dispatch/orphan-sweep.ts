import type { FastifyBaseLogger } from 'fastify'
import { withTransaction, type WikiDatabase } from '../../db/wiki-database.js'
import { addJob } from '../../queue/enqueue.js'
import { orphanSubscribers, type SubscriberFootprint } from './orphan-subscribers.js'
import {
  deleteDispatchState, deleteSubscriptionBatch, deleteUsageCountBatch, dropDeliveryBatch, footprintOf, subscriberSites
} from './orphan-subscription-store.js'
import { activeRemoteClientIds } from '../remote-clients/active-remote-clients.js'

/**
 * The orphan sweep (T292512): drops what removed or closed client wikis hold on the repo —
 * subscriptions, pending deliveries (and change rows only they waited for), usage counts,
 * dispatch state — in batches of short transactions, one log line per dropped wiki.
 * Runs as wikibase:sweepOrphanSubscriptions, queued at every start of the repo role when
 * orphans exist, and from the CLI (`subscriptions purge`).
 */

/** Rows per transaction. */
export const PURGE_BATCH = 1000

/** One job at a time, however many processes start: they share the job key. */
const SWEEP_JOB_KEY = 'wikibase:sweepOrphanSubscriptions'

export interface PurgeOptions {
  batchSize?: number
  /** Called after each batch with the rows it removed. */
  onProgress?: (site: string, removed: number) => void
}

/**
 * The repo's clients: the configured farm clients and the registered, unrevoked remote clients
 * (wb_remote_client, issue 19), read at each sweep so a client registered after the start is
 * kept. A revoked remote client is swept like a removed farm client; its row stays.
 */
async function clientsOf (db: WikiDatabase, configured: ReadonlySet<string>): Promise<Set<string>> {
  return new Set([...configured, ...await activeRemoteClientIds(db.pool, db)])
}

/** The orphans of the repo: subscriber sites that are no client (configured or remote), with what they hold. */
export async function findOrphans (db: WikiDatabase, configured: ReadonlySet<string>): Promise<SubscriberFootprint[]> {
  const orphans = orphanSubscribers(await subscriberSites(db.pool, db), await clientsOf(db, configured))
  const footprints: SubscriberFootprint[] = []
  for (const site of orphans) footprints.push(await footprintOf(db.pool, db, site))
  return footprints
}

/** Removes everything `site` holds on the repo; returns what was removed. Idempotent. */
export async function purgeSubscriber (db: WikiDatabase, site: string, options: PurgeOptions = {}): Promise<SubscriberFootprint> {
  const limit = options.batchSize ?? PURGE_BATCH
  const removed: SubscriberFootprint = { site, subscriptions: 0, deliveries: 0, usageCounts: 0 }
  const drain = async (field: 'subscriptions' | 'deliveries' | 'usageCounts', batch: (tx: import('pg').PoolClient) => Promise<number>): Promise<void> => {
    for (;;) {
      const n = await withTransaction(db.pool, batch)
      removed[field] += n
      if (n > 0) options.onProgress?.(site, n)
      if (n < limit) return
    }
  }
  // Deliveries first: a change row waits for them; subscriptions and counts are independent.
  await drain('deliveries', async tx => await dropDeliveryBatch(tx, db, site, limit))
  await drain('subscriptions', async tx => await deleteSubscriptionBatch(tx, db, site, limit))
  await drain('usageCounts', async tx => await deleteUsageCountBatch(tx, db, site, limit))
  await deleteDispatchState(db.pool, db, site)
  return removed
}

/** Purges every orphan, logging each; returns what was removed per site. */
export async function sweepOrphanSubscriptions (
  db: WikiDatabase, configured: ReadonlySet<string>, log: Pick<FastifyBaseLogger, 'warn'>, options: PurgeOptions = {}
): Promise<SubscriberFootprint[]> {
  const purged: SubscriberFootprint[] = []
  for (const { site } of await findOrphans(db, configured)) {
    const removed = await purgeSubscriber(db, site, options)
    log.warn({ ...removed, configuredClients: [...configured].sort() },
      'orphan subscriptions: the site is not a configured client any more (closed or removed); its subscriptions and pending deliveries were dropped')
    purged.push(removed)
  }
  return purged
}

/**
 * At start of the repo role: when a site that is no client (configured or remote) holds rows, queue
 * the sweep (whichever worker runs it). Returns the orphan sites found.
 */
export async function queueOrphanSweep (db: WikiDatabase, configured: ReadonlySet<string>): Promise<string[]> {
  const orphans = orphanSubscribers(await subscriberSites(db.pool, db), await clientsOf(db, configured))
  if (orphans.length === 0) return []
  await withTransaction(db.pool, async tx => {
    await addJob(tx, db, 'wikibase:sweepOrphanSubscriptions', {}, { jobKey: SWEEP_JOB_KEY, jobKeyMode: 'preserve_run_at' })
  })
  return orphans
}
