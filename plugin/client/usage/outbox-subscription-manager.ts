import type { WikiDatabase, Queryable } from '../../db/wiki-database.js'
import type { EntityId } from '../../../hooks/ids.js'
import { markForSync } from '../../remote/subscription-outbox.js'
import type { SubscriptionManager } from './usage-updater.js'

/**
 * The SubscriptionManager of a remote-mode client: a page save records the entities its
 * update touches in the outbox, in the save's transaction (UsageUpdater passes it, being told
 * the "repo" is in the client's transaction), and wikibase:syncSubscriptions brings the repo
 * in line later (plugin/remote/subscription-sync.ts). A save never waits on or fails with the repo. Counts
 * are kept (`setUsageCounts` present), so the sync sends the repo's usage-count aggregate too;
 * the sync recounts from the usage table, so what a save planned is only which entities to look at.
 */
export function outboxSubscriptionManager (db: Pick<WikiDatabase, 'siteId' | 'dataSchema' | 'queueSchema' | 'pool'>): SubscriptionManager {
  const mark = async (ids: Iterable<EntityId>, q: Queryable = db.pool): Promise<void> => { await markForSync(q, db, [...ids]) }
  return {
    subscribe: async (_subscriber, ids, q) => { await mark(ids, q) },
    unsubscribe: async (_subscriber, ids, q) => { await mark(ids, q) },
    setUsageCounts: async (_subscriber, counts, q) => { await mark(counts.keys(), q) },
    update: async (_subscriber, changes, q) => {
      await mark([...changes.subscribe, ...changes.unsubscribe, ...changes.counts.keys()] as EntityId[], q)
    }
  }
}
