import type { ClientBase, Pool } from 'pg'
import { tableName, type WikiDatabase } from '../../db/wiki-database.js'
import { CHANGE_COLUMNS, toStoredChange, type ChangeRowRecord } from './change-store.js'
import type { StoredChangeRow } from '../../changes/stored-change.js'

type Db = Pick<WikiDatabase, 'dataSchema'>
type Row = StoredChangeRow

/**
 * Rows of the entity not yet assigned to any client, locked for this dispatch. Rows another
 * dispatch holds are skipped: it will assign them.
 */
export async function lockUndispatchedChanges (tx: ClientBase, db: Db, entityId: string): Promise<Row[]> {
  const { rows } = await tx.query<ChangeRowRecord>(
    `SELECT ${CHANGE_COLUMNS} FROM ${tableName(db, 'wb_changes')} c
      WHERE c.change_object_id = $1
        AND NOT EXISTS (SELECT 1 FROM ${tableName(db, 'wb_changes_delivery')} d WHERE d.cd_change_id = c.change_id)
      ORDER BY c.change_id FOR UPDATE SKIP LOCKED`, [entityId])
  return rows.map(toStoredChange)
}

export async function assignDeliveries (tx: ClientBase, db: Db, changeIds: readonly number[], sites: readonly string[]): Promise<void> {
  await tx.query(
    `INSERT INTO ${tableName(db, 'wb_changes_delivery')} (cd_change_id, cd_site_id)
     SELECT c, s FROM unnest($1::bigint[]) AS c CROSS JOIN unnest($2::text[]) AS s ON CONFLICT DO NOTHING`, [changeIds, sites])
}

export async function deleteChanges (tx: ClientBase, db: Db, changeIds: readonly number[]): Promise<void> {
  await tx.query(`DELETE FROM ${tableName(db, 'wb_changes')} WHERE change_id = ANY($1::bigint[])`, [changeIds])
}

/** Which of `sites` still wait for earlier changes of the entity (their delivery job has them). */
export async function sitesAwaitingDelivery (tx: ClientBase, db: Db, entityId: string, sites: readonly string[]): Promise<Set<string>> {
  const { rows } = await tx.query<{ site: string }>(
    `SELECT DISTINCT d.cd_site_id AS site FROM ${tableName(db, 'wb_changes_delivery')} d
       JOIN ${tableName(db, 'wb_changes')} c ON c.change_id = d.cd_change_id
      WHERE c.change_object_id = $1 AND d.cd_site_id = ANY($2::text[])`, [entityId, sites])
  return new Set(rows.map(r => r.site))
}

/** The changes of an entity waiting for delivery to one client, locked for this delivery. */
export async function lockPendingDeliveries (tx: ClientBase, db: Db, site: string, entityId: string): Promise<Row[]> {
  const { rows } = await tx.query<ChangeRowRecord>(
    `SELECT ${CHANGE_COLUMNS} FROM ${tableName(db, 'wb_changes_delivery')} d
       JOIN ${tableName(db, 'wb_changes')} c ON c.change_id = d.cd_change_id
      WHERE d.cd_site_id = $1 AND c.change_object_id = $2
      ORDER BY c.change_id FOR UPDATE OF d SKIP LOCKED`, [site, entityId])
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
  await tx.query(
    `INSERT INTO ${tableName(db, 'wb_dispatch_client_state')} AS s (ds_site_id, ds_last_delivery, ds_last_change_id, ds_delivered_total)
     VALUES ($1, now(), $2, $3)
     ON CONFLICT (ds_site_id) DO UPDATE SET ds_last_delivery = now(),
       ds_last_change_id = greatest(s.ds_last_change_id, excluded.ds_last_change_id),
       ds_delivered_total = s.ds_delivered_total + excluded.ds_delivered_total`,
    [site, Math.max(...changeIds), changeIds.length])
}

/** Deliveries queued more than `minimumAgeSeconds` ago, per (client, entity). */
export async function staleDeliveries (q: Pool | ClientBase, db: Db, minimumAgeSeconds: number): Promise<Array<{ site: string, entityId: string }>> {
  const { rows } = await q.query<{ site: string, entity: string }>(
    `SELECT d.cd_site_id AS site, c.change_object_id AS entity
       FROM ${tableName(db, 'wb_changes_delivery')} d JOIN ${tableName(db, 'wb_changes')} c ON c.change_id = d.cd_change_id
      WHERE d.cd_queued_at <= now() - make_interval(secs => $1)
      GROUP BY 1, 2 ORDER BY min(d.cd_queued_at)`, [minimumAgeSeconds])
  return rows.map(r => ({ site: r.site, entityId: r.entity }))
}

/** Entities with rows older than `minimumAgeSeconds` that no dispatch has assigned yet. */
export async function staleUndispatchedEntities (q: Pool | ClientBase, db: Db, minimumAgeSeconds: number): Promise<string[]> {
  const { rows } = await q.query<{ entity: string }>(
    `SELECT c.change_object_id AS entity FROM ${tableName(db, 'wb_changes')} c
      WHERE c.change_time <= now() - make_interval(secs => $1)
        AND NOT EXISTS (SELECT 1 FROM ${tableName(db, 'wb_changes_delivery')} d WHERE d.cd_change_id = c.change_id)
      GROUP BY 1 ORDER BY min(c.change_time)`, [minimumAgeSeconds])
  return rows.map(r => r.entity)
}
