import { newSite, type Site } from './site.js'

/**
 * populateSitesTable's `--site-group`: every site of the importing wiki's own group gets its
 * language code as interwiki id and as navigation (language link) id, besides the ids it has.
 * Sites of other groups, and sites without a language, are returned as they are.
 */
export function withLanguagePrefixes (sites: readonly Site[], siteGroup: string | undefined): Site[] {
  if (siteGroup === undefined) return [...sites]
  return sites.map(site => site.group !== siteGroup || site.language === ''
    ? site
    : newSite({
      ...site,
      interwikiIds: [...site.interwikiIds, site.language],
      navigationIds: [...site.navigationIds, site.language]
    }))
}
