import type { HostServices, HostSitePageInfo } from '../hooks/contract.js'
import type { Wiki } from './engine/wiki-engine.js'

/**
 * The repo's `sitePageInfo` in the farm: the farm runs every client wiki's engine in this
 * process, so the repo asks the client's own host services (`pageIdsForTitles`,
 * `pageRedirectTargets`) rather than its api.php, which a client-only wiki does not serve.
 * A redirect is followed one step, as MediaWiki's `action=query&redirects` does for
 * Wikibase's MediaWikiPageNameNormalizer; `exists` is then whether the target exists.
 * A site the farm does not run is `undefined` (the plugin asks over HTTP).
 */
export function farmSitePageInfo (wikis: () => ReadonlyMap<string, Wiki>): NonNullable<HostServices['sitePageInfo']> {
  return async (siteId, titles) => {
    const wiki = wikis().get(siteId)
    if (wiki === undefined) return undefined
    const services = wiki.host.services
    const ids = await services.pageIdsForTitles([...titles])
    const targets = await services.pageRedirectTargets?.([...ids.values()]) ?? new Map()
    const targetIds = await services.pageIdsForTitles([...new Set(targets.values())])
    const result = new Map<string, HostSitePageInfo>()
    for (const title of titles) {
      const id = ids.get(title)
      const target = id === undefined ? undefined : targets.get(id)
      if (id === undefined) result.set(title, { exists: false, redirectTarget: null })
      else if (target === undefined) result.set(title, { exists: true, redirectTarget: null })
      else result.set(title, { exists: targetIds.has(target), redirectTarget: target })
    }
    return result
  }
}
