import { tableName, type WikiDatabase, type Queryable } from '../db/wiki-database.js'
import type { EntityId } from '../../hooks/ids.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/** A row of the repo's `wb_entities`: which revision is latest, and whether the entity is deleted or a redirect. */
export interface EntityState {
  entityId: EntityId
  type: string
  /** 0 before the first revision (and for redirect stubs). */
  latestRevisionId: number
  /** The host's page id of the entity page; 0 until the host recorded an edit. */
  pageId: number
  deleted: boolean
  redirectTarget: EntityId | null
}

interface StateRow {
  entity_id: string
  entity_type: string
  entity_latest_rev: string
  entity_page_id: string
  entity_deleted: boolean
  entity_redirect_target: string | null
}

function toState (row: StateRow): EntityState {
  return {
    entityId: row.entity_id as EntityId,
    type: row.entity_type,
    latestRevisionId: Number(row.entity_latest_rev),
    pageId: Number(row.entity_page_id),
    deleted: row.entity_deleted,
    redirectTarget: row.entity_redirect_target as EntityId | null
  }
}

/** The state of an entity, or null for an id the repo never used. `forUpdate` (repo writers) locks the row. */
export async function loadEntityState (client: Queryable, db: Db, id: EntityId, options: { forUpdate?: boolean } = {}): Promise<EntityState | null> {
  const { rows } = await client.query<StateRow>(
    `SELECT entity_id, entity_type, entity_latest_rev, entity_page_id, entity_deleted, entity_redirect_target
       FROM ${tableName(db, 'wb_entities')} WHERE entity_id = $1${options.forUpdate === true ? ' FOR UPDATE' : ''}`, [id])
  return rows[0] === undefined ? null : toState(rows[0])
}
