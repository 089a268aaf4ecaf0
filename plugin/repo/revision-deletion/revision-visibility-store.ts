import type { ClientBase } from 'pg'
import type { EntityId } from '../../../hooks/ids.js'
import { tableName, type WikiDatabase } from '../../db/wiki-database.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/** What `action=revisiondelete` reads of a repo revision (RevDelRevisionItem). */
export interface RevisionVisibilityRow {
  revisionId: number
  timestamp: Date
  userId: number
  userText: string
  comment: string
  bits: number
}

/**
 * The entity's revisions of `ids` (others are missing), locked for the update: two
 * concurrent visibility changes of one revision queue instead of one overwriting the other's
 * bits (MediaWiki's RevDelItem::setBits compares-and-sets for the same reason).
 */
export async function lockRevisionVisibility (tx: ClientBase, db: Db, entityId: EntityId, ids: readonly number[]): Promise<RevisionVisibilityRow[]> {
  type Row = { rev_id: string, rev_timestamp: Date, rev_user_id: string, rev_user_text: string, rev_comment: string, rev_deleted: number }
  const { rows } = await tx.query<Row>(
    `SELECT rev_id, rev_timestamp, rev_user_id, rev_user_text, rev_comment, rev_deleted
       FROM ${tableName(db, 'wb_entity_revisions')}
      WHERE rev_entity_id = $1 AND rev_id = ANY($2::bigint[])
      ORDER BY rev_id FOR UPDATE`, [entityId, ids])
  return rows.map(row => ({
    revisionId: Number(row.rev_id),
    timestamp: row.rev_timestamp,
    userId: Number(row.rev_user_id),
    userText: row.rev_user_text,
    comment: row.rev_comment,
    bits: row.rev_deleted
  }))
}

export async function setRevisionVisibility (tx: ClientBase, db: Db, revisionId: number, bits: number): Promise<void> {
  await tx.query(`UPDATE ${tableName(db, 'wb_entity_revisions')} SET rev_deleted = $2 WHERE rev_id = $1`, [revisionId, bits])
}
