import type { ClientBase } from 'pg'
import type { PageRef, UpdateCause } from '../../../hooks/contract.js'
import { tableName, type Queryable, type WikiDatabase } from '../../db/wiki-database.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/** A page to refresh and how urgently (plugin/client/refresh/refresh-priority.ts). */
export interface RefreshRequest {
  page: PageRef
  priority: number
}

/** A pending refresh as the drain takes it. */
export interface PendingRefresh {
  page: PageRef
  priority: number
  queuedAt: Date
  cause: UpdateCause
  generation: string
}

/** Refresh requests of one cause (one change's batch of pages). */
export interface RefreshGroup {
  requests: readonly RefreshRequest[]
  cause: UpdateCause
}

/**
 * Adds pages to the set of pending refreshes (migrations/client/040_pending_refresh.sql), in
 * the caller's transaction, in one statement for all `groups`. A page already pending keeps
 * its oldest queue time and its highest priority; it takes the latest title (a move) and
 * cause: the last group that names the page wins, as if the groups were added one after the
 * other. Duplicates collapse first (one statement may not update a row twice).
 */
export async function upsertPendingRefreshes (tx: ClientBase, db: Db, groups: readonly RefreshGroup[]): Promise<void> {
  const byPage = new Map<number, { page: PageRef, priority: number, cause: number }>()
  for (const [cause, group] of groups.entries()) {
    // Within a group, the first request of the highest priority names the page.
    const inGroup = new Map<number, RefreshRequest>()
    for (const request of group.requests) {
      const seen = inGroup.get(request.page.id)
      if (seen === undefined || request.priority > seen.priority) inGroup.set(request.page.id, request)
    }
    for (const [id, request] of inGroup) {
      const before = byPage.get(id)
      byPage.set(id, { page: request.page, priority: Math.max(request.priority, before?.priority ?? request.priority), cause })
    }
  }
  if (byPage.size === 0) return
  const rows = [...byPage.values()]
  await tx.query(
    `INSERT INTO ${tableName(db, 'wbc_pending_refresh')} AS pr (pr_page_id, pr_namespace, pr_title, pr_priority, pr_cause)
     SELECT v.id, v.ns, v.title, v.priority, $6::jsonb -> v.cause
       FROM unnest($1::int[], $2::int[], $3::text[], $4::smallint[], $5::int[]) AS v(id, ns, title, priority, cause)
     ON CONFLICT (pr_page_id) DO UPDATE SET
       pr_namespace = EXCLUDED.pr_namespace, pr_title = EXCLUDED.pr_title,
       pr_priority = GREATEST(pr.pr_priority, EXCLUDED.pr_priority),
       pr_cause = EXCLUDED.pr_cause, pr_generation = pr.pr_generation + 1`,
    [rows.map(r => r.page.id), rows.map(r => r.page.namespace), rows.map(r => r.page.title), rows.map(r => r.priority), rows.map(r => r.cause),
      JSON.stringify(groups.map(g => g.cause))])
}

/** Up to `limit` pending refreshes, priority first, then oldest first (then page id). */
export async function nextPendingRefreshes (db: Db & { pool: Queryable }, limit: number): Promise<PendingRefresh[]> {
  const { rows } = await db.pool.query<{
    pr_page_id: number, pr_namespace: number, pr_title: string, pr_priority: number, pr_queued_at: Date, pr_cause: UpdateCause, pr_generation: string
  }>(
    `SELECT pr_page_id, pr_namespace, pr_title, pr_priority, pr_queued_at, pr_cause, pr_generation
       FROM ${tableName(db, 'wbc_pending_refresh')}
      ORDER BY pr_priority DESC, pr_queued_at, pr_page_id LIMIT $1`, [limit])
  return rows.map(r => ({
    page: { id: r.pr_page_id, namespace: r.pr_namespace, title: r.pr_title } as PageRef,
    priority: r.pr_priority,
    queuedAt: r.pr_queued_at,
    cause: r.pr_cause,
    generation: String(r.pr_generation)
  }))
}

/**
 * Removes refreshed pages from the set: each only if no change queued it again since it was
 * taken (same generation); such a page stays for the next batch. Returns how many left.
 */
export async function removeRefreshed (tx: ClientBase, db: Db, refreshed: readonly PendingRefresh[]): Promise<number> {
  if (refreshed.length === 0) return 0
  const { rowCount } = await tx.query(
    `DELETE FROM ${tableName(db, 'wbc_pending_refresh')} AS pr
      USING unnest($1::int[], $2::bigint[]) AS v(id, generation)
      WHERE pr.pr_page_id = v.id AND pr.pr_generation = v.generation`,
    [refreshed.map(r => r.page.id), refreshed.map(r => r.generation)])
  return rowCount ?? 0
}

/** Whether any page is still pending (the drain requeues itself while so). */
export async function hasPendingRefreshes (q: Queryable, db: Db): Promise<boolean> {
  const { rows } = await q.query(`SELECT 1 FROM ${tableName(db, 'wbc_pending_refresh')} LIMIT 1`)
  return rows.length > 0
}

/** Whether a page's refresh is pending (a view may render it fresh: client.pendingRefreshView). */
export async function isRefreshPending (q: Queryable, db: Db, pageId: number): Promise<boolean> {
  const { rows } = await q.query(`SELECT 1 FROM ${tableName(db, 'wbc_pending_refresh')} WHERE pr_page_id = $1`, [pageId])
  return rows.length > 0
}
