/** How long the page view waits for the repo's answer. */
const TIMEOUT_MS = 2000

export interface ShownDescription {
  text: string
  source: 'local' | 'central'
}

/**
 * Client: the description shown under a page's title, as Wikipedia's apps and mobile site show
 * it — the page's own `{{SHORTDESC:…}}` (page prop `wikibase-shortdesc`) when the wiki allows
 * local descriptions, else the description of the connected item (page prop `wikibase_item`)
 * in the page's language, read from the repo's action API over HTTP as repo-labels.ts reads
 * labels (the order of `prop=description` with its default `descprefersource=local`). Null when
 * there is none or the repo does not answer.
 */
export async function pageDescription (
  props: ReadonlyMap<string, string>,
  o: { allowLocalShortDesc: boolean, repoBaseUrl: string | null, language: string }
): Promise<ShownDescription | null> {
  const local = props.get('wikibase-shortdesc')
  if (o.allowLocalShortDesc && local !== undefined && local !== '') return { text: local, source: 'local' }
  const itemId = props.get('wikibase_item')
  if (itemId === undefined || !/^Q[1-9][0-9]{0,9}$/.test(itemId) || o.repoBaseUrl === null) return null
  const query = new URLSearchParams({ action: 'wbgetentities', ids: itemId, props: 'descriptions', languages: o.language, format: 'json' })
  try {
    const response = await fetch(`${o.repoBaseUrl.replace(/\/$/, '')}/w/api.php?${query.toString()}`, { signal: AbortSignal.timeout(TIMEOUT_MS) })
    if (!response.ok) return null
    const body = await response.json() as { entities?: Record<string, { descriptions?: Record<string, { value?: unknown }> }> }
    const value = body?.entities?.[itemId]?.descriptions?.[o.language]?.value
    return typeof value === 'string' && value !== '' ? { text: value, source: 'central' } : null
  } catch {
    // Unreachable repo or a bad answer: no description.
    return null
  }
}
