import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { SyncUsageCountsPayload } from '../plugin/queue/task-payloads.js'
import type { WikiDatabase } from '../plugin/db/wiki-database.js'
import type { SqlUsageTracker } from '../plugin/client/usage/sql-usage-tracker.js'
import { syncUsageCounts } from '../plugin/client/usage/usage-count-sync.js'

/** What wikibase:syncUsageCounts works with: this client's database and usage table, the repo's database. */
export interface SyncUsageCountsDeps {
  db: Pick<WikiDatabase, 'siteId' | 'pool' | 'dataSchema'>
  tracker: Pick<SqlUsageTracker, 'countPagesUsing'>
  /** Null for a remote-mode client (its counts travel with wikibase:syncSubscriptions). */
  repoDb: Pick<WikiDatabase, 'pool' | 'dataSchema'> | null
}

/**
 * wikibase:syncUsageCounts (farm client): writes the fresh page counts of the entities page
 * saves marked to the repo's `wb_entity_usage_counts` (usage-count-sync.ts). A failure
 * keeps the outbox and graphile-worker retries the job; a replay writes the same counts.
 */
export function makeSyncUsageCountsTask (deps: SyncUsageCountsDeps): TaskDefinition<typeof SyncUsageCountsPayload> {
  return defineTask({
    name: 'wikibase:syncUsageCounts',
    payload: SyncUsageCountsPayload,
    run: async () => {
      if (deps.repoDb === null) return
      await syncUsageCounts({ db: deps.db, tracker: deps.tracker, repo: deps.repoDb })
    }
  })
}
