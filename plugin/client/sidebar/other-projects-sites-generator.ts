import type { Site } from '../../sites/site.js'

/**
 * The sites the "In other projects" box links to when the client setting `otherProjectsLinks`
 * is empty (Wikibase's OtherProjectsSitesGenerator, client/includes/OtherProjectsSitesGenerator.php):
 * for each site group but this wiki's own, the group's only site, or else its site in this
 * wiki's language. Wikibase takes the groups from the client's `siteLinkGroups`; this plugin
 * has no such setting and takes every group of the sites table (but `none`), in name order.
 * Without this wiki in the sites table: none.
 */
export function otherProjectsSiteIds (localSiteId: string, sites: readonly Site[]): string[] {
  const local = sites.find(site => site.globalId === localSiteId)
  if (local === undefined) return []
  const groups = [...new Set(sites.map(site => site.group))].filter(group => group !== local.group && group !== 'none').sort()
  const ids: string[] = []
  for (const group of groups) {
    const members = sites.filter(site => site.group === group)
    const chosen = members.length === 1 ? members[0] : members.find(site => site.language === local.language)
    if (chosen !== undefined) ids.push(chosen.globalId)
  }
  return ids
}
