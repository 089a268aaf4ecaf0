import { tableName, type WikiDatabase, type Queryable } from '../db/wiki-database.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/**
 * The writes of SqlSubscriptionManager: a client records which entities it uses in the repo's
 * `wb_changes_subscription`, directly in the repo's database (facts §3.6).
 */
/** Subscribes `subscriber` to `entityIds`; already present pairs are left alone. */
export async function subscribe (q: Queryable, db: Db, subscriber: string, entityIds: readonly string[]): Promise<void> {
  if (entityIds.length === 0) return
  await q.query(
    `INSERT INTO ${tableName(db, 'wb_changes_subscription')} (cs_entity_id, cs_subscriber_id)
     SELECT DISTINCT e, $1::text FROM unnest($2::text[]) AS e
     ON CONFLICT ON CONSTRAINT wb_changes_subscription_entity_subscriber DO NOTHING`, [subscriber, entityIds])
}

export async function unsubscribe (q: Queryable, db: Db, subscriber: string, entityIds: readonly string[]): Promise<void> {
  if (entityIds.length === 0) return
  await q.query(
    `DELETE FROM ${tableName(db, 'wb_changes_subscription')} WHERE cs_subscriber_id = $1 AND cs_entity_id = ANY($2::text[])`,
    [subscriber, entityIds])
}

/** What one page save changes on the repo for one client (usage-update-plan.ts). */
export interface SubscriptionChanges {
  subscribe: readonly string[]
  unsubscribe: readonly string[]
  /** Fresh page counts per entity into `wb_entity_usage_counts` (repo/040); 0 removes the row. */
  counts: ReadonlyMap<string, number>
}

/**
 * Subscribes, unsubscribes and sets usage counts in one statement: on a repo in another
 * database that is one autocommitted round trip (one WAL flush) instead of one per write.
 * `subscribe` and `unsubscribe` must be disjoint (the CTEs of one statement do not see each
 * other's rows). Returns the subscriptions added and removed (pairs already in that state not counted).
 */
export async function updateSubscriptions (
  q: Queryable, db: Db, subscriber: string, changes: SubscriptionChanges
): Promise<{ subscribed: number, unsubscribed: number }> {
  const counts = [...changes.counts].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
  const used = counts.filter(([, pages]) => pages > 0)
  const { rows } = await q.query<{ subscribed: number, unsubscribed: number }>(
    `WITH sub AS (
       INSERT INTO ${tableName(db, 'wb_changes_subscription')} (cs_entity_id, cs_subscriber_id)
       SELECT DISTINCT e, $1::text FROM unnest($2::text[]) AS e ORDER BY 1
       ON CONFLICT ON CONSTRAINT wb_changes_subscription_entity_subscriber DO NOTHING RETURNING 1),
     unsub AS (
       DELETE FROM ${tableName(db, 'wb_changes_subscription')} WHERE cs_subscriber_id = $1 AND cs_entity_id = ANY($3::text[]) RETURNING 1),
     uncount AS (
       DELETE FROM ${tableName(db, 'wb_entity_usage_counts')} WHERE uc_site_id = $1 AND uc_entity_id = ANY($4::text[]) RETURNING 1),
     recount AS (
       INSERT INTO ${tableName(db, 'wb_entity_usage_counts')} (uc_entity_id, uc_site_id, uc_pages)
       SELECT e, $1::text, n FROM unnest($5::text[], $6::int[]) AS u (e, n) ORDER BY 1
       ON CONFLICT (uc_entity_id, uc_site_id) DO UPDATE SET uc_pages = EXCLUDED.uc_pages RETURNING 1)
     SELECT (SELECT count(*)::int FROM sub) AS subscribed, (SELECT count(*)::int FROM unsub) AS unsubscribed,
            (SELECT count(*) FROM uncount) + (SELECT count(*) FROM recount) AS counted`,
    [subscriber, [...changes.subscribe], [...changes.unsubscribe],
      counts.filter(([, pages]) => pages <= 0).map(([id]) => id), used.map(([id]) => id), used.map(([, pages]) => pages)])
  return { subscribed: rows[0]!.subscribed, unsubscribed: rows[0]!.unsubscribed }
}
