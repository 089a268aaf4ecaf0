import type { ClientBase, Pool } from 'pg'
import { tableName, type WikiDatabase } from '../../db/wiki-database.js'

type Db = Pick<WikiDatabase, 'dataSchema'>
type Queryable = ClientBase | Pool

/**
 * wb_changes_subscription: which client wiki uses which entity (SqlSubscriptionLookup and
 * SqlSubscriptionManager). Clients write here directly, in the repo's database.
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

/** All (entity, subscriber) pairs, sorted — for tests and the status page. */
export async function allSubscriptions (q: Queryable, db: Db): Promise<Array<{ entityId: string, subscriber: string }>> {
  const { rows } = await q.query<{ e: string, s: string }>(
    `SELECT cs_entity_id AS e, cs_subscriber_id AS s FROM ${tableName(db, 'wb_changes_subscription')} ORDER BY cs_subscriber_id, cs_entity_id`)
  return rows.map(r => ({ entityId: r.e, subscriber: r.s }))
}
