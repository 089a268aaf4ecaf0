import type { ClientBase } from 'pg'
import { escapeIdentifier } from 'pg'
import { tableName, type Queryable, type WikiDatabase } from '../../db/wiki-database.js'
import type { EntityId } from '../../../hooks/ids.js'
import { addJob, addJobCall, type JobSpec } from '../../queue/enqueue.js'

type Db = Pick<WikiDatabase, 'siteId' | 'dataSchema' | 'queueSchema'>

/**
 * A farm client's outbox of usage counts (client migration 080): the entities a page save
 * gained or lost are marked here, in the save's transaction, and wikibase:syncUsageCounts
 * writes their fresh counts to the repo's `wb_entity_usage_counts` later, many at a time
 * (usage-count-sync.ts). The save no longer waits on the repo for counts; subscriptions are
 * still written by the save (usage-updater.ts).
 */

/** Job key of the sync: saves made while it waits collapse into it. */
export const USAGE_COUNT_JOB_KEY = 'syncUsageCounts'
/** Its named queue: runs of one wiki never overlap, so an older recount cannot land after a newer one. */
export const USAGE_COUNT_QUEUE_NAME = 'wikibase:syncUsageCounts'

const JOB_SPEC: JobSpec = { jobKey: USAGE_COUNT_JOB_KEY, jobKeyMode: 'preserve_run_at', queueName: USAGE_COUNT_QUEUE_NAME }

export function usageCountOutboxTable (db: Pick<WikiDatabase, 'dataSchema'>): string {
  return tableName(db, 'wbc_usage_count_outbox')
}

/**
 * Marks entities and queues the sync, in the caller's transaction. A row already there is
 * marked again (generation bumped), so a sync that read it before keeps it for its next run.
 */
export async function markUsageCounts (tx: Queryable, db: Db, entityIds: readonly string[]): Promise<void> {
  const ids = [...new Set(entityIds)].sort()
  if (ids.length === 0) return
  const table = usageCountOutboxTable(db)
  await tx.query(
    `INSERT INTO ${table} (uo_entity_id) SELECT e FROM unnest($1::text[]) AS e ORDER BY 1
     ON CONFLICT (uo_entity_id) DO UPDATE SET uo_generation = ${table}.uo_generation + 1`, [ids])
  await queueUsageCountSync(tx, db)
}

/** Queues the sync (addJob's retries included), in the caller's transaction. */
export async function queueUsageCountSync (tx: Queryable, db: Db): Promise<void> {
  await addJob(tx as ClientBase, db, 'wikibase:syncUsageCounts', {}, JOB_SPEC)
}

/**
 * The pieces a page's write statement marks with (page-usage-store.ts): a CTE `marked` that
 * marks the entities of its CTE `changed`, and a CTE `job` that queues the sync when it marked
 * any and no run is waiting yet (the job id; NULL when graphile-worker #580 struck: then the
 * caller queues it again). A waiting run is share-locked instead of re-queued: graphile-worker
 * takes jobs `FOR UPDATE SKIP LOCKED` (getJobs.js, 0.17), so it cannot start before this
 * transaction commits and will read this save's marks; saves share the lock, while add_job
 * (a plpgsql function updating the job row) made each save pay about 1 ms and wait for the
 * other saves' row lock. A run already started (locked_at set) is not waiting: add_job then.
 */
export function usageCountMarkCtes (db: Db, firstParam: number): { sql: string, params: unknown[] } {
  const table = usageCountOutboxTable(db)
  const job = addJobCall(db, 'wikibase:syncUsageCounts', {}, JOB_SPEC, firstParam)
  const jobKey = job.params[5]
  return {
    sql: `marked AS (
            INSERT INTO ${table} (uo_entity_id) SELECT e FROM changed, fresh WHERE fresh.ok ORDER BY 1
            ON CONFLICT (uo_entity_id) DO UPDATE SET uo_generation = ${table}.uo_generation + 1
            RETURNING 1),
          waiting AS (
            SELECT 1 FROM ${escapeIdentifier(db.queueSchema)}._private_jobs
             WHERE key = $${firstParam + job.params.length} AND is_available AND EXISTS (SELECT 1 FROM marked)
               FOR SHARE),
          job AS (SELECT (${job.sql}).id AS id FROM (SELECT 1 WHERE EXISTS (SELECT 1 FROM marked) AND NOT EXISTS (SELECT 1 FROM waiting)) AS m)`,
    params: [...job.params, jobKey]
  }
}

/** A batch of the outbox: entity ids with the generation they were read at. */
type OutboxDb = Pick<WikiDatabase, 'dataSchema'>

export async function readUsageCountOutbox (q: Queryable, db: OutboxDb, limit: number, after = ''): Promise<Array<{ entityId: EntityId, generation: number }>> {
  const { rows } = await q.query<{ id: EntityId, generation: string }>(
    `SELECT uo_entity_id AS id, uo_generation AS generation FROM ${usageCountOutboxTable(db)}
      WHERE uo_entity_id > $1 ORDER BY uo_entity_id LIMIT $2`, [after, limit])
  return rows.map(r => ({ entityId: r.id, generation: Number(r.generation) }))
}

/** Deletes the rows whose counts were written, unless a save marked them again since they were read. */
export async function deleteWrittenCounts (q: Queryable, db: OutboxDb, written: ReadonlyArray<{ entityId: string, generation: number }>): Promise<void> {
  if (written.length === 0) return
  await q.query(
    `DELETE FROM ${usageCountOutboxTable(db)} o USING unnest($1::text[], $2::bigint[]) AS s (id, generation)
      WHERE o.uo_entity_id = s.id AND o.uo_generation = s.generation`,
    [written.map(s => s.entityId), written.map(s => s.generation)])
}
