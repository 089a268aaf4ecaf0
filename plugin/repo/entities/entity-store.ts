import { randomUUID } from 'node:crypto'
import type { ClientBase } from 'pg'
import { tableName, type WikiDatabase, type Queryable } from '../../db/wiki-database.js'
import { entityTypeOf, numericIdOf, parseEntityId, type EntityId } from '../../../hooks/ids.js'
import type { WikibaseEntity } from '../../changes/wikibase-entity.js'
import { EditConflictError, EntityNotFoundError, InvalidEntityValueError } from './entity-errors.js'
import { findValueProblem } from '../../http/storable-strings.js'
import { savePropertyInfo } from './property-info-store.js'
import { replaceEntityTerms } from './term-index-store.js'
import { loadEntityState } from '../../repo-reader/entity-state.js'
import type { EntityRevision, RevisionMeta } from '../../repo-reader/entity-revisions.js'

/**
 * The repo's entity store: entities (latest revision, page, deleted/redirect state) and their
 * revisions in canonical Wikibase JSON. SQL only; callers pass the client of their
 * transaction. Content is stored as `json`, so key order survives the round trip. The reads
 * clients share (entity state, revisions) are in plugin/repo-reader/.
 */
type Db = Pick<WikiDatabase, 'dataSchema'>

const ID_PREFIX: Record<string, string> = { item: 'Q', property: 'P' }

