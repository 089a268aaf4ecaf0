import type { WikiDatabase } from '../../db/wiki-database.js'
import { pageUrl } from '../../sites/site-page-url.js'
import { getSite, loadSites } from '../../sites/site-store.js'
import type { Site } from '../../sites/site.js'

/**
 * The read-only `url` of REST sitelinks: the page's URL on its site, from the site's link
 * path (Site::getPageUrl, as Wikibase's SitelinkSerializer shows it). A site without a link
 * path gives no URL, and the sitelink is shown without `url` (a documented deviation: the
 * spec's output always has one, Wikibase's sites always have a path).
 */
export interface RestSitelinkOut { title: string, badges: string[], url?: string }

/** The sites of `ids` (one query: by id for one site, the whole table for more). */
async function sitesOf (db: WikiDatabase, ids: string[]): Promise<Map<string, Site>> {
  if (ids.length === 0) return new Map()
  if (ids.length === 1) {
    const site = await getSite(db, ids[0]!)
    return new Map(site === null ? [] : [[site.globalId as string, site]])
  }
  const wanted = new Set(ids)
  return new Map((await loadSites(db)).filter(site => wanted.has(site.globalId)).map(site => [site.globalId as string, site]))
}

export async function withSitelinkUrls (
  db: WikiDatabase, sitelinks: Record<string, { title: string, badges?: string[] }>
): Promise<Record<string, RestSitelinkOut>> {
  const sites = await sitesOf(db, Object.keys(sitelinks))
  return Object.fromEntries(Object.entries(sitelinks).map(([siteId, link]) => {
    const site = sites.get(siteId)
    const url = site === undefined ? null : pageUrl(site, link.title)
    return [siteId, { title: link.title, badges: link.badges ?? [], ...(url === null ? {} : { url }) }]
  }))
}
