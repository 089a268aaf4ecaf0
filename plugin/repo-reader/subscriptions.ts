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
