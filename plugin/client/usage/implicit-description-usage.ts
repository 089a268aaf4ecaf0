import type { EntityId } from '../../../hooks/ids.js'
import { DESCRIPTION_USAGE, newEntityUsage, sortedUniqueUsages, splitAspectKey, type AspectKey, type EntityUsage } from './entity-usage.js'
import { mergeUsagesByPage, type UsagesByPage } from './entity-usage-row.js'
import type { PageId } from '../../../hooks/ids.js'

/**
 * A local page connected to an item by the item's sitelink for this wiki, as far as implicit
 * description usage cares (ImplicitDescriptionUsageLookup, facts §4.6).
 */
export interface ConnectedPage {
  itemId: EntityId
  /** The local page the sitelink title resolves to; null when that title does not exist. */
  pageId: PageId | null
  /** The page's content language. */
  contentLanguage: string
  /** Whether the page sets a local short description. */
  hasLocalShortDescription: boolean
}

export interface ImplicitDescriptionUsageSettings {
  /** `enableImplicitDescriptionUsage` (default false): off → every function here is the identity. */
  enableImplicitDescriptionUsage: boolean
  /** `allowLocalShortDesc` (default false): a page with a local short description then uses none. */
  allowLocalShortDesc: boolean
}

/**
 * The implicit usage `D.<content language>` of the connected item, or null when the page does
 * not exist, the feature is off, or a local short description takes its place.
 */
export function implicitDescriptionUsage (page: ConnectedPage, settings: ImplicitDescriptionUsageSettings): EntityUsage | null {
  if (!settings.enableImplicitDescriptionUsage || page.pageId === null) return null
  if (settings.allowLocalShortDesc && page.hasLocalShortDescription) return null
  return newEntityUsage(page.itemId, DESCRIPTION_USAGE, page.contentLanguage)
}

/**
 * `getUsagesForPage`: the stored usages of a page plus the implicit one when it is connected
 * (`connected` null: not connected). Sorted by identity string.
 */
export function usagesForPageWithImplicitDescription (
  stored: readonly EntityUsage[],
  connected: ConnectedPage | null,
  settings: ImplicitDescriptionUsageSettings
): EntityUsage[] {
  const implicit = connected === null ? null : implicitDescriptionUsage(connected, settings)
  return sortedUniqueUsages(implicit === null ? stored : [...stored, implicit])
}

/**
 * Which content languages a `getPagesUsing` aspect list asks about: `'all'` when the list is
 * empty or has a bare `D`, the `D.xx` modifiers otherwise, and null when it asks about no
 * description at all (then the stored result passes through untouched).
 */
export function requestedDescriptionLanguages (aspects: readonly AspectKey[]): 'all' | ReadonlySet<string> | null {
  if (aspects.length === 0) return 'all'
  const languages = new Set<string>()
  let any = false
  for (const key of aspects) {
    const [aspect, modifier] = splitAspectKey(key)
    if (aspect !== DESCRIPTION_USAGE) continue
    if (modifier === null) return 'all'
    any = true
    languages.add(modifier)
  }
  return any ? languages : null
}

/**
 * `getPagesUsing(entityIds, aspects)`: the stored lookup result for those entities plus the
 * implicit description usages of their connected pages (added to returned pages, or new pages
 * for connected pages that were not returned). `connectedPages` are the local pages connected
 * to the requested items. Pages whose content language was not asked about and connected
 * titles that do not exist locally are skipped. Page ids ascending.
 */
export function pagesUsingWithImplicitDescription (
  stored: UsagesByPage,
  aspects: readonly AspectKey[],
  connectedPages: readonly ConnectedPage[],
  settings: ImplicitDescriptionUsageSettings
): Map<PageId, EntityUsage[]> {
  const languages = requestedDescriptionLanguages(aspects)
  if (!settings.enableImplicitDescriptionUsage || languages === null) return mergeUsagesByPage(stored)
  const implicit: Array<[PageId, EntityUsage[]]> = []
  for (const page of connectedPages) {
    if (page.pageId === null) continue
    if (languages !== 'all' && !languages.has(page.contentLanguage)) continue
    const usage = implicitDescriptionUsage(page, settings)
    if (usage !== null) implicit.push([page.pageId, [usage]])
  }
  return mergeUsagesByPage(stored, implicit)
}
