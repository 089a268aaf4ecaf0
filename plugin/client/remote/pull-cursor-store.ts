import type { ClientBase } from 'pg'
import { tableName, type Queryable, type WikiDatabase } from '../../db/wiki-database.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/** The feed id up to which `repoSiteId`'s change feed has been read; null before the first pull. */
export async function readPullCursor (q: Queryable, db: Db, repoSiteId: string): Promise<number | null> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT pc_feed_id AS id FROM ${tableName(db, 'wbc_pull_cursor')} WHERE pc_repo_site_id = $1`, [repoSiteId])
  return rows.length === 0 ? null : Number(rows[0]!.id)
}

/** Moves the cursor to `feedId`, never back (a late, slower run must not undo a later one's progress). */
export async function advancePullCursor (tx: ClientBase, db: Db, repoSiteId: string, feedId: number): Promise<void> {
  await tx.query(
    `INSERT INTO ${tableName(db, 'wbc_pull_cursor')} AS p (pc_repo_site_id, pc_feed_id) VALUES ($1, $2)
     ON CONFLICT (pc_repo_site_id) DO UPDATE SET pc_feed_id = greatest(p.pc_feed_id, excluded.pc_feed_id), pc_updated = now()`,
    [repoSiteId, feedId])
}
