import { tableName, type Queryable, type WikiDatabase } from '../../db/wiki-database.js'
import type { SubscriberFootprint } from './orphan-subscribers.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/**
 * SQL of the orphan sweep (orphan-subscribers.ts): what each subscriber site holds on the repo,
 * and batched deletes of one site's rows, so a purge of millions of rows is many short
 * transactions, never one that blocks dispatch.
 */

/**
 * Every site with subscriptions, pending deliveries, usage counts or dispatch state, sorted.
 * Read as loose index scans (one index probe per distinct site, not a scan of every row):
 * cheap enough to run at every start of a repo with a hundred million subscriptions.
 */
export async function subscriberSites (q: Queryable, db: Db): Promise<string[]> {
  const distinct = (table: string, column: string): string => `(WITH RECURSIVE t AS (
      (SELECT ${column} AS site FROM ${tableName(db, table)} ORDER BY 1 LIMIT 1)
      UNION ALL
      SELECT (SELECT ${column} FROM ${tableName(db, table)} WHERE ${column} > t.site ORDER BY 1 LIMIT 1) FROM t WHERE t.site IS NOT NULL
    ) SELECT site FROM t WHERE site IS NOT NULL)`
  const { rows } = await q.query<{ site: string }>(
    `${distinct('wb_changes_subscription', 'cs_subscriber_id')}
     UNION ${distinct('wb_changes_delivery', 'cd_site_id')}
     UNION ${distinct('wb_entity_usage_counts', 'uc_site_id')}
     UNION SELECT ds_site_id FROM ${tableName(db, 'wb_dispatch_client_state')}
     ORDER BY 1`)
  return rows.map(r => r.site)
}

/** What `site` holds on the repo (counts by index). */
export async function footprintOf (q: Queryable, db: Db, site: string): Promise<SubscriberFootprint> {
  const { rows } = await q.query<{ subscriptions: number, deliveries: number, usage_counts: number }>(
    `SELECT (SELECT count(*)::int FROM ${tableName(db, 'wb_changes_subscription')} WHERE cs_subscriber_id = $1) AS subscriptions,
            (SELECT count(*)::int FROM ${tableName(db, 'wb_changes_delivery')} WHERE cd_site_id = $1) AS deliveries,
            (SELECT count(*)::int FROM ${tableName(db, 'wb_entity_usage_counts')} WHERE uc_site_id = $1) AS usage_counts`, [site])
  const r = rows[0]!
  return { site, subscriptions: r.subscriptions, deliveries: r.deliveries, usageCounts: r.usage_counts }
}

/** Deletes up to `limit` of the site's subscriptions; returns how many. */
export async function deleteSubscriptionBatch (q: Queryable, db: Db, site: string, limit: number): Promise<number> {
  const table = tableName(db, 'wb_changes_subscription')
  const { rowCount } = await q.query(
    `DELETE FROM ${table} WHERE cs_row_id IN (SELECT cs_row_id FROM ${table} WHERE cs_subscriber_id = $1 LIMIT $2)`, [site, limit])
  return rowCount ?? 0
}

/** Deletes up to `limit` of the site's usage counts; returns how many. */
export async function deleteUsageCountBatch (q: Queryable, db: Db, site: string, limit: number): Promise<number> {
  const table = tableName(db, 'wb_entity_usage_counts')
  const { rowCount } = await q.query(
    `DELETE FROM ${table} WHERE (uc_entity_id, uc_site_id) IN (SELECT uc_entity_id, uc_site_id FROM ${table} WHERE uc_site_id = $1 LIMIT $2)`, [site, limit])
  return rowCount ?? 0
}

/**
 * Drops up to `limit` of the site's pending deliveries, in the caller's transaction, and the
 * change rows no other client waits for any more (as a completed delivery does: the change
 * rows are locked first, so a delivery to another client finishing at once cannot leave one).
 * Returns how many deliveries were dropped.
 */
export async function dropDeliveryBatch (q: Queryable, db: Db, site: string, limit: number): Promise<number> {
  const deliveries = tableName(db, 'wb_changes_delivery')
  const changes = tableName(db, 'wb_changes')
  const { rows } = await q.query<{ id: string }>(
    `SELECT cd_change_id AS id FROM ${deliveries} WHERE cd_site_id = $1 ORDER BY cd_change_id LIMIT $2`, [site, limit])
  if (rows.length === 0) return 0
  const ids = rows.map(r => r.id)
  await q.query(`SELECT 1 FROM ${changes} WHERE change_id = ANY($1::bigint[]) ORDER BY change_id FOR UPDATE`, [ids])
  const { rowCount } = await q.query(`DELETE FROM ${deliveries} WHERE cd_site_id = $1 AND cd_change_id = ANY($2::bigint[])`, [site, ids])
  await q.query(
    `DELETE FROM ${changes} c WHERE c.change_id = ANY($1::bigint[])
        AND NOT EXISTS (SELECT 1 FROM ${deliveries} d WHERE d.cd_change_id = c.change_id)`, [ids])
  return rowCount ?? 0
}

/** The site's dispatch status row (last delivery, totals): gone with the client. */
export async function deleteDispatchState (q: Queryable, db: Db, site: string): Promise<void> {
  await q.query(`DELETE FROM ${tableName(db, 'wb_dispatch_client_state')} WHERE ds_site_id = $1`, [site])
}
