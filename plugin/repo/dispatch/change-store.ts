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

/** Inserts a change, encoded (SqlChangeStore: time defaults to now); returns its id. */
export async function insertChange (tx: ClientBase, db: Db, change: EntityChange): Promise<number> {
  const row = encodeChange(change)
  const { rows } = await tx.query<{ change_id: string }>(
    `INSERT INTO ${tableName(db, 'wb_changes')}
       (change_type, change_time, change_object_id, change_revision_id, change_user_id, change_info)
     VALUES ($1, coalesce($2, now()), $3, $4, $5, $6::jsonb) RETURNING change_id`,
    [row.type, row.time === '' ? null : mwTimestampToDate(row.time), row.object_id, row.revision_id, row.user_id, row.info])
  return Number(rows[0]!.change_id)
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