/** `modified` as Special:EntityData writes it: ISO 8601 UTC, seconds. */
export function modifiedTimestamp (date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * The entity with `lastrevid` and `modified` of a revision: replaced where the entity has
 * them, else put before `type` (where Special:EntityData has them). Other keys keep their
 * order and values.
 */
export function withRevisionData (entity: WikibaseEntity, revisionId: number, modified: string): WikibaseEntity {
  const out: Record<string, unknown> = {}
  const hasOwn = 'lastrevid' in entity || 'modified' in entity
  for (const [key, value] of Object.entries(entity)) {
    if (!hasOwn && key === 'type') { out.lastrevid = revisionId; out.modified = modified }
    if (key === 'lastrevid') out.lastrevid = revisionId
    else if (key === 'modified') out.modified = modified
    else out[key] = value
  }
  if (hasOwn) {
    if (!('lastrevid' in out)) out.lastrevid = revisionId
    if (!('modified' in out)) out.modified = modified
  }
  return out as WikibaseEntity
}

/** Revision ids of an entity, newest first (the history). */
export async function listRevisionIds (client: Queryable, db: Db, id: EntityId): Promise<number[]> {
  const { rows } = await client.query<{ rev_id: string }>(
    `SELECT rev_id FROM ${tableName(db, 'wb_entity_revisions')} WHERE rev_entity_id = $1 ORDER BY rev_id DESC`, [id])
  return rows.map(r => Number(r.rev_id))
}

/**
 * The next id of an entity type. The counter row stays locked until the caller's transaction
 * ends: concurrent creations wait for each other, and a rollback returns the id.
 */
export async function allocateEntityId (tx: ClientBase, db: Db, type: 'item' | 'property'): Promise<EntityId> {
  const { rows } = await tx.query<{ id_value: string }>(
    `UPDATE ${tableName(db, 'wb_id_counters')} SET id_value = id_value + 1 WHERE id_type = $1 RETURNING id_value`, [type])
  if (rows[0] === undefined) throw new Error(`no id counter for entity type ${type}`)
  return parseEntityId(`${ID_PREFIX[type]}${rows[0].id_value}`)
}

/** After storing an entity under a given id (import): later allocations start above it. */
export async function reserveEntityId (tx: ClientBase, db: Db, id: EntityId): Promise<void> {
  await tx.query(
    `INSERT INTO ${tableName(db, 'wb_id_counters')} (id_type, id_value) VALUES ($1, $2)
     ON CONFLICT (id_type) DO UPDATE SET id_value = GREATEST(${tableName(db, 'wb_id_counters')}.id_value, EXCLUDED.id_value)`,
    [entityTypeOf(id), numericIdOf(id)])
}

/** The entity row for a new id (no revision yet). Returns false when the id is taken. */
export async function insertEntityRow (tx: ClientBase, db: Db, id: EntityId, options: { redirectTarget?: EntityId } = {}): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO ${tableName(db, 'wb_entities')} (entity_id, entity_type, entity_numeric_id, entity_redirect_target)
     VALUES ($1, $2, $3, $4) ON CONFLICT (entity_id) DO NOTHING`,
    [id, entityTypeOf(id), numericIdOf(id), options.redirectTarget ?? null])
  return rowCount === 1
}

export interface SaveRevisionInput {
  entityId: EntityId
  /** The revision the edit started from; 0 for the first revision. */
  baseRevisionId: number
  entity: WikibaseEntity
  meta: RevisionMeta
  timestamp?: Date
}

/**
 * Saves a new revision as the entity's latest. The entity row is locked; when its latest
 * revision is not `baseRevisionId` the edit is refused with EditConflictError before anything
 * is written. The stored content carries this revision's `lastrevid` and `modified`.
 */
export async function saveRevision (tx: ClientBase, db: Db, input: SaveRevisionInput): Promise<EntityRevision> {
  // The backstop behind the request layer, for every writer (import included): nothing
  // PostgreSQL's JSON functions or text columns cannot hold is ever stored.
  const problem = findValueProblem({ entity: input.entity, comment: input.meta.comment, user: input.meta.userText }, '')
  if (problem !== null) throw new InvalidEntityValueError(problem.path.replace(/^\/(entity\/)?/, ''), problem.reason)
  const state = await loadEntityState(tx, db, input.entityId, { forUpdate: true })
  if (state === null) throw new EntityNotFoundError(input.entityId)
  if (state.latestRevisionId !== input.baseRevisionId) {
    throw new EditConflictError(input.entityId, input.baseRevisionId, state.latestRevisionId)
  }
  const timestamp = new Date(Math.floor((input.timestamp ?? new Date()).getTime() / 1000) * 1000)
  const { rows: [next] } = await tx.query<{ id: string }>(
    'SELECT nextval(pg_get_serial_sequence($1, \'rev_id\')) AS id', [tableName(db, 'wb_entity_revisions')])
  const revisionId = Number(next!.id)
  const entity = withRevisionData(input.entity, revisionId, modifiedTimestamp(timestamp))
  await tx.query(
    `INSERT INTO ${tableName(db, 'wb_entity_revisions')}
       (rev_id, rev_entity_id, rev_parent_id, rev_user_id, rev_user_text, rev_timestamp, rev_comment, rev_bot, rev_content)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::json)`,
    [revisionId, input.entityId, input.baseRevisionId, input.meta.userId, input.meta.userText, timestamp, input.meta.comment, input.meta.bot,
      JSON.stringify(entity)])
  await tx.query(
    `UPDATE ${tableName(db, 'wb_entities')} SET entity_latest_rev = $2, entity_redirect_target = NULL WHERE entity_id = $1`,
    [input.entityId, revisionId])
  if (entityTypeOf(input.entityId) === 'property') await savePropertyInfo(tx, db, input.entityId, entity)
  await replaceEntityTerms(tx, db, input.entityId, entity)
  return { ...input.meta, revisionId, entityId: input.entityId, parentId: input.baseRevisionId, timestamp, entity }
}

/** Creates an entity under a newly allocated id with its first revision (the id is written into the content). */
export async function createEntity (
  tx: ClientBase, db: Db, type: 'item' | 'property', entity: WikibaseEntity, meta: RevisionMeta, timestamp?: Date
): Promise<EntityRevision> {
  const id = await allocateEntityId(tx, db, type)
  if (!await insertEntityRow(tx, db, id)) {
    // An id taken outside the counter (an import that did not reserve it): take the next one.
    await reserveEntityId(tx, db, id)
    return await createEntity(tx, db, type, entity, meta, timestamp)
  }
  const content = withEntityId(entity, id)
  return await saveRevision(tx, db, { entityId: id, baseRevisionId: 0, entity: content, meta, timestamp })
}

/**
 * The entity with `type` and `id` set (first, as in canonical JSON, when it had none), and a
 * GUID (`Q42$UUID`) for each statement that has none.
 */
export function withEntityId (entity: WikibaseEntity, id: EntityId): WikibaseEntity {
  const claims = Array.isArray(entity.claims) || entity.claims === undefined
    ? entity.claims
    : Object.fromEntries(Object.entries(entity.claims).map(([property, list]) =>
      [property, list.map(statement => statement.id === undefined ? { id: `${id}$${randomUUID().toUpperCase()}`, ...statement } : statement)]))
  const withClaims = claims === undefined ? entity : { ...entity, claims }
  if ('id' in withClaims) return { ...withClaims, id }
  const { type, ...rest } = withClaims
  return { type, id, ...rest } as WikibaseEntity
}

/** Marks the entity page deleted (true) or restored (false); revisions are kept. */
export async function setEntityDeleted (tx: ClientBase, db: Db, id: EntityId, deleted: boolean): Promise<void> {
  await tx.query(`UPDATE ${tableName(db, 'wb_entities')} SET entity_deleted = $2 WHERE entity_id = $1`, [id, deleted])
}

/** Remembers the host's page id of the entity page. */
export async function setEntityPageId (tx: ClientBase, db: Db, id: EntityId, pageId: number): Promise<void> {
  await tx.query(`UPDATE ${tableName(db, 'wb_entities')} SET entity_page_id = $2 WHERE entity_id = $1`, [id, pageId])
}

/**
 * Fills in the page id of an entity the repo had none for (0: its page was made without the
 * repo hearing of it, e.g. by a host importing entities); a recorded one is never overwritten.
 */
export async function fillEntityPageId (client: Queryable, db: Db, id: EntityId, pageId: number): Promise<void> {
  await client.query(`UPDATE ${tableName(db, 'wb_entities')} SET entity_page_id = $2 WHERE entity_id = $1 AND entity_page_id = 0`, [id, pageId])
}

/** Ids of live (not deleted, not redirect) entities of a type, by numeric id, after `afterNumericId`. */
export async function listEntityIds (client: Queryable, db: Db, type: string, options: { afterNumericId?: number, limit?: number } = {}): Promise<EntityId[]> {
  const { rows } = await client.query<{ entity_id: string }>(
    `SELECT entity_id FROM ${tableName(db, 'wb_entities')}
      WHERE entity_type = $1 AND entity_numeric_id > $2 AND NOT entity_deleted AND entity_redirect_target IS NULL AND entity_latest_rev > 0
      ORDER BY entity_numeric_id LIMIT $3`,
    [type, options.afterNumericId ?? 0, options.limit ?? 1000])
  return rows.map(r => r.entity_id as EntityId)
}

/** Datatypes of the given properties that exist and are not deleted. */
export async function propertyDatatypes (client: Queryable, db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  // From wb_property_info, not the stored JSON: see migration repo/021.
  const { rows } = await client.query<{ id: string, datatype: string }>(
    `SELECT e.entity_id AS id, pi.pi_type AS datatype
       FROM ${tableName(db, 'wb_entities')} e JOIN ${tableName(db, 'wb_property_info')} pi ON pi.pi_property_id = e.entity_id
      WHERE e.entity_id = ANY($1::text[]) AND e.entity_type = 'property' AND NOT e.entity_deleted`, [ids])
  return new Map(rows.map(r => [r.id, r.datatype]))
}
