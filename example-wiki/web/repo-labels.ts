import { REST_BASE } from './plugin-api.js'
import { termWithFallback } from './language-names.js'

/** Labels looked up for one client page, at most. */
const MAX_LOOKUPS = 100
const TIMEOUT_MS = 2000

/**
 * Client: labels of repo entities in the client's language with fallback, read from the
 * repo's REST API over HTTP (a client knows its repo by URL; Wikibase reads the repo's term
 * store). An entity the repo does not answer for gets no label: the page shows its id.
 */
export async function repoLabels (repoBaseUrl: string | null, ids: Iterable<string>, language: string): Promise<Map<string, string>> {
  const labels = new Map<string, string>()
  if (repoBaseUrl === null) return labels
  const unique = [...new Set(ids)].filter(id => /^[QP][1-9][0-9]*$/.test(id)).slice(0, MAX_LOOKUPS)
  await Promise.all(unique.map(async id => {
    try {
      const response = await fetch(`${repoBaseUrl.replace(/\/$/, '')}${REST_BASE}/entities/${id.startsWith('P') ? 'properties' : 'items'}/${id}/labels`, { signal: AbortSignal.timeout(TIMEOUT_MS) })
      if (!response.ok) return
      const body = await response.json() as unknown
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return
      const label = termWithFallback(body as Record<string, unknown>, language)
      if (typeof label?.value === 'string') labels.set(id, label.value)
    } catch {
      // Unreachable repo or bad answer: the id is shown.
    }
  }))
  return labels
}
