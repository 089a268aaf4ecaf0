import type { ClientBase } from 'pg'
import { tableName, type Queryable, type WikiDatabase } from '../db/wiki-database.js'
import type { EntityId } from '../../hooks/ids.js'
import { addJob } from '../queue/enqueue.js'

type Db = Pick<WikiDatabase, 'siteId' | 'dataSchema' | 'queueSchema'>

/** Job key of the sync: saves made while it waits collapse into it. */
export const SYNC_JOB_KEY = 'syncSubscriptions'

/**
 * The sync's named queue: runs of one wiki never overlap, so their requests reach the repo in
 * order (addJob scopes it to the wiki, as it does job keys).
 */
export const SYNC_QUEUE_NAME = 'wikibase:syncSubscriptions'

/**
 * Marks entities whose subscription on the repo may have to change and queues the sync, in
 * the caller's transaction (client migration 060). A row already there is marked again
 * (generation bumped), so a sync that read it before keeps it for the next run.
 */
export async function markForSync (tx: Queryable, db: Db, entityIds: readonly string[]): Promise<void> {
  const ids = [...new Set(entityIds)].sort()
  if (ids.length === 0) return
  const table = tableName(db, 'wbc_subscription_outbox')
  await tx.query(
    `INSERT INTO ${table} (so_entity_id) SELECT e FROM unnest($1::text[]) AS e ORDER BY 1
     ON CONFLICT (so_entity_id) DO UPDATE SET so_generation = ${table}.so_generation + 1`, [ids])
  await addJob(tx as ClientBase, db, 'wikibase:syncSubscriptions', {}, {
    jobKey: SYNC_JOB_KEY, jobKeyMode: 'preserve_run_at', queueName: SYNC_QUEUE_NAME
  })
}

/** A batch of the outbox: entity ids with the generation they were read at. */
export async function readOutbox (q: Queryable, db: Db, limit: number, after = ''): Promise<Array<{ entityId: EntityId, generation: number }>> {
  const { rows } = await q.query<{ id: EntityId, generation: string }>(
    `SELECT so_entity_id AS id, so_generation AS generation FROM ${tableName(db, 'wbc_subscription_outbox')}
      WHERE so_entity_id > $1 ORDER BY so_entity_id LIMIT $2`, [after, limit])
  return rows.map(r => ({ entityId: r.id, generation: Number(r.generation) }))
}

/** Deletes the rows that were sent, unless a save marked them again since they were read. */
export async function deleteSent (q: Queryable, db: Db, sent: ReadonlyArray<{ entityId: string, generation: number }>): Promise<void> {
  if (sent.length === 0) return
  await q.query(
    `DELETE FROM ${tableName(db, 'wbc_subscription_outbox')} o USING unnest($1::text[], $2::bigint[]) AS s (id, generation)
      WHERE o.so_entity_id = s.id AND o.so_generation = s.generation`,
    [sent.map(s => s.entityId), sent.map(s => s.generation)])
}
