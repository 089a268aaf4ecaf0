import type { ClientBase } from 'pg'
import { tableName, type WikiDatabase } from '../../db/wiki-database.js'
import type { EntityId } from '../../../hooks/ids.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/**
 * Makes the entity a redirect to `target` (after its redirect revision was saved, which
 * clears the target: entity-store.ts saveRevision). Readers then follow it: REST 308,
 * wbgetentities `redirects`, Special:EntityData 301, the client's entity lookup.
 */
export async function setRedirectTarget (tx: ClientBase, db: Db, id: EntityId, target: EntityId): Promise<void> {
  await tx.query(`UPDATE ${tableName(db, 'wb_entities')} SET entity_redirect_target = $2 WHERE entity_id = $1`, [id, target])
}
