import { callPlugin } from './plugin-api.js'
import type { KnownSite } from './sitelink-groups.js'
import type { UiContext } from './ui-context.js'

/** wfUrlencode: percent-encoding that keeps the characters MediaWiki leaves readable in page URLs. */
export function wikiUrlencode (title: string): string {
  return encodeURIComponent(title.replaceAll(' ', '_')).replace(/%(3A|2F|3B|40|24|21|2A|28|29|2C|7E)/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

/** A site's page path with `$1` replaced verbatim (MediaWiki's str_replace, not a regex replacement). */
export function pageUrlOf (pagePath: string, title: string): string | null {
  if (!pagePath.includes('$1')) return null
  return pagePath.split('$1').join(wikiUrlencode(title))
}

interface SiteRow { globalId: string, group: string, language: string, linkPath?: string | null, paths?: Record<string, string>, interwikiIds?: string[] }

/** The sites of this wiki's sites table (the plugin's GET /wikibase/sites), by global id and by interwiki prefix. */
export async function knownSites (ctx: UiContext): Promise<{ byId: Map<string, KnownSite>, byInterwiki: Map<string, KnownSite & { siteId: string }> }> {
  const got = await callPlugin<{ sites: SiteRow[] }>(ctx.app, 'GET', `${ctx.routePrefix}/wikibase/sites`)
  const byId = new Map<string, KnownSite>()
  const byInterwiki = new Map<string, KnownSite & { siteId: string }>()
  if (got.status !== 200 || !Array.isArray(got.body?.sites)) return { byId, byInterwiki }
  for (const row of got.body.sites) {
    const path = row.paths?.page_path ?? row.linkPath ?? ''
    const site: KnownSite = { group: row.group ?? '', language: row.language ?? '', pageUrl: title => path === '' ? null : pageUrlOf(path, title) }
    byId.set(row.globalId, site)
    for (const prefix of row.interwikiIds ?? []) byInterwiki.set(prefix.toLowerCase(), { ...site, siteId: row.globalId })
  }
  return { byId, byInterwiki }
}
