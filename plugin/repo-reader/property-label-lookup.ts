import { isStorableString } from '../http/storable-strings.js'
import { tableName, type WikiDatabase, type Queryable } from '../db/wiki-database.js'
import type { EntityId } from '../../hooks/ids.js'

/**
 * PropertyLabelResolver: the live property whose label in `languageCode` is exactly `label`
 * (the lowest id when several share it), or null. Read from wb_property_labels, not by
 * parsing stored entity JSON in SQL (migration repo/021).
 */
export async function findPropertyIdByLabel (
  q: Queryable, repo: Pick<WikiDatabase, 'dataSchema'>, label: string, languageCode: string
): Promise<EntityId | null> {
  // Page text may hold what no stored label can (U+0000, lone surrogates); PostgreSQL would refuse the parameter.
  if (!isStorableString(label) || !isStorableString(languageCode)) return null
  const { rows } = await q.query<{ id: string }>(
    `SELECT e.entity_id AS id FROM ${tableName(repo, 'wb_entities')} e
       JOIN ${tableName(repo, 'wb_property_labels')} l ON l.pl_property_id = e.entity_id
      WHERE e.entity_type = 'property' AND NOT e.entity_deleted AND e.entity_redirect_target IS NULL
        AND l.pl_language = $2 AND l.pl_label = $1
      ORDER BY e.entity_numeric_id LIMIT 1`, [label, languageCode])
  return rows[0] === undefined ? null : rows[0].id as EntityId
}
