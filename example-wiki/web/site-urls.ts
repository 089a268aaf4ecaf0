import { fillPlaceholder } from '../../plugin/sites/site-page-url.js'
import { PATH_PLACEHOLDER } from '../../plugin/sites/site-paths.js'
import { isAllowedSiteUrl } from '../../plugin/sites/site-url-policy.js'
import { phpTrim, wfUrlencode } from '../../plugin/sites/title-encoding.js'
import { callPlugin } from './plugin-api.js'
import type { KnownSite } from './sitelink-groups.js'
import type { UiContext } from './ui-context.js'

/**
 * The URL of `title` on a site with this page path, as the plugin builds it (site-page-url.ts:
 * MediaWiki's wfUrlencode of the trimmed title with underscores, `$1` replaced verbatim); null
 * for a path that is not an http(s) or protocol-relative URL (a row written around the
 * validator) or has no `$1`.
 */
export function pageUrlOf (pagePath: string, title: string): string | null {
  if (!isAllowedSiteUrl(pagePath) || !pagePath.includes(PATH_PLACEHOLDER)) return null
  return fillPlaceholder(pagePath, wfUrlencode(phpTrim(title).replaceAll(' ', '_')))
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
