import type { ClientBase } from 'pg'
import { tableName, type WikiDatabase } from '../../db/wiki-database.js'
import type { EntityUsageRow } from '../usage/entity-usage-row.js'

export interface UsageBatch {
  rows: EntityUsageRow[]
  /** Page ids of this batch lie in (afterPageId, throughPageId]; null: the last batch. */
  afterPageId: number
  throughPageId: number | null
}

/**
 * The usages of `entityId` with one of `aspects` (null: with any aspect), a batch of whole pages at a time in page
 * order (keyset paging), so an entity used on a million pages needs bounded memory.
 */
export async function * usageBatches (
  q: ClientBase, db: Pick<WikiDatabase, 'dataSchema'>, entityId: string, aspects: readonly string[] | null, pagesPerBatch: number
): AsyncGenerator<UsageBatch> {
  const usage = tableName(db, 'wbc_entity_usage')
  let after = 0
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
