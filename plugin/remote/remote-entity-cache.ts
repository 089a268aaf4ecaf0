import { tableName, type Queryable, type WikiDatabase } from '../db/wiki-database.js'
import type { EntityId } from '../../hooks/ids.js'
import type { EntityLookupResult } from '../repo-reader/redirect-resolving-entity-lookup.js'
import type { WikibaseEntity } from '../changes/wikibase-entity.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/**
 * The remote-mode client's entity cache in its own database (client migration 060): the
 * repo's latest answer per id, and revisions by (id, revision). See the migration for the
 * generation rule that keeps an invalidation from being undone by a read in flight.
 */

/** A cached outcome (null: none, fetch it) and the generation to store a fresh one under. */
export interface CachedEntity {
  outcome: EntityLookupResult | null
  generation: number
}

/**
 * The cached outcome of `id`. An id not cached yet gets an empty row first, so an
 * invalidation while its answer is fetched has a generation to move (and the answer is then
 * not stored).
 */
export async function readCachedEntity (q: Queryable, db: Db, id: EntityId): Promise<CachedEntity> {
  const table = tableName(db, 'wbc_remote_entity')
  const read = async (): Promise<CachedEntity | null> => {
    const { rows } = await q.query<{ outcome: EntityLookupResult | null, generation: string }>(
      `SELECT re_outcome AS outcome, re_generation AS generation FROM ${table} WHERE re_entity_id = $1`, [id])
    return rows[0] === undefined ? null : { outcome: rows[0].outcome, generation: Number(rows[0].generation) }
  }
  const cached = await read()
  if (cached !== null) return cached
  await q.query(`INSERT INTO ${table} (re_entity_id) VALUES ($1) ON CONFLICT DO NOTHING`, [id])
  return await read() ?? { outcome: null, generation: 0 }
}

/** Stores `outcome` for `id` unless an invalidation moved the row past `generation` since it was read. */
export async function storeCachedEntity (q: Queryable, db: Db, id: EntityId, outcome: EntityLookupResult, generation: number): Promise<void> {
  const table = tableName(db, 'wbc_remote_entity')
  await q.query(
    `INSERT INTO ${table} (re_entity_id, re_outcome, re_target_id, re_generation) VALUES ($1, $2::jsonb, $3, $4)
     ON CONFLICT (re_entity_id) DO UPDATE SET re_outcome = EXCLUDED.re_outcome, re_target_id = EXCLUDED.re_target_id, re_fetched_at = now()
      WHERE ${table}.re_generation = EXCLUDED.re_generation`,
    [id, JSON.stringify(outcome), outcome.status === 'found' ? outcome.entityId : null, generation])
}

/**
 * Forgets what the cache holds for these entities — under their own ids and as the targets of
 * redirects to them — in the caller's transaction (the one that writes the changes to the
 * inbox), so a render after the change reads the repo again. Only rows there are touched: a
 * farm client's (empty) cache costs one index probe per id.
 */
export async function invalidateCachedEntities (q: Queryable, db: Db, entityIds: readonly string[]): Promise<void> {
  if (entityIds.length === 0) return
  await q.query(
    `UPDATE ${tableName(db, 'wbc_remote_entity')} SET re_outcome = NULL, re_target_id = NULL, re_generation = re_generation + 1
      WHERE re_entity_id = ANY($1::text[]) OR re_target_id = ANY($1::text[])`, [[...new Set(entityIds)]])
}

export async function readCachedRevision (q: Queryable, db: Db, id: EntityId, revisionId: number): Promise<WikibaseEntity | null> {
  const { rows } = await q.query<{ entity: WikibaseEntity }>(
    `SELECT rr_entity AS entity FROM ${tableName(db, 'wbc_remote_revision')} WHERE rr_entity_id = $1 AND rr_revision_id = $2`, [id, revisionId])
  return rows[0]?.entity ?? null
}

export async function storeCachedRevision (q: Queryable, db: Db, id: EntityId, revisionId: number, entity: WikibaseEntity): Promise<void> {
  await q.query(
    `INSERT INTO ${tableName(db, 'wbc_remote_revision')} (rr_entity_id, rr_revision_id, rr_entity) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT DO NOTHING`, [id, revisionId, JSON.stringify(entity)])
}
