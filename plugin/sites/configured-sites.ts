import { InvalidOptionError } from '../errors.js'
import { newMediaWikiSite, type MediaWikiSiteInput } from './mediawiki-site-input.js'
import { InvalidSiteError } from './site-errors.js'
import { DEFAULT_SITE_RULES } from './site-rules.js'
import { importSitesFrom, type SiteDatabase } from './site-store.js'
import { validateSite } from './site-validator.js'
import type { Site } from './site.js'

/**
 * The sites the options name — this wiki, its repo, the clients a repo dispatches to — so that
 * a sitelink to a configured client, or a wiki that is both repo and client linking to itself,
 * works without a separate `sites import` (issue 23). Each is a MediaWiki site (Wikibase's
 * sites table rows are, for wikis of a farm) with what its option gives: group, language,
 * page and file path; nothing else is guessed from the site id.
 */
export interface ConfiguredSite {
  /** The option that describes the site (`site`, `repo`, `clients.0`), for error messages. */
  option: string
  input: MediaWikiSiteInput
}

/** The sites, validated as the sites store would; a bad one is an InvalidOptionError naming its option. */
export function configuredSites (described: readonly ConfiguredSite[]): Site[] {
  const sites = new Map<string, Site>()
  for (const { option, input } of described) {
    if (sites.has(input.globalId)) continue
    try {
      const site = newMediaWikiSite(input)
      validateSite(site, DEFAULT_SITE_RULES)
      sites.set(site.globalId, site)
    } catch (error) {
      if (!(error instanceof InvalidSiteError)) throw error
      throw new InvalidOptionError(option, `does not describe a valid site: ${error.message}`)
    }
  }
  return [...sites.values()]
}

/**
 * Adds the configured sites the registry lacks, in one transaction; a site already there
 * (imported by the operator, `sites add`, or an earlier start) is left as it is. Two
 * processes starting at once may both try to add a site: the loser's write fails on the
 * unique global id and is retried once, then finds the site there.
 */
export async function registerConfiguredSites (db: SiteDatabase, sites: readonly Site[]): Promise<number> {
  if (sites.length === 0) return 0
  const missing = (current: Site[]): Site[] => {
    const known = new Set(current.map(site => site.globalId))
    return sites.filter(site => !known.has(site.globalId))
  }
  try {
    return (await importSitesFrom(db, missing)).added
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error
    return (await importSitesFrom(db, missing)).added
  }
}
