import type { WikiDatabase } from '../../db/wiki-database.js'
import { withTransaction } from '../../db/wiki-database.js'
import { addJob } from '../../queue/enqueue.js'
import { staleDeliveries, staleUndispatchedEntities } from './change-delivery-store.js'

export interface ResubmitResult {
  dispatched: string[]
  deliveries: Array<{ site: string, entityId: string }>
}

/**
 * ResubmitChanges, but automatic: re-queue dispatch for rows older than the threshold that no
 * dispatch assigned, and delivery for deliveries pending longer than it (e.g. a job that
 * failed for good). Pending jobs with the same key collapse, so running it often is cheap.
 */
export async function resubmitChanges (db: WikiDatabase, minimumAgeSeconds: number): Promise<ResubmitResult> {
  const dispatched = await staleUndispatchedEntities(db.pool, db, minimumAgeSeconds)
  const deliveries = await staleDeliveries(db.pool, db, minimumAgeSeconds)
  await withTransaction(db.pool, async tx => {
    for (const entityId of dispatched) {
      await addJob(tx, db, 'wikibase:dispatchChanges', { entityId }, { jobKey: `dispatch:${entityId}`, jobKeyMode: 'preserve_run_at' })
    }
    for (const { site, entityId } of deliveries) {
      await addJob(
        tx, db, 'wikibase:deliverChanges', { clientSiteId: site, entityId },
        { jobKey: `deliver:${site}:${entityId}`, jobKeyMode: 'preserve_run_at' })
    }
  })
  return { dispatched, deliveries }
}
