import type { EntityDiffChangedAspects } from '../../changes/entity-diff-changed-aspects.js'
import type { PageRef } from '../../../hooks/contract.js'
import { STATEMENT_WITH_QUAL_OR_REF_USAGE, type EntityUsage } from '../usage/entity-usage.js'

/**
 * Which repo changes become recentchanges rows on a client (client setting `recentChangesFilter`).
 *
 * - `all` — Wikibase's code as it stands (client/includes/Changes/ChangeHandler.php,
 *   handleChange): every page a change affects gets a row, whichever aspect matched. A
 *   qualifier/reference-only statement change (the compact diff's `statementChangesQualOrRefOnly`,
 *   lib/packages/wikibase/changes/src/EntityDiffChangedAspects.php) already affects only pages
 *   that use `CQR` of that property (AffectedPagesFinder::getChangedAspects), but those pages
 *   get a row.
 * - `skipQualOrRefOnly` — what Wikimedia did in 2025 for Wikipedia's recentchanges (meta
 *   "Wikidata For Wikimedia Projects/Reduce change propagation noise", T400698, phase 1
 *   T401286: qualifier and reference edits are to stop reaching client recentchanges, where
 *   Wikidata rows outnumbered local edits 2.3–7×). That page turns the tracking of those edits
 *   off (for now), so pages are not re-rendered either; here the page is still purged and
 *   re-rendered (its content stays right) and only the recentchanges row is left out: a page
 *   gets no row when every usage by which the change affects it is a `CQR` usage that only
 *   qualifier/reference/rank changes matched.
 */
export const RECENT_CHANGES_FILTERS = ['all', 'skipQualOrRefOnly'] as const
export type RecentChangesFilter = (typeof RECENT_CHANGES_FILTERS)[number]

export interface RecentChangeFilterSettings {
  injectRecentChanges: boolean
  /** Absent reads as `all` (Wikibase's behaviour). */
  recentChangesFilter?: RecentChangesFilter
}

/** What the rule needs of a change: its action and compact diff. */
export interface RecentChangeFilterChange {
  /** `add`, `update`, `remove`, `restore`; absent counts as an update. */
  action?: string
  compactDiff: EntityDiffChangedAspects
}

/**
 * A usage the change matched only through qualifier/reference-only statement changes:
 * `CQR.P` where P changed only in qualifiers, references or rank (a property whose main value
 * also changed in another statement is in the excluding list and does not count), or bare
 * `CQR` when no statement's main value changed at all.
 */
export function isQualOrRefOnlyUsage (usage: EntityUsage, diff: EntityDiffChangedAspects): boolean {
  if (usage.aspect !== STATEMENT_WITH_QUAL_OR_REF_USAGE) return false
  const mainValueChanges = diff.statementChangesExcludingQualOrRefOnlyChanges
  const qualOrRefOnly = diff.statementChangesQualOrRefOnly
  if (usage.modifier === null) return mainValueChanges.length === 0 && qualOrRefOnly.length > 0
  return qualOrRefOnly.includes(usage.modifier) && !mainValueChanges.includes(usage.modifier)
}

/** The change touches nothing but qualifiers, references or ranks of statements. */
export function isQualOrRefOnlyChange (diff: EntityDiffChangedAspects): boolean {
  return diff.statementChangesQualOrRefOnly.length > 0 &&
    diff.statementChangesExcludingQualOrRefOnlyChanges.length === 0 &&
    diff.labelChanges.length === 0 && diff.descriptionChanges.length === 0 && diff.aliasChanges.length === 0 &&
    Object.keys(diff.siteLinkChanges).length === 0 && !diff.otherChanges
}

/**
 * Whether the page gets a recentchanges row for the change. `pageUsages`: the usages by which
 * the change affects the page (AffectedPagesFinder's, after the aspect transformer); unknown or
 * empty (a page a `change:affectedPages` hook added) falls back to the change as a whole.
 * Deletions and restorations always get a row: they change everything the page reads.
 */
export function shouldInjectRecentChange (
  change: RecentChangeFilterChange, pageUsages: readonly EntityUsage[] | undefined, settings: RecentChangeFilterSettings
): boolean {
  if (!settings.injectRecentChanges) return false
  if ((settings.recentChangesFilter ?? 'all') === 'all') return true
  if (change.action === 'remove' || change.action === 'restore') return true
  if (pageUsages === undefined || pageUsages.length === 0) return !isQualOrRefOnlyChange(change.compactDiff)
  return !pageUsages.every(usage => isQualOrRefOnlyUsage(usage, change.compactDiff))
}

/**
 * The pages of a batch that get a row. Without the change (a caller that does not tell it) the
 * rule cannot judge, and every page gets one.
 */
export function recentChangePages (
  pages: readonly PageRef[],
  usages: ReadonlyMap<number, readonly EntityUsage[]> | undefined,
  change: RecentChangeFilterChange | undefined,
  settings: RecentChangeFilterSettings
): PageRef[] {
  if (change === undefined) return settings.injectRecentChanges ? [...pages] : []
  return pages.filter(page => shouldInjectRecentChange(change, usages?.get(page.id), settings))
}
