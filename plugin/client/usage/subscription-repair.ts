import type pg from 'pg'
import { tableName, withTransaction, type WikiDatabase } from '../../db/wiki-database.js'
import type { EntityId } from '../../../hooks/ids.js'
import { updateSubscriptions } from '../../repo-reader/subscriptions.js'
import { lockEntities } from './page-usage-store.js'

type Db = Pick<WikiDatabase, 'pool' | 'dataSchema'>

export interface RepairResult {
  /** Entities this wiki's pages use (each now subscribed and counted on the repo). */
  used: number
  /** Subscriptions of entities no page uses any more (now dropped, with their counts). */
  dropped: number
}

/**
 * Makes this client's rows in the repo's `wb_changes_subscription` and `wb_entity_usage_counts`
 * exact again: subscribes to (and recounts) every entity its pages use, and drops what it holds
 * for entities no page uses. Page saves only write entities new to the wiki or gone from it
 * (usage-updater.ts), so rows lost on the repo (a client purged by mistake, a restored repo
 * backup) come back only through this. Batches of `batchSize` entities in key order, each
 * under the entities' usage locks (as a page save takes them), so a save running meanwhile
 * cannot be undone by it.
 */
export async function repairSubscriptions (
  client: Db, repo: Db, subscriber: string, options: { batchSize?: number, onProgress?: (entities: number) => void } = {}
): Promise<RepairResult> {
  const batchSize = options.batchSize ?? 1000
  const usage = tableName(client, 'wbc_entity_usage')
  const result: RepairResult = { used: 0, dropped: 0 }
  const passes: Array<(after: string) => Promise<EntityId[]>> = [
    async after => (await client.pool.query<{ id: EntityId }>(
      `SELECT DISTINCT eu_entity_id AS id FROM ${usage} WHERE eu_entity_id > $1 ORDER BY 1 LIMIT $2`, [after, batchSize])).rows.map(r => r.id),
    async after => (await repo.pool.query<{ id: EntityId }>(
      `SELECT cs_entity_id AS id FROM ${tableName(repo, 'wb_changes_subscription')}
        WHERE cs_subscriber_id = $1 AND cs_entity_id > $2 ORDER BY 1 LIMIT $3`, [subscriber, after, batchSize])).rows.map(r => r.id)
  ]
  for (const next of passes) {
    for (let after = ''; ;) {
      const batch = await next(after)
      if (batch.length === 0) break
      await withTransaction(client.pool, async tx => {
        const counts = await lockAndCount(tx, client, usage, batch)
        const unused = batch.filter(id => (counts.get(id) ?? 0) === 0)
        await updateSubscriptions(repo.pool, repo, subscriber, { subscribe: batch.filter(id => !unused.includes(id)), unsubscribe: unused, counts })
        if (next === passes[0]) result.used += batch.length - unused.length
        else result.dropped += unused.length
      })
      options.onProgress?.(batch.length)
      after = batch[batch.length - 1]!
    }
  }
  return result
}

/** Locks the entities (in key order, as page saves do), then counts the pages using each. */
async function lockAndCount (tx: pg.ClientBase, client: Db, usage: string, ids: readonly EntityId[]): Promise<Map<EntityId, number>> {
  await lockEntities(tx, client, ids)
  const { rows } = await tx.query<{ id: EntityId, pages: number }>(
    `SELECT id, (SELECT count(DISTINCT eu_page_id)::int FROM ${usage} WHERE eu_entity_id = id) AS pages FROM unnest($1::text[]) AS id`, [ids])
  return new Map(rows.map(r => [r.id, r.pages]))
}
