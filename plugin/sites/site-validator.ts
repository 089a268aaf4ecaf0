import { isSiteGlobalId } from '../../hooks/ids.js'
import {
  DuplicateSiteError, InvalidSiteGlobalIdError, InvalidSiteIdentifierError, InvalidSiteLanguageError,
  InvalidSitePathError, SiteIdentifierTakenError, UnknownSiteGroupError
} from './site-errors.js'
import { PATH_FILE, PATH_LINK, PATH_PAGE, PATH_PLACEHOLDER, getPath } from './site-paths.js'
import { SITE_TYPE_MEDIAWIKI, SITE_TYPE_UNKNOWN, identifiersOf, type Site, type SiteIdentifierType } from './site.js'
import type { SiteRules } from './site-rules.js'
import { siteUrlProblem } from './site-url-policy.js'

const IDENTIFIER = /^[^\s:]{1,32}$/u
const LANGUAGE = /^[A-Za-z0-9-]{0,32}$/

/** Path types whose `$1` is checked, by site type; other (custom) types keep their data unchecked. */
const CHECKED_PATHS: Readonly<Record<string, readonly string[]>> = {
  [SITE_TYPE_MEDIAWIKI]: [PATH_PAGE, PATH_FILE],
  [SITE_TYPE_UNKNOWN]: [PATH_LINK]
}

/** Path types that become hrefs (a site's link path is `link` or `page_path`): URLs of site-url-policy.ts only, for every site type. */
const URL_PATHS: readonly string[] = [PATH_LINK, PATH_PAGE, PATH_FILE]

/** Throws the typed error for the first thing wrong with the site. */
export function validateSite (site: Site, rules: SiteRules): void {
  if (!isSiteGlobalId(site.globalId)) throw new InvalidSiteGlobalIdError(site.globalId)
  if (!rules.knownGroups.has(site.group)) throw new UnknownSiteGroupError(site.globalId, site.group, [...rules.knownGroups])
  if (!LANGUAGE.test(site.language)) throw new InvalidSiteLanguageError(site.globalId, site.language)
  for (const pathType of URL_PATHS) {
    const path = getPath(site, pathType)
    if (path === null) continue
    if (typeof path !== 'string') throw new InvalidSitePathError(site.globalId, pathType, String(path), 'is not a string')
    const problem = siteUrlProblem(path)
    if (problem !== null) throw new InvalidSitePathError(site.globalId, pathType, path, problem)
  }
  for (const pathType of (Object.hasOwn(CHECKED_PATHS, site.type) ? CHECKED_PATHS[site.type]! : [])) {
    const path = getPath(site, pathType)
    if (path === null) continue
    if (!rules.allowPathsWithoutPlaceholder && !path.includes(PATH_PLACEHOLDER)) {
      throw new InvalidSitePathError(site.globalId, pathType, path, `has no ${PATH_PLACEHOLDER} placeholder`)
    }
  }
  for (const type of ['interwiki', 'equivalent'] as const) {
    for (const key of identifiersOf(site, type)) {
      if (!IDENTIFIER.test(key)) throw new InvalidSiteIdentifierError(site.globalId, type, key)
    }
  }
}

/** A batch must name each site once. */
export function checkUniqueGlobalIds (sites: readonly Site[]): void {
  const seen = new Set<string>()
  for (const site of sites) {
    if (seen.has(site.globalId)) throw new DuplicateSiteError(site.globalId, 'input')
    seen.add(site.globalId)
  }
}

/**
 * Each local prefix maps to exactly one site (site_identifiers' primary key (type, key)).
 * `sites` is the registry as it would be after the write; `claimants` are the sites being
 * written, so the error names the site that tried to take a prefix another one holds.
 */
export function checkIdentifierOwners (sites: Iterable<Site>, claimants: ReadonlySet<string>): void {
  const owners = new Map<string, string>()
  const ordered = [...sites].sort((a, b) => Number(claimants.has(a.globalId)) - Number(claimants.has(b.globalId)))
  for (const site of ordered) {
    for (const type of ['interwiki', 'equivalent'] as SiteIdentifierType[]) {
      for (const key of identifiersOf(site, type)) {
        const owner = owners.get(`${type}\u0000${key}`)
        if (owner !== undefined && owner !== site.globalId) throw new SiteIdentifierTakenError(type, key, owner, site.globalId)
        owners.set(`${type}\u0000${key}`, site.globalId)
      }
    }
  }
}
