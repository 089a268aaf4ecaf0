import type { ClientBase, Pool } from 'pg'
import { tableName, type WikiDatabase } from '../../db/wiki-database.js'
import { CHANGE_COLUMNS, toStoredChange, type ChangeRowRecord } from './change-store.js'
import type { StoredChangeRow } from '../../changes/stored-change.js'

type Db = Pick<WikiDatabase, 'dataSchema'>
type Row = StoredChangeRow

/**
 * Takes the lock of one dispatch shard or one client's delivery for this transaction (false:
 * another run holds it). Named queues already run one job per shard or client at a time; this
 * also holds for jobs queued without the queue (queued before dispatch was sharded, or by hand).
 */
export async function tryLockRun (tx: ClientBase, db: Db, key: string): Promise<boolean> {
  const { rows } = await tx.query<{ locked: boolean }>(
    'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked', [`${db.dataSchema}:${key}`])
  return rows[0]?.locked === true
}

/**
 * Up to `limit` rows of the shard no dispatch has taken yet, of any entity, oldest first,
 * locked for this dispatch (the partial index wb_changes_undispatched holds just these).
 */
export async function lockUndispatchedChanges (tx: ClientBase, db: Db, shard: number, limit: number): Promise<Row[]> {
  const { rows } = await tx.query<ChangeRowRecord>(
    `SELECT ${CHANGE_COLUMNS} FROM ${tableName(db, 'wb_changes')} c
      WHERE c.change_shard = $1 AND NOT c.change_dispatched
        AND NOT EXISTS (SELECT 1 FROM ${tableName(db, 'wb_changes_delivery')} d WHERE d.cd_change_id = c.change_id)
      ORDER BY c.change_id LIMIT $2 FOR UPDATE OF c SKIP LOCKED`, [shard, limit])
  return rows.map(toStoredChange)
}

/**
 * The shard an entity's changes wait in: that of its oldest row no dispatch has taken, else
 * `computed` (for `{ entityId }` jobs queued before dispatch was sharded).
 */
export async function shardOfEntity (q: Pool | ClientBase, db: Db, entityId: string, computed: number): Promise<number> {
  const { rows } = await q.query<{ shard: number }>(
    `SELECT change_shard AS shard FROM ${tableName(db, 'wb_changes')}
      WHERE change_object_id = $1 AND NOT change_dispatched ORDER BY change_id LIMIT 1`, [entityId])
  return rows[0]?.shard ?? computed
}

/** Which of `sites` have any delivery pending: new changes must queue behind it, in order. */
export async function clientsAwaitingDelivery (tx: ClientBase, db: Db, sites: readonly string[]): Promise<Set<string>> {
  const { rows } = await tx.query<{ site: string }>(
    `SELECT s.site FROM unnest($1::text[]) AS s(site)
      WHERE EXISTS (SELECT 1 FROM ${tableName(db, 'wb_changes_delivery')} d WHERE d.cd_site_id = s.site)`, [sites])
  return new Set(rows.map(r => r.site))
}

/** Records that `site` still waits for these changes (its delivery job sends them). */
export async function assignDeliveries (tx: ClientBase, db: Db, assignments: ReadonlyArray<{ site: string, changeIds: readonly number[] }>): Promise<void> {
  const sites = assignments.flatMap(a => a.changeIds.map(() => a.site))
  const ids = assignments.flatMap(a => a.changeIds)
  if (ids.length === 0) return
  await tx.query(
    `INSERT INTO ${tableName(db, 'wb_changes_delivery')} (cd_change_id, cd_site_id)
     SELECT * FROM unnest($1::bigint[], $2::text[]) ON CONFLICT DO NOTHING`, [ids, sites])
}

/**
 * Ends a dispatch run over `changeIds` (locked by it): rows some client still waits for are
 * marked dispatched, the others (delivered everywhere, or with no target) are deleted, and
 * each client the run delivered to has it counted.
 */
export async function finishDispatch (
  tx: ClientBase, db: Db, changeIds: readonly number[], delivered: ReadonlyMap<string, readonly number[]>
): Promise<void> {
  const changes = tableName(db, 'wb_changes')
  const delivery = tableName(db, 'wb_changes_delivery')
  await tx.query(
    `UPDATE ${changes} c SET change_dispatched = true WHERE c.change_id = ANY($1::bigint[])
        AND EXISTS (SELECT 1 FROM ${delivery} d WHERE d.cd_change_id = c.change_id)`, [changeIds])
  await tx.query(
    `DELETE FROM ${changes} c WHERE c.change_id = ANY($1::bigint[])
        AND NOT EXISTS (SELECT 1 FROM ${delivery} d WHERE d.cd_change_id = c.change_id)`, [changeIds])
  await countDeliveries(tx, db, delivered)
}

