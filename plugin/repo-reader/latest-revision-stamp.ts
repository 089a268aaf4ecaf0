import { tableName, type WikiDatabase, type Queryable } from '../db/wiki-database.js'
import type { EntityId } from '../../hooks/ids.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/** The id and time of an entity's latest revision: what conditional requests compare against. */
export interface RevisionStamp {
  revisionId: number
  timestamp: Date
}

/**
 * The stamp of a live entity's latest revision; null when the entity does not exist, is
 * deleted or is a redirect (those answer 404 / 308 whatever the conditional headers say).
 * Reads no content, so a conditional request that ends in 304 costs one index lookup.
 */
export async function loadLatestRevisionStamp (client: Queryable, db: Db, id: EntityId): Promise<RevisionStamp | null> {
  const { rows } = await client.query<{ rev_id: string, rev_timestamp: Date }>(
    `SELECT r.rev_id, r.rev_timestamp FROM ${tableName(db, 'wb_entities')} e
       JOIN ${tableName(db, 'wb_entity_revisions')} r ON r.rev_id = e.entity_latest_rev
      WHERE e.entity_id = $1 AND NOT e.entity_deleted AND e.entity_redirect_target IS NULL`, [id])
  return rows[0] === undefined ? null : { revisionId: Number(rows[0].rev_id), timestamp: rows[0].rev_timestamp }
}
