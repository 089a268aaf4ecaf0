import type { ClientBase } from 'pg'
import type { EntityId } from '../../../hooks/ids.js'
import { tableName, type WikiDatabase } from '../../db/wiki-database.js'
import { DELETED_RESTRICTED } from './revision-visibility.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/** A revision deletion log entry (repo migration 070), as RevDelList::updateLog writes it. */
export interface RevisionDeletionLogEntry {
  type: 'delete' | 'suppress'
  userId: number
  userText: string
  entityId: EntityId
  comment: string
  /** The revisions changed, the bits before (of the first) and after. */
  params: { type: 'revision', ids: number[], ofield: number, nfield: number }
  tags: string[]
}

/**
 * Which log an entry goes to (RevDelList::setVisibility): `suppress` when the request sets
 * the restricted bit or touches a revision that had it, so sysops never read what
 * oversighters did; `delete` otherwise.
 */
export function revisionDeletionLogType (changed: ReadonlyArray<{ oldBits: number, newBits: number }>): 'delete' | 'suppress' {
  return changed.some(c => ((c.oldBits | c.newBits) & DELETED_RESTRICTED) !== 0) ? 'suppress' : 'delete'
}

export async function insertRevisionDeletionLog (tx: ClientBase, db: Db, entry: RevisionDeletionLogEntry): Promise<number> {
  const { rows } = await tx.query<{ log_id: string }>(
    `INSERT INTO ${tableName(db, 'wb_revision_deletion_log')}
       (log_type, log_user_id, log_user_text, log_entity_id, log_comment, log_params, log_tags)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING log_id`,
    [entry.type, entry.userId, entry.userText, entry.entityId, entry.comment, JSON.stringify(entry.params), entry.tags])
  return Number(rows[0]!.log_id)
}
