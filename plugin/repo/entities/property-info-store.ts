import type { ClientBase } from 'pg'
import { tableName, type WikiDatabase } from '../../db/wiki-database.js'
import type { EntityId } from '../../../hooks/ids.js'
import type { WikibaseEntity } from '../../changes/wikibase-entity.js'

/**
 * wb_property_info and wb_property_labels (migration repo/021): a property's datatype and
 * labels in plain columns, rewritten with each of its revisions, so the read paths that need
 * them (datatypes of a statement's properties, the property of a label) never parse stored
 * entity JSON in SQL. The values come from the entity in Node, not from the stored row.
 */
type Db = Pick<WikiDatabase, 'dataSchema'>

export async function savePropertyInfo (tx: Pick<ClientBase, 'query'>, db: Db, id: EntityId, entity: WikibaseEntity): Promise<void> {
  const datatype = (entity as { datatype?: unknown }).datatype
  if (typeof datatype === 'string') {
    await tx.query(
      `INSERT INTO ${tableName(db, 'wb_property_info')} (pi_property_id, pi_type) VALUES ($1, $2)
       ON CONFLICT (pi_property_id) DO UPDATE SET pi_type = EXCLUDED.pi_type`, [id, datatype])
  } else {
    await tx.query(`DELETE FROM ${tableName(db, 'wb_property_info')} WHERE pi_property_id = $1`, [id])
  }
  const labels = Object.entries(entity.labels !== null && typeof entity.labels === 'object' && !Array.isArray(entity.labels) ? entity.labels : {})
    .flatMap(([language, term]) => typeof (term as { value?: unknown })?.value === 'string' ? [[language, (term as { value: string }).value]] : [])
  await tx.query(`DELETE FROM ${tableName(db, 'wb_property_labels')} WHERE pl_property_id = $1`, [id])
  if (labels.length === 0) return
  await tx.query(
    `INSERT INTO ${tableName(db, 'wb_property_labels')} (pl_property_id, pl_language, pl_label)
     SELECT $1, language, label FROM unnest($2::text[], $3::text[]) AS l(language, label)`,
    [id, labels.map(l => l[0]), labels.map(l => l[1])])
}
