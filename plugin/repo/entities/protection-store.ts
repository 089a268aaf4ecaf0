import { tableName, type Queryable, type WikiDatabase } from '../../db/wiki-database.js'
import type { EntityId } from '../../../hooks/ids.js'

/**
 * The protections of entity pages (`wb_entity_protections`, migration repo/025): SQL only.
 * Writers pass the client of their transaction.
 */
type Db = Pick<WikiDatabase, 'dataSchema'>

export interface EntityProtection {
  /** The restricted action: `edit` or `move`. */
  type: string
  /** The restriction level (`autoconfirmed`, `sysop` …). */
  level: string
  /** When it ends; null: never (MediaWiki's `infinity`). */
  expiry: Date | null
}

/** The protections in force at `now` (expired ones are left out). */
export async function activeProtections (client: Queryable, db: Db, id: EntityId, now = new Date()): Promise<EntityProtection[]> {
  const { rows } = await client.query<{ pr_type: string, pr_level: string, pr_expiry: Date | null }>(
    `SELECT pr_type, pr_level, pr_expiry FROM ${tableName(db, 'wb_entity_protections')}
      WHERE pr_entity_id = $1 AND (pr_expiry IS NULL OR pr_expiry > $2) ORDER BY pr_type`, [id, now])
  return rows.map(r => ({ type: r.pr_type, level: r.pr_level, expiry: r.pr_expiry }))
}

/** Sets the protection of each given action; an empty level lifts it (MediaWiki's `all`). Other actions keep theirs. */
export async function saveProtections (tx: Queryable, db: Db, id: EntityId, protections: readonly EntityProtection[]): Promise<void> {
  const table = tableName(db, 'wb_entity_protections')
  for (const p of protections) {
    if (p.level === '') {
      await tx.query(`DELETE FROM ${table} WHERE pr_entity_id = $1 AND pr_type = $2`, [id, p.type])
    } else {
      await tx.query(
        `INSERT INTO ${table} (pr_entity_id, pr_type, pr_level, pr_expiry) VALUES ($1, $2, $3, $4)
         ON CONFLICT (pr_entity_id, pr_type) DO UPDATE SET pr_level = EXCLUDED.pr_level, pr_expiry = EXCLUDED.pr_expiry`,
        [id, p.type, p.level, p.expiry])
    }
  }
}

/** The entity whose page the host knows under `pageId` (action API `pageid=`), or null. */
export async function entityOfPageId (client: Queryable, db: Db, pageId: number): Promise<EntityId | null> {
  if (pageId <= 0) return null
  const { rows } = await client.query<{ entity_id: string }>(
    `SELECT entity_id FROM ${tableName(db, 'wb_entities')} WHERE entity_page_id = $1 AND NOT entity_deleted LIMIT 1`, [pageId])
  return (rows[0]?.entity_id ?? null) as EntityId | null
}
