import type { ClientBase } from 'pg'
import { tableName, type WikiDatabase } from '../../db/wiki-database.js'
import type { EntityUsageRow } from '../usage/entity-usage-row.js'

export interface UsageBatch {
  rows: EntityUsageRow[]
  /** Page ids of this batch lie in (afterPageId, throughPageId]; null: the last batch. */
  afterPageId: number
  throughPageId: number | null
}

/** One usage lookup: the usages of `entityId` with one of `aspects` (null: with any aspect). */
export interface UsageLookup {
  entityId: string
  aspects: readonly string[] | null
}

/**
 * The usages of `entityId` with one of `aspects` (null: with any aspect), a batch of whole pages at a time in page
 * order (keyset paging), so an entity used on a million pages needs bounded memory. `after`: the page id the walk
 * starts after (the `throughPageId` of a batch read before, e.g. by {@link firstUsageBatches}).
 */
export async function * usageBatches (
  q: ClientBase, db: Pick<WikiDatabase, 'dataSchema'>, entityId: string, aspects: readonly string[] | null, pagesPerBatch: number, after = 0
): AsyncGenerator<UsageBatch> {
  const usage = tableName(db, 'wbc_entity_usage')
  for (;;) {
    const { rows: pages } = await q.query<{ page: number }>(
      `SELECT DISTINCT eu_page_id AS page FROM ${usage}
        WHERE eu_entity_id = $1 AND ($2::text[] IS NULL OR eu_aspect = ANY($2::text[])) AND eu_page_id > $3
        ORDER BY eu_page_id LIMIT $4`, [entityId, aspects, after, pagesPerBatch])
    const last = pages.length < pagesPerBatch
    if (pages.length === 0) {
      yield { rows: [], afterPageId: after, throughPageId: null }
      return
    }
    const through = pages[pages.length - 1]!.page
    const { rows } = await q.query<EntityUsageRow>(
      `SELECT eu_page_id, eu_entity_id, eu_aspect FROM ${usage}
        WHERE eu_entity_id = $1 AND ($2::text[] IS NULL OR eu_aspect = ANY($2::text[])) AND eu_page_id > $3 AND eu_page_id <= $4
        ORDER BY eu_page_id, eu_aspect`, [entityId, aspects, after, through])
    yield { rows, afterPageId: after, throughPageId: last ? null : through }
    if (last) return
    after = through
  }
}

/**
 * The first batch {@link usageBatches} yields for each of `lookups`, all in one statement (a
 * drained batch of changes costs one round trip, not two per change); equal to it, batch for
 * batch. A lookup whose batch has a `throughPageId` continues with
 * `usageBatches(…, throughPageId)`. The page keyset is split on whether the lookup filters by
 * aspect, so one that does keeps its aspects in the index condition as the per-lookup
 * statement has; the rows of each page are then read by page (`OFFSET 0` keeps that lookup a
 * parameterised index scan per page rather than a hash of all the entity's usages).
 */
export async function firstUsageBatches (
  q: ClientBase, db: Pick<WikiDatabase, 'dataSchema'>, lookups: readonly UsageLookup[], pagesPerBatch: number
): Promise<UsageBatch[]> {
  const batches: UsageBatch[] = lookups.map(() => ({ rows: [], afterPageId: 0, throughPageId: null }))
  if (lookups.length === 0) return batches
  const usage = tableName(db, 'wbc_entity_usage')
  const { rows } = await q.query<EntityUsageRow & { i: number }>(
    `SELECT l.i, u.eu_page_id, u.eu_entity_id, u.eu_aspect
       FROM jsonb_to_recordset($1::jsonb) AS l(i int, entity text, aspects text[])
      CROSS JOIN LATERAL (
        (SELECT DISTINCT eu_page_id AS page FROM ${usage}
          WHERE l.aspects IS NULL AND eu_entity_id = l.entity AND eu_page_id > 0 ORDER BY eu_page_id LIMIT $2)
        UNION ALL
        (SELECT DISTINCT eu_page_id AS page FROM ${usage}
          WHERE l.aspects IS NOT NULL AND eu_entity_id = l.entity AND eu_aspect = ANY(l.aspects) AND eu_page_id > 0 ORDER BY eu_page_id LIMIT $2)
      ) AS p
      CROSS JOIN LATERAL (
        SELECT eu_page_id, eu_entity_id, eu_aspect FROM ${usage}
         WHERE eu_page_id = p.page AND eu_entity_id = l.entity AND (l.aspects IS NULL OR eu_aspect = ANY(l.aspects)) OFFSET 0
      ) AS u
      ORDER BY l.i, u.eu_page_id, u.eu_aspect`,
    [JSON.stringify(lookups.map((l, i) => ({ i, entity: l.entityId, aspects: l.aspects }))), pagesPerBatch])
  const pages = lookups.map(() => 0)
  for (const { i, ...row } of rows) {
    const batch = batches[i]!
    const previous = batch.rows[batch.rows.length - 1]
    if (previous?.eu_page_id !== row.eu_page_id) pages[i]! += 1
    batch.rows.push(row)
  }
  // A full batch does not know it is the last (usageBatches' rule): the walk goes on after its last page.
  for (const [i, batch] of batches.entries()) if (pages[i]! >= pagesPerBatch) batch.throughPageId = batch.rows[batch.rows.length - 1]!.eu_page_id
  return batches
}
