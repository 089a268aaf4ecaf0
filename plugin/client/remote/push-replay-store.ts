import type { ClientBase } from 'pg'
import { tableName, type Queryable, type WikiDatabase } from '../../db/wiki-database.js'
import { PUSH_REPLAY_WINDOW_SECONDS } from '../../remote/push-signature.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/**
 * Records a push id as accepted, in the transaction that stores the push's changes; false when
 * the id was recorded before (a replay: the primary key decides, so two concurrent deliveries
 * of one push cannot both pass).
 */
export async function recordPushId (tx: ClientBase, db: Db, pushId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO ${tableName(db, 'wbc_push_seen')} (ps_push_id) VALUES ($1) ON CONFLICT DO NOTHING`, [pushId])
  return rowCount === 1
}

/**
 * Forgets push ids older than twice the replay window (a push's timestamp is accepted up to
 * one window either side of the clock, so no push older than that can pass the signature
 * check any more). Bounded per call; rows another sweep holds are skipped.
 */
export async function sweepPushIds (q: Queryable, db: Db, batch = 1000): Promise<number> {
  const table = tableName(db, 'wbc_push_seen')
  const { rowCount } = await q.query(
    `DELETE FROM ${table} WHERE ps_push_id IN (
       SELECT ps_push_id FROM ${table} WHERE ps_received_at < now() - make_interval(secs => $1)
        LIMIT $2 FOR UPDATE SKIP LOCKED)`, [2 * PUSH_REPLAY_WINDOW_SECONDS, batch])
  return rowCount ?? 0
}
