import type { WikiDatabase } from '../../db/wiki-database.js'
import { withSessionLock } from '../../db/session-lock.js'
import { setUsageCounts } from '../../repo-reader/entity-usage-counts.js'
import { deleteWrittenCounts, readUsageCountOutbox } from './usage-count-outbox.js'
import type { SqlUsageTracker } from './sql-usage-tracker.js'

/** What the sync works with: this client's database and usage table, and the repo's database. */
export interface UsageCountSyncDeps {
  db: Pick<WikiDatabase, 'siteId' | 'pool' | 'dataSchema'>
  tracker: Pick<SqlUsageTracker, 'countPagesUsing'>
  repo: Pick<WikiDatabase, 'pool' | 'dataSchema'>
}

/** Entities recounted and written per round trip pair. */
export const USAGE_COUNT_BATCH = 500

/**
 * One run of wikibase:syncUsageCounts: for the outbox's entities, a batch at a time, this
 * wiki's pages using each entity now (recounted from wbc_entity_usage, not deltas the saves
 * planned) become this client's row in the repo's `wb_entity_usage_counts` (0: no row); then
 * the rows written are deleted unless a save marked them again meanwhile. Absolute counts make
 * a replay (a run killed after the repo write, before the delete) write the same numbers again.
 * Returns the entities written.
 */
export async function syncUsageCounts (deps: UsageCountSyncDeps): Promise<number> {
  // One sync of a wiki at a time, whoever runs it (the job's named queue serialises the jobs;
  // this also covers a second runner process): two runs recounting at different times could
  // land their writes in the other order and leave the older count.
  return await withSessionLock(deps.db.pool, `fastify-wikibase:syncUsageCounts:${deps.db.dataSchema}`, async () => await syncOutbox(deps))
}

async function syncOutbox ({ db, tracker, repo }: UsageCountSyncDeps): Promise<number> {
  let written = 0
  for (let after = ''; ;) {
    const batch = await readUsageCountOutbox(db.pool, db, USAGE_COUNT_BATCH, after)
    if (batch.length === 0) break
    // Read after the outbox rows: a save that committed before this read is counted, one
    // after it bumped the generation, so its row stays for the next run.
    const counts = await tracker.countPagesUsing(batch.map(b => b.entityId))
    await setUsageCounts(repo.pool, repo, db.siteId, new Map(batch.map(b => [b.entityId, counts.get(b.entityId) ?? 0])))
    await deleteWrittenCounts(db.pool, db, batch)
    written += batch.length
    after = batch[batch.length - 1]!.entityId
  }
  return written
}
