import { tableName, type WikiDatabase, type Queryable } from '../../db/wiki-database.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/**
 * wb_changes_subscription: which client wiki uses which entity (SqlSubscriptionLookup and
 * SqlSubscriptionManager). Clients write here directly, in the repo's database; those writes
 * (subscribe, unsubscribe) are in plugin/repo-reader/subscriptions.ts.
 */
export async function getSubscribers (q: Queryable, db: Db, entityId: string): Promise<string[]> {
  const { rows } = await q.query<{ cs_subscriber_id: string }>(
    `SELECT cs_subscriber_id FROM ${tableName(db, 'wb_changes_subscription')} WHERE cs_entity_id = $1 ORDER BY cs_subscriber_id`, [entityId])
  return rows.map(r => r.cs_subscriber_id)
}

export async function hasSubscribers (q: Queryable, db: Db, entityId: string): Promise<boolean> {
  const { rowCount } = await q.query(`SELECT 1 FROM ${tableName(db, 'wb_changes_subscription')} WHERE cs_entity_id = $1 LIMIT 1`, [entityId])
  return (rowCount ?? 0) > 0
}

/** All (entity, subscriber) pairs, sorted — for tests and the status page. */
export async function allSubscriptions (q: Queryable, db: Db): Promise<Array<{ entityId: string, subscriber: string }>> {
  const { rows } = await q.query<{ e: string, s: string }>(
    `SELECT cs_entity_id AS e, cs_subscriber_id AS s FROM ${tableName(db, 'wb_changes_subscription')} ORDER BY cs_subscriber_id, cs_entity_id`)
  return rows.map(r => ({ entityId: r.e, subscriber: r.s }))
}
