import { tableName, type WikiDatabase, type Queryable } from '../db/wiki-database.js'
import type { EntityId } from '../../hooks/ids.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/**
 * `wb_entity_usage_counts` (migration repo/040): pages per client per entity, kept on the repo.
 * Beyond Wikibase, which only knows *whether* a client uses an entity (wb_changes_subscription).
 * Clients write their own rows, like their subscriptions (usage-updater.ts); the repo reads the
 * sum (protection by usage, item pages) and drops a removed client's rows (orphan sweep).
 */

/**
 * Sets `subscriber`'s page count of each entity to the given fresh count; 0 removes the row.
 * The counts are recounts, not increments, so a repeated or reordered write under the
 * caller's per-entity lock leaves the right number.
 */
export async function setUsageCounts (q: Queryable, db: Db, subscriber: string, counts: ReadonlyMap<EntityId, number>): Promise<void> {
  if (counts.size === 0) return
  const table = tableName(db, 'wb_entity_usage_counts')
  const entries = [...counts].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
  const used = entries.filter(([, pages]) => pages > 0)
  const unused = entries.filter(([, pages]) => pages <= 0).map(([id]) => id)
  if (unused.length > 0) {
    await q.query(`DELETE FROM ${table} WHERE uc_site_id = $1 AND uc_entity_id = ANY($2::text[])`, [subscriber, unused])
  }
  if (used.length > 0) {
    await q.query(
      `INSERT INTO ${table} (uc_entity_id, uc_site_id, uc_pages)
       SELECT e, $1::text, n FROM unnest($2::text[], $3::int[]) AS u (e, n)
       ON CONFLICT (uc_entity_id, uc_site_id) DO UPDATE SET uc_pages = EXCLUDED.uc_pages`,
      [subscriber, used.map(([id]) => id), used.map(([, pages]) => pages)])
  }
}

/** How widely an entity is used: pages across all clients, and on how many clients. */
export interface EntityUsageSummary {
  pages: number
  wikis: number
}

export async function entityUsageSummary (q: Queryable, db: Db, entityId: EntityId): Promise<EntityUsageSummary> {
  const { rows } = await q.query<{ pages: string | null, wikis: string }>(
    `SELECT sum(uc_pages) AS pages, count(*) AS wikis FROM ${tableName(db, 'wb_entity_usage_counts')} WHERE uc_entity_id = $1`, [entityId])
  return { pages: Number(rows[0]?.pages ?? 0), wikis: Number(rows[0]?.wikis ?? 0) }
}
