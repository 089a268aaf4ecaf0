import { DEFAULT_SITE_RULES } from './site-rules.js'
import { importSitesFrom, loadSites, type SiteDatabase, type SiteWriteOptions, type SiteWriteReport } from './site-store.js'
import type { Site } from './site.js'

/**
 * The client's sites after taking the source's (the repo's) sites (RFC point 9): global
 * fields (type, group, source, language, data and the protocol/domain derived from it)
 * come from the source; local fields — forward, config and the local prefixes — stay as the
 * client has them. A site new to the client starts with forward off, empty config and no
 * prefix (an unprefixed site, RFC point 8). Client sites the source lacks are not touched.
 */
export function mergeSyncedSites (local: readonly Site[], source: readonly Site[]): Site[] {
  const mine = new Map(local.map(site => [site.globalId, site]))
  return source.map(({ internalId: _theirs, ...theirs }) => {
    const existing = mine.get(theirs.globalId)
    return {
      ...theirs,
      forward: existing?.forward ?? false,
      config: existing?.config ?? {},
      interwikiIds: existing?.interwikiIds ?? [],
      navigationIds: existing?.navigationIds ?? []
    }
  })
}

/**
 * Brings the target's sites in line with the source's, in one transaction on the target.
 * The group is a global field, so the groups the source's sites use are accepted (a site
 * matrix gives each special wiki a group of its own); every other rule applies as on any
 * write: a source row with, say, a `javascript:` page path is refused, or reported and
 * skipped with `onInvalidSite`.
 */
export async function syncSites (source: SiteDatabase, target: SiteDatabase, options: SiteWriteOptions = {}): Promise<SiteWriteReport> {
  const theirs = await loadSites(source)
  const rules = options.rules ?? DEFAULT_SITE_RULES
  const knownGroups = new Set([...rules.knownGroups, ...theirs.map(site => site.group)])
  return await importSitesFrom(target, mine => mergeSyncedSites(mine, theirs), { ...options, rules: { ...rules, knownGroups } })
}
