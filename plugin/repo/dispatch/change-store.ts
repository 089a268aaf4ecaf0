import type { ClientBase } from 'pg'
import { tableName, type WikiDatabase } from '../../db/wiki-database.js'
import { mwTimestampToDate, toMwTimestamp, type EntityChange } from '../../changes/entity-change.js'
import { encodeChange, type StoredChangeRow } from '../../changes/stored-change.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

interface ChangeRowRecord {
  change_id: string
  change_type: string
  change_time: Date
  change_object_id: string
  change_revision_id: string
  change_user_id: string
  change_info: unknown
}

/**
 * Inserts a change, encoded (SqlChangeStore: time defaults to now), in `shard` — unless the
 * entity has rows no dispatch has taken yet: then in their shard, so an entity's pending
 * changes are never split over two shards (dispatch-shard.ts). Returns its id and shard.
 */
export async function insertChange (tx: ClientBase, db: Db, change: EntityChange, shard = 0): Promise<{ changeId: number, shard: number }> {
  const row = encodeChange(change)
  const changes = tableName(db, 'wb_changes')
  const { rows } = await tx.query<{ change_id: string, change_shard: number }>(
    `INSERT INTO ${changes}
       (change_type, change_time, change_object_id, change_revision_id, change_user_id, change_info, change_shard)
     VALUES ($1, coalesce($2, now()), $3::text, $4, $5, $6::jsonb, coalesce(
       (SELECT p.change_shard FROM ${changes} p WHERE p.change_object_id = $3::text AND NOT p.change_dispatched ORDER BY p.change_id LIMIT 1), $7))
     RETURNING change_id, change_shard`,
    [row.type, row.time === '' ? null : mwTimestampToDate(row.time), row.object_id, row.revision_id, row.user_id, row.info, shard])
  return { changeId: Number(rows[0]!.change_id), shard: rows[0]!.change_shard }
}

/** A stored row as it travels to clients: info as JSON text, time as an MW timestamp. */
export function toStoredChange (row: ChangeRowRecord): StoredChangeRow {
  return {
    id: Number(row.change_id),
    type: row.change_type,
    time: toMwTimestamp(row.change_time),
    object_id: row.change_object_id,
    revision_id: Number(row.change_revision_id),
    user_id: Number(row.change_user_id),
    info: JSON.stringify(row.change_info)
  }
}

export const CHANGE_COLUMNS = 'c.change_id, c.change_type, c.change_time, c.change_object_id, c.change_revision_id, c.change_user_id, c.change_info'

export type { ChangeRowRecord }
