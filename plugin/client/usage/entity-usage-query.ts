import { tableName, type WikiDatabase } from '../../db/wiki-database.js'

/**
 * Reading `wbc_entity_usage` for the API (Wikibase's ApiPropsEntityUsage::doQuery and
 * ApiListEntityUsage::doQuery): usages of given pages or of given entities, optionally of
 * given aspects only, ordered by page, entity and aspect, from a continuation row on.
 * Entity ids and aspects order bytewise (COLLATE "C"), as MySQL's binary columns do, so a
 * continuation is the same position whatever the database's collation.
 */
export interface UsageRow { pageId: number, entityId: string, aspect: string }

export interface UsageQuery {
  pageIds?: readonly number[]
  entityIds?: readonly string[]
  /** Whole aspect keys (`S`, `L.en`), matched exactly as Wikibase's addWhereFld does. */
  aspects?: readonly string[]
  /** The first row to give (a continuation), inclusive. */
  from?: UsageRow
  limit: number
}

export async function selectUsages (db: Pick<WikiDatabase, 'pool' | 'dataSchema'>, query: UsageQuery): Promise<UsageRow[]> {
  const where: string[] = []
  const values: unknown[] = []
  const param = (value: unknown): string => { values.push(value); return `$${values.length}` }
  if (query.pageIds !== undefined) where.push(`eu_page_id = ANY(${param(query.pageIds)}::integer[])`)
  if (query.entityIds !== undefined) where.push(`eu_entity_id = ANY(${param(query.entityIds)}::text[])`)
  if (query.aspects !== undefined) where.push(`eu_aspect = ANY(${param(query.aspects)}::text[])`)
  if (query.from !== undefined) {
    const from = [`${param(query.from.pageId)}::integer`, `${param(query.from.entityId)}::text COLLATE "C"`, `${param(query.from.aspect)}::text COLLATE "C"`]
    where.push(`(eu_page_id, eu_entity_id COLLATE "C", eu_aspect COLLATE "C") >= (${from.join(', ')})`)
  }
  const sql = `SELECT eu_page_id, eu_entity_id, eu_aspect FROM ${tableName(db, 'wbc_entity_usage')}
    ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
    ORDER BY eu_page_id, eu_entity_id COLLATE "C", eu_aspect COLLATE "C" LIMIT ${param(query.limit)}`
  const { rows } = await db.pool.query<{ eu_page_id: number, eu_entity_id: string, eu_aspect: string }>(sql, values)
  return rows.map(row => ({ pageId: row.eu_page_id, entityId: row.eu_entity_id, aspect: row.eu_aspect }))
}
