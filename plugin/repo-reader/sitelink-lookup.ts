import { tableName, type WikiDatabase, type Queryable } from '../db/wiki-database.js'
import type { EntityId } from '../../hooks/ids.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/** The item linked to a page of a site (the repo's `wb_items_per_site`), or null. */
export async function itemIdForSiteLink (client: Queryable, db: Db, site: string, title: string): Promise<EntityId | null> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT ips_item_id AS id FROM ${tableName(db, 'wb_items_per_site')} WHERE ips_site_id = $1 AND ips_site_page = $2`, [site, title])
  return rows[0] === undefined ? null : `Q${rows[0].id}` as EntityId
}
