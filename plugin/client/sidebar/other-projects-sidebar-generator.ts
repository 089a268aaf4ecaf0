import type { OtherProjectLink } from '../../../hooks/contract.js'
import type { SiteLinkList } from '../../changes/wikibase-entity.js'
import { pageUrl } from '../../sites/site-page-url.js'
import type { Site } from '../../sites/site.js'
import type { BadgeInfo } from './sidebar-link-badge-display.js'

/**
 * The "In other projects" links of a connected page (Wikibase's OtherProjectsSidebarGenerator,
 * client/includes/Hooks/OtherProjectsSidebarGenerator.php): the item's sitelinks to the sites
 * in `siteIdsToOutput`, each with the message key and classes of its site group, its page URL,
 * `hreflang` from the site's language and its badges; sorted by site group, then global id.
 * Sites unknown to the sites table, or without a usable page URL, are left out.
 */
export async function otherProjectsSidebar (
  sitelinks: SiteLinkList,
  siteIdsToOutput: readonly string[],
  siteOf: (globalId: string) => Promise<Site | null>,
  badgesOf: (badges: readonly string[]) => Promise<BadgeInfo>
): Promise<OtherProjectLink[]> {
  const links: OtherProjectLink[] = []
  for (const [siteId, sitelink] of Object.entries(sitelinks)) {
    if (!siteIdsToOutput.includes(siteId)) continue
    const site = await siteOf(siteId)
    if (site === null) continue
    const href = pageUrl(site, sitelink.title)
    if (href === null) continue
    const link: OtherProjectLink = {
      siteId: site.globalId,
      group: site.group,
      msg: `wikibase-otherprojects-${site.group}`,
      class: `wb-otherproject-link wb-otherproject-${site.group}`,
      href,
      title: sitelink.title
    }
    if (site.language !== '') link.hreflang = site.language
    const badges = await badgesOf(sitelink.badges)
    if (badges.class !== '') {
      link.class += ` ${badges.class}`
      link.itemTitle = badges.label
    }
    links.push(link)
  }
  return links.sort((a, b) => compare(a.group, b.group) || compare(a.siteId, b.siteId))
}

const compare = (a: string, b: string): number => a < b ? -1 : a > b ? 1 : 0
