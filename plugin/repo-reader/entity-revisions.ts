import { tableName, type WikiDatabase, type Queryable } from '../db/wiki-database.js'
import type { EntityId } from '../../hooks/ids.js'
import type { WikibaseEntity } from '../changes/wikibase-entity.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

export interface RevisionMeta {
  userId: number
  userText: string
  comment: string
  bot: boolean
  /**
   * MediaWiki's `rev_deleted` bits (repo migration 050): which of the text, comment and user
   * are hidden, and whether from sysops too (suppressed). Readers show them through
   * revision-deletion/revision-audience.ts; absent: nothing hidden.
   */
  deleted?: number
}

/** A row of the repo's `wb_entity_revisions`: one saved version of an entity. */
export interface EntityRevision extends RevisionMeta {
  revisionId: number
  entityId: EntityId
  parentId: number
  timestamp: Date
  /** Canonical JSON; `lastrevid` and `modified` are this revision's. */
  entity: WikibaseEntity
}

interface RevisionRow {
  rev_id: string
  rev_entity_id: string
  rev_parent_id: string
  rev_user_id: string
  rev_user_text: string
  rev_timestamp: Date
  rev_comment: string
  rev_bot: boolean
  rev_content: WikibaseEntity
  rev_deleted: number
}

const REVISION_COLUMNS = 'rev_id, rev_entity_id, rev_parent_id, rev_user_id, rev_user_text, rev_timestamp, rev_comment, rev_bot, rev_content, rev_deleted'

function toRevision (row: RevisionRow): EntityRevision {
  return {
    revisionId: Number(row.rev_id),
    entityId: row.rev_entity_id as EntityId,
    parentId: Number(row.rev_parent_id),
    userId: Number(row.rev_user_id),
    userText: row.rev_user_text,
    timestamp: row.rev_timestamp,
    comment: row.rev_comment,
    bot: row.rev_bot,
    entity: row.rev_content,
    deleted: row.rev_deleted
  }
}

/** The latest revision of an entity, whatever its state (deleted entities keep theirs); null if it has none. */
export async function loadLatestRevision (client: Queryable, db: Db, id: EntityId): Promise<EntityRevision | null> {
  const { rows } = await client.query<RevisionRow>(
    `SELECT ${REVISION_COLUMNS} FROM ${tableName(db, 'wb_entity_revisions')} r
       JOIN ${tableName(db, 'wb_entities')} e ON e.entity_id = r.rev_entity_id AND e.entity_latest_rev = r.rev_id
      WHERE e.entity_id = $1`, [id])
  return rows[0] === undefined ? null : toRevision(rows[0])
}

/** A given revision of an entity; null if that revision is not one of the entity's. */
export async function loadRevision (client: Queryable, db: Db, id: EntityId, revisionId: number): Promise<EntityRevision | null> {
  const { rows } = await client.query<RevisionRow>(
    `SELECT ${REVISION_COLUMNS} FROM ${tableName(db, 'wb_entity_revisions')} WHERE rev_entity_id = $1 AND rev_id = $2`, [id, revisionId])
  return rows[0] === undefined ? null : toRevision(rows[0])
}
