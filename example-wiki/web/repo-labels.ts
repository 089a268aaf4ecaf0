import { languageFallbackChain } from '../../plugin/language/language-fallback.js'
import { termWithFallback } from './language-names.js'

/** Labels looked up for one client page, at most, and per request (wbgetentities' limit for a non-bot). */
const MAX_LOOKUPS = 200
const IDS_PER_REQUEST = 50
const TIMEOUT_MS = 2000

/**
 * Client: labels of repo entities in the client's language with fallback, read from the
 * repo's action API over HTTP (`wbgetentities`, as a client knows its repo by URL; Wikibase
 * reads the repo's term store). An entity the repo does not answer for gets no label: the
 * page shows its id.
 */
export async function repoLabels (repoBaseUrl: string | null, ids: Iterable<string>, language: string): Promise<Map<string, string>> {
  const labels = new Map<string, string>()
  if (repoBaseUrl === null) return labels
  const unique = [...new Set(ids)].filter(id => /^[QP][1-9][0-9]*$/.test(id)).slice(0, MAX_LOOKUPS)
  const batches: string[][] = []
  for (let i = 0; i < unique.length; i += IDS_PER_REQUEST) batches.push(unique.slice(i, i + IDS_PER_REQUEST))
  await Promise.all(batches.map(async batch => {
    const query = new URLSearchParams({
      action: 'wbgetentities', ids: batch.join('|'), props: 'labels', languages: languageFallbackChain(language).join('|'), format: 'json'
    })
    try {
      const response = await fetch(`${repoBaseUrl.replace(/\/$/, '')}/w/api.php?${query.toString()}`, { signal: AbortSignal.timeout(TIMEOUT_MS) })
      if (!response.ok) return
      const body = await response.json() as { entities?: Record<string, { labels?: Record<string, { value?: unknown }> }> }
      for (const [id, entity] of Object.entries(body?.entities ?? {})) {
        const label = termWithFallback(entity?.labels ?? {}, language)?.value.value
        if (typeof label === 'string') labels.set(id, label)
      }
    } catch {
      // Unreachable repo or a bad answer: the ids are shown.
    }
  }))
  return labels
}
