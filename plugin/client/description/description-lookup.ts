import type { EntityId, PageId } from '../../../hooks/ids.js'
import { parseEntityId } from '../../../hooks/ids.js'
import { entityMap } from '../../changes/wikibase-entity.js'
import type { RepoReader } from '../../repo-reader/repo-reader.js'
import { LOCAL_SHORT_DESC_PROP } from '../hooks/short-desc-handler.js'

/**
 * Page descriptions (Wikibase's client/includes/Store/DescriptionLookup.php): what a page is
 * about, in its content language, short enough for a search dropdown — the page's own
 * `{{SHORTDESC:…}}` (`local`) or the description of its connected item in the page's content
 * language, without fallback (`central`).
 */
export type DescriptionSource = 'local' | 'central'

/** The page prop of the connected item (PagePropsEntityIdLookup). */
export const CONNECTED_ITEM_PROP = 'wikibase_item'

export interface PageDescription {
  description: string
  source: DescriptionSource
}

/**
 * The sources to try, in order (client Api/Description::execute): with `allowLocalShortDesc`
 * the preferred one first and the other as fallback; without it only `central`, whatever was
 * preferred (asking for `local` is allowed anyway, "to make clients' life easier").
 */
export function descriptionSources (allowLocalShortDesc: boolean, prefer: DescriptionSource): DescriptionSource[] {
  if (!allowLocalShortDesc) return ['central']
  return prefer === 'local' ? ['local', 'central'] : ['central', 'local']
}

/**
 * DescriptionLookup::getDescriptions over what was read: for each page, in the order given,
 * the description of the first source that has one; pages with none are left out.
 */
export function pickDescriptions (
  pageIds: readonly PageId[],
  sources: readonly DescriptionSource[],
  found: Readonly<Record<DescriptionSource, ReadonlyMap<PageId, string>>>
): Map<PageId, PageDescription> {
  const out = new Map<PageId, PageDescription>()
  for (const pageId of pageIds) {
    for (const source of sources) {
      const description = found[source].get(pageId)
      if (description !== undefined) { out.set(pageId, { description, source }); break }
    }
  }
  return out
}

/** A page asked about: its id and content language. */
export interface DescribedPage {
  id: PageId
  contentLanguage: string
}

/** What the lookup reads: the host's page props and the repo. */
export interface DescriptionLookupDeps {
  /** Values of the named page props of these pages (MediaWiki's PageProps::getProperties); pages without any are absent. */
  pageProperties: (ids: PageId[], names: string[]) => Promise<Map<PageId, Record<string, string>>>
  repo: Pick<RepoReader, 'loadEntity'>
}

/** The descriptions of `pages` from `sources` (read once each), in the order of `pages`. */
export async function lookupDescriptions (
  deps: DescriptionLookupDeps,
  pages: readonly DescribedPage[],
  sources: readonly DescriptionSource[]
): Promise<Map<PageId, PageDescription>> {
  const ids = pages.map(page => page.id)
  if (ids.length === 0) return new Map()
  const props = await deps.pageProperties(ids, [LOCAL_SHORT_DESC_PROP, CONNECTED_ITEM_PROP])
  const local = new Map<PageId, string>()
  const central = new Map<PageId, string>()
  if (sources.includes('local')) {
    for (const [id, values] of props) if (values[LOCAL_SHORT_DESC_PROP] !== undefined) local.set(id, values[LOCAL_SHORT_DESC_PROP])
  }
  if (sources.includes('central')) {
    for (const page of pages) {
      const itemId = connectedItemOf(props.get(page.id))
      if (itemId === null) continue
      const result = await deps.repo.loadEntity(itemId)
      if (result.status !== 'found') continue
      const term = entityMap(result.entity.descriptions)[page.contentLanguage]
      if (term !== undefined) central.set(page.id, term.value)
    }
  }
  return pickDescriptions(ids, sources, { local, central })
}

function connectedItemOf (props: Record<string, string> | undefined): EntityId | null {
  const value = props?.[CONNECTED_ITEM_PROP]
  if (value === undefined) return null
  try { return parseEntityId(value) } catch { return null }
}
