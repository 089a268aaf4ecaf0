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

/** The subscribers of each of `entityIds` (one query for a whole dispatch run); entities without any are left out. */
export async function getSubscribersOf (q: Queryable, db: Db, entityIds: readonly string[]): Promise<Map<string, string[]>> {
  const { rows } = await q.query<{ e: string, s: string }>(
    `SELECT cs_entity_id AS e, cs_subscriber_id AS s FROM ${tableName(db, 'wb_changes_subscription')}
      WHERE cs_entity_id = ANY($1::text[]) ORDER BY cs_entity_id, cs_subscriber_id`, [entityIds])
  const subscribers = new Map<string, string[]>()
  for (const { e, s } of rows) {
    const list = subscribers.get(e)
    if (list === undefined) subscribers.set(e, [s])
    else list.push(s)
  }
  return subscribers
}

export async function hasSubscribers (q: Queryable, db: Db, entityId: string): Promise<boolean> {
  const { rowCount } = await q.query(`SELECT 1 FROM ${tableName(db, 'wb_changes_subscription')} WHERE cs_entity_id = $1 LIMIT 1`, [entityId])
  return (rowCount ?? 0) > 0
}

/**
 * One page of the entities `subscriber` subscribes to, by id (text order), after `after`
 * (exclusive; '' from the start); `next` is the last id when more may follow (the remote
 * clients' subscription listing, plugin/remote/remote-wire.ts).
 */
export async function subscriptionsOf (
  q: Queryable, db: Db, subscriber: string, after: string, limit: number
): Promise<{ entityIds: string[], next: string | null }> {
  const { rows } = await q.query<{ e: string }>(
    `SELECT cs_entity_id AS e FROM ${tableName(db, 'wb_changes_subscription')}
      WHERE cs_subscriber_id = $1 AND cs_entity_id > $2 ORDER BY cs_entity_id LIMIT $3`, [subscriber, after, limit + 1])
  const entityIds = rows.slice(0, limit).map(r => r.e)
  return { entityIds, next: rows.length > limit ? entityIds[entityIds.length - 1]! : null }
}

/** All (entity, subscriber) pairs, sorted — for tests and the status page. */
export async function allSubscriptions (q: Queryable, db: Db): Promise<Array<{ entityId: string, subscriber: string }>> {
  const { rows } = await q.query<{ e: string, s: string }>(
    `SELECT cs_entity_id AS e, cs_subscriber_id AS s FROM ${tableName(db, 'wb_changes_subscription')} ORDER BY cs_subscriber_id, cs_entity_id`)
  return rows.map(r => ({ entityId: r.e, subscriber: r.s }))
}
