import type { WikiDatabase } from '../../db/wiki-database.js'
import { withTransaction } from '../../db/wiki-database.js'
import { addJob } from '../../queue/enqueue.js'
import { staleDeliveries, staleUndispatchedShards } from './change-delivery-store.js'
import { deliverJobKey, dispatchJobKey } from './dispatch-shard.js'

export interface ResubmitResult {
  /** Dispatch shards with stuck undispatched changes: each got its dispatch job again. */
  shards: number[]
  /** Clients with stuck deliveries: each got its delivery job again. */
  clients: string[]
}

/**
 * ResubmitChanges, but automatic: re-queue the dispatch of shards with rows older than the
 * threshold that no dispatch took, and the delivery of clients with deliveries pending longer
 * than it (e.g. a job that failed for good). Jobs are keyed and queued as the edits and
 * dispatch runs queue them: pending ones collapse, so running it often is cheap.
 */
export async function resubmitChanges (db: WikiDatabase, minimumAgeSeconds: number): Promise<ResubmitResult> {
  const shards = await staleUndispatchedShards(db.pool, db, minimumAgeSeconds)
  const clients = await staleDeliveries(db.pool, db, minimumAgeSeconds)
  await withTransaction(db.pool, async tx => {
    for (const shard of shards) {
      const key = dispatchJobKey(shard)
      await addJob(tx, db, 'wikibase:dispatchChanges', { shard }, { jobKey: key, jobKeyMode: 'preserve_run_at', queueName: key })
    }
    for (const clientSiteId of clients) {
      const key = deliverJobKey(clientSiteId)
      await addJob(tx, db, 'wikibase:deliverChanges', { clientSiteId }, { jobKey: key, jobKeyMode: 'preserve_run_at', queueName: key })
    }
  })
  return { shards, clients }
}
