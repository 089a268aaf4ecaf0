import { entityMap, type SiteLinkList } from '../../changes/wikibase-entity.js'
import type { ParserOutput } from '../../../hooks/contract.js'
import { pageUrl } from '../../sites/site-page-url.js'
import type { Site } from '../../sites/site.js'
import type { ClientParseSession } from './client-parse-session.js'
import { noExternalLangLinks, suppressRepoLinks } from '../hooks/no-lang-link-handler.js'

/** Sites by global id, as the wiki's SiteLookup answers. */
export interface SiteSource {
  getSite: (globalId: string) => Promise<Site | null>
}

/** Page prop of `__EXPECTED_UNCONNECTED_PAGE__` (Wikibase's magic word id `EXPECTED_UNCONNECTED_PAGE`). */
export const EXPECTED_UNCONNECTED_PAGE_PROP = 'expectedUnconnectedPage'
/** Page prop of a page that should be connected but is not; Special:UnconnectedPages lists these. */
export const UNEXPECTED_UNCONNECTED_PAGE_PROP = 'unexpectedUnconnectedPage'

/** Marks an output the connected-page update ran on, so it is done once per parse. */
const CONNECTED_PAGE_DONE_KEY = 'wikibase-connected-page-done'

/**
 * The language links of a connected page (LangLinkHandler): the item's sitelinks to other
 * sites of this wiki's site group (all known sites when this wiki is not in the sites table),
 * with the URL and language the sites table gives; sites without a page URL are left out.
 * Ordered by site id.
 */
export async function languageLinksOf (sitelinks: SiteLinkList, ownSiteId: string, sites: SiteSource): Promise<ParserOutput['languageLinks']> {
  const own = await sites.getSite(ownSiteId)
  const links: ParserOutput['languageLinks'] = []
  for (const siteId of Object.keys(sitelinks).sort()) {
    if (siteId === ownSiteId) continue
    const site = await sites.getSite(siteId)
    if (site === null || (own !== null && site.group !== own.group)) continue
    const title = sitelinks[siteId]!.title
    const url = pageUrl(site, title)
    if (url === null) continue
    links.push({ siteId, title, url, language: site.language })
  }
  return links
}

/**
 * ClientParserOutputDataUpdater for a page connected to an item by this wiki's sitelink
 * (facts §5.7): page prop `wikibase_item`, usage `S` of the item, and its other sitelinks as
 * language links, less those `{{noexternallanglinks:…}}` suppressed. An unconnected page of a
 * namespace Wikibase serves (main only here) gets `unexpectedUnconnectedPage` = -namespace
 * unless it says `__EXPECTED_UNCONNECTED_PAGE__` (updateUnconnectedPageProperty; Wikibase
 * stores the number, MediaWiki page props are text, so `"0"` for the main namespace, `"-14"`
 * for categories). Runs once per parser output.
 */
export async function updateConnectedPageOutput (session: ClientParseSession, sites: SiteSource | null): Promise<void> {
  const output = session.output
  if (output.extensionData.get(CONNECTED_PAGE_DONE_KEY) === true) return
  output.extensionData.set(CONNECTED_PAGE_DONE_KEY, true)
  const itemId = await session.connectedItemId()
  if (itemId === null) {
    if (session.page.namespace === 0 && !output.pageProps.has(EXPECTED_UNCONNECTED_PAGE_PROP)) {
      output.pageProps.set(UNEXPECTED_UNCONNECTED_PAGE_PROP, String(-session.page.namespace))
    }
    return
  }
  output.pageProps.set('wikibase_item', itemId)
  session.track(itemId, 'S', null)
  if (sites === null) return
  const result = await session.lookup.peekEntity(itemId)
  if (result.status !== 'found') return
  const links = suppressRepoLinks(await languageLinksOf(entityMap(result.entity.sitelinks), session.config.siteId, sites), noExternalLangLinks(output))
  const present = new Set(output.languageLinks.map(link => link.siteId))
  for (const link of links) if (!present.has(link.siteId)) output.languageLinks.push(link)
}
