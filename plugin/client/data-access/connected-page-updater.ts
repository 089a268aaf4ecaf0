import { entityMap, type SiteLinkList } from '../../changes/wikibase-entity.js'
import type { ParserOutput } from '../../../hooks/contract.js'
import type { EntityId } from '../../../hooks/ids.js'
import { languageFallbackChain } from '../../language/language-fallback.js'
import { pageUrl } from '../../sites/site-page-url.js'
import type { Site } from '../../sites/site.js'
import { otherProjectsSidebar } from '../sidebar/other-projects-sidebar-generator.js'
import { otherProjectsSiteIds } from '../sidebar/other-projects-sites-generator.js'
import { badgeInfo, type BadgeInfo } from '../sidebar/sidebar-link-badge-display.js'
import type { ClientParseSession } from './client-parse-session.js'
import { noExternalLangLinks, suppressRepoLinks } from '../hooks/no-lang-link-handler.js'

/** Sites by global id, as the wiki's SiteLookup answers. */
export interface SiteSource {
  getSite: (globalId: string) => Promise<Site | null>
  /** All sites (for the default other-projects sites); without it the box needs `otherProjectsLinks`. */
  getSites?: () => Promise<readonly Site[]>
}

/** Page prop of `__EXPECTED_UNCONNECTED_PAGE__` (Wikibase's magic word id `EXPECTED_UNCONNECTED_PAGE`). */
export const EXPECTED_UNCONNECTED_PAGE_PROP = 'expectedUnconnectedPage'
/** Page prop of a page that should be connected but is not; Special:UnconnectedPages lists these. */
export const UNEXPECTED_UNCONNECTED_PAGE_PROP = 'unexpectedUnconnectedPage'

/** Marks an output the connected-page update ran on, so it is done once per parse. */
const CONNECTED_PAGE_DONE_KEY = 'wikibase-connected-page-done'
/** Page props of the page's own sitelink badges (ClientParserOutputDataUpdater::updateBadgesProperty). */
export const BADGE_PAGE_PROP_PREFIX = 'wikibase-badge-'

/**
 * The language links of a connected page (LangLinkHandler): the item's sitelinks to other
 * sites of this wiki's site group (all known sites when this wiki is not in the sites table),
 * with the URL and language the sites table gives; sites without a page URL are left out.
 * Ordered by site id. With `badgesOf`, a link with badges gets their class and title
 * (LanguageLinkBadgeDisplay::attachBadgesToOutput).
 */
export async function languageLinksOf (
  sitelinks: SiteLinkList, ownSiteId: string, sites: SiteSource, badgesOf?: (badges: readonly string[]) => Promise<BadgeInfo>
): Promise<ParserOutput['languageLinks']> {
  const own = await sites.getSite(ownSiteId)
  const links: ParserOutput['languageLinks'] = []
  for (const siteId of Object.keys(sitelinks).sort()) {
    if (siteId === ownSiteId) continue
    const site = await sites.getSite(siteId)
    if (site === null || (own !== null && site.group !== own.group)) continue
    const { title, badges } = sitelinks[siteId]!
    const url = pageUrl(site, title)
    if (url === null) continue
    const link: ParserOutput['languageLinks'][number] = { siteId, title, url, language: site.language }
    if (badgesOf !== undefined && badges.length > 0) {
      const info = await badgesOf(badges)
      link.class = info.class
      link.itemTitle = info.label
    }
    links.push(link)
  }
  return links
}

/**
 * A badge item's label in the parse's language or its fallbacks, untracked: Wikibase reads
 * badge labels with a plain LabelDescriptionLookup, so a badge's label change re-renders
 * nothing (SidebarLinkBadgeDisplay).
 */
async function badgeLabel (session: ClientParseSession, badge: string): Promise<string | null> {
  const result = await session.lookup.peekEntity(badge as EntityId)
  if (result.status !== 'found') return null
  const labels = entityMap(result.entity.labels)
  for (const language of languageFallbackChain(session.language)) {
    const label = labels[language]
    if (label !== undefined) return label.value
  }
  return null
}

/**
 * ClientParserOutputDataUpdater for a page connected to an item by this wiki's sitelink
 * (facts §5.7): page prop `wikibase_item`, usage `S` of the item (it covers the badges, the
 * language links and the other-projects links), a page prop `wikibase-badge-<id>` (value '')
 * per badge of the page's own sitelink, its other sitelinks as language links with their
 * badges, less those `{{noexternallanglinks:…}}` suppressed, and the "In other projects" links. An unconnected page of a
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
  // Called without sites at LinksUpdateComplete (host without ContentAlterParserOutput): the
  // page's props are written by then, only the usage counts.
  if (sites === null) return
  const result = await session.lookup.peekEntity(itemId)
  if (result.status !== 'found') return
  const sitelinks = entityMap(result.entity.sitelinks)
  for (const badge of sitelinks[session.config.siteId]?.badges ?? []) output.pageProps.set(`${BADGE_PAGE_PROP_PREFIX}${badge}`, '')
  const classNames = session.config.settings.badgeClassNames ?? {}
  const badgesOf = async (badges: readonly string[]): Promise<BadgeInfo> => await badgeInfo(badges, classNames, async badge => await badgeLabel(session, badge))
  const links = suppressRepoLinks(await languageLinksOf(sitelinks, session.config.siteId, sites, badgesOf), noExternalLangLinks(output))
  const present = new Set(output.languageLinks.map(link => link.siteId))
  for (const link of links) if (!present.has(link.siteId)) output.languageLinks.push(link)
  const configured = session.config.settings.otherProjectsLinks ?? []
  const siteIds = configured.length > 0 ? configured : otherProjectsSiteIds(session.config.siteId, await sites.getSites?.() ?? [])
  output.otherProjects = await otherProjectsSidebar(sitelinks, siteIds, async id => await sites.getSite(id), badgesOf)
}
