import { parseEntityId } from '../../../hooks/ids.js'
import { aspectKeyOf, newEntityUsageFromAspectKey, sortedUniqueUsages, type EntityUsage } from './entity-usage.js'
import { parsePageId, type PageId } from '../../../hooks/ids.js'

/** A `wbc_entity_usage` row without its `eu_row_id` (facts §1.5). */
export interface EntityUsageRow {
  eu_page_id: number
  eu_entity_id: string
  /** Aspect key: `S`, `L.en`, `C.P31`, … */
  eu_aspect: string
}

/** Usages per page, as the usage lookup folds them. */
export type UsagesByPage = ReadonlyMap<PageId, readonly EntityUsage[]>

export function entityUsageToRow (pageId: PageId, usage: EntityUsage): EntityUsageRow {
  return { eu_page_id: pageId, eu_entity_id: usage.entityId, eu_aspect: aspectKeyOf(usage) }
}

/** Validating: a bad entity id, aspect or page id throws a typed error naming the value. */
export function entityUsageFromRow (row: EntityUsageRow): EntityUsage {
  return newEntityUsageFromAspectKey(parseEntityId(row.eu_entity_id), row.eu_aspect)
}

/**
 * Rows folded per page (PageEntityUsages): page ids ascending, each page's usages distinct and
 * sorted by identity string.
 */
export function usagesByPageFromRows (rows: Iterable<EntityUsageRow>): Map<PageId, EntityUsage[]> {
  const byPage = new Map<PageId, EntityUsage[]>()
  for (const row of rows) {
    const pageId = parsePageId(row.eu_page_id)
    const list = byPage.get(pageId)
    if (list === undefined) byPage.set(pageId, [entityUsageFromRow(row)])
    else list.push(entityUsageFromRow(row))
  }
  return normalizeUsagesByPage(byPage)
}

/** Page ids ascending, each page's usages distinct and sorted by identity string. */
export function normalizeUsagesByPage (byPage: Iterable<readonly [PageId, Iterable<EntityUsage>]>): Map<PageId, EntityUsage[]> {
  return new Map([...byPage]
    .sort(([a], [b]) => a - b)
    .map(([pageId, usages]) => [pageId, sortedUniqueUsages(usages)]))
}

/** Union per page of several folds; same ordering as {@link normalizeUsagesByPage}. */
export function mergeUsagesByPage (...folds: Array<Iterable<readonly [PageId, Iterable<EntityUsage>]>>): Map<PageId, EntityUsage[]> {
  const merged = new Map<PageId, EntityUsage[]>()
  for (const fold of folds) {
    for (const [pageId, usages] of fold) {
      const list = merged.get(pageId)
      if (list === undefined) merged.set(pageId, [...usages])
      else list.push(...usages)
    }
  }
  return normalizeUsagesByPage(merged)
}
