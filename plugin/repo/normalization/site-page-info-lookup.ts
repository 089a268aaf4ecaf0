import type { Site } from '../../sites/site.js'
import { fileUrl } from '../../sites/site-page-url.js'
import { getPath, PATH_FILE } from '../../sites/site-paths.js'

/**
 * What a client site says about its pages: whether each exists and, for a redirect, its
 * target. Wikibase asks the client's api.php (MediaWikiPageNameNormalizer: `action=query`,
 * `titles`, `redirects`); the repo's sitelink normalization uses this interface, so a host
 * may answer from its own database instead.
 */
export interface SitePageInfo {
  exists: boolean
  /** The title the redirect leads to; null for a page that is no redirect. */
  redirectTarget: string | null
}

/** Answers for the titles it could learn about; a title it could not ask about is absent. Never throws. */
export type SitePageInfoLookup = (site: Site, titles: readonly string[]) => Promise<Map<string, SitePageInfo>>

export interface ClientApiLookupOptions {
  /** Milliseconds one request may take (default 2000). */
  timeoutMs?: number
  /** Largest answer read, in bytes (default 256 KiB). */
  maxBytes?: number
  fetch?: typeof globalThis.fetch
}

/** MediaWiki's `titles` takes at most 50 titles a request. */
const MAX_TITLES = 50

interface QueryAnswer {
  query?: {
    normalized?: Array<{ from: string, to: string }>
    redirects?: Array<{ from: string, to: string }>
    pages?: Array<{ title?: string, missing?: boolean, invalid?: boolean }>
  }
}

/** The page records of a formatversion=2 `action=query&titles=…&redirects` answer, by the title asked. */
export function pageInfoFromQuery (answer: unknown, titles: readonly string[]): Map<string, SitePageInfo> {
  const query = (answer as QueryAnswer | null)?.query
  const result = new Map<string, SitePageInfo>()
  if (query === undefined || query === null || typeof query !== 'object') return result
  const normalized = new Map((Array.isArray(query.normalized) ? query.normalized : []).map(n => [n.from, n.to]))
  const redirects = new Map((Array.isArray(query.redirects) ? query.redirects : []).map(r => [r.from, r.to]))
  const pages = new Map((Array.isArray(query.pages) ? query.pages : []).filter(p => typeof p?.title === 'string').map(p => [p.title!, p]))
  for (const asked of titles) {
    const title = normalized.get(asked) ?? asked
    const target = redirects.get(title) ?? null
    const page = pages.get(target ?? title)
    if (page === undefined) continue
    result.set(asked, { exists: page.missing !== true && page.invalid !== true, redirectTarget: target })
  }
  return result
}

/**
 * The lookup over the client's own action API: `<file_path with $1 = api.php>?action=query&
 * titles=…&redirects=1&format=json&formatversion=2`, one GET per 50 titles, a short timeout
 * and a bounded answer. A site without a file path, a failed request or an unreadable answer
 * yields no entries: the caller keeps its local normalization.
 */
export function clientApiPageInfoLookup (options: ClientApiLookupOptions = {}): SitePageInfoLookup {
  const timeoutMs = options.timeoutMs ?? 2000
  const maxBytes = options.maxBytes ?? 256 * 1024
  const fetcher = options.fetch ?? globalThis.fetch
  return async (site, titles) => {
    const result = new Map<string, SitePageInfo>()
    if (getPath(site, PATH_FILE) === null) return result
    let api: string
    try {
      api = fileUrl(site, 'api.php')
    } catch {
      return result
    }
    if (api.startsWith('//')) api = `https:${api}`
    for (let i = 0; i < titles.length; i += MAX_TITLES) {
      const batch = titles.slice(i, i + MAX_TITLES)
      const params = new URLSearchParams({ action: 'query', titles: batch.join('|'), redirects: '1', format: 'json', formatversion: '2' })
      const answer = await getJson(fetcher, `${api}${api.includes('?') ? '&' : '?'}${params.toString()}`, timeoutMs, maxBytes)
      for (const [title, info] of pageInfoFromQuery(answer, batch)) result.set(title, info)
    }
    return result
  }
}

async function getJson (fetcher: typeof globalThis.fetch, url: string, timeoutMs: number, maxBytes: number): Promise<unknown> {
  try {
    const response = await fetcher(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error', headers: { accept: 'application/json' } })
    if (!response.ok || response.body === null) return null
    const reader = response.body.getReader()
    const chunks: Uint8Array[] = []
    let size = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) {
        await reader.cancel()
        return null
      }
      chunks.push(value)
    }
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    return null
  }
}