/** The changes waiting for delivery to one client, oldest first, up to `limit`, locked for this delivery. */
export async function lockPendingDeliveries (tx: ClientBase, db: Db, site: string, limit: number): Promise<Row[]> {
  const { rows } = await tx.query<ChangeRowRecord>(
    `SELECT ${CHANGE_COLUMNS} FROM ${tableName(db, 'wb_changes_delivery')} d
       JOIN ${tableName(db, 'wb_changes')} c ON c.change_id = d.cd_change_id
      WHERE d.cd_site_id = $1
      ORDER BY d.cd_change_id LIMIT $2 FOR UPDATE OF d SKIP LOCKED`, [site, limit])
  return rows.map(toStoredChange)
}

/** Marks the changes delivered to `site`; rows every target has are deleted. */
export async function completeDeliveries (tx: ClientBase, db: Db, site: string, changeIds: readonly number[]): Promise<void> {
  // Deliveries to two clients finishing at once would each still see the other's delivery
  // row and neither would delete the change; locking the change rows first serialises them.
  await tx.query(`SELECT 1 FROM ${tableName(db, 'wb_changes')} WHERE change_id = ANY($1::bigint[]) ORDER BY change_id FOR UPDATE`, [changeIds])
  await tx.query(`DELETE FROM ${tableName(db, 'wb_changes_delivery')} WHERE cd_site_id = $1 AND cd_change_id = ANY($2::bigint[])`, [site, changeIds])
  await tx.query(
    `DELETE FROM ${tableName(db, 'wb_changes')} c WHERE c.change_id = ANY($1::bigint[])
        AND NOT EXISTS (SELECT 1 FROM ${tableName(db, 'wb_changes_delivery')} d WHERE d.cd_change_id = c.change_id)`, [changeIds])
  await countDeliveries(tx, db, new Map([[site, changeIds]]))
}

/** Last delivery, last change id and total per client (dispatch stats and lag), one statement for all. */
async function countDeliveries (tx: ClientBase, db: Db, delivered: ReadonlyMap<string, readonly number[]>): Promise<void> {
  const entries = [...delivered].filter(([, ids]) => ids.length > 0).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
  if (entries.length === 0) return
  await tx.query(
    `INSERT INTO ${tableName(db, 'wb_dispatch_client_state')} AS s (ds_site_id, ds_last_delivery, ds_last_change_id, ds_delivered_total)
     SELECT site, now(), last, total FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS u(site, last, total)
     ON CONFLICT (ds_site_id) DO UPDATE SET ds_last_delivery = now(),
       ds_last_change_id = greatest(s.ds_last_change_id, excluded.ds_last_change_id),
       ds_delivered_total = s.ds_delivered_total + excluded.ds_delivered_total`,
    [entries.map(([site]) => site), entries.map(([, ids]) => Math.max(...ids)), entries.map(([, ids]) => ids.length)])
}

/** Clients with a delivery queued more than `minimumAgeSeconds` ago, the longest waiting first. */
export async function staleDeliveries (q: Pool | ClientBase, db: Db, minimumAgeSeconds: number): Promise<string[]> {
  const { rows } = await q.query<{ site: string }>(
    `SELECT d.cd_site_id AS site FROM ${tableName(db, 'wb_changes_delivery')} d
      WHERE d.cd_queued_at <= now() - make_interval(secs => $1)
      GROUP BY 1 ORDER BY min(d.cd_queued_at), 1`, [minimumAgeSeconds])
  return rows.map(r => r.site)
}

/** Shards with rows older than `minimumAgeSeconds` that no dispatch has taken yet, the longest waiting first. */
export async function staleUndispatchedShards (q: Pool | ClientBase, db: Db, minimumAgeSeconds: number): Promise<number[]> {
  const { rows } = await q.query<{ shard: number }>(
    `SELECT c.change_shard AS shard FROM ${tableName(db, 'wb_changes')} c
      WHERE c.change_time <= now() - make_interval(secs => $1)
        AND NOT EXISTS (SELECT 1 FROM ${tableName(db, 'wb_changes_delivery')} d WHERE d.cd_change_id = c.change_id)
      GROUP BY 1 ORDER BY min(c.change_time), 1`, [minimumAgeSeconds])
  return rows.map(r => r.shard)
}
