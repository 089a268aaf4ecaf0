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

/** A recentchanges row of one change (its key) on one page. */
export interface RecentChangePair {
  changeKey: string
  pageId: number
}

const pairKey = (changeKey: string, pageId: number): string => `${pageId}:${changeKey}`

/**
 * Of `pairs`, those that have no recentchanges row yet, claimed in one statement; the answer
 * holds `${pageId}:${changeKey}` of each (see {@link claimedPair}).
 */
export async function claimRecentChangePages (tx: ClientBase, db: Db, repoSiteId: string, pairs: readonly RecentChangePair[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set()
  const { rows } = await tx.query<{ key: string, id: number }>(
    `INSERT INTO ${tableName(db, 'wbc_injected_recent_changes')} (ir_repo_site_id, ir_change_key, ir_page_id)
     SELECT $1, v.key, v.page FROM unnest($2::text[], $3::int[]) AS v(key, page)
     ON CONFLICT DO NOTHING RETURNING ir_change_key AS key, ir_page_id AS id`,
    [repoSiteId, pairs.map(p => p.changeKey), pairs.map(p => p.pageId)])
  return new Set(rows.map(r => pairKey(r.key, r.id)))
}

/** Whether {@link claimRecentChangePages} claimed the pair. */
export function claimedPair (claimed: ReadonlySet<string>, pair: RecentChangePair): boolean {
  return claimed.has(pairKey(pair.changeKey, pair.pageId))
}

/** The recentchanges row ids of claimed pairs, in one statement. */
export async function recordRecentChangeIds (
  tx: ClientBase, db: Db, repoSiteId: string, rows: ReadonlyArray<RecentChangePair & { rcId: number }>
): Promise<void> {
  if (rows.length === 0) return
  await tx.query(
    `UPDATE ${tableName(db, 'wbc_injected_recent_changes')} AS ir SET ir_rc_id = v.rc
       FROM unnest($2::text[], $3::int[], $4::bigint[]) AS v(key, page, rc)
      WHERE ir.ir_repo_site_id = $1 AND ir.ir_change_key = v.key AND ir.ir_page_id = v.page`,
    [repoSiteId, rows.map(r => r.changeKey), rows.map(r => r.pageId), rows.map(r => r.rcId)])
}

/** Which of `changeIds` of `repoSiteId` were handled (a catch-up skips them rather than queue them again). */
export async function handledAmong (q: Queryable, db: Db, repoSiteId: string, changeIds: readonly number[]): Promise<Set<number>> {
  if (changeIds.length === 0) return new Set()
  const { rows } = await q.query<{ id: string }>(
    `SELECT hc_change_id AS id FROM ${tableName(db, 'wbc_handled_changes')} WHERE hc_repo_site_id = $1 AND hc_change_id = ANY($2::bigint[])`,
    [repoSiteId, changeIds])
  return new Set(rows.map(r => Number(r.id)))
}
