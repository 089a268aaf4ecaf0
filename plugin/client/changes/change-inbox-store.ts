import type { ClientBase } from 'pg'
import { tableName, type WikiDatabase } from '../../db/wiki-database.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

// The rows are put in by the repo's push: plugin/queue/change-inbox-push.ts (the cross-role write, as add_job is).

/** One inbox row: the change id and the row as the repo stored it (not yet checked). */
export interface InboxRow {
  id: number
  change: unknown
}

/**
 * Locks the `limit` oldest rows (by change id) of `repoSiteId` for the drain's transaction.
 * One drain per (client, repo) runs at a time (its named queue); the lock keeps a stray
 * second one from handling the same rows meanwhile.
 */
export async function lockOldestInboxRows (tx: ClientBase, db: Db, repoSiteId: string, limit: number): Promise<InboxRow[]> {
  const { rows } = await tx.query<{ id: string, change: unknown }>(
    `SELECT ci_change_id AS id, ci_change AS change FROM ${tableName(db, 'wbc_change_inbox')}
      WHERE ci_repo_site_id = $1 ORDER BY ci_change_id LIMIT $2 FOR UPDATE`, [repoSiteId, limit])
  return rows.map(r => ({ id: Number(r.id), change: r.change }))
}

/** Deletes the drained rows; tells whether rows of that repo remain. */
export async function deleteInboxRows (tx: ClientBase, db: Db, repoSiteId: string, changeIds: readonly number[]): Promise<boolean> {
  await tx.query(`DELETE FROM ${tableName(db, 'wbc_change_inbox')} WHERE ci_repo_site_id = $1 AND ci_change_id = ANY($2::bigint[])`,
    [repoSiteId, changeIds])
  const { rows } = await tx.query<{ more: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${tableName(db, 'wbc_change_inbox')} WHERE ci_repo_site_id = $1) AS more`, [repoSiteId])
  return rows[0]!.more
}
