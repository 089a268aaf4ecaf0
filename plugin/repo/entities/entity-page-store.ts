import { tableName, type Queryable, type WikiDatabase } from '../../db/wiki-database.js'
import type { EntityId } from '../../../hooks/ids.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/**
 * Entity pages as the action API's page set and `list=allpages` see them: an entity page
 * exists while the entity is not deleted and has a revision or is a redirect. Titles sort as
 * MediaWiki's page_title does, byte-wise (`COLLATE "C"`: Q1 < Q10 < Q2).
 */
export interface EntityPage {
  entityId: EntityId
  type: string
  pageId: number
  redirect: boolean
}

interface PageRow { entity_id: string, entity_type: string, entity_page_id: string, entity_redirect_target: string | null }

const EXISTS = 'NOT entity_deleted AND (entity_latest_rev > 0 OR entity_redirect_target IS NOT NULL)'
const toPage = (row: PageRow): EntityPage => ({
  entityId: row.entity_id as EntityId, type: row.entity_type, pageId: Number(row.entity_page_id), redirect: row.entity_redirect_target !== null
})

/** The existing entity pages with these page ids (ids that are none are left out). */
export async function entityPagesByPageIds (client: Queryable, db: Db, pageIds: readonly number[]): Promise<EntityPage[]> {
  if (pageIds.length === 0) return []
  const { rows } = await client.query<PageRow>(
    `SELECT entity_id, entity_type, entity_page_id, entity_redirect_target FROM ${tableName(db, 'wb_entities')}
      WHERE entity_page_id = ANY($1::bigint[]) AND entity_page_id > 0 AND ${EXISTS}`, [pageIds])
  return rows.map(toPage)
}

export interface EntityPageListing {
  type: string
  /** Titles (entity ids) from this one on, in the listing's direction. */
  from?: string
  /** Titles up to this one. */
  to?: string
  prefix?: string
  redirects: 'all' | 'redirects' | 'nonredirects'
  descending: boolean
  limit: number
}

/** Existing entity pages of one type in title order (MediaWiki's ApiQueryAllPages over page_title). */
export async function listEntityPages (client: Queryable, db: Db, listing: EntityPageListing): Promise<EntityPage[]> {
  const where = ['entity_type = $1', EXISTS]
  const values: unknown[] = [listing.type]
  const add = (sql: string, value: unknown): void => { values.push(value); where.push(sql.replace('?', `$${values.length}`)) }
  const [lower, upper] = listing.descending ? ['<=', '>='] : ['>=', '<=']
  if (listing.from !== undefined) add(`entity_id COLLATE "C" ${lower} ?`, listing.from)
  if (listing.to !== undefined) add(`entity_id COLLATE "C" ${upper} ?`, listing.to)
  if (listing.prefix !== undefined && listing.prefix !== '') add('starts_with(entity_id, ?)', listing.prefix)
  if (listing.redirects === 'redirects') where.push('entity_redirect_target IS NOT NULL')
  if (listing.redirects === 'nonredirects') where.push('entity_redirect_target IS NULL')
  values.push(listing.limit)
  const { rows } = await client.query<PageRow>(
    `SELECT entity_id, entity_type, entity_page_id, entity_redirect_target FROM ${tableName(db, 'wb_entities')}
      WHERE ${where.join(' AND ')} ORDER BY entity_id COLLATE "C" ${listing.descending ? 'DESC' : 'ASC'} LIMIT $${values.length}`, values)
  return rows.map(toPage)
}
