import type { EntityId } from '../../../hooks/ids.js'
import type { EntityDiffChangedAspects } from '../../changes/entity-diff-changed-aspects.js'
import type { SiteGlobalId } from '../../../hooks/ids.js'
import { getChangedAspects, localTitleChange } from './changed-aspects.js'
import { ALL_USAGE, SITELINK_USAGE, TITLE_USAGE, newEntityUsage, type AspectKey, type EntityUsage } from '../usage/entity-usage.js'
import { mergeUsagesByPage, usagesByPageFromRows, type EntityUsageRow, type UsagesByPage } from '../usage/entity-usage-row.js'
import type { PageId } from '../../../hooks/ids.js'
import { transformPageEntityUsages, type RelevantAspects } from '../usage/usage-aspect-transformer.js'

/** What AffectedPagesFinder needs to know of a change. */
export interface AffectedPagesChange {
  entityId: EntityId
  /** An ItemChange (entity type item): only those get virtual sitelink usages. */
  isItemChange: boolean
  compactDiff: EntityDiffChangedAspects
  /** The change's action (`add`, `update`, `remove`, `restore`); absent counts as an update. */
  action?: string
}

/**
 * Everything derived from the change alone, computed once per change and handed to each batch
 * (AffectedPagesFinder::getAffectedUsagesByPage, facts §4.4).
 */
export interface AffectedPagesQuery {
  entityId: EntityId
  /** getChangedAspects: the relevant aspects of the change. */
  changedAspects: AspectKey[]
  /**
   * Aspect keys to pass to the usage lookup: changedAspects ++ `X` (exact match on `eu_aspect`);
   * null: every usage of the entity (a removal or restoration).
   */
  lookupAspects: AspectKey[] | null
  /**
   * The local site's old and new page titles of the sitelink change (non-null, distinct), to be
   * resolved to page ids for the virtual usages; empty unless an item change with aspect `T`.
   */
  sitelinkTitles: string[]
}

/** Usages of the lookup, folded per page, or the raw rows (folded here). */
export type LookupUsages = UsagesByPage | Iterable<EntityUsageRow>

/**
 * Beyond Wikibase (whose getChangedAspects reads the diff only): a `remove` (deletion, or the
 * entity became a redirect) or `restore` change affects every aspect (`X`), so every page
 * using the entity is refreshed — a redirect of an empty item, or the deletion of an item a
 * page reads a property it lacks, has an empty diff but changes what the page reads (it now
 * follows the redirect, or the entity is missing). Issue 16 item 2.
 */
function isWholeEntityChange (action: string | undefined): boolean {
  return action === 'remove' || action === 'restore'
}

export function planAffectedPagesQuery (change: AffectedPagesChange, localSiteId: SiteGlobalId): AffectedPagesQuery {
  const diffAspects = getChangedAspects(change.compactDiff, localSiteId)
  const localChange = localTitleChange(change.compactDiff, localSiteId)
  const sitelinkTitles = change.isItemChange && diffAspects.includes(TITLE_USAGE) && localChange !== null
    ? [...new Set([localChange[0], localChange[1]].filter((title): title is string => title !== null))]
    : []
  if (isWholeEntityChange(change.action)) return { entityId: change.entityId, changedAspects: [ALL_USAGE], lookupAspects: null, sitelinkTitles }
  return { entityId: change.entityId, changedAspects: diffAspects, lookupAspects: [...diffAspects, ALL_USAGE], sitelinkTitles }
}

/**
 * Step 2 for one batch of lookup results: each page's usages filtered by the changed aspects
 * (UsageAspectTransformer); usages of other entities and pages with nothing left drop out.
 */
export function affectedUsagesOfPages (query: AffectedPagesQuery, usages: LookupUsages): Map<PageId, EntityUsage[]> {
  const byPage = usages instanceof Map ? usages as UsagesByPage : usagesByPageFromRows(usages as Iterable<EntityUsageRow>)
  const relevant: RelevantAspects = new Map([[query.entityId, query.changedAspects]])
  const result = new Map<PageId, EntityUsage[]>()
  for (const [pageId, pageUsages] of byPage) {
    const filtered = transformPageEntityUsages(relevant, pageUsages)
    if (filtered.length > 0) result.set(pageId, filtered)
  }
  return mergeUsagesByPage(result)
}

