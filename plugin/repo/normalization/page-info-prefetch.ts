import type { Site } from '../../sites/site.js'
import type { SitePageInfo, SitePageInfoLookup } from './site-page-info-lookup.js'

/**
 * Client page lookups kept out of the edit's transaction. The lookup is an HTTP request to
 * another wiki (up to its timeout per batch); made inside the transaction it would hold the
 * entity's row lock all that time. So an edit first works out its result with no
 * transaction open (as the REST patch pre-apply does) and normalizes it with `fetching`,
 * which asks the clients and keeps their answers; the transaction then normalizes with
 * `cached`, which answers from those only. A title not asked yet (the entity changed in
 * between) throws `PageInfoNeeded`: the transaction rolls back, the titles are fetched and
 * it runs again (withPrefetchedPageInfo). A title the client did not answer for is kept as
 * unanswered and left out of answers, as the lookup itself does.
 */
export class PageInfoNeeded extends Error {
  constructor () {
    super('client page information is needed before the edit can be saved')
    this.name = 'PageInfoNeeded'
  }
}

export class PageInfoPrefetch {
  readonly #fetch: SitePageInfoLookup
  /** Answers by site, then title; null: asked, not answered. */
  readonly #known = new Map<string, Map<string, SitePageInfo | null>>()
  readonly #wanted = new Map<string, { site: Site, titles: Set<string> }>()

  constructor (fetch: SitePageInfoLookup) {
    this.#fetch = fetch
  }

  /** Asks the client and keeps its answers (no transaction open). */
  readonly fetching: SitePageInfoLookup = async (site, titles) => {
    const answers = await this.#fetch(site, titles)
    const known = this.#known.get(site.globalId) ?? new Map<string, SitePageInfo | null>()
    for (const title of titles) known.set(title, answers.get(title) ?? null)
    this.#known.set(site.globalId, known)
    return answers
  }

  /** Answers kept so far only; `strict`: a title never asked throws PageInfoNeeded (after noting every such title). */
  cached (strict: boolean): SitePageInfoLookup {
    return async (site, titles) => {
      const known = this.#known.get(site.globalId)
      const result = new Map<string, SitePageInfo>()
      let missed = false
      for (const title of titles) {
        const info = known?.get(title)
        if (info !== undefined && info !== null) result.set(title, info)
        if (info !== undefined || !strict) continue
        missed = true
        const wanted = this.#wanted.get(site.globalId) ?? { site, titles: new Set<string>() }
        wanted.titles.add(title)
        this.#wanted.set(site.globalId, wanted)
      }
      if (missed) throw new PageInfoNeeded()
      return result
    }
  }

  /** Asks the clients about the titles a run missed (no transaction open). */
  async fetchMissing (): Promise<void> {
    const wanted = [...this.#wanted.values()]
    this.#wanted.clear()
    await Promise.all(wanted.map(async ({ site, titles }) => { await this.fetching(site, [...titles]) }))
  }
}

/**
 * An edit whose client lookups happen outside its transaction: `prepare` (no transaction;
 * its errors are ignored, the transaction meets them again) asks about what the edit is
 * expected to link, then `attempt` runs the transaction with the cached answers; a run that
 * needs titles not asked yet is rolled back and retried after fetching them. Each run needs
 * only the titles of the sitelinks it changes, so few runs suffice; the last of `maxRuns`
 * treats titles never asked as unanswered rather than retry again.
 */
export async function withPrefetchedPageInfo<T> (
  fetch: SitePageInfoLookup | undefined,
  prepare: (lookup: SitePageInfoLookup) => Promise<unknown>,
  attempt: (lookup: SitePageInfoLookup | undefined) => Promise<T>,
  maxRuns = 3
): Promise<T> {
  if (fetch === undefined) return await attempt(undefined)
  const prefetch = new PageInfoPrefetch(fetch)
  try {
    await prepare(prefetch.fetching)
  } catch {
    // The edit would fail the same way in its transaction, which reports it.
  }
  for (let run = 1; ; run++) {
    try {
      return await attempt(prefetch.cached(run < maxRuns))
    } catch (error) {
      if (!(error instanceof PageInfoNeeded)) throw error
      await prefetch.fetchMissing()
    }
  }
}
