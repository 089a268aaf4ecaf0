import type { ClientBase } from 'pg'
import { tableName, type WikiDatabase, type Queryable } from '../../db/wiki-database.js'
import { numericIdOf, type EntityId } from '../../../hooks/ids.js'
import { entityMap, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import { SitelinkConflictError, UnknownSiteError } from './entity-errors.js'

/**
 * `wb_items_per_site` (facts §1.4): one row per sitelink of each item's latest revision.
 * Updated by difference only; a (site, page) already linked from another item is refused
 * with SitelinkConflictError naming that item.
 */
type Db = Pick<WikiDatabase, 'dataSchema'>

export interface SiteLinkRow { site: string, title: string }

/** The (site, title) pairs of an item (none for other entity types or no entity). */
export function siteLinkRowsOf (entity: WikibaseEntity | null): SiteLinkRow[] {
  if (entity === null || entity.type !== 'item') return []
  return Object.entries(entityMap(entity.sitelinks)).map(([site, link]) => ({ site, title: link.title }))
}

/** Rows to delete and to insert to go from `before` to `after` (a changed title is both). */
export function siteLinkRowChanges (before: SiteLinkRow[], after: SiteLinkRow[]): { remove: SiteLinkRow[], add: SiteLinkRow[] } {
  const key = (row: SiteLinkRow): string => `${row.site}\u0000${row.title}`
  const beforeKeys = new Set(before.map(key))
  const afterKeys = new Set(after.map(key))
  return {
    remove: before.filter(row => !afterKeys.has(key(row))),
    add: after.filter(row => !beforeKeys.has(key(row)))
  }
}

/** The global ids among `sites` that the sites table does not have. */
export async function unknownSites (client: Queryable, db: Db, sites: string[]): Promise<string[]> {
  if (sites.length === 0) return []
  const { rows } = await client.query<{ key: string }>(
    `SELECT site_global_key AS key FROM ${tableName(db, 'sites')} WHERE site_global_key = ANY($1::text[])`, [sites])
  const known = new Set(rows.map(r => r.key))
  return [...new Set(sites)].filter(site => !known.has(site))
}

/** Throws UnknownSiteError for the first sitelink of `entity` whose site is unknown. */
export async function assertKnownSites (client: Queryable, db: Db, entity: WikibaseEntity): Promise<void> {
  const unknown = await unknownSites(client, db, siteLinkRowsOf(entity).map(row => row.site))
  if (unknown[0] !== undefined) throw new UnknownSiteError(unknown[0])
}

/** The sitelink rows of an item, ordered by site. */
export async function siteLinksOfItem (client: Queryable, db: Db, itemId: EntityId): Promise<SiteLinkRow[]> {
  const { rows } = await client.query<{ site: string, title: string }>(
    `SELECT ips_site_id AS site, ips_site_page AS title FROM ${tableName(db, 'wb_items_per_site')} WHERE ips_item_id = $1 ORDER BY ips_site_id`,
    [numericIdOf(itemId)])
  return rows
}

/**
 * Brings the item's rows from `before` to `after` (either may be null: creation, deletion).
 * Conflicts are checked before any row is touched; a conflict that appears concurrently is
 * caught by the unique index and reported the same way (the caller's transaction is then
 * unusable and must roll back, which it does by throwing).
 */
export async function syncItemSiteLinks (
  tx: ClientBase, db: Db, itemId: EntityId, before: WikibaseEntity | null, after: WikibaseEntity | null
): Promise<{ removed: number, added: number }> {
  const { remove, add } = siteLinkRowChanges(siteLinkRowsOf(before), siteLinkRowsOf(after))
  const numericId = numericIdOf(itemId)
  const table = tableName(db, 'wb_items_per_site')
  if (add.length > 0) {
    const { rows } = await tx.query<{ site: string, title: string, item: string }>(
      `SELECT ips_site_id AS site, ips_site_page AS title, ips_item_id AS item FROM ${table}
        WHERE (ips_site_id, ips_site_page) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND ips_item_id <> $3
        ORDER BY ips_site_id LIMIT 1`,
      [add.map(r => r.site), add.map(r => r.title), numericId])
    if (rows[0] !== undefined) throw new SitelinkConflictError(rows[0].site, rows[0].title, `Q${rows[0].item}`)
  }
  if (remove.length > 0) {
    await tx.query(
      `DELETE FROM ${table} WHERE ips_item_id = $1 AND (ips_site_id, ips_site_page) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [numericId, remove.map(r => r.site), remove.map(r => r.title)])
  }
  if (add.length > 0) {
    try {
      await tx.query(
        `INSERT INTO ${table} (ips_item_id, ips_site_id, ips_site_page) SELECT $1, * FROM unnest($2::text[], $3::text[])`,
        [numericId, add.map(r => r.site), add.map(r => r.title)])
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error
      const detail = /\(ips_site_id, ips_site_page\)=\((.*), (.*)\)/.exec((error as { detail?: string }).detail ?? '')
      throw new SitelinkConflictError(detail?.[1] ?? add[0]!.site, detail?.[2] ?? add[0]!.title, 'another item (saved concurrently)')
    }
  }
  return { removed: remove.length, added: add.length }
}