/**
 * Step 3, virtual usages: the pages the local sitelink pointed to before and after the change
 * each get an `S` usage of the entity, recorded or not. `resolvedTitles` maps the query's
 * `sitelinkTitles` to local page ids; an absent title, an invalid one or id 0 (missing page)
 * is skipped.
 */
export function virtualUsagesByPage (query: AffectedPagesQuery, resolvedTitles: ReadonlyMap<string, number>): Map<PageId, EntityUsage[]> {
  const result = new Map<PageId, EntityUsage[]>()
  for (const title of query.sitelinkTitles) {
    const pageId = resolvedTitles.get(title)
    if (pageId === undefined || !Number.isSafeInteger(pageId) || pageId < 1) continue
    result.set(pageId as PageId, [newEntityUsage(query.entityId, SITELINK_USAGE)])
  }
  return mergeUsagesByPage(result)
}

/**
 * The virtual usages that belong to a batch of pages with ids in `(afterPageId, throughPageId]`;
 * `throughPageId` null for the last batch (no upper bound). Batches must hold whole pages in
 * ascending page id order (page through distinct `eu_page_id`s, not through rows), so each
 * virtual page is merged into exactly one batch.
 */
export function virtualUsagesInRange (virtual: UsagesByPage, afterPageId: number, throughPageId: number | null): Map<PageId, EntityUsage[]> {
  return mergeUsagesByPage([...virtual].filter(([pageId]) => pageId > afterPageId && (throughPageId === null || pageId <= throughPageId)))
}

/** Step 4: drop pages that no longer exist locally. */
export function keepExistingPages (usagesByPage: UsagesByPage, existingPages: ReadonlySet<PageId>): Map<PageId, EntityUsage[]> {
  return mergeUsagesByPage([...usagesByPage].filter(([pageId]) => existingPages.has(pageId)))
}

export interface AffectedPagesBatch {
  /** Lookup results for the pages of this batch. */
  usages: LookupUsages
  /** Virtual usages of the whole change ({@link virtualUsagesByPage}). */
  virtual: UsagesByPage
  /** Exclusive lower bound of the batch's page ids (0 for the first batch). */
  afterPageId: number
  /** Inclusive upper bound of the batch's page ids; null for the last batch. */
  throughPageId: number | null
  /** Which of the batch's pages (and of the virtual pages in its range) still exist. */
  existingPages: ReadonlySet<PageId>
}

/**
 * One batch of getAffectedUsagesByPage, for callers streaming the usages of an entity used on
 * very many pages: steps 2–4 restricted to the batch's page range. The union of all batches
 * equals {@link getAffectedUsagesByPage} over all pages.
 */
export function affectedUsagesOfBatch (query: AffectedPagesQuery, batch: AffectedPagesBatch): Map<PageId, EntityUsage[]> {
  const merged = mergeUsagesByPage(
    affectedUsagesOfPages(query, batch.usages),
    virtualUsagesInRange(batch.virtual, batch.afterPageId, batch.throughPageId)
  )
  return keepExistingPages(merged, batch.existingPages)
}

export interface AffectedPagesInput {
  change: AffectedPagesChange
  localSiteId: SiteGlobalId
  /** What the usage lookup returned for (entity, lookupAspects). */
  usages: LookupUsages
  /** The query's sitelink titles → local page id (0 or absent: no such page). */
  resolvedTitles: ReadonlyMap<string, number>
  /** Pages that still exist. */
  existingPages: ReadonlySet<PageId>
}

/**
 * AffectedPagesFinder::getAffectedUsagesByPage in one go (facts §4.4): page id → the usages
 * touched by the change, page ids ascending, usages sorted by identity string.
 */
export function getAffectedUsagesByPage (input: AffectedPagesInput): Map<PageId, EntityUsage[]> {
  const query = planAffectedPagesQuery(input.change, input.localSiteId)
  return affectedUsagesOfBatch(query, {
    usages: input.usages,
    virtual: virtualUsagesByPage(query, input.resolvedTitles),
    afterPageId: 0,
    throughPageId: null,
    existingPages: input.existingPages
  })
}
