import type { HostServices } from '../../../hooks/contract.js'
import type { SitePageInfo, SitePageInfoLookup } from './site-page-info-lookup.js'

/**
 * The host's own answer first, then the client's api.php. A host that runs the client wikis
 * itself (a farm) answers from their databases with `sitePageInfo`; for a site it does not
 * serve (`undefined`) the fallback — the HTTP lookup of Wikibase's MediaWikiPageNameNormalizer
 * (mediawiki core includes/site/MediaWikiPageNameNormalizer.php) — asks. A host service that
 * throws is treated as "not served" too: a lookup never throws (SitePageInfoLookup), and the
 * fallback or the refusal of unconfirmed pages keeps the sitelink checked.
 */
export function hostFirstPageInfoLookup (
  host: HostServices['sitePageInfo'], fallback: SitePageInfoLookup | undefined
): SitePageInfoLookup | undefined {
  if (host === undefined) return fallback
  return async (site, titles) => {
    let answers: Map<string, SitePageInfo> | undefined
    try {
      answers = await host(site.globalId, titles)
    } catch {
      answers = undefined
    }
    if (answers !== undefined) return onlyAsked(answers, titles)
    return fallback === undefined ? new Map() : await fallback(site, titles)
  }
}

/** The host's entries for the titles asked, each a well-formed answer; anything else is dropped (unanswered). */
function onlyAsked (answers: Map<string, SitePageInfo>, titles: readonly string[]): Map<string, SitePageInfo> {
  const result = new Map<string, SitePageInfo>()
  if (!(answers instanceof Map)) return result
  for (const title of titles) {
    const info = answers.get(title)
    if (info === undefined || info === null || typeof info.exists !== 'boolean') continue
    const target = typeof info.redirectTarget === 'string' && info.redirectTarget !== '' ? info.redirectTarget : null
    result.set(title, { exists: info.exists, redirectTarget: target })
  }
  return result
}
