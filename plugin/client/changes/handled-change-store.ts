import type { ClientBase } from 'pg'
import { tableName, type Queryable, type WikiDatabase } from '../../db/wiki-database.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/**
 * Records `changeIds` of `repoSiteId` as handled and returns those that were not handled
 * before. Run in the transaction that queues the page updates, so a change counts as
 * handled exactly when its updates are queued.
 */
export async function claimUnhandledChanges (tx: ClientBase, db: Db, repoSiteId: string, changeIds: readonly number[]): Promise<Set<number>> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO ${tableName(db, 'wbc_handled_changes')} (hc_repo_site_id, hc_change_id)
     SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING RETURNING hc_change_id AS id`, [repoSiteId, changeIds])
  return new Set(rows.map(r => Number(r.id)))
}

/** Of `pageIds`, those that have no recentchanges row for this change yet; claims them. */
export async function claimRecentChangePages (tx: ClientBase, db: Db, repoSiteId: string, changeKey: string, pageIds: readonly number[]): Promise<Set<number>> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO ${tableName(db, 'wbc_injected_recent_changes')} (ir_repo_site_id, ir_change_key, ir_page_id)
     SELECT $1, $2, unnest($3::int[]) ON CONFLICT DO NOTHING RETURNING ir_page_id AS id`, [repoSiteId, changeKey, pageIds])
  return new Set(rows.map(r => r.id))
}

export async function recordRecentChangeIds (tx: ClientBase, db: Db, repoSiteId: string, changeKey: string, rcIds: ReadonlyMap<number, number>): Promise<void> {
  if (rcIds.size === 0) return
  await tx.query(
    `UPDATE ${tableName(db, 'wbc_injected_recent_changes')} AS ir SET ir_rc_id = v.rc
       FROM unnest($3::int[], $4::bigint[]) AS v(page, rc)
      WHERE ir.ir_repo_site_id = $1 AND ir.ir_change_key = $2 AND ir.ir_page_id = v.page`,
    [repoSiteId, changeKey, [...rcIds.keys()], [...rcIds.values()]])
}

/** Which of `changeIds` of `repoSiteId` were handled (a catch-up skips them rather than queue them again). */
export async function handledAmong (q: Queryable, db: Db, repoSiteId: string, changeIds: readonly number[]): Promise<Set<number>> {
  if (changeIds.length === 0) return new Set()
  const { rows } = await q.query<{ id: string }>(
    `SELECT hc_change_id AS id FROM ${tableName(db, 'wbc_handled_changes')} WHERE hc_repo_site_id = $1 AND hc_change_id = ANY($2::bigint[])`,
    [repoSiteId, changeIds])
  return new Set(rows.map(r => Number(r.id)))
}
