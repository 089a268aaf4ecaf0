import { pageUrl } from '../../sites/site-page-url.js'
import type { SiteLookup } from '../../sites/site-lookup.js'

/**
 * The read-only `url` of REST sitelinks: the page's URL on its site, from the site's link
 * path (Site::getPageUrl, as Wikibase's SitelinkSerializer shows it). A site without a link
 * path gives no URL, and the sitelink is shown without `url` (a documented deviation: the
 * spec's output always has one, Wikibase's sites always have a path).
 */
export interface RestSitelinkOut { title: string, badges: string[], url?: string }

export async function withSitelinkUrls (
  sites: Pick<SiteLookup, 'getSite'>, sitelinks: Record<string, { title: string, badges?: string[] }>
): Promise<Record<string, RestSitelinkOut>> {
  const known = new Map(await Promise.all(Object.keys(sitelinks).map(async id => [id, await sites.getSite(id)] as const)))
  return Object.fromEntries(Object.entries(sitelinks).map(([siteId, link]) => {
    const site = known.get(siteId) ?? null
    const url = site === null ? null : pageUrl(site, link.title)
    return [siteId, { title: link.title, badges: link.badges ?? [], ...(url === null ? {} : { url }) }]
  }))
}
