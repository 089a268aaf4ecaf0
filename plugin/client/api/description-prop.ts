import type { PageId } from '../../../hooks/ids.js'
import {
  descriptionSources, lookupDescriptions, type DescribedPage, type DescriptionLookupDeps, type DescriptionSource
} from '../description/description-lookup.js'

/**
 * Action API `action=query&prop=description` of a client (Wikibase's client/includes/Api/Description.php,
 * prefix `desc`): each existing page of the page set gets `description` and `descriptionsource`
 * (`local` or `central`) when it has one. `descprefersource` (default `local`) says which source
 * to try first when the wiki allows local descriptions; `desccontinue` (default 0) is the
 * position in the page set to go on from: at most 500 pages (5000 with `apihighlimits`) are
 * described per call, and when more are left the answer continues with
 * `desccontinue = position + limit`.
 */
export const DESCRIPTION_PROP_PARAMS = {
  desccontinue: { type: 'integer' },
  descprefersource: { type: ['local', 'central'] }
} as const

/** ApiBase::LIMIT_BIG1 and LIMIT_BIG2. */
export const DESCRIPTION_LIMIT = 500
export const DESCRIPTION_LIMIT_HIGH = 5000

export interface DescriptionPropRequest {
  /** The existing pages of the page set, in its order. */
  pages: readonly DescribedPage[]
  /** `desccontinue` (absent: 0). Negative values count as 0. */
  continueFrom?: number
  /** `descprefersource` (absent: `local`). */
  prefer?: DescriptionSource
  /** The caller holds `apihighlimits`. */
  highLimits?: boolean
}

export interface DescriptionPropSettings {
  allowLocalShortDesc: boolean
}

export interface DescriptionPropAnswer {
  /** Fields to add to each page, by page id. */
  fields: Map<PageId, { description: string, descriptionsource: DescriptionSource }>
  /** `{ desccontinue }` when pages are left for the next call. */
  continueWith?: { desccontinue: string }
}

/** The window of the page set this call describes, and where the next call continues (null: done). */
export function descriptionWindow<T> (pages: readonly T[], continueFrom: number, limit: number): { pages: T[], next: number | null } {
  const from = Math.max(0, continueFrom)
  return { pages: pages.slice(from, from + limit), next: from + limit < pages.length ? from + limit : null }
}

export async function describePages (
  deps: DescriptionLookupDeps,
  settings: DescriptionPropSettings,
  request: DescriptionPropRequest
): Promise<DescriptionPropAnswer> {
  const limit = request.highLimits === true ? DESCRIPTION_LIMIT_HIGH : DESCRIPTION_LIMIT
  const window = descriptionWindow(request.pages, request.continueFrom ?? 0, limit)
  const found = await lookupDescriptions(deps, window.pages, descriptionSources(settings.allowLocalShortDesc, request.prefer ?? 'local'))
  const fields: DescriptionPropAnswer['fields'] = new Map()
  for (const [id, { description, source }] of found) fields.set(id, { description, descriptionsource: source })
  return window.next === null ? { fields } : { fields, continueWith: { desccontinue: String(window.next) } }
}
