import { autonymOf } from './language-names.js'

/**
 * Sitelinks by site group, as SiteLinksView shows an item's sitelinks: one section per group
 * in the repo's `siteLinkGroups` order (Wikidata's: wikipedia, wikibooks, wikinews, wikiquote,
 * wikisource, wikiversity, wikivoyage, wiktionary, then "special" for the single wikis such
 * as Commons), links sorted by site id. A site the sites table knows gives its group,
 * language and page URL; a site it does not know (entities imported with --no-site-check)
 * is placed by its global id's project suffix and shown without a link.
 */
export interface KnownSite { group: string, language: string, pageUrl: (title: string) => string | null }

export interface SitelinkEntry {
  siteId: string
  language: string
  languageName: string
  title: string
  url: string | null
  badges: Array<{ id: string, label: string }>
}

export interface SitelinkGroup { group: string, heading: string, links: SitelinkEntry[] }

export const SITE_LINK_GROUPS = ['wikipedia', 'wikibooks', 'wikinews', 'wikiquote', 'wikisource', 'wikiversity', 'wikivoyage', 'wiktionary', 'special'] as const

const HEADINGS: Readonly<Record<string, string>> = {
  wikipedia: 'Wikipedia', wikibooks: 'Wikibooks', wikinews: 'Wikinews', wikiquote: 'Wikiquote', wikisource: 'Wikisource',
  wikiversity: 'Wikiversity', wikivoyage: 'Wikivoyage', wiktionary: 'Wiktionary', special: 'Other sites'
}

/** Wikimedia's single-project wikis (SiteMatrix "specials") that Wikidata files under "special". */
const SPECIAL_WIKIS = new Set([
  'commonswiki', 'specieswiki', 'metawiki', 'mediawikiwiki', 'wikidatawiki', 'sourceswiki', 'wikimaniawiki', 'outreachwiki', 'foundationwiki',
  'incubatorwiki', 'wikifunctionswiki'
])

const PROJECT_SUFFIX = /^([a-z0-9_]+?)(wiki|wikibooks|wikinews|wikiquote|wikisource|wikiversity|wikivoyage|wiktionary)$/

/** Group and language of a site the sites table does not know, from its global id. */
export function guessSite (siteId: string): { group: string, language: string } {
  if (SPECIAL_WIKIS.has(siteId)) return { group: 'special', language: 'en' }
  const match = PROJECT_SUFFIX.exec(siteId)
  if (match === null) return { group: 'special', language: '' }
  return { group: match[2] === 'wiki' ? 'wikipedia' : match[2]!, language: match[1]!.replaceAll('_', '-') }
}

export function groupSitelinks (
  sitelinks: Readonly<Record<string, { title: string, badges: readonly string[] }>>,
  sites: ReadonlyMap<string, KnownSite>,
  badgeLabel: (id: string) => string
): SitelinkGroup[] {
  const groups = new Map<string, SitelinkEntry[]>()
  for (const siteId of Object.keys(sitelinks).sort()) {
    const link = sitelinks[siteId]!
    const known = sites.get(siteId)
    const { group: siteGroup, language } = known === undefined ? guessSite(siteId) : { group: known.group, language: known.language }
    // Groups outside siteLinkGroups (commons, wikidata, …: Wikidata's specialSiteLinkGroups) share "Other sites".
    const group = (SITE_LINK_GROUPS as readonly string[]).includes(siteGroup) ? siteGroup : 'special'
    const entries = groups.get(group) ?? []
    entries.push({
      siteId,
      language,
      languageName: language === '' ? siteId : autonymOf(language),
      title: link.title,
      url: known?.pageUrl(link.title) ?? null,
      badges: link.badges.map(id => ({ id, label: badgeLabel(id) }))
    })
    groups.set(group, entries)
  }
  const order = (group: string): number => {
    const index = (SITE_LINK_GROUPS as readonly string[]).indexOf(group)
    return index === -1 ? SITE_LINK_GROUPS.length - 1 : index
  }
  return [...groups.entries()]
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([group, links]) => ({ group, heading: HEADINGS[group] ?? group, links }))
}
